"""A first draft of an agenda from the person's own recent saved conversations.

The draft is built from the person's own words only: the answers they gave in their latest
1on1-preparation conversation (topics, how they want their manager to respond, support, what
they will say first) and what they said happened in other recent conversations.  No model is
called, whatever engine is configured, so drafting sends nothing anywhere; and nothing is saved:
the draft only fills the form, and the person edits everything before it counts.

Small next steps the person chose (kept with a conversation's summary, or given as the answer
to a flow's last step) come along as topics, so the 1on1 can ask for what would help with them.
When the recent conversations hold nothing to draft from, the draft says so (``status``)
instead of presenting an empty form as if it came from them.  A sentence that carries a crisis,
harassment or health signal is never drafted: an agenda is meant for the manager's eyes, and
what the person told about their health stays theirs unless they write it in themselves.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from kabeuchi.coach.access import conversation_list
from kabeuchi.coach.engines.guide import for_the_manager, topic_items
from kabeuchi.coach.state import state_from_json
from kabeuchi.coach.themes import NEXT_STEP, get_theme
from kabeuchi.oneonone.models import Category, Style

RECENT_DAYS = 60
MAX_CONVERSATIONS = 10
MAX_SINCE_LINES = 5
MAX_NEXT_STEPS = 3

# What ``agenda_draft`` found to draft from.
DRAFTED = "drafted"  # the fields hold the person's words
NOTHING_IN_CONVERSATIONS = "nothing_in_conversations"  # recent conversations, but no usable words
NO_CONVERSATIONS = "no_conversations"  # no saved conversation in the last RECENT_DAYS days
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
    """The person's answers of a guided conversation, by step key (a later answer replaces):
    ``guide.for_the_manager``, the reading the guide also shows when asked what the manager would
    see.  Health, a crisis or mistreatment stays with the person (an agenda is meant to be shown to
    the manager, so a draft never carries it; they can add it themselves), and so does what they
    asked to keep from the manager or to take out."""
    return for_the_manager(state)[0]


_PASSING = frozenset(("わからない", "わかりません", "スキップ", "戻る", "まとめる", "終わる", "はい",
                      "i don't know", "skip", "back", "summarise", "end", "yes"))


def _passing(text: str) -> bool:
    """A message that passes or steers (わからない, スキップ …): nothing to put on an agenda."""
    return text.strip().rstrip("。.").casefold() in _PASSING


def _guided(state) -> bool:
    """Whether the guide led this conversation (its turns record moves beyond the opening);
    then only the answers it accepted count, and a message it did not accept is not a topic."""
    return any(t.role == "partner" and t.move not in ("", "open") for t in state.turns)


def _next_steps(conversation, state, answers: dict[str, str]) -> list[str]:
    """The small next steps the person chose in one conversation: those kept with its summary
    (their own edited lines) if they kept one, else their answer to the flow's last step."""
    kept = conversation.kept_summary or {}
    if kept.get("next_steps"):
        return [line.strip() for line in kept["next_steps"] if line.strip()]
    if state.theme == "one_on_one":  # its last step is what to say first, drafted separately
        return []
    theme = get_theme(state.theme)
    keys = [step.key for step in theme.steps if step.collects == NEXT_STEP]
    return [line for key in keys for line in _lines(answers.get(key, ""))]


def agenda_draft(*, user, now: datetime.datetime | None = None) -> dict:
    """Agenda content (as ``services.agenda_content_clean`` takes it) drafted from the person's
    own words in their recent saved conversations, with ``status`` saying whether anything was
    found (``DRAFTED``) or why not; the fields are empty when there is nothing."""
    since_cutoff = (now or timezone.now()) - datetime.timedelta(days=RECENT_DAYS)
    recent = [c for c in conversation_list(user=user) if c.written_at >= since_cutoff][:MAX_CONVERSATIONS]
    draft = {"meeting_on": None, "since": "", "topics": [], "support": "", "first_words": ""}
    since: list[str] = []
    next_steps: list[str] = []
    prepared = False
    for conversation in recent:
        try:
            state = state_from_json(conversation.state)
            answers = _by_step(state)
        except (ValidationError, KeyError):  # an unreadable or retired theme: draft from the rest
            continue
        for step in _next_steps(conversation, state, answers):
            if step not in next_steps:
                next_steps.append(step)
        if state.theme == "one_on_one" and not prepared:
            prepared = True
            # the topics as the guide lists them (「①…②…」 one by one, not the sentence before them)
            topics = [t for line in _lines(answers.get("topics", "")) for t in topic_items(line)]
            if not topics and not _guided(state):  # a model conversation: the person's first message
                first = next((t.text for t in state.turns if t.role == "person" and not _passing(t.text)), "")
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
    for step in next_steps[:MAX_NEXT_STEPS]:
        draft["topics"].append(
            {
                "category": _guess(step, _CATEGORY_WORDS, Category.WORK),
                "text": _("A small step I chose: %(step)s") % {"step": step},
                "style": Style.THINK,
            }
        )
    draft["since"] = "\n".join(f"・{line}" for line in since[:MAX_SINCE_LINES])
    found = any(draft[k] for k in ("since", "topics", "support", "first_words"))
    draft["status"] = DRAFTED if found else (NOTHING_IN_CONVERSATIONS if recent else NO_CONVERSATIONS)
    return draft
