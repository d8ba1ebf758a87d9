"""How a burst of keep-alive connections is shared between two workers: ``uvicorn --workers 2``
(one listening socket shared by the workers) against ``kabeuchi serve --workers 2`` (one
SO_REUSEPORT socket per worker; kabeuchi.core.serving.ReusePortLoop).  Issue 14.

    .venv/bin/python bench/accept_balance_bench.py [--connections 50,10] [--trials 5]

Each trial opens C connections at once, sends one request on each (``/healthz``, answered before
any session or database), and reads from /proc how many each worker holds.  Linux only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.fakes import procnet  # noqa: E402
from tests.fakes.tcp_proxy import free_port  # noqa: E402


def start(how: str, port: int, env) -> subprocess.Popen:
    if how == "kabeuchi serve":
        command = [sys.executable, "-m", "kabeuchi.cli", "serve", "--port", str(port), "--workers", "2"]
    else:
        command = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--port", str(port), "--workers", "2",
                   "--no-access-log", "--log-level", "warning", "--http", "kabeuchi.core.serving:HTTPProtocol"]
    proc = subprocess.Popen(command, env=env, cwd=ROOT)
    for _ in range(300):
        workers = procnet.children(proc.pid)
        # uvicorn's supervisor listens itself and shares the socket; kabeuchi serve's workers each listen
        if len(workers) >= 2 and sum(procnet.listening([proc.pid, *workers], port).values()) >= 1:
            try:
                asyncio.run(burst(port, 1))
                time.sleep(1.0)  # the second worker finishes starting
                return proc
            except OSError:
                pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{how} did not start")


async def burst(port: int, n: int) -> list:
    pairs = await asyncio.gather(*(asyncio.open_connection("127.0.0.1", port) for _ in range(n)))
    for _, writer in pairs:
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    await asyncio.gather(*(reader.readuntil(b"\r\n\r\n") for reader, _ in pairs))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--connections", default="50,10")
    parser.add_argument("--trials", type=int, default=5)
    args = parser.parse_args()
    if not procnet.AVAILABLE:
        raise SystemExit("needs Linux's /proc")
    data = tempfile.mkdtemp(prefix="kabeuchi-balance-")
    env = {**os.environ, "KABEUCHI_DATA_DIR": data, "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    subprocess.run([sys.executable, "-m", "kabeuchi.cli", "migrate", "-v", "0"], env=env, cwd=ROOT, check=True)
    print(f"load average {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")
    for how in ("uvicorn --workers 2", "kabeuchi serve"):
        port = free_port()
        proc = start(how, port, env)
        try:
            # the workers: children holding a listening socket on the port (not multiprocessing's helper)
            workers = [w for w in procnet.children(proc.pid) if procnet.listening([w], port)]
            for n in (int(x) for x in args.connections.split(",")):
                splits = []
                for _ in range(args.trials):
                    async def trial(n=n, port=port, workers=workers):
                        pairs = await burst(port, n)
                        held = procnet.established(workers, port)
                        for _, writer in pairs:
                            writer.close()
                        return held
                    held = asyncio.run(trial())
                    splits.append("/".join(str(held.get(pid, 0)) for pid in sorted(workers, key=lambda p: -held.get(p, 0))))
                    time.sleep(0.3)
                print(f"{how:<20} {n:>3} connections at once, per worker: {'  '.join(splits)}")
        finally:
            proc.terminate()
            proc.wait(30)


if __name__ == "__main__":
    main()
