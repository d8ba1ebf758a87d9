from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kabeuchi.notebook import access, services
from kabeuchi.notebook.forms import NoteForm


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
