from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kabeuchi.notebook.moods import ENERGY_LEVELS, MOODS
from kabeuchi.notebook.values import MAX_CHOSEN, VALUES


class NoteForm(forms.Form):
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    body = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 8}), max_length=settings.KABEUCHI_MAX_TEXT_CHARS,
        error_messages={"required": _("Please write something before saving.")},
    )


# --- career notebook ------------------------------------------------------------------------
# Forms only shape input for the page; every rule lives in services.py, whose errors the views
# attach back to these fields.

_TEXT = {"max_length": settings.KABEUCHI_MAX_TEXT_CHARS, "required": False}


def _area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ExperienceForm(forms.Form):
    title = forms.CharField(label=_("What was it? (a project, role or moment)"), max_length=200)
    start = forms.CharField(label=_("From (month)"), widget=forms.DateInput(attrs={"type": "month"}), help_text=_("For example 2024-04."))
    end = forms.CharField(label=_("Until (month; leave empty if ongoing)"), widget=forms.DateInput(attrs={"type": "month"}), required=False)
    did = forms.CharField(label=_("What I did"), widget=_area(4), **_TEXT)
    learned = forms.CharField(label=_("What I learned"), widget=_area(3), **_TEXT)
    strengths = forms.MultipleChoiceField(label=_("Strengths it shows"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, strength_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strengths"].choices = list(strength_choices)


class StrengthForm(forms.Form):
    name = forms.CharField(label=_("My strength, in my own words"), max_length=200)
    description = forms.CharField(label=_("What it looks like when I use it"), widget=_area(3), **_TEXT)
    experiences = forms.MultipleChoiceField(label=_("Evidence: experiences that show it"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, experience_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experiences"].choices = list(experience_choices)


class SkillForm(forms.Form):
    name = forms.CharField(label=_("Skill"), max_length=200)
    level = forms.TypedChoiceField(
        label=_("My own rating (1 = beginning, 5 = could teach it)"), coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)], widget=forms.RadioSelect, initial=3,
    )


class LearningForm(forms.Form):
    what = forms.CharField(label=_("What I studied"), max_length=200)
    on = forms.DateField(label=_("When"), widget=forms.DateInput(attrs={"type": "date"}))
    minutes = forms.IntegerField(label=_("How long (minutes)"), min_value=0, max_value=24 * 60, initial=30)
    takeaway = forms.CharField(label=_("What I took from it"), widget=_area(3), **_TEXT)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=200)
    due = forms.DateField(label=_("By when (optional)"), widget=forms.DateInput(attrs={"type": "date"}), required=False)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100, initial=0)
    milestones = forms.CharField(
        label=_("Milestones"), widget=_area(4), required=False,
        help_text=_("One per line. Start a line with [x] when that milestone is done."),
    )


class DirectionForm(forms.Form):
    text = forms.CharField(label=_("In my words, now"), widget=_area(5), max_length=settings.KABEUCHI_MAX_TEXT_CHARS)


class CheckInForm(forms.Form):
    energy = forms.TypedChoiceField(
        label=_("Energy right now (1 = very low, 5 = plenty)"), coerce=int,
        choices=[(n, str(n)) for n in ENERGY_LEVELS], widget=forms.RadioSelect,
    )
    mood = forms.ChoiceField(label=_("Mood (optional)"), choices=[("", _("Skip")), *MOODS.items()], required=False, widget=forms.RadioSelect)


class ValuesForm(forms.Form):
    """One rank select per value card; the chosen ones, ordered by rank, are the ranking."""

    def __init__(self, *args, language: str = "ja", ranking=(), **kwargs):
        super().__init__(*args, **kwargs)
        ranks = [("", "—")] + [(str(n), str(n)) for n in range(1, MAX_CHOSEN + 1)]
        positions = {key: str(n) for n, key in enumerate(ranking, start=1)}
        for value in VALUES:
            self.fields[value.key] = forms.ChoiceField(
                label=value.label(language), help_text=value.hint(language), choices=ranks, required=False,
                initial=positions.get(value.key, ""),
            )

    def ranking(self) -> list[str]:
        chosen = [(int(rank), key) for key, rank in self.cleaned_data.items() if rank]
        ranks = [rank for rank, _key in chosen]
        if len(set(ranks)) != len(ranks):
            raise forms.ValidationError(_("Each rank can be given to only one value."))
        return [key for _rank, key in sorted(chosen)]


def milestones_parse(text: str) -> list[dict]:
    """Lines of the milestones box; a leading "[x]" marks one done."""
    items = []
    for line in (text or "").splitlines():
        line = line.strip()
        done = line[:3].lower() == "[x]"
        line = line[3:].strip() if done or line.startswith("[ ]") else line
        if line:
            items.append({"text": line, "done": done})
    return items


def milestones_text(milestones: list[dict]) -> str:
    return "\n".join(("[x] " if m.get("done") else "") + m.get("text", "") for m in milestones)
