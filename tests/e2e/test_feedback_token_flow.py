"""Anonymous feedback in a real browser: the page's blind-RSA code against the RFC 9474
vector, and the two requests (a token when the page opens, the answers later without cookies),
with nothing typed lost when the server refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, sign_in

FINISHED = "() => Object.keys(localStorage).some(k => k.startsWith('kabeuchi-feedback-token:') && !k.endsWith(':pending'))"
PENDING = "() => Object.keys(localStorage).some(k => k.endsWith(':pending'))"
VECTOR = json.loads((Path(__file__).resolve().parents[1] / "org" / "rfc9474_vector.json").read_text())

CHECK = """async (v) => {
  const B = window.KabeuchiBlindRSA;
  const n = BigInt("0x" + v.n), e = BigInt("0x" + v.e), inv = BigInt("0x" + v.inv);
  const msg = B.hexToBytes(v.msg), salt = B.hexToBytes(v.salt);
  const encoded = B.bytesToHex(await B.emsaPssEncode(msg, n.toString(2).length - 1, salt));
  const r = B.modInverse(inv, n);
  const blinded = await B.blind(n, e, msg, salt, r);
  const sig = await B.finalize(n, e, msg, B.hexToBytes(v.blind_sig), inv);
  let forgedRefused = false;
  try { await B.finalize(n, e, msg, B.hexToBytes(v.blinded_msg), inv); } catch (err) { forgedRefused = true; }
  const prepared = B.prepare(msg);
  return { encoded, blinded: B.bytesToHex(blinded.blindedMsg), inv: blinded.inv === inv,
           sig: B.bytesToHex(sig), forgedRefused, preparedLength: prepared.length,
           prefixMatchesMsg: B.bytesToHex(prepared.slice(32)) === v.msg };
}"""


@pytest.mark.browser
def test_the_pages_blind_rsa_reproduces_the_rfc_9474_vector(cast, asgi_server, browser):
    page = browser.new_page()
    page.goto(asgi_server + "/guideline/")
    page.add_script_tag(url=asgi_server + "/static/kabeuchi/feedback-token.js")
    got = page.evaluate(CHECK, VECTOR)
    assert got == {
        "encoded": VECTOR["encoded_msg"], "blinded": VECTOR["blinded_msg"], "inv": True, "sig": VECTOR["sig"],
        "forgedRefused": True, "preparedLength": 32 + len(VECTOR["msg"]) // 2, "prefixMatchesMsg": True,
    }


@pytest.mark.browser
def test_aiko_sends_feedback_with_a_token_and_no_cookie_and_keeps_her_text_on_a_refusal(cast, asgi_server, browser):
    from kabeuchi.org.models import FeedbackPending, PeriodMark, SpentToken

    base = asgi_server
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
    page = context.new_page()
    sign_in(page, base, "aiko@sakura.example", PASSWORD)
    spend_headers = []
    page.on("request", lambda r: spend_headers.append(r.all_headers()) if r.url.endswith("/api/v1/feedback/spend") else None)
    # when she opens the form, the token is taken at once (the mark is written now, not at send)
    page.goto(base + "/feedback/")
    status = page.locator("[data-feedback-status]")
    expect(status).to_contain_text("トークン")
    page.wait_for_function(FINISHED)
    assert PeriodMark.objects.filter(purpose="feedback").count() == 1 and FeedbackPending.objects.count() == 0
    # the key her browser uses has the fingerprint the public guideline shows everyone
    from kabeuchi.org.feedback import token_key_fingerprint

    fingerprint = token_key_fingerprint(organisation=cast.sakura)
    expect(page.locator("[data-feedback-fingerprint]")).to_have_text(fingerprint)
    guideline = context.new_page()
    guideline.goto(base + "/guideline/sakura/")
    expect(guideline.locator("#anonymous-feedback")).to_contain_text(fingerprint)
    guideline.close()
    # a reload keeps her token (it lives in her browser until it is spent)
    page.reload()
    expect(page.locator("main form button[type=submit]")).to_be_enabled()
    page.locator("input[name=safe][value=yes]").check()
    page.locator("input[name=useful][value=somewhat]").check()
    page.locator("textarea[name=comment]").fill("話しやすかった。もっと早く知りたかった")
    # when the server refuses (say, it is being restarted), her text stays and the reason is shown
    page.route("**/api/v1/feedback/spend", lambda route: route.fulfill(
        status=400, content_type="application/json", body=json.dumps({"detail": "ただいま受け付けられません。"})))
    page.locator("main form button[type=submit]").click()
    expect(status).to_contain_text("ただいま受け付けられません。")
    expect(page.locator("textarea[name=comment]")).to_have_value("話しやすかった。もっと早く知りたかった")
    page.unroute("**/api/v1/feedback/spend")
    # when she sends again, it goes with no cookie and no Authorization header
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main form button[type=submit]")).to_have_count(0)
    expect(status).to_contain_text("ありがとうございます")
    page.screenshot(path=str(ARTIFACTS / "feedback-token-sent-phone.png"), full_page=True)
    sent = spend_headers[-1]
    assert "cookie" not in sent and "authorization" not in sent
    assert FeedbackPending.objects.count() == 1 and SpentToken.objects.count() == 1
    assert "もっと早く知りたかった" in FeedbackPending.objects.get().answers["comment"]
    assert not page.evaluate("() => Object.keys(localStorage).some(k => k.startsWith('kabeuchi-feedback-token:'))")
    context.close()


@pytest.mark.browser
def test_a_lost_token_response_is_retried_with_the_same_blinded_message_and_she_can_still_send(cast, asgi_server, browser):
    """The server signs and marks, but the response never reaches the page (a network blip, a
    closed tab).  Her browser kept its blinding state, so on reload it asks again with the same
    blinded message, gets the same token, and she can send; nobody got a second token."""
    from kabeuchi.org.models import FeedbackPending, PeriodMark, SpentToken

    base = asgi_server
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    bodies = []
    lost = []

    def lose_the_first_response(route):
        bodies.append(route.request.post_data_json["blinded_msg"])
        if lost:  # later asks go through untouched
            route.continue_()
            return
        route.fetch()  # the server really signs and writes the mark ...
        route.abort("connectionreset")  # ... and the answer is lost on the way back
        lost.append(True)

    # the home page takes the month's token ahead of time (C4): that is the request that is lost.
    # One handler stays for the whole test: removing it while it still runs raced with its abort.
    page.route("**/api/v1/feedback/token", lose_the_first_response)
    sign_in(page, base, "aiko@sakura.example", PASSWORD)
    page.wait_for_function(PENDING)
    for _ in range(200):  # the handler finishes a moment after the page kept its state
        if lost:
            break
        page.wait_for_timeout(50)
    assert lost
    assert PeriodMark.objects.filter(purpose="feedback").count() == 1
    assert page.evaluate(PENDING) and not page.evaluate(FINISHED)
    page.goto(base + "/feedback/")  # the page says "already taken" without the kept state; with it, it retries
    status = page.locator("[data-feedback-status]")
    page.wait_for_function(FINISHED)
    assert len(bodies) == 2 and bodies[0] == bodies[1]  # the same blinded message
    assert not page.evaluate(PENDING)  # kept only until the token was stored
    page.locator("input[name=safe][value=yes]").check()
    page.locator("input[name=useful][value=yes]").check()
    page.locator("main form button[type=submit]").click()
    expect(status).to_contain_text("ありがとうございます")
    assert PeriodMark.objects.filter(purpose="feedback").count() == 1
    assert FeedbackPending.objects.count() == 1 and SpentToken.objects.count() == 1
    context.close()


@pytest.mark.browser
def test_every_members_home_page_takes_the_months_token_ahead_so_taking_one_tells_nothing(cast, asgi_server, browser):
    """C4 of the black-box attack: marks of who took a token, in the order taken, lined up one to
    one with feedback rows in the order sent.  The home page now takes the token ahead of time for
    every member, whether or not they will ever send feedback."""
    from kabeuchi.org.models import FeedbackPending, PeriodMark

    base = asgi_server
    takers = []
    for email in ("aiko@sakura.example", "bunta@sakura.example"):
        context = browser.new_context(locale="ja-JP")
        page = context.new_page()
        sign_in(page, base, email, PASSWORD)
        page.goto(base + "/")
        # then the token is taken in the background, with nothing shown and nothing sent
        page.wait_for_function(FINISHED)
        expect(page.locator("[data-feedback-status]")).to_have_count(0)
        takers.append(context)
    assert PeriodMark.objects.filter(purpose="feedback").count() == 2 and FeedbackPending.objects.count() == 0
    # bunta, who took his second, is the one who sends: the form finds his token ready
    page = takers[1].pages[0]
    page.goto(base + "/feedback/")
    expect(page.locator("[data-feedback-status]")).to_contain_text("準備ができました")
    page.locator("input[name=safe][value=yes]").check()
    page.locator("input[name=useful][value=yes]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("[data-feedback-status]")).to_contain_text("ありがとうございます")
    assert FeedbackPending.objects.count() == 1 and PeriodMark.objects.filter(purpose="feedback").count() == 2
    # and a later visit home takes nothing more
    page.goto(base + "/")
    assert page.locator("[data-prefetch]").count() == 0
    for context in takers:
        context.close()
