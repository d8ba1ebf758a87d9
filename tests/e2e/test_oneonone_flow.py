import pytest
from django.utils import translation
from playwright.sync_api import expect

from kabeuchi.oneonone.models import Style
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, sign_in

KEPT = "チームの体制変更で、優先順位が分からなくなっている"
SHARED = "これからのキャリアについて話したい"


@pytest.mark.browser
def test_aiko_prepares_an_agenda_shares_one_topic_with_bunta_then_revokes(cast, asgi_server, browser):
    # given aiko, signed in on her phone
    aiko = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP").new_page()
    sign_in(aiko, asgi_server, "aiko@sakura.example", PASSWORD)
    # when she builds an agenda with two topics
    aiko.goto(asgi_server + "/1on1/new/")
    aiko.locator("textarea[name=topic-0-text]").fill(KEPT)
    aiko.select_option("select[name=topic-0-category]", "work")
    aiko.locator("input[name=topic-0-style][value=advice]").check()
    aiko.locator("textarea[name=topic-1-text]").fill(SHARED)
    aiko.select_option("select[name=topic-1-category]", "career")
    aiko.locator("input[name=topic-1-style][value=listen]").check()
    aiko.screenshot(path=str(ARTIFACTS / "oneonone-edit-phone.png"), full_page=True)
    aiko.locator("main form.agenda-form button[type=submit]").click()
    # then she sees the preview of both, item by item
    aiko.wait_for_url("**/preview/")
    expect(aiko.locator(".shared-preview")).to_have_count(2)
    expect(aiko.locator(".shared-preview").nth(0)).to_contain_text(KEPT)
    expect(aiko.locator(".shared-preview").nth(1)).to_contain_text(SHARED)
    aiko.screenshot(path=str(ARTIFACTS / "oneonone-preview-phone.png"), full_page=True)
    # and she shares only the second topic with her manager
    aiko.locator("input[name=items][value=topic-1]").check()
    aiko.locator("input[name=recipient][value=manager]").check()
    aiko.locator("input[name=days]").fill("7")
    aiko.locator("main form button[type=submit]").last.click()
    link = aiko.locator("#share-link")
    expect(link).to_be_visible()
    url = link.input_value()
    assert "/shared/" in url

    # when bunta opens the link, signed in
    bunta = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP").new_page()
    sign_in(bunta, asgi_server, "bunta@sakura.example", PASSWORD)
    response = bunta.goto(url)
    assert response.status == 200
    # then he sees exactly that topic and the response she asked for
    items = bunta.locator(".shared-agenda .agenda-item")
    expect(items).to_have_count(1)
    expect(items.first).to_contain_text(SHARED)
    with translation.override("ja"):
        listen = str(Style.LISTEN.label)
    expect(items.first.locator(".response-style")).to_contain_text(listen)
    assert KEPT not in bunta.content()
    bunta.screenshot(path=str(ARTIFACTS / "oneonone-shared-manager-phone.png"), full_page=True)

    # when aiko revokes the share
    aiko.goto(aiko.url.replace("/share/", "/preview/"))
    aiko.once("dialog", lambda dialog: dialog.accept())
    aiko.locator("form[action*='/revoke/'] button").click()
    aiko.wait_for_load_state()
    expect(aiko.locator("form[action*='/revoke/']")).to_have_count(0)
    # then bunta's link now shows "not found"
    response = bunta.goto(url)
    assert response.status == 404
    assert SHARED not in bunta.content()
