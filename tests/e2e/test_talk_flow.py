import pytest
from playwright.sync_api import expect

from kabeuchi.coach import engine_config
from kabeuchi.coach.models import Conversation
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, sign_in
from tests.fakes.openai_server import FakeOpenAIServer


def _wait_for_reply(page, partner_turns: int) -> None:
    """Wait until the page shows that many partner turns and the reply has finished."""
    expect(page.locator("#turns .turn.partner")).to_have_count(partner_turns, timeout=10000)
    expect(page.locator("#send")).to_be_enabled(timeout=10000)


@pytest.mark.browser
def test_aiko_has_a_guided_conversation_keeps_the_summary_then_an_unsaved_one_is_gone_after_reload(
    cast, asgi_server, browser, settings
):
    settings.KABEUCHI_AI_ENGINE = "guide"
    engine_config._engine.cache_clear()
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ja-JP")
    sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
    # given aiko starts a guided conversation (モヤモヤ整理) kept for 30 days
    page.goto(asgi_server + "/talk/")
    page.locator("input[name=theme][value=moyamoya]").check()
    page.select_option("#retention", "30")
    page.locator("main form.panel button[type=submit]").click()
    page.wait_for_url("**/talk/*-*/")
    # when she writes, the reply comes back with her own words in it
    page.locator("#message").fill("チームの方針が急に変わって、企画の仕事が減りそうでモヤモヤしています。")
    page.locator("#send").click()
    _wait_for_reply(page, 2)
    last = page.locator("#turns .turn.partner .text").last.inner_text()
    assert "方針" in last or "企画" in last
    page.locator("#message").fill("本当は新しい企画を自分で立ち上げてみたいです。")
    page.locator("#send").click()
    _wait_for_reply(page, 3)
    page.screenshot(path=str(ARTIFACTS / "talk-guided-phone.png"), full_page=True)
    # and she looks back at what she noticed, edits nothing, and keeps it
    page.get_by_role("button", name="気づきをふりかえる").click()
    page.wait_for_load_state()
    noticed = page.locator("#noticed").input_value()
    assert "企画" in noticed
    page.get_by_role("button", name="残す").click()
    page.wait_for_load_state()
    assert Conversation.objects.count() == 1
    from kabeuchi.vault.actor import acting_as, person

    with acting_as(person(cast.aiko.pk)):
        kept = Conversation.objects.get().kept_summary
    assert any("企画" in line for line in kept["noticed"])

    # given a conversation that is not saved
    page.goto(asgi_server + "/talk/")
    page.select_option("#retention", "0")
    page.locator("main form.panel button[type=submit]").click()
    page.wait_for_url("**/talk/unsaved/**")
    assert "保存されていません" in page.content() or "保存していません" in page.content()
    page.locator("#message").fill("この話は誰にも残したくないです。")
    page.locator("#send").click()
    _wait_for_reply(page, 2)
    assert "誰にも残したくない" in page.inner_text("#turns")
    # when she reloads the page
    page.once("dialog", lambda dialog: dialog.accept())
    page.reload()
    page.wait_for_load_state()
    # then it is gone, and nothing new is in the database
    assert "誰にも残したくない" not in page.inner_text("#turns")
    assert Conversation.objects.count() == 1


@pytest.mark.browser
def test_a_model_reply_streams_into_the_page(cast, asgi_server, browser, settings):
    with FakeOpenAIServer(reply="お話しくださって、ありがとうございます。そのとき、どんな気持ちがありましたか。少しずつで大丈夫です。") as server:
        server.behave(chunk_chars=2, token_delay=0.08)
        settings.KABEUCHI_AI_ENGINE = "openai"
        settings.KABEUCHI_AI_BASE_URL = server.url
        settings.KABEUCHI_AI_MODEL = "fake-model"
        settings.KABEUCHI_AI_API_KEY = "test"
        engine_config._engine.cache_clear()
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="ja-JP")
            sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
            page.goto(asgi_server + "/talk/unsaved/?theme=free")
            page.locator("#message").fill("異動の話が出ていて、迷っています。")
            page.locator("#send").click()
            # then the reply grows on the page while the model is still writing
            lengths = set()
            for _ in range(40):
                text = page.locator("#turns .turn.partner .text").last.inner_text()
                lengths.add(len(text))
                if not page.locator("#send").is_disabled():
                    break
                page.wait_for_timeout(50)
            partial = {n for n in lengths if 0 < n < len("お話しくださって、ありがとうございます。そのとき、どんな気持ちがありましたか。少しずつで大丈夫です。")}
            assert len(partial) >= 3, f"the reply did not arrive in pieces: {sorted(lengths)}"
            expect(page.locator("#send")).to_be_enabled(timeout=10000)
            assert page.locator("#turns .turn.partner .text").last.inner_text().endswith("少しずつで大丈夫です。")
        finally:
            engine_config._engine.cache_clear()
