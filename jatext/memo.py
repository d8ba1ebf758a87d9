"""Memoisation that lives for one piece of work and no longer.

One reply or one summary reads the same sentence several times (its tokens, its clauses, its
phrases, its intent), so remembering those readings saves real time (a reply's p99 doubles
without). A process-wide cache (``functools.lru_cache``) would also keep people's sentences in
memory long after their request, for as long as the process runs. So readings are remembered
only inside ``with scope():``, in a dictionary held by a context variable and dropped when the
block ends; outside a scope every call computes afresh.

    with memo.scope():
        move = planner.plan()      # _tokens(text) computed once, reused by every rule
    # nothing of the conversation is left here

A reading that is only numbers (an intent's probabilities) may also be kept across requests by
``by_digest``: the key is a keyed BLAKE2b digest of the arguments (a random key made when the
process starts, never stored), so the cache holds no words, only digests and numbers. A
conversation's earlier turns are read again at every reply, so this keeps replies to long
conversations fast (bench/coach_guide_bench.py: reply p99 about 45 ms without, 30 ms with).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import TypeVar

_T = TypeVar("_T")
_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar("jatext_memo", default=None)


@contextlib.contextmanager
def scope() -> Iterator[None]:
    """Remember readings until the block ends (a scope inside a scope shares the outer one)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def within_scope(function: Callable[..., _T]) -> Callable[..., _T]:
    """Remember ``function``'s results (hashable positional arguments) for the current scope."""

    @functools.wraps(function)
    def remembered(*args):
        memo = _memo.get()
        if memo is None:
            return function(*args)
        key = (remembered, args)
        try:
            return memo[key]
        except KeyError:
            value = memo[key] = function(*args)
            return value

    return remembered


_DIGEST_KEY = secrets.token_bytes(32)


def by_digest(maxsize: int) -> Callable[[Callable[..., _T]], Callable[..., _T]]:
    """Keep up to ``maxsize`` results of a function whose arguments are strings and whose result
    holds no words (numbers only), keyed by a keyed digest of the arguments."""

    def decorate(function: Callable[..., _T]) -> Callable[..., _T]:
        kept: OrderedDict[bytes, _T] = OrderedDict()
        lock = threading.Lock()

        @functools.wraps(function)
        def remembered(*args: str):
            digest = hashlib.blake2b("\x1f".join(args).encode(), key=_DIGEST_KEY, digest_size=16).digest()
            with lock:
                if digest in kept:
                    kept.move_to_end(digest)
                    return kept[digest]
            value = function(*args)
            with lock:
                kept[digest] = value
                while len(kept) > maxsize:
                    kept.popitem(last=False)
            return value

        remembered.kept = kept  # for tests: what is held
        return remembered

    return decorate


def held() -> int:
    """How many readings the current scope holds (0 outside one): for tests."""
    memo = _memo.get()
    return len(memo) if memo is not None else 0
