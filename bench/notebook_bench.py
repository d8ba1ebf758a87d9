"""Career notebook page for a person with 5 years of entries (2,000 items).  Target: < 150 ms p95.

    .venv/bin/python bench/notebook_bench.py

Builds a throwaway test database (the test settings: SQLite file, test master key), gives one
person 2,000 notebook items spread like five years of use (60 experiences, 25 strengths,
60 Will/Can/Must/direction versions, 40 skills, 1,000 learning-log entries, 15 goals,
800 energy check-ins), then renders the whole notebook page through Django's test client
(middleware, session, templates, decryption of every row) 200 times and prints p50/p95.
Unwrapped data keys stay cached for 30 s, so most renders cost no key lookup; the "cold"
line clears that cache before each render, which is the worst case (one key unwrap each).
The career page and the energy trend page are measured the same way.

Measured 2026-11-23 on the 2-CPU dev box: home p50 ~30 ms, p95 ~100 ms.  The gap between
p50 and p95 is Python's cyclic garbage collector (with ``gc.disable()`` p95 is ~35 ms), so
server-level GC tuning (``gc.freeze()`` after start-up) would narrow it further.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

RUNS = 200
SHAPE = {"experiences": 60, "strengths": 25, "directions": 60, "skills": 40, "learning": 1000, "goals": 15, "checkins": 800}


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def measure(client: Client, url: str, *, cold: bool) -> tuple[float, float]:
    from kabeuchi.vault import crypto

    samples = []
    for _ in range(RUNS):
        if cold:
            crypto.cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return percentiles(samples)


def main() -> None:
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from kabeuchi.accounts.services import preferences_get, user_create
        from tests.notebook.factories import fill_notebook

        user = user_create(email="bench@example.com", password="bench-password-42", display_name="ベンチ")
        prefs = preferences_get(user=user)
        prefs.guideline_read = True
        prefs.save()
        started = time.perf_counter()
        total = fill_notebook(user, **SHAPE)
        from kabeuchi.core import mydata

        stored = sum(s.count(user) for s in mydata.sources() if s.kind != "notes" and s.kind in {
            "experiences", "strengths", "directions", "skills", "learning", "goals", "checkins"})
        assert stored == total == 2000, (stored, total)
        print(f"items={total} built in {time.perf_counter() - started:.1f} s; {RUNS} renders each")
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        client.get(reverse("notebook:home"))  # warm up templates and the tokenizer-free paths
        for name in ("notebook:home", "notebook:career", "notebook:energy"):
            for cold in (False, True):
                p50, p95 = measure(client, reverse(name), cold=cold)
                label = "cold key" if cold else "warm key"
                print(f"{name:<16} {label}: p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
        print("target: notebook:home p95 < 150 ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
