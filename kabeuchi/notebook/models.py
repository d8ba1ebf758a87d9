"""The career notebook.  Every word, date the person chose, rating and ranking is sealed
with the owner's data key; only the owner link, the kind of a direction, the days a row was
written and per-owner order numbers are plain, because rows must be found and ordered without
opening them.  No row says at what time of day its owner wrote it (docs/privacy.md P8): the times
keep only the day (``OwnedModel``), and lists are ordered by ``seq`` (creation, a per-owner
counter that says no more than the rows themselves) or, for notes, by the time of the last change
sealed in ``written`` and sorted after opening: a plain counter of writes told how often a person
changed their notes (privacy.md C7).

Structured values (a period, a level, milestones) live in one ``EncryptedJSONField`` per row
rather than in plain columns, so ordering happens in Python after the owner's rows are opened
(a person has a few thousand rows at most; see bench/notebook_bench.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from kabeuchi.core.models import OwnedModel
from kabeuchi.vault.fields import EncryptedJSONField, EncryptedTextField


class Note(OwnedModel):
    """A free note in the person's notebook: whatever they want to keep in words."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = EncryptedTextField(owner_field="owner")
    body = EncryptedTextField(owner_field="owner")
    # The time of the last change, sealed and padded to one size: the list shows the note changed
    # last first, sorted after opening (``notebook.access.note_list``).
    written = EncryptedJSONField(owner_field="owner", pad_to=64)

    class Meta(OwnedModel.Meta):
        ordering = ["-updated_at", "-seq"]

    def save(self, *args, **kwargs):
        self.written = timezone.now().isoformat()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "written" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "written"]
        super().save(*args, **kwargs)


class Strength(OwnedModel):
    """A strength in the person's own words; its evidence is the experiences linked to it."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = EncryptedTextField(owner_field="owner")
    description = EncryptedTextField(owner_field="owner")


class Experience(OwnedModel):
    """A project, role or moment: what I did, what I learned, which strengths it shows.

    ``period`` is ``{"start": "YYYY-MM", "end": "YYYY-MM" or ""}``.  The link to strengths is a
    plain many-to-many: it says that two of the person's own rows belong together, not what
    either says, and services only ever link rows of the same owner.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = EncryptedTextField(owner_field="owner")
    period = EncryptedJSONField(owner_field="owner")
    did = EncryptedTextField(owner_field="owner")
    learned = EncryptedTextField(owner_field="owner")
    strengths = models.ManyToManyField(Strength, related_name="experiences", blank=True)


class ValueRanking(OwnedModel):
    """The values card sort: the chosen value keys (kabeuchi.notebook.values), best first."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    ranking = EncryptedJSONField(owner_field="owner")


class DirectionVersion(OwnedModel):
    """One dated version of Will, Can, Must or the 1/3/5-year direction.  Editing adds a
    version; earlier ones are kept so the person can see how their thinking changed."""

    class Kind(models.TextChoices):
        WILL = "will", "Will"
        CAN = "can", "Can"
        MUST = "must", "Must"
        YEAR1 = "year1", "1 year"
        YEAR3 = "year3", "3 years"
        YEAR5 = "year5", "5 years"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    text = EncryptedTextField(owner_field="owner")


class Skill(OwnedModel):
    """A skill with a self-rated level: ``rating`` is ``{"level": 1..5}``."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = EncryptedTextField(owner_field="owner")
    rating = EncryptedJSONField(owner_field="owner")


class LearningEntry(OwnedModel):
    """What I studied; ``details`` is ``{"on": "YYYY-MM-DD", "minutes": int}``."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    what = EncryptedTextField(owner_field="owner")
    details = EncryptedJSONField(owner_field="owner")
    takeaway = EncryptedTextField(owner_field="owner")


class Goal(OwnedModel):
    """A goal; ``plan`` is ``{"due": "YYYY-MM-DD" or "", "progress": 0..100,
    "milestones": [{"text": str, "done": bool}]}``."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    title = EncryptedTextField(owner_field="owner")
    plan = EncryptedJSONField(owner_field="owner")


class CheckIn(OwnedModel):
    """An optional energy check-in: ``reading`` is ``{"energy": 1..5, "mood": key}``."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reading = EncryptedJSONField(owner_field="owner")
