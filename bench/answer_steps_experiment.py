"""Experiment (not wired in): can a classifier tell which step of a theme an answer answers?

Run from the repository root: ``python bench/answer_steps_experiment.py``.

The guide files each answer under the question it last asked, and a blind coach review graded
nearly every summary faulty because people answer other questions than the one asked
(docs/coaching.md). This trains a softmax classifier over hashed character n-grams (the safety
model's features), one output per ``theme/step``, scored within a theme, on answers written blind
for every step (``jatext/data/answer_steps_blind_dev.tsv``), and measures it on the held-aside
quarter (``answer_steps_blind_held.tsv``). Measured 2026-11-27 with 501 training answers (about
13 per step): cross-validated within-theme accuracy 0.43, held-aside 0.51; at p ≥ 0.7 it reads
about 5% of answers, right 75–100%. Wired into the guide it moved too few answers to change the
held-aside corpus checks and misfiled two development answers, so it is not shipped: it needs
several times more answers per step.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jatext.safety_model import features, prepare  # noqa: E402
from jatext.train_intents import fit  # noqa: E402

DATA = ROOT / "jatext" / "data"
BUCKETS = 2**16
MAX_N = 4


def vector(text: str) -> np.ndarray:
    index = features(prepare(text)[:600], False, MAX_N) & (BUCKETS - 1)
    return np.unique(index.astype(np.int64))


@dataclass(frozen=True, slots=True)
class Model:
    weights: np.ndarray  # buckets x labels
    bias: np.ndarray
    labels: tuple[str, ...]  # "theme/step"
    version: str

    def scores(self, text: str, theme: str) -> dict[str, float]:
        """Probability of each step of ``theme`` (keys are step keys); empty if the theme is unknown."""
        columns = [i for i, label in enumerate(self.labels) if label.split("/", 1)[0] == theme]
        if not columns:
            return {}
        index = vector(text)
        logits = self.weights[index][:, columns].sum(axis=0) / np.sqrt(max(index.size, 1)) + self.bias[columns]
        logits = logits - logits.max()
        p = np.exp(logits)
        p /= p.sum()
        return {self.labels[c].split("/", 1)[1]: float(q) for c, q in zip(columns, p, strict=True)}


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


def load(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        _lang, theme, step, text = raw.split("\t", 3)
        rows.append((theme.strip(), step.strip(), text.strip()))
    return rows


def train(rows: list[tuple[str, str, str]], labels: tuple[str, ...]) -> Model:
    vectors = [vector(text) for _, _, text in rows]
    y = np.array([labels.index(f"{theme}/{step}") for theme, step, _ in rows])
    w, b = fit(vectors, y, k=len(labels), epochs=200)
    assert w.shape[0] == BUCKETS
    return Model(w.astype(np.float16).astype(np.float32), b, labels, "")


def measure(name: str, model: Model, rows: list[tuple[str, str, str]]) -> None:
    right = 0
    by_cut = {cut: [0, 0] for cut in (0.5, 0.6, 0.7, 0.8)}
    for theme, step, text in rows:
        scores = model.scores(text, theme)
        best = max(scores, key=scores.get)
        right += best == step
        for cut, tally in by_cut.items():
            if scores[best] >= cut:
                tally[0] += 1
                tally[1] += best == step
    _say(
        f"{name}: {len(rows)} answers; within-theme accuracy {right / max(len(rows), 1):.3f}; "
        + "; ".join(f"p≥{cut}: {t[0]} read, right {t[1] / max(t[0], 1):.3f}" for cut, t in by_cut.items())
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--held", nargs="*", default=[str(DATA / "answer_steps_blind_held.tsv")])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--out", default="")
    args = parser.parse_args(argv)
    held = {Path(p).resolve() for p in args.held}
    files = sorted(p for p in DATA.glob("answer_steps_blind_dev.tsv") if p.resolve() not in held)
    rows = [row for path in files for row in load(path)]
    labels = tuple(sorted({f"{theme}/{step}" for theme, step, _ in rows}))
    _say(f"training files: {', '.join(p.name for p in files)} ({len(rows)} answers, {len(labels)} steps)")
    order = list(range(len(rows)))
    random.Random(args.seed).shuffle(order)  # noqa: S311 - reproducible folds
    oof_right = 0
    for fold in range(args.folds):
        test = set(order[fold :: args.folds])
        model = train([rows[i] for i in order if i not in test], labels)
        part = [rows[i] for i in sorted(test)]
        measure(f"  fold {fold + 1}", model, part)
        oof_right += sum(max(s := model.scores(t, th), key=s.get) == st for th, st, t in part)
    _say(f"cross-validated within-theme accuracy: {oof_right / len(rows):.3f}")
    model = train(rows, labels)
    _say(f"per theme: {dict(Counter(t for t, _, _ in rows))}")
    if args.out:
        np.savez_compressed(args.out, weights=model.weights.astype(np.float16), bias=model.bias, labels=np.array(labels))
    for path in sorted(held):
        measure(f"held aside {path.name}", model, load(path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
