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
