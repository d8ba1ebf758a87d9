"""A retry must not record a message twice.

The page (and an API client) make an idempotency key for each message when it is first sent and
send the same key with every retry of it.  If the connection broke after the exchange was
recorded but before the client saw "done", the retry gets the recorded reply again and nothing
new is stored.  Through a real local server speaking the OpenAI protocol, so "the model was not
asked again" is counted, not assumed.

Runs on SQLite, and on PostgreSQL when KABEUCHI_TEST_DATABASE_URL is set (as the whole suite).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import uuid

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient
from django.urls import reverse

from kabeuchi.coach import services
from kabeuchi.coach.models import Conversation
from kabeuchi.coach.state import state_to_json
from kabeuchi.vault.actor import acting_as, person
from tests.fakes.openai_server import FakeOpenAIServer
from tests.talk.conftest import asse_events

REPLY = "お話しくださって、ありがとうございます。そのとき、どんな気持ちでしたか。"


@pytest.fixture
def server():
    with FakeOpenAIServer(reply=REPLY) as s:
        yield s


@pytest.fixture
def model(engine, server):
    engine(
        "openai",
        KABEUCHI_AI_BASE_URL=server.url, KABEUCHI_AI_MODEL="fake-model", KABEUCHI_AI_API_KEY="test",
        KABEUCHI_AI_READ_TIMEOUT=5.0, KABEUCHI_AI_FALLBACK_TO_GUIDE=False,
    )
    return server


def _start(user) -> Conversation:
    with acting_as(person(user.pk)):
        return services.conversation_start(user=user, theme="free", retention_days=30, language="ja")[1]


def _turns(user, conversation_id) -> list[dict]:
    with acting_as(person(user.pk)):
        return Conversation.objects.get(pk=conversation_id).state["turns"]


def _raw_row(conversation_id) -> bytes:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT state FROM {Conversation._meta.db_table} WHERE id = %s", [conversation_id.hex
                       if connection.vendor == "sqlite" else conversation_id])
        return bytes(cursor.fetchone()[0])


async def _page_client(user) -> AsyncClient:
    client = AsyncClient()
    await client.aforce_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


async def _send_page(client, conversation_id, message, *, key=None, body_key=None):
    body = {"message": message}
    if body_key is not None:
        body["idempotency_key"] = body_key
    response = await client.post(
        reverse("coach:talk-message", kwargs={"conversation_id": conversation_id}),
        data=json.dumps(body), content_type="application/json",
        headers={"Idempotency-Key": key} if key else {},
    )
    return response.status_code, (await asse_events(response) if response.status_code == 200 else response.json())


def _reply_of(events) -> str:
    return "".join(d["text"] for k, d in events if k == "chunk")


@pytest.mark.django_db(transaction=True)
async def test_a_retry_with_the_same_key_gets_the_recorded_reply_and_nothing_is_stored_twice(cast, model):
    # given aiko sent a message to a saved conversation and it was recorded, but her connection
    # broke before the "done" event arrived (the page still shows the message in the box)
    conversation = await sync_to_async(_start)(cast.aiko)
    client = await _page_client(cast.aiko)
    key = str(uuid.uuid4())
    status, first = await _send_page(client, conversation.pk, "異動の話を聞いてほしい", key=key)
    assert status == 200 and first[-1][0] == "done" and "replayed" not in first[-1][1]
    assert len(model.chat_requests()) == 1
    # when the page sends the same message again with the same key
    status, retry = await _send_page(client, conversation.pk, "異動の話を聞いてほしい", key=key)
    # then she gets the recorded reply, acknowledged, without the model being asked again
    assert status == 200
    assert retry[-1][0] == "done" and retry[-1][1]["replayed"] is True
    assert "page" in retry[-1][1]  # the page still learns what to show next
    assert _reply_of(retry) == _reply_of(first) == REPLY
    assert len(model.chat_requests()) == 1
    # and the conversation holds the exchange once
    turns = await sync_to_async(_turns)(cast.aiko, conversation.pk)
    assert [t["text"] for t in turns[1:]] == ["異動の話を聞いてほしい", REPLY]
    # and what is kept of the key is a digest inside the sealed state, never the key itself
    assert turns[1]["key"] == services.idempotency_digest(key) and key not in json.dumps(turns)
    assert key.encode() not in await sync_to_async(_raw_row)(conversation.pk)
    # and a new message (a new key) is recorded as usual
    status, second = await _send_page(client, conversation.pk, "もう一つあります", key=str(uuid.uuid4()))
    assert second[-1][0] == "done" and "replayed" not in second[-1][1]
    assert len(await sync_to_async(_turns)(cast.aiko, conversation.pk)) == 5


@pytest.mark.django_db(transaction=True)
async def test_without_a_key_a_resent_message_is_a_new_message(cast, model):
    # given a client that sends no key (an older API client)
    conversation = await sync_to_async(_start)(cast.aiko)
    client = await _page_client(cast.aiko)
    # when it sends the same words twice
    for _ in range(2):
        _status, events = await _send_page(client, conversation.pk, "わからない")
        assert events[-1][0] == "done"
    # then both are recorded: the same words on purpose are two messages
    assert len(await sync_to_async(_turns)(cast.aiko, conversation.pk)) == 5


@pytest.mark.django_db(transaction=True)
async def test_a_retry_sent_while_the_first_try_is_still_streaming_is_recorded_once(cast, engine, server):
    # given a slow model that gives each request its own reply, and two tries of one message
    # (the page's retry after a proxy cut the first stream, which the server kept streaming)
    numbers = itertools.count(1)
    server.behave(reply=lambda body: f"返事その{next(numbers)}です。", first_token_delay=0.4)
    engine(
        "openai", KABEUCHI_AI_BASE_URL=server.url, KABEUCHI_AI_MODEL="fake-model", KABEUCHI_AI_API_KEY="test",
        KABEUCHI_AI_READ_TIMEOUT=5.0, KABEUCHI_AI_FALLBACK_TO_GUIDE=False,
    )
    conversation = await sync_to_async(_start)(cast.aiko)
    key = str(uuid.uuid4())
    first_client, second_client = await _page_client(cast.aiko), await _page_client(cast.aiko)

    async def second_try():
        await asyncio.sleep(0.1)  # after the first read the conversation, before it is recorded
        return await _send_page(second_client, conversation.pk, "聞いてほしい", key=key)

    # when both run at once, each reading the conversation before either is recorded
    (s1, first), (s2, second) = await asyncio.gather(
        _send_page(first_client, conversation.pk, "聞いてほしい", key=key), second_try()
    )
    # then both are acknowledged, the model was asked twice, and the message is stored once
    assert s1 == s2 == 200 and first[-1][0] == "done" and second[-1][0] == "done"
    assert len(server.chat_requests()) == 2
    turns = await sync_to_async(_turns)(cast.aiko, conversation.pk)
    assert [t["text"] for t in turns[1:]].count("聞いてほしい") == 1 and len(turns) == 3
    # and the try that lost says which reply was kept, so that page shows the stored one
    kept = turns[2]["text"]
    lost = [events for events in (first, second) if events[-1][1].get("replayed")]
    assert len(lost) == 1 and lost[0][-1][1]["reply"] == kept
    assert _reply_of(lost[0]) != kept


@pytest.mark.django_db(transaction=True)
async def test_a_key_used_for_another_message_is_refused_and_nothing_is_stored(cast, model):
    conversation = await sync_to_async(_start)(cast.aiko)
    client = await _page_client(cast.aiko)
    key = str(uuid.uuid4())
    await _send_page(client, conversation.pk, "一つ目の話", key=key)
    # when a client reuses the key for different words
    status, events = await _send_page(client, conversation.pk, "まったく別の話", key=key)
    # then a whole sentence says so, nothing is stored and the model is not asked
    kind, data = events[-1]
    assert status == 200 and kind == "error" and data["reason"] == "key_reused" and data["retryable"] is False
    assert len(model.chat_requests()) == 1
    assert len(await sync_to_async(_turns)(cast.aiko, conversation.pk)) == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("header", "body_key"),
    [("short", None), ("with space inside", None), (None, "has space inside it"), ("a" * 129, None),
     (str(uuid.UUID(int=1)), str(uuid.UUID(int=2)))],
)
async def test_a_malformed_key_is_refused_before_anything_happens(cast, model, header, body_key):
    conversation = await sync_to_async(_start)(cast.aiko)
    client = await _page_client(cast.aiko)
    status, body = await _send_page(client, conversation.pk, "聞いてほしい", key=header, body_key=body_key)
    assert status == 400 and body["detail"]
    assert model.chat_requests() == []


def _token(user) -> str:
    from kabeuchi.accounts.services import access_token_create

    return access_token_create(user=user, name="retry test").secret


@pytest.mark.django_db(transaction=True)
async def test_the_api_takes_the_key_as_a_header_or_a_field(cast, model):
    conversation = await sync_to_async(_start)(cast.aiko)
    client = AsyncClient()
    authorization = {"Authorization": f"Bearer {await sync_to_async(_token)(cast.aiko)}"}
    url = f"/api/v1/conversations/{conversation.pk}/messages"

    async def send(message, *, header=None, field=None):
        body = {"message": message} | ({"idempotency_key": field} if field else {})
        response = await client.post(
            url, data=json.dumps(body), content_type="application/json",
            headers=authorization | ({"Idempotency-Key": header} if header else {}),
        )
        return response.status_code, (await asse_events(response) if response.status_code == 200 else response.json())

    key = str(uuid.uuid4())
    # the header (also in the structured-field form, in quotes), then the field, then both
    status, first = await send("APIから聞いてほしい", header=key)
    assert status == 200, (status, first)
    _, by_quoted_header = await send("APIから聞いてほしい", header=f'"{key}"')
    _, by_field = await send("APIから聞いてほしい", field=key)
    _, by_both = await send("APIから聞いてほしい", header=key, field=key)
    assert first[-1][0] == "done" and "replayed" not in first[-1][1], first
    for retry in (by_quoted_header, by_field, by_both):
        assert retry[-1] == ("done", {"conversation": str(conversation.pk), "replayed": True})
        assert _reply_of(retry) == REPLY
    assert len(model.chat_requests()) == 1
    assert len(await sync_to_async(_turns)(cast.aiko, conversation.pk)) == 3
    # a field that breaks the documented pattern is a 422; header and field that differ, a 400
    status, body = await send("APIから聞いてほしい", field="short")
    assert status == 422
    status, body = await send("APIから聞いてほしい", header=key, field=str(uuid.uuid4()))
    assert status == 400 and body["detail"]


@pytest.mark.django_db(transaction=True)
async def test_an_unsaved_conversation_carries_the_key_in_its_state_and_a_resend_replays(cast, model):
    # given a conversation that is not saved: its state lives in the page
    state, _ = await sync_to_async(services.conversation_start)(
        user=cast.aiko, theme="free", retention_days=0, language="ja"
    )
    client = await _page_client(cast.aiko)
    key = str(uuid.uuid4())

    async def send(state_json):
        response = await client.post(
            reverse("coach:talk-unsaved-message"),
            data=json.dumps({"message": "保存しない話", "state": state_json}), content_type="application/json",
            headers={"Idempotency-Key": key},
        )
        return await asse_events(response)

    first = await send(state_to_json(state))
    after = first[-1][1]["state"]
    assert after["turns"][1]["key"] == services.idempotency_digest(key)
    # when the same message is sent again with the state that already holds it
    again = await send(after)
    # then the same reply comes back, the state is unchanged, the model was asked once
    assert again[-1][1]["replayed"] is True and again[-1][1]["state"] == after
    assert _reply_of(again) == REPLY and len(model.chat_requests()) == 1
    assert await sync_to_async(Conversation.objects.count)() == 0


@pytest.mark.django_db(transaction=True)
def test_the_export_leaves_the_digest_out(cast, engine):
    from kabeuchi.coach.engines.base import Turn
    from kabeuchi.coach.mydata import _items

    conversation = _start(cast.aiko)
    with acting_as(person(cast.aiko.pk)):
        base = services.conversation_state(conversation=Conversation.objects.get(pk=conversation.pk))
        state = base.adding(Turn("person", "話", key=services.idempotency_digest("k" * 10)), Turn("partner", "返事"))
        services._record_saved(user=cast.aiko, conversation_id=conversation.pk, base=base, state=state)
        (item,) = list(_items(cast.aiko))
    assert all("key" not in turn for turn in item.data["turns"])
    assert [t["text"] for t in item.data["turns"]][1:] == ["話", "返事"]
