import datetime
import uuid

from ninja import Router, Schema, Status

from kabeuchi.notebook import access, services

router = Router(tags=["notes"])


class NoteIn(Schema):
    title: str = ""
    body: str


class NoteOut(Schema):
    id: uuid.UUID
    title: str
    body: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


@router.get("", response=list[NoteOut])
def note_list(request):
    return access.note_list(user=request.user)


@router.post("", response={201: NoteOut})
def note_create(request, payload: NoteIn):
    return Status(201, services.note_create(user=request.user, title=payload.title, body=payload.body))


@router.get("/{note_id}", response=NoteOut)
def note_get(request, note_id: uuid.UUID):
    return access.access_note(user=request.user, note_id=note_id)


@router.put("/{note_id}", response=NoteOut)
def note_update(request, note_id: uuid.UUID, payload: NoteIn):
    return services.note_update(user=request.user, note_id=note_id, title=payload.title, body=payload.body)


@router.delete("/{note_id}", response={204: None})
def note_delete(request, note_id: uuid.UUID):
    services.note_delete(user=request.user, note_id=note_id)
    return Status(204, None)
