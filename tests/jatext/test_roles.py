"""The sentence-role model (jatext.roles) on labelled sentences it was never trained on.

``heldout_roles_round17.tsv`` and ``heldout_roles_round18.tsv`` hold every sentence of
conversations_fresh_round17.json and …round18.json, written blind on 2026-11-27 (seventh session;
round 18 after the model and the summary were done) and labelled by two more annotators who had
read only COACHING.md and the label guide; both were labelled after the model was trained and are
never trained on (the trainer reads ``roles_*.tsv`` only).  Round 18 is the lower figure, and on it
the model leaves out more of the person's sentences than the old rules did (15 against 11 of 240).  The floors are the figures of its one measurement with the
shipped model, rounded down (docs/coaching.md).  The figure that matters most for the person is
the last: a sentence about their situation is almost never left out of their summary."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from jatext import roles
from jatext.train_roles import Line, choose_meta_threshold, load, probabilities, readings, train

DATA = Path(roles.__file__).resolve().parent / "data"


@pytest.mark.parametrize(
    ("name", "accuracy", "meta_recall", "content_lost"),
    [
        ("heldout_roles_round17.tsv", 0.67, 0.69, 0.03),  # measured 0.677, 0.694, 0.028 (7 of 251)
        ("heldout_roles_round18.tsv", 0.60, 0.62, 0.065),  # measured 0.603, 0.620, 0.062 (15 of 240)
    ],
)
def test_held_aside_sentences_are_read_as_measured(name, accuracy, meta_recall, content_lost):
    model = roles.load()
    lines = load(DATA / name)
    assert len(lines) >= 380
    read = [model.read(x.sentence, x.theme, x.place) for x in lines]
    gold = [x.role for x in lines]
    measured = sum(r.role == g for r, g in zip(read, gold, strict=True)) / len(lines)
    meta = [r.role == "meta" for r, g in zip(read, gold, strict=True) if g == "meta"]
    content = [r.role == "meta" for r, g in zip(read, gold, strict=True) if g != "meta"]
    assert measured >= accuracy  # eleven roles
    assert sum(meta) / len(meta) >= meta_recall  # chatter and talk about the talk left out
    assert sum(content) / len(content) <= content_lost  # the person's own words left out


def test_the_shipped_model_reads_the_labels_it_was_given_and_leaves_out_only_when_sure():
    model = roles.load()
    assert model.version.startswith("roles-")
    assert 0.5 <= model.meta_threshold < 0.9  # chosen for 95% precision on development data
    assert model.read("ありがとうございました。今日はここまでにします", "moyamoya", "only@last").role == "meta"
    assert model.read("先月、新人が二人辞めました", "moyamoya", "only@middle").role == "fact"
    reading = model.read("I'm good at SQL and people always ask me for reports.", "career", "only@first")
    assert reading.role == "strength" and 0 < reading.probability <= 1


def test_training_learns_roles_and_picks_a_threshold_for_leaving_out(tmp_path):
    lines = [
        Line(f"c{i}", "ja", "moyamoya", "only@middle", role, text)
        for i, (role, text) in enumerate(
            [("meta", "ありがとうございます"), ("meta", "はい、そんな感じです"), ("meta", "今日はここまでにします"), ("meta", "ありがと！")] * 4
            + [("fact", "先月、新人が二人辞めました"), ("fact", "毎週土曜は一人で回しています"), ("feeling", "寂しかったです"), ("feeling", "悔しい")] * 4
        )
    ]
    model = train(lines)
    probs = probabilities(model, [roles.vector(x.sentence, x.theme, x.place) for x in lines])
    assert readings(probs, 0.5) == [x.role for x in lines]
    assert choose_meta_threshold(probs, [x.role for x in lines], 0.95) <= 0.6
    assert np.isfinite(model.weights).all()
