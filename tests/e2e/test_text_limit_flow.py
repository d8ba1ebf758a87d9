"""In a real browser: a long text is never cut, the count shows near the limit, and the server's
message comes back with the whole text still in the field."""

import pytest
from playwright.sync_api import expect

from kabeuchi.oneonone.models import Agenda
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in


@pytest.mark.browser
def test_aiko_sees_the_count_near_the_limit_and_her_long_text_is_never_cut(cast, asgi_server, browser, settings):
    page = browser.new_context(locale="ja-JP").new_page()
    sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
    page.goto(asgi_server + "/1on1/new/")
    area = page.locator("textarea[name=since]")
    limit = settings.KABEUCHI_MAX_TEXT_CHARS
    note = page.locator("#id_since_limit")
    # before she types, the limit is said
    expect(note).to_contain_text(f"{limit:,}")
    # near the limit, a live count says how much is left
    area.fill("あ" * (limit - 100))
    expect(note).to_contain_text("あと 100 文字")
    # past it, how much too much, and the browser keeps every character
    area.fill("あ" * limit + "末尾")
    expect(note).to_contain_text("2 文字多すぎます")
    assert len(area.input_value()) == limit + 2
    # when she saves, nothing is saved, the server says why, and her whole text is still there
    page.locator("main form.agenda-form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator(".field.has-error .error").first).to_be_visible()
    assert page.locator("textarea[name=since]").input_value().endswith("末尾")
    assert len(page.locator("textarea[name=since]").input_value()) == limit + 2
    assert not Agenda.objects.exists()
