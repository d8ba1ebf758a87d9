import uuid

from django.db import models

from kabeuchi.accounts.models import Organisation
from kabeuchi.core.models import BaseModel


class OrgPolicy(BaseModel):
    """An organisation's privacy settings, always within the bounds in config.settings.

    The bounds are enforced in ``services.policy_update`` and by database constraints, and the
    data guideline renders these values.
    """

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="policy")
    k = models.PositiveSmallIntegerField()
    max_retention_days = models.PositiveSmallIntegerField()
    consultation_desk = models.TextField(blank=True)
    eap = models.TextField(blank=True)
    # Replace names and contact details before text goes to a model: "auto" means on when the
    # model server is outside the company (KABEUCHI_AI_EXTERNAL).
    pii_redaction = models.CharField(
        max_length=8, choices=[("auto", "auto"), ("on", "on"), ("off", "off")], default="auto"
    )

    class Meta(BaseModel.Meta):
        constraints = [
            models.CheckConstraint(condition=models.Q(k__gte=5), name="org_policy_k_at_least_5"),
            models.CheckConstraint(
                condition=models.Q(max_retention_days__gte=30), name="org_policy_retention_at_least_30"
            ),
        ]


class PolicyChange(BaseModel):
    """A dated change of an organisation's policy, shown on the data guideline.

    Who made the change is not recorded here: the guideline shows what changed and when.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="policy_changes")
    setting = models.CharField(max_length=40)
    old_value = models.CharField(max_length=200)
    new_value = models.CharField(max_length=200)

    class Meta(BaseModel.Meta):
        ordering = ["-created_at"]


# --- Periods, anonymous feedback, pilots, usage marks, released insights ---------------------
#
# None of the models below inherits BaseModel: they carry no created/updated time on purpose.
# A precise time is exactly what would link an anonymous row to a person ("she submitted at
# 10:42"), so the only time any of them knows is the period ("2026-11").


class PeriodSecret(models.Model):
    """A random key per organisation and month, used only to compute keyed hashes (HMAC) of
    user ids for "once per person per period" and "was active this period".

    The key is destroyed when the period is released: after that, nobody (operators included)
    can recompute whose hash is whose, and the hashes themselves are deleted with it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)  # "YYYY-MM", Asia/Tokyo
    secret = models.BinaryField(max_length=32)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "period"], name="org_period_secret_unique")]


class PeriodMark(models.Model):
    """A keyed hash that says "someone did X this period" without saying who.

    ``purpose`` is ``feedback`` (submitted the form), ``active`` (used Kabeuchi) or
    ``theme:<key>`` (chose a conversation theme).  Deleted at release with the period secret.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    purpose = models.CharField(max_length=48)
    tag = models.CharField(max_length=64)
    # Only for ``feedback``: SHA-256 of the blinded message that was signed, so that the same
    # request can be answered again (a lost response) and no other.  The blinded message is
    # unlinkable to the finished token (RFC 9474 blindness; docs/privacy.md).  Empty otherwise.
    blinded = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period", "tag"], name="org_period_mark_unique")
        ]


class FeedbackPending(models.Model):
    """A submission waiting for its period's release: no user, no IP, no time, a random id.

    Rows sit here until release, when they are moved to ``FeedbackResponse`` in shuffled order
    (so even the database's physical row order of released feedback says nothing about who came
    first), or stay here until a later release brings the batch to at least k.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)  # the month it was sent in, nothing finer
    answers = models.JSONField()  # {"safe": "yes", "useful": "somewhat", "uneasy": "...", "comment": "..."}


class FeedbackResponse(models.Model):
    """Released anonymous feedback, dated only by the period it was released for."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    answers = models.JSONField()

    class Meta:
        ordering = ["id"]  # random: never by time, there is none


class Pilot(BaseModel):
    """An opt-in pilot.  ``department`` only says whom the invitation is addressed to."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pilots")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    department = models.CharField(max_length=120, blank=True)
    code = models.CharField(max_length=32, unique=True)


class PilotParticipation(models.Model):
    """That a person joined a pilot: kept so that they can see and leave their own pilots.

    No time, and no user id: ``tag`` is a keyed hash of the person's account id
    (``org.pilots.participant_tag``, keyed by the server's secret key), so a copy of the database
    alone does not say who joined (the black-box attack's C7); the server computes the person's
    own tag to show and leave their pilots, to count each person once, and to delete the rows
    with the account.  No screen or API operation lists these rows for anyone but the person;
    the people team gets only a count, and only once it reaches k.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="+")
    tag = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pilot", "tag"], name="pilot_participation_tag_unique")]


class PrivacySpend(models.Model):
    """Differential-privacy budget spent by an organisation in a period (the ledger)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    purpose = models.CharField(max_length=48)
    epsilon = models.FloatField()


class InsightSnapshot(models.Model):
    """A released monthly snapshot: already gated and noised figures only, as JSON."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    figures = models.JSONField()

    class Meta:
        ordering = ["-period"]
        constraints = [models.UniqueConstraint(fields=["organisation", "period"], name="insight_snapshot_unique")]


class FeedbackTokenKey(models.Model):
    """The organisation's RSA-2048 key for one month's anonymous feedback tokens (RFC 9474 blind
    signatures), as PKCS#8 DER.  Like ``PeriodSecret`` it is destroyed at the period's release;
    after that no token of that month can be verified, issued or linked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    private_key = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "period"], name="org_feedback_key_unique")]


class SpentToken(models.Model):
    """SHA-256 of a spent feedback token: refuses spending the same token twice.

    The token was blinded when it was signed, so this digest matches nothing the server saw at
    issuance and nothing computable from a user id.  Deleted at the period's release."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    digest = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "period", "digest"], name="spent_token_unique")]


class FeedbackFigures(models.Model):
    """The answer counts of one released feedback batch, noised once at release and frozen.

    Only noisy values are kept (``org.feedback.tallies_noised``): the people team never sees an
    exact count of feedback, and reading the page twice shows the same figures (fresh noise per
    read could be averaged away).  No time, no id of anyone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=7)
    figures = models.JSONField()  # {"k": 10, "epsilon": 1.0, "scale": 2.0, "noisy": {"safe": {"yes": 7, ...}, ...}}

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "period"], name="feedback_figures_unique")]
