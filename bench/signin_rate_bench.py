"""Sign-in at a fixed arrival rate (issue 12: "p95 < 1 s at 20 sign-ins per second", memory bounded).

    /work/main/.venv/bin/python bench/signin_rate_bench.py                       # PostgreSQL + Redis, 2 workers
    options: --rate 20  --seconds 30  --workers 2  --people 400  --db sqlite|postgres
             --pg postgres://postgres@127.0.0.1:5432/kb_signin  --redis redis://127.0.0.1:6379/6

What it does, in one command:

- a fresh data dir and database; ``kabeuchi migrate``; ``--people`` accounts with known passwords,
  hashed by the project's own hasher (Argon2id, 19 MiB, at most KABEUCHI_PASSWORD_HASH_CONCURRENCY
  checks at once per process: docs/operations.md, "Password hashing");
- ``kabeuchi serve --workers N`` (kabeuchi.core.serving.serve), as in production;
- an open loop: sign-in i is due at i / rate seconds, whatever the answers do, and each one is a new
  browser (a new connection, no cookie): GET the sign-in form, POST the address and password, and
  the sign-in must answer 302 (accepted; a refused one answers 200 with the form). Its time counts
  from when it was due to the POST's answer (so a queue on the server is measured, not hidden);
  each person signs in once, round robin if the run needs more sign-ins than people;
- the server's memory: the resident set of every server process (the supervisor and its workers,
  read from /proc) before the run and its peak during it, sampled every 100 ms.

Prints p50/p95/p99/max of the whole sign-in and of the POST alone, errors, refused sign-ins, the
rate achieved, the load average before and after, and the memory. The client shares the machine's
cores with the server (as in every bench here): its own CPU counts against the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from page_throughput_bench import (  # noqa: E402
    CSRF_INPUT,
    Connection,
    at_rate,
    free_port,
    fresh_env,
    kabeuchi,
    loadavg,
    pct,
    start_server,
)

PASSWORD = "a-long-sign-in-pass-7"

PEOPLE = """
from django.contrib.auth.hashers import make_password
from kabeuchi.accounts.models import Preferences, User
hashed = make_password(%(password)r)  # one hash, the project's hasher, shared by every bench account
made = User.objects.bulk_create([User(email=f"signin-{i:04d}@bench.example", display_name=f"計測{i}", password=hashed)
                                 for i in range(%(people)d)])
Preferences.objects.bulk_create([Preferences(user=u, guideline_read=True) for u in made])
print("PEOPLE", len(made))
"""


def tree_rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and its children (one level: uvicorn's supervisor and workers)."""
    total = 0
    pids = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            pids += [int(x) for x in f.read().split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total


async def one_sign_in(port: int, email: str) -> tuple[int, float]:
    """A new browser signs in: (status of the POST, ms of the POST alone)."""
    c = Connection(port)
    await c.open()
    try:
        status, headers, body = await c.get("/accounts/login/")
        jar = {}
        for line in headers.get("set-cookie", []):
            name, value = line.split(";", 1)[0].split("=", 1)
            jar[name] = value
        c.cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
        token = CSRF_INPUT.search(body.decode()).group(1)
        t = time.perf_counter()
        status, _, _ = await c.post("/accounts/login/", urlencode(
            {"csrfmiddlewaretoken": token, "username": email, "password": PASSWORD}).encode())
        return status, (time.perf_counter() - t) * 1000
    finally:
        c.close()


async def run(port: int, rate: float, seconds: float, people: int, server_pid: int):
    loop = asyncio.get_running_loop()
    total = int(rate * seconds)
    whole: list[float] = []
    posts: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    peak = tree_rss_kib(server_pid)
    done = False

    async def sample():
        nonlocal peak
        while not done:
            peak = max(peak, tree_rss_kib(server_pid))
            await asyncio.sleep(0.1)

    async def one(i: int, due: float):
        nonlocal errors
        try:
            status, post_ms = await asyncio.wait_for(one_sign_in(port, f"signin-{i % people:04d}@bench.example"), 60)
        except Exception:  # a refused connection or a timeout is an error, counted
            errors += 1
            return
        whole.append((loop.time() - due) * 1000)
        posts.append(post_ms)
        statuses[status] = statuses.get(status, 0) + 1

    sampler = asyncio.create_task(sample())
    start = loop.time() + 0.05
    await at_rate(rate, total, start, one)
    elapsed = loop.time() - start
    done = True
    await sampler
    return whole, posts, statuses, errors, elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432/kb_signin")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/6")
    args = parser.parse_args()

    data, env = fresh_env("kabeuchi-signin-", args.db, args.pg, args.redis)
    kabeuchi(env, "migrate", "-v", "0")
    kabeuchi(env, "shell", "-c", PEOPLE % {"password": PASSWORD, "people": args.people})
    port = free_port()
    server = start_server("config.asgi:application", env, port, args.workers, data / "server.log", "/readyz")
    try:
        time.sleep(1.0)
        before = tree_rss_kib(server.pid)
        load_before = loadavg()
        whole, posts, statuses, errors, elapsed, peak = asyncio.run(run(port, args.rate, args.seconds, args.people, server.pid))
    finally:
        server.terminate()
        server.wait(20)
    signed_in = statuses.get(302, 0)
    print(f"sign-in at {args.rate:g}/s for {args.seconds:g} s, {args.db}, {args.workers} workers "
          f"(hash concurrency {os.environ.get('KABEUCHI_PASSWORD_HASH_CONCURRENCY', '2')} per process)")
    print(f"  {len(whole)} answered in {elapsed:.1f} s ({len(whole) / elapsed:.1f}/s); signed in (302) {signed_in}, "
          f"other answers {dict((k, v) for k, v in statuses.items() if k != 302)}, errors {errors}")
    if whole:
        print(f"  whole sign-in (form + POST, from when it was due): p50 {pct(whole, 50):.0f}  p95 {pct(whole, 95):.0f}  "
              f"p99 {pct(whole, 99):.0f}  max {max(whole):.0f} ms")
        print(f"  POST alone: p50 {pct(posts, 50):.0f}  p95 {pct(posts, 95):.0f}  p99 {pct(posts, 99):.0f} ms")
    print(f"  server memory (all processes, resident): {before / 1024:.0f} MiB before, peak {peak / 1024:.0f} MiB "
          f"(+{(peak - before) / 1024:.0f} MiB)")
    print(f"  load average before {load_before}, after {loadavg()}")


if __name__ == "__main__":
    main()
