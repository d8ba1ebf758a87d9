"""Writes of organisation settings, within the bounds the rules set."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kabeuchi.accounts.models import Organisation
from kabeuchi.org.models import OrgPolicy, PolicyChange

POLICY_FIELDS = ("k", "max_retention_days", "consultation_desk", "eap", "pii_redaction")


def policy_ensure(*, organisation: Organisation) -> OrgPolicy:
    policy, _created = OrgPolicy.objects.get_or_create(
        organisation=organisation,
        defaults={"k": settings.KABEUCHI_K_DEFAULT, "max_retention_days": settings.KABEUCHI_MAX_RETENTION_DAYS},
    )
    return policy


def policy_validate(*, k: int, max_retention_days: int) -> None:
    errors = {}
    if k < settings.KABEUCHI_K_MINIMUM:
        errors["k"] = _("The anonymity threshold can never be below %(minimum)d people.") % {
            "minimum": settings.KABEUCHI_K_MINIMUM
        }
    elif k > 1000:
        errors["k"] = _("Please choose a threshold of at most 1000 people.")
    if max_retention_days < 30:
        errors["max_retention_days"] = _("The retention limit must be at least 30 days.")
    elif max_retention_days > settings.KABEUCHI_MAX_RETENTION_DAYS:
        errors["max_retention_days"] = _("The retention limit can be at most %(maximum)d days.") % {
            "maximum": settings.KABEUCHI_MAX_RETENTION_DAYS
        }
    if errors:
        raise ValidationError(errors)


def policy_update(
    *, organisation: Organisation, k: int, max_retention_days: int, consultation_desk: str = "", eap: str = "",
    pii_redaction: str | None = None,
) -> OrgPolicy:
    """Change the organisation's settings; each changed value is recorded with its date."""
    policy_validate(k=k, max_retention_days=max_retention_days)
    if len(consultation_desk) > 2000 or len(eap) > 2000:
        raise ValidationError(_("Contact details can be at most 2000 characters."))
    with transaction.atomic():
        policy = OrgPolicy.objects.select_for_update().get(pk=policy_ensure(organisation=organisation).pk)
        new = {
            "k": k,
            "max_retention_days": max_retention_days,
            "consultation_desk": consultation_desk.strip(),
            "eap": eap.strip(),
            "pii_redaction": pii_redaction or policy.pii_redaction,
        }
        if new["pii_redaction"] not in {"auto", "on", "off"}:
            raise ValidationError({"pii_redaction": [_("Please choose one of the offered options.")]})
        for field in POLICY_FIELDS:
            old_value = getattr(policy, field)
            if old_value != new[field]:
                PolicyChange.objects.create(
                    organisation=organisation,
                    setting=field,
                    old_value=str(old_value)[:200],
                    new_value=str(new[field])[:200],
                )
                setattr(policy, field, new[field])
        policy.save()
    return policy
