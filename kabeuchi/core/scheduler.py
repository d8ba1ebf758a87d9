"""The periodic jobs, run exactly once across processes, with a run record an operator can read.

One command, ``kabeuchi run_jobs``, runs every job that is due: from cron every few minutes
(``*/5 * * * * kabeuchi run_jobs``), as a long-running process (``kabeuchi run_jobs --loop 60``),
or inside ``kabeuchi demo``.  Any number of them may run at the same moment on any number of
machines: each job is taken with one conditional ``UPDATE`` of its ``core.ScheduledJob`` row
(its lease is free or has expired, and it is due), which the database (SQLite or PostgreSQL)
grants to exactly one of them.  The others print that the job was skipped and why.

Why the database and not another engine: it is the one service every deployment already has
(the demo included); PostgreSQL advisory locks would leave SQLite out; Django 5.2 has no tasks
framework (it arrives in 6.0); Celery beat, RQ or APScheduler would add a broker or a process
to run and watch for two jobs that take seconds.  A lease rather than a held lock: a runner
killed mid-run (kill -9, a machine lost) holds the job only until its lease ends.

The record (``kabeuchi run_jobs --status``) says when each job last started and finished, how
long it took, whether it worked, what it did in counts (rows deleted, organisations released),
the error's class if it failed (never its message, which could quote data), when a run was
last skipped and when the job is next due.  Only the last run is kept; each overwrites it.
"""

from __future__ import annotations

import datetime
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.models import Q
from django.utils import timezone

from kabeuchi.core.models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    description: str
    run: Callable[[], dict]  # does the work; returns counts (numbers, or a period like "2026-10")
    next_due: Callable[[datetime.datetime], datetime.datetime]  # from the start of a run that worked
    lease: datetime.timedelta  # longer than any run should take


@dataclass
class Outcome:
    job: str
    status: str  # "ran", "failed", "skipped" (another run holds it), "not_due"
    message: str
    counts: dict = field(default_factory=dict)


# --- the jobs ---------------------------------------------------------------------------------


def _purge() -> dict:
    from kabeuchi.coach.jobs import purge_counts

    return purge_counts()


def _purge_next(started: datetime.datetime) -> datetime.datetime:
    return started + datetime.timedelta(seconds=settings.KABEUCHI_PURGE_INTERVAL_SECONDS)


def _release() -> dict:
    from kabeuchi.org.jobs import release_last_month

    return release_last_month()


def _next_month(started: datetime.datetime) -> datetime.datetime:
    """The first of the next month, 00:30 local time (Asia/Tokyo): the month just begun has
    then ended for every organisation, and the release of the one before is due."""
    local = timezone.localtime(started)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    return local.replace(year=year, month=month, day=1, hour=0, minute=30, second=0, microsecond=0)


def jobs() -> dict[str, Job]:
    return {
        "purge": Job(
            "purge",
            "delete expired conversations, 1on1 shares and sessions",
            _purge,
            _purge_next,
            datetime.timedelta(minutes=30),
        ),
        "release": Job(
            "release",
            "release last month's feedback and figures for every organisation, then forget its secrets",
            _release,
            _next_month,
            datetime.timedelta(hours=2),
        ),
    }


# --- running them -----------------------------------------------------------------------------


def _when(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S %Z") if moment else "never"


def run_job(name: str, *, force: bool = False, now: datetime.datetime | None = None) -> Outcome:
    """Run job ``name`` if it is due and nobody else is running it.  ``force``: even if not due
    (an operator's manual run); a run in progress elsewhere is still never doubled."""
    job = jobs()[name]
    now = now or timezone.now()
    ScheduledJob.objects.get_or_create(name=name)
    token = secrets.token_hex(16)
    free = Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    due = Q(due_at__isnull=True) | Q(due_at__lte=now)
    taken = ScheduledJob.objects.filter(free if force else free & due, name=name).update(
        lease_token=token, lease_until=now + job.lease, last_started_at=now
    )
    if not taken:
        row = ScheduledJob.objects.get(name=name)
        if row.lease_until is not None and row.lease_until > now:
            ScheduledJob.objects.filter(name=name).update(last_skipped_at=now)
            return Outcome(
                name, "skipped",
                f"{name}: skipped: another run started at {_when(row.last_started_at)} and holds it "
                f"until {_when(row.lease_until)} at the latest",
            )
        return Outcome(name, "not_due", f"{name}: not due until {_when(row.due_at)}")

    started = time.monotonic()
    try:
        counts = job.run()
    except Exception as error:  # recorded, and the job stays due: the next run retries it
        finished = timezone.now()
        ScheduledJob.objects.filter(name=name, lease_token=token).update(
            lease_token="", lease_until=None, last_finished_at=finished,
            last_duration_ms=int((time.monotonic() - started) * 1000), last_outcome="failed",
            last_counts={}, last_error=type(error).__name__[:100],
        )
        logger.exception("scheduled job %s failed", name)
        return Outcome(name, "failed", f"{name}: failed ({type(error).__name__}); it stays due and is retried")
    finished = timezone.now()
    duration_ms = int((time.monotonic() - started) * 1000)
    kept = ScheduledJob.objects.filter(name=name, lease_token=token).update(
        lease_token="", lease_until=None, last_finished_at=finished, last_duration_ms=duration_ms,
        # as pairs: PostgreSQL's jsonb would reorder an object's keys
        last_outcome="ok", last_counts=list(counts.items()), last_error="", last_ok_at=finished, due_at=job.next_due(now),
    )
    if not kept:  # ran past its lease, and another run took the job meanwhile
        logger.warning("scheduled job %s outlived its lease; its record was left to the later run", name)
    said = ", ".join(f"{key} {value}" for key, value in counts.items()) or "nothing to do"
    return Outcome(name, "ran", f"{name}: done in {duration_ms} ms: {said}", counts)


def tick(*, now: datetime.datetime | None = None) -> list[Outcome]:
    """Run every due job once (in a fixed order)."""
    return [run_job(name, now=now) for name in jobs()]


def status(*, now: datetime.datetime | None = None, grace: datetime.timedelta | None = None) -> list[dict]:
    """The run record of every job, and whether it needs an operator's look: its last run
    failed, or it has been due for longer than ``grace`` (default one hour) without running."""
    now = now or timezone.now()
    grace = grace if grace is not None else datetime.timedelta(hours=1)
    rows = {row.name: row for row in ScheduledJob.objects.all()}
    report = []
    for name, job in jobs().items():
        row = rows.get(name) or ScheduledJob(name=name)
        running = row.lease_until is not None and row.lease_until > now  # a stale lease is a dead runner's
        # never run at all; or due (never finished: since its last start) for longer than grace
        due_since = row.due_at or row.last_started_at
        overdue = row.last_started_at is None or (not running and due_since + grace < now)
        report.append({
            "job": name,
            "what": job.description,
            "last_started": row.last_started_at,
            "last_finished": row.last_finished_at,
            "duration_ms": row.last_duration_ms,
            "outcome": row.last_outcome or "never run",
            "counts": dict(row.last_counts or []),
            "error": row.last_error,
            "last_ok": row.last_ok_at,
            "last_skipped": row.last_skipped_at,
            "running_until": row.lease_until if running else None,
            "next_due": row.due_at,
            "attention": row.last_outcome == "failed" or overdue,
        })
    return report


def loop(interval: float, stop: threading.Event | None = None) -> None:
    """Tick every ``interval`` seconds until ``stop`` is set (``run_jobs --loop``, the demo)."""
    stop = stop or threading.Event()
    try:
        while not stop.is_set():
            close_old_connections()  # this thread's own connection, between ticks
            try:
                for outcome in tick():
                    if outcome.status in ("ran", "failed", "skipped"):
                        logger.info("%s", outcome.message)
            except Exception:  # the database away for a moment: the next tick tries again
                logger.exception("scheduled jobs could not run")
            stop.wait(interval)
    finally:
        connections.close_all()  # this thread's connections
