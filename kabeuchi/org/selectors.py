"""Reads of organisation settings, returned as frozen data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from kabeuchi.accounts.models import Membership, Organisation
from kabeuchi.org.models import OrgPolicy, PolicyChange


@dataclass(frozen=True)
class Policy:
    k: int
    max_retention_days: int
    consultation_desk: str
    eap: str
    organisation_name: str | None
    pii_redaction: str = "auto"

    @property
    def redacts_pii(self) -> bool:
        if self.pii_redaction == "auto":
            return settings.KABEUCHI_AI_EXTERNAL
        return self.pii_redaction == "on"


@dataclass(frozen=True)
class Change:
    setting: str
    old_value: str
    new_value: str
    changed_on: datetime.date


def default_policy() -> Policy:
    """What applies to a person without an organisation, and to a new organisation."""
    return Policy(
        k=settings.KABEUCHI_K_DEFAULT,
        max_retention_days=settings.KABEUCHI_MAX_RETENTION_DAYS,
        consultation_desk="",
        eap="",
        organisation_name=None,
    )


def policy_for_organisation(*, organisation: Organisation) -> Policy:
    return _policy_of(organisation, OrgPolicy.objects.filter(organisation=organisation).first())


def _policy_of(organisation: Organisation, row: OrgPolicy | None) -> Policy:
    if row is None:
        base = default_policy()
        return Policy(**{**base.__dict__, "organisation_name": organisation.name})
    return Policy(
        k=max(row.k, settings.KABEUCHI_K_MINIMUM),
        # The global maximum wins even if it was lowered after the organisation chose.
        max_retention_days=min(row.max_retention_days, settings.KABEUCHI_MAX_RETENTION_DAYS),
        consultation_desk=row.consultation_desk,
        eap=row.eap,
        organisation_name=organisation.name,
        pii_redaction=row.pii_redaction,
    )


def policy_for_user(*, user) -> Policy:
    # One query: membership, organisation and its policy row (a reply waits on this).
    membership = (
        Membership.objects.filter(user=user).select_related("organisation__policy").first() if user else None
    )
    if membership is None:
        return default_policy()
    organisation = membership.organisation
    try:
        row = organisation.policy
    except OrgPolicy.DoesNotExist:
        row = None
    return _policy_of(organisation, row)


def policy_change_list(*, organisation: Organisation) -> list[Change]:
    return [
        Change(setting=c.setting, old_value=c.old_value, new_value=c.new_value, changed_on=timezone.localtime(c.created_at).date())
        for c in PolicyChange.objects.filter(organisation=organisation)
    ]
