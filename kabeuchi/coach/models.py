"""Saved conversations.  A "do not save" conversation has no row here at all.

The whole conversation state (turns, rolling summary, guided step) is one sealed JSON value:
it is only ever read as a whole by its owner, so there is nothing to gain from splitting it,
and one value means one place where plaintext could go wrong.

Because the state is one sealed value, the database cannot append to it; two messages sent at
once to the same conversation (two tabs, a double click, a retry) would each rewrite the whole
value and the later write would drop the earlier one's turns.  ``version`` makes every write of
``state`` a compare-and-swap (``UPDATE ... WHERE version = v``); a writer that loses re-reads
the latest state and appends its own exchange to it (``coach.services._record_saved``).
"""

from django.conf import settings
from django.db import models

from kabeuchi.core.models import BaseModel
from kabeuchi.core.timestamps import DayTimestampField
from kabeuchi.vault.fields import EncryptedJSONField, EncryptedTextField


class Conversation(BaseModel):
    # A saved conversation's row must not say when its owner talked (docs/privacy.md P8): its
    # times keep only the day, and the order of the owner's conversations comes from
    # ``touched``, a per-owner counter of writes, not from a time.
    created_at = DayTimestampField(auto_now_add=True)
    updated_at = DayTimestampField(auto_now=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    theme = models.CharField(max_length=40)
    retention_days = models.PositiveSmallIntegerField()
    # Counted from the day of the last message (to the end of the day, retention days later): a
    # conversation the person is still having does not expire.
    expires_at = models.DateTimeField(db_index=True)
    touched = models.PositiveBigIntegerField(default=0)
    title = EncryptedTextField(owner_field="owner")
    state = EncryptedJSONField(owner_field="owner")
    kept_summary = EncryptedJSONField(owner_field="owner", null=True)
    # Bumped by every write of ``state`` (and of ``retention_days``, which the next write of
    # ``state`` reads to move ``expires_at``); see the module docstring.
    version = models.PositiveIntegerField(default=0)

    class Meta(BaseModel.Meta):
        ordering = ["-updated_at", "-touched"]
