"""The notebook's kinds in the my-data registry: export (JSON + Markdown) and deletion."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kabeuchi.core import mydata
from kabeuchi.core.policy import OWNER_ONLY
from kabeuchi.notebook import access, services
from kabeuchi.notebook.models import (
    CheckIn,
    DirectionVersion,
    Experience,
    Goal,
    LearningEntry,
    Note,
    Skill,
    Strength,
    ValueRanking,
)
from kabeuchi.notebook.values import BY_KEY


def _stamp(row) -> dict:
    """The days the row was written and last changed (rows keep no time of day), in Tokyo time,
    so that the first ten characters are the day the person sees."""
    return {"created_at": timezone.localtime(row.created_at).isoformat(),
            "updated_at": timezone.localtime(row.updated_at).isoformat()}


# --- notes ----------------------------------------------------------------------------------
def _notes(user):
    for note in access.note_list(user=user):
        yield mydata.Item(
            kind="notes", id=str(note.pk), title=note.title or note.body[:40], created_at=note.created_at,
            data={"title": note.title, "body": note.body, **_stamp(note)},
        )


def _note_markdown(item: mydata.Item) -> str:
    title = item.data["title"] or _("(untitled)")
    return f"## {title}\n\n_{item.data['created_at'][:10]}_\n\n{item.data['body']}\n"


# --- career notebook ------------------------------------------------------------------------
def _experiences(user):
    for e in access.experience_list(user=user):
        yield mydata.Item(
            kind="experiences", id=str(e.pk), title=e.title, created_at=e.created_at,
            data={
                "title": e.title, "start": e.period.get("start", ""), "end": e.period.get("end", ""),
                "did": e.did, "learned": e.learned, "strengths": [s.name for s in e.strengths.all()], **_stamp(e),
            },
        )


def _experience_markdown(item: mydata.Item) -> str:
    d = item.data
    lines = [f"## {d['title']}", "", f"_{d['start']} – {d['end']}_", ""]
    if d["did"]:
        lines += [f"**{_('What I did')}**", "", d["did"], ""]
    if d["learned"]:
        lines += [f"**{_('What I learned')}**", "", d["learned"], ""]
    if d["strengths"]:
        lines += [f"**{_('Strengths it shows')}**: " + ", ".join(d["strengths"]), ""]
    return "\n".join(lines)


def _strengths(user):
    for s in access.strength_list(user=user):
        yield mydata.Item(
            kind="strengths", id=str(s.pk), title=s.name, created_at=s.created_at,
            data={"name": s.name, "description": s.description, "evidence": [e.title for e in s.experiences.all()], **_stamp(s)},
        )


def _strength_markdown(item: mydata.Item) -> str:
    d = item.data
    evidence = "".join(f"- {title}\n" for title in d["evidence"])
    return f"## {d['name']}\n\n{d['description']}\n\n{evidence}"


def _values(user):
    row = access.value_ranking_row(user=user)
    if row is not None:
        yield mydata.Item(
            kind="values", id=str(row.pk), title=str(_("Values card sort")), created_at=row.created_at,
            data={"ranking": list(row.ranking), "labels": [BY_KEY[k].ja + " / " + BY_KEY[k].en for k in row.ranking if k in BY_KEY], **_stamp(row)},
        )


def _values_markdown(item: mydata.Item) -> str:
    return "".join(f"{n}. {label}\n" for n, label in enumerate(item.data["labels"], start=1))


def _value_delete(*, user, item_id) -> None:
    row = access.value_ranking_row(user=user)
    if row is None or str(row.pk) != str(item_id):
        raise Http404
    services.value_ranking_delete(user=user)


def _directions(user):
    for v in access.direction_versions(user=user):
        yield mydata.Item(
            kind="directions", id=str(v.pk), title=v.get_kind_display(), created_at=v.created_at,
            data={"kind": v.kind, "text": v.text, **_stamp(v)},
        )


def _direction_markdown(item: mydata.Item) -> str:
    return f"## {item.data['kind']} ({item.data['created_at'][:10]})\n\n{item.data['text']}\n"


def _skills(user):
    for s in access.skill_list(user=user):
        yield mydata.Item(
            kind="skills", id=str(s.pk), title=s.name, created_at=s.created_at,
            data={"name": s.name, "level": s.rating.get("level"), **_stamp(s)},
        )


def _learning(user):
    for e in access.learning_list(user=user):
        yield mydata.Item(
            kind="learning", id=str(e.pk), title=e.what, created_at=e.created_at,
            data={"what": e.what, "on": e.details.get("on", ""), "minutes": e.details.get("minutes", 0), "takeaway": e.takeaway, **_stamp(e)},
        )


def _learning_markdown(item: mydata.Item) -> str:
    d = item.data
    return f"## {d['what']}\n\n_{d['on']} · {d['minutes']} min_\n\n{d['takeaway']}\n"


def _goals(user):
    for g in access.goal_list(user=user):
        yield mydata.Item(
            kind="goals", id=str(g.pk), title=g.title, created_at=g.created_at,
            data={"title": g.title, **g.plan, **_stamp(g)},
        )


def _goal_markdown(item: mydata.Item) -> str:
    d = item.data
    steps = "".join(f"- [{'x' if m['done'] else ' '}] {m['text']}\n" for m in d.get("milestones", []))
    return f"## {d['title']}\n\n{d.get('progress', 0)}% {d.get('due', '')}\n\n{steps}"


def _checkins(user):
    for c in access.checkin_list(user=user):
        yield mydata.Item(
            kind="checkins", id=str(c.pk), title=timezone.localtime(c.created_at).date().isoformat(), created_at=c.created_at,
            data={"energy": c.reading.get("energy"), "mood": c.reading.get("mood", ""), **_stamp(c)},
        )


def register() -> None:
    def source(kind, label, description, model, items, delete, markdown):
        mydata.register(
            mydata.DataSource(
                kind=kind, label=label, description=description, access=OWNER_ONLY, retention="until_deleted",
                models=(model,), list_items=items, delete_item=delete, to_markdown=markdown,
                count=lambda user: model.objects.filter(owner=user).count(),
            )
        )

    source("notes", _("Notes"), _("Free notes you write in your notebook."), Note, _notes,
           lambda *, user, item_id: services.note_delete(user=user, note_id=item_id), _note_markdown)
    source("experiences", _("Experiences"), _("Projects, roles and moments, with what you did and learned."), Experience,
           _experiences, lambda *, user, item_id: services.experience_delete(user=user, experience_id=item_id),
           _experience_markdown)
    source("strengths", _("Strengths"), _("Your strengths in your own words, with their evidence."), Strength,
           _strengths, lambda *, user, item_id: services.strength_delete(user=user, strength_id=item_id),
           _strength_markdown)
    source("values", _("Values"), _("The values you chose and ranked in the card sort."), ValueRanking,
           _values, _value_delete, _values_markdown)
    source("directions", _("Will, Can, Must and direction"), _("Every dated version of your Will, Can, Must and 1, 3 and 5-year direction."),
           DirectionVersion, _directions,
           lambda *, user, item_id: services.direction_version_delete(user=user, version_id=item_id), _direction_markdown)
    source("skills", _("Skills"), _("Skills with the level you gave yourself."), Skill, _skills,
           lambda *, user, item_id: services.skill_delete(user=user, skill_id=item_id),
           lambda item: f"- {item.data['name']}: {item.data['level']}/5\n")
    source("learning", _("Learning log"), _("What you studied, when, for how long, and what you took from it."),
           LearningEntry, _learning, lambda *, user, item_id: services.learning_delete(user=user, learning_id=item_id),
           _learning_markdown)
    source("goals", _("Goals"), _("Your goals, milestones and progress."), Goal, _goals,
           lambda *, user, item_id: services.goal_delete(user=user, goal_id=item_id), _goal_markdown)
    source("checkins", _("Energy check-ins"), _("Your optional energy and mood check-ins."), CheckIn, _checkins,
           lambda *, user, item_id: services.checkin_delete(user=user, checkin_id=item_id),
           lambda item: f"- {item.data['created_at'][:10]}: {item.data['energy']}/5 {item.data['mood']}\n")
