"""Reads of notebook content.  "Missing" and "not yours" give the same 404."""

from django.http import Http404

from kabeuchi.notebook.models import Note


def access_note(*, user, note_id) -> Note:
    note = Note.objects.filter(pk=note_id, owner=user).first() if user.is_authenticated else None
    if note is None:
        raise Http404
    return note


def note_list(*, user) -> list[Note]:
    return list(Note.objects.filter(owner=user).order_by("-updated_at"))
