"""A lean Django handler for streamed replies, so time to first token stays close to the
model's own.

Every reply is one POST that waits on a model, and twenty people may press "send" in the same
second. On Django's usual async path each request crosses a thread twice per synchronous
middleware (``MiddlewareMixin.__acall__`` runs ``process_request`` and ``process_response``
through ``sync_to_async``), about thirty hops, in a new thread with a new database connection
per request; on two cores those hops queue behind each other. At 20 concurrent streams that
added ~130 ms to the first token through the JSON API and ~145 ms through the page.

So ``asgi.application`` routes the reply streams (``POST`` to the API's and the page's
``.../messages`` endpoints) to a second Django ``ASGIHandler`` that runs *the same middleware
classes, in the same order, as settings.MIDDLEWARE*, adapted so that the hooks that do no I/O
run on the event loop and only the rest cross to a thread:

- ``Inline``: Security, Locale, Common, Authentication (its user is lazy), X-Frame-Options,
  CSP: both hooks run on the loop;
- ``LeanSession``: the session is loaded lazily anyway; saving it (only when it changed)
  crosses to a thread;
- ``LeanCsrf``: the token check runs on the loop; a refusal renders its page in a thread;
- ``LeanMessages``: storing messages (only when there are any) crosses to a thread;
- Kabeuchi's own middleware, htmx's and axes' are natively async and run as they are;
- ServeStatic is left out: it serves ``/static/`` only.

The URL conf, views, ninja operations, authentication, validation and error responses are all
the same code as on the full stack. Start-up fails if settings.MIDDLEWARE holds a class this
module does not know. ``tests/core/test_lean.py`` sends the same requests (token and session,
replies, help, refusals, CSRF failures, redirects) to both stacks and compares status, headers
and content, and pins down which requests are routed here.
"""

from __future__ import annotations

import re
from contextvars import ContextVar

from asgiref.sync import SyncToAsync, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.exception import convert_exception_to_response
from django.db.backends.signals import connection_created
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string

from kabeuchi.core import turns

_UUID = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
# The endpoints that stream a reply: the JSON API's (kabeuchi.coach.api) and the page's
# (kabeuchi.coach.views, used by static/kabeuchi/talk.js).
STREAM_PATH = re.compile(
    rf"^(?:/api/v1/conversations/(?:unsaved|{_UUID})/messages|/talk/(?:unsaved|{_UUID})/messages/)$"
)


class Inline:
    """Run a Django ``MiddlewareMixin`` middleware on the event loop, without the thread hop that
    ``MiddlewareMixin.__acall__`` makes for each of ``process_request`` and ``process_response``.
    For middleware whose hooks do no I/O; a subclass names the responses whose
    ``process_response`` does I/O (``response_in_thread``), and only those cross to a thread."""

    sync_capable = False
    async_capable = True
    hooks = ("process_request", "process_response")  # the hooks this adapter runs
    view_hook = False

    def __init__(self, cls, get_response):
        skipped = [
            h for h in ("process_view", "process_exception", "process_template_response")
            if hasattr(cls, h) and h not in self.hooks
        ]
        if skipped:
            raise RuntimeError(f"kabeuchi.core.lean: {cls.__name__} has {', '.join(skipped)}, which Inline does not run")
        self.inner = self.middleware_class(cls)(get_response)
        self.get_response = get_response
        markcoroutinefunction(self)

    def middleware_class(self, cls):
        return cls

    def response_in_thread(self, request) -> bool:
        return False

    async def __call__(self, request):
        response = None
        if hasattr(self.inner, "process_request"):
            response = self.inner.process_request(request)
        if response is None:
            response = await self.get_response(request)
        if hasattr(self.inner, "process_response"):
            if self.response_in_thread(request):
                return await sync_to_async(self.inner.process_response)(request, response)
            response = self.inner.process_response(request, response)
        return response


class LeanSession(Inline):
    """SessionMiddleware: ``process_request`` only attaches a lazy store; ``process_response``
    touches the session store only to save a changed session."""

    def response_in_thread(self, request) -> bool:
        session = getattr(request, "session", None)
        try:
            return (session.modified or settings.SESSION_SAVE_EVERY_REQUEST) and not session.is_empty()
        except AttributeError:  # no session on the request (as Django's own check)
            return False


class LeanMessages(Inline):
    """MessageMiddleware: storing messages may write the session; only then cross to a thread."""

    def response_in_thread(self, request) -> bool:
        storage = getattr(request, "_messages", None)
        return storage is not None and (storage.used or storage.added_new)


class _Refusal:
    def __init__(self, reason: str) -> None:
        self.reason = reason


class _CsrfCheckOnly(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return _Refusal(reason)  # rendered by LeanCsrf, in a thread


class LeanCsrf(Inline):
    """CsrfViewMiddleware: reading the cookie, checking the token and setting the cookie run on
    the loop; a refusal is rendered in a thread (the failure page's context reads the user)."""

    hooks = ("process_request", "process_view", "process_response")
    view_hook = True

    def middleware_class(self, cls):
        assert cls is CsrfViewMiddleware, "LeanCsrf adapts Django's CsrfViewMiddleware only"
        return _CsrfCheckOnly

    async def process_view(self, request, callback, callback_args, callback_kwargs):
        result = self.inner.process_view(request, callback, callback_args, callback_kwargs)
        if isinstance(result, _Refusal):
            return await sync_to_async(CsrfViewMiddleware._reject)(self.inner, request, result.reason)
        return result


NATIVE = "native"  # natively async middleware: used as it is

# How each class in settings.MIDDLEWARE runs on the lean stack (None: left out, with why).
ADAPTERS: dict[str, object] = {
    "kabeuchi.core.middleware.HealthProbeMiddleware": NATIVE,
    "kabeuchi.core.middleware.CredentialFreeMiddleware": NATIVE,  # strips credentials on the feedback spend path only
    "django.middleware.security.SecurityMiddleware": Inline,
    "django.middleware.clickjacking.XFrameOptionsMiddleware": Inline,
    "csp.middleware.CSPMiddleware": Inline,
    "kabeuchi.core.headers.PermissionsPolicyMiddleware": NATIVE,
    "kabeuchi.core.middleware.PrivateCacheMiddleware": NATIVE,
    "servestatic.middleware.ServeStaticMiddleware": None,  # serves /static/ only
    "django.contrib.sessions.middleware.SessionMiddleware": LeanSession,
    "django.middleware.locale.LocaleMiddleware": Inline,
    "django.middleware.common.CommonMiddleware": Inline,
    "django.middleware.csrf.CsrfViewMiddleware": LeanCsrf,
    "django.contrib.auth.middleware.AuthenticationMiddleware": Inline,
    "django.contrib.messages.middleware.MessageMiddleware": LeanMessages,
    "django_htmx.middleware.HtmxMiddleware": NATIVE,
    "kabeuchi.vault.middleware.ActorMiddleware": NATIVE,
    "kabeuchi.accounts.middleware.OnboardingMiddleware": NATIVE,
    "axes.middleware.AxesMiddleware": NATIVE,
}


def check_lean_middleware(full: list[str] | None = None) -> None:
    """Every middleware in settings has a known way to run here, or start-up stops."""
    full = list(settings.MIDDLEWARE if full is None else full)
    unknown = [m for m in full if m not in ADAPTERS]
    if unknown:
        raise RuntimeError(
            "kabeuchi.core.lean: say in ADAPTERS how these run on the lean stack: " + ", ".join(unknown)
        )
    for path, adapter in ADAPTERS.items():
        if adapter == NATIVE and path in full and not getattr(import_string(path), "async_capable", False):
            raise RuntimeError(f"kabeuchi.core.lean: {path} is listed as natively async but is not")


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
        return response


class LeanHandler(ASGIHandler):
    """Django's ASGI handler with settings.MIDDLEWARE adapted as above."""

    def load_middleware(self, is_async=False):
        assert is_async, "the lean stack is for ASGI only"
        check_lean_middleware()
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response_async)
        self.middleware_classes: list[type] = []  # outermost first, for tests and debugging
        for path in reversed(settings.MIDDLEWARE):
            adapter = ADAPTERS[path]
            if adapter is None:
                continue
            cls = import_string(path)
            self.middleware_classes.insert(0, cls)
            instance = cls(handler) if adapter == NATIVE else adapter(cls, handler)
            if getattr(instance, "view_hook", False):  # LeanCsrf
                self._view_middleware.insert(0, instance.process_view)
            handler = convert_exception_to_response(instance)
        self._middleware_chain = convert_exception_to_response(FirstComeFirstServed(handler))

    async def __call__(self, scope, receive, send):
        # No ThreadSensitiveContext (Django's __call__ makes one per request, so each request
        # starts a thread and opens its own database connection): database calls of lean
        # requests queue, first come first served, on asgiref's one sync thread, which keeps its
        # connection open between requests (a pool of one; see _keep_connection).
        # Nor an inherited one: uvicorn starts a pipelined request's task inside the previous
        # request's ``send``, so it can inherit that request's context (with kabeuchi.core.
        # serving's pooled threads, one that has exited, which asgiref refuses to use).
        sensitive = SyncToAsync.thread_sensitive_context.set(None)  # type: ignore[arg-type]
        token = _lean.set(True)
        turn = turns.begin()
        try:
            await self.handle(scope, receive, send)
        finally:
            turn.give_up()
            _lean.reset(token)
            SyncToAsync.thread_sensitive_context.reset(sensitive)


_lean: ContextVar[bool] = ContextVar("kabeuchi_lean_request", default=False)


def _keep_connection(sender, connection, **kwargs) -> None:
    """A connection opened for a lean request lives in the one sync thread all lean requests
    share, so it is reused rather than closed at the end of each request (Django closes it on
    request boundaries only when it errors or becomes unusable)."""
    if _lean.get():
        connection.close_at = None


connection_created.connect(_keep_connection, dispatch_uid="kabeuchi.core.lean.keep_connection")


def routes_lean(scope) -> bool:
    """A POST to a reply-streaming endpoint."""
    return (
        scope["type"] == "http"
        and scope["method"] == "POST"
        and not scope.get("root_path")
        and STREAM_PATH.match(scope["path"]) is not None
    )


class Router:
    """The ASGI application: the lean stack for reply streams, the full stack for the rest."""

    def __init__(self, full, lean=None):
        self.full = full
        self.lean = lean if lean is not None else LeanHandler()

    async def __call__(self, scope, receive, send):
        if routes_lean(scope):
            return await self.lean(scope, receive, send)
        return await self.full(scope, receive, send)



class BodyCap:
    """The outermost ASGI layer: no request body larger than ``max_bytes`` is read, stored or
    parsed.  A ``Content-Length`` over the cap is refused with 413 before any of the body is read;
    a body sent without one (chunked) is counted as it streams and refused the moment it passes
    the cap: the application then sees the client as gone (``http.disconnect``), so Django never
    spools the rest to memory or disk, and whatever it would have answered is dropped.

    Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE, FILE_UPLOAD_MAX_MEMORY_SIZE) apply only
    after the whole body has been received, which is too late for a 1 GiB upload."""

    def __init__(self, app, max_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def limit(self) -> int:
        return self.max_bytes if self.max_bytes is not None else settings.KABEUCHI_MAX_REQUEST_BYTES

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limit()
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            return await _refuse(scope, send, limit)

        received = 0
        refused = False

        async def capped_receive():
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    await _refuse(scope, send, limit)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message):
            if not refused:
                await send(message)

        await self.app(scope, capped_receive, guarded_send)


def _header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


async def _refuse(scope, send, limit: int) -> None:
    import json

    from django.utils import translation
    from django.utils.translation import gettext

    accept = _header(scope, b"accept-language") or ""
    language = "en" if accept.lower().lstrip().startswith("en") else settings.LANGUAGE_CODE
    with translation.override(language):
        detail = gettext("The request is too large. The most the service accepts is %(mb)s MB.") % {
            "mb": f"{limit / 1_000_000:.0f}"
        }
    if scope["path"].startswith("/api/"):
        body, content_type = json.dumps({"detail": detail}, ensure_ascii=False).encode(), b"application/json"
    else:
        body, content_type = detail.encode(), b"text/plain; charset=utf-8"
    await send({
        "type": "http.response.start",
        "status": 413,
        "headers": [
            (b"content-type", content_type),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
            (b"content-language", language.encode()),
        ],
    })
    await send({"type": "http.response.body", "body": body})
