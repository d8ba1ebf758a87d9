from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kabeuchi.accounts import selectors as account_selectors
from kabeuchi.accounts import services as account_services
from kabeuchi.accounts.models import Invitation, Organisation
from kabeuchi.org.access import access_org_admin
from kabeuchi.org.forms import DirectoryUploadForm, InvitationForm, PolicyForm, SingleSignOnForm
from kabeuchi.org.guideline import guideline_build
from kabeuchi.org.selectors import policy_for_organisation
from kabeuchi.org.services import policy_update


def guideline(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """Public: readable without signing in.  With a slug, the organisation's own settings."""
    organisation = None
    if slug:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise Http404
    elif request.user.is_authenticated:
        membership = account_selectors.membership_of(user=request.user)
        if membership:
            return redirect("org:guideline-org", slug=membership.organisation.slug)
    return render(request, "org/guideline.html", {"g": guideline_build(organisation=organisation)})


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest) -> HttpResponse:
    membership = access_org_admin(user=request.user)
    organisation = membership.organisation
    current = policy_for_organisation(organisation=organisation)
    form = PolicyForm(
        request.POST or None,
        initial={
            "k": current.k,
            "max_retention_days": current.max_retention_days,
            "consultation_desk": current.consultation_desk,
            "eap": current.eap,
            "pii_redaction": current.pii_redaction,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            policy_update(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Saved. The data guideline shows the change with today's date."))
            return redirect("org:policy-edit")
    return render(
        request,
        "org/policy_edit.html",
        {"form": form, "organisation": organisation},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def invitation_list(request: HttpRequest) -> HttpResponse:
    membership = access_org_admin(user=request.user)
    organisation = membership.organisation
    form = InvitationForm(request.POST or None)
    new_link = None
    if request.method == "POST" and form.is_valid():
        try:
            created = account_services.invitation_create(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            new_link = request.build_absolute_uri(f"/join/{created.token}/")
            form = InvitationForm()
    response = render(
        request,
        "org/invitation_list.html",
        {
            "form": form,
            "organisation": organisation,
            "invitations": account_selectors.invitation_list(organisation=organisation),
            "new_link": new_link,
        },
        status=400 if request.method == "POST" and new_link is None else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, invitation_id) -> HttpResponse:
    membership = access_org_admin(user=request.user)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=membership.organisation)
    account_services.invitation_revoke(invitation=invitation)
    messages.success(request, _("The invitation link no longer works."))
    return redirect("org:invitation-list")


@login_required
@require_http_methods(["GET", "POST"])
def sso_edit(request: HttpRequest) -> HttpResponse:
    """Company sign-in (OpenID Connect).  The page shows the redirect URI to register with the
    provider; it never shows the client secret, nor anything about who has signed in."""
    from kabeuchi.accounts.models import SingleSignOn

    membership = access_org_admin(user=request.user)
    organisation = membership.organisation
    current = SingleSignOn.objects.filter(organisation=organisation).first()
    initial = (
        {
            "issuer": current.issuer,
            "client_id": current.client_id,
            "domains": "\n".join(current.domains.values_list("domain", flat=True)),
            "enabled": current.enabled,
        }
        if current
        else {"enabled": True}
    )
    form = SingleSignOnForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.sso_configure(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Company sign-in is saved."))
            return redirect("org:sso-edit")
    response = render(
        request,
        "org/sso_edit.html",
        {
            "form": form,
            "organisation": organisation,
            "configured": current is not None,
            "redirect_uri": request.build_absolute_uri(reverse("accounts:sso-callback")),
        },
        status=400 if request.method == "POST" else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def directory_edit(request: HttpRequest) -> HttpResponse:
    """The organisation's directory (org chart): upload a CSV from Excel to replace it.

    The page shows what the organisation itself uploaded (how many people its directory lists)
    and the problems of a file, and nothing about accounts: not who has one, not how many rows
    match one, not who left.  The answer to an upload is the same whoever uses Kabeuchi."""
    from kabeuchi.accounts.directory import directory_import
    from kabeuchi.core.csvfiles import upload_text

    membership = access_org_admin(user=request.user)
    organisation = membership.organisation
    form = DirectoryUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            text = upload_text(form.cleaned_data["file"])
            result = directory_import(organisation=organisation, text=text, keep_email=request.user.email)
        except ValidationError as error:
            form.add_error("file", error.messages[0])
        else:
            if not result.errors:
                messages.success(
                    request,
                    ngettext(
                        "The directory is saved. It lists %(n)d person.",
                        "The directory is saved. It lists %(n)d people.",
                        result.people,
                    ) % {"n": result.people},
                )
                if result.ignored_columns:
                    messages.info(
                        request,
                        _("These columns were not read: %(names)s.") % {"names": "、".join(result.ignored_columns)},
                    )
                return redirect("org:directory-edit")
    response = render(
        request,
        "org/directory_edit.html",
        {
            "form": form,
            "organisation": organisation,
            "result": result,
            "listed": account_selectors.directory_size(organisation=organisation),
        },
        status=400 if request.method == "POST" else 200,
    )
    response["Cache-Control"] = "no-store"
    return response
