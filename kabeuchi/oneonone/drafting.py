"""A first draft of an agenda from the person's own recent saved conversations.

The draft is built from the person's own words only: the answers they gave in their latest
1on1-preparation conversation (topics, how they want their manager to respond, support, what
they will say first) and what they said happened in other recent conversations.  No model is
called, whatever engine is configured, so drafting sends nothing anywhere; and nothing is saved:
the draft only fills the form, and the person edits everything before it counts.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from kabeuchi.coach.access import conversation_list
from kabeuchi.coach.engines.guide import answers_of
from kabeuchi.coach.state import state_from_json
from kabeuchi.coach.themes import get_theme
from kabeuchi.oneonone.models import Category, Style

RECENT_DAYS = 60
MAX_CONVERSATIONS = 10
MAX_SINCE_LINES = 5
_BULLET = re.compile(r"^\s*(?:[・\-*•●○◦]|\d+[.)．、]|[①-⑩])\s*")

# Words in the person's text that suggest a topic kind or a wanted response.  A guess they can
# change; when nothing matches the topic is "work" / "think it through with me".
_CATEGORY_WORDS = (
    (Category.HEALTH, ("体調", "健康", "疲れ", "眠", "休", "エネルギー", "しんど", "health", "tired", "energy", "sleep")),
    (Category.CAREER, ("キャリア", "将来", "異動", "公募", "昇進", "成長", "学び", "スキル", "career", "future", "transfer", "grow", "learn")),
    (Category.RELATIONSHIPS, ("関係", "チーム", "上司", "同僚", "メンバー", "人間", "team", "colleague", "relationship")),
)
_STYLE_WORDS = (
    (Style.ADVICE, ("アドバイス", "助言", "教えて", "意見", "advice", "advise")),
    (Style.LISTEN, ("聞いて", "聴いて", "聞くだけ", "聴くだけ", "listen")),
    (Style.THINK, ("一緒に", "考えて", "相談", "together", "think")),
)


def _lines(text: str) -> list[str]:
    lines = (_BULLET.sub("", line).strip().rstrip("。.") for line in text.strip().splitlines())
    return [line for line in lines if line]


def _guess(text: str, table, default):
    low = text.lower()
    for value, words in table:
        if any(w in low for w in words):
            return value
    return default


def _by_step(state) -> dict[str, str]:
    """The person's answers of a guided conversation, by step key (a later answer replaces)."""
    theme = get_theme(state.theme)
    found: dict[str, str] = {}
    for answer in answers_of(state):
        step = theme.step_at(answer.step)
        if step is None:
            continue
        if answer.kind == "more" and step.key in found:
            found[step.key] += "\n" + answer.text
        elif answer.kind in ("answer", "revised", "more"):
            found[step.key] = answer.text
    return found


def agenda_draft(*, user, now: datetime.datetime | None = None) -> dict:
    """Agenda content (as ``services.agenda_content_clean`` takes it) drafted from the person's
    own words in their recent saved conversations.  Empty fields when there is nothing."""
    since_cutoff = (now or timezone.now()) - datetime.timedelta(days=RECENT_DAYS)
    recent = [c for c in conversation_list(user=user) if c.updated_at >= since_cutoff][:MAX_CONVERSATIONS]
    draft = {"meeting_on": None, "since": "", "topics": [], "support": "", "first_words": ""}
    since: list[str] = []
    prepared = False
    for conversation in recent:
        try:
            state = state_from_json(conversation.state)
            answers = _by_step(state)
        except (ValidationError, KeyError):  # an unreadable or retired theme: draft from the rest
            continue
        if state.theme == "one_on_one" and not prepared:
            prepared = True
            topics = _lines(answers.get("topics", ""))
            if not topics and not answers:  # a model conversation: the person's first message
                first = next((t.text for t in state.turns if t.role == "person"), "")
                topics = _lines(first)[:3]
            style_text = answers.get("response_style", "")
            style_lines = _lines(style_text)
            for text in topics:
                own = next((line for line in style_lines if text[:6] and text[:6] in line), style_text)
                draft["topics"].append(
                    {
                        "category": _guess(text, _CATEGORY_WORDS, Category.WORK),
                        "text": text,
                        "style": _guess(own, _STYLE_WORDS, Style.THINK),
                    }
                )
            draft["support"] = answers.get("support", "").strip()
            draft["first_words"] = answers.get("first_words", "").strip()
        elif state.theme != "one_on_one":
            for key in ("facts", "situation"):
                if answers.get(key):
                    since.extend(_lines(answers[key]))
    draft["since"] = "\n".join(f"・{line}" for line in since[:MAX_SINCE_LINES])
    return draft
