"""The held-aside safety set: 492 messages (410 ja, 82 en) written blind on 2026-11-26 by an
outside author who had read only PRODUCT.md and COACHING.md (never the rules, the classifier or
any other data set), and never used for training, thresholds or any choice.

docs/safety.md reports these figures beside the development figures.  The floors below are the
figures of its one measurement with the shipped model, rounded down: they stop a change from
making things worse on words nobody here wrote.  Do not tune on this file; when it is used for
tuning, move it into the development data (as ``safety_dev_heldout_round1.tsv``, the previous
held-aside set, was) and have a new held-aside set written blind.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from jatext.safety import detect

HELDOUT = Path(__file__).resolve().parents[2] / "jatext" / "data" / "safety_heldout_fresh.tsv"
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


@pytest.mark.parametrize(("kind", "floor"), [("crisis", 0.88), ("harassment", 0.95), ("health", 0.88)])
def test_recall_on_the_held_aside_set_does_not_fall(scored, kind, floor):
    hits, totals, _, _ = scored
    assert totals[kind] >= 100
    assert hits[kind] / totals[kind] >= floor


def test_false_alarms_on_the_held_aside_hard_negatives_do_not_rise(scored):
    _, _, alarms, negatives = scored
    assert negatives >= 140
    assert alarms <= 5  # 3.5% of 141 (model of 2026-11-27); the goal is 5%
