"""Insights release (DP cell selection + OpenDP noise) for a synthetic organisation of 100,000
members over 12 months.  Target: < 2 s in total.  Then utility: how many cells a 200-person and a
2,000-person organisation see per month with the release's parameters.

    .venv/bin/python bench/insights_bench.py
"""

from __future__ import annotations

import random
import time
from collections import Counter

from kabeuchi.org import insights
from kabeuchi.org.insights import Member

MEMBERS = 100_000
MONTHS = 12


def organisation(rng: random.Random) -> list[tuple[str, str]]:
    # 40 departments of skewed size, 1-8 teams each, some tiny teams that must be suppressed
    seats = []
    for d in range(40):
        teams = rng.randint(1, 8)
        for t in range(teams):
            seats.append((f"部署{d:02d}", f"チーム{t}"))
    weights = [rng.paretovariate(1.2) for _ in seats]
    people = rng.choices(seats, weights=weights, k=MEMBERS - 60)
    # twelve tiny teams (1-9 people) that must never show, with their siblings hidden as needed
    for i in range(12):
        people += [(f"部署{i:02d}", "小チーム")] * (1 + i % 9)
    return people[:MEMBERS]


def main() -> None:
    rng = random.Random(7)
    seats = organisation(rng)
    themes = ["free", "moyamoya", "stocktaking", "oneonone", "career", "learning"]
    release_time = 0.0
    started = time.perf_counter()
    for month in range(MONTHS):
        share = 0.2 + 0.02 * month
        members = [Member(d, t, active=rng.random() < share) for d, t in seats]
        theme_counts = {t: int(MEMBERS * share * rng.uniform(0.05, 0.4)) for t in themes}
        t = time.perf_counter()
        snapshot = insights.release(members, period=f"2026-{month + 1:02d}", k=10, theme_counts=theme_counts)
        release_time += time.perf_counter() - t
    total = time.perf_counter() - started
    print(f"members={MEMBERS} months={MONTHS} cells_released={len(snapshot.cells)} themes={len(snapshot.themes)}")
    print(f"release (DP selection + OpenDP noise) for 12 months: {release_time:.3f} s "
          f"({release_time / MONTHS * 1000:.1f} ms per month); target < 2 s")
    print(f"including building the synthetic input: {total:.3f} s")
    epsilon, delta = insights.privacy_loss()
    print(f"per month: epsilon={epsilon:.2f} delta={delta:.1e} cell threshold={insights.cell_threshold()}")
    for size, departments, teams in ((200, 4, 3), (2_000, 8, 5)):
        utility(rng, size, departments, teams)


def utility(rng: random.Random, size: int, departments: int, teams: int, runs: int = 200) -> None:
    """A typical organisation: departments of uneven size, teams of uneven size, 30 % active."""
    dept_weights = [rng.uniform(0.5, 1.5) for _ in range(departments)]
    seats = [(f"d{d}", f"t{t}") for d in range(departments) for t in range(teams)]
    weights = [dept_weights[int(d[1:])] * rng.uniform(0.3, 1.7) for d, _ in seats]
    people = rng.choices(seats, weights=weights, k=size)
    members = [Member(d, t, active=rng.random() < 0.3) for d, t in people]
    possible = 1 + departments + len(set(people))
    themes = {"moyamoya": int(size * 0.12), "career": int(size * 0.08), "oneonone": int(size * 0.05)}
    chart = {("department", d) for d, _ in seats} | {("team", d, t) for d, t in seats}
    teams_sizes = sorted(Counter(people).values())
    print(f"utility {size} people ({departments} departments, {len(set(people))} teams, team sizes "
          f"{teams_sizes[0]}-{teams_sizes[-1]}, {possible} cells):")
    for label, public in (("no invitations name teams", None), ("invitations name every team", chart)):
        shown = shown_themes = 0
        for _ in range(runs):
            snap = insights.release(members, period="2026-10", k=10, theme_counts=themes, public_cells=public)
            shown += len(snap.cells)
            shown_themes += len(snap.themes)
        print(f"  {label}: {shown / runs:.1f} cells shown per month on average, {shown_themes / runs:.1f} of 3 themes")


if __name__ == "__main__":
    main()
