from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 8}), max_length=settings.KABEUCHI_MAX_TEXT_CHARS,
        error_messages={"required": _("Please write something before saving.")},
    )
