"""Sign-up and password reset by e-mail do not tell anyone whether an address has an account
(PRODUCT rule 3, docs/privacy.md P37): every address gets the same page, with the same status and
headers, in about the same time, and the same mail: subject, body, size and link shape, so a
mailbox scanned or archived by the employer does not tell either.  The difference shows only to
whoever opens the link."""

from __future__ import annotations

import re
import statistics
import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kabeuchi.accounts import services
from kabeuchi.accounts.models import Membership, User
from tests.accounts.mailbox import last_mail_to, link_in, signup_by_mail
from tests.conftest import PASSWORD

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
EXISTING = "aiko@sakura.example"
# what differs from one mail to the next whoever it goes to: the link's token (its length kept)
SIGNUP_TOKEN = re.compile(r"(/accounts/signup/complete/)([^\s/]+)/")
RESET_TOKEN = re.compile(r"(/accounts/password/reset/)([A-Za-z0-9_-]+)/([0-9a-z]+)-([0-9a-f]+)/")


def _shape(message) -> tuple:
    """A mail as a scanner sees it, with the link's random parts replaced by their lengths."""
    body = SIGNUP_TOKEN.sub(lambda m: f"{m.group(1)}<{len(m.group(2))}>/", message.body)
    body = RESET_TOKEN.sub(lambda m: f"{m.group(1)}<{len(m.group(2))}>/<{len(m.group(3))}>-<{len(m.group(4))}>/", body)
    assert body != message.body or "/accounts/" not in message.body, message.body  # the link was found
    return message.subject, body, message.from_email, tuple(sorted(message.extra_headers))


@pytest.fixture(params=["floor", "raw"])
def no_mail_limits(settings, request):
    """Twice: with a response floor (the product's defence; 100 ms here to keep the test short,
    250 ms by default) and without one (what the two paths cost by themselves)."""
    settings.KABEUCHI_MAIL_RESPONSE_FLOOR_MS = 100 if request.param == "floor" else 0
    settings.KABEUCHI_MAIL_REQUESTS_PER_ADDRESS = 10_000
    settings.KABEUCHI_MAIL_REQUESTS_PER_IP = 10_000
    settings.KABEUCHI_MAIL_REQUESTS_GLOBAL = 10_000


def _ask(url: str, email: str) -> tuple[object, float]:
    """A browser's way: open the form, then send it with its CSRF token (checks enforced)."""
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    started = time.perf_counter()
    response = client.post(url, {"email": email, "csrfmiddlewaretoken": token})
    return response, time.perf_counter() - started


def _seen(response) -> tuple:
    # Expires (never_cache) is the clock's current second: present on both, its value not compared
    headers = {k: ("<now>" if k == "Expires" else v) for k, v in response.headers.items() if k.lower() != "set-cookie"}
    cookies = sorted(response.cookies.keys())
    return response.status_code, headers, cookies, CSRF_FIELD.sub("", response.content.decode())


def _compare(url: str, new_address) -> tuple[float, float]:
    """Responses for an existing and new addresses, alternated 10 times; the medians in seconds."""
    existing_times, new_times = [], []
    for round_ in range(10):
        if round_ % 2:  # who goes first alternates, so warming up favours neither
            new, spent_new = _ask(url, new_address(round_))
            existing, spent_existing = _ask(url, EXISTING)
        else:
            existing, spent_existing = _ask(url, EXISTING)
            new, spent_new = _ask(url, new_address(round_))
        assert _seen(existing) == _seen(new)
        existing_times.append(spent_existing)
        new_times.append(spent_new)
    return statistics.median(existing_times), statistics.median(new_times)


def _within_tolerance(a: float, b: float) -> bool:
    return abs(a - b) < 0.050 or abs(a - b) <= 0.30 * max(a, b)


def test_the_signup_form_answers_an_existing_and_a_new_address_the_same(cast, no_mail_limits):
    # addresses as long as the existing one: the sealed link's length follows the address's
    existing, new = _compare(reverse("accounts:signup"), lambda i: f"new{i}@example.jp.com")
    print(f"\nsign-up, median of 10: existing {existing * 1000:.1f} ms, new {new * 1000:.1f} ms")
    assert _within_tolerance(existing, new), (existing, new)
    # every request sent exactly one mail, to the address typed, and the mails are the same
    assert len(mail.outbox) == 20
    exists_mail, new_mail = last_mail_to(EXISTING), last_mail_to("new9@example.jp.com")
    assert _shape(exists_mail) == _shape(new_mail)
    assert "相田" not in exists_mail.body + exists_mail.subject  # no name, nothing anyone wrote
    # only opening the link tells: a form for the new address, sign-in and reset for the other
    assert Client().get(link_in(new_mail)).status_code == 200
    opened = Client().get(link_in(exists_mail))
    assert opened.status_code == 404
    page = opened.content.decode()
    assert reverse("accounts:login") in page and reverse("accounts:password-reset") in page


def test_an_invitation_link_answers_an_existing_and_a_new_address_the_same(cast, no_mail_limits):
    token = services.invitation_create(organisation=cast.sakura, max_uses=100).token
    url = reverse("accounts:invitation-join", kwargs={"token": token})
    existing, new = _compare(url, lambda i: f"inv{i}@sakura.example")
    print(f"\ninvitation, median of 10: existing {existing * 1000:.1f} ms, new {new * 1000:.1f} ms")
    assert _within_tolerance(existing, new), (existing, new)
    assert _shape(last_mail_to(EXISTING)) == _shape(last_mail_to("inv9@sakura.example"))
    # the existing account's link, once opened, offers to sign in and then join
    page = Client().get(link_in(last_mail_to(EXISTING))).content.decode()
    assert f'href="{reverse("accounts:login")}?next={url}"' in page


def test_the_password_reset_form_answers_an_existing_and_an_unknown_address_the_same(cast, no_mail_limits):
    existing, unknown = _compare(reverse("accounts:password-reset"), lambda i: f"nobody{i}@example.jp")
    print(f"\npassword reset, median of 10: existing {existing * 1000:.1f} ms, unknown {unknown * 1000:.1f} ms")
    assert _within_tolerance(existing, unknown), (existing, unknown)
    assert len(mail.outbox) == 20
    assert _shape(last_mail_to(EXISTING)) == _shape(last_mail_to("nobody9@example.jp"))
    # only opening the link tells: the form for the account, "cannot be used" for nobody's
    assert "新しいパスワードを保存" in _open_reset_link(last_mail_to(EXISTING))
    assert "このリンクは使えません" in _open_reset_link(last_mail_to("nobody9@example.jp"))
    sent_page = Client().get(reverse("accounts:password-reset-sent")).content.decode()
    assert "アカウントがあるかどうか" in sent_page  # the page says it answers every address alike


def _open_reset_link(message) -> str:
    link = "/" + re.search(r"https?://[^/]+/(accounts/password/reset/[^\s]+/)", message.body).group(1)
    return Client().get(link, follow=True).content.decode()


def test_an_account_that_signs_in_with_sso_gets_the_same_reset_mail(cast, no_mail_limits):
    sso_only = User.objects.get(email=EXISTING)
    sso_only.set_unusable_password()
    sso_only.save()
    for address in (EXISTING, "nobody@example.jp", "bunta@sakura.example"):
        assert Client().post(reverse("accounts:password-reset"), {"email": address}).status_code == 302
    shapes = {_shape(last_mail_to(a)) for a in (EXISTING, "nobody@example.jp", "bunta@sakura.example")}
    assert len(shapes) == 1
    assert "このリンクは使えません" in _open_reset_link(last_mail_to(EXISTING))
    assert "相田" not in last_mail_to(EXISTING).body


def test_a_signup_link_works_once(db):
    client = Client()
    client.post(reverse("accounts:signup"), {"email": "solo@example.jp"})
    link = link_in(last_mail_to("solo@example.jp"))
    assert client.get(link).status_code == 200
    done = client.post(link, {"display_name": "", "password1": "a-long-passphrase-19", "password2": "a-long-passphrase-19"})
    assert done.status_code == 302 and User.objects.filter(email="solo@example.jp").exists()
    again = Client()
    assert again.get(link).status_code == 404
    second = again.post(link, {"password1": "another-passphrase-77", "password2": "another-passphrase-77"})
    assert second.status_code == 404
    assert User.objects.get(email="solo@example.jp").check_password("a-long-passphrase-19")


def test_a_signup_link_expires(db, settings):
    Client().post(reverse("accounts:signup"), {"email": "late@example.jp"})
    link = link_in(last_mail_to("late@example.jp"))
    later = time.time() + settings.KABEUCHI_SIGNUP_LINK_SECONDS + 1
    with mock.patch("time.time", return_value=later):
        response = Client().post(link, {"password1": "a-long-passphrase-19", "password2": "a-long-passphrase-19"})
    assert response.status_code == 404
    assert not User.objects.filter(email="late@example.jp").exists()
    almost = time.time() + settings.KABEUCHI_SIGNUP_LINK_SECONDS - 60
    with mock.patch("time.time", return_value=almost):
        assert Client().get(link).status_code == 200


def test_a_signup_link_cannot_be_forged_and_does_not_carry_the_address(db, settings):
    from django.core import signing

    Client().post(reverse("accounts:signup"), {"email": "real@example.jp"})
    link = link_in(last_mail_to("real@example.jp"))
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert "real" not in link and "example" not in link
    value, stamp, signature = token.rsplit(":", 2)
    forgeries = [
        # one character of the sealed value changed
        f"{value[:10]}{'A' if value[10] != 'A' else 'B'}{value[11:]}:{stamp}:{signature}",
        # an older timestamp under the same signature
        f"{value}:{signing.b62_encode(signing.b62_decode(stamp) + 10)}:{signature}",
        # a plain address, signed with another key
        signing.TimestampSigner(key="not-the-secret-key", salt=services.SIGNUP_LINK_SALT).sign("eve@example.jp"),
        # a plain address under the right key and salt, but not sealed
        signing.TimestampSigner(salt=services.SIGNUP_LINK_SALT).sign("eve@example.jp"),
    ]
    settings.SECRET_KEY = "another-secret-key-" + "y" * 48
    forgeries.append(services.signup_link_make(email="eve@example.jp"))  # made with another server's key
    settings.SECRET_KEY = "test-secret-key-" + "x" * 48
    for forged in forgeries:
        url = reverse("accounts:signup-complete", kwargs={"token": forged})
        response = Client().post(url, {"password1": "a-long-passphrase-19", "password2": "a-long-passphrase-19"})
        assert response.status_code == 404, forged
    assert User.objects.count() == 0


def test_signing_up_through_an_invitation_joins_the_organisation(cast):
    created = services.invitation_create(organisation=cast.sakura, team="QA")
    url = reverse("accounts:invitation-join", kwargs={"token": created.token})
    response = signup_by_mail(Client(), url, "kana@sakura.example")
    assert response.status_code == 302
    assert Membership.objects.get(user__email="kana@sakura.example").team == "QA"


def test_mail_requests_are_throttled_alike_for_every_address(cast, settings):
    settings.KABEUCHI_MAIL_REQUESTS_PER_ADDRESS = 3
    seen = {}
    for address in (EXISTING, "fresh@example.jp"):
        for _ in range(3):
            assert Client().post(reverse("accounts:signup"), {"email": address}).status_code == 200
        refused = Client().post(reverse("accounts:signup"), {"email": address})
        assert refused.status_code == 429 and refused["Retry-After"]
        seen[address] = CSRF_FIELD.sub("", refused.content.decode()).replace(address, "ADDRESS")
        reset = Client().post(reverse("accounts:password-reset"), {"email": address})
        assert reset.status_code == 429
    assert seen[EXISTING] == seen["fresh@example.jp"]
    assert len(mail.outbox) == 6


def test_a_password_reset_link_works_once_and_expires(cast, settings):
    Client().post(reverse("accounts:password-reset"), {"email": EXISTING})
    message = last_mail_to(EXISTING)
    assert "相田" not in message.body + message.subject
    link = "/" + re.search(r"https?://[^/]+/(accounts/password/reset/[^\s]+/)", message.body).group(1)
    client = Client()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    new = "a-fresh-passphrase-52"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done.url == reverse("accounts:password-reset-complete")
    assert User.objects.get(email=EXISTING).check_password(new)
    # the same link again: refused
    again = Client().get(link, follow=True)
    assert "validlink" not in again.content.decode() and "新しいパスワードを保存" not in again.content.decode()
    assert User.objects.get(email=EXISTING).check_password(new)
    # a new link, opened after it expired: refused
    Client().post(reverse("accounts:password-reset"), {"email": EXISTING})
    late_link = "/" + re.search(r"https?://[^/]+/(accounts/password/reset/[^\s]+/)", last_mail_to(EXISTING).body).group(1)
    from django.contrib.auth.tokens import PasswordResetTokenGenerator

    future = PasswordResetTokenGenerator()._now() + __import__("datetime").timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 5)
    with mock.patch.object(PasswordResetTokenGenerator, "_now", return_value=future):
        late = Client().get(late_link, follow=True)
    assert "新しいパスワードを保存" not in late.content.decode()
    assert not User.objects.get(email=EXISTING).check_password(PASSWORD)


def test_without_open_signup_only_invitations_sign_up(cast, settings):
    Client().post(reverse("accounts:signup"), {"email": "solo@example.jp"})
    link = link_in(last_mail_to("solo@example.jp"))
    settings.KABEUCHI_OPEN_SIGNUP = False
    assert Client().get(reverse("accounts:signup")).status_code == 404
    assert Client().get(link).status_code == 404  # a link from before cannot go around it
    token = services.invitation_create(organisation=cast.sakura).token
    response = signup_by_mail(Client(), reverse("accounts:invitation-join", kwargs={"token": token}), "kana@sakura.example")
    assert response.status_code == 302
    # and the reset mail for an unknown address no longer points to a sign-up page
    Client().post(reverse("accounts:password-reset"), {"email": "nobody@example.jp"})
    assert "/accounts/signup/" not in last_mail_to("nobody@example.jp").body
