from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kabeuchi.accounts.services import user_update_language
from kabeuchi.core import pwa


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "core/landing.html")
    from kabeuchi.accounts.selectors import membership_of

    membership = membership_of(user=request.user)
    context = {"membership": membership}
    if membership is not None:
        from kabeuchi.org import feedback

        # this month's anonymous feedback token, taken ahead of time by every member's browser
        # (static/kabeuchi/feedback-token.js, prefetch): taking one says nothing about sending
        token = feedback.token_page_context(user=request.user, organisation=membership.organisation)
        if not token["token_issued"]:
            context.update(token, feedback_prefetch=True)
    return render(request, "core/home.html", context)


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: the same for everyone, nothing about the person asking."""
    response = JsonResponse(pwa.manifest(), content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the root so its scope is the whole site (a worker under /static/
    would need ``Service-Worker-Allowed``).  It caches static files only (core/pwa.py)."""
    # The configuration is JSON built from static() and settings, nothing anyone typed.
    config = mark_safe(pwa.service_worker_config_js())  # noqa: S308
    body = render_to_string("core/service_worker.js", {"config": config})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers look for a new worker on every visit; no-cache keeps proxies from serving an old one.
    response["Cache-Control"] = "no-cache"
    return response


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the language; remembered in a cookie, and on the account when signed in."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            user_update_language(user=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.PRODUCTION,
        )
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse(
            {"detail": _("This request could not be verified. Please reload the page and try again.")}, status=403
        )
    return render(request, "core/csrf_failure.html", status=403)


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "core/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """An unexpected error; when the database cannot be reached, the polite 503 instead
    (kabeuchi/core/outage.py), which leaves the session cookie alone."""
    import sys

    from django.db import InterfaceError, OperationalError

    from kabeuchi.core import outage

    error = sys.exc_info()[1]  # asgiref re-raises it in the thread that runs this on the async path
    if isinstance(error, OperationalError | InterfaceError) or not outage.database_reachable():
        return outage.unavailable_response(request)
    if request.path.startswith("/api/"):
        from django.http import JsonResponse

        return JsonResponse({"detail": _("Something went wrong on our side. Please try again in a little while.")}, status=500)
    return render(request, "core/500.html", status=500)


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers.  No database, no cache, nothing about anyone."""
    response = HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: the database and the cache answer now (200), or not (503).  Names only the
    dependency that failed; nothing about people, no counts."""
    from django.http import JsonResponse

    from kabeuchi.core import outage

    checks = {
        "database": "ok" if outage.database_reachable() else "unreachable",
        "cache": "ok" if outage.cache_reachable() else "unreachable",
    }
    ready = all(value == "ok" for value in checks.values())
    response = JsonResponse({"status": "ok" if ready else "unavailable", **checks}, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response
