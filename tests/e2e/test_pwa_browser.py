"""Browser: Kabeuchi is installable, its service worker registers, and after a person has
opened her private pages the browser's Cache Storage holds static files only, nothing she wrote
(kabeuchi/core/pwa.py, docs/privacy.md P42)."""

import json

import pytest

from kabeuchi.coach import services as coach
from kabeuchi.notebook.models import Note
from kabeuchi.oneonone import services as oneonone
from kabeuchi.vault.actor import acting_as, person
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, sign_in

CANARY = "CANARY-pwa-本音-4c1d"
PRIVATE_PREFIXES = ("/notes", "/notebook", "/1on1", "/talk", "/api/", "/shared", "/me", "/accounts")

LIST_CACHES = """async () => {
  const out = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      out.push({cache: name, url: request.url, body: await response.text()});
    }
  }
  return out;
}"""


def _aikos_private_things(cast):
    with acting_as(person(cast.aiko.pk)):
        note = Note.objects.create(owner=cast.aiko, title=CANARY, body=f"{CANARY} 上司には言えないこと")
        agenda = oneonone.agenda_create(
            user=cast.aiko, content={"topics": [{"category": "career", "text": f"{CANARY} 異動したい", "style": "listen"}]}
        )
        new_share = oneonone.share_create(
            user=cast.aiko, agenda_id=agenda.pk, item_keys=["topic-0"], recipient=cast.bunta, days=7
        )
        _, conversation = coach.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")
        conversation.state = {**conversation.state, "turns": [*conversation.state["turns"], {"role": "person", "text": CANARY}]}
        conversation.save()
    return note, agenda, new_share, conversation


@pytest.mark.browser
def test_the_worker_registers_and_caches_no_private_page(cast, asgi_server, browser):
    note, agenda, new_share, conversation = _aikos_private_things(cast)
    # given aiko on her phone, with a CSP violation listener
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    page = context.new_page()
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', function (e) {"
        "  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI); });"
    )
    sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
    # when she opens the home page
    page.goto(asgi_server + "/")
    # then the service worker registers for the whole site and becomes active
    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
    assert scope == asgi_server + "/"
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=10000)
    # and Chromium reads the manifest without an error
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == asgi_server + "/manifest.webmanifest"
    assert manifest["errors"] == [], manifest["errors"]
    parsed = json.loads(manifest["data"])
    assert parsed["display"] == "standalone" and parsed["short_name"] == "壁打ち"
    page.screenshot(path=str(ARTIFACTS / "pwa-home-phone.png"), full_page=True)

    # when she opens her notes, notebook, agenda, a conversation and the API, and bunta's share link
    private_pages = [
        "/notes/", f"/notes/{note.pk}/", "/notebook/", "/notebook/career/", "/1on1/", f"/1on1/{agenda.pk}/",
        f"/1on1/{agenda.pk}/preview/", f"/1on1/{agenda.pk}/print/", "/talk/", f"/talk/{conversation.pk}/",
        "/api/v1/notes", f"/api/v1/agendas/{agenda.pk}", "/me/data/", f"/shared/{new_share.token}/",
    ]
    for path in private_pages:
        response = page.goto(asgi_server + path)
        assert response.status in (200, 404), (path, response.status)
    page.goto(asgi_server + f"/1on1/{agenda.pk}/preview/")
    assert CANARY in page.content()  # she does see her own words
    # and the page's own script fetches the API too
    fetched = page.evaluate("async () => (await fetch('/api/v1/notes')).status")
    assert fetched == 200
    assert page.evaluate("window.__violations") == []

    # then Cache Storage holds static files only, none of them with her words
    entries = page.evaluate(LIST_CACHES)
    assert entries, "the worker cached nothing at all"
    for entry in entries:
        path = entry["url"].removeprefix(asgi_server)
        assert path.startswith("/static/"), entry["url"]
        assert not path.startswith(PRIVATE_PREFIXES), entry["url"]
        assert CANARY not in entry["body"], entry["url"]
        assert "相田" not in entry["body"] and "aiko@" not in entry["body"], entry["url"]
    cached = {entry["url"].removeprefix(asgi_server) for entry in entries}
    assert "/static/kabeuchi/offline.html" in cached and "/static/kabeuchi/app.css" in cached

    # when the network is gone, a page she opens shows the offline page, not a copy of hers
    context.set_offline(True)
    try:
        page.goto(asgi_server + f"/1on1/{agenda.pk}/preview/")
        assert "いまはつながっていません" in page.content()
        assert CANARY not in page.content()
        page.screenshot(path=str(ARTIFACTS / "pwa-offline-phone.png"), full_page=True)
    finally:
        context.set_offline(False)
    # and back online the page is hers again, from the network
    page.goto(asgi_server + f"/1on1/{agenda.pk}/preview/")
    assert CANARY in page.content()
    context.close()
