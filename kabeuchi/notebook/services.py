from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kabeuchi.notebook.access import access_note
from kabeuchi.notebook.models import Note

TITLE_MAX = 200


def _clean(title: str, body: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    errors = {}
    if len(title) > TITLE_MAX:
        errors["title"] = _("The title can be at most %(max)d characters (now %(count)d).") % {
            "max": TITLE_MAX,
            "count": len(title),
        }
    if not body:
        errors["body"] = _("Please write something before saving.")
    elif len(body) > settings.KABEUCHI_MAX_TEXT_CHARS:
        errors["body"] = _("A note can be at most %(max)d characters (now %(count)d).") % {
            "max": settings.KABEUCHI_MAX_TEXT_CHARS,
            "count": len(body),
        }
    if errors:
        raise ValidationError(errors)
    return title, body


def note_create(*, user, title: str, body: str) -> Note:
    title, body = _clean(title, body)
    with transaction.atomic():
        return Note.objects.create(owner=user, title=title, body=body)


def note_update(*, user, note_id, title: str, body: str) -> Note:
    title, body = _clean(title, body)
    with transaction.atomic():
        note = access_note(user=user, note_id=note_id)
        note.title, note.body = title, body
        note.save()
    return note


def note_delete(*, user, note_id) -> None:
    access_note(user=user, note_id=note_id).delete()
