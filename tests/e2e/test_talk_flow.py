from pathlib import Path

import pytest
from playwright.sync_api import expect

from kabeuchi.coach import engine_config
from kabeuchi.coach.models import Conversation
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, sign_in, start_saved_talk
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
    start_saved_talk(page, asgi_server, "moyamoya")
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


# --- around the conversation: quick replies, summary check, progress, help, kept summary -------

SHOTS = Path("/tmp/ui-shots")


def _guide(settings):
    settings.KABEUCHI_AI_ENGINE = "guide"
    engine_config._engine.cache_clear()


def _start_saved(page, base: str, theme: str) -> None:
    page.goto(base + "/talk/")
    page.locator(f"input[name=theme][value={theme}]").check()
    page.select_option("#retention", "30")
    page.locator("main form.panel button[type=submit]").click()
    page.wait_for_url("**/talk/*-*/")


def _say(page, text: str) -> None:
    count = page.locator("#turns .turn.partner").count()
    page.locator("#message").fill(text)
    page.locator("#send").click()
    _wait_for_reply(page, count + 1)


def _tap(page, name: str) -> None:
    count = page.locator("#turns .turn.partner").count()
    page.locator(".quick button", has_text=name).first.click()
    _wait_for_reply(page, count + 1)


def _last_person(page) -> str:
    return page.locator("#turns .turn.person .text").last.inner_text()


@pytest.mark.browser
def test_quick_replies_send_their_words_and_a_summary_check_offers_fits_or_fix(cast, asgi_server, browser, settings):
    _guide(settings)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="ja-JP")
    sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
    # given aiko starts モヤモヤ整理: the text box has focus and the first of its steps is shown
    _start_saved(page, asgi_server, "moyamoya")
    assert page.evaluate("document.activeElement && document.activeElement.id") == "message"
    expect(page.locator("#progress .count")).to_have_text("1 / 8")
    expect(page.locator("#progress .step-name")).to_have_text("気になっていること")
    assert "8" in page.locator("#progress .visually-hidden").inner_text()
    expect(page.locator("#check-replies")).to_be_hidden()
    for word in ("わからない", "スキップ", "戻る", "まとめる", "終わる"):
        expect(page.locator(".quick button", has_text=word)).to_be_visible()
    # when she has started typing and taps わからない
    page.locator("#message").fill("書きかけの言葉")
    _tap(page, "わからない")
    # then exactly that word is sent, and what she was writing stays in the box
    assert _last_person(page) == "わからない"
    assert page.locator("#message").input_value() == "書きかけの言葉"
    # when she answers, the progress moves on; スキップ and 戻る move it forward and back
    _say(page, "チームの方針が急に変わって、企画の仕事が減りそうでモヤモヤしています。")
    expect(page.locator("#progress .count")).to_have_text("2 / 8")
    _tap(page, "スキップ")
    assert _last_person(page) == "スキップ"
    expect(page.locator("#progress .count")).to_have_text("3 / 8")
    _tap(page, "戻る")
    assert _last_person(page) == "戻る"
    expect(page.locator("#progress .count")).to_have_text("2 / 8")
    _say(page, "会議で突然、来月から別の案件に移ると言われました。")
    _say(page, "自分の企画が評価されていないのかなと受け止めました。")
    # then the guide sums up and asks whether it fits: the two answers are offered
    expect(page.locator("#check-replies")).to_be_visible()
    page.screenshot(path=str(SHOTS / "talk-check-desktop.png"), full_page=True)
    # when she taps 直したい, nothing is sent: the text box takes focus with a gentle prompt
    partner_turns = page.locator("#turns .turn.partner").count()
    page.locator("#check-replies button", has_text="直したい").click()
    assert page.evaluate("document.activeElement.id") == "message"
    expect(page.locator("#composer-hint")).to_be_visible()
    assert "直したい" in page.locator("#message").get_attribute("placeholder") or "変えたい" in page.locator("#message").get_attribute("placeholder")
    assert page.locator("#turns .turn.partner").count() == partner_turns
    # when she writes her correction, the guide takes it and goes on
    _say(page, "評価というより、期待が見えないのがつらいです。")
    expect(page.locator("#check-replies")).to_be_hidden()
    # when she asks for a summary, those words are sent (what the guide makes of them is its own)
    _tap(page, "まとめる")
    assert _last_person(page) == "まとめる"
    # when three more answers bring the next summary check, and she taps 合っている, those words are sent
    for answer in ("不安と、少しの悔しさがあります。", "自分の企画を続けられる道がほしいです。", "今は6くらいの重さです。"):
        if page.locator("#check-replies").is_visible():
            break
        _say(page, answer)
    expect(page.locator("#check-replies")).to_be_visible()
    expect(page.locator("#composer-hint")).to_be_hidden()
    count = page.locator("#turns .turn.partner").count()
    page.locator("#check-replies button", has_text="合っている").click()
    _wait_for_reply(page, count + 1)
    assert _last_person(page) == "合っている"
    expect(page.locator("#check-replies")).to_be_hidden()
    _tap(page, "終わる")
    assert _last_person(page) == "終わる"
    # and after a reload the page still knows where she is
    page.reload()
    expect(page.locator("#progress .dot")).to_have_count(8)
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("#turns .turn").last.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "talk-quick-phone.png"))
    # on a phone all five quick replies fit on one line above the text box
    tops = {round(b.bounding_box()["y"]) for b in page.locator(".quick:not(.check-replies) button").all()}
    assert len(tops) == 1, tops


@pytest.mark.browser
def test_on_a_phone_help_shows_inline_and_the_next_reply_scrolls_into_view(cast, asgi_server, browser, settings):
    _guide(settings)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ja-JP", is_mobile=True, has_touch=True)
    sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
    page.goto(asgi_server + "/talk/unsaved/?theme=free")
    # the composer is in reach from the start
    box = page.locator("#talk-form").bounding_box()
    assert box["y"] + box["height"] <= 844, box
    _say(page, "最近、仕事のことで少し疲れています。")
    # when she writes something that calls for help
    _say(page, "上司に毎日怒鳴られていて、最近は夜も眠れない")
    # then help appears inside the conversation, after the reply it came with
    support = page.locator("#turns li.support")
    expect(support).to_be_visible()
    assert page.locator("#turns > li").last.get_attribute("class") == "support"
    # and with the page now longer than the screen, the composer stays stuck to its bottom
    box = page.locator("#talk-form").bounding_box()
    assert abs(box["y"] + box["height"] - 844) <= 2, box
    page.screenshot(path=str(SHOTS / "talk-help-phone.png"))
    # when she goes on, the next reply comes after the help and is scrolled into view, above the composer
    _say(page, "ありがとうございます。少し整理できそうです。")
    reply = page.locator("#turns .turn.partner").last
    page.wait_for_timeout(300)
    reply_box = reply.bounding_box()
    composer_top = page.locator("#talk-form").bounding_box()["y"]
    assert reply_box["y"] >= 0 and reply_box["y"] + reply_box["height"] <= composer_top + 1, (reply_box, composer_top)
    assert page.evaluate(
        "document.querySelector('#turns li.support').compareDocumentPosition("
        "document.querySelector('#turns .turn.partner:last-of-type')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    page.screenshot(path=str(SHOTS / "talk-help-next-reply-phone.png"))


@pytest.mark.browser
def test_a_kept_summary_is_shown_listed_editable_and_discardable(cast, asgi_server, browser, settings):
    _guide(settings)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="ja-JP")
    sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
    _start_saved(page, asgi_server, "moyamoya")
    detail_url = page.url
    _say(page, "チームの方針が急に変わって、企画の仕事が減りそうでモヤモヤしています。先週の全体会議で突然発表されて、まだ気持ちが追いつきません。")
    # given she keeps the summary after editing it
    page.get_by_role("button", name="気づきをふりかえる").click()
    page.wait_for_load_state()
    page.locator("#next_steps").fill("金曜に上司へ相談の時間をお願いする")
    page.get_by_role("button", name="残す").click()
    page.wait_for_url(detail_url)
    # then the conversation's page shows it
    kept = page.locator("#kept-summary")
    expect(kept).to_contain_text("企画")
    expect(kept).to_contain_text("金曜に上司へ相談の時間をお願いする")
    page.screenshot(path=str(SHOTS / "talk-kept-desktop.png"), full_page=True)
    # and the list names the conversation by her first line and shows the kept summary
    page.goto(asgi_server + "/talk/")
    row = page.locator("li.conversation-row").first
    expect(row.locator(".first-line")).to_contain_text("チームの方針が急に変わって")
    expect(row.locator(".first-line")).to_contain_text("…")
    expect(row.locator(".kept-line")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "talk-list-phone.png"), full_page=True)
    page.set_viewport_size({"width": 1200, "height": 900})
    # when she edits it
    page.goto(detail_url)
    page.get_by_role("link", name="まとめを編集する").click()
    page.wait_for_load_state()
    assert "金曜に上司へ相談の時間をお願いする" in page.locator("#next_steps").input_value()
    page.locator("#next_steps").fill("来週、上司に15分だけ時間をもらう")
    page.get_by_role("button", name="残す").click()
    page.wait_for_url(detail_url)
    expect(page.locator("#kept-summary")).to_contain_text("来週、上司に15分だけ時間をもらう")
    # when she discards it
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#discard-summary").click()
    page.wait_for_load_state()
    # then it is gone from the page and from the database, and the conversation stays
    expect(page.locator("#kept-summary")).to_have_count(0)
    from kabeuchi.vault.actor import acting_as, person

    with acting_as(person(cast.aiko.pk)):
        assert Conversation.objects.get().kept_summary == {}  # sealed and padded like a kept one


@pytest.mark.browser
def test_the_conversation_page_reads_in_english_too(cast, asgi_server, browser, settings):
    _guide(settings)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-US", extra_http_headers={"Accept-Language": "en"})
    sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
    page.goto(asgi_server + "/talk/unsaved/?theme=free")
    if page.evaluate("document.documentElement.lang") != "en":
        page.locator("select[name=language]").select_option("en")
        page.locator("form:has(select[name=language]) button[type=submit]").click()
        page.wait_for_load_state()
        page.goto(asgi_server + "/talk/unsaved/?theme=free")
    assert page.evaluate("document.documentElement.lang") == "en"
    for word in ("I don't know", "Skip", "Back", "Summarise", "End"):
        expect(page.locator(".quick button", has_text=word)).to_be_visible()
    expect(page.locator("#progress .visually-hidden")).to_have_text("Question 1 of 5: On my mind")
    _tap(page, "Skip")
    assert _last_person(page) == "Skip"
    expect(page.locator("#progress .count")).to_have_text("2 / 5")
    page.screenshot(path=str(SHOTS / "talk-english-phone.png"))


@pytest.mark.browser
def test_asking_for_the_contacts_shows_them_under_a_plain_heading(cast, asgi_server, browser, settings):
    # given a 1on1 preparation with no signal in it
    _guide(settings)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ja-JP", is_mobile=True, has_touch=True)
    sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
    page.goto(asgi_server + "/talk/unsaved/?theme=one_on_one")
    _say(page, "来週店長と面談があります。シフトのことを話したいです")
    # when she asks whether the hotline answers at night
    _say(page, "よりそいホットラインって夜でもつながりますか？")
    # then the reply gives its hours, and the lines are shown under 「相談できるところ」, not a crisis heading
    expect(page.locator("#turns .turn.partner").last).to_contain_text("0120-279-338")
    support = page.locator("#turns li.support")
    expect(support).to_be_visible()
    expect(support.locator("h2")).to_have_text("相談できるところ")
    page.screenshot(path=str(SHOTS / "talk-asked-contacts-phone.png"))
