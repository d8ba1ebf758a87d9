"""JSON operations for 1on1 preparation.  The same services and access functions as the pages."""

import datetime
import uuid
from typing import Literal

from django.http import HttpResponse
from django.urls import reverse
from ninja import Router, Schema, Status

from kabeuchi.core.schemas import InputSchema
from kabeuchi.oneonone import access, exports, services
from kabeuchi.oneonone.drafting import agenda_draft

router = Router(tags=["1on1"])
shared_router = Router(tags=["1on1"])


class TopicSchema(Schema):
    category: str = "work"
    text: str
    style: str = "think"


class ActionSchema(Schema):
    text: str
    goal: bool = False


class TopicIn(TopicSchema, InputSchema):
    """A topic in a request body: these fields only."""


class AgendaIn(InputSchema):
    meeting_on: datetime.date | None = None
    since: str = ""
    topics: list[TopicIn] = []
    support: str = ""
    first_words: str = ""


class ActionIn(ActionSchema, InputSchema):
    """An action in a request body: these fields only."""


class AfterSchema(Schema):
    notes: str = ""
    actions: list[ActionSchema] = []
    clarity: int | None = None


class AfterIn(AfterSchema, InputSchema):
    """What happened after the 1on1, as a request body."""

    actions: list[ActionIn] = []


class AgendaContentOut(Schema):
    meeting_on: str | None = None
    since: str = ""
    topics: list[TopicSchema] = []
    support: str = ""
    first_words: str = ""


class AgendaOut(Schema):
    id: uuid.UUID
    content: AgendaContentOut
    after: AfterSchema | None = None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class ItemOut(Schema):
    key: str
    kind: str
    text: str
    category: str = ""
    style: str = ""


class ShareIn(InputSchema):
    items: list[str]
    to_manager: bool = True
    email: str = ""
    days: int = 7
    # Also e-mail the recipient a notice: the sharer's name and the link, nothing of the agenda.
    notify: bool = False


class ShareOut(Schema):
    id: uuid.UUID
    recipient: str
    expires_at: datetime.datetime
    items: list[dict]


class NewShareOut(ShareOut):
    link: str  # shown once; only its hash is stored
    # "not_requested", "sent", "failed" (the mail server did not take it) or "paused" (too many
    # notices just now); the share is made in every case
    notice: Literal["not_requested", "sent", "failed", "paused"]


class SharedItemOut(Schema):
    kind: str
    text: str
    category: str = ""
    style: str = ""


class SharedOut(Schema):
    shared_by: str
    meeting_on: str | None = None
    expires_at: datetime.datetime
    items: list[SharedItemOut]


class SharedEntryOut(Schema):
    share_id: uuid.UUID
    shared_by: str


def _share_out(share) -> dict:
    return {"id": share.pk, "recipient": share.recipient_label, "expires_at": share.expires_at, "items": share.content["items"]}


@router.get("", response=list[AgendaOut])
def agenda_list(request):
    return access.agenda_list(user=request.user)


@router.post("", response={201: AgendaOut})
def agenda_create(request, payload: AgendaIn):
    return Status(201, services.agenda_create(user=request.user, content=payload.dict()))


class AgendaDraftOut(AgendaContentOut):
    # "drafted", "nothing_in_conversations" (recent conversations held nothing to draft from)
    # or "no_conversations" (no saved conversation recently)
    status: str


@router.get("/draft", response=AgendaDraftOut)
def agenda_draft_get(request):
    """A draft from the person's own words in their recent saved conversations, and whether
    anything was found in them.  Nothing is saved."""
    return agenda_draft(user=request.user)


@router.get("/{agenda_id}", response=AgendaOut)
def agenda_get(request, agenda_id: uuid.UUID):
    return access.access_agenda(user=request.user, agenda_id=agenda_id)


@router.put("/{agenda_id}", response=AgendaOut)
def agenda_update(request, agenda_id: uuid.UUID, payload: AgendaIn):
    return services.agenda_update(user=request.user, agenda_id=agenda_id, content=payload.dict())


@router.delete("/{agenda_id}", response={204: None})
def agenda_delete(request, agenda_id: uuid.UUID):
    services.agenda_delete(user=request.user, agenda_id=agenda_id)
    return Status(204, None)


@router.put("/{agenda_id}/after", response=AgendaOut)
def agenda_after_put(request, agenda_id: uuid.UUID, payload: AfterIn):
    data = payload.dict()
    return services.agenda_after_save(user=request.user, agenda_id=agenda_id, **data)


@router.get("/{agenda_id}/preview", response=list[ItemOut])
def agenda_preview(request, agenda_id: uuid.UUID):
    """Every shareable item, exactly as a recipient would see it."""
    agenda = access.access_agenda(user=request.user, agenda_id=agenda_id)
    return [
        {"key": i.key, "kind": i.kind, "text": i.text, "category": i.category, "style": i.style}
        for i in services.agenda_items(agenda.content)
    ]


@router.get("/{agenda_id}/export.md")
def agenda_export_markdown(request, agenda_id: uuid.UUID):
    agenda = access.access_agenda(user=request.user, agenda_id=agenda_id)
    return HttpResponse(exports.agenda_markdown(agenda.content), content_type="text/markdown; charset=utf-8")


@router.get("/{agenda_id}/shares", response=list[ShareOut])
def share_list(request, agenda_id: uuid.UUID):
    access.access_agenda(user=request.user, agenda_id=agenda_id)
    return [_share_out(s) for s in access.share_list(user=request.user, agenda_id=agenda_id)]


@router.post("/{agenda_id}/shares", response={201: NewShareOut})
def share_create(request, agenda_id: uuid.UUID, payload: ShareIn):
    access.access_agenda(user=request.user, agenda_id=agenda_id)
    recipient = services.share_recipient(user=request.user, to_manager=payload.to_manager, email=payload.email)
    new = services.share_create(
        user=request.user, agenda_id=agenda_id, item_keys=payload.items, recipient=recipient, days=payload.days
    )
    link = request.build_absolute_uri(reverse("oneonone:shared-view", kwargs={"token": new.token}))
    notice = services.Notice.NOT_REQUESTED
    if payload.notify:
        notice = services.share_notice_send(user=request.user, recipient=recipient, link=link)
    return Status(201, {**_share_out(new.share), "link": link, "notice": notice})


@router.delete("/{agenda_id}/shares/{share_id}", response={204: None})
def share_revoke(request, agenda_id: uuid.UUID, share_id: uuid.UUID):
    services.share_revoke(user=request.user, agenda_id=agenda_id, share_id=share_id)
    return Status(204, None)


@shared_router.get("", response=list[SharedEntryOut])
def shared_list(request):
    """Shares sent to me that are open now: who shared them.  No times of any activity."""
    return access.shared_with_me_list(user=request.user)


@shared_router.get("/{token}", response=SharedOut)
def shared_get(request, token: str):
    return access.access_share(user=request.user, token=token)


@shared_router.get("/item/{share_id}", response=SharedOut)
def shared_get_by_id(request, share_id: uuid.UUID):
    return access.access_share(user=request.user, share_id=share_id)
