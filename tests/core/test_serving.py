"""TCP_NODELAY on every connection uvicorn accepts, also from a listener it did not build from
getaddrinfo (``--workers N``: uvicorn issue #3149), through kabeuchi.core.serving."""

from __future__ import annotations

import asyncio
import socket

import pytest
import uvicorn
from uvicorn.protocols.http.auto import AutoHTTPProtocol

from kabeuchi.core.serving import HTTPProtocol


async def _app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


def _nodelay_of_accepted(protocol: type) -> tuple[int, int]:
    """Serve with ``protocol`` from a listener bound as uvicorn's multiprocess supervisor binds
    it (proto 0); return (listener proto, TCP_NODELAY of the accepted socket)."""
    seen: list[int] = []

    class Probe(protocol):  # type: ignore[misc,valid-type]
        def connection_made(self, transport):
            super().connection_made(transport)
            seen.append(transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    listener = socket.socket(family=socket.AF_INET)  # what uvicorn's Config.bind_socket does
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(_app, http=Probe, log_level="warning", lifespan="off"))

    async def run():
        task = asyncio.create_task(server.serve(sockets=[listener]))
        while not server.started:
            await asyncio.sleep(0.01)
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        await writer.drain()
        await reader.readuntil(b"ok")
        writer.close()
        server.should_exit = True
        await task

    asyncio.run(run())
    proto = listener.proto
    listener.close()
    return proto, seen[0]


@pytest.mark.skipif(not hasattr(socket, "TCP_NODELAY"), reason="no TCP_NODELAY here")
def test_uvicorns_own_protocol_leaves_nagle_on_for_a_prebound_listener_and_ours_turns_it_off():
    # given a listener bound the way `uvicorn --workers N` binds it (proto 0)
    # when uvicorn's own protocol accepts a connection, then Nagle's algorithm stays on
    proto, plain = _nodelay_of_accepted(AutoHTTPProtocol)
    assert proto == 0 and plain == 0
    # and when Kabeuchi's protocol accepts one, TCP_NODELAY is set
    _, ours = _nodelay_of_accepted(HTTPProtocol)
    assert ours != 0


def test_every_documented_or_benched_multi_worker_uvicorn_command_sets_the_protocol():
    # given the commands that start uvicorn with several workers (docs and benches)
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    commands = []
    benches = [p for p in sorted((root / "bench").glob("*.py")) if p.name != "nodelay_bench.py"]  # runs both ways
    for path in [root / "docs" / "operations.md", *benches]:
        text = path.read_text(encoding="utf-8").replace("\\\n", " ")
        for block in text.split("\n\n"):
            if "config.asgi:application" in block and "--workers" in block:
                commands.append((path.name, block))
    # then each of them asks for Kabeuchi's protocol (TCP_NODELAY on every connection)
    assert len(commands) >= 3
    for name, block in commands:
        # (a bench may name it in a constant, as coach_ttft_bench.py's HTTP_PROTOCOL does)
        assert "kabeuchi.core.serving:HTTPProtocol" in block or '"--http", HTTP_PROTOCOL' in block, name
