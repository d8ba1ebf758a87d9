""""My career so far": one page drawn from the notebook, for the screen, print, Markdown and PDF.

All four come from the same ``context`` so they say the same thing.  The PDF is rendered by
WeasyPrint from the same template with the print stylesheet; Japanese glyphs come from the
system's Noto CJK fonts (Debian ``fonts-noto-cjk``), named first in the stylesheet.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from kabeuchi.notebook import access
from kabeuchi.notebook.values import BY_KEY


def _direction_labels() -> dict[str, str]:
    from kabeuchi.notebook.views import DIRECTION_LABELS

    return {k: str(v) for k, v in DIRECTION_LABELS.items()}


def context(*, user, language: str) -> dict:
    notebook = access.notebook_get(user=user)
    labels = _direction_labels()
    learning_count, learning_minutes = access.learning_totals(user=user)
    return {
        "today": timezone.localdate(),
        "directions": [(labels[k], v.text, v.created_at) for k, v in notebook.directions.items() if v is not None],
        "values": [BY_KEY[k].label(language) for k in notebook.values if k in BY_KEY],
        "strengths": [(s.name, s.description, [e.title for e in s.evidence]) for s in notebook.strengths],
        "experiences": notebook.experiences,
        "skills": notebook.skills,
        "goals": notebook.goals,
        "learning_count": learning_count,
        "learning_hours": round(learning_minutes / 60, 1),
        "recent_learning": notebook.recent_learning[:10],
    }


def markdown(ctx: dict) -> str:
    out = [f"# {_('My career so far')}", "", f"_{ctx['today'].isoformat()}_", ""]
    if ctx["directions"]:
        out += [f"## {_('Will, Can, Must and direction')}", ""]
        for label, text, at in ctx["directions"]:
            out += [f"### {label}", "", text, "", f"_{timezone.localtime(at).date().isoformat()}_", ""]
    if ctx["values"]:
        out += [f"## {_('What I value')}", ""] + [f"{n}. {v}" for n, v in enumerate(ctx["values"], 1)] + [""]
    if ctx["strengths"]:
        out += [f"## {_('Strengths')}", ""]
        for name, description, evidence in ctx["strengths"]:
            out += [f"- **{name}**" + (f": {description}" if description else "")]
            out += [f"  - {title}" for title in evidence]
        out += [""]
    if ctx["experiences"]:
        out += [f"## {_('Experiences')}", ""]
        for e in ctx["experiences"]:
            out += [f"### {e.title} ({e.period.get('start', '')} – {e.period.get('end', '')})", ""]
            if e.did:
                out += [f"**{_('What I did')}**: {e.did}", ""]
            if e.learned:
                out += [f"**{_('What I learned')}**: {e.learned}", ""]
            names = [s.name for s in e.linked_strengths]
            if names:
                out += [f"**{_('Strengths it shows')}**: {', '.join(names)}", ""]
    if ctx["skills"]:
        out += [f"## {_('Skills')}", ""] + [f"- {s.name}: {s.rating.get('level')}/5" for s in ctx["skills"]] + [""]
    if ctx["goals"]:
        out += [f"## {_('Goals')}", ""]
        for g in ctx["goals"]:
            out += [f"- {g.title} ({g.plan.get('progress', 0)}%)"]
            out += [f"  - [{'x' if m['done'] else ' '}] {m['text']}" for m in g.plan.get("milestones", [])]
        out += [""]
    if ctx["learning_count"]:
        out += [f"## {_('Learning')}", "", _("%(count)d entries, %(hours)s hours in all.") % {
            "count": ctx["learning_count"], "hours": ctx["learning_hours"]}, ""]
        out += [f"- {e.details.get('on', '')} {e.what}" for e in ctx["recent_learning"]] + [""]
    return "\n".join(out)


def pdf(ctx: dict, *, request=None) -> bytes:
    from weasyprint import CSS, HTML  # imported here: only this export needs it

    html = render_to_string("notebook/career_pdf.html", ctx, request=request)
    # The source file when finders can see it (development, tests), else the collected copy.
    stylesheet = finders.find("kabeuchi/notebook-print.css") or staticfiles_storage.path("kabeuchi/notebook-print.css")
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=stylesheet)])
