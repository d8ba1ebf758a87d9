"""Scheduled jobs.  In production run `kabeuchi purge_expired` from cron or a worker
(docs/operations.md); `kabeuchi demo` runs the same function on a timer in its own process."""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)


def run_purge_once() -> int:
    """Delete expired conversations and expired 1on1 shares.  Returns how many rows went.

    Expired sessions go too (not counted): sessions live in the database, and a row kept past
    its expiry would be a record of when someone last signed in (docs/privacy.md, P8)."""
    from importlib import import_module

    from kabeuchi.coach.services import conversations_purge_expired
    from kabeuchi.oneonone.services import shares_purge_expired

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return conversations_purge_expired() + shares_purge_expired()


def start_in_process_scheduler(*, interval: int | None = None) -> threading.Event:
    """Purge expired conversations now and then every ``interval`` seconds, in a daemon thread.
    Returns an event that stops the loop when set."""
    interval = interval or settings.KABEUCHI_PURGE_INTERVAL_SECONDS
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            close_old_connections()  # this thread's own connection, between runs
            try:
                count = run_purge_once()
                if count:
                    logger.info("retention purge deleted %d expired item(s)", count)
            except Exception:  # keep the schedule alive; the next run retries
                logger.exception("retention purge failed")
            stop.wait(interval)

    threading.Thread(target=loop, name="kabeuchi-purge", daemon=True).start()
    return stop
