"""When the database or the cache cannot be reached: say so plainly, sign nobody out, lose
no typed text.

- ``database_reachable`` / ``cache_reachable``: probes on a connection of their own (the
  request's connection is left alone), for /readyz and for the error handler.
- ``unavailable_response``: a 503 with ``Retry-After``: JSON ``{"detail": ...}`` for the API
  and the reply streams (the page keeps the message in its box), otherwise a page that says
  what is wrong and, for a form that was being sent, shows the text again with a button that
  sends it again (nothing a person typed is lost; passwords are never echoed).

Nothing here touches the session, so the session cookie survives (Django deletes it only for a
session that loaded as empty, and a session that cannot be loaded raises instead).
``kabeuchi.core.views.error_500`` calls this for an ``OperationalError`` or ``InterfaceError``
(asgiref carries the exception into the thread that renders the error page on the async path),
and for any other unexpected error while a probe finds the database unreachable (an error
that wrapped or followed a lost connection).
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
# Form fields never shown again: the CSRF token is re-sent hidden; passwords are typed again.
_NOT_ECHOED = ("csrfmiddlewaretoken",)


def database_reachable() -> bool:
    """Every configured database answers ``SELECT 1`` on a fresh connection (bounded by
    ``connect_timeout`` and ``statement_timeout``, config/settings.py)."""
    for alias in connections:
        probe = connections[alias].copy()
        try:
            with probe.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError:
            return False
        finally:
            probe.close()
    return True


def cache_reachable() -> bool:
    ping = getattr(cache, "ping", None)  # kabeuchi.core.cache.TolerantRedisCache
    return True if ping is None else bool(ping())


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.path.startswith("/api/")
        or "text/event-stream" in accept
        or request.content_type == "application/json"
    )


def _kept_fields(request: HttpRequest) -> list[tuple[str, str]]:
    if request.method != "POST" or request.content_type not in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return []
    try:
        items = list(request.POST.lists())
    except Exception:  # the body may have been unreadable; there is nothing to keep then
        return []
    return [
        (name, value)
        for name, values in items
        if "password" not in name.lower()
        for value in values
    ]


def unavailable_response(request: HttpRequest) -> HttpResponse:
    message = _(
        "Kabeuchi cannot reach its database right now, so this could not be done. "
        "Nothing you have saved is lost, and you are still signed in. Please try again in a minute."
    )
    if _wants_json(request):
        response: HttpResponse = JsonResponse({"detail": message}, status=503)
    else:
        fields = _kept_fields(request)
        response = render(
            request,
            "core/unavailable.html",
            {
                "message": message,
                "fields": fields,
                "shown": [value for name, value in fields if name not in _NOT_ECHOED and value.strip()],
                "action": request.get_full_path(),
            },
            status=503,
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
