"""Browser: aiko shares one topic with her manager on her phone and ticks the e-mail notice;
bunta's mail holds her name and the link only, and the link opens the share for him."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from kabeuchi.oneonone import services
from kabeuchi.vault.actor import acting_as, person
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, sign_in

CANARY = "CANARY-notice-flow-8d2e"


@pytest.mark.browser
def test_aiko_shares_with_a_notice_and_bunta_opens_the_link_from_the_mail(cast, asgi_server, browser):
    with acting_as(person(cast.aiko.pk)):
        agenda = services.agenda_create(
            user=cast.aiko, content={"topics": [{"category": "career", "text": f"{CANARY} 異動したい", "style": "listen"}]}
        )
    mail.outbox.clear()
    # given aiko on her phone, on the preview of her agenda
    aiko = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP").new_page()
    sign_in(aiko, asgi_server, "aiko@sakura.example", PASSWORD)
    aiko.goto(asgi_server + f"/1on1/{agenda.pk}/preview/")
    notify = aiko.locator("input[name=notify]")
    # then the notice is offered, unticked
    expect(notify).not_to_be_checked()
    # when she ticks the topic and the notice and shares with her manager
    aiko.locator("input[name=items][value=topic-0]").check()
    aiko.locator("input[name=recipient][value=manager]").check()
    notify.check()
    aiko.screenshot(path=str(ARTIFACTS / "share-notice-form-phone.png"), full_page=True)
    aiko.locator("main form button[type=submit]").last.click()
    # then she is told the mail went, and sees the link
    expect(aiko.locator("#share-notice")).to_be_visible()
    link = aiko.locator("#share-link").input_value()
    aiko.screenshot(path=str(ARTIFACTS / "share-notice-sent-phone.png"), full_page=True)
    # and bunta's mail names her, carries the link, and nothing she wrote
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bunta@sakura.example"]
    assert "相田 愛子さんから1on1の準備が共有されました" in message.subject
    assert CANARY not in message.subject + message.body and "異動" not in message.body
    mailed = re.search(r"http://\S+/shared/\S+/", message.body).group(0)
    assert mailed == link
    # when bunta opens the link from the mail, signed in
    bunta = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP").new_page()
    sign_in(bunta, asgi_server, "bunta@sakura.example", PASSWORD)
    response = bunta.goto(mailed)
    # then he sees the topic she shared
    assert response.status == 200
    expect(bunta.locator(".shared-agenda .agenda-item")).to_contain_text(CANARY)
