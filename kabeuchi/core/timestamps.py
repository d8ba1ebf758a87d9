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
            value = day_start(value)
            setattr(model_instance, self.attname, value)
        return value
