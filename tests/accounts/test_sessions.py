"""The session table is no sign-in history (docs/privacy.md P8, "Sessions").

Each test reads ``django_session`` with raw SQL, as an operator with the database would."""

from __future__ import annotations

import base64
import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from freezegun import freeze_time

from kabeuchi.accounts.sessions import coarse_expiry, row_key
from kabeuchi.coach.jobs import run_purge_once
from tests.conftest import PASSWORD

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
SIGN_IN = "2026-11-26 05:37:21"  # 14:37:21 in Tokyo


def raw_rows() -> list[tuple[str, str, datetime.datetime]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_key, session_data, expire_date FROM django_session")
        rows = cursor.fetchall()
    out = []
    for key, data, expire in rows:
        if isinstance(expire, str):  # SQLite: text, in UTC
            expire = datetime.datetime.fromisoformat(expire)
        if expire.tzinfo is None:
            expire = expire.replace(tzinfo=datetime.UTC)
        out.append((key, data, expire))
    return out


def sign_in(email: str = "aiko@sakura.example") -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def cookie_of(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:settings")).status_code == 200


def set_raw_data(value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE django_session SET session_data = %s", [value])


def test_the_session_table_says_not_whose_a_session_is_nor_when_it_began(cast):
    # given aiko signs in at 14:37:21
    with freeze_time(SIGN_IN):
        client = sign_in()
    cookie = cookie_of(client)
    # when the operator reads the table
    [(key, data, expire)] = raw_rows()
    # then no column holds the cookie, her id, her address or her name
    sealed = base64.b64decode(data)
    for needle in (cookie, str(cast.aiko.pk), cast.aiko.pk.hex, cast.aiko.email, "aiko", "_auth_user_id"):
        assert needle not in key and needle not in data
        assert needle.encode() not in sealed
    assert key != cookie
    # and the expiry is a midnight, in Tokyo as in UTC terms it carries no time of the sign-in
    local = expire.astimezone(TOKYO)
    assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    assert local.date() == datetime.date(2026, 11, 28)
    assert "14:37" not in str(expire) and "05:37" not in str(expire) and "37:21" not in str(expire)


def test_sign_ins_at_any_time_of_a_day_leave_the_same_expiry(cast):
    # given sign-ins just after midnight and just before the end of one Tokyo day
    with freeze_time("2026-11-25 15:00:05"):  # 00:00:05 on 26 November in Tokyo
        sign_in()
    with freeze_time("2026-11-26 14:59:50"):  # 23:59:50 on 26 November in Tokyo
        sign_in("bunta@sakura.example")
    # then both rows show the same expiry
    assert len({expire for _, _, expire in raw_rows()}) == 1


def test_the_coarse_expiry_always_covers_the_precise_one():
    start = datetime.datetime(2026, 11, 26, 0, 0, tzinfo=TOKYO)
    for minutes in range(0, 24 * 60, 7):
        now = start + datetime.timedelta(minutes=minutes)
        for seconds in (300, 8 * 3600, 86400, 3 * 86400 + 1):
            expiry = now + datetime.timedelta(seconds=seconds)
            coarse = coarse_expiry(now=now, expiry=expiry)
            assert coarse >= expiry and coarse.astimezone(TOKYO).time() == datetime.time(0)
            assert coarse == coarse_expiry(now=start, expiry=start + datetime.timedelta(seconds=seconds))


def test_a_session_works_across_requests_and_is_not_rewritten_by_them(cast):
    # given aiko signed in
    client = sign_in()
    before = raw_rows()
    # when she opens pages
    assert signed_in(client) and signed_in(client)
    client.get(reverse("accounts:mydata"))
    # then the row was not rewritten (no "last active" trace)
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert raw_rows() == before


def test_signing_out_deletes_the_row(cast):
    client = sign_in()
    assert len(raw_rows()) == 1
    client.post(reverse("accounts:logout"))
    assert raw_rows() == [] and not signed_in(client)


def test_an_expired_session_is_refused_and_deleted(cast):
    # given aiko signed in at 14:37
    with freeze_time(SIGN_IN):
        client = sign_in()
    # when she comes back a minute after her session's precise expiry (before the coarse one)
    later = datetime.datetime.fromisoformat(SIGN_IN) + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with freeze_time(later):
        # then she is signed out, and the row is gone at once
        assert not signed_in(client)
        assert raw_rows() == []


def test_the_purge_deletes_sessions_past_their_coarse_expiry(cast):
    # given aiko's session from one day and bunta's from two days later
    with freeze_time(SIGN_IN):
        sign_in()
    with freeze_time("2026-11-28 01:00:00"):
        bunta = sign_in("bunta@sakura.example")
        # when the purge runs once aiko's day has passed
        run_purge_once()
        # then only bunta's row is left, and it still works
        assert len(raw_rows()) == 1 and signed_in(bunta)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda data: base64.b64encode(bytes([b ^ 1 for b in base64.b64decode(data)])).decode(), id="flipped"),
        pytest.param(lambda data: data[:-8] + "AAAAAAA=", id="cut"),
        pytest.param(lambda data: "not base64 at all!", id="garbage"),
        pytest.param(lambda data: "", id="empty"),
    ],
)
def test_a_tampered_row_is_treated_as_signed_out(cast, spoil):
    # given aiko signed in, and her row altered in the database
    client = sign_in()
    [(_, data, _)] = raw_rows()
    set_raw_data(spoil(data))
    # when she opens a page
    response = client.get(reverse("accounts:settings"))
    # then she is signed out (no 500), her cookie is cleared and the row is gone
    assert response.status_code == 302
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert raw_rows() == []


def test_another_persons_sealed_data_does_not_open_with_my_cookie(cast):
    # given aiko and bunta signed in, and bunta's sealed data copied into aiko's row
    aiko = sign_in()
    sign_in("bunta@sakura.example")
    mine = row_key(cookie_of(aiko))
    [bunta_data] = [data for key, data, _ in raw_rows() if key != mine]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE django_session SET session_data = %s WHERE session_key = %s", [bunta_data, mine])
    # then aiko's cookie does not open it: she is signed out, not signed in as bunta
    assert not signed_in(aiko)


def test_a_password_change_signs_out_the_other_sessions(cast):
    # given aiko signed in on two devices
    phone, laptop = sign_in(), sign_in()
    # when she changes her password on the laptop
    new = "a-new-and-long-one-83"
    response = laptop.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    # then the laptop stays signed in and the phone is signed out, its row deleted
    assert signed_in(laptop) and not signed_in(phone)
    assert len(raw_rows()) == 1

