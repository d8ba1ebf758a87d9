"""Redis or the database unreachable for a while: nobody is signed out, no typed text is
lost, pages say plainly what is wrong, and everything recovers without a restart.

The Redis tests put a small TCP proxy between Kabeuchi and the local Redis and stop it in the
middle of a session; the database tests point the connection at a place where no database
answers (a closed port for PostgreSQL, a missing directory for SQLite) and back.
"""

from __future__ import annotations

import contextlib
import json
import socket
import time
import uuid

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from kabeuchi.notebook.models import Note
from tests.conftest import PASSWORD
from tests.fakes.tcp_proxy import TcpProxy
from tests.fakes.tcp_proxy import free_port as _free_port

REDIS = ("127.0.0.1", 6379)


def _redis_is_running() -> bool:
    try:
        socket.create_connection(REDIS, timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.fixture
def redis_cache(settings, monkeypatch):
    """The production cache configuration (config/settings.py), pointed at ``url``."""
    from axes.handlers.proxy import AxesProxyHandler

    from kabeuchi.core import cache as tolerant

    monkeypatch.setattr(tolerant, "RETRY_SECONDS", 0.2)
    monkeypatch.setattr(tolerant, "_down_until", {})

    def use(url: str) -> None:
        settings.CACHES = {
            "default": {
                "BACKEND": "kabeuchi.core.cache.TolerantRedisCache",
                "LOCATION": url,
                "KEY_PREFIX": f"kabeuchi-test-{uuid.uuid4().hex}",  # a shared Redis: touch only our keys
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        AxesProxyHandler.implementation = None  # axes holds its cache; let it pick up this one

    yield use
    AxesProxyHandler.implementation = None


def _sign_in(email: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return client


@pytest.mark.skipif(not _redis_is_running(), reason="needs the local Redis at 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_a_redis_outage_in_the_middle_of_a_session_signs_nobody_out(cast, redis_cache):
    # given aiko signed in while Redis (behind a proxy) answers
    proxy = TcpProxy(REDIS)
    proxy.start()
    try:
        redis_cache(f"redis://127.0.0.1:{proxy.port}/0")
        from django.core.cache import cache

        aiko = _sign_in("aiko@sakura.example")
        cookie = aiko.cookies["sessionid"].value
        assert cache.ping()
        # when Redis goes away
        proxy.stop()
        assert not cache.ping()
        started = time.monotonic()
        # then aiko is still signed in, and what she writes is saved, not sent to sign-in
        assert aiko.get(reverse("accounts:settings")).status_code == 200
        response = aiko.post(reverse("notebook:note-list"), {"title": "", "body": "Redis が落ちても残るメモ"})
        assert response.status_code == 302 and response["Location"] == reverse("notebook:note-list")
        assert Note.objects.filter(owner=cast.aiko).count() == 1
        assert aiko.cookies["sessionid"].value == cookie and aiko.cookies["sessionid"]["max-age"] != 0
        # and signing in works, and a wrong password is still refused politely (not a 500)
        _sign_in("bunta@sakura.example")
        refused = Client().post(reverse("accounts:login"), {"username": "chika@sakura.example", "password": "nope"})
        assert refused.status_code == 200
        assert time.monotonic() - started < 5  # nobody waited on Redis for long
        # when Redis comes back, Kabeuchi uses it again without a restart
        proxy.start()
        time.sleep(0.3)
        cache.set("probe", "back")
        assert cache.ping()
        import redis

        assert redis.Redis(*REDIS).get(cache.make_key("probe")) is not None
        cache.delete("probe")
        assert aiko.get(reverse("accounts:settings")).status_code == 200
    finally:
        proxy.stop()


@pytest.mark.django_db(transaction=True)
def test_login_throttling_keeps_working_in_process_while_redis_is_unreachable(cast, redis_cache):
    # given a cache whose Redis never answers (nothing listens on the port)
    redis_cache(f"redis://127.0.0.1:{_free_port()}/0")
    client = Client()
    # when someone guesses aiko's password again and again
    statuses = [
        client.post(reverse("accounts:login"), {"username": "aiko@sakura.example", "password": "nope"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure locks (AXES_FAILURE_LIMIT)
    response = client.post(reverse("accounts:login"), {"username": "aiko@sakura.example", "password": PASSWORD})
    # then they are still throttled, by the in-process fallback
    assert response.status_code == 429


@contextlib.contextmanager
def database_unreachable():
    """Point the default connection where no database answers; restore it afterwards."""
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent-kabeuchi-outage/db.sqlite3"
    else:
        connection.settings_dict["PORT"] = str(_free_port())
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


@pytest.mark.django_db(transaction=True)
def test_a_database_outage_says_so_keeps_the_session_and_the_typed_text(cast):
    # given aiko signed in (the test client re-raises what a server turns into a response)
    aiko = Client(raise_request_exception=False)
    aiko.force_login(cast.aiko, backend="django.contrib.auth.backends.ModelBackend")
    cookie = aiko.cookies["sessionid"].value
    # when the database cannot be reached and she saves a note
    with database_unreachable():
        response = aiko.post(reverse("notebook:note-list"), {"title": "件名", "body": "消えてほしくない本音のメモ"})
        page = aiko.get(reverse("notebook:note-list"))
    # then she is told plainly, in Japanese, with a 503, and not sent to sign-in
    assert response.status_code == 503 and response["Retry-After"]
    body = response.content.decode()
    assert "データベースにつながらない" in body and "サインインもそのまま" in body
    # and her text is on the page, ready to be sent again to the same address
    assert "消えてほしくない本音のメモ" in body and 'action="/notes/"' in body, body
    assert page.status_code == 503 and "no-store" in page["Cache-Control"]
    # and her session cookie was left alone
    assert "sessionid" not in response.cookies and "sessionid" not in page.cookies
    # when the database is back, the same session works and the note can be sent again
    assert aiko.cookies["sessionid"].value == cookie
    assert aiko.get(reverse("notebook:note-list")).status_code == 200
    again = aiko.post(reverse("notebook:note-list"), {"title": "件名", "body": "消えてほしくない本音のメモ"})
    assert again.status_code == 302
    assert Note.objects.filter(owner=cast.aiko).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_database_outage_never_echoes_a_password(cast):
    with database_unreachable():
        response = Client(raise_request_exception=False).post(
            reverse("accounts:login"), {"username": "aiko@sakura.example", "password": PASSWORD}
        )
    assert response.status_code == 503
    body = response.content.decode()
    assert PASSWORD not in body and "aiko@sakura.example" in body


@pytest.mark.django_db(transaction=True)
def test_a_database_outage_answers_the_api_in_json_and_in_english_when_asked(cast):
    aiko = Client(raise_request_exception=False)
    aiko.force_login(cast.aiko, backend="django.contrib.auth.backends.ModelBackend")
    with database_unreachable():
        response = aiko.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
        stream = aiko.post(
            f"/talk/{uuid.uuid4()}/messages/", data=json.dumps({"message": "聞いてほしい"}),
            content_type="application/json", HTTP_ACCEPT="text/event-stream",
        )
    assert response.status_code == 503 and response["Content-Type"] == "application/json"
    assert "cannot reach its database" in response.json()["detail"]
    # the page's reply stream gets JSON too: talk.js shows it and keeps the message in the box
    assert stream.status_code == 503 and "detail" in stream.json()


def test_healthz_answers_without_any_io(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"


@pytest.mark.django_db(transaction=True)
def test_readyz_says_ready_and_reveals_nothing_else(cast, client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_when_the_database_or_the_cache_is_unreachable(cast, redis_cache):
    client = Client(raise_request_exception=False)
    with database_unreachable():
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable", "cache": "ok"}
    redis_cache(f"redis://127.0.0.1:{_free_port()}/0")
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["cache"] == "unreachable"


def test_the_hourly_purge_deletes_expired_sessions(cast, client_for):
    # given aiko's session, and an old one that has expired
    import datetime

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from kabeuchi.coach.jobs import run_purge_once

    client_for("aiko")
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now() - datetime.timedelta(minutes=1))
    # when the purge runs
    run_purge_once()
    # then only the live session is left (an expired row would say when someone last signed in)
    assert Session.objects.count() == 1 and Session.objects.get().expire_date > timezone.now()


@pytest.mark.django_db(transaction=True)
async def test_a_database_outage_on_the_async_path_is_a_503_too(cast):
    """Under ASGI Django renders the error page in another thread; it is still the polite 503,
    and the session cookie is still left alone."""
    from asgiref.sync import sync_to_async
    from django.test import AsyncClient

    aiko = AsyncClient(raise_request_exception=False)
    await aiko.aforce_login(cast.aiko, backend="django.contrib.auth.backends.ModelBackend")
    outage = database_unreachable()
    # (entered and left in the thread that runs the handler's database calls)
    await sync_to_async(outage.__enter__)()
    try:
        page = await aiko.get(reverse("notebook:note-list"))
        stream = await aiko.post(
            f"/talk/{uuid.uuid4()}/messages/", data=json.dumps({"message": "聞いてほしい"}),
            content_type="application/json", HTTP_ACCEPT="text/event-stream",
        )
    finally:
        await sync_to_async(outage.__exit__)(None, None, None)
    assert page.status_code == 503 and "データベースにつながらない" in page.content.decode()
    assert stream.status_code == 503 and "detail" in json.loads(stream.content)
    assert "sessionid" not in page.cookies and "sessionid" not in stream.cookies
    assert (await aiko.get(reverse("notebook:note-list"))).status_code == 200


@pytest.mark.django_db(transaction=True)
async def test_a_database_outage_on_the_lean_stack_is_a_503_that_the_page_can_show(cast):
    """The reply streams run on the lean stack (kabeuchi/core/lean.py), where the failing
    view is async and the error page is rendered in another thread."""
    from asgiref.sync import sync_to_async

    from config.asgi import application
    from tests.core.test_lean import asgi_call, browser, session_cookie

    session = await sync_to_async(session_cookie)(cast.aiko)
    conversation = await sync_to_async(_saved_conversation_id)(cast.aiko)
    outage = database_unreachable()
    await sync_to_async(outage.__enter__)()
    try:
        status, headers, body = await asgi_call(
            application, f"/talk/{conversation}/messages/", json.dumps({"message": "聞いてほしい"}).encode(),
            browser(session),
        )
    finally:
        await sync_to_async(outage.__exit__)(None, None, None)
    assert status == 503
    assert "データベースにつながらない" in json.loads(body)["detail"]
    assert not any(name == b"set-cookie" and b"sessionid" in value for name, value in headers)


def _saved_conversation_id(user) -> str:
    from kabeuchi.coach import services
    from kabeuchi.vault.actor import acting_as, person

    with acting_as(person(user.pk)):
        return str(services.conversation_start(user=user, theme="free", retention_days=30, language="ja")[1].pk)
