"""The held-aside safety set: 461 messages written blind by a second outside author (never read
by whoever built the rules or trained the classifier, and never used for training or thresholds).

docs/safety.md reports these figures beside the development set's.  The floors below are the
figures of the first and only measurement, rounded down: they stop a change from making things
worse on words nobody here wrote.  Do not tune on this file; when it is used for tuning, move it
into the development data and have a new held-aside set written blind.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from jatext.safety import detect

HELDOUT = Path(__file__).resolve().parents[2] / "jatext" / "data" / "safety_heldout_external.tsv"
KINDS = ("crisis", "harassment", "health")


@pytest.fixture(scope="module")
def scored():
    hits, totals, alarms, negatives = Counter(), Counter(), 0, 0
    for line in HELDOUT.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        _lang, labels, text = line.split("\t", 2)
        expected = {label for label in labels.split(",") if label}
        found = {signal.kind for signal in detect(text)}
        for kind in expected:
            totals[kind] += 1
            hits[kind] += kind in found
        if not expected:
            negatives += 1
            alarms += bool(found)
    return hits, totals, alarms, negatives


@pytest.mark.parametrize(("kind", "floor"), [("crisis", 0.80), ("harassment", 0.86), ("health", 0.85)])
def test_recall_on_the_held_aside_set_does_not_fall(scored, kind, floor):
    hits, totals, _, _ = scored
    assert totals[kind] >= 90
    assert hits[kind] / totals[kind] >= floor


def test_false_alarms_on_the_held_aside_hard_negatives_do_not_rise(scored):
    _, _, alarms, negatives = scored
    assert negatives >= 140
    assert alarms <= 12  # 8.1% of 149; the goal is 5%
