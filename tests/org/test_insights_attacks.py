"""Attacks on the monthly release, measured.

The adversary knows the organisation chart and every other person's status (member or not,
active or not, themes, pilots) — including accounts the admin made from their own invitation
links — and sees released snapshots.  Differential privacy promises that for two neighbouring
organisations D_in (with the target) and D_out (without), every event S about the snapshot has
P[S | D_in] ≤ e^ε · P[S | D_out] + δ (and the other way round), so that the attacker's
distinguishing advantage TPR − FPR is at most (e^ε − 1 + 2δ) / (e^ε + 1) ≈ 0.46 at ε = 1.

We run the release many times on each neighbour, estimate the probability of a family of
events (the shape: which cells, themes and pilots are shown; thresholds on every released
figure of the target's cells; and a best-guess attacker combining all of them), and assert the
bound with statistical slack (four standard errors).  On the old exact gate the shape events
have probabilities 1 and 0: an advantage of 1.
"""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kabeuchi.org import insights
from kabeuchi.org.insights import Member

EPSILON = 1.0
DELTA = 1e-6
ADVANTAGE_BOUND = (math.exp(EPSILON) - 1 + 2 * DELTA) / (math.exp(EPSILON) + 1)


def _events(snapshot, *, target_cells, theme, pilot, known):
    """Every yes/no question the adversary may ask of one snapshot."""
    cells = {f.cell: f for f in snapshot.cells}
    themes = {t.theme: t for t in snapshot.themes}
    pilots = {p.pilot: p for p in getattr(snapshot, "pilots", ())}
    events = {("shape", tuple(sorted(cells)), tuple(sorted(themes))): True}
    score = 0.0
    for cell in target_cells:
        events[("shown", cell)] = cell in cells
        if cell in cells:
            figure = cells[cell]
            middle = (figure.members.low + figure.members.high) / 2
            score += middle - known[cell] - 0.5
            for cut in range(-30, 35, 5):
                events[("members-low", cell, cut)] = figure.members.low >= known[cell] + cut
                events[("active-low", cell, cut)] = figure.active.low >= known[("active", cell)] + cut
    events[("theme shown", theme)] = theme in themes
    if theme in themes:
        score += (themes[theme].count.low + themes[theme].count.high) / 2 - known[theme] - 0.5
    if pilot is not None:
        low = pilots[pilot].count.low if pilot in pilots else -1
        events[("pilot at least", pilot)] = low >= snapshot.k
        for cut in range(-30, 35, 5):
            events[("pilot low", pilot, cut)] = low >= known[pilot] + cut
    events[("best guess: in",)] = score > 0
    return events


def _measure(run_in, run_out, trials, **question):
    """Estimated P[event] under both neighbours, for every event seen."""
    counts_in: dict = {}
    counts_out: dict = {}
    for counts, run in ((counts_in, run_in), (counts_out, run_out)):
        for _ in range(trials):
            for event, value in _events(run(), **question).items():
                counts[event] = counts.get(event, 0) + bool(value)
    return {e: (counts_in.get(e, 0) / trials, counts_out.get(e, 0) / trials) for e in set(counts_in) | set(counts_out)}


def _check(probabilities, trials):
    """Assert the (ε, δ) inequalities with slack; return the largest empirical advantage."""
    worst = 0.0
    for event, (p_in, p_out) in probabilities.items():
        for a, b in ((p_in, p_out), (p_out, p_in)):
            spread = math.sqrt(max(a * (1 - a), 1 / trials) / trials + math.exp(2 * EPSILON) * max(b * (1 - b), 1 / trials) / trials)
            assert a <= math.exp(EPSILON) * b + DELTA + 4 * spread + 0.01, (event, p_in, p_out)
        worst = max(worst, abs(p_in - p_out))
    return worst


def _admin_org(rng, *, with_target: bool):
    """200 others across 4 departments; the admin made k − 1 = 9 accounts in the target's team
    (from invitations naming it); 9 others chose the target's theme and joined the pilot."""
    others = [Member(f"d{rng.randrange(4)}", f"t{rng.randrange(3)}", active=rng.random() < 0.3) for _ in range(200)]
    planted = [Member("d0", "small", active=True) for _ in range(9)]
    target = [Member("d0", "small", active=True)] if with_target else []
    return others + planted + target


def test_admin_made_accounts_in_the_targets_team_gain_no_more_than_the_bound():
    rng = random.Random(11)
    members_out = _admin_org(rng, with_target=False)
    members_in = members_out + [Member("d0", "small", active=True)]
    chart = {("department", "d0"), ("team", "d0", "small")}  # the admin's own invitations name the team
    themes_out = {"career": 9, "moyamoya": 40}
    pilots_out = {"pilot-1": 9}
    known = {}
    for cell in (("org",), ("department", "d0"), ("team", "d0", "small")):
        inside = [m for m in members_out if cell == ("org",) or (m.department == "d0" and (cell[0] == "department" or m.team == "small"))]
        known[cell] = len(inside)
        known[("active", cell)] = sum(m.active for m in inside)
    known["career"], known["pilot-1"] = 9, 9

    def run(members, themes, pilots):
        return lambda: insights.release(members, period="2026-10", k=10, theme_counts=themes, pilot_counts=pilots, public_cells=chart)

    trials = 1500
    probabilities = _measure(
        run(members_in, {"career": 10, "moyamoya": 40}, {"pilot-1": 10}), run(members_out, themes_out, pilots_out), trials,
        target_cells=list(chart | {("org",)}), theme="career", pilot="pilot-1", known=known,
    )
    advantage = _check(probabilities, trials)
    print(f"admin-made accounts: empirical advantage {advantage:.3f}, bound {ADVANTAGE_BOUND:.3f}")
    assert advantage <= ADVANTAGE_BOUND


def test_admin_made_accounts_in_a_team_off_the_chart_gain_no_more_than_the_bound():
    """The audit's attack as it was: nine admin-made accounts and the target make exactly k."""
    rng = random.Random(12)
    members_out = _admin_org(rng, with_target=False)
    members_in = members_out + [Member("d0", "small", active=True)]
    cells = [("org",), ("department", "d0"), ("team", "d0", "small")]
    known = {}
    for cell in cells:
        inside = [m for m in members_out if cell == ("org",) or (m.department == "d0" and (cell[0] == "department" or m.team == "small"))]
        known[cell] = len(inside)
        known[("active", cell)] = sum(m.active for m in inside)
    known["career"] = 9
    trials = 1000
    probabilities = _measure(
        lambda: insights.release(members_in, period="2026-10", k=10, theme_counts={"career": 10}),
        lambda: insights.release(members_out, period="2026-10", k=10, theme_counts={"career": 9}), trials,
        target_cells=cells, theme="career", pilot=None, known=known,
    )
    advantage = _check(probabilities, trials)
    print(f"admin-made accounts, team off the chart: empirical advantage {advantage:.3f}, bound {ADVANTAGE_BOUND:.3f}")
    assert advantage <= ADVANTAGE_BOUND


def test_a_cell_at_the_threshold_reveals_no_more_than_the_bound():
    """The most sensitive case for partition selection: the target's team (not on the chart)
    has exactly threshold − 1 other people, so whether it shows is a near coin flip."""
    threshold = insights.cell_threshold() if hasattr(insights, "cell_threshold") else 86
    others = [Member("big", f"t{i % 4}") for i in range(600)] + [Member("edge", "x")] * (threshold - 1)
    with_target = others + [Member("edge", "x", active=True)]
    known = {("org",): len(others), ("department", "edge"): threshold - 1, ("team", "edge", "x"): threshold - 1}
    known.update({("active", c): 0 for c in list(known)})
    known["moyamoya"] = 0
    trials = 1500
    probabilities = _measure(
        lambda: insights.release(with_target, period="2026-10", k=10),
        lambda: insights.release(others, period="2026-10", k=10), trials,
        target_cells=[("org",), ("department", "edge"), ("team", "edge", "x")], theme="moyamoya", pilot=None, known=known,
    )
    advantage = _check(probabilities, trials)
    print(f"cell at the threshold: empirical advantage {advantage:.3f}, bound {ADVANTAGE_BOUND:.3f}")
    assert advantage <= ADVANTAGE_BOUND


@st.composite
def neighbours(draw):
    """A random organisation and one more person: the adversary knows everyone else."""
    departments = draw(st.integers(1, 3))
    teams = draw(st.integers(1, 3))
    sizes = [draw(st.integers(0, 30)) for _ in range(departments * teams)]
    others = [
        Member(f"d{i // teams}", f"t{i % teams}", active=j % 2 == 0) for i, size in enumerate(sizes) for j in range(size)
    ]
    target = Member(f"d{draw(st.integers(0, departments - 1))}", f"t{draw(st.integers(0, teams - 1))}", active=draw(st.booleans()))
    # the organisation chart, when used, names every cell
    chart = {("department", m.department) for m in others + [target]} | {("team", m.department, m.team) for m in others + [target]}
    return others, target, chart, draw(st.sampled_from([5, 10]))


@pytest.mark.parametrize("on_chart", [False, True])
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=neighbours())
def test_an_adversary_who_knows_everyone_else_learns_no_more_than_the_bound(on_chart, case):
    others, target, chart, k = case
    cells = [("org",), ("department", target.department), ("team", target.department, target.team)]
    known = {}
    for cell in cells:
        inside = [m for m in others if cell == ("org",) or (m.department == cell[1] and (cell[0] == "department" or m.team == cell[2]))]
        known[cell] = len(inside)
        known[("active", cell)] = sum(m.active for m in inside)
    theme_count = max(k - 1, 0)
    known["career"] = theme_count
    trials = 300
    chart_kw = {"public_cells": chart} if on_chart else {}
    probabilities = _measure(
        lambda: insights.release(others + [target], period="2026-10", k=k, theme_counts={"career": theme_count + 1}, **chart_kw),
        lambda: insights.release(others, period="2026-10", k=k, theme_counts={"career": theme_count}, **chart_kw),
        trials, target_cells=cells, theme="career", pilot=None, known=known,
    )
    assert _check(probabilities, trials) <= ADVANTAGE_BOUND + 0.1


# --- the ledger cannot be re-keyed -------------------------------------------------------------


@given(st.text(max_size=12))
def test_only_a_plain_yyyy_mm_names_a_month(label):
    from django.core.exceptions import ValidationError

    from kabeuchi.org.periods import period_canonical

    try:
        canonical = period_canonical(label)
    except ValidationError:
        return
    assert canonical == label and len(label) == 7 and label[4] == "-" and 1 <= int(label[5:]) <= 12


def _made_up_labels():
    """600 labels for October 2026 and other months, as an attacker would invent them."""
    labels = ["2026-10 ", " 2026-10", "2026-10\n", "2026-1", "2026-010", "2026-10-01", "2026/10", "202610", "2026-10a",
              "2026-10-31", "2026-10T00", "２０２６-１０", "2026‐10", "2026−10", "x2026-10", "2026-10#2", "2026-10?"]
    labels += [f"2026-10{suffix}" for suffix in ("-", "_", ".", "x", "Z", "+09:00", "%20")]
    labels += [f"{year}-{month:02d}" for year in (2019, 2020, 2024, 2025, 2026, 2027) for month in range(1, 13)]
    labels += [f"2026-{month}" for month in range(1, 100)]
    labels += [f"{year}-10" for year in range(1900, 2300, 1)]
    labels += [f"2026-10 #{i}" for i in range(100)]
    return [label for label in dict.fromkeys(labels) if label != "2026-10"][:600]


@pytest.mark.django_db
def test_a_month_is_released_once_and_no_other_label_opens_a_new_release(cast):
    from django.core.exceptions import ValidationError
    from django.utils import translation
    from freezegun import freeze_time

    from kabeuchi.org.insights import BudgetExhausted
    from kabeuchi.org.models import InsightSnapshot, PrivacySpend
    from kabeuchi.org.release import period_release

    labels = _made_up_labels()
    assert len(labels) == 600
    with freeze_time("2026-11-02"), translation.override("en"):
        period_release(organisation=cast.sakura, period="2026-10")
        refused = 0
        for label in labels:
            try:
                period_release(organisation=cast.sakura, period=label)
            except (ValidationError, BudgetExhausted):
                refused += 1
        with pytest.raises(BudgetExhausted, match="already released"):
            period_release(organisation=cast.sakura, period="2026-10")
    assert refused == 600
    assert list(PrivacySpend.objects.filter(organisation=cast.sakura).values_list("period", flat=True)) == ["2026-10"]
    assert InsightSnapshot.objects.filter(organisation=cast.sakura).count() == 1


@pytest.mark.django_db
def test_months_before_the_organisation_existed_in_the_future_or_long_past_are_refused(cast):
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils import translation
    from freezegun import freeze_time

    from kabeuchi.accounts.models import Organisation
    from kabeuchi.org.release import period_release

    Organisation.objects.filter(pk=cast.sakura.pk).update(created_at=datetime.datetime(2026, 11, 1, 3, tzinfo=datetime.UTC))
    cast.sakura.refresh_from_db()
    with translation.override("en"):
        with freeze_time("2026-11-02"):
            for period, message in (("2026-10", "did not exist"), ("2026-11", "after it has ended"), ("2027-01", "after it has ended")):
                with pytest.raises(ValidationError, match=message):
                    period_release(organisation=cast.sakura, period=period)
        with freeze_time("2027-03-02"):
            with pytest.raises(ValidationError, match="just ended"):
                period_release(organisation=cast.sakura, period="2026-12")


@pytest.mark.django_db
def test_the_release_command_refuses_a_respelled_month_with_a_clear_message(cast):
    from io import StringIO

    from django.core.management import CommandError, call_command
    from django.utils import translation
    from freezegun import freeze_time

    with freeze_time("2026-11-02"), translation.override("en"):
        with pytest.raises(CommandError, match="YYYY-MM"):
            call_command("release_period", period="2026-10 ", stdout=StringIO())
        call_command("release_period", period="2026-10", stdout=StringIO())
        err = StringIO()
        call_command("release_period", period="2026-10", stdout=StringIO(), stderr=err)
    assert "already released" in err.getvalue()


# --- pilots: no live count ----------------------------------------------------------------------


@pytest.mark.django_db
def test_polling_pilot_counts_after_each_join_shows_nothing_until_the_monthly_release(cast):
    import datetime

    from freezegun import freeze_time

    from kabeuchi.accounts import services as account_services
    from kabeuchi.accounts.models import User
    from kabeuchi.org import pilots
    from kabeuchi.org.release import period_release

    with freeze_time("2026-10-01"):
        pilot = pilots.pilot_create(
            organisation=cast.sakura, name="1on1 準備", starts_on=datetime.date(2026, 10, 1), ends_on=datetime.date(2026, 12, 31)
        )
        polls = []
        for i in range(60):
            user = User.objects.create_user(f"p{i}@sakura.example", "pw-12345678-x", display_name=f"p{i}")
            membership = account_services.membership_create(user=user, organisation=cast.sakura, role="member", department="営業部")
            pilots.pilot_join(user=user, membership=membership, code=pilot.code)
            polls.append(pilots.pilot_list_for_people(organisation=cast.sakura, k=10)[0].joined_at_least)
    # then watching the page after each join told nothing: the figure never moved
    assert set(polls) == {None}
    with freeze_time("2026-11-02"):
        period_release(organisation=cast.sakura, period="2026-10")
        released = pilots.pilot_list_for_people(organisation=cast.sakura, k=10)[0].joined_at_least
        # and a join after the release does not move it either
        user = User.objects.create_user("late@sakura.example", "pw-12345678-x", display_name="late")
        membership = account_services.membership_create(user=user, organisation=cast.sakura, role="member", department="営業部")
        pilots.pilot_join(user=user, membership=membership, code=pilot.code)
        assert pilots.pilot_list_for_people(organisation=cast.sakura, k=10)[0].joined_at_least == released
    assert released is None or (released >= 10 and released % 5 == 0)


@pytest.mark.django_db
def test_extra_theme_marks_from_racing_requests_still_count_a_person_at_most_twice(cast):
    """The theme noise assumes two themes per person; the release enforces it per person."""
    from freezegun import freeze_time

    from kabeuchi.org.insights import _period_figures
    from kabeuchi.org.periods import mark_add

    with freeze_time("2026-10-10"):
        for purpose in ("active", "theme:moyamoya", "theme:career", "theme:learning", "theme:made-up"):
            mark_add(organisation=cast.sakura, period="2026-10", user_id=cast.aiko.pk, purpose=purpose)
    members, themes = _period_figures(organisation=cast.sakura, period="2026-10")
    assert sum(themes.values()) == 2 and "made-up" not in themes
    assert sum(m.active for m in members) == 1
