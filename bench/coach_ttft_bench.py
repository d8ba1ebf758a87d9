"""Time to first token through Kabeuchi ÷ directly from the same OpenAI-compatible server,
at 20 concurrent streams (goal ≤ 1.05), and the resident memory of a server process with the
guide engine loaded (goal < 400 MB).

    .venv/bin/python bench/coach_ttft_bench.py

The model server is the local fake (tests/fakes/openai_server.py) with a fixed latency of
300 ms before the first token and 5 ms between tokens; Kabeuchi runs under uvicorn in its own
process (`kabeuchi serve`, one worker per core) and is asked through the JSON API with an access token, as a
script would, and (steady load) through the page's own endpoint with a signed-in session and
CSRF header, as static/kabeuchi/talk.js does. Both paths are measured with the same async HTTP
client, which reads every reply to its end, after one warm-up round at full concurrency. Loads:

- steady: 20 people, each sending their next message as soon as the previous reply has ended,
  so 20 streams are always in flight (8 s, the first second not counted);
- burst: 20 messages sent at the same instant, 5 rounds; the worst case, where every request's
  CPU work before the model queues on the same cores.

Environment: BENCH_STREAMS, BENCH_WORKERS, BENCH_LATENCY (seconds), BENCH_ROUNDS, BENCH_SECONDS,
BENCH_HTTP (uvicorn's --http; "auto" for uvicorn's own protocol).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2 as httpx  # the HTTP client the openai SDK itself uses

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.fakes.openai_server import FakeOpenAIServer  # noqa: E402

STREAMS = int(os.environ.get("BENCH_STREAMS", "20"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
STEADY_SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))
LATENCY = float(os.environ.get("BENCH_LATENCY", "0.3"))  # the model server's fixed time to first token, seconds
# One uvicorn worker per core, as in production (docs/operations.md); BENCH_WORKERS=1 for one.
WORKERS = int(os.environ.get("BENCH_WORKERS", str(os.cpu_count() or 1)))
# uvicorn's HTTP protocol: Kabeuchi's (TCP_NODELAY on every connection, docs/operations.md), served
# by `kabeuchi serve`; or BENCH_HTTP=auto for the plain uvicorn command with uvicorn's own protocol
# (Nagle's algorithm stays on with several workers, and the workers share one listening socket).
HTTP_PROTOCOL = os.environ.get("BENCH_HTTP", "kabeuchi.core.serving:HTTPProtocol")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kabeuchi(env, *args, stdin: str | None = None) -> str:
    return subprocess.run(
        [sys.executable, "-m", "kabeuchi.cli", *args], env=env, cwd=ROOT, input=stdin, capture_output=True, text=True, check=True
    ).stdout


def start_server(env, port: int, workers: int = 1) -> subprocess.Popen:
    if HTTP_PROTOCOL == "kabeuchi.core.serving:HTTPProtocol":
        # as deployed (docs/operations.md): kabeuchi serve, one SO_REUSEPORT socket per worker
        command = [sys.executable, "-m", "kabeuchi.cli", "serve", "--port", str(port), "--workers", str(workers)]
    else:
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--port", str(port), "--log-level",
                   "warning", "--no-access-log", "--workers", str(workers), "--http", HTTP_PROTOCOL]
    proc = subprocess.Popen(command, env=env, cwd=ROOT)
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=0.5)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


async def first_chunk_after(client: httpx.AsyncClient, url: str, body: dict, headers: dict, is_first) -> float:
    """Seconds until the first line for which ``is_first`` holds; the reply is read to its end."""
    start = time.perf_counter()
    first = None
    async with client.stream("POST", url, json=body, headers=headers) as r:
        async for line in r.aiter_lines():
            if first is None and is_first(line):
                first = time.perf_counter() - start
    if first is None:
        raise RuntimeError(f"no first chunk from {url} (HTTP {r.status_code})")
    return first


async def ttft_direct(client: httpx.AsyncClient, url: str) -> float:
    body = {"model": "fake-model", "stream": True, "messages": [{"role": "user", "content": "迷っています"}]}
    return await first_chunk_after(
        client, url + "/chat/completions", body, {"Authorization": "Bearer x"},
        lambda line: line.startswith("data: ") and '"content"' in line,
    )


def _chunk_event(line: str) -> bool:
    return line == "event: chunk"


async def ttft_kabeuchi(client: httpx.AsyncClient, base: str, token: str, state: dict) -> float:
    """A script's request: the JSON API with an access token."""
    body = {"message": "異動するか迷っています", "state": state}
    return await first_chunk_after(
        client, base + "/api/v1/conversations/unsaved/messages", body, {"Authorization": f"Bearer {token}"}, _chunk_event
    )


async def ttft_browser(client: httpx.AsyncClient, base: str, csrf: str, state: dict) -> float:
    """The page's own request (static/kabeuchi/talk.js): session cookie and CSRF header."""
    body = {"message": "異動するか迷っています", "state": state}
    headers = {"X-CSRFToken": csrf, "Accept": "text/event-stream"}
    return await first_chunk_after(client, base + "/talk/unsaved/messages/", body, headers, _chunk_event)


def signed_in_cookies(base: str) -> tuple[dict, str]:
    """Sign in through the login form as the bench person; the session and CSRF cookies."""
    with httpx.Client(base_url=base) as client:
        page = client.get("/accounts/login/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        client.post("/accounts/login/", data={"csrfmiddlewaretoken": token, "username": "bench@example.jp",
                                             "password": "a-long-bench-pass-42"})
        page = client.get("/talk/unsaved/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return dict(client.cookies), token


async def rounds(fn, cookies: dict | None = None) -> list[float]:
    results: list[float] = []
    limits = httpx.Limits(max_connections=STREAMS * 2, max_keepalive_connections=STREAMS * 2)
    async with httpx.AsyncClient(timeout=30, limits=limits, cookies=cookies) as client:
        # Warm up with one round at full concurrency: every connection (client to server, and
        # Kabeuchi to the model server) is open before measuring, as on a server in use.
        await asyncio.gather(*(fn(client) for _ in range(STREAMS)))
        for _ in range(ROUNDS):
            results += await asyncio.gather(*(fn(client) for _ in range(STREAMS)))
    return results


async def steady(fn, cookies: dict | None = None) -> list[float]:
    """STREAMS people, each sending their next message as soon as the previous reply has fully
    arrived: always STREAMS streams in flight, starting whenever their turn comes. Replies that
    start in the first second are warm-up and not counted."""
    results: list[float] = []
    limits = httpx.Limits(max_connections=STREAMS * 2, max_keepalive_connections=STREAMS * 2)
    async with httpx.AsyncClient(timeout=30, limits=limits, cookies=cookies) as client:
        begin = time.perf_counter()
        end = begin + 1 + STEADY_SECONDS

        async def person():
            while time.perf_counter() < end:
                started = time.perf_counter()
                ttft = await fn(client)
                if started - begin >= 1:
                    results.append(ttft)

        await asyncio.gather(*(person() for _ in range(STREAMS)))
    return results


def report(name: str, direct: list[float], through: list[float]) -> None:
    def p95(values):
        return sorted(values)[int(len(values) * 0.95) - 1]

    d, k = statistics.median(direct), statistics.median(through)
    what = (f"{STREAMS} streams always in flight for {STEADY_SECONDS:.0f} s" if name.startswith("steady")
            else f"{STREAMS} streams started at the same instant, {ROUNDS} rounds")
    print(f" {name}: {what} ({len(through)} replies through Kabeuchi)")
    print(f"  direct    median {d * 1000:.1f} ms  p95 {p95(direct) * 1000:.1f} ms")
    print(f"  Kabeuchi  median {k * 1000:.1f} ms  p95 {p95(through) * 1000:.1f} ms")
    print(f"  ratio (median) {k / d:.3f}   ratio (p95) {p95(through) / p95(direct):.3f}   (goal <= 1.05)")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    data = tempfile.mkdtemp(prefix="kabeuchi-bench-")
    with FakeOpenAIServer() as fake:
        fake.behave(first_token_delay=LATENCY, chunk_chars=4, token_delay=0.005)
        env = {
            **os.environ, "KABEUCHI_DATA_DIR": data, "KABEUCHI_MASTER_KEY": "b1:" + "A" * 43 + "=",
            "KABEUCHI_AI_ENGINE": "openai", "KABEUCHI_AI_BASE_URL": fake.url, "KABEUCHI_AI_MODEL": "fake-model",
            "KABEUCHI_AI_API_KEY": "x", "DJANGO_SETTINGS_MODULE": "config.settings",
            # one token sends thousands of messages a minute here; the API's per-token and
            # per-person limits (docs/operations.md) would answer 429 after 120
            "KABEUCHI_API_TOKEN_RATE_PER_MINUTE": os.environ.get("KABEUCHI_API_TOKEN_RATE_PER_MINUTE", "1000000"),
            "KABEUCHI_API_RATE_PER_MINUTE": os.environ.get("KABEUCHI_API_RATE_PER_MINUTE", "1000000"),
        }
        kabeuchi(env, "migrate", "-v", "0")
        token = kabeuchi(env, "shell", "-c", (
            # an employee of an organisation with its own policy, as in a pilot
            "from kabeuchi.accounts import services as s;"
            "u=s.user_create(email='bench@example.jp', password='a-long-bench-pass-42');"
            "s.membership_create(user=u, organisation=s.organisation_create(name='ベンチ株式会社', slug='bench'));"
            "s.preferences_update(user=u, default_retention_days=0, guideline_read=True);"
            "print(s.access_token_create(user=u, name='bench').secret)"
        )).strip().splitlines()[-1]
        port = free_port()
        proc = start_server(env, port, workers=WORKERS)
        try:
            base = f"http://127.0.0.1:{port}"
            state = httpx.post(base + "/api/v1/conversations", json={"theme": "free", "retention_days": 0},
                               headers={"Authorization": f"Bearer {token}"}).json()["state"]
            print(f"TTFT at {STREAMS} concurrent streams, model latency {LATENCY * 1000:.0f} ms, "
                  f"{WORKERS} uvicorn worker(s):")
            for name, load in (("steady", steady), ("burst", rounds)):
                direct = asyncio.run(load(lambda c: ttft_direct(c, fake.url)))
                through = asyncio.run(load(lambda c: ttft_kabeuchi(c, base, token, state)))
                report(name, direct, through)
            # The same through the page's endpoint (session cookie and CSRF: the full stack).
            cookies, csrf = signed_in_cookies(base)
            direct = asyncio.run(steady(lambda c: ttft_direct(c, fake.url)))
            through = asyncio.run(steady(lambda c: ttft_browser(c, base, csrf, state), cookies))
            report("steady, page endpoint", direct, through)
        finally:
            proc.terminate()
            proc.wait()

    # Memory of a server process with the guide engine loaded, after 200 guide replies.
    env = {**env, "KABEUCHI_AI_ENGINE": "guide"}
    port = free_port()
    proc = start_server(env, port)
    try:
        base = f"http://127.0.0.1:{port}"
        headers = {"Authorization": f"Bearer {token}"}
        state = httpx.post(base + "/api/v1/conversations", json={"theme": "moyamoya", "retention_days": 0}, headers=headers).json()["state"]
        timings = []
        with httpx.Client(timeout=30) as client:
            for i in range(200):
                start = time.perf_counter()
                r = client.post(base + "/api/v1/conversations/unsaved/messages", headers=headers,
                                json={"message": f"チームの方針が変わってモヤモヤしています。でも本当は企画をやりたい。{i}", "state": state})
                for block in r.text.split("\n\n"):
                    if block.startswith("event: done"):
                        state = json.loads(block.split("data: ", 1)[1])["state"]
                timings.append(time.perf_counter() - start)
                if len(state["turns"]) > 60:
                    state = httpx.post(base + "/api/v1/conversations", json={"theme": "moyamoya", "retention_days": 0}, headers=headers).json()["state"]
        timings.sort()
        print(f"guide engine over HTTP (full request): p50 {timings[100] * 1000:.1f} ms  p99 {timings[197] * 1000:.1f} ms")
        print(f"server process RSS with the guide engine loaded: {rss_mb(proc.pid):.0f} MB (goal < 400 MB)")
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
