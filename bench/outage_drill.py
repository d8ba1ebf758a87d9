"""A live drill of issue 12 against real processes: uvicorn with two workers on PostgreSQL and
Redis, each reached through a TCP proxy (tests/fakes/tcp_proxy.py) that can be cut.

    .venv/bin/python bench/outage_drill.py            # needs PostgreSQL and Redis on 127.0.0.1

1. Concurrent turns: TABS threads send MESSAGES each, at once, to one saved conversation over
   the JSON API; meanwhile a worker is killed with SIGKILL every 0.4 s, DRILL_KILLS times
   (uvicorn starts a new one).
   Acknowledged = the stream ended with "done". Every acknowledged message must be stored.
2. Redis cut for DRILL_OUTAGE seconds in the middle of a signed-in session, then back.
3. PostgreSQL cut for DRILL_OUTAGE seconds, then back.
During each cut a signed-in person loads a page, saves a note and sends a message once a
second; the drill prints what they got, and checks they are still signed in afterwards, with
no restart.

Environment: DRILL_TABS (8), DRILL_MESSAGES (10), DRILL_OUTAGE (10), DRILL_KILLS (3), DRILL_PG (postgres://
postgres@127.0.0.1:5432), DRILL_REDIS (127.0.0.1:6379), DRILL_ROOT (the code to run; default
this checkout, e.g. an export of an older commit to compare).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx2 as httpx
import psycopg

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))
from tests.fakes.tcp_proxy import TcpProxy, free_port  # noqa: E402

ROOT = Path(os.environ.get("DRILL_ROOT", str(HERE)))
TABS = int(os.environ.get("DRILL_TABS", "8"))
MESSAGES = int(os.environ.get("DRILL_MESSAGES", "10"))
OUTAGE = float(os.environ.get("DRILL_OUTAGE", "10"))
KILLS = int(os.environ.get("DRILL_KILLS", "3"))
PG = os.environ.get("DRILL_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("DRILL_REDIS", "127.0.0.1:6379")
PASSWORD = "a-long-drill-pass-42"


def kabeuchi(env, *args) -> str:
    return subprocess.run(
        [sys.executable, "-m", "kabeuchi.cli", *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def wait_up(base: str) -> None:
    for _ in range(100):
        try:
            if httpx.get(base + "/accounts/login/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("server did not start")


def sign_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    page = client.get("/accounts/login/").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    r = client.post("/accounts/login/", data={"csrfmiddlewaretoken": token, "username": "drill@example.jp", "password": PASSWORD})
    assert r.status_code == 302, r.status_code
    return client


def csrf_of(client: httpx.Client) -> str:
    page = client.get("/notes/").text
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def stream_done(response_text: str) -> str:
    kinds = re.findall(r"^event: (\w+)", response_text, flags=re.M)
    return kinds[-1] if kinds else "-"


def concurrent_turns(base: str, token: str, master: int) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    conversation = httpx.post(base + "/api/v1/conversations", json={"theme": "free", "retention_days": 30},
                              headers=headers).json()["conversation"]["id"]
    acknowledged: list[str] = []
    other: list[str] = []
    go = threading.Barrier(TABS + 1)

    def tab(n: int) -> None:
        with httpx.Client(timeout=60) as client:
            go.wait()
            for m in range(MESSAGES):
                text = f"tab{n}-m{m} 異動について迷っています"
                try:
                    r = client.post(f"{base}/api/v1/conversations/{conversation}/messages", json={"message": text},
                                    headers=headers)
                    last = stream_done(r.text) if r.status_code == 200 else str(r.status_code)
                except httpx.HTTPError as error:
                    last = type(error).__name__
                (acknowledged if last == "done" else other).append(f"{text}|{last}")

    threads = [threading.Thread(target=tab, args=(n,)) for n in range(TABS)]
    for t in threads:
        t.start()
    go.wait()
    kills = 0
    while any(t.is_alive() for t in threads) and kills < KILLS:
        time.sleep(0.4)
        victims = worker_pids(master)
        if victims:
            os.kill(victims[kills % len(victims)], signal.SIGKILL)
            kills += 1
    for t in threads:
        t.join()
    state = httpx.get(f"{base}/api/v1/conversations/{conversation}", headers=headers).json()["state"]
    stored = [t["text"] for t in state["turns"] if t["role"] == "person"]
    acked = [a.split("|")[0] for a in acknowledged]
    lost = [a for a in acked if a not in stored]
    outcomes: dict[str, int] = {}
    for o in other:
        outcomes[o.split("|")[1]] = outcomes.get(o.split("|")[1], 0) + 1
    print(f"concurrent turns: {TABS} tabs x {MESSAGES} messages, {kills} worker(s) killed -9, one every 0.4 s")
    print(f"  sent {TABS * MESSAGES}, acknowledged {len(acked)}, stored {len(stored)}, "
          f"acknowledged but lost {len(lost)}, not acknowledged {dict(sorted(outcomes.items()))}")


def during(name: str, client: httpx.Client, csrf: str, conversation: str, seconds: float) -> None:
    """What a signed-in person gets, once a second, while a dependency is cut."""
    end = time.monotonic() + seconds
    seen: dict[str, int] = {}
    while time.monotonic() < end:
        started = time.monotonic()
        results = []
        for label, call in (
            ("page", lambda: client.get("/notebook/")),
            ("note", lambda: client.post("/notes/", data={"csrfmiddlewaretoken": csrf, "title": "", "body": "停電中のメモ"})),
            ("talk", lambda: client.post(f"/talk/{conversation}/messages/", json={"message": "いま話したい"},
                                         headers={"X-CSRFToken": csrf, "Accept": "text/event-stream"})),
            ("readyz", lambda: client.get("/readyz")),
            ("healthz", lambda: client.get("/healthz")),
        ):
            try:
                r = call()
                outcome = str(r.status_code)
                if r.status_code in (301, 302):
                    outcome += "→" + r.headers.get("location", "")
                if "set-cookie" in r.headers and "sessionid=\"\"" in r.headers.get("set-cookie", ""):
                    outcome += " (session cookie deleted!)"
                if label == "talk" and r.status_code == 200:
                    outcome += " " + stream_done(r.text)
                if label == "note" and r.status_code == 503 and "停電中のメモ" in r.text:
                    outcome += " (text shown again)"
            except httpx.HTTPError as error:
                outcome = type(error).__name__
            results.append(f"{label} {outcome}")
        for r in results:
            seen[r] = seen.get(r, 0) + 1
        time.sleep(max(0.0, 1 - (time.monotonic() - started)))
    print(f"  during the {name} cut ({seconds:.0f} s):")
    for r, n in sorted(seen.items()):
        print(f"    {n:3d} x {r}")


def main() -> None:
    db = f"kabeuchi_drill_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG + "/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{db}"')
    pg_host, pg_port = PG.rsplit("@", 1)[1].split(":")
    redis_host, redis_port = REDIS.split(":")
    pg_proxy, redis_proxy = TcpProxy((pg_host, int(pg_port))), TcpProxy((redis_host, int(redis_port)))
    pg_proxy.start()
    redis_proxy.start()
    data = tempfile.mkdtemp(prefix="kabeuchi-drill-")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("KABEUCHI_", "DATABASE_URL", "REDIS_URL"))},
        "KABEUCHI_DATA_DIR": data, "KABEUCHI_MASTER_KEY": "d1:" + "A" * 43 + "=",
        "KABEUCHI_AI_ENGINE": "fake", "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pg_proxy.port}/{db}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_proxy.port}/14",
        "KABEUCHI_DB_CONNECT_TIMEOUT": "2",
    }
    proc = None
    try:
        kabeuchi(env, "migrate", "-v", "0")
        token = kabeuchi(env, "shell", "-c", (
            "from kabeuchi.accounts import services as s;"
            f"u=s.user_create(email='drill@example.jp', password='{PASSWORD}');"
            "s.membership_create(user=u, organisation=s.organisation_create(name='ドリル株式会社', slug='drill'));"
            "s.preferences_update(user=u, default_retention_days=30, guideline_read=True);"
            "print(s.access_token_create(user=u, name='drill').secret)"
        )).strip().splitlines()[-1]
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "config.asgi:application", "--port", str(port), "--workers", "2",
             "--log-level", "critical", "--no-access-log", "--http", "kabeuchi.core.serving:HTTPProtocol"],
            env=env, cwd=ROOT,
        )
        base = f"http://127.0.0.1:{port}"
        wait_up(base)
        print(f"code under test: {ROOT}")
        concurrent_turns(base, token, proc.pid)

        person = sign_in(base)
        csrf = csrf_of(person)
        conversation = httpx.post(base + "/api/v1/conversations", json={"theme": "free", "retention_days": 30},
                                  headers={"Authorization": f"Bearer {token}"}).json()["conversation"]["id"]
        for name, proxy in (("Redis", redis_proxy), ("PostgreSQL", pg_proxy)):
            proxy.stop()
            during(name, person, csrf, conversation, OUTAGE)
            proxy.start()
            time.sleep(3)  # the cache retries after 2 s; kept database connections are re-checked per request
            after = person.get("/notebook/")
            try:
                sign_in(base).close()
                sign_in_ok = True
            except Exception:
                sign_in_ok = False
            print(f"  after {name} is back: the same session loads /notebook/ with {after.status_code}"
                  f"{' (signed out!)' if after.status_code == 302 else ''}; /readyz {person.get('/readyz').status_code};"
                  f" a new sign-in {'works' if sign_in_ok else 'FAILS'}")
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait()
        pg_proxy.stop()
        redis_proxy.stop()
        with psycopg.connect(PG + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')


if __name__ == "__main__":
    main()
