"""The feedback conversation: anonymous feedback talked through with the guide, never saved.

The rules live in ``kabeuchi.org.feedback_talk`` (the conversation and the draft) and
``kabeuchi.org.feedback`` (sending).  These pages live on the coach side because they stream
replies through ``coach.services.reply_events``, which the organisation side may not import.
Every response is ``no-store``: the conversation and the draft exist only in the page.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kabeuchi.coach import services
from kabeuchi.coach.engine_config import guide_engine
from kabeuchi.coach.sse import sse_response
from kabeuchi.coach.state import state_to_json
from kabeuchi.coach.views import _always_visible_help, _bad, _load_body
from kabeuchi.org import feedback as feedback_service
from kabeuchi.org import feedback_talk as talk_service
from kabeuchi.org.access import access_member
from kabeuchi.org.forms import FeedbackForm
from kabeuchi.org.selectors import policy_for_organisation


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _already_sent(request) -> HttpResponse:
    messages.info(request, _("You have already sent feedback this month. Thank you; you can send more next month."))
    return redirect("org:feedback-give")


@login_required
def feedback_talk(request: HttpRequest) -> HttpResponse:
    """A fresh feedback conversation with the guide.  Nothing is saved or counted."""
    membership = access_member(user=request.user)
    if feedback_service.feedback_given(user=request.user, organisation=membership.organisation):
        return _already_sent(request)
    state = talk_service.feedback_talk_start(language=services.language_of(request.LANGUAGE_CODE))
    return _no_store(render(request, "coach/feedback_talk.html", {
        "state": state,
        "state_json": state_to_json(state),
        "help": _always_visible_help(request.user),
    }))


@login_required
@require_POST
async def feedback_talk_message(request: HttpRequest) -> HttpResponse:
    """One reply of the guide; the state travels with the request and comes back with the reply."""
    user = await request.auser()
    await sync_to_async(access_member)(user=user)
    body = _load_body(request)
    if body is None:
        return _bad(_("The request is not in the expected form. Please check the fields."), 422)
    try:
        message = services.message_clean(str(body.get("message", "")))
        state = talk_service.feedback_talk_state(body.get("state"))
    except ValidationError as error:
        return _bad(error.messages[0])
    language = services.language_of(request.LANGUAGE_CODE)
    return sse_response(
        services.reply_events(user=user, message=message, language=language, state=state, engine=guide_engine())
    )


@login_required
@require_POST
def feedback_talk_review(request: HttpRequest) -> HttpResponse:
    """What would be sent, built from the person's answers and scrubbed, to edit, send or discard."""
    import json

    membership = access_member(user=request.user)
    organisation = membership.organisation
    try:
        state = talk_service.feedback_talk_state(json.loads(request.POST.get("state", "")))
    except (ValueError, ValidationError):
        return HttpResponse(_("This conversation could not be read. Please start a new one."), status=400)
    if feedback_service.feedback_given(user=request.user, organisation=organisation):
        return _already_sent(request)
    draft = talk_service.feedback_talk_draft(
        state=state, organisation=organisation, language=services.language_of(request.LANGUAGE_CODE)
    )
    form = FeedbackForm(initial={"uneasy": draft.uneasy, "comment": draft.comment})
    return _render_review(request, form, organisation)


def _render_review(request, form, organisation, status=200) -> HttpResponse:
    return _no_store(render(
        request,
        "coach/feedback_talk_review.html",
        {
            "form": form, "k": policy_for_organisation(organisation=organisation).k,
            **feedback_service.token_page_context(user=request.user, organisation=organisation),
        },
        status=status,
    ))


@login_required
@require_POST
def feedback_talk_send(request: HttpRequest) -> HttpResponse:
    """Send the (edited) draft through the form's own function: the same rules apply."""
    membership = access_member(user=request.user)
    organisation = membership.organisation
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _render_review(request, form, organisation, status=400)
    # Sending is done in the browser (static/kabeuchi/feedback-token.js): a blind token, then the
    # answers in a request without credentials.  A signed-in POST here would tie them together.
    form.add_error(None, _("Sending feedback needs JavaScript turned on: your browser makes the anonymous token itself, so that not even the server can tell whose feedback it is."))
    return _render_review(request, form, organisation, status=400)


@login_required
@require_POST
def feedback_talk_discard(request: HttpRequest) -> HttpResponse:
    """Nothing of the conversation was kept, so there is nothing to delete: only say so."""
    access_member(user=request.user)
    messages.success(request, _("Discarded. Nothing from the conversation was kept or sent."))
    return redirect("org:feedback-give")
