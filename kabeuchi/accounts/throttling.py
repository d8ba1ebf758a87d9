"""Limits on password checks and on API requests, as short-lived counters in the cache.

Why these and not only django-axes: axes (configured in settings) locks one address tried from
one place after a few failures, which is the right quick brake for one attacker on one account,
and its lockout page stays.  But axes has a single failure limit for every parameter
combination and no global count, so it cannot also say "many failures for this account from
anywhere" (spraying across addresses), "many failures from this place across accounts" (a
company's NAT must not be locked after five typos), and "too many failures across the whole
service" (a distributed spray).  Those three are the ``PASSWORD_*`` limits below; every place
that checks a password goes through :func:`check_password` or :class:`LoginForm`'s clean, so
none is forgotten.

The API's per-person and per-token rates use django-ninja's throttling hook (429 with
Retry-After comes from ninja); ninja's own ``SimpleRateThrottle`` keeps a list of the
timestamps of each person's requests, which is a minute-long activity log, so the throttle
classes here count instead.

Not surveillance: a counter's key is a keyed hash (HMAC with the secret key) of the account, the
address or the token, its value is a number, and it expires with its window (at most 15
minutes).  Nothing else is kept: no addresses, no times, no history; docs/privacy.md says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from ninja.throttling import BaseThrottle


@dataclass(frozen=True)
class Limit:
    """At most ``count`` events per ``seconds``-long window for one subject (fixed windows)."""

    scope: str
    setting: str  # the settings name holding the count, read at call time
    seconds: int

    @property
    def count(self) -> int:
        return getattr(settings, self.setting)

    def _key(self, subject: str) -> tuple[str, int]:
        window = int(time.time() // self.seconds)
        digest = salted_hmac("kabeuchi.limits", f"{self.scope}\0{subject}").hexdigest()[:32]
        return f"kabeuchi:limit:{self.scope}:{window}:{digest}", (window + 1) * self.seconds - int(time.time())

    def used(self, subject: str) -> int:
        return cache.get(self._key(subject)[0], 0)

    def hit(self, subject: str) -> int:
        key, left = self._key(subject)
        cache.add(key, 0, timeout=left + 1)  # expires with its window
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=left + 1)
            return 1

    def retry_after(self) -> int:
        return max(1, self._key("")[1])


def client_ip(request: HttpRequest) -> str:
    """The address the request came from: REMOTE_ADDR only.  Behind a proxy, uvicorn's
    --forwarded-allow-ips (docs/operations.md) puts the client's address there from
    X-Forwarded-For, and only for the proxies listed; nothing here reads that header itself,
    so a client cannot choose its own address."""
    return request.META.get("REMOTE_ADDR") or "unknown"


# --- password checks -------------------------------------------------------------------------
PASSWORD_ACCOUNT = Limit("pw-account", "KABEUCHI_PASSWORD_FAILURES_PER_ACCOUNT", 15 * 60)
PASSWORD_IP = Limit("pw-ip", "KABEUCHI_PASSWORD_FAILURES_PER_IP", 15 * 60)
PASSWORD_GLOBAL = Limit("pw-all", "KABEUCHI_PASSWORD_FAILURES_GLOBAL", 5 * 60)


class PasswordChecksPaused(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


def _subjects(request: HttpRequest, account: str):
    return (
        (PASSWORD_ACCOUNT, (account or "").strip().lower()),
        (PASSWORD_IP, client_ip(request)),
        (PASSWORD_GLOBAL, "all"),
    )


def password_checks_paused(*, request: HttpRequest, account: str) -> int | None:
    """Seconds to wait when any limit for this account, this address or the whole service has
    been reached; None when a password may be checked."""
    waits = [limit.retry_after() for limit, subject in _subjects(request, account) if limit.used(subject) >= limit.count]
    return max(waits) if waits else None


def password_check_failed(*, request: HttpRequest, account: str) -> None:
    for limit, subject in _subjects(request, account):
        limit.hit(subject)


def check_password(*, request: HttpRequest, user, password: str) -> bool:
    """``user.check_password`` behind the limits: raises PasswordChecksPaused (before hashing
    anything) when paused, and counts a wrong password."""
    account = getattr(user, user.USERNAME_FIELD)
    paused = password_checks_paused(request=request, account=account)
    if paused:
        raise PasswordChecksPaused(paused)
    if user.check_password(password):
        return True
    password_check_failed(request=request, account=account)
    return False


def pause_message(seconds: int) -> str:
    from django.utils.translation import ngettext

    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "There were too many attempts with a wrong password. For your safety, please wait %(n)d minute and try again.",
        "There were too many attempts with a wrong password. For your safety, please wait %(n)d minutes and try again.",
        minutes,
    ) % {"n": minutes}


# --- API rates ---------------------------------------------------------------------------------
API_PERSON = Limit("api-person", "KABEUCHI_API_RATE_PER_MINUTE", 60)
API_TOKEN = Limit("api-token", "KABEUCHI_API_TOKEN_RATE_PER_MINUTE", 60)
API_BAD_TOKEN = Limit("api-bad-token", "KABEUCHI_API_BAD_TOKENS_PER_MINUTE", 60)


class _CountingThrottle(BaseThrottle):
    limit: Limit

    def subject(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        subject = self.subject(request)
        if subject is None:
            return True
        return self.limit.hit(subject) <= self.limit.count

    def wait(self) -> float:
        return float(self.limit.retry_after())


class PersonThrottle(_CountingThrottle):
    """All of one person's API requests, by session or any of their tokens."""

    limit = API_PERSON

    def subject(self, request):
        user = getattr(request, "auth", None)
        return str(user.pk) if getattr(user, "pk", None) else None


class TokenThrottle(_CountingThrottle):
    """One access token's requests (a runaway script stops before its owner's whole budget)."""

    limit = API_TOKEN

    def subject(self, request):
        return getattr(request, "kabeuchi_token_subject", None)


def token_subject(secret: str) -> str:
    return salted_hmac("kabeuchi.limits.token", secret).hexdigest()


def bad_token_seen(request: HttpRequest) -> int | None:
    """Count a request with an unknown token from this address; seconds to wait once over."""
    if API_BAD_TOKEN.hit(client_ip(request)) > API_BAD_TOKEN.count:
        return API_BAD_TOKEN.retry_after()
    return None


# --- requests that send a mail (sign-up, password reset) -------------------------------------
# Counted on every request, whether the address has an account or not, so a refusal (429) says
# nothing about the address either.
MAIL_ADDRESS = Limit("mail-address", "KABEUCHI_MAIL_REQUESTS_PER_ADDRESS", 15 * 60)
MAIL_IP = Limit("mail-ip", "KABEUCHI_MAIL_REQUESTS_PER_IP", 15 * 60)
MAIL_GLOBAL = Limit("mail-all", "KABEUCHI_MAIL_REQUESTS_GLOBAL", 5 * 60)


def mail_request(*, request: HttpRequest, address: str) -> int | None:
    """Count one request to mail ``address``; seconds to wait when a limit for this address, this
    client address or the whole service is exceeded, else None (the mail may go)."""
    waits = []
    for limit, subject in (
        (MAIL_ADDRESS, (address or "").strip().lower()),
        (MAIL_IP, client_ip(request)),
        (MAIL_GLOBAL, "all"),
    ):
        if limit.hit(subject) > limit.count:
            waits.append(limit.retry_after())
    return max(waits) if waits else None


def mail_pause_message(seconds: int) -> str:
    from django.utils.translation import ngettext

    minutes = max(1, -(-seconds // 60))
    return ngettext(
        "Too many links were asked for in a short time. Please wait %(n)d minute and try again.",
        "Too many links were asked for in a short time. Please wait %(n)d minutes and try again.",
        minutes,
    ) % {"n": minutes}


# Notices to a 1on1 share's recipient, per person who shares: a member cannot turn the share form
# into a way of mailing many addresses.  Over the limit the share is still made, without a mail.
SHARE_NOTICE = Limit("share-notice", "KABEUCHI_SHARE_NOTICES_PER_PERSON", 15 * 60)


def share_notice_allowed(*, user) -> bool:
    """Count one notice by ``user``; False when they sent too many in the window."""
    return SHARE_NOTICE.hit(str(user.pk)) <= SHARE_NOTICE.count
