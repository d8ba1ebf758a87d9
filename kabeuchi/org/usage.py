"""The usage signal behind "active this month" and "themes chosen", with no user id.

``usage_record`` is called when a conversation starts (``coach.services.conversation_start``).
It adds keyed hashes (``PeriodMark``): HMAC(period secret, "active|<user id>") and
HMAC(period secret, "theme:<key>|<user id>"), unique per period, so each person counts once as
active and at most ``THEMES_PER_PERSON`` times for themes.  No row holds a user id or a time.
At the month's release the insights module counts them — and releases only differentially
private figures of those counts (``insights.release``), never the counts themselves — and the
period secret and all marks are destroyed (``periods.period_forget``).  Only counts of theme
choices exist: never any content; a theme outside the public list is never released.
"""

from __future__ import annotations

import logging

from kabeuchi.accounts.models import Membership
from kabeuchi.org.insights import THEMES_PER_PERSON
from kabeuchi.org.models import PeriodMark
from kabeuchi.org.periods import mark_add, period_of, tag_for

ACTIVE = "active"
THEME_PREFIX = "theme:"
logger = logging.getLogger(__name__)


def usage_record(*, user, theme: str) -> None:
    """Count this person as active this month, and the theme they chose (at most twice a month)."""
    try:
        membership = Membership.objects.filter(user=user).select_related("organisation").first()
        if membership is None:  # individuals without an organisation: nothing to count for anyone
            return
        organisation, period = membership.organisation, period_of()
        mark_add(organisation=organisation, period=period, user_id=user.pk, purpose=ACTIVE)
        purposes = set(
            PeriodMark.objects.filter(organisation=organisation, period=period, purpose__startswith=THEME_PREFIX)
            .values_list("purpose", flat=True).distinct()
        )
        mine = {
            tag_for(organisation=organisation, period=period, user_id=user.pk, purpose=p): p for p in purposes
        }
        chosen = set(
            PeriodMark.objects.filter(organisation=organisation, period=period, tag__in=list(mine))
            .values_list("purpose", flat=True)
        )
        purpose = f"{THEME_PREFIX}{theme}"[:48]
        if purpose not in chosen and len(chosen) < THEMES_PER_PERSON:
            mark_add(organisation=organisation, period=period, user_id=user.pk, purpose=purpose)
    except Exception:  # counting must never stand between a person and a conversation
        logger.warning("usage count skipped", exc_info=False)
