"""Every response carries the security headers: pages, the API, static files, errors, refusals,
health probes and the 413 sent before Django reads a request (kabeuchi/core/headers.py).

Through the ASGI application that uvicorn serves (config.asgi.application), so the probes and
the body cap, which no Django middleware sees, are covered too; static files and early refusals
also through Django's own middleware alone (the test client), so the fallback layer is not what
makes them pass.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from asgiref.sync import sync_to_async
from django.conf import settings as django_settings
from django.test import Client
from django.urls import include, path

from tests.core.test_lean import asgi_call, bearer, browser, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def _boom(request):
    raise RuntimeError("a bug")


# A URL conf with one failing view, for the 500 page (ROOT_URLCONF points here in one test).
urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]
handler400, handler403 = "kabeuchi.core.api.error_400", "kabeuchi.core.api.error_403"
handler404, handler500 = "kabeuchi.core.views.error_404", "kabeuchi.core.api.error_500"


def assert_protected(headers, what: str) -> None:
    h = {}
    for name, value in headers:
        h[(name.decode() if isinstance(name, bytes) else name).lower()] = (
            value.decode() if isinstance(value, bytes) else value
        )
    csp = h.get("content-security-policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, (what, csp)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (what, csp)
    assert h.get("x-frame-options") == "DENY", what
    assert h.get("x-content-type-options") == "nosniff", what
    assert h.get("referrer-policy") == "same-origin", what
    assert h.get("cross-origin-opener-policy") == "same-origin", what
    assert h.get("cross-origin-resource-policy") == "same-origin", what
    permissions = h.get("permissions-policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in permissions, (what, permissions)


def _get(path: str, headers=()):
    from config.asgi import application

    return asgi_call(application, path, b"", [*headers], method="GET")


async def test_every_kind_of_response_through_the_server_application_carries_them(cast, settings):
    from config.asgi import application
    from kabeuchi.accounts.services import access_token_create

    session = await sync_to_async(session_cookie)(cast.aiko)
    token = (await sync_to_async(access_token_create)(user=cast.aiko, name="headers")).secret
    responses = {
        "landing page": await _get("/"),
        "signed-in page": await _get("/notebook/", browser(session)),
        "static file": await _get("/static/kabeuchi/talk.js"),
        "missing static file": await _get("/static/kabeuchi/none.js"),
        "404 page": await _get("/no-such-page/"),
        "API JSON": await _get("/api/v1/me", bearer(token)),
        "API 401": await _get("/api/v1/me"),
        "redirect to sign-in": await _get("/notebook/"),
        "slash redirect": await _get("/talk"),
        "liveness probe": await _get("/healthz"),
        "readiness probe": await _get("/readyz"),
        "CSRF refusal": await asgi_call(
            application, "/notes/", b"title=x", [*browser(session, csrf=False)[:1],
                                                     (b"content-type", b"application/x-www-form-urlencoded")]
        ),
        "reply stream (lean stack)": await asgi_call(
            application, "/api/v1/conversations/unsaved/messages",
            json.dumps({"message": "迷っています", "state": {"theme": "free", "turns": []}}).encode(), bearer(token),
        ),
    }
    settings.KABEUCHI_MAX_REQUEST_BYTES = 100  # read by the body cap at each request
    responses["oversize body (413 before Django)"] = await asgi_call(
        application, "/api/v1/notes", b"x" * 1000, [(b"content-type", b"application/json")]
    )
    statuses = {what: status for what, (status, _, _) in responses.items()}
    assert statuses["static file"] == 200 and statuses["404 page"] == 404 and statuses["API 401"] == 401
    assert statuses["CSRF refusal"] == 403 and statuses["oversize body (413 before Django)"] == 413
    assert statuses["liveness probe"] == 200 and statuses["slash redirect"] == 301
    assert statuses["reply stream (lean stack)"] == 200 and statuses["redirect to sign-in"] == 302
    for what, (_, headers, _) in responses.items():
        assert_protected(headers, what)


async def test_a_refused_host_and_a_server_error_carry_them(cast, settings):
    from config.asgi import application

    settings.ROOT_URLCONF = __name__
    host = [(b"host", b"evil.example")]
    status, headers, _ = await asgi_call(application, "/", b"", host, method="GET")
    assert status == 400
    assert_protected(headers, "refused host")
    status, headers, body = await asgi_call(application, "/boom/", b"", [], method="GET")
    assert status == 500
    assert_protected(headers, "500 page")


def test_static_files_and_early_answers_get_them_from_djangos_own_middleware(db):
    # the test client runs Django's middleware only (no ASGI fallback layer around it)
    client = Client()
    for path_, status in (("/static/kabeuchi/talk.js", 200), ("/static/kabeuchi/app.css", 200), ("/talk", 301),
                          ("/no-such-page/", 404), ("/notebook/", 302)):
        response = client.get(path_)
        assert response.status_code == status, path_
        assert_protected(response.items(), path_)


def test_the_database_outage_page_carries_them(cast):
    from tests.core.test_outage import database_unreachable

    client = Client(raise_request_exception=False)
    client.force_login(cast.aiko, backend="django.contrib.auth.backends.ModelBackend")
    with database_unreachable():
        response = client.get("/notebook/")
    assert response.status_code == 503
    assert_protected(response.items(), "outage page")


# --- the policy needs no 'unsafe-inline': nothing inline in any template ----------------------

TEMPLATES = Path(django_settings.BASE_DIR) / "templates"
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_has_inline_script_style_or_handlers():
    found = []
    templates = [*TEMPLATES.rglob("*.html"), *Path(django_settings.BASE_DIR, "kabeuchi").rglob("templates/**/*.html")]
    assert len(templates) > 40
    for template in templates:
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                if template.name == "career_pdf.html" and what == "<style> block":
                    continue  # rendered to PDF by WeasyPrint on the server, never served as a page
                found.append(f"{template.relative_to(django_settings.BASE_DIR)}: {what}: {match.group(0)[:60]}")
    assert not found, "\n".join(found)


def test_json_script_blocks_are_data_not_code(cast, client_for):
    # the only <script> without src in a rendered page is json_script data, which CSP does not run
    page = client_for("aiko").get("/talk/unsaved/?theme=free").content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert inline and all('type="application/json"' in tag for tag in inline), inline


def test_the_permissions_policy_names_only_features_and_empty_allowlists(settings):
    entries = [e.strip() for e in settings.KABEUCHI_PERMISSIONS_POLICY.split(",")]
    assert entries and all(re.fullmatch(r"[a-z-]+=\(\)", e) for e in entries), entries
    assert len(set(entries)) == len(entries)



async def test_debug_error_pages_keep_their_inline_styles_as_django_csp_lets_them(settings):
    # with DEBUG on (a developer's machine), Django's technical 404 page styles itself inline:
    # django-csp leaves it without a policy, and the outermost layer must not add one
    settings.DEBUG = True
    status, headers, _ = await _get("/no-such-page/")
    names = {name.lower() for name, _ in headers}
    assert status == 404 and b"content-security-policy" not in names and b"x-frame-options" in names
