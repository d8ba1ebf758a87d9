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
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_POST

from kabeuchi.accounts.forms import retention_label
from kabeuchi.accounts.services import preferences_get, retention_choices
from kabeuchi.coach import access, services
from kabeuchi.coach.engine_config import current_engine
from kabeuchi.coach.sse import sse_response
from kabeuchi.coach.state import state_from_json, state_to_json
from kabeuchi.coach.themes import THEMES, UnknownTheme, get_theme
from kabeuchi.vault.actor import acting_as, person


def _choices(user) -> list[tuple[int, str]]:
    return [(d, retention_label(d)) for d in retention_choices(user=user)]


FIRST_LINE_CHARS = 40
_QUICK_WORDS = frozenset(
    ("わからない", "スキップ", "戻る", "まとめる", "終わる", "合っている",
     "I don't know", "Skip", "Back", "Summarise", "End", "That fits")
)


def _first_line(state) -> str:
    """The person's first message, cut to one short line: how a conversation is recognised in
    the list (several conversations of one theme would otherwise look the same)."""
    # A quick reply (わからない, スキップ …) says nothing about what the conversation is about.
    text = next((t.text for t in state.turns if t.role == "person" and t.text.strip() not in _QUICK_WORDS), "")
    line = " ".join(text.split())
    return line if len(line) <= FIRST_LINE_CHARS else line[: FIRST_LINE_CHARS - 1] + "…"


def _list_rows(user) -> list[dict]:
    rows = []
    for conversation in access.conversation_list(user=user):
        try:
            first = _first_line(services.conversation_state(conversation=conversation))
        except ValidationError:
            first = ""
        rows.append({"conversation": conversation, "first_line": first, "kept": conversation.kept_summary or None})
    return rows


@login_required
def talk_list(request: HttpRequest) -> HttpResponse:
    language = services.language_of(request.LANGUAGE_CODE)
    prefs = preferences_get(user=request.user)
    return render(
        request,
        "coach/talk_list.html",
        {
            "conversations": _list_rows(request.user),
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
        "chat_text": support.CHAT_TEXT,
        "chat_page": support.CHAT_PAGE,
        "desk": policy.consultation_desk,
        "eap": policy.eap,
        "checked_on": support.CHECKED_ON,
    }


# Quick replies: each sends these exact words as the person's message, as if typed, so the
# engine (guide or model) reads them the way it reads any message.
def _quick_replies() -> list[str]:
    return [
        pgettext("quick reply", "I don't know"),
        pgettext("quick reply", "Skip"),
        pgettext("quick reply", "Back"),
        pgettext("quick reply", "Summarise"),
        pgettext("quick reply", "End"),
    ]


def _page_info(state, language: str) -> dict:
    """What the page shows around the conversation, read from the recorded ``move`` of the
    partner's last turn and the step it points at: whether the last reply was a summary check
    (offer "that fits" / "I want to fix it"), whether help was just shown, and where the person
    is in the theme's steps.  Carries no words of the person."""
    last = next((t for t in reversed(state.turns) if t.role == "partner"), None)
    move = (last.move or "") if last is not None else ""
    progress = None
    if not current_engine().is_model:  # only the guide walks the steps; a model does not record them
        try:
            theme = get_theme(state.theme)
        except UnknownTheme:
            theme = None
        total = len(theme.steps) if theme is not None else 0
        if total:
            index = max(0, state.step)
            if theme.cycle or index < total:
                step = theme.steps[index % total]
                progress = {
                    "number": index % total + 1,
                    "total": total,
                    "label": step.label.get(language),
                    "done": False,
                }
            else:
                progress = {"number": total + 1, "total": total, "label": "", "done": True}
            progress["dots"] = list(range(1, total + 1))
            progress["text"] = _progress_text(progress)
    return {"move": move, "check": move == "check", "support": move == "support", "progress": progress}


def _progress_text(progress: dict) -> str:
    if progress["done"]:
        return _("All the questions of this theme are done")
    return _("Question %(number)d of %(total)d: %(label)s") % progress


def _render_talk(request, *, state, conversation, status=200) -> HttpResponse:
    language = services.language_of(request.LANGUAGE_CODE)
    response = render(
        request,
        "coach/talk.html",
        {
            "state": state,
            "page": _page_info(state, language),
            "quick_replies": _quick_replies(),
            "first_line": _first_line(state),
            "kept": conversation.kept_summary if conversation is not None else None,
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


async def _with_page_info(events, *, language: str, load_state=None):
    """Pass the reply's events through; the closing ``done`` event also says what the page
    shows next (``_page_info``), read from the state just recorded."""
    async for event in events:
        if event.kind == "done":
            if "state" in event.data:
                state = state_from_json(event.data["state"])
            else:
                state = await sync_to_async(load_state)()
            event = services.Event("done", {**event.data, "page": _page_info(state, language)})
        yield event


def _bad(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


def _load_body(request) -> dict | None:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def _idempotency_key(request, body: dict) -> str:
    """The digest of the message's idempotency key: the page sends it in the ``Idempotency-Key``
    header (static/kabeuchi/talk.js); a body field is read as in the API."""
    field = body.get("idempotency_key")
    if field is not None and not isinstance(field, str):
        raise ValidationError(_("The idempotency key must be 8 to 128 visible ASCII characters, such as a UUID."))
    return services.idempotency_key_of(header=request.headers.get("Idempotency-Key"), field=field)


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
        key = _idempotency_key(request, body)
        state = await sync_to_async(load)()
    except ValidationError as error:
        return _bad(error.messages[0])
    language = services.language_of(request.LANGUAGE_CODE)
    return _sse(
        _with_page_info(
            services.reply_events(
                user=user, message=message, language=language, state=state, conversation_id=conversation_id, key=key
            ),
            language=language,
            load_state=load,
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
        key = _idempotency_key(request, body)
        state = state_from_json(body.get("state"))
    except ValidationError as error:
        return _bad(error.messages[0])
    language = services.language_of(request.LANGUAGE_CODE)
    return _sse(
        _with_page_info(
            services.reply_events(user=user, message=message, language=language, state=state, key=key),
            language=language,
        )
    )


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


@login_required
@require_http_methods(["GET"])
def talk_summary_edit(request: HttpRequest, conversation_id) -> HttpResponse:
    """Edit the summary kept with a conversation (the same form, filled with what was kept)."""
    conversation = access.access_conversation(user=request.user, conversation_id=conversation_id)
    kept = conversation.kept_summary
    if not kept:
        return redirect("coach:talk-detail", conversation_id=conversation.pk)
    response = render(
        request,
        "coach/summary_form.html",
        {
            "conversation": conversation,
            "editing": True,
            "noticed_text": "\n".join(kept.get("noticed", [])),
            "next_steps_text": "\n".join(kept.get("next_steps", [])),
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
