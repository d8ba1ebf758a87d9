"""The organisation side in a real browser: chika imports programmes (one bad row first), aiko
sees a programme ranked for her with the reason in her own words, and chika's report shows no
numbers for a team of six."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, sign_in

HEADER = "kind,title,description,eligibility,how_to_apply,apply_url,starts_on,ends_on\n"
GOOD = (
    "posting,データ分析チーム 社内公募,データ分析と機械学習で事業を支えるチームです,入社2年以上,人事部 公募窓口,https://intra.example/koubo,2026-04-01,2026-05-31\n"
    "reskilling,営業のための話し方講座,顧客との対話と提案の練習,,研修ポータルから申し込み,,,\n"
)
BAD = "mentoring,,説明だけ,,,,2026-13-01,\n"


@pytest.mark.browser
def test_chika_imports_programmes_aiko_sees_hers_ranked_and_a_team_of_six_shows_nothing(cast, asgi_server, browser, settings):
    import datetime

    from django.utils import timezone

    from kabeuchi.accounts import services as account_services
    from kabeuchi.accounts.models import Organisation, User
    from kabeuchi.notebook.models import Note
    from kabeuchi.org.periods import period_of, period_previous
    from kabeuchi.org.release import period_release
    from kabeuchi.vault.actor import acting_as, person

    base = asgi_server
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ja-JP")
    # given chika of the people team signs in and uploads a CSV with one bad row
    sign_in(page, base, "chika@sakura.example", PASSWORD)
    page.goto(base + "/org/programmes/")
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "programmes.csv", "mimeType": "text/csv", "buffer": (HEADER + GOOD + BAD).encode()}]
    )
    page.locator("form[enctype] button[type=submit]").click()
    # then she sees which row is wrong, and nothing was imported
    report = page.locator(".import-errors")
    expect(report).to_be_visible()
    expect(report).to_contain_text("4")  # Excel's row of the bad line (the header is row 1)
    expect(report).to_contain_text("title")
    page.screenshot(path=str(ARTIFACTS / "programme-import-errors-phone.png"), full_page=True)
    from kabeuchi.opportunities.models import Programme

    assert Programme.objects.count() == 0
    # when she fixes the file and imports again
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "programmes.csv", "mimeType": "text/csv", "buffer": (HEADER + GOOD).encode()}]
    )
    page.locator("form[enctype] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("データ分析チーム 社内公募")
    assert Programme.objects.count() == 2

    # given aiko wrote what she wants in her notebook
    with acting_as(person(cast.aiko.pk)):
        Note.objects.create(owner=cast.aiko, title="これから", body="いつかデータ分析の仕事に挑戦したい。")
    aiko = browser.new_page(viewport={"width": 390, "height": 844}, locale="ja-JP")
    sign_in(aiko, base, "aiko@sakura.example", PASSWORD)
    aiko.goto(base + "/programmes/")
    first = aiko.locator("section.programme").first
    # then the posting comes first, with the reason in her own words
    expect(first.locator("h2")).to_have_text("データ分析チーム 社内公募")
    expect(first.locator(".reason")).to_contain_text("データ分析の仕事に挑戦したい")
    aiko.screenshot(path=str(ARTIFACTS / "programmes-ranked-phone.png"), full_page=True)
    # and she gives anonymous feedback, told next to the form how it stays anonymous
    aiko.goto(base + "/feedback/")
    expect(aiko.locator("#how-anonymous")).to_be_visible()
    aiko.locator("input[name=safe][value=yes]").check()
    aiko.locator("input[name=useful][value=somewhat]").check()
    aiko.locator("textarea[name=comment]").fill("話しやすかった")
    aiko.locator("main form button[type=submit]").click()
    expect(aiko.locator("main form button[type=submit]")).to_have_count(0)  # once a month: the form is gone
    aiko.screenshot(path=str(ARTIFACTS / "feedback-given-phone.png"), full_page=True)

    # given aiko's team has six people and last month is released
    for i in range(4):
        user = User.objects.create_user(f"team{i}@sakura.example", PASSWORD, display_name=f"team{i}")
        account_services.membership_create(user=user, organisation=cast.sakura, role="member", department="開発部", team="プラットフォーム")
    # (the organisation existed before last month: a month before it existed cannot be released)
    Organisation.objects.filter(pk=cast.sakura.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    cast.sakura.refresh_from_db()
    # With k = 10 a public cell of 8 people is shown when noise adds 20 (about 2% per cell), so
    # the story "too few people, no numbers" is told with k = 50: that takes noise of 60 (2e-5).
    settings.KABEUCHI_K_MINIMUM = 50
    period_release(organisation=cast.sakura, period=period_previous(period_of()))
    # then chika's report shows no numbers at all
    page.goto(base + "/org/insights/")
    expect(page.locator(".insights-empty")).to_be_visible()
    assert page.locator("table").count() == 0
    page.screenshot(path=str(ARTIFACTS / "insights-team-of-six-phone.png"), full_page=True)
