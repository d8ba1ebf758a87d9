"""Conversation state to and from plain JSON (stored sealed, or held by the browser)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kabeuchi.coach.engines.base import ConversationState, Turn
from kabeuchi.coach.themes import UnknownTheme, get_theme

MAX_TURNS = 1000


KEY_CHARS = 64  # a turn's idempotency digest (kabeuchi.coach.services.idempotency_digest): 32 hex


def _turn_json(turn: Turn) -> dict:
    data = {"role": turn.role, "text": turn.text, "step": turn.step, "move": turn.move}
    if turn.key:  # only on a person's turn sent with an idempotency key
        data["key"] = turn.key
    return data


def state_to_json(state: ConversationState) -> dict:
    return {
        "theme": state.theme,
        "turns": [_turn_json(t) for t in state.turns],
        "summary": state.summary,
        "step": state.step,
        "folded": state.folded,
    }


def state_from_json(data) -> ConversationState:
    """Parse a state, refusing anything malformed with a message the person can read."""
    invalid = ValidationError(_("This conversation could not be read. Please start a new one."), code="state")
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("turns"), list)
        or len(data["turns"]) > MAX_TURNS
    ):
        raise invalid
    try:
        get_theme(str(data.get("theme", "free")))
        turns = []
        for item in data["turns"]:
            text = str(item["text"])
            if len(text) > settings.KABEUCHI_MAX_TEXT_CHARS * 2:
                raise invalid
            step = item.get("step")
            key = item.get("key", "")
            if not isinstance(key, str) or len(key) > KEY_CHARS:
                raise invalid
            turns.append(
                Turn(
                    role=item["role"],
                    text=text,
                    step=int(step) if step is not None else None,
                    move=str(item.get("move", ""))[:20],
                    key=key,
                )
            )
        return ConversationState(
            theme=str(data.get("theme", "free")),
            turns=tuple(turns),
            summary=str(data.get("summary", ""))[: settings.KABEUCHI_MAX_TEXT_CHARS],
            step=int(data.get("step", 0)),
            folded=int(data.get("folded", 0)),
        )
    except (KeyError, TypeError, ValueError, UnknownTheme) as exc:
        raise invalid from exc
