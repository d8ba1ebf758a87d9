"""A Redis cache that a Redis outage cannot turn into an outage of Kabeuchi.

Nothing Kabeuchi must not lose lives in the cache: sessions are in the database
(config/settings.py), and the cache holds only what may be forgotten (login-throttling
counters of django-axes).  So when Redis cannot be reached, every operation falls back to a
process-local in-memory cache instead of raising: sign-in keeps working and keeps being
throttled (per process) while Redis is away.  After an error Redis is left alone for
``RETRY_SECONDS``, so requests do not each wait for a socket timeout; the next operation after
that tries Redis again, and recovery needs no restart.

Values written to the local fallback are not copied back to Redis: a throttling counter may
restart from Redis's older value after an outage, which is the safe side of forgetting.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_SECONDS = 2.0

# Per process, shared by the per-thread cache instances Django creates: {location: retry at}.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


def _errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.RedisError, OSError)


class TolerantRedisCache(RedisCache):
    """``RedisCache`` whose connection errors and timeouts become operations on a local cache."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)
        # LocMemCache instances with the same name share their storage within the process.
        self._fallback = LocMemCache(
            f"kabeuchi-cache-fallback:{self._location}",
            {"TIMEOUT": params.get("TIMEOUT", 300), "OPTIONS": {"MAX_ENTRIES": 10000}},
        )

    def _call(self, name: str, *args, **kwargs):
        if time.monotonic() >= _down_until.get(self._location, 0.0):
            try:
                result = getattr(super(), name)(*args, **kwargs)
            except _errors() as error:
                with _lock:
                    first = _down_until.get(self._location, 0.0) == 0.0
                    _down_until[self._location] = time.monotonic() + RETRY_SECONDS
                if first:
                    # The error's class only: its text can carry the URL (and a password).
                    logger.warning("cache unreachable (%s); using the in-process fallback", type(error).__name__)
            else:
                if _down_until.get(self._location):
                    with _lock:
                        _down_until[self._location] = 0.0
                    logger.warning("cache reachable again")
                return result
        return getattr(self._fallback, name)(*args, **kwargs)

    def ping(self) -> bool:
        """Whether Redis answers now (for /readyz); never falls back."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except _errors():
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
