"""A second, minimal client for time to first token (issue 14): through Kabeuchi ÷ directly from
the same OpenAI-compatible model server, at 20 concurrent streams, steady and burst.

    .venv/bin/python bench/ttft_minimal_client.py                       # starts everything itself
    .venv/bin/python bench/ttft_minimal_client.py --kabeuchi http://host:port --token TOKEN \\
        --model http://host:port/v1                                     # against running servers

bench/coach_ttft_bench.py measures the same thing with httpx (the HTTP client the openai SDK
uses), in the process that also runs the fake model server.  This client shares none of that: it
speaks HTTP/1.1 over asyncio's raw streams (no HTTP library), sends only the documented API
requests (``POST /api/v1/conversations`` once for a starting state, then ``POST
/api/v1/conversations/unsaved/messages`` with the access token, docs/architecture.md), and the
model server runs in a process of its own.  Without ``--kabeuchi`` it starts, in separate
processes: the local fake model server (tests/fakes/openai_server.py: 300 ms before the first
token, 5 ms between tokens), and Kabeuchi (``kabeuchi serve``) with the openai engine pointed at it,
one worker per core, on a fresh data directory with one member and one access token.

Loads (each first warmed by one round at full concurrency, so every connection is open):
- steady: 20 people, each sending the next message as soon as the last reply has ended, for
  ``--seconds`` (replies that start in the first second are not counted);
- burst: 20 messages at the same instant, ``--rounds`` rounds.
Time to first token is the time from writing the request to reading the first line that carries
text: ``event: chunk`` from Kabeuchi, a ``data:`` line with ``"content"`` from the model server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
MESSAGE = "異動するか迷っています"


class Stream:
    """One keep-alive HTTP/1.1 connection; requests are sent one after another."""

    def __init__(self, base: str):
        url = urlsplit(base)
        self.host, self.port, self.prefix = url.hostname, url.port or 80, url.path.rstrip("/")
        self.reader = self.writer = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def close(self) -> None:
        if self.writer:
            self.writer.close()

    async def post(self, path: str, body: dict, headers: dict[str, str], first) -> tuple[float | None, bytes]:
        """POST ``body`` as JSON; read the whole answer.  Returns the seconds until the first line
        for which ``first(line)`` holds (None if none did) and the body."""
        data = json.dumps(body, ensure_ascii=False).encode()
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        started = time.perf_counter()
        self.writer.write(f"POST {self.prefix}{path} HTTP/1.1\r\nHost: {self.host}\r\n{head}"
                          f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n".encode() + data)
        status_line = await self.reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        length, chunked = None, False
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
            elif name.strip().lower() == "transfer-encoding" and "chunked" in value.lower():
                chunked = True
        seen: float | None = None
        body_parts: list[bytes] = []
        pending = b""

        def lines_of(piece: bytes) -> None:
            nonlocal pending, seen
            body_parts.append(piece)
            pending += piece
            *complete, pending = pending.split(b"\n")
            for raw in complete:
                if seen is None and first(raw.decode("utf-8", "replace").rstrip("\r")):
                    seen = time.perf_counter() - started

        if chunked:
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                piece = await self.reader.readexactly(size + 2)
                if size == 0:
                    break
                lines_of(piece[:-2])
        elif length is not None:
            lines_of(await self.reader.readexactly(length))
        if not 200 <= status < 300:
            raise RuntimeError(f"HTTP {status} from {path}: {b''.join(body_parts)[:300]!r}")
        return seen, b"".join(body_parts)


def _kabeuchi_first(line: str) -> bool:
    return line == "event: chunk"


def _model_first(line: str) -> bool:
    return line.startswith("data: ") and '"content"' in line


async def _load(kind: str, ask, streams: int, seconds: float, rounds: int) -> list[float]:
    connections = [await ask.connect() for _ in range(streams)]
    try:
        await asyncio.gather(*(ask(c) for c in connections))  # warm-up
        results: list[float] = []
        if kind == "burst":
            for _ in range(rounds):
                results += await asyncio.gather(*(ask(c) for c in connections))
            return results
        begin = time.perf_counter()
        end = begin + 1 + seconds

        async def person(c):
            while time.perf_counter() < end:
                started = time.perf_counter()
                ttft = await ask(c)
                if started - begin >= 1:
                    results.append(ttft)

        await asyncio.gather(*(person(c) for c in connections))
        return results
    finally:
        for c in connections:
            c.close()


class Ask:
    def __init__(self, base: str, path: str, body: dict, headers: dict, first):
        self.base, self.path, self.body, self.headers, self.first = base, path, body, headers, first

    async def connect(self) -> Stream:
        s = Stream(self.base)
        await s.open()
        return s

    async def __call__(self, stream: Stream) -> float:
        seen, _ = await stream.post(self.path, self.body, self.headers, self.first)
        if seen is None:
            raise RuntimeError(f"no text in the answer from {self.base}{self.path}")
        return seen


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


async def measure(kabeuchi: str, token: str, model: str, streams: int, seconds: float, rounds: int) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    s = Stream(kabeuchi)
    await s.open()
    _, body = await s.post("/api/v1/conversations", {"theme": "free", "retention_days": 0}, auth, lambda line: False)
    s.close()
    state = json.loads(body)["state"]
    direct = Ask(model, "/chat/completions", {"model": "fake-model", "stream": True,
                                              "messages": [{"role": "user", "content": "迷っています"}]},
                 {"Authorization": "Bearer x"}, _model_first)
    through = Ask(kabeuchi, "/api/v1/conversations/unsaved/messages", {"message": MESSAGE, "state": state}, auth,
                  _kabeuchi_first)
    print(f"TTFT at {streams} concurrent streams (minimal asyncio client, raw HTTP/1.1)")
    for kind in ("steady", "burst"):
        d = await _load(kind, direct, streams, seconds, rounds)
        k = await _load(kind, through, streams, seconds, rounds)
        print(f" {kind}: {len(k)} replies through Kabeuchi, {len(d)} direct")
        print(f"  direct    median {statistics.median(d) * 1000:.1f} ms  p95 {p95(d) * 1000:.1f} ms")
        print(f"  Kabeuchi  median {statistics.median(k) * 1000:.1f} ms  p95 {p95(k) * 1000:.1f} ms")
        print(f"  ratio (median) {statistics.median(k) / statistics.median(d):.3f}   "
              f"ratio (p95) {p95(k) / p95(d):.3f}   (goal <= 1.05)")


# ---------------------------------------------------------------- starting the servers


FAKE = """
import sys, time
from tests.fakes.openai_server import FakeOpenAIServer
with FakeOpenAIServer() as fake:
    fake.behave(first_token_delay=%(latency)r, chunk_chars=4, token_delay=0.005)
    print(fake.url, flush=True)
    sys.stdin.read()  # until the bench closes our stdin
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(latency: float, workers: int) -> tuple[list[subprocess.Popen], str, str, str]:
    fake = subprocess.Popen([sys.executable, "-c", FAKE % {"latency": latency}], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    model = fake.stdout.readline().strip()
    data = tempfile.mkdtemp(prefix="kabeuchi-ttft-")
    env = {**os.environ, "KABEUCHI_DATA_DIR": data, "DJANGO_SETTINGS_MODULE": "config.settings",
           "KABEUCHI_AI_ENGINE": "openai", "KABEUCHI_AI_BASE_URL": model, "KABEUCHI_AI_MODEL": "fake-model",
           "KABEUCHI_AI_API_KEY": "x", "KABEUCHI_API_TOKEN_RATE_PER_MINUTE": "1000000",
           "KABEUCHI_API_RATE_PER_MINUTE": "1000000"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)

    def cli(*args):
        done = subprocess.run([sys.executable, "-m", "kabeuchi.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(done.stderr[-2000:])
        return done.stdout

    cli("migrate", "-v", "0")
    token = cli("shell", "-c", (
        "from kabeuchi.accounts import services as s;"
        "u=s.user_create(email='ttft@example.jp', password='a-long-bench-pass-42');"
        "s.membership_create(user=u, organisation=s.organisation_create(name='計測株式会社', slug='ttft'));"
        "s.preferences_update(user=u, default_retention_days=0, guideline_read=True);"
        "print(s.access_token_create(user=u, name='ttft').secret)"
    )).strip().splitlines()[-1]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kabeuchi.cli", "serve", "--port", str(port), "--workers", str(workers)], env=env, cwd=ROOT)
    for _ in range(150):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            time.sleep(0.1)
    time.sleep(1.0 * workers)  # every worker has imported the app
    return [fake, server], f"http://127.0.0.1:{port}", token, model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kabeuchi", help="a running Kabeuchi (base URL); needs --token and --model")
    parser.add_argument("--token", help="an access token of a member (Settings → access tokens)")
    parser.add_argument("--model", help="the model server's OpenAI base URL that Kabeuchi itself uses")
    parser.add_argument("--streams", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--latency", type=float, default=0.3, help="first-token delay of the fake model server")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    procs: list[subprocess.Popen] = []
    if args.kabeuchi:
        base, token, model = args.kabeuchi, args.token, args.model
    else:
        procs, base, token, model = _start(args.latency, args.workers)
    try:
        asyncio.run(measure(base, token, model, args.streams, args.seconds, args.rounds))
    finally:
        for proc in reversed(procs):
            if proc.stdin:
                proc.stdin.close()
            proc.terminate()
            proc.wait(10)


if __name__ == "__main__":
    main()
