"""Kabeuchi's pages over HTTP, alone and under concurrency, next to a bare Django "hello" view
served the same way in the same run (issue 14).

    /work/main/.venv/bin/python bench/page_throughput_bench.py                 # SQLite, 1 worker
    /work/main/.venv/bin/python bench/page_throughput_bench.py --db postgres --workers 2 \
        --pg postgres://postgres@127.0.0.1:5432/kb_speed --redis redis://127.0.0.1:6379/5
    options: --levels 1,10,50  --duration 5  --repeat 3  --single 60

What it does, in one command:

- a fresh data dir; ``kabeuchi migrate``, ``kabeuchi demo --no-serve`` (the demo organisation
  and its programmes), then one member of さくら工業 with a career notebook of 200 items
  (tests/notebook/factories.fill_notebook), a saved conversation, and a 1on1 agenda;
- uvicorn with docs/operations.md's options (``--http kabeuchi.core.serving:HTTPProtocol``,
  no access log), ``--workers N``; the bare hello project (bench/hello_baseline) under the same
  command on another port;
- the person signs in through the login form once; every request carries the session cookie, so
  every privacy middleware runs as for a person in a browser;
- per page: single-request p50 over HTTP (one keep-alive connection, ``--single`` requests)
  against the same view through Django's test client in a separate process on the same data
  (in-process: middleware, session, templates, vault, no server); then for each level a
  closed loop of C keep-alive connections for ``--duration`` seconds: requests/s and
  p50/p95/p99, ``--repeat`` times; the load average before each measurement.

The load client is a small raw HTTP/1.1 client on asyncio (below): it costs far less CPU than
httpx or locust, which matters when client and server share 2 cores.  --db postgres uses the
database named in --pg (it is dropped and re-created: give a bench-only name).
"""

from __future__ import annotations

import argparse
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

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-bench-pass-42"
EMAIL = "speed-0001@sakura.example"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

SETUP = """
import json
from kabeuchi.accounts import services as s
from kabeuchi.accounts.models import Membership, Organisation
from kabeuchi.oneonone import services as oo
from tests.notebook.factories import fill_notebook
org = Organisation.objects.get(slug="sakura")
manager = Membership.objects.get(user__email="bunta@sakura.example")
u = s.user_create(email=%(email)r, password=%(password)r, display_name="速度")
m = s.membership_create(user=u, organisation=org, department="開発部", team="チーム1")
Membership.objects.filter(pk=m.pk).update(manager=manager)
s.preferences_update(user=u, default_retention_days=30, guideline_read=True)
n = fill_notebook(u, experiences=10, strengths=5, directions=5, skills=10, learning=100, goals=5, checkins=65)
assert n == 200, n
content = oo.agenda_content_clean(since="新しいチームに移った", topics=[{"text": "来期の役割について"}, {"text": "研修の相談"}],
                                  support="週1回の相談", first_words="最近の様子から話したい")
agenda = oo.agenda_create(user=u, content=content)
print("SETUP" + json.dumps({"items": n, "agenda": str(agenda.pk)}))
"""

IN_PROCESS = """
import json, statistics, time
from django.test import Client
from kabeuchi.accounts.models import User
urls = json.loads(%(urls)r)
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(email=%(email)r), backend="django.contrib.auth.backends.ModelBackend")
out = {}
for name, url in urls.items():
    for _ in range(5):
        client.get(url)
    samples = []
    for _ in range(%(n)d):
        t = time.perf_counter()
        r = client.get(url)
        samples.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    out[name] = statistics.median(samples)
print("INPROC" + json.dumps(out))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loadavg() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def kabeuchi(env, *args) -> str:
    return subprocess.run([sys.executable, "-m", "kabeuchi.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout


def start_server(app: str, env, port: int, workers: int, log: Path, ready: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--no-access-log", "--log-level", "warning",
         "--http", "kabeuchi.core.serving:HTTPProtocol"],
        env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        try:
            status, _, _ = asyncio.run(one_request(port, ready))
            if status == 200:
                return proc
        except OSError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"server did not start; see {log}")


# ---------------------------------------------------------------- a minimal HTTP/1.1 client


class Connection:
    def __init__(self, port: int, cookie: str = ""):
        self.port, self.cookie = port, cookie
        self.reader = self.writer = None

    async def open(self):
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        sock = self.writer.get_extra_info("socket")
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    async def get(self, path: str, extra: str = "") -> tuple[int, dict, bytes]:
        cookie = f"Cookie: {self.cookie}\r\n" if self.cookie else ""
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{cookie}{extra}\r\n".encode())
        return await self.response()

    async def post(self, path: str, body: bytes, extra: str = "") -> tuple[int, dict, bytes]:
        cookie = f"Cookie: {self.cookie}\r\n" if self.cookie else ""
        self.writer.write(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{cookie}{extra}"
                          f"Content-Type: application/x-www-form-urlencoded\r\n"
                          f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        return await self.response()

    async def response(self) -> tuple[int, dict, bytes]:
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers: dict[str, list[str]] = {}
        for line in lines[1:]:
            if line:
                k, v = line.split(":", 1)
                headers.setdefault(k.strip().lower(), []).append(v.strip())
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"][0]))
        elif headers.get("transfer-encoding") == ["chunked"]:
            parts = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                parts.append(await self.reader.readexactly(size + 2))
                if size == 0:
                    break
            body = b"".join(parts)
        else:
            body = b""
        return status, headers, body

    def close(self):
        if self.writer:
            self.writer.close()


async def one_request(port: int, path: str) -> tuple[int, dict, bytes]:
    c = Connection(port)
    await c.open()
    try:
        return await asyncio.wait_for(c.get(path), 5)
    finally:
        c.close()


async def closed_loop(port: int, path: str, cookie: str, connections: int, seconds: float) -> tuple[int, list[float], int, float]:
    """C connections, each sending the next request as soon as the last answer arrived."""
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker():
        nonlocal errors
        c = Connection(port, cookie)
        await c.open()
        try:
            while time.perf_counter() < stop:
                t = time.perf_counter()
                status, _, _ = await c.get(path)
                latencies.append((time.perf_counter() - t) * 1000)
                if status != 200:
                    errors += 1
        finally:
            c.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return len(latencies), latencies, errors, time.perf_counter() - started


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


# ---------------------------------------------------------------- set-up


async def sign_in(port: int) -> tuple[str, str]:
    """Sign in through the form; returns (cookie header, conversation path)."""
    c = Connection(port)
    await c.open()
    jar: dict[str, str] = {}

    def keep(headers):
        for line in headers.get("set-cookie", []):
            name, value = line.split(";", 1)[0].split("=", 1)
            jar[name] = value
        c.cookie = "; ".join(f"{k}={v}" for k, v in jar.items())

    status, headers, body = await c.get("/accounts/login/")
    keep(headers)
    token = CSRF_INPUT.search(body.decode()).group(1)
    from urllib.parse import urlencode

    status, headers, _ = await c.post("/accounts/login/", urlencode(
        {"csrfmiddlewaretoken": token, "username": EMAIL, "password": PASSWORD}).encode())
    assert status == 302, f"sign-in answered {status}"
    keep(headers)
    status, headers, body = await c.get("/talk/")
    token = CSRF_INPUT.search(body.decode()).group(1)
    status, headers, _ = await c.post("/talk/start/", urlencode(
        {"csrfmiddlewaretoken": token, "theme": "free", "retention_days": "30"}).encode())
    assert status == 302, f"starting a conversation answered {status}"
    keep(headers)
    conversation = headers["location"][0]
    c.close()
    return c.cookie, conversation


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--levels", default="1,10,50")
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--single", type=int, default=60)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/kb_speed")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--pages", default="notebook,conversation,1on1,programmes")
    parser.add_argument("--keep", action="store_true", help="leave the server running (for a profiler); prints its pid")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]

    data = Path(tempfile.mkdtemp(prefix="kabeuchi-pages-"))
    env = {**os.environ, "KABEUCHI_DATA_DIR": str(data), "PYTHONPATH": str(ROOT),
           "DJANGO_SETTINGS_MODULE": "config.settings", "KABEUCHI_LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if args.db == "postgres":
        import psycopg

        base, name = args.pg.rsplit("/", 1)
        assert name not in ("postgres", "template0", "template1"), "give a bench-only database name"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}"')
            pg.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = args.pg
        env["REDIS_URL"] = args.redis
        import redis

        redis.Redis.from_url(args.redis).flushdb()

    kabeuchi(env, "migrate", "-v", "0")
    kabeuchi(env, "demo", "--no-serve")
    out = kabeuchi(env, "shell", "-c", SETUP % {"email": EMAIL, "password": PASSWORD})
    made = json.loads(out.split("SETUP", 1)[1])

    port, hello_port = free_port(), free_port()
    server = start_server("config.asgi:application", env, port, args.workers, data / "server.log", "/readyz")
    hello_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.hello_baseline.settings"}
    hello = start_server("bench.hello_baseline.asgi:application", hello_env, hello_port, args.workers,
                         data / "hello.log", "/readyz")
    try:
        cookie, conversation = asyncio.run(sign_in(port))
        all_pages = {"notebook": "/notebook/", "conversation": conversation, "1on1": f"/1on1/{made['agenda']}/",
                     "programmes": "/programmes/"}
        pages = {k: all_pages[k] for k in args.pages.split(",")}
        print(f"db={args.db} workers={args.workers} notebook items={made['items']} "
              f"python={sys.version.split()[0]} load average {loadavg()}")

        inproc_out = subprocess.run(
            [sys.executable, "-m", "kabeuchi.cli", "shell", "-c",
             IN_PROCESS % {"urls": json.dumps(pages), "email": EMAIL, "n": args.single}],
            env=env, cwd=ROOT, capture_output=True, text=True)
        if inproc_out.returncode:
            raise SystemExit(inproc_out.stderr)
        inproc = json.loads(inproc_out.stdout.split("INPROC", 1)[1])

        targets = [("hello (bare Django)", hello_port, "/", "")] + [(k, port, v, cookie) for k, v in pages.items()]
        results: dict[str, dict] = {}
        for label, p, path, ck in targets:
            async def single(p=p, ck=ck, path=path, label=label):
                c = Connection(p, ck)
                await c.open()
                for _ in range(5):
                    await c.get(path)
                samples = []
                for _ in range(args.single):
                    t = time.perf_counter()
                    status, _, _ = await c.get(path)
                    samples.append((time.perf_counter() - t) * 1000)
                    assert status == 200, (label, status)
                c.close()
                return statistics.median(samples)

            http_p50 = asyncio.run(single())
            ip = inproc.get(label)
            ratio = f"{http_p50 / ip:.2f}x" if ip else "-"
            print(f"\n{label} {path}: single request p50 over HTTP {http_p50:.1f} ms"
                  + (f", in-process {ip:.1f} ms ({ratio})" if ip else "") + f"  [load {loadavg()}]")
            results[label] = {"http_p50": http_p50, "inproc_p50": ip, "levels": {}}
            for level in levels:
                runs = []
                for r in range(args.repeat):
                    before = loadavg()
                    n, lat, errors, elapsed = asyncio.run(closed_loop(p, path, ck, level, args.duration))
                    rps = n / elapsed
                    runs.append({"rps": rps, "p50": pct(lat, 50), "p95": pct(lat, 95), "p99": pct(lat, 99),
                                 "errors": errors, "load": before})
                    print(f"  c={level:<3} run {r + 1}: {rps:7.1f} req/s  p50 {pct(lat, 50):7.1f}  p95 {pct(lat, 95):7.1f}"
                          f"  p99 {pct(lat, 99):7.1f} ms  errors {errors}  [load before {before}]", flush=True)
                results[label]["levels"][level] = runs

        hello_rps = {lv: [r["rps"] for r in results["hello (bare Django)"]["levels"][lv]] for lv in levels}
        print("\nsummary (median of runs; ratio = page req/s ÷ hello req/s at the same level, same run)")
        for label, res in results.items():
            for lv in levels:
                runs = res["levels"][lv]
                rps = statistics.median(r["rps"] for r in runs)
                p99 = statistics.median(r["p99"] for r in runs)
                p50 = statistics.median(r["p50"] for r in runs)
                ratio = rps / statistics.median(hello_rps[lv])
                each = "/".join(str(round(r["rps"])) for r in runs)
                print(f"  {label:<20} c={lv:<3} {rps:7.1f} req/s (runs {each}) "
                      f"p50 {p50:6.1f} p99 {p99:6.1f} ms  p99/p50 {p99 / p50:4.1f}  ÷hello {ratio:.3f}")
        print(f"load average at the end {loadavg()}")
        if args.keep:
            print(f"server pid {server.pid} on port {port}; cookie {cookie}")
            server = None
    finally:
        for proc in (server, hello):
            if proc is not None:
                proc.terminate()
                proc.wait(10)


if __name__ == "__main__":
    main()
