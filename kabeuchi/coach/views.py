"""Pages and the streaming endpoints of the sounding board."""

from __future__ import annotations

import json

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kabeuchi.accounts.forms import retention_label
from kabeuchi.accounts.services import preferences_get, retention_choices
from kabeuchi.coach import access, services
from kabeuchi.coach.engine_config import current_engine
from kabeuchi.coach.sse import sse_response
from kabeuchi.coach.state import state_from_json, state_to_json
from kabeuchi.coach.themes import THEMES, UnknownTheme
from kabeuchi.vault.actor import acting_as, person


def _choices(user) -> list[tuple[int, str]]:
    return [(d, retention_label(d)) for d in retention_choices(user=user)]


@login_required
def talk_list(request: HttpRequest) -> HttpResponse:
    language = services.language_of(request.LANGUAGE_CODE)
    prefs = preferences_get(user=request.user)
    return render(
        request,
        "coach/talk_list.html",
        {
            "conversations": access.conversation_list(user=request.user),
            "themes": [(t.key, t.title.get(language), t.description.get(language)) for t in THEMES.values()],
            "retention_choices": _choices(request.user),
            "default_retention": prefs.default_retention_days,
            "engine": current_engine(),
        },
    )


@login_required
@require_POST
def talk_start(request: HttpRequest) -> HttpResponse:
    language = services.language_of(request.LANGUAGE_CODE)
    try:
        retention = int(request.POST.get("retention_days", "0"))
        state, conversation = services.conversation_start(
            user=request.user,
            theme=request.POST.get("theme", "free"),
            retention_days=retention,
            language=language,
        )
    except (ValueError, UnknownTheme, ValidationError):
        messages.error(request, _("Please choose a theme and how long to keep the conversation."))
        return redirect("coach:talk-list")
    if conversation is not None:
        return redirect("coach:talk-detail", conversation_id=conversation.pk)
    return redirect(f"{reverse('coach:talk-unsaved')}?theme={state.theme}")


@login_required
def talk_unsaved(request: HttpRequest) -> HttpResponse:
    """A fresh conversation that is not saved.  Reloading starts over: nothing was kept."""
    language = services.language_of(request.LANGUAGE_CODE)
    try:
        state, _ = services.conversation_start(
            user=request.user, theme=request.GET.get("theme", "free"), retention_days=0, language=language
        )
    except UnknownTheme:
        return redirect("coach:talk-list")
    return _render_talk(request, state=state, conversation=None)


def _always_visible_help(user) -> dict:
    """Help is one tap away on every conversation page, whatever the detection catches
    (rules miss phrasings they have never seen; docs/safety.md has the figures)."""
    from kabeuchi.coach import support
    from kabeuchi.org.selectors import policy_for_user

    policy = policy_for_user(user=user)
    return {
        "lines": support.CRISIS_LINES + support.WORK_LINES,
        "desk": policy.consultation_desk,
        "eap": policy.eap,
        "checked_on": support.CHECKED_ON,
    }


def _render_talk(request, *, state, conversation, status=200) -> HttpResponse:
    response = render(
        request,
        "coach/talk.html",
        {
            "state": state,
            "state_json": state_to_json(state) if conversation is None else None,
            "conversation": conversation,
            "retention_choices": _choices(request.user),
            "engine": current_engine(),
            "help": _always_visible_help(request.user),
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"  # an unsaved conversation must not live in a cache either
    return response


@login_required
def talk_detail(request: HttpRequest, conversation_id) -> HttpResponse:
    conversation = access.access_conversation(user=request.user, conversation_id=conversation_id)
    return _render_talk(
        request, state=services.conversation_state(conversation=conversation), conversation=conversation
    )


_sse = sse_response


def _bad(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def _load_body(request) -> dict | None:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


@login_required
@require_POST
async def talk_message(request: HttpRequest, conversation_id) -> HttpResponse:
    """Send a message in a saved conversation; the reply streams back as Server-Sent Events."""
    user = await request.auser()
    body = _load_body(request)
    if body is None:
        return _bad(_("The request is not in the expected form. Please check the fields."), 422)

    def load():
        with acting_as(person(user.pk)):
            conversation = access.access_conversation(user=user, conversation_id=conversation_id)
            return services.conversation_state(conversation=conversation)

    try:
        message = services.message_clean(str(body.get("message", "")))
        state = await sync_to_async(load)()
    except ValidationError as error:
        return _bad(error.messages[0])
    language = services.language_of(request.LANGUAGE_CODE)
    return _sse(
        services.reply_events(
            user=user, message=message, language=language, state=state, conversation_id=conversation_id
        )
    )


@login_required
@require_POST
async def talk_unsaved_message(request: HttpRequest) -> HttpResponse:
    """Send a message in a conversation that is not saved: the state travels with the request
    and comes back with the reply; nothing is written to the database."""
    user = await request.auser()
    body = _load_body(request)
    if body is None:
        return _bad(_("The request is not in the expected form. Please check the fields."), 422)
    try:
        message = services.message_clean(str(body.get("message", "")))
        state = state_from_json(body.get("state"))
    except ValidationError as error:
        return _bad(error.messages[0])
    language = services.language_of(request.LANGUAGE_CODE)
    return _sse(services.reply_events(user=user, message=message, language=language, state=state))


@login_required
@require_POST
def talk_retention(request: HttpRequest, conversation_id) -> HttpResponse:
    try:
        services.conversation_retention_set(
            user=request.user,
            conversation_id=conversation_id,
            retention_days=int(request.POST.get("retention_days", "")),
        )
    except (ValueError, ValidationError):
        messages.error(request, _("Please choose one of the offered periods."))
    else:
        messages.success(request, _("Saved. The conversation will be kept for the period you chose."))
    return redirect("coach:talk-detail", conversation_id=conversation_id)


@login_required
@require_POST
def talk_delete(request: HttpRequest, conversation_id) -> HttpResponse:
    services.conversation_delete(user=request.user, conversation_id=conversation_id)
    messages.success(request, _("Deleted. It cannot be restored."))
    return redirect("coach:talk-list")


@login_required
@require_POST
def talk_summary(request: HttpRequest, conversation_id) -> HttpResponse:
    conversation = access.access_conversation(user=request.user, conversation_id=conversation_id)
    summary = services.summary_make(
        state=services.conversation_state(conversation=conversation),
        language=services.language_of(request.LANGUAGE_CODE),
        user=request.user,
    )
    return _render_summary(request, summary, conversation)


@login_required
@require_POST
def talk_unsaved_summary(request: HttpRequest) -> HttpResponse:
    try:
        state = state_from_json(json.loads(request.POST.get("state", "")))
    except (ValueError, ValidationError):
        return HttpResponse(_("This conversation could not be read. Please start a new one."), status=400)
    summary = services.summary_make(state=state, language=services.language_of(request.LANGUAGE_CODE), user=request.user)
    return _render_summary(request, summary, None)


def _render_summary(request, summary, conversation) -> HttpResponse:
    response = render(
        request,
        "coach/summary_form.html",
        {
            "conversation": conversation,
            "noticed_text": "\n".join(summary.noticed),
            "next_steps_text": "\n".join(summary.next_steps),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _lines(request, name: str) -> list[str]:
    return request.POST.get(name, "").splitlines()


@login_required
@require_http_methods(["POST"])
def talk_summary_keep(request: HttpRequest, conversation_id) -> HttpResponse:
    try:
        services.summary_keep(
            user=request.user,
            conversation_id=conversation_id,
            noticed=_lines(request, "noticed"),
            next_steps=_lines(request, "next_steps"),
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The summary is kept with this conversation. Only you can read it."))
    return redirect("coach:talk-detail", conversation_id=conversation_id)


@login_required
@require_POST
def talk_unsaved_summary_keep(request: HttpRequest) -> HttpResponse:
    try:
        note = services.summary_keep_as_note(
            user=request.user,
            noticed=_lines(request, "noticed"),
            next_steps=_lines(request, "next_steps"),
            language=services.language_of(request.LANGUAGE_CODE),
        )
    except ValidationError as error:
        return HttpResponse(error.messages[0], status=400)
    messages.success(request, _("The summary is kept as a note. The conversation itself was not saved."))
    return redirect("notebook:note-edit", note_id=note.pk)


@login_required
@require_POST
def talk_summary_discard(request: HttpRequest, conversation_id) -> HttpResponse:
    services.summary_discard(user=request.user, conversation_id=conversation_id)
    messages.success(request, _("The summary has been discarded."))
    return redirect("coach:talk-detail", conversation_id=conversation_id)
