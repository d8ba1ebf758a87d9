"""Browser: the career notebook on a phone, with the CSP of production in force."""

import pytest

from kabeuchi.coach import services as coach
from kabeuchi.coach.engines.base import Turn
from kabeuchi.coach.state import state_from_json, state_to_json
from kabeuchi.notebook.models import CheckIn, Goal, Strength
from kabeuchi.vault.actor import acting_as, person
from tests.conftest import PASSWORD
from tests.e2e.conftest import ARTIFACTS, sign_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_aiko_checks_in_sees_her_trend_and_accepts_one_idea_from_a_conversation(cast, live_server, browser):
    # given a saved conversation of aiko's
    with acting_as(person(cast.aiko.pk)):
        _, conversation = coach.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")
        state = state_from_json(conversation.state).adding(
            Turn("person", "人の話をじっくり聞くのが得意です。来年は勉強会で発表したいです。")
        )
        conversation.state = state_to_json(state)
        conversation.save()
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ja-JP")
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, live_server.url, "aiko@sakura.example", PASSWORD)
    # when she taps her energy twice from the notebook
    page.goto(live_server.url + "/notebook/")
    page.locator(".energy-buttons button[value='2']").click()
    page.wait_for_url("**/notebook/energy/")
    page.locator(".energy-buttons button[value='4']").click()
    page.wait_for_url("**/notebook/energy/")
    # then her trend is drawn by the served chart library (no CSP error) with a table beside it
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('energy-chart'))")
    assert page.evaluate("() => Chart.getChart(document.getElementById('energy-chart')).data.datasets[0].data") == [2, 4]
    assert page.locator("table tbody tr").count() == 2
    assert CheckIn.objects.filter(owner=cast.aiko).count() == 2
    page.screenshot(path=str(ARTIFACTS / "notebook-energy-phone.png"), full_page=True)
    # when she opens the ideas from her conversation, discards the goal and accepts the strength
    page.goto(live_server.url + f"/notebook/proposals/{conversation.pk}/")
    page.screenshot(path=str(ARTIFACTS / "notebook-proposals-phone.png"), full_page=True)
    goal = page.locator("form[data-proposal]").filter(has=page.locator("input[name=kind][value=goal]"))
    goal.locator("[data-discard]").click()
    assert goal.count() == 0
    strength = page.locator("form[data-proposal]").filter(has=page.locator("input[name=kind][value=strength]"))
    strength.locator("input[name=text]").fill("じっくり聴く力")
    strength.locator("button[type=submit]").click()
    page.wait_for_load_state()
    # then only the accepted, edited strength is in her notebook; the discarded goal is nowhere
    assert [s.name for s in Strength.objects.filter(owner=cast.aiko)] == ["じっくり聴く力"]
    assert not Goal.objects.filter(owner=cast.aiko).exists()
    page.goto(live_server.url + "/notebook/career/")
    assert "じっくり聴く力" in page.content()
    page.screenshot(path=str(ARTIFACTS / "notebook-career-phone.png"), full_page=True)
    page.goto(live_server.url + "/notebook/")
    assert "じっくり聴く力" in page.content()
    page.screenshot(path=str(ARTIFACTS / "notebook-home-phone.png"), full_page=True)
    assert not problems, problems
