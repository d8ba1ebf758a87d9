"""The retention purge.  Scheduled with the other periodic jobs by ``kabeuchi run_jobs``
(kabeuchi/core/scheduler.py, docs/operations.md); ``kabeuchi demo`` runs the same scheduler in
its own process."""

from __future__ import annotations

import threading

from django.conf import settings


def purge_counts() -> dict:
    """Delete expired conversations and expired 1on1 shares; how many of each went.

    Expired sessions go too (not counted): sessions live in the database, and a row kept past
    its expiry would be a record of when someone last signed in (docs/privacy.md, P8)."""
    from importlib import import_module

    from kabeuchi.coach.services import conversations_purge_expired
    from kabeuchi.oneonone.services import shares_purge_expired

    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return {"conversations": conversations_purge_expired(), "shares": shares_purge_expired()}


def run_purge_once() -> int:
    """The purge now, whatever the schedule; how many rows went."""
    return sum(purge_counts().values())


def start_in_process_scheduler(*, interval: float = 60) -> threading.Event:
    """Run the scheduled jobs (kabeuchi.core.scheduler) from a daemon thread of this process,
    checking every ``interval`` seconds which are due; the same leases as ``kabeuchi run_jobs``,
    so a cron job next to it never doubles a run.  Returns an event that stops the loop."""
    from kabeuchi.core import scheduler

    stop = threading.Event()
    threading.Thread(target=scheduler.loop, args=(interval, stop), name="kabeuchi-jobs", daemon=True).start()
    return stop
