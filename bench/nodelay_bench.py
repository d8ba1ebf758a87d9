"""Keep-alive latency of uvicorn with two workers, without and with TCP_NODELAY on accepted
connections (uvicorn issue #3149; the fix is kabeuchi.core.serving.HTTPProtocol).

    .venv/bin/python bench/nodelay_bench.py

Starts Kabeuchi under uvicorn three ways (1 worker; 2 workers as docs/operations.md did;
2 workers with ``--http kabeuchi.core.serving:HTTPProtocol``) and asks each for a static file
(/static/kabeuchi/app.css) over ONE keep-alive connection, sequentially, BENCH_REQUESTS times
after 20 warm-up requests.  Prints p50 / p95 / max in milliseconds and requests per second.

Environment: BENCH_REQUESTS (default 300), BENCH_PATH.
"""

from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
PATH = os.environ.get("BENCH_PATH", "/static/kabeuchi/app.css")
FIX = ["--http", "kabeuchi.core.serving:HTTPProtocol"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(env: dict, port: int, workers: int, extra: list[str]) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "config.asgi:application", "--port", str(port), "--workers", str(workers),
         "--log-level", "warning", "--no-access-log", *extra],
        env=env, cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", PATH)
            if conn.getresponse().read() is not None:
                conn.close()
                # every worker must be up: a few fresh connections in a row
                for _ in range(8):
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    c.request("GET", PATH)
                    c.getresponse().read()
                    c.close()
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("uvicorn did not start")


def keepalive_latencies(port: int) -> list[float]:
    """Sequential GETs over one connection (the client sets TCP_NODELAY itself, as browsers do)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.connect()
    conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    times = []
    for i in range(20 + REQUESTS):
        start = time.perf_counter()
        conn.request("GET", PATH)
        response = conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - start
        if response.status != 200 or not body:
            raise RuntimeError(f"HTTP {response.status}")
        if i >= 20:
            times.append(elapsed)
    conn.close()
    return times


def main() -> None:
    data = tempfile.mkdtemp(prefix="kabeuchi-nodelay-")
    env = {**os.environ, "KABEUCHI_DATA_DIR": data, "KABEUCHI_MASTER_KEY": "b1:" + "A" * 43 + "=",
           "DJANGO_SETTINGS_MODULE": "config.settings", "KABEUCHI_AI_ENGINE": "guide"}
    subprocess.run([sys.executable, "-m", "kabeuchi.cli", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
    with open("/proc/loadavg") as f:
        load = f.read().split()[:3]
    print(f"{REQUESTS} sequential keep-alive GETs of {PATH}; load average before: {' '.join(load)}")
    print(f"{'server':<50} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'req/s':>7}")
    for label, workers, extra in (
        ("uvicorn, 1 worker", 1, []),
        ("uvicorn --workers 2 (before)", 2, []),
        ("uvicorn --workers 2 --http …serving:HTTPProtocol", 2, FIX),
    ):
        port = free_port()
        proc = start(env, port, workers, extra)
        try:
            times = keepalive_latencies(port)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
        ms = sorted(t * 1000 for t in times)
        p95 = ms[int(len(ms) * 0.95) - 1]
        print(f"{label:<50} {statistics.median(ms):7.1f} {p95:7.1f} {ms[-1]:7.1f} {len(ms) / sum(times):7.0f}")


if __name__ == "__main__":
    main()
