"""``kabeuchi serve``: with several workers, each binds its own SO_REUSEPORT socket, so a burst of
connections is spread over the workers instead of landing on whichever wakes first
(kabeuchi.core.serving.ReusePortLoop; docs/architecture.md, "Connections shared between workers")."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kabeuchi.core.serving import ReusePortLoop
from tests.fakes import procnet
from tests.fakes.tcp_proxy import free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not hasattr(socket, "SO_REUSEPORT"), reason="this system has no SO_REUSEPORT (kabeuchi serve runs one worker there)")
def test_the_loop_binds_its_own_servers_with_reuse_port_and_leaves_a_given_socket_alone():
    # given the loop kabeuchi serve gives each worker
    loop = ReusePortLoop()
    try:
        async def make():
            # when a server is made from a host and port, as uvicorn's Server does without sockets
            own = await loop.create_server(asyncio.Protocol, "127.0.0.1", 0)
            # and one from a socket made elsewhere (uvicorn's shared socket)
            given = socket.socket()
            given.bind(("127.0.0.1", 0))
            other = await loop.create_server(asyncio.Protocol, sock=given)
            return own, other

        own, other = loop.run_until_complete(make())
        # then the first listens with SO_REUSEPORT, the second is left as it was made
        assert own.sockets[0].getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 1
        assert other.sockets[0].getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) == 0
        for server in (own, other):
            server.close()
            loop.run_until_complete(server.wait_closed())
    finally:
        loop.close()


def test_serve_refuses_no_workers():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("serve", "--workers", "0")


@pytest.mark.skipif(not procnet.AVAILABLE, reason="reads who holds which connection from /proc (Linux only)")
def test_two_workers_share_a_burst_of_connections(tmp_path):
    # given kabeuchi serve with two workers
    port = free_port()
    env = {**os.environ, "KABEUCHI_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    server = subprocess.Popen([sys.executable, "-m", "kabeuchi.cli", "serve", "--port", str(port), "--workers", "2"],
                              env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        workers: list[int] = []
        listening = 0
        for _ in range(300):  # up to 60 s on a loaded machine
            workers = procnet.children(server.pid)
            listening = sum(procnet.listening(workers, port).values())
            if len(workers) >= 2 and listening == 2:
                break
            assert server.poll() is None, server.stdout.read().decode()
            time.sleep(0.2)
        assert listening == 2, "each worker listens on a socket of its own"

        # when 40 keep-alive connections are opened at once and each asks once
        async def burst():
            pairs = await asyncio.gather(*(asyncio.open_connection("127.0.0.1", port) for _ in range(40)))
            for _, writer in pairs:
                writer.write(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            heads = await asyncio.gather(*(reader.readuntil(b"\r\n\r\n") for reader, _ in pairs))
            held = procnet.established(workers, port)
            for _, writer in pairs:
                writer.close()
            return heads, held

        heads, held = asyncio.run(burst())
        # then every one is answered, and each worker holds a fair share (the old shared socket
        # gave 40/0 or 34/6; a fair split falls below 8 with probability about 1 in 100,000)
        assert all(h.startswith(b"HTTP/1.1 200") for h in heads)
        assert sum(held.values()) == 40
        assert len(held) == 2 and min(held.values()) >= 8, held
    finally:
        server.terminate()
        assert server.wait(30) == 0  # the supervisor stops its workers and exits cleanly



def test_serve_runs_uvicorn_with_the_access_log_off_and_the_nodelay_protocol(monkeypatch):
    """privacy.md P21: an access log would record share and invitation links with their times."""
    import uvicorn

    from kabeuchi.core import serving

    seen = {}
    monkeypatch.setattr(uvicorn.Server, "run", lambda self, sockets=None: seen.setdefault("config", self.config))
    serving.serve(port=free_port(), workers=1)
    config = seen["config"]
    assert config.access_log is False
    assert config.http == "kabeuchi.core.serving:HTTPProtocol"
