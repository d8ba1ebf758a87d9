import uuid

from django.db import models

from kabeuchi.core.timestamps import DayTimestampField


class BaseModel(models.Model):
    """UUID primary keys (nothing to enumerate), creation and update times, stable order."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]


def next_in_order(model, *, owner_id, field: str) -> int:
    """The owner's next number in ``field`` of ``model``: one more than the highest so far.

    Orders a person's rows without storing a time.  Two writes of one person at the same moment
    (two tabs) may draw the same number; their rows then tie, which only makes their relative
    order arbitrary."""
    latest = model._default_manager.filter(owner_id=owner_id).aggregate(m=models.Max(field))["m"]
    return (latest or 0) + 1


class OwnedModel(BaseModel):
    """A row a person wrote (``owner``): it must not say when they wrote it (docs/privacy.md P8).

    Its times keep only the day, and the order of the owner's rows of one kind comes from
    ``seq``, the owner's n-th row of that kind, set when the row is created, not from a time.
    A kind whose list is ordered by the last change also keeps a per-owner write counter
    (``Note.touched``).  ``QuerySet.update()`` skips both ``DayTimestampField.pre_save`` and
    ``save()``: a caller that writes a time or a new row that way rounds and numbers it itself.
    """

    created_at = DayTimestampField(auto_now_add=True)
    updated_at = DayTimestampField(auto_now=True)
    seq = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta(BaseModel.Meta):
        abstract = True
        ordering = ["-created_at", "-seq"]

    def save(self, *args, **kwargs):
        if self._state.adding and not self.seq:
            self.seq = next_in_order(type(self), owner_id=self.owner_id, field="seq")
        super().save(*args, **kwargs)


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
