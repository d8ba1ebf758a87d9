"""Saved conversations.  A "do not save" conversation has no row here at all.

The whole conversation state (turns, rolling summary, guided step) is one sealed JSON value:
it is only ever read as a whole by its owner, so there is nothing to gain from splitting it,
and one value means one place where plaintext could go wrong.
"""

from django.conf import settings
from django.db import models

from kabeuchi.core.models import BaseModel
from kabeuchi.vault.fields import EncryptedJSONField, EncryptedTextField


class Conversation(BaseModel):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    theme = models.CharField(max_length=40)
    retention_days = models.PositiveSmallIntegerField()
    # Counted from the last message: a conversation the person is still having does not expire.
    expires_at = models.DateTimeField(db_index=True)
    title = EncryptedTextField(owner_field="owner")
    state = EncryptedJSONField(owner_field="owner")
    kept_summary = EncryptedJSONField(owner_field="owner", null=True)

    class Meta(BaseModel.Meta):
        ordering = ["-updated_at"]
