"""jatext.sensitive on a held-aside set: 360 sentences (250 ja, 110 en; 162 sensitive) written on
2026-11-28 by an author who had read only PRODUCT.md, COACHING.md and the label guide, never the
reader's code or its training files, and never trained on or used for a choice
(``jatext/data/heldout_sensitive.tsv``); a second, 300 sentences by another author
(``heldout_sensitive_2.tsv``).  The floors are the figures of its measurement with the
shipped model, rounded down (docs/privacy.md P48); they stop a change from making things worse
on words nobody here wrote.  Do not tune on this file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jatext import sensitive

HELD = Path(__file__).resolve().parents[2] / "jatext" / "data" / "heldout_sensitive.tsv"
HELD_2 = HELD.with_name("heldout_sensitive_2.tsv")


def _rows(path: Path = HELD):
    return [line.split("\t", 2) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_held_set_is_what_it_says():
    rows = _rows()
    assert len(rows) == 360
    assert sum(1 for _, label, _ in rows if label == "sensitive") == 162


@pytest.mark.parametrize(("path", "floor"), [(HELD, 0.55), (HELD_2, 0.51)], ids=["first", "second"])
def test_held_aside_sensitive_sentences_are_read_with_few_false_readings(path, floor):
    rows = _rows(path)
    read = [(label, sensitive.read(text)) for _, label, text in rows]
    positives = [r for label, r in read if label == "sensitive"]
    negatives = [r for label, r in read if label == "none"]
    recall = sum(positives) / len(positives)
    precision = sum(positives) / max(sum(positives) + sum(negatives), 1)
    assert recall >= floor
    assert precision >= PRECISION_FLOOR
    assert sum(negatives) / len(negatives) <= NONE_CEILING


@pytest.fixture
def guide_module():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    from kabeuchi.coach.engines import guide

    return guide


def test_held_aside_the_guide_keeps_back_more_sensitive_sentences_with_the_reader(guide_module):
    rows = _rows()
    with_reader = sum(1 for _, label, text in rows if label == "sensitive" and guide_module._sensitive(text))
    without = sum(
        1 for _, label, text in rows
        if label == "sensitive" and (guide_module.detect(text) or guide_module._HELP_PLACES.search(text) or guide_module._KEPT_FROM_THE_MANAGER.search(text))
    )
    assert with_reader >= GUIDE_KEPT_FLOOR
    assert with_reader - without >= GUIDE_GAIN_FLOOR


def test_blank_is_not_sensitive():
    assert sensitive.read("") is False and sensitive.read("  ") is False


# The figures of the shipped model (2,746 blind lines + 859 ordinary 1on1 sentences; threshold 0.94,
# chosen out of fold for 97% precision), rounded down: reader recall 90/162 = 0.556, precision 0.989,
# none read 1/198 (second set, 300 lines by another author: 70/135 = 0.519, precision 1.000, none 0/165);
# with the guide's other readings (safety signals, places of help, requests) 102/162 sensitive
# sentences kept back, 52 without it. (The first model, 1,908 lines at 0.92: 0.414 and 0.378, 88/162.)
PRECISION_FLOOR, NONE_CEILING = 0.95, 0.02
GUIDE_KEPT_FLOOR, GUIDE_GAIN_FLOOR = 100, 45
