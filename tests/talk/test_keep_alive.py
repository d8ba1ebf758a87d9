"""A slow model must not let a proxy cut the reply stream: while nothing else is sent, an SSE
comment (": keep-alive") goes out every KABEUCHI_SSE_KEEPALIVE_SECONDS.

Through the real server stack (uvicorn, config.asgi with its lean router for reply streams) and
a real local HTTP server speaking the OpenAI protocol that waits before its first token.
"""

from __future__ import annotations

import asyncio
import contextvars
import http.client
import json
import time
import urllib.parse

import pytest
from asgiref.sync import sync_to_async
from django.test import AsyncClient
from django.urls import reverse

from kabeuchi.coach import services, sse
from kabeuchi.coach.models import Conversation
from kabeuchi.vault.actor import acting_as, person
from tests.e2e.conftest import asgi_server  # noqa: F401 (the uvicorn fixture)
from tests.fakes.openai_server import FakeOpenAIServer

REPLY = "お話しくださって、ありがとうございます。そのとき、どんな気持ちでしたか。"
FIRST_TOKEN_DELAY = 1.5
INTERVAL = 0.25


@pytest.fixture
def slow_model(engine):
    with FakeOpenAIServer(reply=REPLY) as server:
        server.behave(first_token_delay=FIRST_TOKEN_DELAY, chunk_chars=6)
        engine(
            "openai", KABEUCHI_AI_BASE_URL=server.url, KABEUCHI_AI_MODEL="fake-model", KABEUCHI_AI_API_KEY="test",
            KABEUCHI_AI_READ_TIMEOUT=10.0, KABEUCHI_AI_FALLBACK_TO_GUIDE=False,
            KABEUCHI_SSE_KEEPALIVE_SECONDS=INTERVAL,
        )
        yield server


def _conversation_and_token(user):
    from kabeuchi.accounts.services import access_token_create

    with acting_as(person(user.pk)):
        _, conversation = services.conversation_start(user=user, theme="free", retention_days=30, language="ja")
    return conversation, access_token_create(user=user, name="keep-alive test").secret


def _stream_lines(base_url: str, path: str, token: str, body: dict) -> list[tuple[float, str]]:
    """POST and read the response line by line as it arrives: (seconds since sending, line)."""
    url = urllib.parse.urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=20)
    started = time.monotonic()
    connection.request(
        "POST", path, body=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept-Language": "ja"},
    )
    response = connection.getresponse()
    assert response.status == 200, response.read()
    assert response.getheader("Content-Type").startswith("text/event-stream")
    lines = []
    while True:
        line = response.fp.readline()
        if not line:
            break
        lines.append((time.monotonic() - started, line.decode().rstrip("\n")))
    connection.close()
    return lines


def _events(lines) -> list[tuple[str, dict]]:
    class Raw:
        content = "\n".join(text for _, text in lines).encode() + b"\n"

    from tests.talk.conftest import sse_events

    return sse_events(Raw())


@pytest.mark.django_db(transaction=True)
def test_keep_alive_comments_flow_while_a_slow_model_thinks_and_the_reply_is_intact(cast, slow_model, asgi_server):  # noqa: F811
    # given a saved conversation and a model that waits 1.5 s before its first word
    conversation, token = _conversation_and_token(cast.aiko)
    # when aiko's client sends a message through the API and reads the stream as it comes
    lines = _stream_lines(
        asgi_server, f"/api/v1/conversations/{conversation.pk}/messages", token, {"message": "異動のことで迷っています"}
    )
    # then comment lines came while the model was silent, from early on and regularly
    first_chunk = next(t for t, text in lines if text == "event: chunk")
    comments = [t for t, text in lines if text == ": keep-alive"]
    before = [t for t in comments if t < first_chunk]
    assert first_chunk >= FIRST_TOKEN_DELAY
    assert len(before) >= 3, lines
    assert before[0] < 3 * INTERVAL + 0.5, f"the first keep-alive came late: {before[0]:.2f} s"
    gaps = [b - a for a, b in zip([0.0, *before], before, strict=False)]
    assert max(gaps) < 4 * INTERVAL + 0.5, f"a silence of {max(gaps):.2f} s between keep-alives"
    # and the events themselves are whole: the reply, then "done", and the exchange is recorded
    events = _events(lines)
    assert "".join(d["text"] for k, d in events if k == "chunk") == REPLY
    assert events[-1] == ("done", {"conversation": str(conversation.pk)})
    with acting_as(person(cast.aiko.pk)):
        turns = Conversation.objects.get(pk=conversation.pk).state["turns"]
    assert [t["text"] for t in turns[1:]] == ["異動のことで迷っています", REPLY]
    # and the model was asked once
    assert len(slow_model.chat_requests()) == 1


@pytest.mark.django_db(transaction=True)
async def test_the_page_endpoint_sends_them_too_and_zero_turns_them_off(cast, slow_model, settings):
    # the full Django stack (the test client), the page's endpoint with a session
    conversation, _ = await sync_to_async(_conversation_and_token)(cast.aiko)
    client = AsyncClient()
    await client.aforce_login(cast.aiko, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("coach:talk-message", kwargs={"conversation_id": conversation.pk})

    async def send(message):
        response = await client.post(url, data=json.dumps({"message": message}), content_type="application/json")
        return b"".join([chunk async for chunk in response.streaming_content]).decode()

    raw = await send("一つ目")
    assert raw.count(": keep-alive\n\n") >= 3 and raw.index(": keep-alive") < raw.index("event: chunk")
    assert raw.rstrip().splitlines()[-2] == "event: done"
    settings.KABEUCHI_SSE_KEEPALIVE_SECONDS = 0
    raw = await send("二つ目")
    assert ": keep-alive" not in raw and "event: done" in raw
    with acting_as(person(cast.aiko.pk)):
        turns = (await Conversation.objects.aget(pk=conversation.pk)).state["turns"]
    assert [t["text"] for t in turns if t["role"] == "person"] == ["一つ目", "二つ目"]


# --- the keep-alive wrapper itself: contexts, errors, an abandoned stream --------------------

_seen: contextvars.ContextVar[str] = contextvars.ContextVar("seen", default="unset")


async def test_the_event_source_keeps_one_context_across_keep_alives():
    # given the request set a context variable, and a slow source that sets its own between events
    _seen.set("request")
    observed = []

    async def source():
        observed.append(_seen.get())
        _seen.set("set by the source")
        await asyncio.sleep(0.12)
        yield "one"
        observed.append(_seen.get())
        await asyncio.sleep(0.12)
        yield "two"
        observed.append(_seen.get())

    # when it is read with keep-alives every 30 ms
    out = [item async for item in sse.with_keep_alive(source(), 0.03)]
    # then the events arrive in order between keep-alives, and the source saw one continuous context
    assert [x for x in out if x is not sse.KEEP_ALIVE] == ["one", "two"]
    assert out.count(sse.KEEP_ALIVE) >= 4
    assert observed == ["request", "set by the source", "set by the source"]


async def test_an_error_in_the_source_reaches_the_reader():
    async def source():
        yield "one"
        await asyncio.sleep(0.05)
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        _ = [item async for item in sse.with_keep_alive(source(), 0.01)]


async def test_an_abandoned_stream_stops_its_source():
    # given a source waiting on a slow model
    state = {"cancelled": False, "closed": False}

    async def source():
        try:
            await asyncio.sleep(5)
            yield "late"
        except asyncio.CancelledError:
            state["cancelled"] = True
            raise
        finally:
            state["closed"] = True

    # when the reader leaves after the first keep-alive (the client disconnected)
    stream = sse.with_keep_alive(source(), 0.02)
    assert await anext(stream) == sse.KEEP_ALIVE
    await stream.aclose()
    # then the wait on the model is cancelled and the source closed at once
    assert state == {"cancelled": True, "closed": True}
