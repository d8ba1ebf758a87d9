"""A reply whose "done" never reached the page: sending again must not record the message twice."""

import pytest
from playwright.sync_api import expect

from kabeuchi.coach import engine_config
from kabeuchi.coach.models import Conversation
from kabeuchi.vault.actor import acting_as, person
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in, start_saved_talk


@pytest.mark.browser
def test_a_lost_done_then_send_again_keeps_the_message_once(cast, asgi_server, browser, settings):
    settings.KABEUCHI_AI_ENGINE = "guide"
    engine_config._engine.cache_clear()
    page = browser.new_page(viewport={"width": 1200, "height": 900}, locale="ja-JP")
    sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
    start_saved_talk(page, asgi_server, "free")
    keys = []

    # given the connection breaks after the server recorded the exchange, before "done" arrives:
    # the request reaches the server in full, the page gets the stream without its last event
    def cut_before_done(route):
        keys.append(route.request.headers.get("idempotency-key"))
        response = route.fetch()
        body = response.body().decode()
        assert "event: done" in body
        route.fulfill(response=response, body=body[: body.index("event: done")])

    page.route("**/messages/", cut_before_done)
    message = "上司との面談で何を話すか、まだ決められていません。"
    page.locator("#message").fill(message)
    page.locator("#send").click()
    # then the page says the connection was interrupted and keeps her words in the box
    expect(page.locator("#talk-error")).to_be_visible(timeout=10000)
    assert page.locator("#message").input_value() == message
    expect(page.locator("#turns .turn.person")).to_have_count(0)
    # when the connection is back and she presses "send again"
    page.unroute("**/messages/")
    page.on("request", lambda request: keys.append(request.headers.get("idempotency-key"))
            if request.url.endswith("/messages/") else None)
    page.locator("#send").click()
    expect(page.locator("#turns .turn.partner")).to_have_count(2, timeout=10000)
    expect(page.locator("#send")).to_be_enabled(timeout=10000)
    # then the conversation holds it once, with the reply that was recorded the first time
    with acting_as(person(cast.aiko.pk)):
        turns = Conversation.objects.get().state["turns"]
    assert [t["text"] for t in turns].count(message) == 1 and len(turns) == 3
    assert page.locator("#turns .turn.partner .text").last.inner_text() == turns[2]["text"]
    # and the retry carried the same key, the page shows her message once and the box is empty
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
    expect(page.locator("#turns .turn.person")).to_have_count(1)
    assert page.locator("#message").input_value() == ""
    # and a new message gets a new key
    page.locator("#message").fill("ありがとうございます。")
    page.locator("#send").click()
    expect(page.locator("#turns .turn.partner")).to_have_count(3, timeout=10000)
    assert len(keys) == 3 and keys[2] != keys[0]


@pytest.mark.browser
def test_the_page_reads_a_slow_reply_through_its_keep_alive_comments(cast, asgi_server, browser, settings):
    from tests.fakes.openai_server import FakeOpenAIServer

    reply = "お話しくださって、ありがとうございます。そのとき、どんな気持ちでしたか。"
    with FakeOpenAIServer(reply=reply) as server:
        server.behave(first_token_delay=1.2, chunk_chars=5)
        settings.KABEUCHI_AI_ENGINE = "openai"
        settings.KABEUCHI_AI_BASE_URL = server.url
        settings.KABEUCHI_AI_MODEL = "fake-model"
        settings.KABEUCHI_AI_API_KEY = "test"
        settings.KABEUCHI_SSE_KEEPALIVE_SECONDS = 0.2
        engine_config._engine.cache_clear()
        try:
            page = browser.new_page(locale="ja-JP")
            sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
            page.goto(asgi_server + "/talk/unsaved/?theme=free")
            # count the keep-alive comments as the page's own stream reader receives them
            page.add_init_script(
                "window.__keepalives = 0;"
                "const read = ReadableStreamDefaultReader.prototype.read;"
                "ReadableStreamDefaultReader.prototype.read = function () {"
                "  return read.call(this).then(function (r) {"
                "    if (r.value) { window.__keepalives += (new TextDecoder().decode(r.value)"
                "      .match(/: keep-alive/g) || []).length; }"
                "    return r; }); };"
            )
            page.goto(asgi_server + "/talk/unsaved/?theme=free")
            page.locator("#message").fill("異動の話が出ていて、迷っています。")
            page.locator("#send").click()
            expect(page.locator("#send")).to_be_enabled(timeout=10000)
            # then the comments came, the page ignored them, and the reply is whole with no error
            assert page.evaluate("window.__keepalives") >= 3
            assert page.locator("#turns .turn.partner .text").last.inner_text() == reply
            expect(page.locator("#talk-error")).to_be_hidden()
            assert page.locator("#message").input_value() == ""
        finally:
            engine_config._engine.cache_clear()


@pytest.mark.browser
def test_words_typed_and_not_sent_survive_the_retention_form_and_leave_with_sign_out(cast, asgi_server, browser, settings):
    settings.KABEUCHI_AI_ENGINE = "guide"
    engine_config._engine.cache_clear()
    page = browser.new_page(locale="ja-JP")
    sign_in(page, asgi_server, "aiko@sakura.example", PASSWORD)
    talk_url = start_saved_talk(page, asgi_server, "free")
    # given words typed and not sent, when she changes how long the talk is kept
    draft = "異動の話、\nまだ誰にも言えていなくて。"
    page.locator("#message").fill(draft)
    page.select_option("#retention", "90")
    page.locator("form.inline-form button[type=submit]").click()
    page.wait_for_load_state("load")
    # then the page comes back with her words still in the box, held nowhere else afterwards
    expect(page.locator("#message")).to_have_value(draft)
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('kabeuchi:draft:')).length") == 0
    # and the same after following a link away and coming back
    page.goto(asgi_server + "/notebook/")
    page.goto(talk_url)
    expect(page.locator("#message")).to_have_value(draft)
    # when she sends it, the box is empty and stays empty after a reload
    page.locator("#send").click()
    expect(page.locator("#turns .turn.person")).to_have_count(1, timeout=10000)
    expect(page.locator("#send")).to_be_enabled(timeout=10000)
    page.reload()
    expect(page.locator("#message")).to_have_value("")
    # and a draft left in the tab is gone once she signs out
    page.locator("#message").fill("これは下書きです。")
    page.goto(asgi_server + "/notebook/")
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('kabeuchi:draft:')).length") == 1
    page.locator("form[data-sign-out] button").click()
    page.wait_for_load_state("load")
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('kabeuchi:draft:')).length") == 0
