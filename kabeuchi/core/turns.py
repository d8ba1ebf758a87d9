"""First come, first served for the work a reply does before it waits on the model.

When twenty people press "send" in the same second, asyncio runs their requests in turn a
slice at a time (every ``await`` goes to the back of the queue), so all twenty reach the model
together, as late as the last one. Giving each request the event loop from the moment it is
read until its request to the model is on the wire makes them reach the model in the order they
came, each as early as it can: the median wait halves and the first in line barely waits.

- ``kabeuchi.core.lean`` takes a turn for each streaming request once its body has been read
  (a slow client never holds a turn);
- the turn is given up as soon as the request to the model has been written
  (:func:`model_request_sent`, called from the HTTP transport's trace hook), or the request's
  first event is ready (the built-in guide, errors, help shown), or the request ends, whichever
  comes first. Holding a turn while *waiting* on the model would serialise everyone behind it.

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
        loop = asyncio.get_running_loop()
        lock = _locks.get(loop)
        if lock is None:
            lock = _locks[loop] = asyncio.Lock()
        await lock.acquire()  # FIFO: asyncio.Lock wakes waiters in the order they came
        self._lock = lock

    def give_up(self) -> None:
        if self._lock is not None:
            lock, self._lock = self._lock, None
            lock.release()


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


async def model_request_sent(event_name: str, info: dict) -> None:
    """An httpcore trace hook: give up the turn once the request to the model is written."""
    if event_name in ("http11.send_request_body.complete", "http2.send_request_body.complete"):
        give_up()
