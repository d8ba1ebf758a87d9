"""A lean Django handler for the API's streaming replies, so time to first token stays close to
the model's own.

Every reply is one POST that waits on a model, and twenty people may press "send" in the same
second. On the full middleware stack each request crosses a thread twice per synchronous
middleware (about twenty hops), and on two cores those hops queue behind each other: at 20
concurrent streams that added ~130 ms to the first token. Most of that stack has nothing to do
with a script that sends ``Authorization: Bearer``: no session, no CSRF cookie, no flash
messages, no onboarding redirect, no htmx, no login throttling.

So ``asgi.application`` routes exactly those requests (``POST`` to a reply-streaming API path,
with no session cookie) to a second Django ``ASGIHandler`` whose middleware is the part that
still applies, run on the event loop:

- ``SecurityMiddleware`` (HTTPS redirect, HSTS, nosniff, referrer and opener policies),
- ``PrivateCacheMiddleware`` (no-store for anyone with a token),
- ``LocaleMiddleware`` (the reply's language, ``Content-Language``),
- ``CommonMiddleware``, ``XFrameOptionsMiddleware`` and django-csp's ``CSPMiddleware``,
- ``ActorMiddleware`` (the vault's actor; the token auth then names the person).

These are the same classes as in ``settings.MIDDLEWARE``, in the same order; the Django ones do
no I/O in ``process_request``/``process_response``, so :class:`Inline` calls them directly
instead of through a thread. The URL conf, the ninja operation, its token authentication,
validation, error responses and the view are all the same code as on the full stack. Anything
else — a session cookie, another path or method — goes to the full stack unchanged.
``tests/core/test_lean.py`` checks that both stacks answer a streaming request with the same
status, headers and events, and that the router sends each kind of request where it should.
"""

from __future__ import annotations

import re
from contextvars import ContextVar

from asgiref.sync import markcoroutinefunction
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.exception import convert_exception_to_response
from django.db.backends.signals import connection_created
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string

from kabeuchi.core import turns

# Middleware of the lean stack, outermost first; each must also be in settings.MIDDLEWARE, in
# this relative order (checked at start-up), so the two stacks cannot drift apart silently.
LEAN_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kabeuchi.core.middleware.PrivateCacheMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "kabeuchi.vault.middleware.ActorMiddleware",
]

# Middleware of the full stack that has no effect on a token-authenticated API request, and why.
NOT_NEEDED = {
    "servestatic.middleware.ServeStaticMiddleware": "serves /static/ only",
    "django.contrib.sessions.middleware.SessionMiddleware": "routed requests carry no session cookie",
    "django.middleware.csrf.CsrfViewMiddleware": "API operations are CSRF-exempt; session auth checks CSRF itself",
    "django.contrib.auth.middleware.AuthenticationMiddleware": "no session; the token names the person",
    "django.contrib.messages.middleware.MessageMiddleware": "no flash messages in the API",
    "django_htmx.middleware.HtmxMiddleware": "no htmx in the API",
    "kabeuchi.accounts.middleware.OnboardingMiddleware": "/api/ is always open",
    "axes.middleware.AxesMiddleware": "acts on sign-in only",
}

# The API operations that stream a reply (kabeuchi.coach.api).
STREAM_PATH = re.compile(
    r"^/api/v1/conversations/(?:unsaved|[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})/messages$"
)


class Inline:
    """Run a Django ``MiddlewareMixin`` middleware on the event loop, without the thread hop that
    ``MiddlewareMixin.__acall__`` makes for each of ``process_request`` and ``process_response``.
    Only for middleware whose two methods do no I/O (no database, no files, no network)."""

    sync_capable = False
    async_capable = True

    def __init__(self, cls, get_response):
        other_hooks = [h for h in ("process_view", "process_exception", "process_template_response") if hasattr(cls, h)]
        if other_hooks:
            raise RuntimeError(f"kabeuchi.core.lean: {cls.__name__} has {', '.join(other_hooks)}, which Inline does not run")
        self.inner = cls(get_response)
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request):
        response = None
        if hasattr(self.inner, "process_request"):
            response = self.inner.process_request(request)
        if response is None:
            response = await self.get_response(request)
        if hasattr(self.inner, "process_response"):
            response = self.inner.process_response(request, response)
        return response


def check_lean_middleware(full: list[str] | None = None) -> None:
    """The lean stack is the full stack minus middleware with a stated reason to be absent."""
    full = list(settings.MIDDLEWARE if full is None else full)
    unexplained = [m for m in full if m not in LEAN_MIDDLEWARE and m not in NOT_NEEDED]
    if unexplained:
        raise RuntimeError(
            "kabeuchi.core.lean: add these to LEAN_MIDDLEWARE or NOT_NEEDED (with the reason): "
            + ", ".join(unexplained)
        )
    missing = [m for m in LEAN_MIDDLEWARE if m not in full]
    order = [m for m in full if m in LEAN_MIDDLEWARE]
    if missing or order != LEAN_MIDDLEWARE:
        raise RuntimeError("kabeuchi.core.lean: LEAN_MIDDLEWARE must follow settings.MIDDLEWARE in order")


class FirstComeFirstServed:
    """The outermost lean middleware: wait for this request's turn (kabeuchi.core.turns). The
    body has been read by then, so a slow client never holds a turn."""

    sync_capable = False
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request):
        turn = turns.current()
        if turn is not None:
            await turn.take()
        response = await self.get_response(request)
        if not response.streaming:
            turns.give_up()  # an answer without a stream (an error) is complete here
        # The same request with a session cookie would be answered differently (by the session,
        # on the full stack), as the full stack's SessionMiddleware says with this header.
        patch_vary_headers(response, ("Cookie",))
        return response


class LeanHandler(ASGIHandler):
    """Django's ASGI handler with the lean middleware stack."""

    def load_middleware(self, is_async=False):
        assert is_async, "the lean stack is for ASGI only"
        check_lean_middleware()
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response_async)
        for path in reversed(LEAN_MIDDLEWARE):
            cls = import_string(path)
            if getattr(cls, "async_capable", False) and not hasattr(cls, "process_request") and not hasattr(
                cls, "process_response"
            ):
                instance = cls(handler)  # natively async (ours)
            else:
                instance = Inline(cls, handler)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = convert_exception_to_response(FirstComeFirstServed(handler))

    async def __call__(self, scope, receive, send):
        # No ThreadSensitiveContext (Django's __call__ makes one per request, so each request
        # starts a thread and opens its own database connection): database calls of lean
        # requests queue, first come first served, on asgiref's one sync thread, which keeps its
        # connection open between requests (a pool of one; see _keep_connection).
        token = _lean.set(True)
        turn = turns.begin()
        try:
            await self.handle(scope, receive, send)
        finally:
            turn.give_up()
            _lean.reset(token)


_lean: ContextVar[bool] = ContextVar("kabeuchi_lean_request", default=False)


def _keep_connection(sender, connection, **kwargs) -> None:
    """A connection opened for a lean request lives in the one sync thread all lean requests
    share, so it is reused rather than closed at the end of each request (Django closes it on
    request boundaries only when it errors or becomes unusable)."""
    if _lean.get():
        connection.close_at = None


connection_created.connect(_keep_connection, dispatch_uid="kabeuchi.core.lean.keep_connection")


def routes_lean(scope) -> bool:
    """A POST to a streaming API path, without a session cookie."""
    if scope["type"] != "http" or scope["method"] != "POST" or not STREAM_PATH.match(scope["path"]):
        return False
    if scope.get("root_path"):
        return False
    cookie_name = settings.SESSION_COOKIE_NAME.encode("latin-1")
    for name, value in scope["headers"]:
        if name == b"cookie" and cookie_name in value:
            return False
    return True


class Router:
    """The ASGI application: lean stack for streaming token requests, full stack for the rest."""

    def __init__(self, full, lean=None):
        self.full = full
        self.lean = lean if lean is not None else LeanHandler()

    async def __call__(self, scope, receive, send):
        if routes_lean(scope):
            return await self.lean(scope, receive, send)
        return await self.full(scope, receive, send)

