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


class FeedbackForm(forms.Form):
    """Three or four questions, under a minute.  Labels come from kabeuchi.org.feedback."""

    def __init__(self, *args, **kwargs):
        from kabeuchi.core.widgets import LimitedTextarea
        from kabeuchi.org.feedback import CHOICE_LABELS, CHOICE_QUESTIONS, CHOICES, TEXT_LIMIT, TEXT_QUESTIONS

        super().__init__(*args, **kwargs)
        for key, label in CHOICE_QUESTIONS.items():
            self.fields[key] = forms.ChoiceField(
                label=label, choices=[(c, CHOICE_LABELS[c]) for c in CHOICES], widget=forms.RadioSelect
            )
        for key, label in TEXT_QUESTIONS.items():
            self.fields[key] = forms.CharField(
                label=label, required=False, max_length=TEXT_LIMIT, widget=LimitedTextarea(attrs={"rows": 3})
            )


class PilotForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(label=_("What the pilot is about"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    department = forms.CharField(
        label=_("Invite only this department (optional)"), max_length=120, required=False,
        help_text=_("Only decides who sees the invitation. Who joins is never recorded by department."),
    )


class PilotJoinForm(forms.Form):
    code = forms.CharField(label=_("Invitation code"), max_length=32)


class SingleSignOnForm(forms.Form):
    """The organisation's OpenID Connect provider.  The secret is never shown back: left empty,
    the saved one is kept."""

    issuer = forms.URLField(
        label=_("Issuer URL"), max_length=300, assume_scheme="https",
        help_text=_("The provider's issuer, e.g. https://login.microsoftonline.com/<tenant ID>/v2.0 (docs: operations, Single sign-on)."),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=300)
    client_secret = forms.CharField(
        label=_("Client secret"), max_length=1000, required=False, strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_("Stored encrypted and never shown again. Leave empty to keep the saved secret."),
    )
    domains = forms.CharField(
        label=_("E-mail domains it covers"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line or separated by commas, e.g. sakura.example"),
    )
    enabled = forms.BooleanField(label=_("Company sign-in is on"), required=False, initial=True)

    def clean_issuer(self):
        issuer = self.cleaned_data["issuer"].strip()
        if settings.KABEUCHI_SSO_REQUIRE_HTTPS and not issuer.startswith("https://"):
            raise forms.ValidationError(_("The issuer URL must start with https://."))
        return issuer

    def clean_domains(self):
        import re

        domains = [d.strip().lower().lstrip("@") for d in re.split(r"[\s,;]+", self.cleaned_data["domains"]) if d.strip()]
        pattern = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
        wrong = [d for d in domains if not pattern.match(d)]
        if wrong:
            raise forms.ValidationError(_("This is not an e-mail domain: %(domain)s") % {"domain": wrong[0]})
        if not domains:
            raise forms.ValidationError(_("Enter at least one e-mail domain."))
        return domains


class DirectoryUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file exported from Excel"),
        help_text=_(
            "Columns: 氏名 (name), ふりがな (kana), メールアドレス (email), 部署 (department), チーム (team), "
            "上司メール (manager_email). Shift_JIS or UTF-8, up to 5 MB. If any row has a problem, nothing changes."
        ),
    )
