from asgiref.sync import sync_to_async
from django.conf import settings
from django.utils.cache import add_never_cache_headers

from kabeuchi.core.dual import DualMiddleware


def _is_personal(request) -> bool:
    # Decided from the request alone (no database): a session cookie or an access token means
    # the response may hold someone's own content.
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "Authorization" in request.headers


class PrivateCacheMiddleware(DualMiddleware):
    """No browser or proxy cache keeps a signed-in person's pages: ``Cache-Control: no-store``
    on every response to a request with a session or a token, unless the view chose already.
    One rule here instead of a header remembered view by view."""


    def _mark(self, request, response):
        if _is_personal(request) and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
        return response

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        return self._mark(request, self.get_response(request))

    async def __acall__(self, request):
        return self._mark(request, await self.get_response(request))


class HealthProbeMiddleware(DualMiddleware):
    """``/healthz`` and ``/readyz`` answered before any other middleware: no session, no user,
    no host check and no HTTPS redirect, so a probe's answer depends on the process (and, for
    readiness, the database and the cache) only, never on the probe's cookies or Host header
    (kabeuchi/core/views.py has the two views; docs/operations.md)."""

    def __init__(self, get_response):
        from kabeuchi.core import views

        super().__init__(get_response)
        self.probes = {"/healthz": views.healthz, "/readyz": views.readyz}

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        probe = self.probes.get(request.path_info)
        return probe(request) if probe is not None and request.method in ("GET", "HEAD") else self.get_response(request)

    async def __acall__(self, request):
        probe = self.probes.get(request.path_info)
        if probe is None or request.method not in ("GET", "HEAD"):
            return await self.get_response(request)
        if probe is self.probes["/healthz"]:
            return probe(request)  # no I/O: answered on the event loop
        return await sync_to_async(probe, thread_sensitive=False)(request)


class CredentialFreeMiddleware(DualMiddleware):
    """Requests to the anonymous feedback spend endpoint arrive with no credentials at all.

    Before any other middleware runs, the ``Cookie`` and ``Authorization`` headers are removed
    from such a request, so no session is loaded (nor touched, nor extended), no user is known to
    the vault or the audit, and the view cannot link the submission to whoever sent it, even when
    a browser or client attaches them by mistake.  The page's own JavaScript already sends it
    with ``credentials: 'omit'``; this is the server's half of the same promise
    (docs/privacy.md, tests/org/test_feedback_tokens.py)."""

    PATHS = frozenset({"/api/v1/feedback/spend"})

    def _strip(self, request):
        if request.path_info in self.PATHS:
            for header in ("HTTP_COOKIE", "HTTP_AUTHORIZATION"):
                request.META.pop(header, None)
            request.__dict__.pop("COOKIES", None)
            request.COOKIES = {}

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        self._strip(request)
        return self.get_response(request)

    async def __acall__(self, request):
        self._strip(request)
        return await self.get_response(request)
