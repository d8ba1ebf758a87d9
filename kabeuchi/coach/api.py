"""The sounding board through the JSON API.  Replies stream as Server-Sent Events, exactly as
in the browser (events: support, notice, chunk, error, done)."""

from __future__ import annotations

import datetime
import uuid

from asgiref.sync import sync_to_async
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Header, Router, Schema, Status
from pydantic import Field

from kabeuchi.coach import access, services
from kabeuchi.coach.sse import sse_response
from kabeuchi.coach.state import state_from_json, state_to_json
from kabeuchi.coach.themes import THEMES
from kabeuchi.core.api import AsyncSessionAuth, AsyncTokenAuth
from kabeuchi.core.schemas import InputSchema
from kabeuchi.vault.actor import acting_as, person

router = Router(tags=["conversations"])


def _load_policy(request: HttpRequest, user) -> None:
    from kabeuchi.org.selectors import policy_for_user

    request.kabeuchi_policy = policy_for_user(user=user)


# The reply streams: with a token, the person's organisation policy comes in the same database
# trip as the token check (kabeuchi/core/lean.py explains why the trips matter).
stream_auth = [AsyncSessionAuth(), AsyncTokenAuth(also=_load_policy)]


def _policy(request: HttpRequest):
    return getattr(request, "kabeuchi_policy", None)


class ThemeOut(Schema):
    key: str
    title: str
    description: str


class StartIn(InputSchema):
    theme: str = "free"
    retention_days: int = 0


class ConversationOut(Schema):
    id: uuid.UUID
    title: str
    theme: str
    retention_days: int
    keep_until: datetime.datetime
    updated_at: datetime.datetime


class ConversationDetailOut(ConversationOut):
    state: dict
    kept_summary: dict | None


class StartOut(Schema):
    conversation: ConversationDetailOut | None
    state: dict  # for a conversation that is not saved, send it back with each message


IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7e]{8,128}$"
IDEMPOTENCY_KEY_HELP = (
    "Optional. A key the client makes for this message (a random UUID) and sends again, unchanged, "
    "with every retry of the same message. If a message with this key was already recorded, its "
    "reply is streamed again and nothing new is stored; the same key with a different message is "
    "refused (error event 'key_reused'). The same as the Idempotency-Key header; give one or both (equal)."
)


class MessageIn(InputSchema):
    message: str
    idempotency_key: str | None = Field(None, pattern=IDEMPOTENCY_KEY_PATTERN, description=IDEMPOTENCY_KEY_HELP)


class UnsavedMessageIn(InputSchema):
    message: str
    state: dict
    idempotency_key: str | None = Field(None, pattern=IDEMPOTENCY_KEY_PATTERN, description=IDEMPOTENCY_KEY_HELP)


class RetentionIn(InputSchema):
    retention_days: int


class SummaryIO(Schema):
    noticed: list[str]
    next_steps: list[str]


class SummaryIn(SummaryIO, InputSchema):
    """SummaryIO as a request body: a JSON object with these fields only."""


def _out(c) -> ConversationOut:
    return ConversationOut(
        id=c.id, title=c.title, theme=c.theme, retention_days=c.retention_days, keep_until=c.expires_at, updated_at=c.updated_on
    )


def _detail(c) -> ConversationDetailOut:
    return ConversationDetailOut(**_out(c).dict(), state=c.state, kept_summary=c.kept_summary or None)


def _language(request) -> str:
    return services.language_of(getattr(request, "LANGUAGE_CODE", None))


@router.get("/themes", response=list[ThemeOut])
def theme_list(request):
    language = _language(request)
    return [ThemeOut(key=t.key, title=t.title.get(language), description=t.description.get(language)) for t in THEMES.values()]


@router.get("", response=list[ConversationOut])
def conversation_list(request):
    return [_out(c) for c in access.conversation_list(user=request.user)]


@router.post("", response={201: StartOut})
def conversation_start(request, payload: StartIn):
    if payload.theme not in THEMES:
        raise ValidationError({"theme": ["Please choose one of the offered themes."]})
    state, conversation = services.conversation_start(
        user=request.user, theme=payload.theme, retention_days=payload.retention_days, language=_language(request)
    )
    return Status(201, StartOut(conversation=_detail(conversation) if conversation else None, state=state_to_json(state)))


@router.get("/{conversation_id}", response=ConversationDetailOut)
def conversation_get(request, conversation_id: uuid.UUID):
    return _detail(access.access_conversation(user=request.user, conversation_id=conversation_id))


@router.delete("/{conversation_id}", response={204: None})
def conversation_delete(request, conversation_id: uuid.UUID):
    services.conversation_delete(user=request.user, conversation_id=conversation_id)
    return Status(204, None)


@router.put("/{conversation_id}/retention", response=ConversationOut)
def conversation_retention(request, conversation_id: uuid.UUID, payload: RetentionIn):
    return _out(
        services.conversation_retention_set(
            user=request.user, conversation_id=conversation_id, retention_days=payload.retention_days
        )
    )


_sse = sse_response


IdempotencyKeyHeader = Header(
    None, alias="Idempotency-Key", pattern=r'^"?[\x21-\x7e]{8,128}"?$', description=IDEMPOTENCY_KEY_HELP
)


@router.post("/unsaved/messages", response={200: None}, auth=stream_auth)
async def unsaved_message(
    request: HttpRequest, payload: UnsavedMessageIn, idempotency_key: str | None = IdempotencyKeyHeader
):
    """A message in a conversation that is not saved; the state travels with it (nothing is stored)."""
    user = request.auth
    message = services.message_clean(payload.message)
    key = services.idempotency_key_of(header=idempotency_key, field=payload.idempotency_key)
    state = state_from_json(payload.state)
    return _sse(
        services.reply_events(
            user=user, message=message, language=_language(request), state=state, policy=_policy(request), key=key
        )
    )


@router.post("/{conversation_id}/messages", response={200: None}, auth=stream_auth)
async def conversation_message(
    request: HttpRequest,
    conversation_id: uuid.UUID,
    payload: MessageIn,
    idempotency_key: str | None = IdempotencyKeyHeader,
):
    """A message in a saved conversation; the reply streams back as Server-Sent Events.

    Send an ``Idempotency-Key`` (header or field) to retry safely: a message whose stream broke
    before ``done`` may have been recorded; the retry with the same key then streams the
    recorded reply again (``done`` has ``replayed: true``) instead of recording it twice."""
    user = request.auth
    message = services.message_clean(payload.message)
    key = services.idempotency_key_of(header=idempotency_key, field=payload.idempotency_key)

    def load():
        with acting_as(person(user.pk)):
            return services.conversation_state(conversation=access.access_conversation(user=user, conversation_id=conversation_id))

    state = await sync_to_async(load)()
    return _sse(
        services.reply_events(
            user=user,
            message=message,
            language=_language(request),
            state=state,
            conversation_id=conversation_id,
            policy=_policy(request),
            key=key,
        )
    )


@router.post("/{conversation_id}/summary", response=SummaryIO)
def summary_make(request, conversation_id: uuid.UUID):
    conversation = access.access_conversation(user=request.user, conversation_id=conversation_id)
    summary = services.summary_make(
        state=services.conversation_state(conversation=conversation), language=_language(request), user=request.user
    )
    return SummaryIO(noticed=summary.noticed, next_steps=summary.next_steps)


@router.put("/{conversation_id}/summary", response=SummaryIO)
def summary_keep(request, conversation_id: uuid.UUID, payload: SummaryIn):
    conversation = services.summary_keep(
        user=request.user, conversation_id=conversation_id, noticed=payload.noticed, next_steps=payload.next_steps
    )
    return SummaryIO(noticed=conversation.kept_summary["noticed"], next_steps=conversation.kept_summary["next_steps"])


@router.delete("/{conversation_id}/summary", response={204: None})
def summary_discard(request, conversation_id: uuid.UUID):
    services.summary_discard(user=request.user, conversation_id=conversation_id)
    return Status(204, None)
