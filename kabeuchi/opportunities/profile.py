"""The person's own words used for matching, read through the notebook's access functions
(owner only).  Runs for the signed-in person alone; nothing is stored or shown to anyone else."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kabeuchi.notebook import access as notebook
from kabeuchi.opportunities.matching import ProfileText


def profile_for(*, user) -> list[ProfileText]:
    pieces: list[ProfileText] = []
    directions = getattr(notebook, "direction_versions", None)
    if directions:
        latest: dict[str, str] = {}
        for version in directions(user=user):  # newest first
            latest.setdefault(version.kind, version.text)
        labels = {"will": _("your Will"), "can": _("your Can"), "year1": _("your direction"), "year3": _("your direction"), "year5": _("your direction")}
        for kind, text in latest.items():
            if kind in labels and text:
                pieces.append(ProfileText(source=str(labels[kind]), text=text))
    for rows, label, fields in (
        (notebook.skill_list(user=user), _("your skills"), ("name",)),
        # names and descriptions only: no evidence experiences opened for this (a page's few ms)
        (notebook.strength_list(user=user, evidence=False), _("your strengths"), ("name", "description")),
    ):
        for row in rows:
            text = "。".join(str(getattr(row, f, "") or "") for f in fields if getattr(row, f, ""))
            if text:
                pieces.append(ProfileText(source=str(label), text=text))
    for note in notebook.note_list(user=user):
        text = "\n".join(part for part in (note.title, note.body) if part)
        if text:
            pieces.append(ProfileText(source=_("your notes"), text=text))
    return pieces
