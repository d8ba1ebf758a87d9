"""The one JSON API object, at /api/v1/.

Authentication: the browser's session (with CSRF), or a personal access token sent as
``Authorization: Bearer kbc_...`` for scripts.  Errors are JSON ``{"detail": ...}`` in the
person's language, with the right status, for every path under /api/ (including 404, 405, 403
and 500), and the OpenAPI document lists the error statuses each operation can return.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from kabeuchi.accounts import throttling
from kabeuchi.vault.actor import person, set_for_rest_of_request


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; CSRF is checked for unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest):
        # Without a session cookie this scheme does not apply, so a script sending a bearer
        # token is not refused for lacking a CSRF token it has no use for.  Nor does it apply
        # with a stale cookie (a session that signs nobody in): a script that once signed in
        # with the same client jar still gets through with its token.
        if self.param_name not in request.COOKIES or not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key):
        return request.user if request.user.is_authenticated else None


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        from kabeuchi.accounts.services import access_token_user

        user = access_token_user(secret=token)
        if user is None:
            return _bad_token(request)
        request.user = user
        request.kabeuchi_token_subject = throttling.token_subject(token)
        set_for_rest_of_request(person(user.pk, label=user.display_name or user.email))
        return user


def _bad_token(request: HttpRequest) -> None:
    """An unknown token: counted per address; past the limit the answer is 429, not 401."""
    wait = throttling.bad_token_seen(request)
    if wait is not None:
        raise Throttled(wait=wait)
    return None


class AsyncSessionAuth(SessionAuth):
    """The same session check for async operations (streaming replies), without a thread hop
    per request: concurrent streams must not queue behind one another to authenticate."""

    is_async = True

    async def __call__(self, request: HttpRequest):
        if self.param_name not in request.COOKIES:
            return None
        user = await request.auser()
        if not user.is_authenticated:  # a stale cookie: the token scheme may still apply
            return None
        APIKeyCookie._get_key(self, request)  # the CSRF check; no database access
        return user


class AsyncTokenAuth(TokenAuth):
    """The token check for async operations. ``also(request, user)``, if given, runs in the same
    trip to the database thread once the token is good: the reply streams load the person's
    organisation policy there, so a reply waits for one database hop before the model, not two."""

    is_async = True

    def __init__(self, also: Callable[[HttpRequest, Any], None] | None = None) -> None:
        super().__init__()
        self.also = also

    def _lookup(self, request: HttpRequest, secret: str):
        from kabeuchi.accounts.services import access_token_user

        user = access_token_user(secret=secret)
        if user is not None and self.also is not None:
            self.also(request, user)
        return user

    async def __call__(self, request: HttpRequest):
        from asgiref.sync import sync_to_async

        header = request.headers.get(self.header, "")
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not secret.strip():
            return None
        user = await sync_to_async(self._lookup)(request, secret.strip())
        if user is None:
            return _bad_token(request)
        request.user = user
        request.kabeuchi_token_subject = throttling.token_subject(secret.strip())
        set_for_rest_of_request(person(user.pk, label=user.display_name or user.email))
        return user


session_auth = SessionAuth()
token_auth = TokenAuth()

logger = logging.getLogger("kabeuchi.api")


class ErrorOut(Schema):
    detail: str
    errors: Any = None


# The error statuses, with when each applies to an operation (see KabeuchiAPI below).
ERROR_RESPONSES = {
    400: "A rule of the service refused the request (the detail says which, in the person's language).",
    401: "Not signed in and no valid access token.",
    403: "A signed-in browser session sent no valid CSRF token.",
    404: "Not found, or not yours (the same answer for both).",
    413: "The request body is larger than the service accepts.",
    422: "The request is not in the expected form (wrong types, missing or unknown fields, not a JSON object).",
    429: "Too many requests; wait for the number of seconds in Retry-After.",
}


class KabeuchiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        ref = {"$ref": "#/components/schemas/ErrorOut"}
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = ErrorOut.model_json_schema()
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                codes = [400, 404]  # rules and access checks can refuse any operation
                if operation.get("security"):
                    codes += [401, 429]
                    if method in ("post", "put", "patch", "delete"):
                        codes.append(403)
                if operation.get("parameters") or "requestBody" in operation:
                    codes.append(422)
                if "requestBody" in operation:
                    codes.append(413)
                responses = operation.setdefault("responses", {})
                for code in sorted(codes):
                    responses.setdefault(str(code), {
                        "description": ERROR_RESPONSES[code],
                        "content": {"application/json": {"schema": ref}},
                    })
        return schema


api = KabeuchiAPI(
    title="Kabeuchi API",
    version="1",
    urls_namespace="api",
    auth=[session_auth, token_auth],
    docs_url=None,  # the schema is at /api/v1/openapi.json; no third-party docs assets
    # Per person and per token, counted in the cache (kabeuchi/accounts/throttling.py); ninja
    # runs these after authentication and answers 429 with Retry-After.
    throttle=[throttling.PersonThrottle(), throttling.TokenThrottle()],
)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return api.create_response(
        request,
        {"detail": _("The request is not in the expected form. Please check the fields."), "errors": exc.errors},
        status=422,
    )


@api.exception_handler(DjangoValidationError)
def on_rule_error(request, exc: DjangoValidationError):
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    first = next(iter(errors.values()))[0]
    return api.create_response(request, {"detail": first, "errors": errors}, status=400)


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    if isinstance(exc, Throttled):
        response = api.create_response(
            request, {"detail": _("Too many requests. Please wait a moment and try again.")}, status=429
        )
        if exc.wait is not None:
            response["Retry-After"] = str(max(1, math.ceil(exc.wait)))
        return response
    if exc.status_code == 403:  # ninja's CSRF refusal for a signed-in session
        detail = _("This request could not be verified. Please reload the page and try again.")
    elif exc.status_code == 400 and isinstance(exc.__cause__, ValueError):  # unparsable JSON
        return on_validation_error(request, ValidationError([{"type": "json_invalid", "loc": ["body"], "msg": str(exc)}]))
    else:
        detail = str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


api.add_exception_handler(Throttled, on_http_error)


@api.exception_handler(SuspiciousOperation)
def on_suspicious_request(request, exc: SuspiciousOperation):
    # A body over DATA_UPLOAD_MAX_MEMORY_SIZE (under the ASGI cap) or too many fields: the
    # client's doing, so 413/400 in JSON, not a server error.
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent):
        return _json_error(413, _("The request is too large for this operation."))
    return _json_error(400, _("The request could not be understood."))


@api.exception_handler(Exception)
def on_server_error(request, exc: Exception):
    from django.db import InterfaceError, OperationalError

    from kabeuchi.core import outage

    # The database or cache is out of reach: the polite 503 that signs nobody out (core.outage).
    if isinstance(exc, OperationalError | InterfaceError) or not outage.database_reachable():
        return outage.unavailable_response(request)
    # Logged without the request (bodies hold what people wrote; see core.logging).
    logger.error("API operation failed: %s", type(exc).__name__, exc_info=exc)
    return api_error_500(request)


def _json_error(status: int, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def api_error_500(request: HttpRequest) -> HttpResponse:
    return _json_error(500, _("Something went wrong on our side. Please try again in a moment."))


def _json_not_allowed(path_view) -> HttpResponse:
    allowed = sorted({m for op in path_view.operations for m in op.methods})
    response = _json_error(405, _("This method is not allowed here."))
    response["Allow"] = ", ".join(allowed)
    return response


def error_400(request: HttpRequest, exception=None) -> HttpResponse:
    from django.views.defaults import bad_request

    if request.path.startswith("/api/"):
        return _json_error(400, _("The request could not be understood."))
    return bad_request(request, exception)


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    from django.views.defaults import permission_denied

    if request.path.startswith("/api/"):
        return _json_error(403, _("You do not have access to this."))
    return permission_denied(request, exception)


def error_500(request: HttpRequest) -> HttpResponse:
    import sys

    from django.db import InterfaceError, OperationalError

    from kabeuchi.core.views import error_500 as page_500

    if request.path.startswith("/api/") and not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return api_error_500(request)
    return page_500(request)  # the outage 503 when the database is gone


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("Please sign in, or send a valid access token.")}, status=401)


def register_routers() -> None:
    from kabeuchi.accounts.api import router as accounts_router
    from kabeuchi.coach.api import router as coach_router
    from kabeuchi.notebook.api import router as notebook_router
    from kabeuchi.org.api import router as org_router

    api.add_router("/", accounts_router)
    api.add_router("/notes", notebook_router)
    from kabeuchi.notebook.api import career_router as notebook_career_router

    api.add_router("/notebook", notebook_career_router)
    api.add_router("/conversations", coach_router)
    api.add_router("/", org_router)
    from kabeuchi.opportunities.api import router as opportunities_router

    api.add_router("/", opportunities_router)
    from kabeuchi.oneonone.api import router as oneonone_router
    from kabeuchi.oneonone.api import shared_router as oneonone_shared_router

    api.add_router("/agendas", oneonone_router)
    api.add_router("/shared", oneonone_shared_router)


register_routers()


def _json_method_refusals() -> None:
    """ninja answers an unknown method with a plain-text 405; answer in JSON like every other error."""
    for bound in api._get_bound_routers():  # the mounted copies that serve requests
        for path_view in bound.path_operations.values():
            path_view._not_allowed = partial(_json_not_allowed, path_view)


_json_method_refusals()
