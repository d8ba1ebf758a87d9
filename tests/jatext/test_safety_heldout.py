"""The held-aside safety sets.  The first: 492 messages (410 ja, 82 en) written blind on 2026-11-26 by an
outside author who had read only PRODUCT.md and COACHING.md (never the rules, the classifier or
any other data set), and never used for training, thresholds or any choice.

docs/safety.md reports these figures beside the development figures.  The floors below are the
figures of its one measurement with the shipped model, rounded down: they stop a change from
making things worse on words nobody here wrote.  Do not tune on this file; when it is used for
tuning, move it into the development data (as ``safety_dev_heldout_round1.tsv``, the previous
held-aside set, was) and have a new held-aside set written blind.

The second, ``safety_heldout_round4.tsv``: 360 messages (300 ja, 60 en) written blind on
2026-11-27 (second session) by a third author, measured with the model of the start of that
session and with each retrained one, never trained on or used for a choice.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from jatext.safety import detect

HELDOUT = Path(__file__).resolve().parents[2] / "jatext" / "data" / "safety_heldout_fresh.tsv"
ROUND4 = HELDOUT.with_name("safety_heldout_round4.tsv")
KINDS = ("crisis", "harassment", "health")


def _score(path: Path):
    hits, totals, alarms, negatives = Counter(), Counter(), 0, 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
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


@pytest.fixture(scope="module")
def scored():
    return _score(HELDOUT)


@pytest.fixture(scope="module")
def scored_round4():
    return _score(ROUND4)


# model of 2026-11-27 (second session): crisis 0.934, harassment 0.951, health 0.894, 5 of 141
@pytest.mark.parametrize(("kind", "floor"), [("crisis", 0.93), ("harassment", 0.95), ("health", 0.89)])
def test_recall_on_the_held_aside_set_does_not_fall(scored, kind, floor):
    hits, totals, _, _ = scored
    assert totals[kind] >= 100
    assert hits[kind] / totals[kind] >= floor


def test_false_alarms_on_the_held_aside_hard_negatives_do_not_rise(scored):
    _, _, alarms, negatives = scored
    assert negatives >= 140
    assert alarms <= 5  # 3.5% of 141 (model of 2026-11-27); the goal is 5%


# same model on the second set: crisis 0.955 (107/112), harassment 0.977, health 0.845, 10 of 94
@pytest.mark.parametrize(("kind", "floor"), [("crisis", 0.95), ("harassment", 0.97), ("health", 0.84)])
def test_recall_on_the_round4_held_aside_set_does_not_fall(scored_round4, kind, floor):
    hits, totals, _, _ = scored_round4
    assert totals[kind] >= 80
    assert hits[kind] / totals[kind] >= floor


def test_false_alarms_on_the_round4_hard_negatives_do_not_rise(scored_round4):
    _, _, alarms, negatives = scored_round4
    assert negatives >= 90
    assert alarms <= 10  # 10.6% of 94, every one a crisis word in a game, a film, football or a joke; the goal is 5%
