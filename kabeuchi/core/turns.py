"""First come, first served for the work a reply does before it waits on the model.

When twenty people press "send" in the same second, asyncio runs their requests in turn a
slice at a time (every ``await`` goes to the back of the queue), so all twenty reach the model
together, as late as the last one. Giving each request the event loop from the moment it is
read until its request to the model is on the wire makes them reach the model in the order they
came, each as early as it can: the median wait halves and the first in line barely waits.

- ``kabeuchi.core.lean`` takes a turn for each streaming request once its body has been read
  (a slow client never holds a turn);
- the turn is given up as soon as the request to the model has been written or a new
  connection to it is being opened (:func:`model_request_sent`, the HTTP transport's trace
  hook), or the request's first event is ready (the built-in guide, errors, help shown), or the
  request ends, whichever comes first. Holding a turn while *waiting* on the model would
  serialise everyone behind it;
- no request waits more than ``MAX_WAIT`` for a turn: they order the work, never stall it.

Nothing is recorded; a turn is an ``asyncio.Lock`` per event loop and a context variable.
"""

from __future__ import annotations

import asyncio
import weakref
from contextvars import ContextVar


class Turn:
    """One request's place in the line; taken at most once, given up at most once."""

    def __init__(self) -> None:
        self._lock: asyncio.Lock | None = None

    async def take(self) -> None:
        """Wait for the turn, at most ``MAX_WAIT`` seconds: turns order the work, they must never
        stall it, so a request that has waited that long goes ahead without one."""
        loop = asyncio.get_running_loop()
        lock = _locks.get(loop)
        if lock is None:
            lock = _locks[loop] = asyncio.Lock()
        try:
            # FIFO: asyncio.Lock wakes waiters in the order they came.
            await asyncio.wait_for(lock.acquire(), timeout=MAX_WAIT)
        except TimeoutError:
            return
        self._lock = lock

    def give_up(self) -> None:
        if self._lock is not None:
            lock, self._lock = self._lock, None
            lock.release()


MAX_WAIT = 2.0  # seconds; twenty requests' own work takes well under 0.1 s

_current: ContextVar[Turn | None] = ContextVar("kabeuchi_turn", default=None)
_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()


def begin() -> Turn:
    """A turn for the current request (not yet taken). The caller gives it up when the request
    ends, so no path (an error, a client that left) can keep it."""
    turn = Turn()
    _current.set(turn)
    return turn


def current() -> Turn | None:
    return _current.get()


def give_up() -> None:
    """This request now waits on something else (or is done): let the next one in."""
    turn = _current.get()
    if turn is not None:
        turn.give_up()


# httpcore trace events after which a request waits on the network, not on the event loop:
# its request to the model is written, or a new connection is being opened (a model host that
# drops packets would otherwise hold the turn for the whole connect timeout).
_WAITING_ON_NETWORK = {
    "http11.send_request_body.complete",
    "http2.send_request_body.complete",
    "connection.connect_tcp.started",
    "connection.connect_unix_socket.started",
}


async def model_request_sent(event_name: str, info: dict) -> None:
    """An httpcore trace hook: give up the turn once the request waits on the network."""
    if event_name in _WAITING_ON_NETWORK:
        give_up()
