"""Company programmes the people team publishes.  Nothing here is about any one employee:
there is no model for views, matches, bookmarks or clicks, on purpose."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kabeuchi.accounts.models import Organisation
from kabeuchi.core.models import BaseModel


class Kind(models.TextChoices):
    POSTING = "posting", _("Internal posting (社内公募)")
    RESKILLING = "reskilling", _("Reskilling")
    SIDE_JOB = "side_job", _("Side jobs (副業・兼業)")
    MENTORING = "mentoring", _("Mentoring")
    CONSULTATION = "consultation", _("Career consultation")
    HRBP = "hrbp", _("1on1 with an HR business partner")


class Programme(BaseModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="programmes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField()
    eligibility = models.TextField(blank=True)
    how_to_apply = models.TextField(help_text="The company's own channel: a link or a contact.")
    apply_url = models.URLField(blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    class Meta(BaseModel.Meta):
        ordering = ["title"]
