"""Security headers on every response, including static files, errors, health probes and
refusals made before Django sees a request.

Where Django (or django-csp, already a dependency for the pages' policy) sets a header, its own
setting and middleware do it, placed near the top of settings.MIDDLEWARE so that responses made
by the middleware below them (static files from ServeStatic, redirects, a refused host, the
outage page, CSRF refusals) pass through them too:

- ``SecurityMiddleware``: X-Content-Type-Options (``SECURE_CONTENT_TYPE_NOSNIFF``),
  Referrer-Policy (``SECURE_REFERRER_POLICY``), Cross-Origin-Opener-Policy, HSTS in production;
- ``XFrameOptionsMiddleware``: X-Frame-Options (``X_FRAME_OPTIONS``);
- ``csp.middleware.CSPMiddleware``: Content-Security-Policy (``CONTENT_SECURITY_POLICY``);
- ``PermissionsPolicyMiddleware`` (below): Permissions-Policy and Cross-Origin-Resource-Policy,
  which Django 5.2 has no setting for.

Two kinds of response never pass through Django's middleware: the health probes (answered
first, before any other middleware, so a balancer can probe over plain HTTP) and
``BodyCap``'s 413 (sent before Django reads the request).  ``SecurityHeaders``, the outermost
ASGI layer in config/asgi.py, adds to any response the headers it lacks, with the same values,
built from the same settings.  It never replaces a header a response already has (a page's CSP
with its nonce, for one).
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed

from kabeuchi.core.dual import DualMiddleware


class PermissionsPolicyMiddleware(DualMiddleware):
    """``Permissions-Policy`` (``KABEUCHI_PERMISSIONS_POLICY``: every powerful browser feature
    off, since Kabeuchi uses none) and ``Cross-Origin-Resource-Policy: same-origin`` (no other
    site may embed our pages, files or API answers).  No I/O: runs on the event loop."""


    @staticmethod
    def _mark(response):
        for name, value in _own_headers():
            if name not in response:
                response[name] = value
        return response

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        return self._mark(self.get_response(request))

    async def __acall__(self, request):
        return self._mark(await self.get_response(request))


def _own_headers() -> list[tuple[str, str]]:
    headers = []
    if settings.KABEUCHI_PERMISSIONS_POLICY:
        headers.append(("Permissions-Policy", settings.KABEUCHI_PERMISSIONS_POLICY))
    if settings.KABEUCHI_CROSS_ORIGIN_RESOURCE_POLICY:
        headers.append(("Cross-Origin-Resource-Policy", settings.KABEUCHI_CROSS_ORIGIN_RESOURCE_POLICY))
    return headers


@cache
def baseline() -> tuple[tuple[bytes, bytes], ...]:
    """The headers every response must carry, as ASGI (lower-case) pairs, from the settings the
    middleware above read."""
    from csp.utils import build_policy

    headers: list[tuple[str, str]] = []
    policy = build_policy()  # CONTENT_SECURITY_POLICY["DIRECTIVES"], as CSPMiddleware builds it
    if policy:
        headers.append(("Content-Security-Policy", policy))
    if settings.X_FRAME_OPTIONS:
        headers.append(("X-Frame-Options", settings.X_FRAME_OPTIONS))
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.append(("X-Content-Type-Options", "nosniff"))
    if settings.SECURE_REFERRER_POLICY:
        referrer = settings.SECURE_REFERRER_POLICY
        headers.append(("Referrer-Policy", referrer if isinstance(referrer, str) else ",".join(referrer)))
    if settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers.append(("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY))
    headers += _own_headers()
    return tuple((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers)


def _forget(**kwargs) -> None:
    baseline.cache_clear()


setting_changed.connect(_forget, dispatch_uid="kabeuchi.core.headers.forget")


class SecurityHeaders:
    """The outermost ASGI layer: adds each ``baseline()`` header a response lacks."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                if settings.DEBUG and message.get("status") in (404, 500):
                    present.add(b"content-security-policy")  # Django's debug pages style inline (as django-csp)
                missing = [pair for pair in baseline() if pair[0] not in present]
                if missing:
                    message = {**message, "headers": headers + missing}
            await send(message)

        return await self.app(scope, receive, send_with_headers)
