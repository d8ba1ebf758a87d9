from django import forms
from django.utils.translation import gettext_lazy as _

from kabeuchi.opportunities.models import Kind


class ProgrammeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}))
    eligibility = forms.CharField(label=_("Who can apply"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    how_to_apply = forms.CharField(
        label=_("How to apply"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The company's own channel: a contact or a page. Kabeuchi does not pass anything on."),
    )
    apply_url = forms.URLField(label=_("Link to apply (optional)"), required=False, assume_scheme="https")
    starts_on = forms.DateField(label=_("From (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Until (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or JSON file"),
        help_text=_("Columns: kind, title, description, eligibility, how_to_apply, apply_url, starts_on, ends_on. "
                    "If any row has a problem, nothing is imported."),
    )
