"""Insights release (gate + linear audit + OpenDP noise) for a synthetic organisation of 100,000
members over 12 months.  Target: < 2 s in total.

    .venv/bin/python bench/insights_bench.py
"""

from __future__ import annotations

import random
import time

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
    print(f"members={MEMBERS} months={MONTHS} cells_released={len(snapshot.cells)} hidden={snapshot.hidden}")
    print(f"release (gate + audit + OpenDP noise) for 12 months: {release_time:.3f} s "
          f"({release_time / MONTHS * 1000:.1f} ms per month); target < 2 s")
    print(f"including building the synthetic input: {total:.3f} s")


if __name__ == "__main__":
    main()
