"""Aggregate insights: the only code that reads across people, and it returns frozen data.

What is released, once a month per organisation (``snapshot_release``, called by the period
release), and nothing else, ever:
- per pre-defined cell (organisation → department → team, plus at most one extra dimension):
  members who joined, and members active in the period;
- conversation themes chosen in the period (organisation level);
- how many people joined each pilot;
each as a range around a differentially private count.

The whole release is differentially private, its shape included.  The privacy unit is one
person over one calendar month (adding or removing one person, with everything they did), and
one release per organisation per month costs at most ε = ``EPSILON`` and δ = ``DELTA``:

1. Which cells are shown, and their member counts (ε = 0.5).  A person is in at most 3 cells
   (5 with the extra dimension), so L0 = L1 = 3, L∞ = 1, and every count gets noise of scale
   3 / 0.5 = 6.  Cells named by the organisation chart (the organisation itself, and the
   departments and teams of the admin's invitations, which exist whoever joins) are noised
   whatever their count and shown when the low end of the noisy 95 % range reaches k.  Any other
   cell goes through partition selection (OpenDP ``make_laplace_threshold``): shown only if its
   *noisy* count reaches ``cell_threshold()`` = 86, so a cell that holds one person appears with
   probability below δ = 1e-6.  Nothing about the cell list — how many, which ones are
   missing — is computed from an exact count.  When the organisation has uploaded its
   directory (``accounts.models.DirectoryEntry``), listed members are placed by it and the cells
   are decided from its headcounts instead: a department or team with at least k people in the
   directory is shown (with noisy figures, whatever they are), a smaller one never; the choice
   then depends on the organisation's own upload only, never on who joined.
2. Active members: discrete Laplace (``make_laplace``) on the shown cells' counts (the shown list
   is already public), L1 sensitivity 3, ε = 0.2.
3. Themes: the public list of themes, L1 sensitivity 2 (two themes per person a month), ε = 0.2;
   a theme is shown when the lower end of its noisy 95 % range reaches k (post-processing).
4. Pilots: the organisation's pilots (created by the people team, so public), each person
   counted in at most one pilot a month, ε = 0.1; shown as "at least" the lower end of the
   noisy range once that reaches k.

Everything shown is computed from those noisy values alone (ranges, ordering, what is shown),
so no combination, difference or repetition of released figures says more than (ε, δ) about
anyone, including to someone who controls every other account.  There is no exact gate, no
exact "hidden" count (``Snapshot.hidden`` is always 0; older stored values are dropped on
read) and no live count anywhere else.  The budget ledger (``PrivacySpend``) is keyed by the
canonical period (``periods.period_validate``), and a month is released once.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

Atom = tuple[str, str, str]  # (department, team, extra)
Cell = tuple[str, ...]  # ("org",), ("department", d), ("team", d, t), ("extra", e), ("department_extra", d, e)

EPSILON_SPLIT = {"members": 0.5, "active": 0.2, "themes": 0.2, "pilots": 0.1}
EPSILON = sum(EPSILON_SPLIT.values())  # 1.0 per organisation per month
DELTA = 1e-6  # only the choice of cells uses it
THEMES_PER_PERSON = 2
PILOTS_PER_PERSON = 1
ALPHA = 0.05  # ranges are 95 % intervals
ROUND_TO = 5
_SEPARATOR = "\x1f"


class BudgetExhausted(Exception):
    """The period's privacy budget would be exceeded: nothing is released."""


class PeriodAlreadyReleased(BudgetExhausted):
    """This organisation's month was released already: a month is released once."""


def cells_of(atom: Atom, *, with_extra: bool) -> list[Cell]:
    department, team, extra = atom
    cells: list[Cell] = [("org",), ("department", department), ("team", department, team)]
    if with_extra:
        cells += [("extra", extra), ("department_extra", department, extra)]
    return cells


def cells_per_person(*, with_extra: bool) -> int:
    return 5 if with_extra else 3


def _display_order(cell: Cell) -> tuple:
    """Organisation first, then each department followed by its teams, then the extra dimension."""
    kind = cell[0]
    if kind == "org":
        return (0,)
    if kind in ("department", "team"):
        return (1, cell[1], kind == "team", cell[2] if kind == "team" else "")
    return (2, *cell)


# --- noise (OpenDP) ---------------------------------------------------------------------------


def _dp():
    import opendp.prelude as dp

    dp.enable_features("contrib")
    return dp


@lru_cache(maxsize=16)
def _vector_measurement(scale: float):
    dp = _dp()
    return dp.m.make_laplace(dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=scale)


@lru_cache(maxsize=16)
def _threshold_measurement(scale: float, threshold: int):
    dp = _dp()
    return dp.m.make_laplace_threshold(
        dp.map_domain(dp.atom_domain(T=str), dp.atom_domain(T=int)),
        dp.l01inf_distance(dp.absolute_distance(T=int)),
        scale=scale, threshold=threshold,
    )


def selection_scale(*, with_extra: bool) -> float:
    return cells_per_person(with_extra=with_extra) / EPSILON_SPLIT["members"]


@lru_cache(maxsize=4)
def cell_threshold(*, with_extra: bool = False) -> int:
    """The smallest noisy member count at which a cell is shown: the first integer for which
    OpenDP's privacy map gives at most (ε_members, δ) for one person in all of their cells."""
    scale = selection_scale(with_extra=with_extra)
    l0 = cells_per_person(with_extra=with_extra)
    threshold = 1
    while True:
        epsilon, delta = _threshold_measurement(scale, threshold).map((l0, l0, 1))
        if delta <= DELTA and epsilon <= EPSILON_SPLIT["members"] + 1e-9:
            return threshold
        threshold += 1 if threshold > 50 else 10


def noisy_counts(values: Sequence[int], *, sensitivity: int, epsilon: float) -> tuple[list[int], float]:
    """Discrete Laplace noise on a vector of counts whose L1 sensitivity is ``sensitivity``.

    Returns the noisy counts and the noise scale.  OpenDP's own privacy map checks that the
    release costs at most ``epsilon``.
    """
    scale = sensitivity / epsilon
    measurement = _vector_measurement(scale)
    if measurement.map(sensitivity) > epsilon + 1e-9:  # pragma: no cover - a wrong scale, never released
        raise BudgetExhausted("noise too small for the budget")
    if not values:
        return [], scale
    return list(measurement([int(v) for v in values])), scale


def noisy_selection(
    counts: dict[Cell, int], *, with_extra: bool, public: frozenset[Cell] = frozenset(), k: int = 0,
    decided: frozenset[Cell] = frozenset(),
) -> tuple[dict[Cell, int], float]:
    """The cells to show, with their noisy member counts.

    Public cells (the organisation, and the departments and teams the organisation chart names:
    see ``_public_cells``) get discrete Laplace noise whether or not anyone is in them, and are
    shown when the low end of their 95 % range reaches k.  ``decided`` cells (public too: the
    organisation's directory lists at least k people in them) are shown whatever their noisy
    count, so whether they appear depends on the directory alone, never on who joined.  Every other cell goes through
    OpenDP's ``make_laplace_threshold`` and is shown only when its noisy count reaches
    ``cell_threshold``.  Both use the same scale b, so one person, who changes at most
    ``cells_per_person`` counts by one, costs at most cells_per_person / b = ε_members in all:
    the privacy loss of independent Laplace noise adds up over coordinates, wherever they are,
    and only a cell that exists in one of two neighbouring organisations (a non-public cell of
    one person) adds the δ of the threshold.
    """
    scale = selection_scale(with_extra=with_extra)
    threshold = cell_threshold(with_extra=with_extra)
    measurement = _threshold_measurement(scale, threshold)
    l0 = cells_per_person(with_extra=with_extra)
    epsilon, delta = measurement.map((l0, l0, 1))
    if delta > DELTA or epsilon > EPSILON_SPLIT["members"] + 1e-9:  # pragma: no cover - never released
        raise BudgetExhausted("selection noise too small for the budget")
    if _vector_measurement(scale).map(l0) > EPSILON_SPLIT["members"] + 1e-9:  # pragma: no cover
        raise BudgetExhausted("noise too small for the budget")
    shown: dict[Cell, int] = {}
    public = public | decided
    public_cells = sorted(public)
    if public_cells:
        noisy = _vector_measurement(scale)([int(counts.get(c, 0)) for c in public_cells])
        floor = k + _accuracy(scale)  # the low end of the range reaches k
        shown.update({c: int(n) for c, n in zip(public_cells, noisy, strict=True) if c in decided or n >= floor})
    keyed = {_SEPARATOR.join(cell): int(n) for cell, n in counts.items() if n > 0 and cell not in public}
    if keyed:
        shown.update({tuple(key.split(_SEPARATOR)): int(n) for key, n in measurement(keyed).items()})
    return shown, scale


def privacy_loss(*, with_extra: bool = False) -> tuple[float, float]:
    """(ε, δ) of one monthly release, from OpenDP's own maps (sequential composition)."""
    l0 = cells_per_person(with_extra=with_extra)
    selection = _threshold_measurement(selection_scale(with_extra=with_extra), cell_threshold(with_extra=with_extra))
    epsilon, delta = selection.map((l0, l0, 1))
    for part, sensitivity in (("active", l0), ("themes", THEMES_PER_PERSON), ("pilots", PILOTS_PER_PERSON)):
        epsilon += _vector_measurement(sensitivity / EPSILON_SPLIT[part]).map(sensitivity)
    return float(epsilon), float(delta)


@lru_cache(maxsize=64)
def _accuracy(scale: float) -> float:
    return float(_dp().discrete_laplacian_scale_to_accuracy(scale, ALPHA))


@dataclass(frozen=True)
class Range:
    low: int
    high: int

    def __str__(self) -> str:
        return f"{self.low}–{self.high}"


def range_for(noisy: int, *, scale: float) -> Range:
    """A 95 % interval around one noisy count, rounded outward to multiples of five."""
    half = _accuracy(scale)
    low = max(0, math.floor((noisy - half) / ROUND_TO) * ROUND_TO)
    high = max(ROUND_TO, math.ceil((noisy + half) / ROUND_TO) * ROUND_TO)
    return Range(low=low, high=high)


# --- the release (pure) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """One person as the release sees them: where they sit, and whether they were active."""

    department: str
    team: str
    extra: str = ""
    active: bool = False


@dataclass(frozen=True)
class CellFigure:
    cell: Cell
    members: Range
    active: Range


@dataclass(frozen=True)
class ThemeFigure:
    theme: str
    count: Range


@dataclass(frozen=True)
class PilotFigure:
    pilot: str
    count: Range


@dataclass(frozen=True)
class Snapshot:
    period: str
    k: int
    epsilon: float
    cells: tuple[CellFigure, ...]
    themes: tuple[ThemeFigure, ...]
    hidden: int = 0  # no longer released: an exact count of hidden cells would leak who joined
    delta: float = DELTA
    pilots: tuple[PilotFigure, ...] = ()
    threshold: int = 0  # the noisy member count from which a cell is shown (public)


def _public_themes() -> list[str]:
    from kabeuchi.coach.themes import THEMES

    return sorted(THEMES)


def release(
    members: Sequence[Member], *, period: str, k: int, theme_counts: dict[str, int] | None = None,
    with_extra: bool = False, pilot_counts: dict[str, int] | None = None, theme_keys: Sequence[str] | None = None,
    public_cells: Iterable[Cell] | None = None, directory_cells: dict[Cell, int] | None = None,
) -> Snapshot:
    """Noise one period's figures; every shown figure and the choice of what is shown come from
    noisy values only, or from public data.  Pure: the budget is charged by the caller.

    ``theme_keys``, the keys of ``pilot_counts`` and ``public_cells`` must be public (the code's
    theme list, the organisation's pilots, the cells its organisation chart names), never derived
    from who joined.

    ``directory_cells`` (the headcount of each department and team in the organisation's
    uploaded directory, which the organisation wrote itself) decides the cells instead: a cell
    with at least k people in the directory is shown, with noisy figures, whatever they are; a
    cell the directory names with fewer is never shown.  Nothing about which cells appear then
    depends on who joined.
    """
    atoms = Counter((m.department, m.team, m.extra if with_extra else "", m.active) for m in members)
    counts: Counter[Cell] = Counter()
    active: Counter[Cell] = Counter()
    for (department, team, extra, is_active), n in atoms.items():
        for cell in cells_of((department, team, extra), with_extra=with_extra):
            counts[cell] += n
            if is_active:
                active[cell] += n
    public = frozenset(public_cells or ()) | {("org",)}
    decided: frozenset[Cell] = frozenset()
    if directory_cells is not None:
        decided = frozenset(c for c, headcount in directory_cells.items() if headcount >= k) | {("org",)}
        too_small = set(directory_cells) - decided
        # Counted nowhere but in the cells above them; the noise still covers everyone.
        counts = Counter({c: n for c, n in counts.items() if c not in too_small})
        public = public - too_small
    selected, members_scale = noisy_selection(
        dict(counts), with_extra=with_extra, public=public, k=k, decided=decided
    )
    shown = sorted(selected, key=_display_order)
    noisy_active, active_scale = noisy_counts(
        [active[c] for c in shown], sensitivity=cells_per_person(with_extra=with_extra), epsilon=EPSILON_SPLIT["active"]
    )
    cells = tuple(
        CellFigure(
            cell=cell,
            members=range_for(selected[cell], scale=members_scale),
            active=range_for(noisy, scale=active_scale),
        )
        for cell, noisy in zip(shown, noisy_active, strict=True)
    )
    # Themes: always noised over the whole public list, whatever was chosen, so that the
    # budget and the output's shape do not depend on the data.
    keys = sorted(theme_keys) if theme_keys is not None else _public_themes()
    theme_counts = theme_counts or {}
    noisy, theme_scale = noisy_counts(
        [theme_counts.get(t, 0) for t in keys], sensitivity=THEMES_PER_PERSON, epsilon=EPSILON_SPLIT["themes"]
    )
    themes = [ThemeFigure(theme=t, count=range_for(n, scale=theme_scale)) for t, n in zip(keys, noisy, strict=True)]
    themes = sorted((f for f in themes if f.count.low >= k), key=lambda f: (-f.count.high, f.theme))
    pilot_keys = sorted(pilot_counts or {})
    noisy, pilot_scale = noisy_counts(
        [(pilot_counts or {})[p] for p in pilot_keys], sensitivity=PILOTS_PER_PERSON, epsilon=EPSILON_SPLIT["pilots"]
    )
    pilots = tuple(PilotFigure(pilot=p, count=range_for(n, scale=pilot_scale)) for p, n in zip(pilot_keys, noisy, strict=True))
    return Snapshot(
        period=period, k=k, epsilon=EPSILON, delta=DELTA, cells=cells, themes=tuple(themes), pilots=pilots,
        threshold=cell_threshold(with_extra=with_extra),
    )


class Budget:
    """An in-memory privacy budget for one period (the database ledger mirrors it)."""

    def __init__(self, limit: float, spent: float = 0.0) -> None:
        self.limit = limit
        self.spent = spent

    def spend(self, epsilon: float) -> None:
        if self.spent + epsilon > self.limit + 1e-9:
            raise BudgetExhausted(f"spending {epsilon} would exceed the budget of {self.limit}")
        self.spent += epsilon


def snapshot_to_json(snapshot: Snapshot) -> dict:
    return {
        "period": snapshot.period,
        "k": snapshot.k,
        "epsilon": snapshot.epsilon,
        "delta": snapshot.delta,
        "threshold": snapshot.threshold,
        "cells": [
            {"cell": list(c.cell), "members": [c.members.low, c.members.high], "active": [c.active.low, c.active.high]}
            for c in snapshot.cells
        ],
        "themes": [{"theme": t.theme, "count": [t.count.low, t.count.high]} for t in snapshot.themes],
        "pilots": [{"pilot": p.pilot, "count": [p.count.low, p.count.high]} for p in snapshot.pilots],
    }


def snapshot_from_json(data: dict) -> Snapshot:
    # ``hidden`` from snapshots stored before the DP shape is dropped: it was an exact count.
    return Snapshot(
        period=data["period"], k=data["k"], epsilon=data["epsilon"], delta=data.get("delta", 0.0),
        threshold=data.get("threshold", 0),
        cells=tuple(
            CellFigure(cell=tuple(c["cell"]), members=Range(*c["members"]), active=Range(*c["active"]))
            for c in data["cells"]
        ),
        themes=tuple(ThemeFigure(theme=t["theme"], count=Range(*t["count"])) for t in data["themes"]),
        pilots=tuple(PilotFigure(pilot=p["pilot"], count=Range(*p["count"])) for p in data.get("pilots", [])),
    )


def shuffled(items: Sequence, *, rng: random.Random | None = None) -> list:
    out = list(items)
    (rng or random.SystemRandom()).shuffle(out)
    return out


# --- the database side ------------------------------------------------------------------------


def _period_figures(
    *, organisation, period: str, placement: dict[str, tuple[str, str]] | None = None
) -> tuple[list[Member], dict[str, int]]:
    """Everyone in the organisation at the release, whether they were active in the period, and
    how many chose each public theme.

    Activity and themes are keyed hashes per person (``PeriodMark``); we recompute each member's
    hashes with the period secret, which still exists at this moment and is destroyed right
    after.  Counting per person here (not per mark) enforces the sensitivity the noise assumes:
    one "active" and at most ``THEMES_PER_PERSON`` themes per person, whatever marks exist.

    ``placement`` (address -> department and team, from the organisation's directory) places a
    member the directory lists; others keep the department and team of their membership.
    """
    import hashlib
    import hmac

    from kabeuchi.accounts.models import Membership
    from kabeuchi.org.models import PeriodMark, PeriodSecret
    from kabeuchi.org.usage import ACTIVE, THEME_PREFIX

    secret_row = PeriodSecret.objects.filter(organisation=organisation, period=period).first()
    key = bytes(secret_row.secret) if secret_row else b""
    tags = set(PeriodMark.objects.filter(organisation=organisation, period=period).values_list("tag", flat=True))
    themes = _public_themes()
    theme_counts = dict.fromkeys(themes, 0)
    members = []

    def tag(purpose: str, user_id) -> str:
        return hmac.new(key, f"{purpose}|{user_id}".encode(), hashlib.sha256).hexdigest()

    placement = placement or {}
    for user_id, email, department, team in Membership.objects.filter(organisation=organisation).values_list(
        "user_id", "user__email", "department", "team"
    ):
        department, team = placement.get(email, (department, team))
        is_active = bool(key) and tag(ACTIVE, user_id) in tags
        members.append(Member(department=department, team=team, active=is_active))
        if is_active:  # themes are marked only with a conversation start, which marks active too
            chosen = [t for t in themes if tag(f"{THEME_PREFIX}{t}"[:48], user_id) in tags]
            for theme in chosen[:THEMES_PER_PERSON]:
                theme_counts[theme] += 1
    return members, theme_counts


def _public_cells(*, organisation) -> frozenset[Cell]:
    """Cells the organisation chart names: the organisation, and the departments and teams the
    admin wrote on invitations.  They exist whether or not anyone joined, so their noisy counts
    may be shown without the partition-selection threshold (see ``noisy_selection``)."""
    from kabeuchi.accounts.models import Invitation

    cells: set[Cell] = {("org",)}
    for department, team in Invitation.objects.filter(organisation=organisation).values_list("department", "team"):
        if department:
            cells.add(("department", department))
            cells.add(("team", department, team))
    return frozenset(cells)


def _directory_placement(*, organisation) -> tuple[dict[str, tuple[str, str]], dict[Cell, int] | None]:
    """From the organisation's uploaded directory: where each listed address sits, and the
    headcount of each cell (organisation, department, team).  ``None`` for the headcounts when
    there is no directory, so cells are chosen as before (``_public_cells``)."""
    from kabeuchi.accounts.models import DirectoryEntry

    placement: dict[str, tuple[str, str]] = {}
    headcount: Counter[Cell] = Counter()
    for email, department, team in DirectoryEntry.objects.filter(organisation=organisation).values_list(
        "email", "department", "team"
    ):
        placement[email] = (department, team)
        headcount[("org",)] += 1
        if department:
            headcount[("department", department)] += 1
            if team:
                headcount[("team", department, team)] += 1
    return placement, (dict(headcount) if placement else None)


def _pilot_counts(*, organisation, period: str) -> dict[str, int]:
    """Participants per pilot running in the period, each person counted in at most
    ``PILOTS_PER_PERSON`` pilots (chosen at random when they joined more), so one person moves
    the counts by at most that much.  The keys are the pilots the people team created."""
    from kabeuchi.org.models import Pilot, PilotParticipation
    from kabeuchi.org.periods import period_bounds

    first, last = period_bounds(period)
    pilots = list(
        Pilot.objects.filter(organisation=organisation, starts_on__lte=last, ends_on__gte=first)
        .values_list("pk", flat=True)
    )
    by_person: dict[object, list[str]] = {}
    for tag, pilot_id in PilotParticipation.objects.filter(pilot__in=pilots).values_list("tag", "pilot_id"):
        by_person.setdefault(tag, []).append(str(pilot_id))
    counts = Counter({str(p): 0 for p in pilots})
    rng = random.SystemRandom()
    for joined in by_person.values():
        for pilot_id in (joined if len(joined) <= PILOTS_PER_PERSON else rng.sample(joined, PILOTS_PER_PERSON)):
            counts[pilot_id] += 1
    return dict(counts)


def budget_charge(*, organisation, period: str, purpose: str, epsilon: float) -> None:
    """Record spending in the ledger under the canonical period; refuse (fail closed) when the
    month was released already or its budget would be exceeded."""
    from django.conf import settings
    from django.db.models import Sum

    from kabeuchi.accounts.models import Organisation
    from kabeuchi.org.models import PrivacySpend
    from kabeuchi.org.periods import period_canonical

    period = period_canonical(period)  # the ledger cannot be re-keyed by spelling a month differently
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()  # serialise charges
    spent = PrivacySpend.objects.filter(organisation=organisation, period=period).aggregate(s=Sum("epsilon"))["s"] or 0.0
    Budget(settings.KABEUCHI_DP_EPSILON_PER_MONTH, spent).spend(epsilon)
    PrivacySpend.objects.create(organisation=organisation, period=period, purpose=purpose, epsilon=epsilon)


def refuse_second_release(*, organisation, period: str) -> None:
    """Raise ``PeriodAlreadyReleased`` when ``period`` was released (or charged) before.
    Call inside the release's transaction."""
    from django.utils.translation import gettext as _

    from kabeuchi.org.models import InsightSnapshot, PrivacySpend

    if (
        PrivacySpend.objects.filter(organisation=organisation, period=period).exists()
        or InsightSnapshot.objects.filter(organisation=organisation, period=period).exists()
    ):
        raise PeriodAlreadyReleased(
            _("%(period)s was already released for this organisation; its privacy budget is spent, "
              "and a month is released only once.") % {"period": period}
        )


def snapshot_release(*, organisation, period: str, k: int, now=None) -> Snapshot:
    """Build, charge and store the month's snapshot.

    Raises ``ValidationError`` for a period that is not the month just ended (or not a month of
    this organisation), and ``PeriodAlreadyReleased`` when the month was released already.
    """
    from django.db import transaction

    from kabeuchi.org.models import InsightSnapshot
    from kabeuchi.org.periods import period_validate

    period = period_validate(period, organisation=organisation, now=now)
    with transaction.atomic():
        refuse_second_release(organisation=organisation, period=period)
        budget_charge(organisation=organisation, period=period, purpose="snapshot", epsilon=EPSILON)
        placement, directory_cells = _directory_placement(organisation=organisation)
        members, theme_counts = _period_figures(organisation=organisation, period=period, placement=placement)
        snapshot = release(
            members, period=period, k=k, theme_counts=theme_counts,
            pilot_counts=_pilot_counts(organisation=organisation, period=period),
            public_cells=_public_cells(organisation=organisation) if directory_cells is None else None,
            directory_cells=directory_cells,
        )
        InsightSnapshot.objects.create(organisation=organisation, period=period, figures=snapshot_to_json(snapshot))
    return snapshot


def snapshot_list(*, organisation) -> list[Snapshot]:
    """Released snapshots, newest first: frozen data only."""
    from kabeuchi.org.models import InsightSnapshot

    return [snapshot_from_json(row.figures) for row in InsightSnapshot.objects.filter(organisation=organisation)]


def pilot_figures(*, organisation) -> tuple[str, dict[str, Range]] | None:
    """The pilot counts of the latest released month: (period, {pilot id: range}), or None."""
    snapshots = snapshot_list(organisation=organisation)
    if not snapshots:
        return None
    latest = snapshots[0]
    return latest.period, {p.pilot: p.count for p in latest.pilots}
