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
PEOPLE = "chika@sakura.example"  # the demo's people team: the insights report
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
# the people team's report (issue 14 lists it): chika signs in with a known password; 240 more
# members in 6 departments and 24 teams (no usable password: they never sign in), and last month
# released through the real path (DP cell selection, noise), so the page shows cells and themes
from django.contrib.auth.hashers import make_password
from kabeuchi.accounts.models import Preferences, User
from kabeuchi.org.periods import period_of, period_previous
from kabeuchi.org.release import period_release
people = User.objects.get(email="chika@sakura.example")
people.set_password(%(password)r)
people.save(update_fields=["password"])
s.preferences_update(user=people, default_retention_days=30, guideline_read=True)
unusable = make_password(None)
made = User.objects.bulk_create([User(email=f"m{i:03d}@sakura.example", display_name=f"社員{i}", password=unusable) for i in range(240)])
Preferences.objects.bulk_create([Preferences(user=x) for x in made])
Membership.objects.bulk_create([Membership(user=x, organisation=org, department=f"部署{i %% 6}", team=f"チーム{i %% 24}")
                                for i, x in enumerate(made)])
org.created_at = org.created_at.replace(year=org.created_at.year - 1)  # a bench organisation a year old
org.save(update_fields=["created_at"])
period_release(organisation=org, period=period_previous(period_of()))
print("SETUP" + json.dumps({"items": n, "agenda": str(agenda.pk)}))
"""

IN_PROCESS = """
import json, sys, time
from django.test import Client
from kabeuchi.accounts.models import User
clients = {}
for email in json.loads(%(emails)r):
    clients[email] = Client(HTTP_HOST="127.0.0.1")
    clients[email].force_login(User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend")
print("READY", flush=True)
for line in sys.stdin:
    email, url = line.split()
    t = time.perf_counter()
    r = clients[email].get(url)
    ms = (time.perf_counter() - t) * 1000
    assert r.status_code == 200, (url, r.status_code)
    print(f"{ms:.3f}", flush=True)
"""


class InProcess:
    """The same views through Django's test client in a separate process on the same data, asked
    one request at a time, so single requests over HTTP and in-process can be interleaved (the
    machine's load drifts; measuring one side after the other compared different moments)."""

    def __init__(self, env, emails: list[str]):
        self.proc = subprocess.Popen([sys.executable, "-m", "kabeuchi.cli", "shell", "-c", IN_PROCESS % {"emails": json.dumps(emails)}],
                                     env=env, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for line in self.proc.stdout:
            if line.startswith("READY"):
                break
        else:
            raise SystemExit("the in-process client did not start")

    def get(self, email: str, url: str) -> float:
        self.proc.stdin.write(f"{email} {url}\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit("the in-process client stopped")
        return float(line)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(10)



def fresh_env(prefix: str, db: str, pg_url: str, redis_url: str) -> tuple[Path, dict]:
    """A new data dir and the environment for a server on it; with ``db="postgres"`` the database
    named in ``pg_url`` is dropped and created again (give a bench-only name) and the Redis
    database in ``redis_url`` emptied."""
    data = Path(tempfile.mkdtemp(prefix=prefix))
    env = {**os.environ, "KABEUCHI_DATA_DIR": str(data), "PYTHONPATH": str(ROOT),
           "DJANGO_SETTINGS_MODULE": "config.settings", "KABEUCHI_LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    if db == "postgres":
        import psycopg
        import redis

        base, name = pg_url.rsplit("/", 1)
        assert name not in ("postgres", "template0", "template1"), "give a bench-only database name"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as pg:
            pg.execute(f'DROP DATABASE IF EXISTS "{name}"')
            pg.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = pg_url
        env["REDIS_URL"] = redis_url
        redis.Redis.from_url(redis_url).flushdb()
    return data, env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def loadavg() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def kabeuchi(env, *args) -> str:
    done = subprocess.run([sys.executable, "-m", "kabeuchi.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"kabeuchi {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def start_server(app: str, env, port: int, workers: int, log: Path, ready: str, how: str = "serve") -> subprocess.Popen:
    """``how="serve"``: kabeuchi.core.serving.serve, as ``kabeuchi serve`` runs (one SO_REUSEPORT
    socket per worker); ``how="uvicorn"``: the plain uvicorn command with docs/operations.md's
    flags of before (one shared socket)."""
    if how == "serve":
        command = [sys.executable, "-c", f"from kabeuchi.core.serving import serve; "
                   f"serve({app!r}, host='127.0.0.1', port={port}, workers={workers})"]
    else:
        command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(port),
                   "--workers", str(workers), "--no-access-log", "--log-level", "warning",
                   "--http", "kabeuchi.core.serving:HTTPProtocol"]
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)
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


async def at_rate(rate: float, total: int, start: float, job) -> None:
    """Start ``job(i, due)`` for i in 0..total-1 at ``start + i / rate`` on the running loop's clock,
    whatever the earlier ones are doing, and wait for all of them (an open loop)."""
    loop = asyncio.get_running_loop()
    tasks = []
    for i in range(total):
        due = start + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(job(i, due)))
    await asyncio.gather(*tasks)


async def open_loop(port: int, path: str, cookie: str, rate: float, seconds: float) -> tuple[int, list[float], int, float]:
    """Requests sent at a fixed rate whatever the answers do (wrk2's model): the i-th is due at
    i / rate seconds and goes out on an idle keep-alive connection (a new one when none is idle).
    Its latency counts from when it was due, so a slow server's queue is measured, not hidden
    (coordinated omission)."""
    latencies: list[float] = []
    errors = 0
    idle: list[Connection] = []
    every: list[Connection] = []
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.05
    total = int(rate * seconds)

    async def one(due: float):
        nonlocal errors
        c = idle.pop() if idle else None
        if c is None:
            c = Connection(port, cookie)
            await c.open()
            every.append(c)
        status, _, _ = await c.get(path)
        latencies.append((loop.time() - due) * 1000)
        errors += status != 200
        idle.append(c)

    await at_rate(rate, total, start, lambda i, due: one(due))
    elapsed = loop.time() - start
    for c in every:
        c.close()
    return len(latencies), latencies, errors, elapsed


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


# ---------------------------------------------------------------- set-up


async def sign_in(port: int, email: str = EMAIL, talk: bool = True) -> tuple[str, str]:
    """Sign in through the form; returns (cookie header, path of a conversation started, if ``talk``)."""
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
        {"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD}).encode())
    assert status == 302, f"sign-in answered {status}"
    keep(headers)
    if not talk:
        c.close()
        return c.cookie, ""
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
    parser.add_argument("--pages", default="notebook,conversation,1on1,programmes,insights")
    parser.add_argument("--serve", choices=["serve", "uvicorn"], default="serve",
                        help="serve: `kabeuchi serve` (a socket per worker); uvicorn: the plain uvicorn command")
    parser.add_argument("--open-loop", type=float, default=0.5,
                        help="after the closed loops, a fixed arrival rate at this share of the best closed-loop rate (0: none)")
    parser.add_argument("--keep", action="store_true", help="leave the server running (for a profiler); prints its pid")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]

    data, env = fresh_env("kabeuchi-pages-", args.db, args.pg, args.redis)
    kabeuchi(env, "migrate", "-v", "0")
    kabeuchi(env, "demo", "--no-serve")
    out = kabeuchi(env, "shell", "-c", SETUP % {"email": EMAIL, "password": PASSWORD})
    made = json.loads(out.split("SETUP", 1)[1])

    port, hello_port = free_port(), free_port()
    server = start_server("config.asgi:application", env, port, args.workers, data / "server.log", "/readyz", args.serve)
    hello_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.hello_baseline.settings"}
    hello = start_server("bench.hello_baseline.asgi:application", hello_env, hello_port, args.workers,
                         data / "hello.log", "/readyz", args.serve)
    try:
        cookie, conversation = asyncio.run(sign_in(port))
        people_cookie, _ = asyncio.run(sign_in(port, PEOPLE, talk=False))
        all_pages = {"notebook": "/notebook/", "conversation": conversation, "1on1": f"/1on1/{made['agenda']}/",
                     "programmes": "/programmes/", "insights": "/org/insights/"}
        pages = {k: all_pages[k] for k in args.pages.split(",")}
        who = {k: (PEOPLE, people_cookie) if k == "insights" else (EMAIL, cookie) for k in pages}
        print(f"db={args.db} workers={args.workers} served by {args.serve} notebook items={made['items']} "
              f"python={sys.version.split()[0]} load average {loadavg()}")

        inproc = InProcess(env, [EMAIL, PEOPLE])
        targets = [("hello (bare Django)", hello_port, "/", "", "")] + [
            (k, port, v, who[k][1], who[k][0]) for k, v in pages.items()]
        results: dict[str, dict] = {}
        for label, p, path, ck, email in targets:
            async def single(p=p, ck=ck, path=path, label=label, email=email):
                """--single requests over one keep-alive connection, each followed by the same request
                in-process when there is one (interleaved: both sides see the same moment's load)."""
                c = Connection(p, ck)
                await c.open()
                for _ in range(5):
                    await c.get(path)
                    if email:
                        inproc.get(email, path)
                http, local = [], []
                for _ in range(args.single):
                    t = time.perf_counter()
                    status, _, _ = await c.get(path)
                    http.append((time.perf_counter() - t) * 1000)
                    assert status == 200, (label, status)
                    if email:
                        local.append(inproc.get(email, path))
                c.close()
                return statistics.median(http), statistics.median(local) if local else None

            http_p50, ip = asyncio.run(single())
            ratio = f"{http_p50 / ip:.2f}x" if ip else "-"
            print(f"\n{label} {path}: single request p50 over HTTP {http_p50:.1f} ms"
                  + (f", in-process {ip:.1f} ms ({ratio}, interleaved)" if ip else "") + f"  [load {loadavg()}]")
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
            if args.open_loop:
                # capacity: the best closed-loop rate measured for this page; the open loop runs at
                # --open-loop times that
                capacity = max(r["rps"] for lv in levels for r in results[label]["levels"][lv])
                rate = capacity * args.open_loop
                results[label]["open"] = []
                for r in range(args.repeat):
                    before = loadavg()
                    n, lat, errors, elapsed = asyncio.run(open_loop(p, path, ck, rate, args.duration))
                    results[label]["open"].append({"rate": rate, "achieved": n / elapsed, "p50": pct(lat, 50),
                                                   "p99": pct(lat, 99), "errors": errors})
                    print(f"  open loop at {rate:6.1f} req/s ({args.open_loop:.0%} of {capacity:.1f}) run {r + 1}: "
                          f"p50 {pct(lat, 50):7.1f}  p95 {pct(lat, 95):7.1f}  p99 {pct(lat, 99):7.1f} ms  "
                          f"errors {errors}  [load before {before}]", flush=True)
        inproc.close()

        hello_rps = {lv: [r["rps"] for r in results["hello (bare Django)"]["levels"][lv]] for lv in levels}
        print("\nsummary (median of runs; ratio = page req/s ÷ hello req/s at the same level, same run)")
        for label, res in results.items():
            single_line = (f"  {label:<20} single request over HTTP {res['http_p50']:.1f} ms"
                           + (f" ÷ in-process {res['inproc_p50']:.1f} ms = {res['http_p50'] / res['inproc_p50']:.2f}x"
                              if res["inproc_p50"] else ""))
            print(single_line)
            for lv in levels:
                runs = res["levels"][lv]
                rps = statistics.median(r["rps"] for r in runs)
                p99 = statistics.median(r["p99"] for r in runs)
                p50 = statistics.median(r["p50"] for r in runs)
                ratio = rps / statistics.median(hello_rps[lv])
                each = "/".join(str(round(r["rps"])) for r in runs)
                print(f"  {label:<20} c={lv:<3} {rps:7.1f} req/s (runs {each}) "
                      f"p50 {p50:6.1f} p99 {p99:6.1f} ms  p99/p50 {p99 / p50:4.1f}  ÷hello {ratio:.3f}")
            if res.get("open"):
                runs = res["open"]
                print(f"  {label:<20} open loop {runs[0]['rate']:.1f} req/s: p50 "
                      f"{statistics.median(r['p50'] for r in runs):6.1f} p99 {statistics.median(r['p99'] for r in runs):6.1f} ms"
                      f" (runs {'/'.join(str(round(r['p99'])) for r in runs)})")
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
