"""In a browser: joining through an invitation by e-mail, then resetting the password by e-mail,
with the mails read from the test outbox (issue 13)."""

import re

import pytest
from django.core import mail

from kabeuchi.accounts import services
from kabeuchi.accounts.models import Membership
from tests.e2e.conftest import ARTIFACTS


def _link(pattern: str) -> str:
    found = re.search(pattern, mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_naoko_joins_by_e_mail_and_later_resets_her_password(cast, live_server, browser, settings):
    settings.KABEUCHI_MAIL_RESPONSE_FLOOR_MS = 0
    token = services.invitation_create(organisation=cast.sakura, department="開発部").token
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ja-JP")
    # given an invitation link, she gives only her address
    page.goto(f"{live_server.url}/join/{token}/")
    assert "さくら工業" in page.content()
    page.get_by_label("メールアドレス").fill("naoko@sakura.example")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert "メールをご確認ください" in page.locator("h1").inner_text()
    page.screenshot(path=str(ARTIFACTS / "signup-sent-phone.png"), full_page=True)
    # when she opens the link in the mail and chooses a name and a password
    assert mail.outbox[-1].to == ["naoko@sakura.example"]
    page.goto(_link(r"http://[^\s]+/accounts/signup/complete/[^\s]+/"))
    assert "naoko@sakura.example" in page.content()
    page.get_by_label("お名前（呼ばれたい名前）").fill("新井 直子")
    page.locator("input[name=password1]").fill("lagoon-7-ferry-boat")
    page.locator("input[name=password2]").fill("lagoon-7-ferry-boat")
    page.locator("main button[type=submit]").click()
    # then she is in, a member of Sakura, and the privacy screen comes first
    page.wait_for_url("**/welcome/")
    membership = Membership.objects.select_related("user").get(user__email="naoko@sakura.example")
    assert (membership.organisation, membership.user.display_name) == (cast.sakura, "新井 直子")
    # when she has forgotten her password, signed out
    page.context.clear_cookies()
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("link", name="パスワードをお忘れの方").click()
    page.get_by_label("メールアドレス").fill("naoko@sakura.example")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/password/reset/sent/")
    assert "アカウントがあるかどうか" in page.content()
    page.goto(_link(r"http://[^\s]+/accounts/password/reset/[^\s]+/"))
    page.locator("input[name=new_password1]").fill("harbour-9-lantern-sky")
    page.locator("input[name=new_password2]").fill("harbour-9-lantern-sky")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/accounts/password/reset/done/")
    # then she signs in with the new one
    page.get_by_role("link", name="ログイン").last.click()
    page.get_by_label("メールアドレス").fill("naoko@sakura.example")
    page.get_by_label("パスワード").fill("harbour-9-lantern-sky")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url
    # and no mail carried her name or anything she typed
    assert len(mail.outbox) == 2
    assert all("新井" not in m.subject + m.body for m in mail.outbox)
