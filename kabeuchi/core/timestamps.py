"""Times that keep only the day.

A row's exact creation time is a record of when someone did something ("aiko shared at 23:41").
Where the day is enough to order rows, expire them and show them to their owner, the time is
dropped on every save (docs/privacy.md P8, P21)."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone


def day_start(moment: datetime.datetime) -> datetime.datetime:
    """00:00 of ``moment``'s day in the project's time zone (Asia/Tokyo), as an aware datetime."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else timezone.make_aware(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def day_end(moment: datetime.datetime) -> datetime.datetime:
    """00:00 of the day after ``moment``'s day: "until the end of that day"."""
    return day_start(day_start(moment) + datetime.timedelta(hours=36))


class DayTimestampField(models.DateTimeField):
    """A ``DateTimeField`` (same column) whose value is always the start of its day."""

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if value is not None:
            # in UTC, as a read from the database gives it, so a row just saved and the same row
            # read back say the same thing (in an API response, for one)
            value = day_start(value).astimezone(datetime.UTC)
            setattr(model_instance, self.attname, value)
        return value


def forget_times_of_day(
    model,
    *,
    using: str,
    counters: tuple[tuple[str, str], ...] = (),
    times: tuple[str, ...] = ("created_at", "updated_at"),
    batch_size: int = 500,
) -> None:
    """For data migrations: number each owner's rows of ``model`` in their old order, then keep
    only the day of each of ``times``.

    ``counters`` are ``(counter field, time field it follows)`` pairs, e.g. ``("seq", "created_at")``:
    each owner's rows get 1, 2, 3, ... in the order of that exact time (ties by id), so a list
    ordered by the day and then the counter reads as it did when it was ordered by the time.
    Every counter is filled before any time is rounded.  Writes go through ``bulk_update``
    (``QuerySet.update()`` underneath), which skips ``pre_save``: the times are rounded here."""
    manager = model._base_manager.using(using)

    def flush(batch: list, fields: list[str]) -> None:
        if batch:
            manager.bulk_update(batch, fields, batch_size=batch_size)
            batch.clear()

    for counter, by in counters:
        running: dict = {}
        batch: list = []
        # read whole before writing: SQLite gives no isolation between a cursor and writes
        for pk, owner_id in list(manager.order_by("owner_id", by, "pk").values_list("pk", "owner_id")):
            running[owner_id] = running.get(owner_id, 0) + 1
            batch.append(model(pk=pk, **{counter: running[owner_id]}))
            if len(batch) >= batch_size:
                flush(batch, [counter])
        flush(batch, [counter])
    batch = []
    for pk, *moments in list(manager.order_by("pk").values_list("pk", *times)):
        batch.append(model(pk=pk, **{f: day_start(m) for f, m in zip(times, moments, strict=True)}))
        if len(batch) >= batch_size:
            flush(batch, list(times))
    flush(batch, list(times))
