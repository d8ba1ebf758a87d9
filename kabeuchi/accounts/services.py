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
    DirectoryEntry,
    Invitation,
    Membership,
    Organisation,
    Preferences,
    Role,
    SingleSignOn,
    SsoDomain,
    SsoIdentity,
    User,
)
from kabeuchi.core import mydata
from kabeuchi.core.timestamps import day_end
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


# --- sign-up by e-mail --------------------------------------------------------------------------
# The sign-up form asks only for an address and answers every address the same; the mail decides.
# A link to finish signing up is Django's TimestampSigner (expiry: KABEUCHI_SIGNUP_LINK_SECONDS)
# over the address (and the invitation, if any), sealed with a key derived from the secret key so
# the link does not carry the address readable.  It is single-use without any stored state: once
# the account exists, the same link is refused.

SIGNUP_LINK_SALT = "kabeuchi.accounts.signup-link"
SIGNUP_LINK_PURPOSE = "signup-link"


class SignupLinkInvalid(Exception):
    """Forged, expired or already used: one answer for all."""


class SignupLinkUsed(SignupLinkInvalid):
    """A genuine, unexpired link whose address has an account (the link was used, or the
    address had one when the mail was sent).  The page is the same as for any other refused
    link; it only keeps the invitation, so that the person can sign in and then join."""

    def __init__(self, invitation_token: str = "") -> None:
        super().__init__()
        self.invitation_token = invitation_token


@dataclass(frozen=True)
class SignupLink:
    email: str
    invitation_token: str


def _normalised_email(email: str) -> str:
    return User.objects.normalize_email(email).strip().lower()


def signup_link_make(*, email: str, invitation_token: str = "") -> str:
    import base64
    import json

    from django.core import signing

    payload = json.dumps({"e": _normalised_email(email), "i": invitation_token}, separators=(",", ":")).encode()
    sealed = vault.seal_with_secret(secret=settings.SECRET_KEY.encode(), purpose=SIGNUP_LINK_PURPOSE, plaintext=payload)
    return signing.TimestampSigner(salt=SIGNUP_LINK_SALT).sign(base64.urlsafe_b64encode(sealed).decode().rstrip("="))


def signup_link_open(*, token: str) -> SignupLink:
    """The address (and invitation) a sign-up link was made for, while it is unexpired, genuine
    and unused.  Raises SignupLinkInvalid otherwise."""
    import base64
    import binascii
    import json

    from django.core import signing

    try:
        value = signing.TimestampSigner(salt=SIGNUP_LINK_SALT).unsign(token, max_age=settings.KABEUCHI_SIGNUP_LINK_SECONDS)
        sealed = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        data = json.loads(vault.open_with_secret(secret=settings.SECRET_KEY.encode(), purpose=SIGNUP_LINK_PURPOSE, blob=sealed))
        link = SignupLink(email=str(data["e"]), invitation_token=str(data.get("i") or ""))
    except (signing.BadSignature, binascii.Error, ValueError, KeyError, TypeError, vault.VaultError):
        raise SignupLinkInvalid from None
    if User.objects.filter(email__iexact=link.email).exists():
        raise SignupLinkUsed(link.invitation_token)  # used, or the address had an account already
    return link


def signup_request(*, email: str, invitation_token: str = "", build_url) -> None:
    """Send the one mail a sign-up request gets, the same for every address: a link to finish
    signing up.  Whether the address already has an account shows only when the link is opened
    (then it cannot make a second account, and the page offers sign-in and a new password), so
    a mail scanned or archived on its way (subject, body, size) says nothing about it.  The page
    and its timing are the same for every address too (one lookup, one link, one mail).

    ``build_url(name, **kwargs)`` makes an absolute URL (the view passes the request's)."""
    from kabeuchi.accounts.mail import mail_send

    email = _normalised_email(email)
    token = signup_link_make(email=email, invitation_token=invitation_token)
    context = {"link": build_url("accounts:signup-complete", token=token), "hours": settings.KABEUCHI_SIGNUP_LINK_SECONDS // 3600}
    mail_send(name="signup_link", to=email, context=context)


# --- single sign-on (OpenID Connect) ------------------------------------------------------------
# The protocol is kabeuchi.accounts.sso; here is what an organisation configures and what a
# verified sign-in does to accounts.

SSO_SECRET_PURPOSE = "accounts.singlesignon.secret"


class SsoRefused(Exception):
    """A verified sign-in that cannot open an account here (an address outside the
    organisation's domains, or one that belongs elsewhere).  One answer for all: it says
    nothing about whether anyone has an account."""


def _domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower() if "@" in email else ""


def sso_configure(
    *, organisation: Organisation, issuer: str, client_id: str, client_secret: str = "", domains: list[str],
    enabled: bool = True,
) -> SingleSignOn:
    """Save an organisation's provider.  An empty ``client_secret`` keeps the current one (the
    form never shows it back).  A domain already used by another organisation is refused."""
    domains = sorted({d.strip().lower().lstrip("@") for d in domains if d.strip()})
    if not domains:
        raise ValidationError({"domains": _("Enter at least one e-mail domain.")}, code="domains")
    taken = SsoDomain.objects.filter(domain__in=domains).exclude(single_sign_on__organisation=organisation)
    if taken.exists():
        raise ValidationError(
            {"domains": _("One of these domains is already used by another organisation.")}, code="domain_taken"
        )
    with transaction.atomic():
        sso = SingleSignOn.objects.filter(organisation=organisation).first()
        if sso is None:
            if not client_secret:
                raise ValidationError({"client_secret": _("Enter the client secret.")}, code="secret")
            sso = SingleSignOn(organisation=organisation)
        sso.issuer = issuer.strip()
        sso.client_id = client_id.strip()
        sso.enabled = enabled
        if client_secret:
            sso.secret_sealed = vault.seal_setting(
                owner_id=organisation.pk, purpose=SSO_SECRET_PURPOSE, plaintext=client_secret.encode()
            )
        sso.save()
        sso.domains.exclude(domain__in=domains).delete()
        for domain in domains:
            SsoDomain.objects.get_or_create(single_sign_on=sso, domain=domain)
    return sso


def sso_for_email(*, email: str) -> SingleSignOn | None:
    """The enabled single sign-on that covers this address's domain, if any."""
    domain = _domain_of(email)
    if not domain:
        return None
    row = (
        SsoDomain.objects.select_related("single_sign_on__organisation")
        .filter(domain=domain, single_sign_on__enabled=True)
        .first()
    )
    return row.single_sign_on if row else None


def sso_provider(*, sso: SingleSignOn):
    """The provider's settings with the secret opened, for the protocol module only."""
    from kabeuchi.accounts.sso import Provider

    secret = vault.open_setting(
        owner_id=sso.organisation_id, purpose=SSO_SECRET_PURPOSE, blob=bytes(sso.secret_sealed)
    ).decode()
    return Provider(issuer=sso.issuer, client_id=sso.client_id, client_secret=secret)


def sso_subject_hash(*, issuer: str, subject: str) -> str:
    return hashlib.sha256(f"{issuer.rstrip('/')}\n{subject}".encode()).hexdigest()


def directory_lists(*, organisation: Organisation, email: str) -> bool:
    """Whether company sign-in may add ``email`` to ``organisation``: always when it has no
    directory, otherwise only when the directory lists the address."""
    rows = DirectoryEntry.objects.filter(organisation=organisation)
    return not rows.exists() or rows.filter(email=email.strip().lower()).exists()


class SsoNeedsPassword(Exception):
    """The address has an account with a password that never signed in with this organisation's
    company sign-in.  It is linked only after its owner proves that password once
    (``accounts.views.sso_confirm``): whoever controls the sign-in service the organisation's
    admin entered (a service he runs himself, say) must not open an existing person's account."""

    def __init__(self, *, subject_hash: str, email: str) -> None:
        super().__init__("password needed")
        self.subject_hash = subject_hash
        self.email = email


def sso_sign_in(
    *, sso: SingleSignOn, subject: str | None = None, email: str, language: str = "ja",
    subject_hash: str | None = None, password_proven: bool = False,
) -> User:
    """The account a verified sign-in opens.  The first time, it is created here (never before:
    nobody is enrolled by default) with no usable password and joins the organisation; after
    that the same account is found by the provider's subject.

    An existing account with the same address joins through its first company sign-in only if it
    belongs to no organisation or to this one, and, if it has a password, only after its owner
    proves the password once (``SsoNeedsPassword``); an address the organisation does not cover, or
    one already linked to another subject (a reassigned address), is refused.  When the
    organisation has uploaded a directory, only the addresses it lists join; someone who left it
    (and signed in this way before) still reaches their own, now personal, account."""
    email = _normalised_email(email)
    organisation = sso.organisation
    if not sso.domains.filter(domain=_domain_of(email)).exists():
        raise SsoRefused
    subject_hash = subject_hash or sso_subject_hash(issuer=sso.issuer, subject=subject or "")
    with transaction.atomic():
        identity = SsoIdentity.objects.select_related("user").filter(subject_hash=subject_hash).first()
        listed = directory_lists(organisation=organisation, email=email)
        if identity is not None:
            if identity.organisation_id != organisation.pk or not identity.user.is_active:
                raise SsoRefused
            # Someone who left (the directory dropped them) signs in to their personal account;
            # back in the directory, they are back in the organisation.
            if listed and not Membership.objects.filter(user=identity.user).exists():
                membership_create(user=identity.user, organisation=organisation)
            return identity.user
        if not listed:
            raise SsoRefused
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(email=email, language=language if language in dict(settings.LANGUAGES) else "ja")
            user.set_unusable_password()
            user.save()
            Preferences.objects.create(user=user)
        elif not user.is_active or SsoIdentity.objects.filter(user=user, organisation=organisation).exists():
            raise SsoRefused
        elif user.has_usable_password() and not password_proven:
            raise SsoNeedsPassword(subject_hash=subject_hash, email=email)
        membership = Membership.objects.filter(user=user).first()
        if membership is None:
            membership_create(user=user, organisation=organisation)
        elif membership.organisation_id != organisation.pk:
            raise SsoRefused
        SsoIdentity.objects.create(user=user, organisation=organisation, subject_hash=subject_hash)
    return user


def memberships_end(*, organisation: Organisation, emails: list[str]) -> None:
    """End the memberships in ``organisation`` of the people with these addresses: they left
    (their organisation's directory no longer lists them).

    Each account becomes a personal one and keeps everything its owner wrote: their content is
    theirs and was never the organisation's.  What goes is what belonged to the membership:
    the role, the manager relation (reports' ``manager`` is emptied), their place in the
    organisation's pilots.  Shares they made or received stop opening, because both sides
    must be in the same organisation (``oneonone.access``).  Their company sign-in still opens
    their personal account (``sso_sign_in``).  They are told at their next request
    (``Preferences.left_organisation``, ``OnboardingMiddleware``); the organisation is told
    nothing: the caller's answer does not depend on whether anyone had an account.
    """
    from kabeuchi.org.pilots import pilot_places_delete

    emails = [e.strip().lower() for e in emails if e and e.strip()]
    if not emails:
        return
    with transaction.atomic():
        for start in range(0, len(emails), 500):
            rows = list(
                Membership.objects.filter(organisation=organisation, user__email__in=emails[start : start + 500])
                .values_list("pk", "user_id")
            )
            if not rows:
                continue
            user_ids = [user_id for _pk, user_id in rows]
            pilot_places_delete(user_ids=user_ids, organisation=organisation)
            Membership.objects.filter(pk__in=[pk for pk, _user in rows]).delete()
            Preferences.objects.filter(user_id__in=user_ids).update(left_organisation=True)
            have = set(Preferences.objects.filter(user_id__in=user_ids).values_list("user_id", flat=True))
            Preferences.objects.bulk_create(
                [Preferences(user_id=u, left_organisation=True) for u in user_ids if u not in have]
            )


def leaver_notice_dismiss(*, user: User) -> None:
    Preferences.objects.filter(user=user).update(left_organisation=False)


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
    Preferences.objects.filter(user=user, left_organisation=True).update(left_organisation=False)
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
        # to the end of a day, so that with the creation day it does not give away the time of day
        expires_at=day_end(timezone.now() + datetime.timedelta(days=days)) if days else None,
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
    from kabeuchi.org.pilots import pilot_places_delete

    vault.data_key_destroy(owner_id=user.pk)
    with transaction.atomic():
        pilot_places_delete(user_ids=[user.pk])  # kept under a keyed hash, not tied to the account by a key
        User.objects.filter(pk=user.pk).delete()
