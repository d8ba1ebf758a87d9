"""The monthly release: the only moment anything about a period reaches the people team.

``period_release`` (run by ``kabeuchi release_period`` from cron after a month ends) does, in one
transaction: check the period (``periods.period_validate``: "YYYY-MM", the month just ended, not
before the organisation existed) and that it was not released before, release waiting feedback
if there are at least k submissions, build the insights snapshot (differentially private, shape
included, spending the period's privacy budget once), then destroy the period secret and every
keyed hash made with it.  A second release of the same month is refused before anything changes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from kabeuchi.accounts.models import Organisation
from kabeuchi.org.feedback import feedback_release
from kabeuchi.org.insights import refuse_second_release, snapshot_release
from kabeuchi.org.periods import period_forget, period_validate
from kabeuchi.org.selectors import policy_for_organisation


@dataclass(frozen=True)
class Released:
    period: str
    feedback: int
    snapshot: bool


def period_release(*, organisation: Organisation, period: str, now: datetime.datetime | None = None) -> Released:
    """Release one organisation's month, once.  Raises ``ValidationError`` for a period that may
    not be released and ``PeriodAlreadyReleased`` (a ``BudgetExhausted``) for a second release."""
    period = period_validate(period, organisation=organisation, now=now)
    k = policy_for_organisation(organisation=organisation).k
    with transaction.atomic():
        refuse_second_release(organisation=organisation, period=period)
        released = feedback_release(organisation=organisation, period=period, k=k)
        snapshot_release(organisation=organisation, period=period, k=k, now=now)
        period_forget(organisation=organisation, period=period)
    return Released(period=period, feedback=released, snapshot=True)
