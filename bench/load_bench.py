"""Kabeuchi under a realistic mix of people, with locust: one command starts the server, creates
the organisation and its people, runs locust headless at each level, and checks afterwards that
every acknowledged turn is in its saved conversation.

    .venv/bin/python bench/load_bench.py                       # SQLite, 1 worker
    .venv/bin/python bench/load_bench.py --db postgres         # PostgreSQL + Redis, 2 workers
    .venv/bin/python bench/load_bench.py --db both --levels 50,100,200 --duration 60

- a fresh data dir (and, for PostgreSQL, a fresh database dropped at the end); the demo
  organisation (``kabeuchi demo --no-serve``) plus N members of it (N = the largest level), each
  with an access token, created through the accounts services; the built-in guide engine;
  the API rate limits lifted (as bench/coach_ttft_bench.py does), everything else as shipped;
- ``kabeuchi serve`` as in docs/operations.md (uvicorn with TCP_NODELAY, access log off, one
  SO_REUSEPORT socket per worker); 1 worker on SQLite, 2 on PostgreSQL + Redis (``--workers``);
- bench/locustfile.py: 4 in 5 locust users are people in a browser (sign in once, home,
  notebook, talk page, a saved conversation with 3-5 messages to the reply stream read to its
  end, the 1on1 page), 1 in 5 scripts with an access token; each waits LOAD_THINK seconds
  (1-3) between actions;
- per level: requests/s (every request and every stream counted once), p50/p95/p99 per kind
  (page, stream first byte, stream complete, sign-in, api), errors, and the acknowledged turns
  (stream sent ``done``) missing from the conversation read back through the API afterwards;
  the load average before and after.

Not measured here: KABEUCHI_DEPLOYMENT=production (secure cookies need HTTPS in front), a
balancer, another machine for the load generator (locust shares the cores with the server).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

import httpx2 as httpx

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("LOAD_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("LOAD_REDIS", "redis://127.0.0.1:6379/12")
PASSWORD = "a-long-load-pass-42"
KINDS = ["page", "sign-in", "stream first byte", "stream complete", "api"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kabeuchi(env, *args) -> str:
    return subprocess.run([sys.executable, "-m", "kabeuchi.cli", *args], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout


SETUP = """
import json
from kabeuchi.accounts import services as s
from kabeuchi.accounts.models import Membership, Organisation, User
org = Organisation.objects.get(slug="sakura")
manager = Membership.objects.get(user__email="bunta@sakura.example")
first = s.user_create(email="load-0000@sakura.example", password=%(password)r)
out = []
for i in range(%(n)d):
    if i == 0:
        u = first
    else:
        u = s.user_create(email=f"load-{i:04d}@sakura.example", password=%(password)r)
    m = s.membership_create(user=u, organisation=org, department="開発部", team=f"チーム{i %% 10}")
    Membership.objects.filter(pk=m.pk).update(manager=manager)
    s.preferences_update(user=u, default_retention_days=30, guideline_read=True)
    out.append({"email": u.email, "password": %(password)r, "token": s.access_token_create(user=u, name="load").secret})
print("ACCOUNTS" + json.dumps(out))
"""


def set_up(env, n: int, data: Path) -> Path:
    kabeuchi(env, "migrate", "-v", "0")
    kabeuchi(env, "demo", "--no-serve")
    out = kabeuchi(env, "shell", "-c", SETUP % {"n": n, "password": PASSWORD})
    accounts = out.split("ACCOUNTS", 1)[1].strip()
    path = data / "accounts.json"
    path.write_text(accounts)
    return path


def start_server(env, port: int, workers: int, log: Path) -> subprocess.Popen:
    # docs/operations.md's production command, on loopback (no balancer in front)
    proc = subprocess.Popen(
        [sys.executable, "-m", "kabeuchi.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--proxy-headers", "--forwarded-allow-ips=127.0.0.1"],
        env=env, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server did not start; see {log}")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


def digest(key: str) -> str:
    return hashlib.sha256(b"kabeuchi/turn-key/v1|" + key.encode("ascii")).hexdigest()[:32]


def check_acked(base: str, accounts: dict, acked: list[dict]) -> tuple[int, int, int]:
    """(acknowledged, missing, conversations read): every turn whose stream sent done must be a
    person's turn (by its Idempotency-Key) in the saved conversation, read through the API."""
    by_conversation = defaultdict(list)
    for a in acked:
        by_conversation[(a["email"], a["conversation"])].append((a["key"], a["message"]))
    missing = 0
    with httpx.Client(base_url=base, timeout=60) as client:
        for (email, conversation), keys in by_conversation.items():
            r = client.get(f"/api/v1/conversations/{conversation}",
                           headers={"Authorization": f"Bearer {accounts[email]['token']}"})
            if r.status_code != 200:
                missing += len(keys)
                continue
            # the state keeps a digest of the client's key (kabeuchi.coach.services.idempotency_digest)
            saved = {(t.get("key"), t["text"]) for t in r.json()["state"]["turns"] if t["role"] == "person"}
            missing += sum(1 for k, text in keys if (digest(k), text) not in saved)
    return len(acked), missing, len(by_conversation)


def server_cpu(pid: int) -> float:
    """CPU seconds used so far by the server process and its workers."""
    import psutil

    root = psutil.Process(pid)
    total = 0.0
    for p in [root, *root.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def run_level(base: str, users: int, duration: int, spawn: float, accounts_file: Path, data: Path, env,
              server_pid: int) -> dict:
    out = data / f"locust-{users}.json"
    before = os.getloadavg()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = server_cpu(server_pid)
    start = time.time()
    proc = subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--host", base,
         "-u", str(users), "-r", str(spawn), "-t", f"{duration}s", "--stop-timeout", "0", "--only-summary",
         "--loglevel", "WARNING"],
        env={**env, "LOAD_ACCOUNTS": str(accounts_file), "LOAD_OUT": str(out)}, cwd=ROOT, capture_output=True,
        text=True,
    )
    elapsed = time.time() - start
    after = os.getloadavg()
    locust_rusage = resource.getrusage(resource.RUSAGE_CHILDREN)
    locust_cpu = (locust_rusage.ru_utime + locust_rusage.ru_stime) - (children.ru_utime + children.ru_stime)
    cpu = server_cpu(server_pid) - cpu
    if not out.exists():
        print(proc.stdout[-3000:], proc.stderr[-3000:])
        raise RuntimeError("locust wrote no results")
    result = json.loads(out.read_text())
    result.update(before=before, after=after, elapsed=elapsed, users=users, locust_cpu=locust_cpu, server_cpu=cpu,
                  locust_warnings=[line for line in proc.stderr.splitlines() if "CPU" in line or "Traceback" in line])
    return result


def report(db: str, workers: int, r: dict, acked: tuple[int, int, int]) -> list[str]:
    samples = r["samples"]
    span = max(1e-9, (r["last"] or 0) - (r["first"] or 0))
    # every request and every stream once ("stream first byte" is a second timing of a stream)
    total = sum(len(v) for k, v in samples.items() if k != "stream first byte")
    errors = sum(r["errors"].values())
    stream_errors = sum(n for e, n in r["errors"].items() if e.startswith("stream complete"))
    cut = len(samples.get("stream first byte", [])) - len(samples.get("stream complete", [])) - stream_errors
    lines = [f"### {db}, {workers} worker(s), {r['users']} users, {r['elapsed']:.0f} s",
             "",
             f"load average before {r['before'][0]:.2f} / {r['before'][1]:.2f} / {r['before'][2]:.2f}, "
             f"after {r['after'][0]:.2f} / {r['after'][1]:.2f} / {r['after'][2]:.2f} (1 / 5 / 15 min); "
             f"CPU used: server {r['server_cpu'] / r['elapsed']:.2f} cores, locust {r['locust_cpu'] / r['elapsed']:.2f} cores",
             "",
             f"requests/s {(total + errors) / span:.1f} ({total} ok + {errors} errors in {span:.0f} s); "
             f"acknowledged turns {acked[0]} in {acked[2]} conversations, missing afterwards: {acked[1]}; "
             f"streams still open when locust stopped (not counted): {max(0, cut)}",
             "",
             "| kind | count | p50 ms | p95 ms | p99 ms |",
             "| --- | ---: | ---: | ---: | ---: |"]
    for kind in KINDS:
        v = samples.get(kind, [])
        if v:
            lines.append(f"| {kind} | {len(v)} | {pct(v, 50):.0f} | {pct(v, 95):.0f} | {pct(v, 99):.0f} |")
    if r["errors"]:
        lines.append("")
        lines.append("errors: " + "; ".join(f"{n} x {e}" for e, n in sorted(r["errors"].items(), key=lambda x: -x[1])[:6]))
    for w in r["locust_warnings"][:3]:
        lines.append(f"locust: {w.strip()}")
    return lines


def run_db(db: str, levels: list[int], duration: int, spawn: float) -> list[str]:
    data = Path(tempfile.mkdtemp(prefix=f"kabeuchi-load-{db}-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KABEUCHI_", "DATABASE_URL", "REDIS_URL"))},
        "KABEUCHI_DATA_DIR": str(data), "KABEUCHI_MASTER_KEY": "l1:" + "A" * 43 + "=",
        "KABEUCHI_AI_ENGINE": "guide", "DJANGO_SETTINGS_MODULE": "config.settings",
        # a locust user sends far more than a person would in a minute; the per-token and
        # per-person API limits (docs/operations.md) would answer 429
        "KABEUCHI_API_TOKEN_RATE_PER_MINUTE": "1000000", "KABEUCHI_API_RATE_PER_MINUTE": "1000000",
    }
    database = None
    workers = 1
    if db == "postgres":
        import psycopg

        database = f"kabeuchi_load_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG + "/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        env.update(DATABASE_URL=f"{PG}/{database}", REDIS_URL=REDIS)
        workers = 2
    proc = None
    lines = []
    try:
        t = time.time()
        accounts_file = set_up(env, max(levels), data)
        accounts = {a["email"]: a for a in json.loads(accounts_file.read_text())}
        print(f"[{db}] {len(accounts)} people created in {time.time() - t:.0f} s ({data})", flush=True)
        port = free_port()
        proc = start_server(env, port, workers, data / "server.log")
        base = f"http://127.0.0.1:{port}"
        for users in levels:
            r = run_level(base, users, duration, spawn, accounts_file, data, env, proc.pid)
            acked = check_acked(base, accounts, r["acked"])
            block = report(db, workers, r, acked)
            print("\n".join(block) + "\n", flush=True)
            lines += block + [""]
            time.sleep(5)  # let the last streams finish before the next level
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait()
        if database:
            import psycopg

            with psycopg.connect(PG + "/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--levels", default="50,100,200", help="concurrent locust users, comma-separated")
    parser.add_argument("--duration", type=int, default=60, help="seconds per level (the ramp included)")
    parser.add_argument("--spawn-rate", type=float, default=20, help="locust users started per second")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} / {os.getloadavg()[1]:.2f} / "
          f"{os.getloadavg()[2]:.2f} at start", flush=True)
    for db in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
        run_db(db, levels, args.duration, args.spawn_rate)
    print(f"load average at the end {os.getloadavg()[0]:.2f} / {os.getloadavg()[1]:.2f} / {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
