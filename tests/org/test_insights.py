"""Aggregate insights: k, complementary suppression, the linear audit, noise and the budget.

The property tests build random synthetic organisations and then attack the released cells the
way a curious viewer would: subtract shown children from a shown parent, subtract nested cells,
and finally try every linear combination of released counts (a rank test per person).
"""

from __future__ import annotations

import numpy as np
import pytest
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kabeuchi.org import insights
from kabeuchi.org.insights import Budget, BudgetExhausted, Member, cells_of, gate


@st.composite
def organisations(draw):
    departments = draw(st.integers(1, 4))
    teams = draw(st.integers(1, 3))
    extras = draw(st.integers(1, 3))
    n = draw(st.integers(3, 70))
    people = [
        (f"d{draw(st.integers(0, departments - 1))}", f"t{draw(st.integers(0, teams - 1))}", f"e{draw(st.integers(0, extras - 1))}")
        for _ in range(n)
    ]
    return people, draw(st.sampled_from([5, 10])), draw(st.booleans())


def _atom(person, with_extra):
    d, t, e = person
    return (d, t, e if with_extra else "")


def _membership_matrix(people, released, with_extra):
    index = {cell: i for i, cell in enumerate(released)}
    m = np.zeros((len(released), len(people)))
    for j, person in enumerate(people):
        for cell in cells_of(_atom(person, with_extra), with_extra=with_extra):
            if cell in index:
                m[index[cell], j] = 1
    return m


def _released(people, k, with_extra):
    sizes = {}
    for p in people:
        sizes[_atom(p, with_extra)] = sizes.get(_atom(p, with_extra), 0) + 1
    return list(gate(sizes, k=k, with_extra=with_extra).released)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_every_released_cell_covers_at_least_k_people(org):
    people, k, with_extra = org
    released = _released(people, k, with_extra)
    m = _membership_matrix(people, released, with_extra)
    assert all(row.sum() >= k for row in m)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_a_differencing_attack_recovers_no_individual(org):
    people, k, with_extra = org
    released = _released(people, k, with_extra)
    m = _membership_matrix(people, released, with_extra)
    rows = list({frozenset(int(j) for j in np.flatnonzero(r)) for r in m})  # identical cells count once
    # attack 1: nested difference of any two released cells
    for a in rows:
        for b in rows:
            if b < a:
                assert len(a - b) >= k, "a nested difference singles out a small group"
    # attack 2: a parent minus all of its released children that lie inside it
    for a in rows:
        inside = [b for b in rows if b < a]
        covered = frozenset().union(*inside) if inside else frozenset()
        if sum(len(b) for b in inside) == len(covered):  # disjoint children: a real partition
            rest = a - covered
            assert not (0 < len(rest) < k), "parent minus children singles out a small group"
    # attack 3: any linear combination at all (rank test per person)
    if len(released):
        rank = np.linalg.matrix_rank(m)
        for i in range(len(people)):
            unit = np.zeros(len(people))
            unit[i] = 1
            assert np.linalg.matrix_rank(np.vstack([m, unit])) > rank, f"person {i}'s value is a combination of released counts"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_no_group_smaller_than_k_is_a_combination_of_released_counts(org):
    """The strongest attack: every group of fewer than k people that can be told apart (a set of
    small atoms) is tested for membership of the released cells' row space."""
    from itertools import combinations

    people, k, with_extra = org
    released = _released(people, k, with_extra)
    if not released:
        return
    m = _membership_matrix(people, released, with_extra)
    atoms = {}
    for j, p in enumerate(people):
        atoms.setdefault(_atom(p, with_extra), []).append(j)
    small = [js for js in atoms.values() if len(js) < k]
    rank = np.linalg.matrix_rank(m)
    for r in range(1, min(len(small), 6) + 1):
        for group in combinations(small, r):
            members = [j for js in group for j in js]
            if len(members) >= k:
                continue
            v = np.zeros(len(people))
            v[members] = 1
            assert np.linalg.matrix_rank(np.vstack([m, v])) > rank, f"a group of {len(members)} is derivable"


def test_the_gate_still_shows_cells_in_a_large_enough_organisation():
    people = [(f"d{i % 3}", f"t{i % 2}", "") for i in range(120)]
    released = _released(people, 10, False)
    assert ("org",) in released and ("department", "d0") in released and len(released) >= 7


def test_a_team_of_six_is_never_shown_and_its_sibling_is_hidden_with_it():
    sizes = {("dev", "a", ""): 6, ("dev", "b", ""): 30, ("ops", "c", ""): 40}
    released = gate(sizes, k=10).released
    assert ("team", "dev", "a") not in released
    assert ("team", "dev", "b") not in released  # complementary: dev − b would give a
    assert ("department", "dev") in released


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
        inside += org.members.low <= 400 <= org.members.high
    assert inside >= 36  # 95 % intervals, rounded outward


def test_theme_counts_below_k_are_not_shown():
    members = [Member("dev", "a") for _ in range(50)]
    snap = insights.release(members, period="2026-10", k=10, theme_counts={"moyamoya": 30, "oneonone": 3})
    assert [t.theme for t in snap.themes] == ["moyamoya"]


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
        with pytest.raises(BudgetExhausted):
            period_release(organisation=cast.sakura, period="2026-10")
    snap = insights.snapshot_list(organisation=cast.sakura)[0]
    assert {t.theme for t in snap.themes} <= {"moyamoya", "career"}


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
    # then no group is shown, and the sections come voices → themes → numbers
    assert "<table" not in page
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
    for i in range(40):
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


def test_a_department_with_one_team_cannot_stand_in_for_a_hidden_sibling():
    # given two departments of 20 (one team each) and four people in small departments
    sizes = {("a", "", ""): 20, ("b", "", ""): 20, ("x", "p", ""): 2, ("y", "", ""): 1, ("z", "", ""): 1}
    released = set(gate(sizes, k=10).released)
    # then the organisation minus whatever covers a and b never leaves the four small-department people
    covers_a = ("department", "a") in released or ("team", "a", "") in released
    covers_b = ("department", "b") in released or ("team", "b", "") in released
    assert not (("org",) in released and covers_a and covers_b)


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
