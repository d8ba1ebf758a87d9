import io
import json
import zipfile

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_aiko_signs_in_reads_the_privacy_screen_switches_language_and_exports(cast, live_server, browser):
    # given aiko has not yet read the privacy screen
    cast.aiko.preferences.guideline_read = False
    cast.aiko.preferences.save()
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ja-JP", accept_downloads=True)
    # when she signs in
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("メールアドレス").fill("aiko@sakura.example")
    page.get_by_label("パスワード").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    # then the first thing she sees is who can see what, in Japanese
    page.wait_for_url("**/welcome/")
    assert "あなただけ" in page.content()
    page.screenshot(path=str(ARTIFACTS / "welcome-phone.png"), full_page=True)
    page.get_by_label("30日間保存する").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url(live_server.url + "/")
    # and she writes a note
    page.goto(live_server.url + "/notes/")
    page.get_by_label("メモ", exact=True).fill("チームは好き。でも、本当は企画の仕事もしてみたい。")
    page.locator("main button[type=submit]").click()
    assert "企画の仕事" in page.content()
    # when she switches to English
    page.select_option("#lang-select", "en")
    page.get_by_role("button", name="切り替える").click()
    page.wait_for_load_state()
    assert "Notes" in page.locator("h1").inner_text()
    # and exports her data from My data
    page.get_by_role("link", name="My data").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export everything (ZIP)").click()
    path = download_info.value.path()
    archive = zipfile.ZipFile(io.BytesIO(open(path, "rb").read()))
    data = json.loads(archive.read("data.json"))
    # then the ZIP holds her note, readable
    assert data["notes"][0]["body"] == "チームは好き。でも、本当は企画の仕事もしてみたい。"
    assert "企画の仕事" in archive.read("notes.md").decode()
    page.screenshot(path=str(ARTIFACTS / "mydata-en-phone.png"), full_page=True)
