"""Aggregate insights: the only code that reads across people, and it returns frozen data.

What is released, once a month (``snapshot_release``, called by the period release):
- per pre-defined cell (organisation → department → team, plus at most one extra dimension):
  members who joined, and members active in the period;
- conversation themes chosen in the period (organisation level);
each as a range around a differentially private count.  Released feedback lives in
``feedback``; the report page puts it and the themes before any number.

How a cell gets out (``gate``, rules 2-5):
1. only pre-defined cells, no filters;
2. a cell needs at least k people;
3. complementary suppression: when hiding small children would let a parent minus its shown
   children single out a group of fewer than k, the next-smallest shown child is hidden too;
4. differences: a shown cell minus a shown cell inside it (at any depth), or minus all of the
   largest shown cells inside it, must leave 0 or at least k people;
5. a linear audit of all shown cells together: people with the same cell memberships form an
   "atom".  Any group of fewer than k people is a union of small atoms (fewer than k each), so we
   take the part of the shown cells' row space that vanishes on every large atom and search it
   for a union of small atoms with fewer than k people (exactly, by blocks; if the search would be
   too long, we count it as a leak: fail closed).  While one exists, the smallest shown cell
   containing it is hidden.  So no individual's value, and no group smaller than k, is a linear
   combination of the shown counts.

Noise (``noisy_counts``): counts are computed bottom-up: each atom's count gets discrete
Laplace noise from OpenDP (``make_laplace`` over an integer vector, L1 sensitivity 1 because a
person is in exactly one atom), and every shown cell is a sum of noisy atoms, which is
post-processing.  Themes: a person counts at most twice per month (two themes), so L1
sensitivity 2.  The privacy unit is one person over one calendar month, and the budget is
``KABEUCHI_DP_EPSILON_PER_MONTH`` (1.0) per organisation, split members 0.3, active 0.4,
themes 0.3, recorded in ``PrivacySpend``; a release that would exceed it raises
``BudgetExhausted`` and nothing is released (fail closed).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

Atom = tuple[str, str, str]  # (department, team, extra)
Cell = tuple[str, ...]  # ("org",), ("department", d), ("team", d, t), ("extra", e), ("department_extra", d, e)

EPSILON_SPLIT = {"members": 0.3, "active": 0.4, "themes": 0.3}
THEMES_PER_PERSON = 2
ALPHA = 0.05  # ranges are 95 % intervals
ROUND_TO = 5


class BudgetExhausted(Exception):
    """The period's privacy budget would be exceeded: nothing is released."""


# --- the gate (pure) ------------------------------------------------------------------------


def cells_of(atom: Atom, *, with_extra: bool) -> list[Cell]:
    department, team, extra = atom
    cells: list[Cell] = [("org",), ("department", department), ("team", department, team)]
    if with_extra:
        cells += [("extra", extra), ("department_extra", department, extra)]
    return cells


def _partitions(cells: Iterable[Cell], *, with_extra: bool) -> list[tuple[Cell, list[Cell]]]:
    """(parent, children that partition it) for every parent in the hierarchy."""
    children: dict[Cell, list[Cell]] = {}
    for cell in cells:
        kind = cell[0]
        if kind == "department":
            children.setdefault(("org",), []).append(cell)
        elif kind == "team":
            children.setdefault(("department", cell[1]), []).append(cell)
        elif kind == "extra":
            children.setdefault(("org", "by-extra"), []).append(cell)
        elif kind == "department_extra":
            children.setdefault(("department", cell[1], "by-extra"), []).append(cell)
    result = []
    for parent, kids in children.items():
        real_parent: Cell = parent[:2] if parent[-1] == "by-extra" else parent
        if parent == ("org", "by-extra"):
            real_parent = ("org",)
        result.append((real_parent, sorted(kids)))
    return result


@dataclass(frozen=True)
class Gate:
    released: tuple[Cell, ...]
    hidden: int  # how many pre-defined cells stayed hidden
    atoms: tuple[Atom, ...] = field(repr=False)


def _leaking_atoms(released: list[Cell], atoms: Sequence[Atom], sizes: np.ndarray, k: int, with_extra: bool) -> list[int]:
    """Small atoms (fewer than k people) that some combination of released counts isolates.

    Any group of fewer than k people is made of small atoms only, so it is enough to ask whether
    the row space of the released cells contains a non-zero vector that vanishes on every large
    atom.  Such vectors exist exactly when restricting the matrix to the large atoms' columns
    lowers its rank; the small atoms they touch are returned.  (This also covers one person:
    an individual's count is such a vector.)
    """
    small = np.flatnonzero((sizes > 0) & (sizes < k))
    if not released or small.size == 0:
        return []
    index = {cell: i for i, cell in enumerate(released)}
    matrix = np.zeros((len(released), len(atoms)))
    for j, atom in enumerate(atoms):
        for cell in cells_of(atom, with_extra=with_extra):
            i = index.get(cell)
            if i is not None:
                matrix[i, j] = 1.0
    _, singular, vt = np.linalg.svd(matrix, full_matrices=False)
    tolerance = 1e-9 * max(1.0, float(singular[0]) if singular.size else 1.0) * max(matrix.shape)
    rank = int((singular > tolerance).sum())
    basis = vt[:rank]  # orthonormal basis of the row space, in atom coordinates
    large = np.flatnonzero(sizes >= k)
    on_large = basis[:, large]  # rank x |large|
    # coefficients c with c @ on_large == 0: the left null space of on_large
    u, s_large, _ = np.linalg.svd(on_large, full_matrices=True)
    null = u[:, int((s_large > 1e-9).sum()):]  # rank x (rank - rank(on_large))
    if null.shape[1] == 0:
        return []
    w = (null.T @ basis)[:, small]  # a basis of those vectors, on the small atoms' coordinates
    w_q, _ = np.linalg.qr(w.T)  # orthonormal basis of W (columns), for the membership test
    # Every vector of W has equal coefficients on atoms whose columns in w are equal ("blocks"),
    # so a derivable group is a union of blocks.  Look for one with fewer than k people.
    blocks: dict[tuple, list[int]] = {}
    for i in range(small.size):
        column = w[:, i]
        if np.abs(column).max() > 1e-6:
            blocks.setdefault(tuple(np.round(column, 6)), []).append(i)
    block_list = sorted(blocks.values(), key=lambda b: int(sizes[small[b]].sum()))
    block_sizes = [int(sizes[small[b]].sum()) for b in block_list]

    def in_w(indices: list[int]) -> bool:
        v = np.zeros(small.size)
        v[indices] = 1.0
        return bool(np.linalg.norm(v - w_q @ (w_q.T @ v)) < 1e-6)

    checked = 0
    stack: list[tuple[int, list[int], int]] = [(0, [], 0)]
    while stack:  # unions of blocks with fewer than k people, smallest first
        start, chosen, total = stack.pop()
        for b in range(start, len(block_list)):
            size = total + block_sizes[b]
            if size >= k:
                break  # blocks are sorted by size
            union = chosen + block_list[b]
            checked += 1
            if in_w(union) or checked > 2000:  # too many to check: count it as a leak (fail closed)
                return [int(small[i]) for i in union]
            stack.append((b + 1, union, size))
    return []


def _small_difference(
    released: list[Cell], members_of: dict[Cell, frozenset[int]], population: Counter[Cell], k: int
) -> Cell | None:
    """A shown cell to hide because subtracting shown cells inside a shown cell leaves 1..k-1 people.

    Covers nested differences (A − B for B inside A, at any depth) and a cell minus all of the
    largest shown cells inside it when those do not overlap.
    """
    for a in released:
        inside = [b for b in released if b != a and population[b] < population[a] and members_of[b] < members_of[a]]
        for b in inside:
            if population[a] - population[b] < k:
                return b
        # Cells with the same people (a department with one team) count once.
        unique: dict[frozenset[int], Cell] = {}
        for b in inside:
            unique.setdefault(members_of[b], b)
        maximal = [b for b in unique.values() if not any(members_of[b] < members_of[c] for c in unique.values())]
        if len(maximal) > 1:
            union = frozenset().union(*(members_of[b] for b in maximal))
            if sum(len(members_of[b]) for b in maximal) == len(union):  # disjoint
                rest = population[a] - sum(population[b] for b in maximal)
                if 0 < rest < k:
                    return min(maximal, key=lambda c: (population[c], c))
    return None


def gate(atom_sizes: dict[Atom, int], *, k: int, with_extra: bool = False) -> Gate:
    """Which pre-defined cells may be shown together (rules 2–4 in the module docstring)."""
    return _gate_cached(tuple(sorted(atom_sizes.items())), k, with_extra)


@lru_cache(maxsize=64)
def _gate_cached(items: tuple[tuple[Atom, int], ...], k: int, with_extra: bool) -> Gate:
    atoms = [atom for atom, size in items if size > 0]
    sizes = np.array([size for atom, size in items if size > 0], dtype=np.int64)
    population: Counter[Cell] = Counter()
    for atom, size in zip(atoms, sizes, strict=True):
        for cell in cells_of(atom, with_extra=with_extra):
            population[cell] += int(size)
    shown = {cell for cell, n in population.items() if n >= k}
    partitions = _partitions(population, with_extra=with_extra)
    changed = True
    while changed:  # complementary suppression until stable
        changed = False
        for parent, kids in partitions:
            if parent not in shown:
                continue
            hidden_total = sum(population[c] for c in kids if c not in shown)
            if 0 < hidden_total < k:
                visible = sorted((c for c in kids if c in shown), key=lambda c: (population[c], c))
                if visible:
                    shown.discard(visible[0])
                    changed = True
    members_of: dict[Cell, frozenset[int]] = {}
    for j, atom in enumerate(atoms):
        for cell in cells_of(atom, with_extra=with_extra):
            members_of.setdefault(cell, set()).add(j)  # type: ignore[arg-type]
    members_of = {cell: frozenset(js) for cell, js in members_of.items()}
    while True:  # differences between shown cells, then the linear audit, until nothing small is derivable
        released = sorted(shown)
        small_difference = _small_difference(released, members_of, population, k)
        if small_difference is not None:
            shown.discard(small_difference)
            continue
        leaks = _leaking_atoms(released, atoms, sizes, k, with_extra)
        if not leaks:
            break
        leaking = {atoms[i] for i in leaks}
        candidates = [c for c in released if any(c in cells_of(a, with_extra=with_extra) for a in leaking)]
        # Hide the smallest cell involved; the organisation total goes last.
        candidates.sort(key=lambda c: (c == ("org",), population[c], c))
        shown.discard(candidates[0])
    released = sorted(shown, key=_display_order)
    return Gate(released=tuple(released), hidden=len(population) - len(released), atoms=tuple(atoms))


def _display_order(cell: Cell) -> tuple:
    """Organisation first, then each department followed by its teams, then the extra dimension."""
    kind = cell[0]
    if kind == "org":
        return (0,)
    if kind in ("department", "team"):
        return (1, cell[1], kind == "team", cell[2] if kind == "team" else "")
    return (2, *cell)


# --- noise (OpenDP) ---------------------------------------------------------------------------


@lru_cache(maxsize=16)
def _measurement(scale: float):
    import opendp.prelude as dp

    dp.enable_features("contrib")
    return dp.m.make_laplace(dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=scale)


def noisy_counts(values: Sequence[int], *, sensitivity: int, epsilon: float) -> tuple[list[int], float]:
    """Discrete Laplace noise on a vector of counts whose L1 sensitivity is ``sensitivity``.

    Returns the noisy counts and the noise scale.  OpenDP's own privacy map checks that the
    release costs at most ``epsilon``.
    """
    scale = sensitivity / epsilon
    measurement = _measurement(scale)
    if measurement.map(sensitivity) > epsilon + 1e-9:  # pragma: no cover - a wrong scale, never released
        raise BudgetExhausted("noise too small for the budget")
    if not values:
        return [], scale
    return list(measurement([int(v) for v in values])), scale


@lru_cache(maxsize=64)
def _accuracy(scale: float) -> float:
    import opendp.prelude as dp

    return float(dp.discrete_laplacian_scale_to_accuracy(scale, ALPHA))


@dataclass(frozen=True)
class Range:
    low: int
    high: int

    def __str__(self) -> str:
        return f"{self.low}–{self.high}"


def range_for(noisy: int, *, scale: float, terms: int = 1) -> Range:
    """A 95 % interval around a noisy sum of ``terms`` independently noised counts, rounded
    outward to multiples of five (conservative: the half-width grows with sqrt(terms))."""
    half = _accuracy(scale) * math.sqrt(terms)
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
class Snapshot:
    period: str
    k: int
    epsilon: float
    cells: tuple[CellFigure, ...]
    themes: tuple[ThemeFigure, ...]
    hidden: int


def release(
    members: Sequence[Member], *, period: str, k: int, theme_counts: dict[str, int] | None = None,
    with_extra: bool = False,
) -> Snapshot:
    """Gate and noise one period's figures.  Pure: the budget is charged by the caller."""
    sizes: Counter[Atom] = Counter()
    active: Counter[Atom] = Counter()
    for m in members:
        atom = (m.department, m.team, m.extra if with_extra else "")
        sizes[atom] += 1
        if m.active:
            active[atom] += 1
    result = gate(dict(sizes), k=k, with_extra=with_extra)
    atoms = list(result.atoms)
    noisy_members, members_scale = noisy_counts([sizes[a] for a in atoms], sensitivity=1, epsilon=EPSILON_SPLIT["members"])
    noisy_active, active_scale = noisy_counts([active[a] for a in atoms], sensitivity=1, epsilon=EPSILON_SPLIT["active"])
    sums_members: Counter[Cell] = Counter()
    sums_active: Counter[Cell] = Counter()
    terms: Counter[Cell] = Counter()
    shown = set(result.released)
    for atom, nm, na in zip(atoms, noisy_members, noisy_active, strict=True):
        for cell in cells_of(atom, with_extra=with_extra):
            if cell in shown:
                sums_members[cell] += nm
                sums_active[cell] += na
                terms[cell] += 1
    cells = tuple(
        CellFigure(
            cell=cell,
            members=range_for(sums_members[cell], scale=members_scale, terms=terms[cell]),
            active=range_for(sums_active[cell], scale=active_scale, terms=terms[cell]),
        )
        for cell in result.released
    )
    themes: tuple[ThemeFigure, ...] = ()
    if theme_counts and ("org",) in shown:
        keys = sorted(theme_counts)
        noisy, scale = noisy_counts(
            [theme_counts[t] for t in keys], sensitivity=THEMES_PER_PERSON, epsilon=EPSILON_SPLIT["themes"]
        )
        themes = tuple(
            ThemeFigure(theme=t, count=range_for(n, scale=scale))
            for t, n in zip(keys, noisy, strict=True)
            if theme_counts[t] >= k  # a theme chosen by fewer than k people is not shown at all
        )
        themes = tuple(sorted(themes, key=lambda f: -f.count.high))
    return Snapshot(
        period=period, k=k, epsilon=sum(EPSILON_SPLIT.values()), cells=cells, themes=themes, hidden=result.hidden
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
        "hidden": snapshot.hidden,
        "cells": [
            {"cell": list(c.cell), "members": [c.members.low, c.members.high], "active": [c.active.low, c.active.high]}
            for c in snapshot.cells
        ],
        "themes": [{"theme": t.theme, "count": [t.count.low, t.count.high]} for t in snapshot.themes],
    }


def snapshot_from_json(data: dict) -> Snapshot:
    return Snapshot(
        period=data["period"], k=data["k"], epsilon=data["epsilon"], hidden=data["hidden"],
        cells=tuple(
            CellFigure(cell=tuple(c["cell"]), members=Range(*c["members"]), active=Range(*c["active"]))
            for c in data["cells"]
        ),
        themes=tuple(ThemeFigure(theme=t["theme"], count=Range(*t["count"])) for t in data["themes"]),
    )


def shuffled(items: Sequence, *, rng: random.Random | None = None) -> list:
    out = list(items)
    (rng or random.SystemRandom()).shuffle(out)
    return out


# --- the database side ------------------------------------------------------------------------


def _members_for(*, organisation, period: str) -> list[Member]:
    """Everyone in the organisation at the end of the period, and whether they were active.

    Activity is a keyed hash per person (``PeriodMark``); we recompute each member's hash with
    the period secret, which still exists at this moment and is destroyed right after.
    """
    import hashlib
    import hmac

    from kabeuchi.accounts.models import Membership
    from kabeuchi.org.models import PeriodMark, PeriodSecret
    from kabeuchi.org.usage import ACTIVE

    secret_row = PeriodSecret.objects.filter(organisation=organisation, period=period).first()
    tags = set(
        PeriodMark.objects.filter(organisation=organisation, period=period, purpose=ACTIVE).values_list("tag", flat=True)
    )
    key = bytes(secret_row.secret) if secret_row else b""
    members = []
    for user_id, department, team in Membership.objects.filter(organisation=organisation).values_list(
        "user_id", "department", "team"
    ):
        is_active = bool(key) and hmac.new(key, f"{ACTIVE}|{user_id}".encode(), hashlib.sha256).hexdigest() in tags
        members.append(Member(department=department, team=team, active=is_active))
    return members


def _theme_counts(*, organisation, period: str) -> dict[str, int]:
    from django.db.models import Count

    from kabeuchi.org.models import PeriodMark
    from kabeuchi.org.usage import THEME_PREFIX

    rows = (
        PeriodMark.objects.filter(organisation=organisation, period=period, purpose__startswith=THEME_PREFIX)
        .values("purpose").annotate(n=Count("id")).values_list("purpose", "n")
    )
    return {purpose[len(THEME_PREFIX):]: n for purpose, n in rows}


def budget_charge(*, organisation, period: str, purpose: str, epsilon: float) -> None:
    """Record spending in the ledger; refuse (fail closed) when the month's budget would be exceeded."""
    from django.conf import settings
    from django.db.models import Sum

    from kabeuchi.accounts.models import Organisation
    from kabeuchi.org.models import PrivacySpend

    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()  # serialise charges
    spent = PrivacySpend.objects.filter(organisation=organisation, period=period).aggregate(s=Sum("epsilon"))["s"] or 0.0
    Budget(settings.KABEUCHI_DP_EPSILON_PER_MONTH, spent).spend(epsilon)
    PrivacySpend.objects.create(organisation=organisation, period=period, purpose=purpose, epsilon=epsilon)


def snapshot_release(*, organisation, period: str, k: int) -> Snapshot:
    """Build, charge and store the month's snapshot; raises BudgetExhausted when spent."""
    from django.db import transaction

    from kabeuchi.org.models import InsightSnapshot

    with transaction.atomic():
        budget_charge(organisation=organisation, period=period, purpose="snapshot", epsilon=sum(EPSILON_SPLIT.values()))
        snapshot = release(
            _members_for(organisation=organisation, period=period), period=period, k=k,
            theme_counts=_theme_counts(organisation=organisation, period=period),
        )
        InsightSnapshot.objects.update_or_create(
            organisation=organisation, period=period, defaults={"figures": snapshot_to_json(snapshot)}
        )
    return snapshot


def snapshot_list(*, organisation) -> list[Snapshot]:
    """Released snapshots, newest first: frozen data only."""
    from kabeuchi.org.models import InsightSnapshot

    return [snapshot_from_json(row.figures) for row in InsightSnapshot.objects.filter(organisation=organisation)]
