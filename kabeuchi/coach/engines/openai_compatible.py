"""Any server that speaks the OpenAI chat-completions API, through the official ``openai`` SDK.

vLLM, Ollama, llama.cpp server, LM Studio, Azure OpenAI (v1 endpoint) and OpenAI itself all
work with a base URL, a model name and (if the server wants one) a key. Replies are streamed.

Retries are the person's choice, not ours: the SDK is built with ``max_retries=0`` and every
failure becomes ``EngineUnavailable`` with a reason code at once, so the page can say what
happened, keep the message and offer "try again" (or the guide). A stream that breaks midway
is an error too: its partial text must be discarded by the caller.

What is sent per request is bounded and listed in ``kabeuchi.coach.prompts``.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import weakref
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import httpx2
import openai
from openai import AsyncOpenAI, OpenAI

from kabeuchi.coach import context, prompts
from kabeuchi.coach.engines.base import (
    BaseEngine,
    ConversationState,
    EngineConfig,
    EngineConfigurationError,
    EngineUnavailable,
    Language,
    Summary,
    Turn,
    check_language,
)
from kabeuchi.core import turns

# Without a key the SDK refuses to start; local servers (vLLM, Ollama, llama.cpp) ignore it.
_NO_KEY = "not-needed"
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)
_STREAM_GARBAGE = (ValueError, TypeError, AttributeError, KeyError, IndexError)


class OpenAICompatibleEngine(BaseEngine):
    """Replies streamed from an OpenAI-compatible chat-completions server."""

    name = "openai"
    is_model = True

    def __init__(self, config: EngineConfig | None = None) -> None:
        super().__init__(config)
        cfg = self.config
        if not cfg.base_url:
            raise EngineConfigurationError(
                "The OpenAI-compatible engine needs a base URL (e.g. http://127.0.0.1:8000/v1)."
            )
        if not cfg.model:
            raise EngineConfigurationError("The OpenAI-compatible engine needs a model name.")
        self._timeout = httpx2.Timeout(
            cfg.read_timeout,
            connect=cfg.connect_timeout,
            read=cfg.read_timeout,
            write=cfg.write_timeout,
            pool=cfg.connect_timeout,
        )
        self._client = OpenAI(**self._client_options())
        # An async HTTP client belongs to the event loop that created it.
        self._async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AsyncOpenAI] = (
            weakref.WeakKeyDictionary()
        )
        self._async_lock = threading.Lock()

    def _client_options(self) -> dict[str, Any]:
        cfg = self.config
        return {
            "base_url": cfg.base_url,
            "api_key": cfg.api_key or _NO_KEY,
            "timeout": self._timeout,
            "max_retries": 0,
            "default_headers": dict(cfg.default_headers) or None,
        }

    def _async_client(self) -> AsyncOpenAI:
        loop = asyncio.get_running_loop()
        with self._async_lock:
            client = self._async_clients.get(loop)
            if client is None:
                client = AsyncOpenAI(
                    **self._client_options(),
                    http_client=openai.DefaultAsyncHttpxClient(
                        transport=_TurnTransport(limits=openai.DEFAULT_CONNECTION_LIMITS), timeout=self._timeout
                    ),
                )
                self._async_clients[loop] = client
            return client

    def honesty_line(self, language: Language) -> str:
        if language == "en":
            return "I am an AI. I listen and ask questions; what you decide is up to you."
        return "わたしはAIです。あなたの話を聴いて問いかけますが、決めるのはあなたです。"

    # -- requests ------------------------------------------------------------------------

    def messages_for(
        self, state: ConversationState, message: str, *, language: Language
    ) -> list[dict[str, str]]:
        """Exactly what a reply request sends (see ``kabeuchi.coach.prompts``), fitted into the
        model's context. Raises ``EngineUnavailable`` (``too_long``, not retryable) when even
        the compact prompt and the message alone do not fit."""
        return self.fitted(state, message, language=language).messages

    def _fit(self, state: ConversationState, message: str, language: str) -> context.Fitted:
        """The request's messages fitted to the context (raises ``context.DoesNotFit``)."""
        cfg = self.config
        return context.fit_messages(
            state,
            message,
            system=context.system_prompt(state.theme, language),
            compact_system=context.system_prompt(state.theme, language, compact=True),
            smallest_system=context.system_prompt(state.theme, language, compact=True, with_path=False),
            language=language,
            budget_tokens=cfg.prompt_tokens,
            max_turns=cfg.max_turns,
            turn_chars=cfg.turn_chars,
            summary_chars=cfg.summary_chars,
        )

    def fitted(self, state: ConversationState, message: str, *, language: Language) -> context.Fitted:
        check_language(language)
        try:
            return self._fit(state, message, language)
        except context.DoesNotFit as exc:
            raise EngineUnavailable(
                EngineUnavailable.TOO_LONG,
                f"the request does not fit the model's context ({exc})",
                engine=self.name,
            ) from exc

    def _params(
        self, messages: list[dict[str, str]], *, stream: bool, max_tokens: int | None
    ) -> dict[str, Any]:
        cfg = self.config
        params: dict[str, Any] = {"model": cfg.model, "messages": messages}
        if stream:
            params["stream"] = True
        if cfg.temperature is not None:
            params["temperature"] = cfg.temperature
        if max_tokens:
            params[cfg.token_limit_param] = max_tokens
        return params

    # Replies stream through the SDK's generic ``post`` (its documented way to make any request)
    # rather than ``chat.completions.create``: the body is already plain JSON we built, and each
    # chunk is read as the JSON object it is. ``create`` walks the body through its TypedDict
    # transform and builds a pydantic object per chunk, ~1.5 ms of CPU per reply on the event
    # loop, which twenty concurrent streams queue behind (bench/coach_ttft_bench.py). Errors,
    # timeouts, headers, the key and the stream's own error events are handled by the SDK alike.

    def stream_reply(self, state: ConversationState, message: str, *, language: Language) -> Iterator[str]:
        params = self._params(
            self.messages_for(state, message, language=language),
            stream=True,
            max_tokens=self.config.reply_tokens,
        )
        try:
            stream = self._client.post(
                "/chat/completions", body=params, cast_to=object, stream=True, stream_cls=openai.Stream[object]
            )
        except openai.OpenAIError as exc:
            raise self._unavailable(exc, started=False) from exc
        tracker = _StreamTracker(self.name)
        try:
            for chunk in stream:
                text = tracker.feed(chunk)
                if text:
                    yield text
        except openai.OpenAIError as exc:
            raise self._unavailable(exc, started=True) from exc
        except _STREAM_GARBAGE as exc:
            raise EngineUnavailable(
                EngineUnavailable.BAD_RESPONSE,
                f"unreadable stream chunk ({type(exc).__name__})",
                engine=self.name,
            ) from exc
        finally:
            stream.close()
        tracker.finish()

    async def astream_reply(
        self, state: ConversationState, message: str, *, language: Language
    ) -> AsyncIterator[str]:
        params = self._params(
            self.messages_for(state, message, language=language),
            stream=True,
            max_tokens=self.config.reply_tokens,
        )
        client = self._async_client()
        try:
            stream = await client.post(
                "/chat/completions", body=params, cast_to=object, stream=True, stream_cls=openai.AsyncStream[object]
            )
        except openai.OpenAIError as exc:
            raise self._unavailable(exc, started=False) from exc
        tracker = _StreamTracker(self.name)
        try:
            async for chunk in stream:
                text = tracker.feed(chunk)
                if text:
                    yield text
        except openai.OpenAIError as exc:
            raise self._unavailable(exc, started=True) from exc
        except _STREAM_GARBAGE as exc:
            raise EngineUnavailable(
                EngineUnavailable.BAD_RESPONSE,
                f"unreadable stream chunk ({type(exc).__name__})",
                engine=self.name,
            ) from exc
        finally:
            await stream.close()
        tracker.finish()

    def complete(self, messages: list[dict[str, str]], *, max_tokens: int | None = None) -> str:
        """One non-streamed completion (summaries). Raises ``EngineUnavailable``."""
        try:
            response = self._client.chat.completions.create(
                **self._params(messages, stream=False, max_tokens=max_tokens)
            )
        except openai.OpenAIError as exc:
            raise self._unavailable(exc, started=False) from exc
        try:
            text = response.choices[0].message.content or ""
        except _STREAM_GARBAGE as exc:
            raise EngineUnavailable(
                EngineUnavailable.BAD_RESPONSE, "unreadable completion", engine=self.name
            ) from exc
        if not text.strip():
            raise EngineUnavailable(EngineUnavailable.BAD_RESPONSE, "empty completion", engine=self.name)
        return text

    async def acomplete(self, messages: list[dict[str, str]], *, max_tokens: int | None = None) -> str:
        client = self._async_client()
        try:
            response = await client.chat.completions.create(
                **self._params(messages, stream=False, max_tokens=max_tokens)
            )
        except openai.OpenAIError as exc:
            raise self._unavailable(exc, started=False) from exc
        try:
            text = response.choices[0].message.content or ""
        except _STREAM_GARBAGE as exc:
            raise EngineUnavailable(
                EngineUnavailable.BAD_RESPONSE, "unreadable completion", engine=self.name
            ) from exc
        if not text.strip():
            raise EngineUnavailable(EngineUnavailable.BAD_RESPONSE, "empty completion", engine=self.name)
        return text

    # -- state after an exchange: fold older turns into the rolling summary ---------------

    def record(
        self, state: ConversationState, message: str, reply: str, *, language: Language
    ) -> ConversationState:
        state = state.adding(Turn("person", message), Turn("partner", reply, step=state.step, move="reply"))
        return self.fold(state, language=language)

    def fold(self, state: ConversationState, *, language: Language) -> ConversationState:
        """Fold turns beyond the window into the rolling summary (with the model if it answers,
        otherwise extractively). Never raises for an unavailable model."""
        cfg = self.config
        summarizer = (
            (lambda previous, turns: self._fold_with_model(previous, turns, language))
            if cfg.fold_with_model
            else None
        )
        return context.fold(
            state,
            keep_turns=self._keep_turns(state, language),
            summary_chars=cfg.summary_chars,
            language=language,
            summarizer=summarizer,
        )

    async def arecord(
        self, state: ConversationState, message: str, reply: str, *, language: Language
    ) -> ConversationState:
        state = state.adding(Turn("person", message), Turn("partner", reply, step=state.step, move="reply"))
        cfg = self.config
        keep = self._keep_turns(state, language)
        overflow = len(state.turns) - state.folded - keep
        if overflow <= 0:
            return state
        summary = ""
        if cfg.fold_with_model:
            to_fold = state.turns[state.folded : state.folded + overflow]
            try:
                summary = await self.acomplete(
                    self._fold_messages(state.summary, to_fold, language), max_tokens=self._summary_tokens()
                )
            except EngineUnavailable:
                summary = ""
        return context.fold(
            state,
            keep_turns=keep,
            summary_chars=cfg.summary_chars,
            language=language,
            summarizer=(lambda _p, _t: summary) if summary else None,
        )

    # Room kept for the next message when deciding how many turns stay verbatim: a message of
    # this many characters outside ASCII (a longer one makes the next request drop turns).
    NEXT_MESSAGE_CHARS = 200

    def _keep_turns(self, state: ConversationState, language: str) -> int:
        """How many recent turns stay verbatim: ``max_turns``, or fewer when the context cannot
        hold them beside the prompt, the summary and a next message. The rest is folded into the
        rolling summary, so a turn a small context cannot show the model is summarised, not lost."""
        cfg = self.config
        lang = "en" if language == "en" else "ja"
        try:
            fitted = self._fit(state, "あ" * self.NEXT_MESSAGE_CHARS, lang)
        except context.DoesNotFit:
            return 0
        window = min(cfg.max_turns, len(state.recent_turns))
        return max(0, window - fitted.turns_dropped)

    def _fold_messages(self, previous: str, turns: Sequence[Turn], language: str) -> list[dict[str, str]]:
        """The fold request, with each turn cut shorter when the context needs it (a fold that
        cannot fit raises ``too_long``, and the extractive summary is used instead)."""
        cfg = self.config
        lang = "en" if language == "en" else "ja"
        system = prompts.load("fold", lang).render(summary_chars=cfg.summary_chars)
        labels = {
            "person": "本人" if lang == "ja" else "Person",
            "partner": "相手" if lang == "ja" else "Partner",
        }
        heading = (
            ("これまでの要約", "続いた発言") if lang == "ja" else ("Summary so far", "Turns that followed")
        )
        none = "（なし）" if lang == "ja" else "(none)"
        for limit in (cfg.turn_chars, cfg.turn_chars // 2, cfg.turn_chars // 4, 100):
            lines = "\n".join(f"{labels[t.role]}: {context.clip(t.text, limit)}" for t in turns)
            user = f"## {heading[0]}\n{context.clip(previous, cfg.summary_chars) or none}\n\n## {heading[1]}\n{lines}"
            messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
            if context.estimate_messages(messages) <= cfg.context_tokens - self._summary_tokens():
                return messages
        raise EngineUnavailable(
            EngineUnavailable.TOO_LONG, "the turns to fold do not fit the model's context", engine=self.name
        )

    def _fold_with_model(self, previous: str, turns: Sequence[Turn], language: str) -> str:
        return self.complete(
            self._fold_messages(previous, turns, language), max_tokens=self._summary_tokens()
        )

    def _summary_tokens(self) -> int:
        # Japanese runs about one token per character or more; leave room, the text is clipped
        # anyway. Never more than a quarter of the context, so the request itself fits.
        cfg = self.config
        return min(max(64, cfg.summary_chars), cfg.context_tokens // 4)

    # -- the end-of-conversation summary ---------------------------------------------------

    def summarise(self, state: ConversationState, *, language: Language) -> Summary:
        messages = self._summarise_messages(state, language)
        if messages is None:
            return Summary()
        return _parse_summary(self.complete(messages, max_tokens=self._summary_tokens()), engine=self.name)

    async def asummarise(self, state: ConversationState, *, language: Language) -> Summary:
        messages = self._summarise_messages(state, language)
        if messages is None:
            return Summary()
        return _parse_summary(
            await self.acomplete(messages, max_tokens=self._summary_tokens()), engine=self.name
        )

    def _summarise_messages(self, state: ConversationState, language: str) -> list[dict[str, str]] | None:
        check_language(language)
        if not any(t.role == "person" for t in state.turns):
            return None
        cfg = self.config
        lang = "en" if language == "en" else "ja"
        labels = {
            "person": "本人" if lang == "ja" else "Person",
            "partner": "相手" if lang == "ja" else "Partner",
        }
        window = list(state.recent_turns[-cfg.max_turns :])
        budget = cfg.context_tokens - self._summary_tokens()
        system = {"role": "system", "content": prompts.load("summarise", lang).text}
        # The oldest turns of the window go first when the context is small (the rolling
        # summary covers what came before them), then the rolling summary is shortened.
        for summary_limit in (cfg.summary_chars, cfg.summary_chars // 4):
            for start in range(max(1, len(window))):
                parts = []
                if state.summary.strip():
                    heading = "これまでの話の要約" if lang == "ja" else "Summary of earlier turns"
                    parts.append(f"## {heading}\n{context.clip(state.summary, summary_limit)}")
                heading = "会話" if lang == "ja" else "Conversation"
                parts.append(
                    f"## {heading}\n"
                    + "\n".join(f"{labels[t.role]}: {context.clip(t.text, cfg.turn_chars)}" for t in window[start:])
                )
                messages = [system, {"role": "user", "content": "\n\n".join(parts)}]
                if context.estimate_messages(messages) <= budget:
                    return messages
        raise EngineUnavailable(
            EngineUnavailable.TOO_LONG, "the conversation does not fit the model's context", engine=self.name
        )

    # -- errors ----------------------------------------------------------------------------

    def _unavailable(self, exc: Exception, *, started: bool) -> EngineUnavailable:
        """Map an SDK error to a reason code. ``started``: the response had begun (a failure
        then means a broken stream, unless it is a timeout)."""
        reason, detail, retry_after = _classify(exc, started=started)
        return EngineUnavailable(reason, detail, retry_after=retry_after, engine=self.name)

    def close(self) -> None:
        self._client.close()
        # Async clients are closed with their event loop; nothing to await here.


class _TurnTransport(httpx2.AsyncHTTPTransport):
    """The SDK's default transport, plus httpcore's trace hook: once a request to the model is
    written, this request's turn on the event loop goes to the next one (kabeuchi.core.turns)."""

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        request.extensions["trace"] = turns.model_request_sent
        return await super().handle_async_request(request)


class _StreamTracker:
    """Reads chat-completion chunks and checks that the stream really finished with text."""

    def __init__(self, engine: str) -> None:
        self.engine = engine
        self.text_seen = False
        self.finished = False

    def feed(self, chunk: Any) -> str:
        """One chunk as decoded JSON; anything not shaped like a chat-completion chunk raises
        one of ``_STREAM_GARBAGE``."""
        choices = chunk["choices"]
        if not choices:  # a usage-only chunk (stream_options.include_usage)
            return ""
        choice = choices[0]
        delta = choice.get("delta")
        text = (delta.get("content") if delta is not None else None) or ""
        if not isinstance(text, str):
            raise TypeError("delta content is not text")
        if text:
            self.text_seen = True
        if choice.get("finish_reason"):
            self.finished = True
        return text

    def finish(self) -> None:
        if not self.finished:
            raise EngineUnavailable(
                EngineUnavailable.BAD_RESPONSE,
                "the stream ended before the reply was complete",
                engine=self.engine,
            )
        if not self.text_seen:
            raise EngineUnavailable(EngineUnavailable.BAD_RESPONSE, "empty reply", engine=self.engine)


# How servers say a request is longer than the model's context: OpenAI (400, code
# context_length_exceeded: "This model's maximum context length is …"), vLLM (400, the same
# sentence), llama.cpp (400, type exceed_context_size_error: "request (N tokens) exceeds the
# available context size (M tokens), try increasing it"; older builds a 500 saying "the
# request exceeds the available context size"), and others ("context window", "context
# length").  The code and type are read first; the message only as a fallback.
_CONTEXT_CODES = frozenset({"context_length_exceeded", "exceed_context_size_error", "context_window_exceeded"})
_CONTEXT_MESSAGE = re.compile(
    r"context (?:length|size|window)|maximum context|exceeds? the available context|too many tokens"
    r"|prompt is too long|input is too long",
    re.IGNORECASE,
)


def _is_context_overflow(exc: Exception) -> bool:
    """Whether the server refused the request for being longer than the model's context."""
    body = getattr(exc, "body", None)
    error = body.get("error", body) if isinstance(body, dict) else None
    texts: list[str] = []
    if isinstance(error, dict):
        for key in ("code", "type"):
            value = error.get(key)
            if isinstance(value, str) and value in _CONTEXT_CODES:
                return True
        if isinstance(error.get("message"), str):
            texts.append(error["message"])
    elif isinstance(error, str):
        texts.append(error)
    for attr in ("code", "type"):
        value = getattr(exc, attr, None)
        if isinstance(value, str) and value in _CONTEXT_CODES:
            return True
    texts.append(str(getattr(exc, "message", "") or ""))
    return any(_CONTEXT_MESSAGE.search(text) for text in texts if text)


def _classify(exc: Exception, *, started: bool) -> tuple[str, str, float | None]:
    # Order matters: APITimeoutError is an APIConnectionError, RateLimitError an APIStatusError.
    if isinstance(exc, openai.APITimeoutError):
        return EngineUnavailable.TIMEOUT, "no answer within the read/connect timeout", None
    if isinstance(exc, openai.APIConnectionError):
        if started:
            return EngineUnavailable.BAD_RESPONSE, "the connection broke during the stream", None
        return EngineUnavailable.UNREACHABLE, "could not connect to the model server", None
    if isinstance(exc, openai.RateLimitError):
        return EngineUnavailable.RATE_LIMITED, "HTTP 429", _retry_after(exc)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        if status in (400, 413, 422, 500) and _is_context_overflow(exc):
            return EngineUnavailable.TOO_LONG, f"HTTP {status}: longer than the model's context", None
        if status >= 500:
            return EngineUnavailable.SERVER_ERROR, f"HTTP {status}", _retry_after(exc)
        if status in (408, 409):
            return EngineUnavailable.SERVER_ERROR, f"HTTP {status}", None
        return EngineUnavailable.REJECTED, f"HTTP {status}", None
    if isinstance(exc, openai.APIResponseValidationError):
        return EngineUnavailable.BAD_RESPONSE, "response did not match the API", None
    if isinstance(exc, openai.APIError):  # an error event inside the stream
        if _is_context_overflow(exc):
            return EngineUnavailable.TOO_LONG, "longer than the model's context (in the stream)", None
        return EngineUnavailable.SERVER_ERROR, "error reported inside the stream", None
    return EngineUnavailable.BAD_RESPONSE, type(exc).__name__, None


def _retry_after(exc: openai.APIStatusError) -> float | None:
    value = exc.response.headers.get("retry-after") if exc.response is not None else None
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _parse_summary(text: str, *, engine: str) -> Summary:
    """Read the model's JSON summary, tolerating code fences and text around it."""
    match = _JSON_OBJECT.search(text)
    try:
        data = json.loads(match.group(0) if match else text)
    except (ValueError, TypeError) as exc:
        raise EngineUnavailable(
            EngineUnavailable.BAD_RESPONSE, "the summary was not JSON", engine=engine
        ) from exc
    if not isinstance(data, dict):
        raise EngineUnavailable(
            EngineUnavailable.BAD_RESPONSE, "the summary was not a JSON object", engine=engine
        )

    def strings(key: str, limit: int) -> list[str]:
        value = data.get(key) or []
        if not isinstance(value, list):
            return []
        return [str(v).strip() for v in value if isinstance(v, str | int | float) and str(v).strip()][:limit]

    return Summary(noticed=strings("noticed", 8), next_steps=strings("next_steps", 5))
