"""Pages for anonymous feedback, opt-in pilots and released insights (member and people team).

Thin: every rule lives in ``feedback``, ``pilots``, ``insights`` and ``access``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kabeuchi.org import feedback as feedback_service
from kabeuchi.org import pilots
from kabeuchi.org.access import access_insights, access_member, access_people_team
from kabeuchi.org.forms import FeedbackForm, PilotForm, PilotJoinForm
from kabeuchi.org.selectors import policy_for_organisation


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET"])
def feedback_give(request: HttpRequest) -> HttpResponse:
    """The form.  Sending is done by static/kabeuchi/feedback-token.js in two requests: a blind
    token when the page opens (signed in), then the answers with the token and no credentials."""
    membership = access_member(user=request.user)
    organisation = membership.organisation
    form = FeedbackForm()
    k = policy_for_organisation(organisation=organisation).k
    context = {"form": form, "k": k, **feedback_service.token_page_context(user=request.user, organisation=organisation)}
    return _no_store(render(request, "org/feedback_give.html", context))


@login_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    membership = access_people_team(user=request.user)
    organisation = membership.organisation
    return _no_store(render(request, "org/feedback_list.html", {
        "batches": feedback_service.feedback_batches(organisation=organisation),
        "k": policy_for_organisation(organisation=organisation).k,
    }))


@login_required
@require_http_methods(["GET", "POST"])
def pilot_list(request: HttpRequest) -> HttpResponse:
    """People team: create pilots and see how many joined (once at least k), never who."""
    membership = access_people_team(user=request.user)
    organisation = membership.organisation
    form = PilotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pilots.pilot_create(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The pilot is ready. Share its link or code with the people you invite."))
            return redirect("org:pilot-list")
    k = policy_for_organisation(organisation=organisation).k
    return _no_store(render(request, "org/pilot_list.html", {
        "form": form, "k": k, "pilots": pilots.pilot_list_for_people(organisation=organisation, k=k),
    }, status=400 if request.method == "POST" else 200))


@login_required
@require_http_methods(["GET", "POST"])
def pilot_mine(request: HttpRequest) -> HttpResponse:
    """A member's own pilots and open invitations; joining with a code."""
    membership = access_member(user=request.user)
    form = PilotJoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return redirect("org:pilot-join", code=form.cleaned_data["code"].strip())
    return _no_store(render(request, "org/pilot_mine.html", {
        "form": form, "pilots": pilots.pilot_list_mine(user=request.user, membership=membership),
    }))


@login_required
@require_http_methods(["GET", "POST"])
def pilot_join(request: HttpRequest, code: str) -> HttpResponse:
    membership = access_member(user=request.user)
    pilot = pilots.pilot_by_code(membership=membership, code=code)
    if request.method == "POST":
        try:
            pilots.pilot_join(user=request.user, membership=membership, code=code)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("You joined. You can leave at any time; nobody is told either way."))
        return redirect("org:pilot-mine")
    return _no_store(render(request, "org/pilot_join.html", {"pilot": pilot}))


@login_required
@require_POST
def pilot_leave(request: HttpRequest, pilot_id) -> HttpResponse:
    access_member(user=request.user)
    pilots.pilot_leave(user=request.user, pilot_id=pilot_id)
    messages.success(request, _("You left the pilot."))
    return redirect("org:pilot-mine")


@login_required
def insights_report(request: HttpRequest) -> HttpResponse:
    """The rollout report: released voices and themes first, then privacy-protected numbers."""
    from django.utils.translation import get_language

    from kabeuchi.coach.themes import THEMES
    from kabeuchi.org import insights

    membership = access_insights(user=request.user)
    organisation = membership.organisation
    snapshots = insights.snapshot_list(organisation=organisation)
    latest = snapshots[0] if snapshots else None
    language = (get_language() or "ja")[:2]
    themes = []
    rows = []
    if latest:
        themes = [
            (THEMES[t.theme].title_for(language) if t.theme in THEMES else t.theme, t.count) for t in latest.themes
        ]
        for figure in latest.cells:
            kind = figure.cell[0]
            if kind == "org":
                label = organisation.name
            elif kind == "department":
                label = figure.cell[1] or _("(no department)")
            elif kind == "team":
                label = f"{figure.cell[1] or _('(no department)')} / {figure.cell[2] or _('(no team)')}"
            else:
                label = " / ".join(part or "—" for part in figure.cell[1:])
            rows.append((kind, label, figure.members, figure.active))
    # Released feedback is for the people team (the policy table); admins see themes and numbers.
    batches = feedback_service.feedback_batches(organisation=organisation) if membership.role == "people" else []
    return _no_store(render(request, "org/insights_report.html", {
        "snapshot": latest,
        "themes": themes,
        "rows": rows,
        "voices": batches[0].voices if batches else (),
        "voices_period": batches[0].period if batches else None,
        "k": policy_for_organisation(organisation=organisation).k,
        "is_people": membership.role == "people",
    }))
