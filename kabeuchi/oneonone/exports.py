"""The agenda as Markdown and as PDF (weasyprint, with Japanese glyphs from Noto Sans CJK).

Only the preparation is exported here, to share it the person's own way; the notes after the
meeting stay in the app (and in "My data").
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from kabeuchi.oneonone.services import agenda_items

PDF_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "Noto Sans CJK JP", "Noto Sans JP", sans-serif; font-size: 10.5pt; line-height: 1.7; color: #1f2328; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 0.5pt solid #999; }
.topic { margin: 0 0 4mm; page-break-inside: avoid; }
.meta { color: #57606a; font-size: 9pt; }
.text { white-space: pre-wrap; }
"""


def _labels() -> dict[str, str]:
    return {
        "since": _("What happened since last time"),
        "topic": _("Topics"),
        "support": _("Support I need"),
        "first_words": _("What I will say first"),
    }


def agenda_markdown(content: dict) -> str:
    labels = _labels()
    lines = [f"# {_('1on1 agenda')}"]
    if content.get("meeting_on"):
        lines += ["", f"_{content['meeting_on']}_"]
    items = agenda_items(content)
    topics = [i for i in items if i.kind == "topic"]
    for item in items:
        if item.kind == "topic":
            if item is topics[0]:
                lines += ["", f"## {labels['topic']}"]
            lines += [
                "",
                f"### {item.category_label}",
                "",
                item.text,
                "",
                f"- {_('How I would like you to respond')}: {item.style_label}",
            ]
        else:
            lines += ["", f"## {labels[item.kind]}", "", item.text]
    return "\n".join(lines).strip() + "\n"


def agenda_pdf(content: dict) -> bytes:
    from weasyprint import CSS, HTML

    html = render_to_string(
        "oneonone/agenda_document.html", {"content": content, "items": agenda_items(content), "labels": _labels()}
    )
    return HTML(string=html).write_pdf(stylesheets=[CSS(string=PDF_CSS)])
