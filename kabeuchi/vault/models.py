"""Vault tables.

``DataKey`` holds one wrapped data key per person and deliberately has no foreign key to the
user: it can live in a database of its own (``KABEUCHI_KEYS_DATABASE_URL``) whose backups are
kept only briefly, so that destroying a key also makes older backups of the content unreadable.
"""

import uuid

from django.conf import settings
from django.db import models

from kabeuchi.core.timestamps import DayTimestampField


class DataKey(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner_id = models.UUIDField(unique=True)
    kek_id = models.CharField(max_length=32)
    wrapped = models.BinaryField()
    # A key is made at a person's first sealed write: its day only, not the time they first wrote
    # (docs/privacy.md P8).
    created_at = DayTimestampField(auto_now_add=True)

    def __repr__(self) -> str:
        return f"<DataKey {self.id} kek={self.kek_id}>"


class AccessRecord(models.Model):
    """A read of someone's private content by anyone but that person.

    There should be none from people; the system's own jobs appear here by name.  Entries are
    counted per day, actor and kind, so the log stays short and never becomes a usage trail.
    """

    class ActorKind(models.TextChoices):
        SYSTEM = "system", "system job"
        CONSOLE = "console", "operator console"
        PERSON = "person", "another account"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    actor_kind = models.CharField(max_length=16, choices=ActorKind.choices)
    actor_label = models.CharField(max_length=200)
    purpose = models.CharField(max_length=100)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "day", "actor_kind", "actor_label", "purpose"], name="vault_access_once_a_day"
            )
        ]
        ordering = ["-day", "purpose"]
