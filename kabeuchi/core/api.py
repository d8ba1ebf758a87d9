"""The one JSON API object, at /api/v1/.

Authentication: the browser's session (with CSRF), or a personal access token sent as
``Authorization: Bearer kbc_...`` for scripts.  Errors are JSON ``{"detail": ...}`` in the
person's language, with the right status.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from kabeuchi.vault.actor import person, set_for_rest_of_request


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; CSRF is checked for unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest):
        # Without a session cookie this scheme does not apply, so a script sending a bearer
        # token is not refused for lacking a CSRF token it has no use for.
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key):
        return request.user if request.user.is_authenticated else None


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        from kabeuchi.accounts.services import access_token_user

        user = access_token_user(secret=token)
        if user is None:
            return None
        request.user = user
        set_for_rest_of_request(person(user.pk, label=user.display_name or user.email))
        return user


class AsyncSessionAuth(SessionAuth):
    """The same session check for async operations (streaming replies), without a thread hop
    per request: concurrent streams must not queue behind one another to authenticate."""

    is_async = True

    async def __call__(self, request: HttpRequest):
        key = self._get_key(request)  # includes the CSRF check; no database access
        if key is None:
            return None
        user = await request.auser()
        return user if user.is_authenticated else None


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
            return None
        request.user = user
        set_for_rest_of_request(person(user.pk, label=user.display_name or user.email))
        return user


session_auth = SessionAuth()
token_auth = TokenAuth()

api = NinjaAPI(
    title="Kabeuchi API",
    version="1",
    urls_namespace="api",
    auth=[session_auth, token_auth],
    docs_url=None,  # the schema is at /api/v1/openapi.json; no third-party docs assets
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
