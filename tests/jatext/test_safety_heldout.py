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
# the third, written blind in the fifteenth session (2026-11-28): 400 messages (330 ja, 70 en)
ROUND28 = HELDOUT.with_name("safety_heldout_round28.tsv")
# the fourth and fifth, written blind in the twenty-third session (2026-11-29) as single chat messages
# of a session: 400 (280 ja, 120 en) and 300 (ja); each measured once with the shipped model and once
# with a retrained candidate that was not shipped (docs/safety.md)
ROUND42 = HELDOUT.with_name("safety_heldout_turns_round42.tsv")
ROUND43 = HELDOUT.with_name("safety_heldout_turns_round43.tsv")
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


_SCORED: dict[Path, tuple] = {}


def scored(path: Path):
    """The set's figures, read once per test session."""
    if path not in _SCORED:
        _SCORED[path] = _score(path)
    return _SCORED[path]


# The floors: the figures of the model of 2026-11-27 (third session), rounded down.  That model was
# trained on three more development sets (safety_dev_round6: 670 lines written blind, mostly health
# and hard negatives; safety_dev_guide_turns: 1,056 ordinary turns of the guide's conversation
# corpora; safety_dev_round7: 500 lines written blind, answers in everyday 〜たい wish forms) with
# the same false-alarm budgets as before.
# First set: crisis 0.934, harassment 0.951, health 0.894 -> 0.933, 5 -> 6 of 141 (4.3%): one more
# false alarm here, for fewer on ordinary conversation turns of two fresh blind corpora (round 7:
# 20 -> 8 of 192; round 8: 16 -> 6 of 176).
# Second set: crisis 0.955 -> 0.982 (110/112), harassment 0.977, health 0.845 -> 0.869, 10 -> 11 of
# 94 (11.7%, crisis words in a game, a film, football or a joke; those that stop the guide 5 -> 5).
# The goal for false alarms is 5%.
# Third set, measured once (fifteenth session) with the shipped model: crisis 102/104 (0.981),
# harassment 82/88 (0.932), health 87/88 (0.989), 12 of 140 hard negatives with a signal (8.6%).
RECALL_FLOORS = [
    (HELDOUT, 100, "crisis", 0.93), (HELDOUT, 100, "harassment", 0.95), (HELDOUT, 100, "health", 0.93),
    (ROUND4, 80, "crisis", 0.98), (ROUND4, 80, "harassment", 0.97), (ROUND4, 80, "health", 0.86),
    (ROUND28, 80, "crisis", 0.98), (ROUND28, 80, "harassment", 0.93), (ROUND28, 80, "health", 0.98),
    # twenty-third session, shipped model: 58/61, 53/55, 43/48 and 50/52, 38/42, 38/38
    (ROUND42, 45, "crisis", 0.95), (ROUND42, 45, "harassment", 0.96), (ROUND42, 45, "health", 0.89),
    (ROUND43, 35, "crisis", 0.96), (ROUND43, 35, "harassment", 0.90), (ROUND43, 35, "health", 1.0),
]
# ordinary messages with any signal: round 42, 8 of 249; round 43, 13 of 180
ALARM_CEILINGS = [(HELDOUT, 140, 6), (ROUND4, 90, 11), (ROUND28, 130, 12), (ROUND42, 240, 8), (ROUND43, 170, 13)]


@pytest.mark.parametrize(("path", "least", "kind", "floor"), RECALL_FLOORS, ids=lambda v: getattr(v, "stem", v))
def test_recall_on_a_held_aside_set_does_not_fall(path, least, kind, floor):
    hits, totals, _, _ = scored(path)
    assert totals[kind] >= least
    assert hits[kind] / totals[kind] >= floor


@pytest.mark.parametrize(("path", "least", "ceiling"), ALARM_CEILINGS, ids=lambda v: getattr(v, "stem", v))
def test_false_alarms_on_a_held_aside_sets_hard_negatives_do_not_rise(path, least, ceiling):
    _, _, alarms, negatives = scored(path)
    assert negatives >= least
    assert alarms <= ceiling
