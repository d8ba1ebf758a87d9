"""Saved conversations.  A "do not save" conversation has no row here at all.

The whole conversation state (turns, rolling summary, guided step) is one sealed JSON value:
it is only ever read as a whole by its owner, so there is nothing to gain from splitting it,
and one value means one place where plaintext could go wrong.

Because the state is one sealed value, the database cannot append to it; two messages sent at
once to the same conversation (two tabs, a double click, a retry) would each rewrite the whole
value and the later write would drop the earlier one's turns.  ``version`` makes every write of
``state`` a compare-and-swap (``UPDATE ... WHERE version = v``); a writer that loses re-reads
the latest state and appends its own exchange to it (``coach.services._record_saved``).
``version`` is a random token, not a counter, so the row does not say how many messages it took.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import get_language

from kabeuchi.core.models import BaseModel
from kabeuchi.core.timestamps import DayTimestampField, day_start
from kabeuchi.vault.fields import EncryptedJSONField

META_BYTES = 128
STATE_BYTES = 1024
SUMMARY_BYTES = 1024


def new_version() -> int:
    """A random compare-and-swap token (63 bits): unlike a counter it says nothing of how many
    times the row was written."""
    return secrets.randbits(62) + 1


class Conversation(BaseModel):
    # A saved conversation's row must say nothing of its owner's use that the sealed values do
    # not hide (docs/privacy.md P8, C7): which theme they chose, how long they keep it, how
    # often and when they wrote.  In the clear are only what the database itself needs: the
    # owner (for access), the day it was started, the day it expires (for the purge; counted
    # from the day of the last message, so a conversation the person is still having does not
    # expire) and a random ``version`` for the compare-and-swap.  Theme, retention and the
    # time of the last write are in ``meta``, sealed and padded to one size; the order of the
    # owner's list comes from there, sorted after opening, not from a column.
    created_at = DayTimestampField(auto_now_add=True)
    updated_at = None  # the last write's time is sealed in ``meta``
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField(db_index=True)
    # {"theme": key, "retention_days": n, "written": ISO time of the last write}
    meta = EncryptedJSONField(owner_field="owner", pad_to=META_BYTES)
    # Padded to powers of two from 1 KiB: every theme's opening fits the first size, so the
    # ciphertext's length tells neither the theme nor, closely, how many turns were written.
    state = EncryptedJSONField(owner_field="owner", pad_to=STATE_BYTES)
    # ``{}`` when no summary is kept, sealed and padded like a kept one: whether the person kept
    # a summary is theirs too.
    kept_summary = EncryptedJSONField(owner_field="owner", null=True, pad_to=SUMMARY_BYTES)
    # A fresh random number at every write of ``state`` or ``meta`` (see the module docstring):
    # a counter would tell how many messages were written.
    version = models.BigIntegerField(default=new_version)

    class Meta(BaseModel.Meta):
        ordering = ["-created_at"]

    @property
    def theme(self) -> str:
        return self.meta["theme"]

    @property
    def retention_days(self) -> int:
        return int(self.meta["retention_days"])

    @property
    def written_at(self) -> datetime.datetime:
        return datetime.datetime.fromisoformat(self.meta["written"])

    @property
    def updated_on(self) -> datetime.datetime:
        """The day of the last write (its start, Tokyo time), as the list and the export show it."""
        return day_start(self.written_at)

    @property
    def title(self) -> str:
        """The theme's name in the language of the page (the row keeps no title of its own: its
        length would tell the theme)."""
        from kabeuchi.coach.themes import THEMES

        theme = THEMES.get(self.theme)
        return theme.title_for(get_language() or "ja") if theme is not None else self.theme
