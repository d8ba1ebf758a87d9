"""People, organisations, memberships, invitations and personal access tokens.

Deliberately absent: last login, last seen, sign-in history.  ``last_login`` from Django is
removed from the model, because a "last active" field is exactly the per-person usage record
the not-surveillance rule forbids.
"""

import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils.translation import gettext_lazy as _

from kabeuchi.core.models import BaseModel
from kabeuchi.core.timestamps import DayTimestampField


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name"), max_length=80, blank=True)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="ja")
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = DayTimestampField(auto_now_add=True)  # the day only: no time of joining
    last_login = None  # no per-person activity timestamps, by design

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    def __str__(self) -> str:
        return self.display_name or self.email


class Organisation(BaseModel):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta(BaseModel.Meta):
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    PEOPLE = "people", _("People team")
    ADMIN = "admin", _("Organisation admin")


class Membership(BaseModel):
    """One person in one organisation.  A person belongs to at most one organisation.

    ``manager`` names who may receive what this person chooses to share; it gives the manager
    nothing else.  Managers are members too: being someone's manager is a relation, not a role.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    department = models.CharField(max_length=120, blank=True)
    team = models.CharField(max_length=120, blank=True)
    # When someone joined is usage: the row keeps only the day (docs/privacy.md P8).
    created_at = DayTimestampField(auto_now_add=True)
    updated_at = DayTimestampField(auto_now=True)


class Invitation(BaseModel):
    """A link that lets someone join an organisation.  Only a hash of the token is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    department = models.CharField(max_length=120, blank=True)
    team = models.CharField(max_length=120, blank=True)
    expires_at = models.DateTimeField()
    max_uses = models.PositiveIntegerField(default=1)
    uses = models.PositiveIntegerField(default=0)
    revoked = models.BooleanField(default=False)


class Preferences(models.Model):
    """What a person chose before first use."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="preferences")
    default_retention_days = models.PositiveSmallIntegerField(default=0)  # 0: do not save
    guideline_read = models.BooleanField(default=False)
    # Set when the person's membership ended because their organisation's directory no longer
    # lists them (accounts.directory.membership_end); cleared when they have read the notice.
    # Only the person sees it; it names no organisation and keeps no time.
    left_organisation = models.BooleanField(default=False)


class AccessToken(BaseModel):
    """A personal access token for the JSON API.  Only its hash is stored; no last-used time."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = DayTimestampField(auto_now_add=True)  # the day only
    updated_at = DayTimestampField(auto_now=True)


class SingleSignOn(BaseModel):
    """An organisation's OpenID Connect provider.  The client secret is sealed with the
    organisation's data key (kabeuchi.vault) and never shown back; ``secret_sealed`` is
    ciphertext only.  Nobody is enrolled by this: an account exists only after a person's
    first successful sign-in (PRODUCT rule 3)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="single_sign_on")
    issuer = models.URLField(max_length=300)
    client_id = models.CharField(max_length=300)
    secret_sealed = models.BinaryField()
    enabled = models.BooleanField(default=True)


class SsoDomain(BaseModel):
    """An e-mail domain whose people sign in through their organisation's provider.  A domain
    belongs to one organisation at most."""

    single_sign_on = models.ForeignKey(SingleSignOn, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(max_length=253, unique=True)

    class Meta(BaseModel.Meta):
        ordering = ["domain"]


class SsoIdentity(models.Model):
    """Which account a provider's subject signs in to.  Only a hash of issuer and subject is
    kept (the provider's own identifier is not needed in the clear), and no time of any
    sign-in: the row exists from the first one on, and that is all it says."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sso_identities")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    subject_hash = models.CharField(max_length=64, unique=True)


class DirectoryEntry(BaseModel):
    """One row of the organisation's directory: the org chart its administrator uploads.

    It says who works where, not who uses Kabeuchi: uploading it creates no account, nothing
    links a row to an account, and no page joins the two (docs/privacy.md P41).  It is read for
    three things, each by address: whom a member's 1on1 share "to my manager" is for, the
    department and team a member is counted in for the monthly aggregates, and the names that
    redaction replaces before text goes to a model.  Rows are written only by
    ``accounts.directory.directory_import``, so their times say when an administrator uploaded.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="directory")
    email = models.EmailField(max_length=254)  # lower case
    name = models.CharField(max_length=120)
    kana = models.CharField(max_length=120, blank=True)
    department = models.CharField(max_length=120, blank=True)
    team = models.CharField(max_length=120, blank=True)
    manager_email = models.EmailField(max_length=254, blank=True)

    class Meta(BaseModel.Meta):
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email"], name="directory_entry_unique_email"),
        ]
