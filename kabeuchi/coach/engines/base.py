"""The one interface every reflection engine speaks.

Engines follow the pattern of Django's mail backends: a base class, concrete engines named by
a dotted path (or a short alias) in configuration, and ``get_engine(path, config)`` to build
one. The engine never reads Django settings itself; the caller builds an ``EngineConfig``, so
this package imports without Django and can be tested in isolation.

An engine is stateless between calls. Everything it needs about a conversation arrives as a
``ConversationState`` (plain, frozen data the caller stores however it likes, or keeps only in
the browser for a "do not save" conversation), and everything it decides comes back as data:

- ``start(theme)`` returns the state holding the engine's opening turn;
- ``stream_reply(state, message)`` yields the reply as text chunks;
- ``record(state, message, reply)`` returns the state after that exchange (the guide moves to
  its next step, a model engine folds older turns into the rolling summary);
- ``summarise(state)`` returns what the person noticed and the next small steps.

If a model server fails, ``stream_reply`` raises ``EngineUnavailable`` with a reason code. The
text already yielded for that reply is incomplete and must be discarded by the caller; the
person's message is not part of the state until ``record`` is called, so nothing is lost and
the same call can simply be repeated.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field, replace
from typing import ClassVar, Literal

Role = Literal["person", "partner"]
Language = Literal["ja", "en"]
LANGUAGES: tuple[str, ...] = ("ja", "en")

ENGINE_ALIASES: dict[str, str] = {
    "guide": "kabeuchi.coach.engines.guide.GuideEngine",
    "openai": "kabeuchi.coach.engines.openai_compatible.OpenAICompatibleEngine",
    "fake": "kabeuchi.coach.engines.fake.FakeEngine",
}


# --- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """One message of a conversation.

    ``step`` and ``move`` are set by the engine on its own (partner) turns when it records an
    exchange: which step of the guided flow the turn asks about, and what kind of move it was
    ("ask", "smaller", "deepen", "check", "decide", "close", "reply" …). They are plain values,
    safe to store beside the encrypted text; they hold nothing the person wrote.

    ``key`` is set by the caller (never by an engine) on a person's turn sent with an
    idempotency key: a digest of that key, so a retry of the same message is recognised and
    answered with the recorded reply instead of being recorded twice (kabeuchi.coach.services).
    """

    role: Role
    text: str
    step: int | None = None
    move: str = ""
    key: str = ""

    def __post_init__(self) -> None:
        if self.role not in ("person", "partner"):
            raise ValueError(f"A turn's role is 'person' or 'partner', not {self.role!r}.")


@dataclass(frozen=True)
class ConversationState:
    """Everything an engine knows about one conversation, as plain data.

    ``summary`` is the rolling summary of ``turns[:folded]`` (the older turns a model no
    longer sees verbatim); ``step`` is the current step of the theme's guided flow.
    """

    theme: str = "free"
    turns: tuple[Turn, ...] = ()
    summary: str = ""
    step: int = 0
    folded: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.turns, tuple):
            object.__setattr__(self, "turns", tuple(self.turns))
        if not 0 <= self.folded <= len(self.turns):
            raise ValueError("folded must count turns that exist.")

    def adding(self, *turns: Turn) -> ConversationState:
        """A copy with ``turns`` appended."""
        return replace(self, turns=self.turns + tuple(turns))

    @property
    def recent_turns(self) -> tuple[Turn, ...]:
        """The turns not yet covered by the rolling summary."""
        return self.turns[self.folded :]


@dataclass(frozen=True)
class ReplyChunk:
    """One piece of a streamed reply, for callers that want a typed item (SSE, JSON API)."""

    text: str
    index: int = 0


@dataclass(frozen=True)
class Summary:
    """The end-of-conversation summary: what the person noticed and possible small next steps.

    Both lists may be empty: "nothing" is a valid outcome the person can choose.
    """

    noticed: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.noticed and not self.next_steps


@dataclass(frozen=True)
class EngineConfig:
    """Configuration for every engine, built by the caller (from Django settings or a CLI).

    Only the fields an engine needs are read by it: the guide reads ``summary_every``; the
    OpenAI-compatible engine reads the connection, timeout and context fields.
    """

    base_url: str = ""
    api_key: str = field(default="", repr=False)
    model: str = ""
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    write_timeout: float = 10.0
    max_turns: int = 8
    turn_chars: int = 1200
    summary_chars: int = 800
    max_reply_tokens: int | None = None
    context_tokens: int = 8192
    token_limit_param: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"
    temperature: float | None = 0.5
    fold_with_model: bool = True
    default_headers: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    summary_every: int = 3

    def __post_init__(self) -> None:
        if self.max_turns < 2:
            raise EngineConfigurationError("max_turns must be at least 2 (one exchange).")
        if self.turn_chars < 50 or self.summary_chars < 50:
            raise EngineConfigurationError("turn_chars and summary_chars must be at least 50.")
        if self.connect_timeout <= 0 or self.read_timeout <= 0 or self.write_timeout <= 0:
            raise EngineConfigurationError("Timeouts must be positive numbers of seconds.")
        if self.summary_every < 2:
            raise EngineConfigurationError("summary_every must be at least 2.")
        if self.token_limit_param not in ("max_tokens", "max_completion_tokens"):
            raise EngineConfigurationError("token_limit_param is 'max_tokens' or 'max_completion_tokens'.")
        if self.context_tokens < 512:
            raise EngineConfigurationError("context_tokens must be at least 512.")
        if self.max_reply_tokens is not None and not 16 <= self.max_reply_tokens <= self.context_tokens // 2:
            raise EngineConfigurationError(
                "max_reply_tokens must be between 16 and half of context_tokens (the rest is for the prompt)."
            )

    @property
    def reply_tokens(self) -> int:
        """The reply budget (``max_tokens`` of a reply request): ``max_reply_tokens`` if set,
        otherwise 800 or a fifth of the context, whichever is smaller (409 of 2,048: two to five
        Japanese sentences are 150-300 tokens)."""
        if self.max_reply_tokens is not None:
            return self.max_reply_tokens
        return min(800, self.context_tokens // 5)

    @property
    def prompt_tokens(self) -> int:
        """What a reply request may use of the context: the rest after the reply budget."""
        return self.context_tokens - self.reply_tokens


# --- errors ---------------------------------------------------------------------------------


class EngineError(Exception):
    """Base class of every error an engine raises on purpose."""


class EngineConfigurationError(EngineError, ValueError):
    """The engine cannot be built from the configuration given (unknown path, missing URL …)."""


class EngineUnavailable(EngineError):
    """The engine could not produce a (complete) reply or summary right now.

    ``reason`` is one of the codes below; the caller turns it into a whole sentence for the
    person (through gettext) and offers a retry when ``retryable`` is true. ``detail`` is for
    logs and never contains anything the person wrote.
    """

    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"
    RATE_LIMITED = "rate_limited"
    SERVER_ERROR = "server_error"
    BAD_RESPONSE = "bad_response"
    REJECTED = "rejected"
    # The request does not fit the model's context (checked before sending, or the server
    # said so): sending it again cannot succeed; the person has to shorten it.
    TOO_LONG = "too_long"
    REASONS: ClassVar[tuple[str, ...]] = (
        TIMEOUT,
        UNREACHABLE,
        RATE_LIMITED,
        SERVER_ERROR,
        BAD_RESPONSE,
        REJECTED,
        TOO_LONG,
    )
    NOT_RETRYABLE: ClassVar[frozenset[str]] = frozenset({REJECTED, TOO_LONG})

    def __init__(
        self,
        reason: str,
        detail: str = "",
        *,
        retryable: bool | None = None,
        retry_after: float | None = None,
        engine: str = "",
    ) -> None:
        if reason not in self.REASONS:
            raise ValueError(f"Unknown reason {reason!r}; use one of {self.REASONS}.")
        self.reason = reason
        self.detail = detail
        # A rejected request (bad key, unknown model) or one too long for the model's context
        # fails the same way every time.
        self.retryable = (reason not in self.NOT_RETRYABLE) if retryable is None else retryable
        self.retry_after = retry_after
        self.engine = engine
        super().__init__(f"{reason}: {detail}" if detail else reason)

    def __reduce__(self):  # keep the keyword arguments when pickled (task queues, multiprocessing)
        return (
            _rebuild_unavailable,
            (self.reason, self.detail, self.retryable, self.retry_after, self.engine),
        )


def _rebuild_unavailable(reason, detail, retryable, retry_after, engine) -> EngineUnavailable:
    return EngineUnavailable(reason, detail, retryable=retryable, retry_after=retry_after, engine=engine)


# --- the interface --------------------------------------------------------------------------


def check_language(language: str) -> Language:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}.")
    return language  # type: ignore[return-value]


class BaseEngine:
    """Base class of the reflection engines. Subclasses implement ``stream_reply`` and
    ``summarise``; the rest has sensible defaults."""

    name: ClassVar[str] = "base"
    is_model: ClassVar[bool] = False

    def __init__(self, config: EngineConfig | None = None) -> None:
        self.config = config or EngineConfig()

    # -- conversation lifecycle --

    def opening(self, theme: str, *, language: Language) -> str:
        """The engine's first message for ``theme``: the theme's opening, an honest line about
        what the engine is, and the first question."""
        from kabeuchi.coach.themes import get_theme

        check_language(language)
        t = get_theme(theme)
        first = t.step_at(0)
        parts = [t.opening.get(language), self.honesty_line(language)]
        if first is not None:
            parts.append(first.question.get(language))
        return "\n".join(p for p in parts if p)

    def honesty_line(self, language: Language) -> str:
        """One sentence saying what this engine is. Overridden by each engine."""
        return ""

    def start(self, theme: str, *, language: Language) -> ConversationState:
        """A new conversation about ``theme``, holding the engine's opening turn."""
        from kabeuchi.coach.themes import get_theme

        key = get_theme(theme).key
        return ConversationState(
            theme=key, turns=(Turn("partner", self.opening(key, language=language), step=0, move="open"),)
        )

    def stream_reply(self, state: ConversationState, message: str, *, language: Language) -> Iterator[str]:
        """Yield the reply to ``message`` as text chunks, in order."""
        raise NotImplementedError

    async def astream_reply(
        self, state: ConversationState, message: str, *, language: Language
    ) -> AsyncIterator[str]:
        """Async variant of ``stream_reply``. The default runs the sync generator in a worker
        thread, one chunk at a time, so a slow engine never blocks the event loop."""
        iterator = iter(self.stream_reply(state, message, language=language))
        done = object()
        try:
            while True:
                chunk = await asyncio.to_thread(next, iterator, done)
                if chunk is done:
                    return
                yield chunk  # type: ignore[misc]
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                await asyncio.to_thread(close)

    def reply(self, state: ConversationState, message: str, *, language: Language) -> str:
        """The whole reply at once. On failure nothing partial is returned."""
        return "".join(self.stream_reply(state, message, language=language))

    async def areply(self, state: ConversationState, message: str, *, language: Language) -> str:
        return "".join([c async for c in self.astream_reply(state, message, language=language)])

    def record(
        self, state: ConversationState, message: str, reply: str, *, language: Language
    ) -> ConversationState:
        """The state after the person said ``message`` and the engine answered ``reply``."""
        return state.adding(Turn("person", message), Turn("partner", reply, step=state.step, move="reply"))

    async def arecord(
        self, state: ConversationState, message: str, reply: str, *, language: Language
    ) -> ConversationState:
        return await asyncio.to_thread(self.record, state, message, reply, language=language)

    def summarise(self, state: ConversationState, *, language: Language) -> Summary:
        """What the person noticed and possible next small steps, from this conversation."""
        raise NotImplementedError

    async def asummarise(self, state: ConversationState, *, language: Language) -> Summary:
        return await asyncio.to_thread(self.summarise, state, language=language)

    def close(self) -> None:
        """Release network connections, if any."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


def import_engine_class(path: str) -> type[BaseEngine]:
    """The engine class named by a dotted path or an alias ("guide", "openai", "fake")."""
    dotted = ENGINE_ALIASES.get(path, path)
    module_path, _, class_name = dotted.rpartition(".")
    if not module_path:
        raise EngineConfigurationError(f"{path!r} is neither an engine alias nor a dotted path.")
    try:
        module = importlib.import_module(module_path)
    except ImportError as exc:
        raise EngineConfigurationError(f"Cannot import engine module {module_path!r}: {exc}") from exc
    cls = getattr(module, class_name, None)
    if not (isinstance(cls, type) and issubclass(cls, BaseEngine)):
        raise EngineConfigurationError(f"{dotted!r} is not a reflection engine class.")
    return cls


def get_engine(path: str | None = None, config: EngineConfig | None = None) -> BaseEngine:
    """Build the engine named by ``path`` (default: the guide) with ``config``."""
    return import_engine_class(path or "guide")(config or EngineConfig())
