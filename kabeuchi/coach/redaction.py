"""Replace names and contact details before text leaves for an outside model, and put them back.

Applies only to model engines, and only when the organisation's policy says so (by default: when
the model server is outside the company, ``KABEUCHI_AI_EXTERNAL``).  The whole conversation is
redacted in one pass, so the same person gets the same placeholder in every turn; the reply is
restored as it streams (a placeholder split across two chunks is held back until complete), and
the state that is kept holds the person's own words, never placeholders.
"""

from __future__ import annotations

from dataclasses import replace

from jatext.pii import Redaction, redact
from kabeuchi.coach.engines.base import ConversationState

_SEPARATOR = "\n\u241e\n"  # a symbol that redaction leaves alone and people do not type


def redact_conversation(state: ConversationState, message: str, *, extra_names=()) -> tuple[ConversationState, str, Redaction]:
    texts = [turn.text for turn in state.turns] + [state.summary, message]
    redaction = redact(_SEPARATOR.join(texts), extra_names=extra_names)
    parts = redaction.text.split(_SEPARATOR)
    if len(parts) != len(texts):  # a name spanning the separator cannot happen; refuse rather than guess
        raise ValueError("redaction changed the structure of the conversation")
    turns = tuple(replace(turn, text=text) for turn, text in zip(state.turns, parts[: len(state.turns)], strict=True))
    return replace(state, turns=turns, summary=parts[-2]), parts[-1], redaction


def restore_state(state: ConversationState, redaction: Redaction) -> ConversationState:
    turns = tuple(replace(turn, text=redaction.restore(turn.text)) for turn in state.turns)
    return replace(state, turns=turns, summary=redaction.restore(state.summary))


class StreamRestorer:
    """Restores placeholders in a streamed reply, chunk by chunk."""

    OPEN, CLOSE = "［", "］"

    def __init__(self, redaction: Redaction) -> None:
        self.redaction = redaction
        self.pending = ""

    def feed(self, chunk: str) -> str:
        self.pending += chunk
        start = self.pending.rfind(self.OPEN)
        if start != -1 and self.CLOSE not in self.pending[start:] and len(self.pending) - start < 16:
            ready, self.pending = self.pending[:start], self.pending[start:]
        else:
            ready, self.pending = self.pending, ""
        return self.redaction.restore(ready)

    def flush(self) -> str:
        ready, self.pending = self.pending, ""
        return self.redaction.restore(ready)


def redaction_of_reply(redaction: Redaction, reply: str) -> str:
    """The restored reply with the same placeholders put back in, for the engine's own record."""
    for placeholder, original in sorted(redaction.mapping.items(), key=lambda item: -len(item[1])):
        reply = reply.replace(original, placeholder)
    return reply
