"""A real local HTTP server that speaks the OpenAI API, for protocol-level tests and benches.

It listens on a free port of 127.0.0.1 in a background thread (stdlib ``http.server``, HTTP/1.1
with keep-alive and chunked streaming) and answers:

- ``POST /v1/chat/completions``: JSON, or Server-Sent Events when ``"stream": true``
  (``data: {chunk}\\n\\n`` … ``data: [DONE]\\n\\n``, usage chunk on ``stream_options.include_usage``);
- ``GET /v1/models`` and ``GET /v1/models/<id>``;
- ``POST /v1/embeddings``: deterministic unit vectors derived from the text (floats or base64).

Behaviour is controllable per test: the default ``Behaviour`` (``server.behave(...)``) or a
queue of behaviours for the next requests (``server.queue(...)``): latency before the first
token, delay per token, HTTP 429/500 (any status), a stream broken midway (connection closed
without the end of the chunked body), garbage JSON, a hang (no answer until released or
stopped, for timeouts), an empty reply. Every request is recorded (``server.requests``) so a
test can assert what was sent.

A context limit can be enforced like a real server (``FakeOpenAIServer(context_tokens=2048,
context_style="llama.cpp")``): prompt tokens are counted with ``count_prompt_tokens`` (a
stand-in tokenizer as hungry as the one measured in issue 14: 1.9 tokens per Japanese
character) and a chat request longer than the context is refused in the server's own words:
``"llama.cpp"`` (400, ``exceed_context_size_error``, prompt alone counted), ``"llama.cpp-old"``
(500, the message of older llama.cpp builds) or ``"openai"`` (400,
``context_length_exceeded``, prompt plus ``max_tokens`` counted, as OpenAI and vLLM do).

    with FakeOpenAIServer() as server:
        client = OpenAI(base_url=server.url, api_key="x")
        server.queue(Behaviour(status=429))
        ...
        assert server.chat_requests()[-1].json["model"] == "fake-model"
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DEFAULT_MODEL = "fake-model"
DEFAULT_REPLY = "お話しくださって、ありがとうございます。そのとき、どんな気持ちがありましたか。"

Reply = str | Callable[[dict[str, Any]], str]


@dataclass
class Behaviour:
    """How the server answers one request (fields combine where it makes sense).

    ``reply``: the text to return (or a function of the request JSON); ``None`` uses the
    server's reply. ``chunk_chars``: characters per streamed token. ``first_token_delay``:
    seconds between the response headers and the first token. ``token_delay``: seconds between
    tokens. ``status``: an HTTP error status to answer with instead (429, 500 …), with
    ``retry_after`` as its Retry-After header. ``break_after``: close the connection after that
    many tokens, mid-body. ``garbage_after``: send a line of invalid JSON after that many tokens
    (non-streamed: a 200 with an invalid JSON body). ``hang``: send nothing until released.
    ``hang_after``: stop after that many tokens, keeping the connection open. ``empty``: a
    well-formed stream or completion with no text. ``no_finish``: end the stream with
    ``[DONE]`` but without any chunk carrying a finish_reason.
    """

    reply: Reply | None = None
    chunk_chars: int = 4
    first_token_delay: float = 0.0
    token_delay: float = 0.0
    status: int = 200
    retry_after: str | None = None
    break_after: int | None = None
    garbage_after: int | None = None
    hang: bool = False
    hang_after: int | None = None
    empty: bool = False
    no_finish: bool = False


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    received_at: float = field(default_factory=time.monotonic)

    @property
    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8")) if self.body else None
        except ValueError:
            return None

    @property
    def messages(self) -> list[dict[str, Any]]:
        data = self.json
        return list(data.get("messages", [])) if isinstance(data, dict) else []

    @property
    def prompt_chars(self) -> int:
        """Characters of message content sent (the approximate-token measure of the benches)."""
        return sum(len(m.get("content") or "") for m in self.messages if isinstance(m.get("content"), str))


class FakeOpenAIServer:
    """See the module docstring. Use as a context manager, or call ``start``/``stop``."""

    def __init__(
        self,
        *,
        model: str = DEFAULT_MODEL,
        reply: Reply = DEFAULT_REPLY,
        api_key: str | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        embedding_dimensions: int = 16,
        context_tokens: int | None = None,
        context_style: str = "llama.cpp",
    ) -> None:
        if context_style not in CONTEXT_STYLES:
            raise ValueError(f"context_style is one of {CONTEXT_STYLES}")
        self.context_tokens = context_tokens
        self.context_style = context_style
        self.model = model
        self.reply = reply
        self.api_key = api_key
        self.embedding_dimensions = embedding_dimensions
        self.default = Behaviour()
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Behaviour] = deque()
        self._lock = threading.Lock()
        self._release = threading.Event()
        self._host, self._port = host, port
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle --

    def start(self) -> FakeOpenAIServer:
        if self._httpd is not None:
            return self
        self._release.clear()
        httpd = _Server((self._host, self._port), _Handler)
        httpd.fake = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        self._release.set()  # let hung handlers go
        httpd.shutdown()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("The server is not running.")
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """The base URL to give an OpenAI client (ends in /v1)."""
        return f"http://127.0.0.1:{self.port}/v1"

    # -- control --

    def behave(self, **changes: Any) -> None:
        """Change the default behaviour for every later request."""
        self.default = replace(self.default, **changes)

    def queue(self, *behaviours: Behaviour) -> None:
        """Use these behaviours for the next requests, one each, before the default."""
        with self._lock:
            self._queue.extend(behaviours)

    def release(self) -> None:
        """Let every hung request end (its connection is closed)."""
        self._release.set()

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self._queue.clear()
        self.default = Behaviour()
        self._release.clear()

    def chat_requests(self) -> list[RecordedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith("/chat/completions")]

    # -- used by the handler --

    def _record(self, request: RecordedRequest) -> Behaviour:
        with self._lock:
            self.requests.append(request)
            return self._queue.popleft() if self._queue else self.default

    def _reply_text(self, behaviour: Behaviour, body: dict[str, Any]) -> str:
        if behaviour.empty:
            return ""
        source = behaviour.reply if behaviour.reply is not None else self.reply
        return source(body) if callable(source) else source


CONTEXT_STYLES = ("llama.cpp", "llama.cpp-old", "openai")


def count_prompt_tokens(body: dict[str, Any]) -> int:
    """A stand-in tokenizer: 1.9 tokens per character outside ASCII (the Japanese system prompt
    measured up to 1.89 on llama.cpp, issue 14), one per 4 ASCII characters, and a chat
    template's markers (5 per message, 3 for the reply's header)."""
    total = 3
    for message in body.get("messages", []):
        content = str(message.get("content") or "")
        ascii_chars = len(content.encode("ascii", "ignore"))
        total += 5 + math.ceil((len(content) - ascii_chars) * 1.9) + math.ceil(ascii_chars / 4)
    return total


def echo(body: dict[str, Any]) -> str:
    """A reply that repeats the last user message (handy for asserting order and content)."""
    users = [m.get("content", "") for m in body.get("messages", []) if m.get("role") == "user"]
    return f"echo: {users[-1] if users else ''}"


def embedding_for(text: str, dimensions: int) -> list[float]:
    """A deterministic unit vector for ``text``."""
    values: list[float] = []
    counter = 0
    while len(values) < dimensions:
        digest = hashlib.sha256(f"{counter}:{text}".encode()).digest()
        values.extend((b - 127.5) / 127.5 for b in digest)
        counter += 1
    values = values[:dimensions]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [v / norm for v in values]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a hung handler must not hold up stop()
    request_queue_size = 128
    fake: FakeOpenAIServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up (timeout, closed pool) is part of the tests, not an error.
        import sys

        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Small writes (headers, then one SSE event per token) must not wait for delayed ACKs.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
        pass

    # -- dispatch --

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        fake = self.server.fake
        behaviour = fake._record(
            RecordedRequest(method, self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        if fake.api_key is not None and self.headers.get("Authorization") != f"Bearer {fake.api_key}":
            self._error(HTTPStatus.UNAUTHORIZED, "Incorrect API key provided.", "invalid_api_key")
            return
        if behaviour.hang:
            self._hang()
            return
        if behaviour.status != 200:
            self._error(
                behaviour.status, "The fake server was told to fail.", "fake_failure", behaviour.retry_after
            )
            return
        path = self.path.split("?", 1)[0].rstrip("/")
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            self._error(HTTPStatus.BAD_REQUEST, "Body is not JSON.", "invalid_json")
            return
        if method == "POST" and path == "/v1/chat/completions":
            self._chat(data, behaviour)
        elif method == "POST" and path == "/v1/embeddings":
            self._embeddings(data)
        elif method == "GET" and path == "/v1/models":
            self._json(200, {"object": "list", "data": [self._model_object()]})
        elif method == "GET" and path == f"/v1/models/{fake.model}":
            self._json(200, self._model_object())
        else:
            self._error(HTTPStatus.NOT_FOUND, f"No route {method} {path}.", "not_found")

    # -- endpoints --

    def _too_long(self, data: dict[str, Any]) -> bool:
        """Refuse a request longer than the context, in the configured server's words."""
        fake = self.server.fake
        if fake.context_tokens is None:
            return False
        n_ctx, prompt = fake.context_tokens, count_prompt_tokens(data)
        if fake.context_style == "openai":
            wanted = prompt + int(data.get("max_tokens") or data.get("max_completion_tokens") or 0)
            if wanted <= n_ctx:
                return False
            message = (
                f"This model's maximum context length is {n_ctx} tokens. However, you requested {wanted} "
                f"tokens ({prompt} in the messages, {wanted - prompt} in the completion). "
                "Please reduce the length of the messages or completion."
            )
            self._json(
                400,
                {"error": {"message": message, "type": "invalid_request_error", "param": "messages",
                           "code": "context_length_exceeded"}},
            )
            return True
        if prompt < n_ctx:
            return False
        if fake.context_style == "llama.cpp-old":
            message = "the request exceeds the available context size, try increasing it"
            self._json(500, {"error": {"code": 500, "message": message, "type": "server_error"}})
            return True
        message = f"request ({prompt} tokens) exceeds the available context size ({n_ctx} tokens), try increasing it"
        self._json(
            400,
            {"error": {"code": 400, "message": message, "type": "exceed_context_size_error",
                       "n_prompt_tokens": prompt, "n_ctx": n_ctx}},
        )
        return True

    def _chat(self, data: dict[str, Any], behaviour: Behaviour) -> None:
        fake = self.server.fake
        if self._too_long(data):
            return
        text = fake._reply_text(behaviour, data)
        prompt_tokens = (
            count_prompt_tokens(data)
            if fake.context_tokens is not None
            else sum(len(str(m.get("content") or "")) for m in data.get("messages", []))
        )
        usage = {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": len(text),
            "total_tokens": prompt_tokens + len(text),
        }
        ident = "chatcmpl-" + hashlib.sha1(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]
        created = int(time.time())
        if not data.get("stream"):
            if behaviour.first_token_delay:
                time.sleep(behaviour.first_token_delay)
            if behaviour.garbage_after is not None:
                self._raw(200, b'{"id": "chatcmpl-x", "choices": [ {"message": ', "application/json")
                return
            self._json(
                200,
                {
                    "id": ident,
                    "object": "chat.completion",
                    "created": created,
                    "model": fake.model,
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": text},
                            "finish_reason": "stop",
                            "logprobs": None,
                        }
                    ],
                    "usage": usage,
                },
            )
            return

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self.wfile.flush()

        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {
                "id": ident,
                "object": "chat.completion.chunk",
                "created": created,
                "model": fake.model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
            }

        if behaviour.first_token_delay:
            time.sleep(behaviour.first_token_delay)
        size = max(1, behaviour.chunk_chars)
        tokens = [text[i : i + size] for i in range(0, len(text), size)]
        self._event(chunk({"role": "assistant", "content": ""}))
        for index, token in enumerate(tokens):
            if behaviour.break_after is not None and index >= behaviour.break_after:
                self._break()
                return
            if behaviour.garbage_after is not None and index >= behaviour.garbage_after:
                self._send_chunk(b'data: {"choices": [{"delta": {"content": "\xe3\x81\x82", \n\n')
                self._end()
                return
            if behaviour.hang_after is not None and index >= behaviour.hang_after:
                self._hang(headers_sent=True)
                return
            if index and behaviour.token_delay:
                time.sleep(behaviour.token_delay)
            self._event(chunk({"content": token}))
        if behaviour.break_after is not None and behaviour.break_after >= len(tokens):
            self._break()
            return
        if not behaviour.no_finish:
            self._event(chunk({}, "stop"))
        options = data.get("stream_options") or {}
        if options.get("include_usage"):
            self._event(
                {
                    "id": ident,
                    "object": "chat.completion.chunk",
                    "created": created,
                    "model": fake.model,
                    "choices": [],
                    "usage": usage,
                }
            )
        self._send_chunk(b"data: [DONE]\n\n")
        self._end()

    def _embeddings(self, data: dict[str, Any]) -> None:
        fake = self.server.fake
        raw = data.get("input", "")
        inputs = [raw] if isinstance(raw, str) else list(raw)
        dimensions = int(data.get("dimensions") or fake.embedding_dimensions)
        items = []
        for index, item in enumerate(inputs):
            text = item if isinstance(item, str) else json.dumps(item)
            vector = embedding_for(text, dimensions)
            if data.get("encoding_format") == "base64":
                encoded: Any = base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")
            else:
                encoded = vector
            items.append({"object": "embedding", "index": index, "embedding": encoded})
        tokens = sum(len(i) if isinstance(i, str) else 1 for i in inputs)
        self._json(
            200,
            {
                "object": "list",
                "data": items,
                "model": data.get("model", fake.model),
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            },
        )

    def _model_object(self) -> dict[str, Any]:
        return {"id": self.server.fake.model, "object": "model", "created": 0, "owned_by": "kabeuchi-tests"}

    # -- writing --

    def _json(self, status: int, payload: Any, extra_headers: dict[str, str] | None = None) -> None:
        self._raw(
            status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), "application/json", extra_headers
        )

    def _raw(
        self, status: int, body: bytes, content_type: str, extra_headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (extra_headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _error(self, status: int, message: str, code: str, retry_after: str | None = None) -> None:
        headers = {"Retry-After": retry_after} if retry_after is not None else None
        kind = (
            "rate_limit_error"
            if status == 429
            else "server_error"
            if status >= 500
            else "invalid_request_error"
        )
        self._json(
            int(status), {"error": {"message": message, "type": kind, "param": None, "code": code}}, headers
        )

    def _event(self, payload: dict[str, Any]) -> None:
        self._send_chunk(b"data: " + json.dumps(payload, ensure_ascii=False).encode("utf-8") + b"\n\n")

    def _send_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode("ascii") + data + b"\r\n")
        self.wfile.flush()

    def _end(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _break(self) -> None:
        """Close the connection in the middle of the chunked body."""
        self.wfile.flush()
        self.close_connection = True

    def _hang(self, *, headers_sent: bool = False) -> None:
        self.server.fake._release.wait(timeout=300)
        self.close_connection = True
