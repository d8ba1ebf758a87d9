"""Aggregate insights: a differentially private release, its shape included, and the budget.

The attacks (an adversary who knows everyone else, neighbouring organisations, admin-made
accounts, re-keyed periods, pilot polling) are in test_insights_attacks.py.
"""

from __future__ import annotations

import pytest
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kabeuchi.org import insights
from kabeuchi.org.insights import Budget, BudgetExhausted, Member


@st.composite
def organisations(draw):
    departments = draw(st.integers(1, 4))
    teams = draw(st.integers(1, 3))
    n = draw(st.integers(0, 400))
    return [
        Member(f"d{draw(st.integers(0, departments - 1))}", f"t{draw(st.integers(0, teams - 1))}", active=draw(st.booleans()))
        for _ in range(n)
    ], draw(st.sampled_from([5, 10]))


def test_one_release_costs_at_most_epsilon_one_and_delta_one_in_a_million_by_opendps_own_maps():
    for with_extra in (False, True):
        epsilon, delta = insights.privacy_loss(with_extra=with_extra)
        assert epsilon <= 1.0 + 1e-9 and delta <= 1e-6
    assert insights.EPSILON == pytest.approx(1.0) and insights.cell_threshold() >= 10


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_a_cell_outside_the_organisation_chart_is_shown_only_when_its_noisy_count_passes_the_threshold(org):
    members, k = org
    snapshot = insights.release(members, period="2026-10", k=k, theme_keys=[])
    threshold = insights.cell_threshold()
    accuracy = insights._accuracy(insights.selection_scale(with_extra=False))
    for figure in snapshot.cells:
        # the released range is built around the noisy count, which passed the threshold
        assert figure.members.high >= (threshold if figure.cell != ("org",) else k)
        assert figure.members.high - figure.members.low <= 2 * accuracy + 2 * insights.ROUND_TO
    assert snapshot.hidden == 0  # no exact count of hidden cells is released


def test_a_snapshot_carries_no_exact_hidden_count_even_from_older_stored_figures():
    snapshot = insights.release([Member("dev", "a")] * 300, period="2026-10", k=10)
    data = insights.snapshot_to_json(snapshot)
    assert "hidden" not in data and data["delta"] == insights.DELTA
    data["hidden"] = 7  # a snapshot stored by the old gate
    assert insights.snapshot_from_json(data).hidden == 0


def test_a_large_enough_organisation_still_sees_its_cells():
    members = [Member(f"d{i % 3}", f"t{i % 2}") for i in range(1200)]
    seen = [len(insights.release(members, period="2026-10", k=10).cells) for _ in range(20)]
    assert min(seen) >= 7  # org, 3 departments, and most of the 6 teams of 200


def test_cells_named_by_the_organisation_chart_are_shown_from_k_not_from_the_threshold():
    members = [Member("dev", "a")] * 50 + [Member("ops", "b")] * 50
    chart = {("department", "dev"), ("team", "dev", "a"), ("department", "ops"), ("team", "ops", "b")}
    # shown in 98.4 % of releases (measured over 2,000): 18 of 20 failed about one run in 250 (the
    # twelfth session's fresh-clone CI got 17); 185 of 200 fails once in about 3 million runs
    shown = [{f.cell for f in insights.release(members, period="2026-10", k=10, public_cells=chart).cells} for _ in range(200)]
    assert sum(("team", "dev", "a") in s for s in shown) >= 185
    # Without the chart a team of 15 (above k) needs the noisy threshold (86 at scale 6): the
    # chance that noise lifts it there in 20 releases is 20 * 0.5 * exp(-71/6), about 7e-5.
    small = [Member("dev", "a")] * 15 + [Member("ops", "b")] * 85
    hidden = [{f.cell for f in insights.release(small, period="2026-10", k=10).cells} for _ in range(20)]
    assert not any(("team", "dev", "a") in s for s in hidden)


def test_budget_exhaustion_refuses_further_releases():
    budget = Budget(1.0)
    budget.spend(1.0)
    with pytest.raises(BudgetExhausted):
        budget.spend(0.01)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 5))
def test_more_releases_than_the_budget_allows_are_refused(n):
    budget = Budget(1.0)
    per_release = sum(insights.EPSILON_SPLIT.values())
    for _ in range(int(1.0 // per_release)):
        budget.spend(per_release)
    for _ in range(n):
        with pytest.raises(BudgetExhausted):
            budget.spend(per_release)


def test_noise_comes_from_opendp_and_ranges_contain_the_truth_mostly():
    members = [Member("dev", f"t{i % 4}", active=i % 3 == 0) for i in range(400)]
    inside = 0
    for _ in range(40):
        snap = insights.release(members, period="2026-10", k=10)
        org = next(c for c in snap.cells if c.cell == ("org",))
        inside += (org.members.low <= 400 <= org.members.high) + (org.active.low <= 134 <= org.active.high)
    # 80 intervals of 95 %, counted one by one: at least 67 hold the truth unless the intervals are
    # badly calibrated (a 4e-5 event at 95 %; measured coverage 97-98 %). Requiring both of a pair
    # at once, 34 of 40, failed about one run in ten (a fresh-clone CI on 2026-11-28: 33)
    assert inside >= 67


def test_a_theme_is_shown_only_when_its_noisy_range_starts_at_k_or_more():
    members = [Member("dev", "a") for _ in range(500)]
    for _ in range(10):
        snap = insights.release(members, period="2026-10", k=10, theme_counts={"moyamoya": 300, "oneonone": 3, "made-up": 400})
        # the made-up key is not a public theme: it is never released; a theme with 300 people is
        # (one with few or none may appear now and then: that is the noise, bounded by ε)
        shown = [t.theme for t in snap.themes]
        assert "made-up" not in shown and "moyamoya" in shown
        assert all(t.count.low >= 10 for t in snap.themes)


@pytest.mark.django_db
def test_release_counts_active_people_without_ids_and_spends_the_budget_once(cast):
    from kabeuchi.accounts import services as account_services
    from kabeuchi.accounts.models import User
    from kabeuchi.org.models import InsightSnapshot, PeriodMark, PeriodSecret, PrivacySpend
    from kabeuchi.org.release import period_release
    from kabeuchi.org.usage import usage_record

    people = []
    for i in range(30):
        user = User.objects.create_user(f"u{i}@sakura.example", "pw-12345678-x", display_name=f"u{i}")
        account_services.membership_create(user=user, organisation=cast.sakura, role="member", department="営業部", team=f"t{i % 2}")
        people.append(user)
    with freeze_time("2026-10-10"):
        for user in people[:20]:
            usage_record(user=user, theme="moyamoya")
            usage_record(user=user, theme="moyamoya")  # twice: still once
            usage_record(user=user, theme="career")
            usage_record(user=user, theme="learning")  # a third theme: not counted
        # the marks hold no user id
        assert not any(str(u.pk) in t for u in people for t in PeriodMark.objects.values_list("tag", flat=True))
        assert PeriodMark.objects.filter(purpose="active").count() == 20
        assert PeriodMark.objects.filter(purpose="theme:learning").count() == 0
    with freeze_time("2026-11-02"):
        period_release(organisation=cast.sakura, period="2026-10")
        # then the marks and the secret are gone, the snapshot exists, the budget is spent
        assert not PeriodMark.objects.exists() and not PeriodSecret.objects.exists()
        assert InsightSnapshot.objects.count() == 1
        assert PrivacySpend.objects.get().epsilon == pytest.approx(1.0)
        assert PrivacySpend.objects.get().period == "2026-10"
        with pytest.raises(BudgetExhausted, match="2026-10"):
            period_release(organisation=cast.sakura, period="2026-10")
    snap = insights.snapshot_list(organisation=cast.sakura)[0]
    # Which themes are shown is noisy (a theme nobody chose appears about 1% of the time: the
    # noise must be able to show it, or its absence would tell); what the marks held is checked
    # above. Here: only the code's own theme list can appear, never a key from the data.
    from kabeuchi.coach.themes import THEMES

    assert {t.theme for t in snap.themes} <= set(THEMES)


@pytest.mark.django_db
def test_the_report_puts_voices_and_themes_before_numbers_and_shows_nothing_for_a_team_of_six(cast, client_for):
    from kabeuchi.accounts import services as account_services
    from kabeuchi.accounts.models import User
    from kabeuchi.org.release import period_release

    # given aiko's team grows to six (the whole organisation: eight people, k = 10)
    for i in range(4):
        user = User.objects.create_user(f"s{i}@sakura.example", "pw-12345678-x", display_name=f"s{i}")
        account_services.membership_create(
            user=user, organisation=cast.sakura, role="member", department="開発部", team="プラットフォーム"
        )
    with freeze_time("2026-11-02"):
        period_release(organisation=cast.sakura, period="2026-10")
    page = client_for("chika").get("/org/insights/").content.decode()
    # then the team is not shown (no exact gate: its noisy count would have to pass the threshold),
    # and the sections come voices → themes → numbers
    numbers = page[page.index('id="numbers"'):]
    assert "プラットフォーム" not in numbers and "開発部" not in numbers
    assert page.index('id="voices"') < page.index('id="themes"') < page.index('id="numbers"')


@pytest.mark.django_db
def test_the_guideline_states_who_sees_feedback_pilots_programmes_and_usage_counts(cast, client_for):
    from django.utils import translation

    from kabeuchi.core.policy import data_kinds
    from kabeuchi.org.guideline import guideline_build

    with translation.override("en"):
        labels = {row.label for row in guideline_build(organisation=cast.sakura).rows}
    assert {"Anonymous feedback", "Pilots you joined", "Programmes matched to you", "Monthly usage counts"} <= labels

    keys = {kind.key: kind for kind in data_kinds()}
    assert keys["feedback"].access["admin"] == "none" and keys["feedback"].access["people"] == "aggregate"
    assert keys["programme_matches"].access["people"] == "none"
    assert keys["pilots"].access["people"] == "aggregate"


@pytest.mark.django_db
def test_a_large_enough_organisation_gets_ranges_and_eita_sees_numbers_but_no_feedback(cast, client_for):
    from kabeuchi.accounts import services as account_services
    from kabeuchi.accounts.models import User
    from kabeuchi.org import feedback
    from kabeuchi.org.release import period_release

    people = []
    for i in range(90):
        user = User.objects.create_user(f"l{i}@sakura.example", "pw-12345678-x", display_name=f"l{i}")
        account_services.membership_create(user=user, organisation=cast.sakura, role="member", department=f"部{i % 2}", team="")
        people.append(user)
    with freeze_time("2026-10-10"):
        for user in people[:12]:
            feedback.feedback_submit(user=user, organisation=cast.sakura, safe="yes", useful="yes", comment="安心して使えた、ありがとう")
    with freeze_time("2026-11-02"):
        period_release(organisation=cast.sakura, period="2026-10")
    chika = client_for("chika").get("/org/insights/").content.decode()
    assert "<table" in chika and "安心して使えた" in chika
    assert chika.index("安心して使えた") < chika.index("<table")
    eita = client_for("eita").get("/org/insights/").content.decode()
    assert "<table" in eita and "安心して使えた" not in eita


@pytest.mark.django_db
def test_starting_a_conversation_adds_an_id_free_mark_for_the_month(cast):
    from kabeuchi.coach import services as coach
    from kabeuchi.org.models import PeriodMark

    # when aiko starts a conversation she does not save

    coach.conversation_start(user=cast.aiko, theme="moyamoya", retention_days=0, language="ja")
    # then there is one "active" and one theme mark, neither naming her
    purposes = sorted(PeriodMark.objects.values_list("purpose", flat=True))
    assert purposes == ["active", "theme:moyamoya"]
    for tag in PeriodMark.objects.values_list("tag", flat=True):
        assert str(cast.aiko.pk) not in tag


@pytest.mark.django_db
def test_the_guideline_states_epsilon_delta_and_their_meaning_in_japanese_and_english(client, cast):
    from django.utils import translation

    from kabeuchi.org.guideline import guideline_build

    epsilon, delta = insights.privacy_loss()
    # the numbers come from the release's own parameters
    privacy = guideline_build(organisation=cast.sakura).privacy
    assert (privacy.epsilon, privacy.delta, privacy.threshold) == (epsilon, delta, insights.cell_threshold())
    ja = client.get("/guideline/sakura/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    with translation.override("en"):
        en = client.get("/guideline/sakura/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "差分プライバシー" in ja and "ε = 1.0" in ja and "δ = 0.000001" in ja and "2.7 倍" in ja and "ε = 12" in ja
    assert "differential privacy" in en.lower() and "ε = 1.0" in en and "at most 2.7 times" in en
    assert f"{insights.cell_threshold()}" in ja


@pytest.mark.django_db
def test_the_report_and_pilot_pages_say_in_japanese_that_what_is_shown_is_decided_from_noise(cast, client_for):
    from freezegun import freeze_time

    from kabeuchi.org.release import period_release

    with freeze_time("2026-11-02"):
        period_release(organisation=cast.sakura, period="2026-10")
    report = client_for("chika").get("/org/insights/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "ノイズを加えた" in report
    pilots_page = client_for("chika").get("/org/pilots/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "月に一度" in pilots_page
