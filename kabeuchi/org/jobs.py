"""The monthly release as a scheduled job (kabeuchi/core/scheduler.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from kabeuchi.accounts.models import Organisation
from kabeuchi.org.insights import BudgetExhausted
from kabeuchi.org.periods import period_of, period_previous
from kabeuchi.org.release import period_release


def release_last_month() -> dict:
    """Release the month just ended for every organisation that has not had it released; counts
    of organisations by what happened (never which ones, nor anything they released)."""
    period = period_previous(period_of())
    counts = {"period": period, "released": 0, "already released": 0, "not released": 0}
    for organisation in Organisation.objects.order_by("pk"):
        try:
            period_release(organisation=organisation, period=period)
        except BudgetExhausted:
            counts["already released"] += 1  # released before (by hand, or an earlier run): unchanged
        except ValidationError:
            counts["not released"] += 1  # e.g. the organisation did not exist yet that month
        else:
            counts["released"] += 1
    return counts
