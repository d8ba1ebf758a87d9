"""In a browser: company sign-in against a real OpenID provider on 127.0.0.1 (issue 13): the
first sign-in makes the account, the second reuses it, and an address whose domain has no
company sign-in gets the polite page."""

import pytest

from kabeuchi.accounts import services
from kabeuchi.accounts.models import Membership, User
from tests.accounts.oidc_provider import LocalProvider
from tests.e2e.conftest import ARTIFACTS


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_mirai_signs_in_with_her_company_account_twice_and_a_stranger_domain_is_refused(cast, live_server, browser):
    # given Sakura's provider, with mirai signed in there
    provider = LocalProvider().start()
    try:
        provider.redirect_uris = [live_server.url + "/accounts/sso/callback/"]
        provider.person = ("mirai-0001", "mirai@sakura.example")
        services.sso_configure(
            organisation=cast.sakura, issuer=provider.issuer, client_id=provider.client_id,
            client_secret=provider.client_secret, domains=["sakura.example"],
        )
        page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ja-JP")
        # when she chooses company sign-in on the sign-in page
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_role("link", name="会社のアカウントでログイン").click()
        assert "Kabeuchiにログインしたことが伝わります" in page.content()
        page.get_by_label("勤務先のメールアドレス").fill("mirai@sakura.example")
        page.locator("main button[type=submit]").click()
        # then she comes back signed in, to the privacy screen, a member of Sakura
        page.wait_for_url("**/welcome/")
        page.screenshot(path=str(ARTIFACTS / "sso-first-sign-in-phone.png"), full_page=True)
        user = User.objects.get(email="mirai@sakura.example")
        assert Membership.objects.get(user=user).organisation == cast.sakura
        # when she signs in again another day
        page.context.clear_cookies()
        page.goto(live_server.url + "/accounts/sso/")
        page.get_by_label("勤務先のメールアドレス").fill("mirai@sakura.example")
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/welcome/")
        # then it is the same account
        assert User.objects.filter(email="mirai@sakura.example").count() == 1
        # when someone tries an address of a domain without company sign-in
        page.context.clear_cookies()
        page.goto(live_server.url + "/accounts/sso/")
        page.get_by_label("勤務先のメールアドレス").fill("someone@elsewhere.example")
        page.locator("main button[type=submit]").click()
        page.wait_for_load_state()
        # then a polite page, and no account
        assert "会社のアカウントでのログインは設定されていません" in page.locator("h1").inner_text()
        assert not User.objects.filter(email="someone@elsewhere.example").exists()
    finally:
        provider.stop()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_aiko_links_her_company_sign_in_with_her_password_once(cast, live_server, browser):
    from tests.conftest import PASSWORD

    provider = LocalProvider().start()
    try:
        provider.redirect_uris = [live_server.url + "/accounts/sso/callback/"]
        provider.person = ("aiko-0001", "aiko@sakura.example")
        services.sso_configure(
            organisation=cast.sakura, issuer=provider.issuer, client_id=provider.client_id,
            client_secret=provider.client_secret, domains=["sakura.example"],
        )
        for locale, heading, wrong, label in (
            ("en-US", "Link your company sign-in", "That password is not right", "Your Kabeuchi password"),
            ("ja-JP", "会社のアカウントでのログインをつなげる", "パスワードが違うようです", "Kabeuchiのパスワード"),
        ):
            page = browser.new_page(viewport={"width": 390, "height": 844}, locale=locale)
            # given aiko, who has a password account, signs in with her company account
            page.goto(live_server.url + "/accounts/sso/")
            page.locator("input[name=email]").fill("aiko@sakura.example")
            page.locator("main button[type=submit]").click()
            # then she is asked for her Kabeuchi password once, in her language
            page.wait_for_url("**/accounts/sso/confirm/")
            assert heading in page.locator("h1").inner_text()
            # when she mistypes it, a plain message says so and nothing is opened
            page.get_by_label(label).fill("not-my-password")
            page.locator("main button[type=submit]").click()
            page.wait_for_load_state()
            assert wrong in page.content()
            page.screenshot(path=str(ARTIFACTS / f"sso-confirm-{locale}-phone.png"), full_page=True)
            if locale == "ja-JP":
                # when she types it right, she is in her own account
                page.get_by_label(label).fill(PASSWORD)
                page.locator("main button[type=submit]").click()
                page.wait_for_url(live_server.url + "/")
                assert "つなげました" in page.content()
            page.close()
    finally:
        provider.stop()
