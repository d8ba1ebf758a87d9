import uuid

from django.db import models


class BaseModel(models.Model):
    """UUID primary keys (nothing to enumerate), creation and update times, stable order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class ScheduledJob(models.Model):
    """One row per scheduled job (kabeuchi/core/scheduler.py): its lease, when it is next due,
    and the record of its last run.

    The lease is taken with one conditional UPDATE (free or expired, and due), so of any number
    of processes running ``kabeuchi run_jobs`` at once exactly one runs a due job; the others
    are told it was skipped, and why.  The record holds times, a duration, an outcome and counts
    of what the run did (rows deleted, organisations released): nothing about any person.  Only
    the last run is kept; each run overwrites it.
    """

    name = models.CharField(primary_key=True, max_length=40)
    due_at = models.DateTimeField(null=True)  # null: due now (never run)
    lease_token = models.CharField(max_length=32, blank=True, default="")
    lease_until = models.DateTimeField(null=True)
    last_started_at = models.DateTimeField(null=True)
    last_finished_at = models.DateTimeField(null=True)
    last_duration_ms = models.PositiveIntegerField(null=True)
    last_outcome = models.CharField(max_length=10, blank=True, default="")  # "ok", "failed"
    last_counts = models.JSONField(default=list)  # [[what, count], ...] in the job's own order
    last_error = models.CharField(max_length=100, blank=True, default="")  # an exception class, never a message
    last_ok_at = models.DateTimeField(null=True)
    last_skipped_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["name"]
