"""The pages work under their Content-Security-Policy in a real browser: no violation is
reported (a ``securitypolicyviolation`` listener and the console), with the Permissions-Policy
and X-Frame-Options present on each.  (Headless Chromium does not report an unrecognised
Permissions-Policy feature on the console, so the feature list is checked by its own test.)"""

import pytest

from kabeuchi.coach import engine_config
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in

PAGES = [
    "/", "/talk/", "/talk/unsaved/?theme=free", "/notebook/", "/notebook/energy/", "/notebook/career/",
    "/notes/", "/1on1/", "/me/settings/", "/guideline/", "/static/kabeuchi/talk.js", "/no-such-page/",
]


@pytest.mark.browser
def test_pages_run_under_their_policies_without_a_violation(cast, asgi_server, browser, settings):
    settings.KABEUCHI_AI_ENGINE = "guide"
    engine_config._engine.cache_clear()
    page = browser.new_page(locale="ja-JP")
    complaints = []
    page.on("console", lambda m: complaints.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") and ("Policy" in m.text or "policy" in m.text) else None)
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', function (e) {"
        "  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });"
    )
    sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
    for path in PAGES:
        response = page.goto(asgi_server + path)
        assert response.headers.get("permissions-policy") and response.headers.get("content-security-policy"), path
        assert response.headers.get("x-frame-options") == "DENY", path
        page.wait_for_load_state("load")
        assert page.evaluate("window.__violations") == [], path
    # and the conversation page's script (fetch + stream reader) works under the policy
    page.goto(asgi_server + "/talk/unsaved/?theme=free")
    page.locator("#message").fill("異動の話が出ていて、迷っています。")
    page.locator("#send").click()
    page.locator("#turns .turn.partner").nth(1).wait_for(timeout=10000)
    assert page.evaluate("window.__violations") == []
    assert complaints == [], complaints
