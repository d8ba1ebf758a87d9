"""uvicorn's HTTP protocol with TCP_NODELAY set on every accepted connection.

With ``--workers N``, uvicorn binds the listening socket itself with
``proto`` left at 0; accepted sockets inherit it, and asyncio only turns Nagle's algorithm off
for sockets that report ``IPPROTO_TCP``.  So every response on a reused (keep-alive)
connection waits for the client's delayed ACK: ~40 ms on Linux (uvicorn issue #3149, open at
0.54, whose ``Config.bind_socket`` still calls ``socket.socket(family=family)``; the proposed
one-line fix, PR #3155, is closed).  One worker is not affected: asyncio
builds that listener from ``getaddrinfo``, which sets ``proto``.

Start uvicorn with this protocol (docs/operations.md)::

    uvicorn config.asgi:application --workers 4 --http kabeuchi.core.serving:HTTPProtocol ...

It is uvicorn's own protocol ("auto": httptools if installed, else h11), plus one
``setsockopt`` per connection.  Measured in bench/nodelay_bench.py.
"""

from __future__ import annotations

import asyncio
import socket

from uvicorn.protocols.http.auto import AutoHTTPProtocol

_TCP_FAMILIES = (socket.AF_INET, socket.AF_INET6)


def set_nodelay(transport: asyncio.BaseTransport) -> bool:
    """Turn Nagle's algorithm off for ``transport``'s TCP socket; False if it has none."""
    sock = transport.get_extra_info("socket")
    if sock is None or sock.family not in _TCP_FAMILIES:
        return False
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:  # closed already, or not TCP after all
        return False
    return True


class HTTPProtocol(AutoHTTPProtocol):  # type: ignore[misc,valid-type]
    """uvicorn's HTTP protocol; every accepted connection gets TCP_NODELAY."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)
