"""Release periods (calendar months in the organisation's time zone) and their secrets.

A period's secret keys the HMACs that let the system say "this person already gave feedback
this month" or "this person was active this month" without storing who.  The secret and every
hash made with it are destroyed together when the period is released (``period_forget``), so
afterwards the hashes cannot be recomputed for anyone, by anyone.

Honest limit: while a period is open, someone with the database *and* the ability to run code
could recompute the hash of a given person and see whether they were active or sent feedback
(not what they wrote: submissions are not linked to the hashes, and they are released shuffled).
That is the operator risk described in docs/privacy.md; the people team has no such path.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import hmac
import re
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kabeuchi.accounts.models import Organisation
from kabeuchi.org.models import PeriodMark, PeriodSecret


def period_of(moment: datetime.datetime | None = None) -> str:
    """The period ("YYYY-MM") a moment falls in, in the local time zone (Asia/Tokyo)."""
    local = timezone.localtime(moment or timezone.now())
    return f"{local.year:04d}-{local.month:02d}"


def period_previous(period: str) -> str:
    year, month = (int(part) for part in period.split("-"))
    year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return f"{year:04d}-{month:02d}"


def period_has_ended(period: str, now: datetime.datetime | None = None) -> bool:
    return period_canonical(period) < period_of(now)


_PERIOD = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")


def period_canonical(period: str) -> str:
    """The period exactly as "YYYY-MM", or ``ValidationError``: nothing else names a month.

    No stripping, no other spelling: "2026-10 ", "2026-1" and "2026-10-01" are refused rather
    than mapped, so a month has one key in the privacy ledger and one release.
    """
    match = _PERIOD.fullmatch(period) if isinstance(period, str) else None
    if match is None:
        raise ValidationError(_("A month is written as YYYY-MM, for example 2026-10."))
    return f"{int(match[1]):04d}-{int(match[2]):02d}"


def period_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of the period."""
    year, month = (int(part) for part in period_canonical(period).split("-"))
    return datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_validate(period: str, *, organisation: Organisation, now: datetime.datetime | None = None) -> str:
    """The canonical period if it may be released now for ``organisation``; else ``ValidationError``.

    Only the month that has just ended can be released: the release reads who is a member *now*,
    so releasing older months later would be further releases about the same people.  A month
    before the organisation existed has nothing of its own to release.
    """
    period = period_canonical(period)
    current = period_of(now)
    if period >= current:
        raise ValidationError(_("A month can be released only after it has ended."))
    if period != period_previous(current):
        raise ValidationError(
            _("Only the month that has just ended (%(month)s) can be released; earlier months are not released later.")
            % {"month": period_previous(current)}
        )
    if period < period_of(organisation.created_at):
        raise ValidationError(_("This organisation did not exist yet in %(month)s.") % {"month": period})
    return period


def _secret(*, organisation: Organisation, period: str) -> bytes:
    row = PeriodSecret.objects.filter(organisation=organisation, period=period).first()
    if row is None:
        try:
            with transaction.atomic():
                row = PeriodSecret.objects.create(
                    organisation=organisation, period=period, secret=secrets.token_bytes(32)
                )
        except IntegrityError:  # created by a concurrent request
            row = PeriodSecret.objects.get(organisation=organisation, period=period)
    return bytes(row.secret)


def tag_for(*, organisation: Organisation, period: str, user_id, purpose: str) -> str:
    key = _secret(organisation=organisation, period=period)
    return hmac.new(key, f"{purpose}|{user_id}".encode(), hashlib.sha256).hexdigest()


def mark_add(*, organisation: Organisation, period: str, user_id, purpose: str, blinded: str = "") -> bool:
    """Record "someone did ``purpose`` this period"; False if this person already had.

    ``blinded`` (feedback only) is the SHA-256 of the blinded message signed for this mark."""
    tag = tag_for(organisation=organisation, period=period, user_id=user_id, purpose=purpose)
    try:
        with transaction.atomic():
            PeriodMark.objects.create(organisation=organisation, period=period, purpose=purpose, tag=tag, blinded=blinded)
    except IntegrityError:
        return False
    return True


def mark_exists(*, organisation: Organisation, period: str, user_id, purpose: str) -> bool:
    """A read that writes nothing: without the period's secret there can be no mark yet."""
    if not PeriodSecret.objects.filter(organisation=organisation, period=period).exists():
        return False
    tag = tag_for(organisation=organisation, period=period, user_id=user_id, purpose=purpose)
    return PeriodMark.objects.filter(organisation=organisation, period=period, tag=tag).exists()


def mark_blinded(*, organisation: Organisation, period: str, user_id, purpose: str) -> str | None:
    """The blinded-message digest stored with this person's mark, or None without a mark."""
    if not PeriodSecret.objects.filter(organisation=organisation, period=period).exists():
        return None
    tag = tag_for(organisation=organisation, period=period, user_id=user_id, purpose=purpose)
    return PeriodMark.objects.filter(organisation=organisation, period=period, tag=tag).values_list("blinded", flat=True).first()


def period_forget(*, organisation: Organisation, period: str) -> None:
    """Destroy the period's secret and every hash made with it, and those of any earlier month
    that was never released (they can no longer be released, so nothing may keep them)."""
    period = period_canonical(period)
    from kabeuchi.org.models import FeedbackTokenKey, SpentToken

    PeriodMark.objects.filter(organisation=organisation, period__lte=period).delete()
    FeedbackTokenKey.objects.filter(organisation=organisation, period__lte=period).delete()
    SpentToken.objects.filter(organisation=organisation, period__lte=period).delete()
    PeriodSecret.objects.filter(organisation=organisation, period__lte=period).delete()
