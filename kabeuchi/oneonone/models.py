"""1on1 agendas, the notes after the meeting, and shares.

An agenda's content is one sealed JSON value, like a conversation's state: it is only ever
read whole by its owner.  A share holds a *snapshot* of the items the owner chose, sealed with
the owner's key, so later edits to the agenda never leak into a share, and revoking deletes it.
Nothing here records whether or when a share was opened (no read receipts).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kabeuchi.core.models import OwnedModel
from kabeuchi.vault.fields import EncryptedJSONField


class Category(models.TextChoices):
    WORK = "work", _("Work")
    RELATIONSHIPS = "relationships", _("Relationships")
    HEALTH = "health", _("Health and energy")
    CAREER = "career", _("Career")
    OTHER = "other", _("Other")


class Style(models.TextChoices):
    """How the person would like their manager to respond to a topic."""

    ADVICE = "advice", _("Give advice")
    THINK = "think", _("Think it through with me")
    LISTEN = "listen", _("Just listen")


class Agenda(OwnedModel):
    """A 1on1 agenda.  Like every row a person writes it keeps only the day it was written and
    changed, and the owner's list is ordered by ``seq`` (``OwnedModel``)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # {"meeting_on": "YYYY-MM-DD" | None, "since": str, "topics": [{"category", "text", "style"}],
    #  "support": str, "first_words": str}
    content = EncryptedJSONField(owner_field="owner")
    # {"notes": str, "actions": [str], "clarity": 1-5 | None}: only ever for the owner, never shared.
    after = EncryptedJSONField(owner_field="owner", null=True)


class Share(OwnedModel):
    """A snapshot of chosen agenda items for one signed-in recipient, until ``expires_at``.

    The recipient is either the owner's manager (``recipient``) or whoever signs in with an
    e-mail address the owner typed (``recipient_hash``, a keyed hash of the address; the address
    itself is sealed in ``content["to"]`` for the owner's list).  A share to an address is made
    the same way whether or not anyone in the organisation has it: it simply never opens for
    anyone else, so the share form cannot tell whether a colleague has an account.

    Revoking deletes the row (and the snapshot with it).  Only the SHA-256 of the link token is
    stored.  There is deliberately no "opened" flag, count or time.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    agenda = models.ForeignKey(Agenda, on_delete=models.CASCADE, related_name="shares")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    recipient_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    # The end of a day (share_create rounds up), so that with the creation day (``OwnedModel``:
    # days only) it does not give away the time of day the owner shared.
    expires_at = models.DateTimeField(db_index=True)
    # {"meeting_on": str | None, "items": [{"kind": "since"|"topic"|"support"|"first_words", "text", ...}],
    #  "to": str (the address, for a share to an address), "to_name": str (the manager's name, when the
    #  organisation's directory named the address as "my manager")}
    content = EncryptedJSONField(owner_field="owner")

    @property
    def recipient_label(self) -> str:
        """Whom the owner shared with, as the owner named them: the manager, or the address typed."""
        if self.recipient_id:
            return str(self.recipient)
        name = self.content.get("to_name")
        return f"{name} <{self.content.get('to', '')}>" if name else str(self.content.get("to", ""))

    @property
    def recipient_manager_name(self) -> str:
        """The manager's name, for a share "to my manager" that the directory addressed."""
        return str(self.content.get("to_name", "")) if not self.recipient_id else ""
