"""The lean stack for streamed replies (kabeuchi/core/lean.py) and first-come-first-served turns
(kabeuchi/core/turns.py).

The lean stack must answer exactly as the full stack does: same status, same headers, same
events, same errors. These tests call both ASGI applications in-process with the same requests
and compare; they also pin down which requests are routed where, and that a turn is never kept.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets

import pytest
from asgiref.sync import sync_to_async
from django.utils.module_loading import import_string

from kabeuchi.coach import services
from kabeuchi.coach.state import state_to_json
from kabeuchi.core import lean, turns

pytestmark = pytest.mark.django_db(transaction=True)

PASSING_HEADERS_DIFFER = {b"date"}
# Headers whose value is the current time (never_cache's Expires): present on both, value masked,
# since the two requests may fall on either side of a second.
HEADERS_OF_NOW = {b"expires"}


async def asgi_call(app, path: str, body: bytes, headers: list[tuple[bytes, bytes]], method: str = "POST"):
    """One HTTP request through an ASGI application; returns (status, headers, body)."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [(b"host", b"testserver"), (b"content-length", str(len(body)).encode()), *headers],
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80),
    }
    sent = False
    finished = asyncio.Event()
    status, response_headers, chunks = None, [], []

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        await finished.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        nonlocal status, response_headers
        if message["type"] == "http.response.start":
            status, response_headers = message["status"], message["headers"]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                finished.set()

    await asyncio.wait_for(app(scope, receive, send), timeout=20)
    return status, response_headers, b"".join(chunks)


def events_of(body: bytes) -> list[tuple[str, dict]]:
    events = []
    for block in body.decode().split("\n\n"):
        kind = data = None
        for row in block.splitlines():
            if row.startswith("event: "):
                kind = row[7:]
            elif row.startswith("data: "):
                data = json.loads(row[6:])
        if kind:
            events.append((kind, data))
    return events


def same_page(body: bytes) -> bytes:
    """A page with its per-render random parts (masked CSRF tokens, nonces) blanked."""
    import re

    return re.sub(rb'(name="csrfmiddlewaretoken" value=|nonce=)"[^"]+"', rb'\1"-"', body)


def comparable(headers) -> list[tuple[bytes, bytes]]:
    # a cookie's expiry is a clock reading too: the two stacks answered a second apart once in CI
    # (csrftoken "expires=… 02:01:43" against "… 02:01:44"), which is not a difference between them
    return sorted(
        (k.lower(), b"<now>" if k.lower() in HEADERS_OF_NOW else re.sub(rb"expires=[^;]*", b"expires=<now>", v) if k.lower() == b"set-cookie" else v)
        for k, v in headers
        if k.lower() not in PASSING_HEADERS_DIFFER
    )


def use_openai(engine, server, **extra):
    engine(
        "openai", KABEUCHI_AI_BASE_URL=server.url, KABEUCHI_AI_MODEL="fake-model", KABEUCHI_AI_API_KEY="test", **extra
    )


@pytest.fixture
def apps():
    from config.asgi import application, django_application

    # the security headers are the outermost layer, the body cap inside it, the router inside that
    from kabeuchi.core.headers import SecurityHeaders

    assert isinstance(application, SecurityHeaders)
    assert isinstance(application.app, lean.BodyCap) and isinstance(application.app.app, lean.Router)
    return django_application, application


@pytest.fixture
def token(cast):
    from kabeuchi.accounts.services import access_token_create

    return access_token_create(user=cast.aiko, name="lean test").secret


def _unsaved_state(user):
    state, _ = services.conversation_start(user=user, theme="free", retention_days=0, language="ja")
    return state_to_json(state)


def _saved_conversation(user):
    _, conversation = services.conversation_start(user=user, theme="moyamoya", retention_days=30, language="ja")
    return str(conversation.id)


async def both(apps, path, payload, headers):
    full, routed = apps
    body = payload if isinstance(payload, bytes) else json.dumps(payload, ensure_ascii=False).encode()
    return await asgi_call(full, path, body, headers), await asgi_call(routed, path, body, headers)


def bearer(token: str, language: str = "ja") -> list[tuple[bytes, bytes]]:
    return [
        (b"authorization", f"Bearer {token}".encode()),
        (b"content-type", b"application/json"),
        (b"accept-language", language.encode()),
    ]


async def test_unsaved_reply_is_the_same_on_both_stacks(apps, cast, token, engine):
    engine("guide")
    state = await sync_to_async(_unsaved_state)(cast.aiko)
    for language in ("ja", "en"):
        full, routed = await both(
            apps, "/api/v1/conversations/unsaved/messages", {"message": "チームの方針が変わってモヤモヤしています", "state": state},
            bearer(token, language),
        )
        assert full[0] == routed[0] == 200
        assert comparable(full[1]) == comparable(routed[1])
        assert events_of(full[2]) == events_of(routed[2])
        assert [k for k, _ in events_of(routed[2])][-1] == "done"
    headers = {k.lower(): v for k, v in routed[1]}
    assert headers[b"cache-control"] == b"no-store"
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"content-language"] == b"en"


async def test_saved_reply_is_the_same_on_both_stacks(apps, cast, token, engine):
    engine("guide")
    from kabeuchi.coach.models import Conversation

    first = await sync_to_async(_saved_conversation)(cast.aiko)
    second = await sync_to_async(_saved_conversation)(cast.aiko)
    message = {"message": "上司との1on1で何を話すか迷っています"}
    full = await asgi_call(apps[0], f"/api/v1/conversations/{first}/messages", json.dumps(message).encode(), bearer(token))
    routed = await asgi_call(apps[1], f"/api/v1/conversations/{second}/messages", json.dumps(message).encode(), bearer(token))
    assert full[0] == routed[0] == 200
    assert comparable(full[1]) == comparable(routed[1])
    full_events, routed_events = events_of(full[2]), events_of(routed[2])
    assert [k for k, _ in full_events] == [k for k, _ in routed_events]
    assert routed_events[-1] == ("done", {"conversation": second})

    def turns_of(pk):
        return len(Conversation.objects.get(pk=pk).state["turns"])

    # she read her own conversation on both stacks: the vault knew it was her (no access record)
    from kabeuchi.vault.models import AccessRecord

    assert await AccessRecord.objects.acount() == 0
    assert await sync_to_async(turns_of)(first) == await sync_to_async(turns_of)(second)


async def test_help_is_the_same_on_both_stacks(apps, cast, token, engine):
    engine("guide")
    state = await sync_to_async(_unsaved_state)(cast.aiko)
    full, routed = await both(
        apps, "/api/v1/conversations/unsaved/messages", {"message": "もう消えてしまいたい", "state": state}, bearer(token)
    )
    assert events_of(full[2]) == events_of(routed[2])
    assert events_of(routed[2])[0][0] == "support"


@pytest.mark.parametrize(
    "case",
    ["no token", "wrong token", "bad json", "missing state", "empty message", "unknown conversation", "someone else's"],
)
async def test_refusals_are_the_same_on_both_stacks(apps, cast, token, engine, case):
    engine("guide")
    from kabeuchi.accounts.services import access_token_create

    state = await sync_to_async(_unsaved_state)(cast.aiko)
    path, payload, headers = "/api/v1/conversations/unsaved/messages", {"message": "迷っています", "state": state}, bearer(token)
    if case == "no token":
        headers = [h for h in headers if h[0] != b"authorization"]
    elif case == "wrong token":
        headers = bearer("kbc_not-a-real-token")
    elif case == "bad json":
        payload = b'{"message": "\xe8\xbf\xb7'
    elif case == "missing state":
        payload = {"message": "迷っています"}
    elif case == "empty message":
        payload = {"message": "   ", "state": state}
    elif case == "unknown conversation":
        path, payload = "/api/v1/conversations/00000000-0000-4000-8000-000000000000/messages", {"message": "迷っています"}
    elif case == "someone else's":
        other = await sync_to_async(_saved_conversation)(cast.bunta)
        path, payload = f"/api/v1/conversations/{other}/messages", {"message": "迷っています"}
        headers = bearer((await sync_to_async(access_token_create)(user=cast.aiko, name="other")).secret)
    full, routed = await both(apps, path, payload, headers)
    assert full[0] == routed[0] and full[0] >= 400
    assert comparable(full[1]) == comparable(routed[1])
    assert json.loads(full[2]) == json.loads(routed[2])


def scope_of(method="POST", path="/api/v1/conversations/unsaved/messages"):
    return {"type": "http", "method": method, "path": path, "headers": [], "root_path": ""}


def test_only_posts_to_the_reply_streams_take_the_lean_stack():
    uuid = "3f2b9a1c-0d4e-4f5a-9b6c-7d8e9f0a1b2c"
    for path in (
        "/api/v1/conversations/unsaved/messages", f"/api/v1/conversations/{uuid}/messages",
        "/talk/unsaved/messages/", f"/talk/{uuid}/messages/",
    ):
        assert lean.routes_lean(scope_of(path=path)), path
    assert not lean.routes_lean(scope_of(method="GET"))
    assert not lean.routes_lean(scope_of(method="GET", path="/talk/unsaved/"))
    for path in (
        "/api/v1/conversations", "/api/v1/conversations/unsaved/messages/", "/talk/unsaved/messages",
        "/talk/unsaved/summary/", f"/talk/{uuid}/delete/", "/api/v1/conversations/../notes/messages",
        "/feedback/talk/messages/", "/static/kabeuchi/talk.js",
    ):
        assert not lean.routes_lean(scope_of(path=path)), path
    assert not lean.routes_lean({**scope_of(), "root_path": "/kabeuchi"})
    assert not lean.routes_lean({"type": "websocket", "path": "/api/v1/conversations/unsaved/messages"})


def test_the_lean_stack_cannot_drift_from_settings(settings):
    lean.check_lean_middleware()  # the real settings pass
    with pytest.raises(RuntimeError, match="say in ADAPTERS"):
        lean.check_lean_middleware([*settings.MIDDLEWARE, "example.middleware.NewMiddleware"])
    # the lean stack is built from settings.MIDDLEWARE itself: same classes, same order
    from config.asgi import application

    expected = [import_string(m) for m in settings.MIDDLEWARE if lean.ADAPTERS[m] is not None]
    assert application.app.app.lean.middleware_classes == expected
    assert len(expected) == len(settings.MIDDLEWARE) - 1  # only ServeStatic is left out


async def test_turns_are_first_come_first_served_and_never_kept():
    order = []

    async def request(name, hold):
        turn = turns.begin()
        try:
            await turn.take()
            order.append(name)
            await asyncio.sleep(hold)
            turns.give_up()
            turns.give_up()  # twice is harmless
        finally:
            turn.give_up()

    async def failing():
        turn = turns.begin()
        try:
            await turn.take()
            raise ValueError("the request failed while holding its turn")
        finally:
            turn.give_up()

    tasks = [asyncio.create_task(request(n, 0.01)) for n in "abc"]
    await asyncio.sleep(0)
    with pytest.raises(ValueError):
        await failing()
    tasks += [asyncio.create_task(request(n, 0)) for n in "de"]
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=5)
    assert order == list("abcde")


async def test_a_turn_never_stalls_the_line(monkeypatch):
    monkeypatch.setattr(turns, "MAX_WAIT", 0.05)
    stuck = turns.Turn()
    await stuck.take()  # a holder that never gives up
    waiting = turns.Turn()
    await asyncio.wait_for(waiting.take(), timeout=2)  # goes ahead without a turn
    assert waiting._lock is None
    waiting.give_up()  # harmless
    stuck.give_up()
    after = turns.Turn()
    await asyncio.wait_for(after.take(), timeout=1)  # the lock still works for the next
    assert after._lock is not None
    after.give_up()


def test_inline_refuses_middleware_with_hooks_it_would_skip():
    from django.utils.deprecation import MiddlewareMixin

    class WithView(MiddlewareMixin):
        def process_view(self, request, view, args, kwargs):
            return None

    with pytest.raises(RuntimeError, match="process_view"):
        lean.Inline(WithView, lambda request: None)


async def test_a_turn_is_given_up_when_a_new_connection_to_the_model_is_opened():
    turn = turns.begin()
    await turn.take()
    await turns.model_request_sent("connection.connect_tcp.started", {})
    assert turn._lock is None


async def test_a_turn_is_given_up_once_the_model_request_is_written():
    turn = turns.begin()
    await turn.take()
    await turns.model_request_sent("http11.send_request_headers.complete", {})
    assert turn._lock is not None
    await turns.model_request_sent("http11.send_request_body.complete", {})
    assert turn._lock is None
    other = turns.Turn()
    await asyncio.wait_for(other.take(), timeout=1)  # the line moved on
    other.give_up()


async def test_a_client_that_leaves_does_not_block_the_next(apps, cast, token, engine):
    engine("guide")
    """A request cancelled while it holds its turn (client gone) releases it."""
    state = await sync_to_async(_unsaved_state)(cast.aiko)
    body = json.dumps({"message": "迷っています", "state": state}).encode()
    path = "/api/v1/conversations/unsaved/messages"
    task = asyncio.create_task(asgi_call(apps[1], path, body, bearer(token)))
    await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    status, _, out = await asgi_call(apps[1], path, body, bearer(token))
    assert status == 200 and events_of(out)[-1][0] == "done"


async def test_the_next_request_reaches_the_model_while_the_first_waits_for_its_first_token(apps, cast, token, engine):
    """The turn is given up when the model request is written (httpcore's trace hook through the
    real SDK), not when the first token comes back: otherwise every reply would wait for the
    previous one's model latency."""
    from tests.fakes.openai_server import FakeOpenAIServer

    with FakeOpenAIServer() as server:
        server.behave(first_token_delay=0.8)
        use_openai(engine, server)
        state = await sync_to_async(_unsaved_state)(cast.aiko)
        body = json.dumps({"message": "迷っています", "state": state}).encode()
        path = "/api/v1/conversations/unsaved/messages"
        first = asyncio.create_task(asgi_call(apps[1], path, body, bearer(token)))
        await asyncio.sleep(0.05)
        second = asyncio.create_task(asgi_call(apps[1], path, body, bearer(token)))
        results = await asyncio.gather(first, second)
        assert [status for status, _, _ in results] == [200, 200]
        assert all(events_of(out)[-1][0] == "done" for _, _, out in results)
        received = [r.received_at for r in server.chat_requests()]
        assert len(received) == 2
        assert received[1] - received[0] < 0.5  # not after the first reply's 0.8 s


async def test_a_failing_model_is_reported_the_same_on_both_stacks(apps, cast, token, engine):
    """The model answers 500 or 429: the same error event (reason, whole sentence, retry) on both
    stacks, and nothing is recorded."""
    from tests.fakes.openai_server import Behaviour, FakeOpenAIServer

    with FakeOpenAIServer() as server:
        use_openai(engine, server, KABEUCHI_AI_FALLBACK_TO_GUIDE=False)
        state = await sync_to_async(_unsaved_state)(cast.aiko)
        for status in (500, 429):
            server.queue(Behaviour(status=status), Behaviour(status=status))
            full, routed = await both(
                apps, "/api/v1/conversations/unsaved/messages", {"message": "迷っています", "state": state}, bearer(token)
            )
            assert full[0] == routed[0] == 200
            assert events_of(full[2]) == events_of(routed[2])
            kind, data = events_of(routed[2])[-1]
            assert kind == "error" and data["retryable"] and data["message"]


# -- the page's endpoints and the API with a browser session --------------------------------

SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"  # a CSRF secret (32 characters), as cookie and header


def session_cookie(user) -> str:
    from django.conf import settings as s
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.cookies[s.SESSION_COOKIE_NAME].value


def browser(session: str | None, csrf: bool = True, language: str = "ja") -> list[tuple[bytes, bytes]]:
    from django.conf import settings as s

    cookies = [f"{s.CSRF_COOKIE_NAME}={SECRET}"]
    if session is not None:
        cookies.append(f"{s.SESSION_COOKIE_NAME}={session}")
    headers = [
        (b"cookie", "; ".join(cookies).encode()),
        (b"content-type", b"application/json"),
        (b"accept", b"text/event-stream"),
        (b"accept-language", language.encode()),
    ]
    if csrf:
        headers.append((b"x-csrftoken", SECRET.encode()))
    return headers


async def test_page_replies_are_the_same_on_both_stacks(apps, cast, engine):
    engine("guide")
    from kabeuchi.vault.models import AccessRecord

    session = await sync_to_async(session_cookie)(cast.aiko)
    state = await sync_to_async(_unsaved_state)(cast.aiko)
    for language in ("ja", "en"):
        full, routed = await both(
            apps, "/talk/unsaved/messages/", {"message": "チームの方針が変わってモヤモヤしています", "state": state},
            browser(session, language=language),
        )
        assert full[0] == routed[0] == 200
        assert comparable(full[1]) == comparable(routed[1])
        assert events_of(full[2]) == events_of(routed[2])
    first = await sync_to_async(_saved_conversation)(cast.aiko)
    second = await sync_to_async(_saved_conversation)(cast.aiko)
    message = json.dumps({"message": "上司との1on1で何を話すか迷っています"}).encode()
    full = await asgi_call(apps[0], f"/talk/{first}/messages/", message, browser(session))
    routed = await asgi_call(apps[1], f"/talk/{second}/messages/", message, browser(session))
    assert full[0] == routed[0] == 200
    assert comparable(full[1]) == comparable(routed[1])
    assert [k for k, _ in events_of(full[2])] == [k for k, _ in events_of(routed[2])]
    kind, done = events_of(routed[2])[-1]
    assert (kind, done["conversation"]) == ("done", second)
    assert set(done) == {"conversation", "page"}  # what the page shows next (coach.views._page_info), no words
    assert await AccessRecord.objects.acount() == 0
    # the JSON API with the session instead of a token
    full, routed = await both(
        apps, "/api/v1/conversations/unsaved/messages", {"message": "迷っています", "state": state}, browser(session)
    )
    assert full[0] == routed[0] == 200
    assert comparable(full[1]) == comparable(routed[1])
    assert events_of(full[2]) == events_of(routed[2])


@pytest.mark.parametrize(
    "case", ["no csrf header", "signed out", "stale session", "not onboarded", "bad body", "api without csrf"]
)
async def test_page_refusals_are_the_same_on_both_stacks(apps, cast, engine, case):
    engine("guide")
    from kabeuchi.accounts.services import user_create

    session = await sync_to_async(session_cookie)(cast.aiko)
    state = await sync_to_async(_unsaved_state)(cast.aiko)
    path, payload, headers = "/talk/unsaved/messages/", {"message": "迷っています", "state": state}, browser(session)
    if case == "no csrf header":
        headers = browser(session, csrf=False)
    elif case == "signed out":
        headers = browser(None)
    elif case == "stale session":
        headers = browser("x" * 32)
    elif case == "not onboarded":
        newcomer = await sync_to_async(user_create)(email="newcomer@example.jp", password="a-long-test-pass-42")
        headers = browser(await sync_to_async(session_cookie)(newcomer))
    elif case == "bad body":
        payload = b"{not json"
    elif case == "api without csrf":
        path, headers = "/api/v1/conversations/unsaved/messages", browser(session, csrf=False)
    full, routed = await both(apps, path, payload, headers)
    assert full[0] == routed[0] and full[0] in (302, 400, 403, 422)
    assert comparable(full[1]) == comparable(routed[1])
    assert same_page(full[2]) == same_page(routed[2])


def _spoil_every_session_row() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE django_session SET session_data = 'AAAA' || session_data")
        cursor.execute("SELECT COUNT(*) FROM django_session")
        return cursor.fetchone()[0]


async def test_a_tampered_session_is_refused_the_same_on_both_stacks(apps, cast, engine):
    """A sealed session row that does not open loads as signed out on either stack (no 500),
    and the row is deleted (kabeuchi/accounts/sessions.py)."""
    engine("guide")
    state = await sync_to_async(_unsaved_state)(cast.aiko)
    body = json.dumps({"message": "迷っています", "state": state}, ensure_ascii=False).encode()
    results = []
    for app in apps:
        session = await sync_to_async(session_cookie)(cast.aiko)
        assert await sync_to_async(_spoil_every_session_row)() == 1
        results.append(await asgi_call(app, "/talk/unsaved/messages/", body, browser(session)))
        assert await sync_to_async(_spoil_every_session_row)() == 0
    full, routed = results
    assert full[0] == routed[0] and full[0] in (302, 403)
    assert comparable(full[1]) == comparable(routed[1])
    assert same_page(full[2]) == same_page(routed[2])


async def test_a_changed_session_is_saved_from_a_thread(cast):
    """LeanSession saves a session a view changed (the save crosses to a thread; on the event
    loop Django would refuse the database call)."""
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse
    from django.test import RequestFactory

    from kabeuchi.core.lean import LeanSession

    session = await sync_to_async(session_cookie)(cast.aiko)

    async def view(request):
        await request.session.aset("lean-test", "kept")
        return HttpResponse("ok")

    request = RequestFactory().post("/talk/unsaved/messages/")
    from django.conf import settings as s

    request.COOKIES = {s.SESSION_COOKIE_NAME: session}
    response = await LeanSession(SessionMiddleware, view)(request)
    assert response.status_code == 200
    store = SessionMiddleware(lambda r: None).SessionStore(session)
    assert await store.aget("lean-test") == "kept"


async def test_messages_a_view_adds_are_stored_from_a_thread_when_they_touch_the_session(cast):
    from django.conf import settings as s
    from django.contrib import messages
    from django.contrib.messages.middleware import MessageMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse
    from django.test import RequestFactory

    from kabeuchi.core.lean import LeanMessages

    session = await sync_to_async(session_cookie)(cast.aiko)

    async def view(request):
        messages.info(request, "short")
        messages.info(request, secrets.token_urlsafe(3000))  # too big for the cookie: goes to the session
        return HttpResponse("ok")

    request = RequestFactory().post("/talk/unsaved/messages/")
    request.COOKIES = {s.SESSION_COOKIE_NAME: session}
    SessionMiddleware(lambda r: None).process_request(request)
    response = await LeanMessages(MessageMiddleware, view)(request)
    assert "messages" in response.cookies  # the short one
    assert "_messages" in await sync_to_async(request.session.keys)()  # the long one, in the session
