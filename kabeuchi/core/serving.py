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


# ---------------------------------------------------------------------------------------------
# Connections shared fairly between workers
#
# ``uvicorn --workers N`` binds one listening socket in the parent and every worker waits on it;
# asyncio's accept takes up to ``backlog`` (uvicorn: 2,048) waiting connections per wake-up, and
# on two shared cores the worker that runs first takes a whole burst.  Measured with two workers
# (bench/accept_balance_bench.py): 50 keep-alive connections opened at once landed 50/0, 49/1,
# 44/6; 10 landed 10/0 in four runs of five; and a page's closed-loop throughput halved in the
# runs where one worker got everything (docs/architecture.md).  Accepting one connection per
# wake-up did not help (the same worker kept winning the race).
#
# ``kabeuchi serve`` (kabeuchi/core/management/commands/serve.py) therefore lets each worker bind
# its own listening socket with SO_REUSEPORT, through this event loop: the kernel then spreads
# new connections over the workers by a hash of their addresses, whoever is scheduled.


class ReusePortLoop(asyncio.SelectorEventLoop):
    """asyncio's selector loop whose TCP servers bind with SO_REUSEPORT (one socket per worker)."""

    async def create_server(self, protocol_factory, host=None, port=None, *args, **kwargs):
        if kwargs.get("sock") is None and port is not None:
            kwargs["reuse_port"] = True
        return await super().create_server(protocol_factory, host, port, *args, **kwargs)


def serve(app: str = "config.asgi:application", *, host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
          proxy_headers: bool = True, forwarded_allow_ips: str | None = None, log_level: str = "warning") -> None:
    """Run ``app`` under uvicorn as docs/operations.md asks: this module's HTTP protocol, no access
    log, and with several workers one SO_REUSEPORT socket each, under uvicorn's own supervisor (it
    restarts a worker that dies and stops on SIGINT/SIGTERM).  ``kabeuchi serve`` calls this;
    bench/ serves its bare hello project the same way."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    if workers > 1 and not hasattr(socket, "SO_REUSEPORT"):
        raise OSError("several workers need SO_REUSEPORT, which this system does not have")
    config = uvicorn.Config(
        app, host=host, port=port, workers=workers, http="kabeuchi.core.serving:HTTPProtocol",
        loop="kabeuchi.core.serving:ReusePortLoop" if workers > 1 else "asyncio", access_log=False,
        log_level=log_level, proxy_headers=proxy_headers, forwarded_allow_ips=forwarded_allow_ips,
    )
    if workers == 1:
        uvicorn.Server(config).run()
        return
    # Nothing is bound here: with sockets=None each worker's uvicorn Server calls
    # loop.create_server(host, port), and ReusePortLoop binds it with SO_REUSEPORT.
    Multiprocess(config, sockets=None).run()  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Sync code under ASGI: a few long-lived threads instead of a new thread per request
#
# Django's ASGIHandler runs every request inside ``ThreadSensitiveContext()``, and asgiref gives
# each such context its own new ``ThreadPoolExecutor(max_workers=1)``: every request that
# touches sync code (a sync view, ``request.auser()``, the ``request_started`` signal) starts a
# thread, opens a database connection in it (connections are per thread), and with 50
# requests in flight 50 threads compete for the GIL and for the one lock in each asgiref
# ``Local`` (Django's active language, read by every ``{% translate %}``).  Measured in
# bench/page_throughput_bench.py and described in docs/architecture.md ("Serving sync pages").
#
# ``PooledASGIHandler`` keeps the per-request context — all of one request's sync calls still
# run on one thread, in order, with one database connection — but the thread comes from a
# fixed set of ``KABEUCHI_SYNC_THREADS`` long-lived threads.  A request is pinned to the thread
# with the least queued work on its first sync call; requests pinned to the same thread take
# turns between calls (as Django's own single-thread mode does), and an async view or a stream
# holds no thread while it waits.  Threads live as long as the process, so their database
# connections can too (``KABEUCHI_DB_CONN_MAX_AGE``).


class _SyncThreads:
    """``size`` single-thread executors and the number of calls queued on each."""

    def __init__(self, size: int) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.executors = [ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"kabeuchi-sync-{i}") for i in range(size)]
        self.queued = [0] * size

    def least_busy(self) -> int:
        return min(range(len(self.queued)), key=self.queued.__getitem__)


class PinnedExecutor:
    """The executor one request's ``ThreadSensitiveContext`` uses: the thread is chosen on the
    first call and kept for the rest of the request."""

    def __init__(self, threads: _SyncThreads) -> None:
        self.threads = threads
        self.index: int | None = None

    def submit(self, fn, /, *args, **kwargs):
        threads = self.threads
        if self.index is None:
            self.index = threads.least_busy()
        index = self.index
        threads.queued[index] += 1  # only the event loop's thread submits: no lock needed
        future = threads.executors[index].submit(fn, *args, **kwargs)

        def done(_future, index=index) -> None:
            threads.queued[index] -= 1  # runs on the worker thread; a lost update only skews a choice

        future.add_done_callback(done)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Owned by the process, not the request: nothing to shut down."""


def pooled_asgi_application():
    """Django's ASGI application with ``settings.KABEUCHI_SYNC_THREADS`` sync threads
    (config/asgi.py)."""
    import django
    from asgiref.sync import ThreadSensitiveContext
    from django.conf import settings
    from django.core.handlers.asgi import ASGIHandler

    django.setup(set_prefix=False)
    pool = _SyncThreads(settings.KABEUCHI_SYNC_THREADS)

    class PooledASGIHandler(ASGIHandler):
        async def __call__(self, scope, receive, send):
            if scope["type"] != "http":
                raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
            async with ThreadSensitiveContext(executor=PinnedExecutor(pool)):
                await self.handle(scope, receive, send)

    return PooledASGIHandler()
