"""Programme pages: the people team manages them; each employee sees them ranked privately.

The employee page computes the ranking for the signed-in person only, from their own notebook,
and stores nothing: no view, match, bookmark or click is recorded anywhere.  Links to apply go
straight to the company's own channel.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kabeuchi.core.csvfiles import upload_text
from kabeuchi.opportunities import selectors, services
from kabeuchi.opportunities.forms import ImportForm, ProgrammeForm
from kabeuchi.opportunities.profile import profile_for
from kabeuchi.org.access import access_member, access_people_team


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


def _form_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    membership = access_member(user=request.user)
    ranked = selectors.programmes_for_person(organisation=membership.organisation, profile=profile_for(user=request.user))
    return _private(render(request, "opportunities/programme_list.html", {"ranked": ranked}))


@login_required
@require_http_methods(["GET", "POST"])
def programme_manage(request: HttpRequest) -> HttpResponse:
    membership = access_people_team(user=request.user)
    organisation = membership.organisation
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v) for k, v in form.cleaned_data.items()}
        try:
            services.programme_save(organisation=organisation, **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The programme is published."))
            return redirect("opportunities:programme-manage")
    return _private(render(request, "opportunities/programme_manage.html", {
        "form": form, "import_form": ImportForm(), "programmes": selectors.programme_list(organisation=organisation),
    }, status=400 if request.method == "POST" else 200))


@login_required
@require_POST
def programme_import(request: HttpRequest) -> HttpResponse:
    membership = access_people_team(user=request.user)
    organisation = membership.organisation
    import_form = ImportForm(request.POST, request.FILES)
    result = None
    if import_form.is_valid():
        upload = import_form.cleaned_data["file"]
        try:
            # the size before reading (never a silently truncated import); UTF-8 with or
            # without a BOM, or Excel's Shift_JIS (CP932): the same reader as the directory's
            data = upload_text(upload)
            rows = services.parse_rows(data=data, filename=upload.name)
            result = services.programme_import(organisation=organisation, rows=rows)
        except ValidationError as error:
            import_form.add_error("file", error.messages[0])
        if result and not result.errors:
            messages.success(request, _("Imported %(n)d programmes.") % {"n": result.created})
            return redirect("opportunities:programme-manage")
    return _private(render(request, "opportunities/programme_manage.html", {
        "form": ProgrammeForm(), "import_form": import_form, "result": result,
        "programmes": selectors.programme_list(organisation=organisation),
    }, status=400))


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, programme_id) -> HttpResponse:
    membership = access_people_team(user=request.user)
    programme = selectors.programme_get(organisation=membership.organisation, programme_id=programme_id)
    if programme is None:
        raise Http404
    initial = {f: getattr(programme, f) for f in services.FIELDS}
    form = ProgrammeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v) for k, v in form.cleaned_data.items()}
        try:
            services.programme_save(organisation=membership.organisation, programme=programme, **data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("opportunities:programme-manage")
    return _private(render(request, "opportunities/programme_edit.html", {"form": form, "programme": programme},
                           status=400 if request.method == "POST" else 200))


@login_required
@require_POST
def programme_delete(request: HttpRequest, programme_id) -> HttpResponse:
    membership = access_people_team(user=request.user)
    programme = selectors.programme_get(organisation=membership.organisation, programme_id=programme_id)
    if programme is None:
        raise Http404
    services.programme_delete(programme=programme)
    messages.success(request, _("The programme was removed."))
    return redirect("opportunities:programme-manage")
