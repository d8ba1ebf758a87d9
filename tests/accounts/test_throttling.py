"""Password checks are limited per account, per address and across the service; the API per
person, per token and for unknown tokens; counters are hashed and short-lived."""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kabeuchi.accounts import services
from kabeuchi.accounts.models import User
from tests.conftest import PASSWORD


@pytest.fixture
def low_limits(settings):
    settings.KABEUCHI_PASSWORD_FAILURES_PER_ACCOUNT = 4
    settings.KABEUCHI_PASSWORD_FAILURES_PER_IP = 6
    settings.KABEUCHI_PASSWORD_FAILURES_GLOBAL = 10
    settings.AXES_FAILURE_LIMIT = 100  # these tests are about the layers beyond axes
    return settings


@pytest.fixture
def one_window():
    """Per-minute limits count in fixed one-minute windows: a test's requests are made at the
    middle of one window, so a loaded machine crossing a minute boundary cannot start a fresh
    window halfway (two tests failed in CI for that reason alone)."""
    import time
    from unittest import mock

    middle = (int(time.time() // 60) * 60) + 30
    with mock.patch("kabeuchi.accounts.throttling.time", mock.Mock(time=lambda: middle)):
        yield middle


def _sign_in(email, password, ip, **extra):
    return Client(REMOTE_ADDR=ip).post(reverse("accounts:login"), {"username": email, "password": password}, **extra)


def test_spraying_one_password_across_addresses_from_one_place_is_paused(cast, low_limits):
    # given one place trying one password on many addresses
    for n in range(6):
        assert _sign_in(f"person{n}@sakura.example", "Summer2026!", "198.51.100.7").status_code == 200
    # then the next try from there is paused, even with aiko's right password
    response = _sign_in("aiko@sakura.example", PASSWORD, "198.51.100.7", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 15 * 60
    assert "お待ち" in response.content.decode() or "待って" in response.content.decode()
    # and aiko signs in from elsewhere as usual
    assert _sign_in("aiko@sakura.example", PASSWORD, "192.0.2.1").status_code == 302


def test_one_account_tried_from_many_places_is_paused(cast, low_limits):
    for n in range(4):
        _sign_in("aiko@sakura.example", "guess", f"203.0.113.{n}")
    assert _sign_in("Aiko@Sakura.example", PASSWORD, "192.0.2.1").status_code == 429


def test_a_spray_from_many_places_at_many_accounts_pauses_the_service(cast, low_limits):
    for n in range(10):
        _sign_in(f"person{n}@sakura.example", "Summer2026!", f"203.0.113.{n}")
    assert _sign_in("bunta@sakura.example", PASSWORD, "192.0.2.1").status_code == 429


def test_a_forged_forwarded_for_header_does_not_give_a_fresh_address(cast, low_limits):
    for n in range(6):
        _sign_in(f"person{n}@sakura.example", "x", "198.51.100.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert _sign_in("aiko@sakura.example", PASSWORD, "198.51.100.7", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_a_right_password_is_not_counted(cast, low_limits):
    for _ in range(8):
        assert _sign_in("aiko@sakura.example", PASSWORD, "192.0.2.1").status_code == 302


def test_the_deletion_api_stops_checking_passwords_after_the_limit(cast, low_limits):
    secret = services.access_token_create(user=cast.aiko, name="s").secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", REMOTE_ADDR="192.0.2.9")

    def delete(password):
        return client.post("/api/v1/me/delete", data=json.dumps({"password": password, "confirm": True}),
                           content_type="application/json")

    assert [delete(f"wrong{n}").status_code for n in range(4)] == [400] * 4
    refused = delete(PASSWORD)
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert User.objects.filter(pk=cast.aiko.pk).exists()


def test_the_deletion_page_stops_checking_passwords_after_the_limit(cast, client_for, low_limits):
    client = client_for("aiko")
    for _ in range(4):
        assert client.post(reverse("accounts:account-delete"), {"password": "no", "understood": "on"}).status_code == 400
    response = client.post(reverse("accounts:account-delete"), {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 429
    assert User.objects.filter(pk=cast.aiko.pk).exists()


def test_the_password_change_page_stops_checking_passwords_after_the_limit(cast, client_for, low_limits):
    client = client_for("aiko")
    new = {"new_password1": "a-new-and-long-one-83", "new_password2": "a-new-and-long-one-83"}
    for _ in range(4):
        client.post(reverse("accounts:password-change"), {"old_password": "no", **new})
    response = client.post(reverse("accounts:password-change"), {"old_password": PASSWORD, **new})
    assert response.status_code == 429
    cast.aiko.refresh_from_db()
    assert cast.aiko.check_password(PASSWORD)


def test_unknown_tokens_get_429_with_retry_after(db, one_window):
    client = Client(HTTP_AUTHORIZATION="Bearer kbc_not-a-token", REMOTE_ADDR="198.51.100.20")
    statuses = [client.get("/api/v1/me").status_code for _ in range(300)]
    assert statuses[:20] == [401] * 20
    assert set(statuses[20:]) == {429}
    assert int(client.get("/api/v1/me")["Retry-After"]) <= 60


def test_one_token_is_limited_per_minute_with_retry_after(cast, settings, one_window):
    settings.KABEUCHI_API_TOKEN_RATE_PER_MINUTE = 10
    secret = services.access_token_create(user=cast.aiko, name="s").secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    statuses = [client.get("/api/v1/me").status_code for _ in range(12)]
    assert statuses == [200] * 10 + [429] * 2
    response = client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Too many requests" in response.json()["detail"]
    # another token of hers still works, until her own budget is spent
    other = services.access_token_create(user=cast.aiko, name="t").secret
    assert Client(HTTP_AUTHORIZATION=f"Bearer {other}").get("/api/v1/me").status_code == 200


def test_one_person_is_limited_across_session_and_tokens(cast, client_for, settings, one_window):
    settings.KABEUCHI_API_RATE_PER_MINUTE = 10
    secret = services.access_token_create(user=cast.aiko, name="s").secret
    session = client_for("aiko")
    token = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    statuses = [(session if n % 2 else token).get("/api/v1/me").status_code for n in range(11)]
    assert statuses == [200] * 10 + [429]
    assert client_for("bunta").get("/api/v1/me").status_code == 200  # someone else is unaffected


def test_counters_hold_no_address_account_or_token_and_expire_within_minutes(cast, low_limits):
    # given failures and API calls
    secret = services.access_token_create(user=cast.aiko, name="s").secret
    Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/me")
    Client(HTTP_AUTHORIZATION="Bearer kbc_bad", REMOTE_ADDR="198.51.100.20").get("/api/v1/me")
    _sign_in("aiko@sakura.example", "wrong", "198.51.100.7")
    Client(REMOTE_ADDR="198.51.100.8").post(reverse("accounts:signup"), {"email": "aiko@sakura.example"})
    Client(REMOTE_ADDR="198.51.100.9").post(reverse("accounts:password-reset"), {"email": "new@sakura.example"})
    assert any(":kabeuchi:limit:mail-address:" in k for k in cache._cache)
    # then the cache holds only hashed keys and small numbers, each expiring within 15 minutes
    import time

    store = cache._cache  # LocMemCache internals: key -> pickled value, with expiry times
    ours = [k for k in store if ":kabeuchi:limit:" in k]
    assert ours
    for key in ours:
        for secretish in ("aiko", "sakura", "new@", "198.51.100", secret, str(cast.aiko.pk)):
            assert secretish not in key
        assert cache._expire_info[key] - time.time() <= 15 * 60 + 1
        assert isinstance(cache.get(key.split(":", 2)[2]), int)


def test_uvicorn_trusts_forwarded_for_only_from_the_listed_proxy():
    # docs/operations.md: uvicorn --proxy-headers --forwarded-allow-ips=<the balancer's address>
    import asyncio

    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    seen = []

    async def app(scope, receive, send):
        seen.append(scope["client"][0])

    guarded = ProxyHeadersMiddleware(app, trusted_hosts="10.0.0.5")
    for peer in ("10.0.0.5", "198.51.100.7"):
        scope = {"type": "http", "client": (peer, 1234), "scheme": "http",
                 "headers": [(b"x-forwarded-for", b"203.0.113.50")]}
        asyncio.run(guarded(scope, None, None))
    # from the balancer the client's address is taken; from anyone else the header is ignored
    assert seen == ["203.0.113.50", "198.51.100.7"]
