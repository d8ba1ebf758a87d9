"""Every write about people, organisations, invitations and tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from kabeuchi.accounts.models import (
    AccessToken,
    Invitation,
    Membership,
    Organisation,
    Preferences,
    Role,
    User,
)
from kabeuchi.core import mydata
from kabeuchi.vault import services as vault


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_create(*, email: str, password: str, display_name: str = "", language: str = "ja") -> User:
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("An account with this e-mail address already exists."), code="email_taken")
    user = User(email=email, display_name=display_name.strip(), language=language)
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
        Preferences.objects.create(user=user)
    return user


def preferences_get(*, user: User) -> Preferences:
    prefs, _created = Preferences.objects.get_or_create(user=user)
    return prefs


def retention_choices(*, user: User) -> list[int]:
    """The retention periods this person may choose: never above their organisation's maximum."""
    from kabeuchi.org.selectors import policy_for_user

    maximum = policy_for_user(user=user).max_retention_days
    return [days for days in settings.KABEUCHI_RETENTION_CHOICES if days <= maximum]


def preferences_update(*, user: User, default_retention_days: int, guideline_read: bool | None = None) -> Preferences:
    if default_retention_days not in retention_choices(user=user):
        raise ValidationError(_("Please choose one of the offered periods."), code="retention")
    prefs = preferences_get(user=user)
    prefs.default_retention_days = default_retention_days
    if guideline_read is not None:
        prefs.guideline_read = guideline_read
    prefs.save()
    return prefs


def user_update_language(*, user: User, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("That language is not available."), code="language")
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language


def organisation_create(*, name: str, slug: str) -> Organisation:
    from kabeuchi.org.services import policy_ensure

    with transaction.atomic():
        org = Organisation.objects.create(name=name, slug=slug)
        policy_ensure(organisation=org)
    return org


def membership_create(
    *, user: User, organisation: Organisation, role: str = Role.MEMBER, manager: Membership | None = None,
    department: str = "", team: str = "",
) -> Membership:
    if Membership.objects.filter(user=user).exists():
        raise ValidationError(_("You already belong to an organisation."), code="already_member")
    return Membership.objects.create(
        user=user, organisation=organisation, role=role, manager=manager, department=department, team=team
    )


@dataclass(frozen=True)
class NewInvitation:
    invitation: Invitation
    token: str  # shown once, in the link


def invitation_create(
    *, organisation: Organisation, role: str = Role.MEMBER, max_uses: int = 1, days: int | None = None,
    department: str = "", team: str = "",
) -> NewInvitation:
    days = days or settings.KABEUCHI_INVITATION_DAYS
    if not 1 <= days <= 90:
        raise ValidationError(_("An invitation can be valid for 1 to 90 days."), code="days")
    if not 1 <= max_uses <= 1000:
        raise ValidationError(_("An invitation can be used 1 to 1000 times."), code="max_uses")
    token = secrets.token_urlsafe(24)
    invitation = Invitation.objects.create(
        organisation=organisation,
        token_hash=token_hash(token),
        role=role,
        max_uses=max_uses,
        department=department,
        team=team,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    return NewInvitation(invitation=invitation, token=token)


class InvitationInvalid(Exception):
    """The link is unknown, revoked or expired (or, only when someone joins, used up).  One
    message for all: no oracle."""


def invitation_check(*, token: str) -> Invitation:
    """The invitation behind a link, while it is neither withdrawn nor expired.

    Used or not does not matter here: the link answers the same before and after someone
    joins with it, so whoever holds it (the admin who made it) cannot tell whether a person
    joined (PRODUCT rule 3, docs/privacy.md P11).  Uses are counted only in
    :func:`invitation_accept`.
    """
    invitation = (
        Invitation.objects.select_related("organisation").filter(token_hash=token_hash(token)).first()
        if token
        else None
    )
    if invitation is None or invitation.revoked or invitation.expires_at <= timezone.now():
        raise InvitationInvalid
    return invitation


def invitation_accept(*, token: str, user: User) -> Membership:
    """Join with an invitation.  Someone who already belongs to an organisation (the admin trying
    their own link) is refused the same way before and after the link was used."""
    with transaction.atomic():
        invitation = invitation_check(token=token)
        if Membership.objects.filter(user=user).exists():
            raise ValidationError(_("You already belong to an organisation."), code="already_member")
        # Lock-free, race-safe use counting: only one request can take the last use.
        taken = Invitation.objects.filter(pk=invitation.pk, uses__lt=invitation.max_uses).update(
            uses=F("uses") + 1
        )
        if not taken:
            raise InvitationInvalid
        return membership_create(
            user=user,
            organisation=invitation.organisation,
            role=invitation.role,
            department=invitation.department,
            team=invitation.team,
        )


def invitation_revoke(*, invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(revoked=True)


@dataclass(frozen=True)
class NewToken:
    token: AccessToken
    secret: str  # shown once


def access_token_create(*, user: User, name: str, days: int | None = 90) -> NewToken:
    name = name.strip()
    if not name or len(name) > 80:
        raise ValidationError(_("Give the token a name of up to 80 characters."), code="name")
    secret = "kbc_" + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name,
        prefix=secret[:10],
        token_hash=token_hash(secret),
        expires_at=timezone.now() + datetime.timedelta(days=days) if days else None,
    )
    return NewToken(token=token, secret=secret)


def access_token_user(*, secret: str) -> User | None:
    token = AccessToken.objects.select_related("user").filter(token_hash=token_hash(secret)).first()
    if token is None or not token.user.is_active:
        return None
    if token.expires_at and token.expires_at <= timezone.now():
        return None
    return token.user


def access_token_revoke(*, user: User, token_id) -> None:
    from django.http import Http404

    deleted, _ = AccessToken.objects.filter(user=user, pk=token_id).delete()
    if not deleted:
        raise Http404


@dataclass(frozen=True)
class DeletionPreview:
    counts: list[tuple[str, int]]  # (label, how many) per kind of content
    organisation: str | None


def account_deletion_preview(*, user: User) -> DeletionPreview:
    counts = [(str(s.label), s.count(user)) for s in mydata.sources()]
    membership = Membership.objects.filter(user=user).select_related("organisation").first()
    return DeletionPreview(counts=counts, organisation=membership.organisation.name if membership else None)


def account_delete(*, user: User) -> None:
    """Delete the person and everything they wrote, irreversibly.

    The data key is destroyed first: from that moment no copy of their content anywhere,
    including database backups, can be decrypted.  Then the rows go.
    """
    vault.data_key_destroy(owner_id=user.pk)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).delete()
