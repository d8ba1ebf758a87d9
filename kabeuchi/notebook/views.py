from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kabeuchi.notebook import access, career, proposals, services
from kabeuchi.notebook import forms as nb_forms
from kabeuchi.notebook.forms import NoteForm
from kabeuchi.notebook.models import DirectionVersion
from kabeuchi.notebook.moods import MOODS
from kabeuchi.notebook.values import BY_KEY


def _save(request: HttpRequest, form: NoteForm, note_id=None):
    try:
        if note_id:
            return services.note_update(user=request.user, note_id=note_id, **form.cleaned_data)
        return services.note_create(user=request.user, **form.cleaned_data)
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    return None


@login_required
@require_http_methods(["GET", "POST"])
def note_list(request: HttpRequest) -> HttpResponse:
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, _("Your note is saved. Only you can read it."))
        return redirect("notebook:note-list")
    return render(
        request,
        "notebook/note_list.html",
        {"form": form, "notes": access.note_list(user=request.user)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, note_id) -> HttpResponse:
    note = access.access_note(user=request.user, note_id=note_id)
    form = NoteForm(request.POST or None, initial={"title": note.title, "body": note.body})
    if request.method == "POST" and form.is_valid() and _save(request, form, note_id=note.pk):
        messages.success(request, _("Your note is saved. Only you can read it."))
        return redirect("notebook:note-list")
    return render(
        request, "notebook/note_edit.html", {"form": form, "note": note}, status=400 if request.method == "POST" else 200
    )


@login_required
@require_POST
def note_delete(request: HttpRequest, note_id) -> HttpResponse:
    services.note_delete(user=request.user, note_id=note_id)
    messages.success(request, _("Deleted. It cannot be restored."))
    return redirect("notebook:note-list")


# --- career notebook ------------------------------------------------------------------------
# Thin views: reads through access.py, writes through services.py, errors from the services put
# back on the form.  Five kinds of entry share one create/edit/delete flow (ENTRY_KINDS).


@dataclass(frozen=True)
class EntryKind:
    label: Promise
    form_class: type[forms.Form]
    access: Callable[..., Any]  # (user, item_id) -> row, 404 when not theirs
    initial: Callable[[Any], dict]  # row -> form initial
    save: Callable[..., Any]  # (user, item_id or None, cleaned_data) -> row
    delete: Callable[..., None]  # (user, item_id)
    form_kwargs: Callable[[Any], dict] = lambda user: {}  # noqa: E731


def _strength_choices(user) -> dict:
    return {"strength_choices": [(str(s.pk), s.name) for s in access.strength_list(user=user)]}


def _experience_choices(user) -> dict:
    return {"experience_choices": [(str(e.pk), e.title) for e in access.experience_list(user=user)]}


def _save_experience(user, item_id, data):
    fields = {"title": data["title"], "start": data["start"], "end": data["end"], "did": data["did"],
              "learned": data["learned"], "strength_ids": data["strengths"]}
    if item_id:
        return services.experience_update(user=user, experience_id=item_id, **fields)
    return services.experience_create(user=user, **fields)


def _save_strength(user, item_id, data):
    fields = {"name": data["name"], "description": data["description"], "experience_ids": data["experiences"]}
    if item_id:
        return services.strength_update(user=user, strength_id=item_id, **fields)
    return services.strength_create(user=user, **fields)


def _save_skill(user, item_id, data):
    if item_id:
        return services.skill_update(user=user, skill_id=item_id, name=data["name"], level=data["level"])
    return services.skill_create(user=user, name=data["name"], level=data["level"])


def _save_learning(user, item_id, data):
    fields = {"what": data["what"], "on": data["on"].isoformat(), "minutes": data["minutes"], "takeaway": data["takeaway"]}
    if item_id:
        return services.learning_update(user=user, learning_id=item_id, **fields)
    return services.learning_create(user=user, **fields)


def _save_goal(user, item_id, data):
    fields = {"title": data["title"], "due": data["due"].isoformat() if data["due"] else "", "progress": data["progress"],
              "milestones": nb_forms.milestones_parse(data["milestones"])}
    if item_id:
        return services.goal_update(user=user, goal_id=item_id, **fields)
    return services.goal_create(user=user, **fields)


ENTRY_KINDS: dict[str, EntryKind] = {
    "experiences": EntryKind(
        gettext_lazy("Experience"), nb_forms.ExperienceForm,
        lambda user, item_id: access.access_experience(user=user, experience_id=item_id),
        lambda e: {"title": e.title, "start": e.period.get("start", ""), "end": e.period.get("end", ""), "did": e.did,
                   "learned": e.learned, "strengths": [str(s.pk) for s in e.strengths.all()]},
        _save_experience,
        lambda user, item_id: services.experience_delete(user=user, experience_id=item_id),
        _strength_choices,
    ),
    "strengths": EntryKind(
        gettext_lazy("Strength"), nb_forms.StrengthForm,
        lambda user, item_id: access.access_strength(user=user, strength_id=item_id),
        lambda s: {"name": s.name, "description": s.description, "experiences": [str(e.pk) for e in s.experiences.all()]},
        _save_strength,
        lambda user, item_id: services.strength_delete(user=user, strength_id=item_id),
        _experience_choices,
    ),
    "skills": EntryKind(
        gettext_lazy("Skill"), nb_forms.SkillForm,
        lambda user, item_id: access.access_skill(user=user, skill_id=item_id),
        lambda s: {"name": s.name, "level": s.rating.get("level", 3)},
        _save_skill,
        lambda user, item_id: services.skill_delete(user=user, skill_id=item_id),
    ),
    "learning": EntryKind(
        gettext_lazy("Learning log entry"), nb_forms.LearningForm,
        lambda user, item_id: access.access_learning(user=user, learning_id=item_id),
        lambda e: {"what": e.what, "on": e.details.get("on", ""), "minutes": e.details.get("minutes", 0), "takeaway": e.takeaway},
        _save_learning,
        lambda user, item_id: services.learning_delete(user=user, learning_id=item_id),
    ),
    "goals": EntryKind(
        gettext_lazy("Goal"), nb_forms.GoalForm,
        lambda user, item_id: access.access_goal(user=user, goal_id=item_id),
        lambda g: {"title": g.title, "due": g.plan.get("due", ""), "progress": g.plan.get("progress", 0),
                   "milestones": nb_forms.milestones_text(g.plan.get("milestones", []))},
        _save_goal,
        lambda user, item_id: services.goal_delete(user=user, goal_id=item_id),
    ),
}


def _entry_kind(kind: str) -> EntryKind:
    if kind not in ENTRY_KINDS:
        raise Http404
    return ENTRY_KINDS[kind]


def _errors_to_form(form: forms.Form, error: ValidationError, aliases: dict[str, str] | None = None) -> None:
    aliases = aliases or {}
    for field, errors in error.message_dict.items():
        field = aliases.get(field, field)
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def _language(request: HttpRequest) -> str:
    return "ja" if (request.LANGUAGE_CODE or "ja").startswith("ja") else "en"


@login_required
@require_GET
def notebook_home(request: HttpRequest) -> HttpResponse:
    from kabeuchi.coach.access import conversation_list

    notebook = access.notebook_get(user=request.user)
    language = _language(request)
    return render(request, "notebook/notebook_home.html", {
        "nb": notebook,
        "values": [BY_KEY[k].label(language) for k in notebook.values if k in BY_KEY],
        "directions": _direction_rows(notebook.directions),
        "checkin_form": nb_forms.CheckInForm(auto_id="checkin_%s"),
        "conversations": conversation_list(user=request.user),
    })


def _direction_rows(current: dict) -> list[tuple[str, str, Any]]:
    return [(kind, DIRECTION_LABELS[kind], current.get(kind)) for kind in DirectionVersion.Kind.values]


DIRECTION_LABELS = {
    "will": gettext_lazy("Will: what I want to do"),
    "can": gettext_lazy("Can: what I can do"),
    "must": gettext_lazy("Must: what is expected of me"),
    "year1": gettext_lazy("In 1 year"),
    "year3": gettext_lazy("In 3 years"),
    "year5": gettext_lazy("In 5 years"),
}


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, kind: str) -> HttpResponse:
    return _entry_form(request, kind, None)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, kind: str, item_id) -> HttpResponse:
    return _entry_form(request, kind, item_id)


def _entry_form(request: HttpRequest, kind: str, item_id) -> HttpResponse:
    spec = _entry_kind(kind)
    row = spec.access(request.user, item_id) if item_id else None
    form = spec.form_class(request.POST or None, initial=spec.initial(row) if row else None, **spec.form_kwargs(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            spec.save(request.user, item_id, form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error, {"strength_ids": "strengths", "experience_ids": "experiences"})
        else:
            messages.success(request, _("Saved in your notebook. Only you can read it."))
            return redirect("notebook:home")
    return render(
        request, "notebook/entry_form.html",
        {"form": form, "kind": kind, "label": spec.label, "row": row},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def entry_delete(request: HttpRequest, kind: str, item_id) -> HttpResponse:
    _entry_kind(kind).delete(request.user, item_id)
    messages.success(request, _("Deleted. It cannot be restored."))
    return redirect("notebook:home")


@login_required
@require_http_methods(["GET", "POST"])
def values_edit(request: HttpRequest) -> HttpResponse:
    language = _language(request)
    ranking = access.value_ranking(user=request.user)
    form = nb_forms.ValuesForm(request.POST or None, language=language, ranking=ranking)
    if request.method == "POST" and form.is_valid():
        try:
            services.value_ranking_set(user=request.user, ranking=form.ranking())
        except (ValidationError, forms.ValidationError) as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, _("Your values are saved. Only you can read them."))
            return redirect("notebook:home")
    chosen = [BY_KEY[k].label(language) for k in ranking if k in BY_KEY]
    return render(request, "notebook/values_edit.html", {"form": form, "chosen": chosen},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def direction_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in DIRECTION_LABELS:
        raise Http404
    versions = access.direction_versions(user=request.user, kind=kind)
    form = nb_forms.DirectionForm(request.POST or None, initial={"text": versions[0].text} if versions else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.direction_add(user=request.user, kind=kind, text=form.cleaned_data["text"])
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Saved as a new version. Earlier versions are kept below."))
            return redirect("notebook:direction", kind=kind)
    return render(request, "notebook/direction_edit.html",
                  {"form": form, "kind": kind, "label": DIRECTION_LABELS[kind], "versions": versions},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def checkin_create(request: HttpRequest) -> HttpResponse:
    form = nb_forms.CheckInForm(request.POST)
    if form.is_valid():
        services.checkin_create(user=request.user, energy=form.cleaned_data["energy"], mood=form.cleaned_data["mood"])
        messages.success(request, _("Noted. Only you can see your check-ins."))
    else:
        messages.error(request, _("Please choose your energy from 1 to 5."))
    return redirect("notebook:energy")


TREND_POINTS = 90


@login_required
@require_GET
def energy_trend(request: HttpRequest) -> HttpResponse:
    checkins = access.checkin_list(user=request.user)[-TREND_POINTS:]
    points = [
        {"at": timezone.localtime(c.created_at).strftime("%Y-%m-%d"), "energy": c.reading.get("energy"),
         "mood": str(MOODS.get(c.reading.get("mood", ""), ""))}
        for c in checkins
    ]
    chart = {"label": str(_("Energy (1–5)")), "points": points}
    return render(request, "notebook/energy_trend.html", {
        "chart": chart, "rows": list(zip(checkins, points, strict=True))[::-1],
        "checkin_form": nb_forms.CheckInForm(auto_id="checkin_%s"),
    })


@login_required
@require_GET
def proposal_list(request: HttpRequest, conversation_id) -> HttpResponse:
    from kabeuchi.coach.access import access_conversation
    from kabeuchi.coach.gateway import model_gateway
    from kabeuchi.coach.state import state_from_json

    conversation = access_conversation(user=request.user, conversation_id=conversation_id)
    state = state_from_json(conversation.state)
    found = proposals.propose(
        state=state, engine=model_gateway(user=request.user), language=_language(request),
        accepted=proposals.accepted_keys(user=request.user),
    )
    return render(request, "notebook/proposal_list.html", {
        "conversation": conversation, "proposals": found,
        "this_month": timezone.localdate().strftime("%Y-%m"),
        "kind_labels": PROPOSAL_LABELS,
    })


PROPOSAL_LABELS = {
    "strength": gettext_lazy("A strength I heard"),
    "experience": gettext_lazy("An experience"),
    "value": gettext_lazy("Something you value"),
    "goal": gettext_lazy("A possible goal"),
    "will": DIRECTION_LABELS["will"],
    "can": DIRECTION_LABELS["can"],
    "must": DIRECTION_LABELS["must"],
}


@login_required
@require_POST
def proposal_accept(request: HttpRequest) -> HttpResponse:
    data = request.POST
    try:
        services.proposal_accept(
            user=request.user, kind=data.get("kind", ""), text=data.get("text", ""), detail=data.get("detail", ""),
            start=data.get("start", ""), value_key=data.get("value_key", ""),
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Added to your notebook."))
    back = data.get("conversation_id", "")
    if back:
        try:
            return redirect("notebook:proposal-list", conversation_id=uuid.UUID(back))
        except ValueError:
            pass
    return redirect("notebook:home")


@login_required
@require_GET
def career_view(request: HttpRequest) -> HttpResponse:
    return render(request, "notebook/career.html", career.context(user=request.user, language=_language(request)))


@login_required
@require_GET
def career_markdown(request: HttpRequest) -> HttpResponse:
    text = career.markdown(career.context(user=request.user, language=_language(request)))
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-career.md"'
    return response


@login_required
@require_GET
def career_pdf(request: HttpRequest) -> HttpResponse:
    pdf = career.pdf(career.context(user=request.user, language=_language(request)), request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="my-career.pdf"'
    return response
