"""An in-memory engine for tests, like Django's locmem mail backend.

Everything it is asked is appended to the module-level ``outbox``, so a test can assert what an
engine would have received (and that nothing was sent at all). Replies are deterministic: the
next item of ``script`` if a test queued one (a string, or an exception to raise, for testing
failures), otherwise an echo built from the message. ``reset()`` empties both.

    from kabeuchi.coach.engines import fake

    fake.script.append(EngineUnavailable("timeout"))
    ...
    assert fake.outbox[0].message == "こんにちは"
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kabeuchi.coach.engines.base import (
    BaseEngine,
    ConversationState,
    Language,
    Summary,
    check_language,
)


@dataclass(frozen=True)
class Sent:
    """One request the fake engine received."""

    kind: str  # "reply" or "summarise"
    state: ConversationState
    message: str
    language: str


outbox: list[Sent] = []
script: list[str | BaseException | Summary] = []


def reset() -> None:
    outbox.clear()
    script.clear()


def echo_reply(message: str, language: str) -> str:
    """The default reply: deterministic, short, and recognisably fake."""
    head = " ".join(message.split())[:20]
    if language == "en":
        return f'(fake) You wrote "{head}". What would you like to say about it?'
    return f"（fake）「{head}」と書いてくださったのですね。それについて、どんなことを感じていますか。"


class FakeEngine(BaseEngine):
    """Deterministic stand-in for a model engine. Streams its reply in chunks of
    ``CHUNK`` characters so stream handling is exercised."""

    name = "fake"
    is_model = True
    CHUNK = 8

    def honesty_line(self, language: Language) -> str:
        return "(fake engine)" if language == "en" else "（fake エンジン）"

    def _next(self, kind: str) -> str | Summary | None:
        if not script:
            return None
        item = script.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item

    def stream_reply(self, state: ConversationState, message: str, *, language: Language) -> Iterator[str]:
        check_language(language)
        outbox.append(Sent("reply", state, message, language))
        item = self._next("reply")
        text = item if isinstance(item, str) else echo_reply(message, language)
        for i in range(0, len(text), self.CHUNK):
            yield text[i : i + self.CHUNK]

    def summarise(self, state: ConversationState, *, language: Language) -> Summary:
        check_language(language)
        outbox.append(Sent("summarise", state, "", language))
        item = self._next("summarise")
        if isinstance(item, Summary):
            return item
        said = [t.text for t in state.turns if t.role == "person"]
        return Summary(noticed=[f"（fake）{s[:30]}" for s in said[:3]], next_steps=[])
