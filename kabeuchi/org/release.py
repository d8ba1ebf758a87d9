"""The monthly release: the only moment anything about a period reaches the people team.

``period_release`` (run by ``kabeuchi release_period`` from cron after a month ends) does, in one
transaction: release waiting feedback if there are at least k submissions, build the insights
snapshot (gate + noise, spending the period's privacy budget), then destroy the period secret
and every keyed hash made with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kabeuchi.accounts.models import Organisation
from kabeuchi.org.feedback import feedback_release
from kabeuchi.org.periods import period_forget, period_has_ended
from kabeuchi.org.selectors import policy_for_organisation


@dataclass(frozen=True)
class Released:
    period: str
    feedback: int
    snapshot: bool


def period_release(*, organisation: Organisation, period: str) -> Released:
    if not period_has_ended(period):
        raise ValidationError(_("A month can be released only after it has ended."))
    k = policy_for_organisation(organisation=organisation).k
    with transaction.atomic():
        released = feedback_release(organisation=organisation, period=period, k=k)
        snapshot = _insights_release(organisation=organisation, period=period, k=k)
        period_forget(organisation=organisation, period=period)
    return Released(period=period, feedback=released, snapshot=snapshot)


def _insights_release(*, organisation: Organisation, period: str, k: int) -> bool:
    try:
        from kabeuchi.org.insights import snapshot_release
    except ImportError:  # pragma: no cover - insights land in a later step
        return False
    return snapshot_release(organisation=organisation, period=period, k=k) is not None
