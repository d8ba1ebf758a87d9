"""The periodic jobs run exactly once across processes, keep a run record an operator can read,
and say clearly when a run is skipped (kabeuchi/core/scheduler.py, `kabeuchi run_jobs`).

Runs on SQLite, and on PostgreSQL when KABEUCHI_TEST_DATABASE_URL is set (as the whole suite).
"""

from __future__ import annotations

import datetime
import threading
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.utils import timezone

from kabeuchi.core import scheduler
from kabeuchi.core.models import ScheduledJob

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def slow_purge(monkeypatch):
    """The purge job replaced by one that takes 0.3 s and counts its runs."""
    runs = []
    real = scheduler.jobs

    def slow():
        runs.append(threading.get_ident())
        time.sleep(0.3)
        return {"conversations": 2, "shares": 0}

    def fake_jobs():
        jobs = real()
        jobs["purge"] = scheduler.Job("purge", "purge", slow, jobs["purge"].next_due, jobs["purge"].lease)
        return jobs

    monkeypatch.setattr(scheduler, "jobs", fake_jobs)
    return runs


def test_many_runners_at_once_run_a_due_job_exactly_once(slow_purge):
    # given eight processes' worth of runners (threads, each with its own connection) at once
    outcomes = []
    go = threading.Barrier(8)

    def runner():
        try:
            go.wait()
            outcomes.append(scheduler.run_job("purge"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    # then exactly one ran it; every other one says plainly that it skipped, and why
    assert len(slow_purge) == 1
    statuses = sorted(o.status for o in outcomes)
    assert statuses.count("ran") == 1 and len(outcomes) == 8, statuses
    assert set(statuses) <= {"ran", "skipped", "not_due"}
    for outcome in outcomes:
        if outcome.status == "skipped":
            assert "another run started at" in outcome.message and "holds it until" in outcome.message
        elif outcome.status == "not_due":
            assert "not due until" in outcome.message
    # and the record says when, how long, and what it did
    row = ScheduledJob.objects.get(name="purge")
    assert row.last_outcome == "ok" and row.last_duration_ms >= 300 and row.last_counts == [["conversations", 2], ["shares", 0]]
    assert row.lease_until is None and row.due_at > timezone.now()


def test_a_job_is_not_run_again_before_it_is_due_unless_forced(slow_purge, settings):
    settings.KABEUCHI_PURGE_INTERVAL_SECONDS = 3600
    assert scheduler.run_job("purge").status == "ran"
    again = scheduler.run_job("purge")
    assert again.status == "not_due" and "not due until" in again.message
    assert scheduler.run_job("purge", force=True).status == "ran"
    assert len(slow_purge) == 2
    # and an hour later it is due again
    later = timezone.now() + datetime.timedelta(seconds=3601)
    assert scheduler.run_job("purge", now=later).status == "ran"


def test_a_runner_killed_mid_run_holds_the_job_only_until_its_lease_ends(slow_purge):
    # given a run that took the job and then died (kill -9): its lease stays in the row
    now = timezone.now()
    ScheduledJob.objects.create(
        name="purge", lease_token="dead", lease_until=now + datetime.timedelta(minutes=30), last_started_at=now
    )
    # then the record shows it running, and asks for no look while the lease lasts
    (purge,) = [row for row in scheduler.status(now=now) if row["job"] == "purge"]
    assert purge["running_until"] is not None and not purge["attention"]
    # and two hours later, with the lease long gone and the job never finished, it does
    (purge,) = [row for row in scheduler.status(now=now + datetime.timedelta(hours=2)) if row["job"] == "purge"]
    assert purge["running_until"] is None and purge["attention"]
    # and nobody runs it while the lease lasts, even by force
    assert scheduler.run_job("purge").status == "skipped"
    assert scheduler.run_job("purge", force=True).status == "skipped"
    assert ScheduledJob.objects.get(name="purge").last_skipped_at is not None
    # and after the lease, the next runner takes over
    assert scheduler.run_job("purge", now=now + datetime.timedelta(minutes=31)).status == "ran"
    assert len(slow_purge) == 1


def test_a_failed_run_is_recorded_without_its_message_and_retried(monkeypatch):
    real = scheduler.jobs
    calls = []

    def failing():
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("a message that could quote somebody's data")
        return {"conversations": 0, "shares": 0}

    monkeypatch.setattr(scheduler, "jobs", lambda: {**real(), "purge": scheduler.Job(
        "purge", "purge", failing, real()["purge"].next_due, real()["purge"].lease)})
    first = scheduler.run_job("purge")
    assert first.status == "failed" and "ValueError" in first.message
    row = ScheduledJob.objects.get(name="purge")
    assert row.last_outcome == "failed" and row.last_error == "ValueError" and row.lease_until is None
    assert "quote" not in str(row.__dict__)
    # it stays due: the next tick retries it at once
    assert scheduler.run_job("purge").status == "ran"
    assert ScheduledJob.objects.get(name="purge").last_outcome == "ok"


def test_the_real_purge_job_deletes_expired_rows_and_counts_them(cast):
    from kabeuchi.coach import services
    from kabeuchi.coach.models import Conversation
    from kabeuchi.vault.actor import acting_as, person

    with acting_as(person(cast.aiko.pk)):
        _, conversation = services.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")
    Conversation.objects.filter(pk=conversation.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    outcome = scheduler.run_job("purge")
    assert outcome.status == "ran" and outcome.counts == {"conversations": 1, "shares": 0}
    assert not Conversation.objects.exists()


def test_the_release_runs_once_a_month_for_the_month_just_ended(cast):
    # given the organisations were made this month, so last month cannot be released for them
    outcome = scheduler.run_job("release")
    assert outcome.status == "ran"
    assert outcome.counts["period"] < timezone.localtime().strftime("%Y-%m")
    assert outcome.counts["not released"] == 2 and outcome.counts["released"] == 0
    # then it is next due on the 1st of next month, 00:30 Tokyo time, and not before
    due = timezone.localtime(ScheduledJob.objects.get(name="release").due_at)
    assert (due.day, due.hour, due.minute) == (1, 0, 30) and due > timezone.now()
    assert scheduler.run_job("release").status == "not_due"


def test_run_jobs_and_its_status_for_an_operator(cast):
    out = StringIO()
    # before anything ran, the status asks for a look (is the scheduler running at all?)
    with pytest.raises(CommandError, match="overdue"):
        call_command("run_jobs", "--status", stdout=out)
    assert "never run" in out.getvalue()
    out = StringIO()
    call_command("run_jobs", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("purge: done in ") and "conversations 0, shares 0" in lines[0]
    assert lines[1].startswith("release: done in ")
    out = StringIO()
    call_command("run_jobs", stdout=out)
    assert "purge: not due until" in out.getvalue() and "release: not due until" in out.getvalue()
    out = StringIO()
    call_command("run_jobs", "--status", stdout=out)  # all well: no error
    text = out.getvalue()
    assert "outcome      ok" in text and "conversations 0, shares 0" in text and "needs a look" not in text
    # the old single command still works, through the same lease and record
    out = StringIO()
    call_command("purge_expired", stdout=out)
    assert out.getvalue().startswith("purge: done in ")


def test_the_demo_runs_the_same_scheduler_in_its_own_thread(cast):
    from kabeuchi.coach.jobs import start_in_process_scheduler

    stop = start_in_process_scheduler(interval=0.05)
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and ScheduledJob.objects.filter(last_outcome="ok").count() < 2:
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in threading.enumerate():
            if thread.name == "kabeuchi-jobs":
                thread.join(timeout=5)
    assert set(ScheduledJob.objects.filter(last_outcome="ok").values_list("name", flat=True)) == {"purge", "release"}
