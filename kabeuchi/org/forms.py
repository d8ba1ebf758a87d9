from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kabeuchi.accounts.models import Role


class PolicyForm(forms.Form):
    k = forms.IntegerField(
        label=_("Anonymity threshold k (people)"),
        min_value=settings.KABEUCHI_K_MINIMUM,
        max_value=1000,
        help_text=_("No total is ever shown for a group smaller than this. It can never be below 5."),
    )
    max_retention_days = forms.IntegerField(
        label=_("Longest time a conversation may be kept (days)"),
        min_value=30,
        max_value=settings.KABEUCHI_MAX_RETENTION_DAYS,
    )
    consultation_desk = forms.CharField(
        label=_("Consultation desk (name, how to reach it)"), widget=forms.Textarea(attrs={"rows": 3}),
        required=False, max_length=2000,
    )
    pii_redaction = forms.ChoiceField(
        label=_("Replace names and contact details before text goes to an AI model"),
        choices=[
            ("auto", _("Automatic: when the AI model runs outside the company")),
            ("on", _("Always")),
            ("off", _("Never (only for a model inside the company)")),
        ],
        initial="auto",
    )
    eap = forms.CharField(
        label=_("Employee assistance programme (EAP)"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        max_length=2000,
    )


class InvitationForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)
    max_uses = forms.IntegerField(label=_("How many people can use this link"), min_value=1, max_value=1000, initial=1)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=90, initial=14)
    department = forms.CharField(label=_("Department (optional)"), max_length=120, required=False)
    team = forms.CharField(label=_("Team (optional)"), max_length=120, required=False)
