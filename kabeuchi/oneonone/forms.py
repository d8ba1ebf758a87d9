from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kabeuchi.core.widgets import LimitedTextarea
from kabeuchi.oneonone.models import Category, Style
from kabeuchi.oneonone.services import SHARE_DAYS_MAX, SHARE_DAYS_MIN

TEXT = settings.KABEUCHI_MAX_TEXT_CHARS


class AgendaForm(forms.Form):
    meeting_on = forms.DateField(
        label=_("Date of the 1on1 (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    since = forms.CharField(
        label=_("What happened since last time"), required=False, max_length=TEXT,
        widget=LimitedTextarea(attrs={"rows": 4}),
    )
    support = forms.CharField(
        label=_("Support I need"), required=False, max_length=TEXT, widget=LimitedTextarea(attrs={"rows": 3})
    )
    first_words = forms.CharField(
        label=_("What I will say first"), required=False, max_length=TEXT, widget=LimitedTextarea(attrs={"rows": 2})
    )


class TopicForm(forms.Form):
    text = forms.CharField(
        label=_("Topic"), required=False, max_length=TEXT, widget=LimitedTextarea(attrs={"rows": 3})
    )
    category = forms.ChoiceField(label=_("Kind of topic"), choices=Category.choices, initial=Category.WORK)
    style = forms.ChoiceField(
        label=_("How I would like my manager to respond"), choices=Style.choices, initial=Style.THINK,
        widget=forms.RadioSelect,
    )


TopicFormSet = forms.formset_factory(TopicForm, extra=0, max_num=20, absolute_max=20)


class ShareForm(forms.Form):
    recipient = forms.ChoiceField(
        label=_("Share with"),
        choices=[("manager", _("My manager")), ("person", _("Someone else in my organisation"))],
        widget=forms.RadioSelect,
        initial="manager",
    )
    email = forms.EmailField(label=_("Their e-mail address (for someone else)"), required=False)
    days = forms.IntegerField(
        label=_("Open for how many days"), min_value=SHARE_DAYS_MIN, max_value=SHARE_DAYS_MAX, initial=7,
        help_text=_("From 1 to 30 days. You can revoke it at any time before then."),
    )
    notify = forms.BooleanField(
        label=_("Also send them a short e-mail with the link"),
        required=False,
        initial=False,
        help_text=_(
            "The mail says only that you shared a 1on1 preparation, with your name and the link; nothing you wrote. "
            "Off unless you tick it, for this share only."
        ),
    )


class AfterForm(forms.Form):
    notes = forms.CharField(
        label=_("My notes after the 1on1"), required=False, max_length=TEXT, widget=LimitedTextarea(attrs={"rows": 5})
    )
    actions = forms.CharField(
        label=_("Next actions (one per line)"), required=False, max_length=TEXT,
        widget=LimitedTextarea(attrs={"rows": 4}),
    )
    clarity = forms.TypedChoiceField(
        label=_("How clear do I feel now? (すっきり度, 1 to 5)"),
        choices=[("", _("Not now"))] + [(str(i), str(i)) for i in range(1, 6)],
        coerce=int, empty_value=None, required=False, widget=forms.RadioSelect,
    )
