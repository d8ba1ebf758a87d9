"""Train the reader of what a message asks of the guide and write ``jatext/data/asks_model.npz``.

Run from the repository root: ``python -m jatext.train_asks [--held PATH ...] [--folds 5]``.

Training data (``lang<TAB>label<TAB>text``, written and labelled blind: by people who had read
only PRODUCT.md, COACHING.md and the label guide, never the guide's code): ``jatext/data/asks_*.tsv``.

1. The training lines are cut into folds; for each fold a model is trained on the others and
   reads the held fold. From these out-of-fold readings each label gets the lowest threshold at
   which acting on it is right at least ``--precision`` of the time (0.98 for the readings that
   change the course of the talk, ``STRICT``).
2. The shipped model is trained on all the training lines with those thresholds.
3. Files given with ``--held`` are read once by the shipped model and reported; they are never
   used to train or to choose anything.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jatext.asks import ASKS, MODEL_PATH, Model, vector
from jatext.train_intents import fit

DATA = Path(__file__).resolve().parent / "data"


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


@dataclass(frozen=True, slots=True)
class Line:
    lang: str
    label: str
    text: str


def load(path: Path, labels: Sequence[str] = ASKS) -> list[Line]:
    """``lang<TAB>label<TAB>text`` lines (``\\n`` in a text is a line break); a label outside
    ``labels`` is an error (also read by ``jatext.train_sensitive``)."""
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        lang, label, text = raw.split("\t", 2)
        if label not in labels:
            raise ValueError(f"{path.name}: unknown label {label!r}")
        lines.append(Line(lang, label, text.replace("\\n", "\n").strip()))
    return lines


def train(lines: Sequence[Line], thresholds: np.ndarray | None = None) -> Model:
    rows = [vector(line.text) for line in lines]
    y = np.array([ASKS.index(line.label) for line in lines])
    w, b = fit(rows, y, k=len(ASKS), epochs=400, l2=1e-5)
    return Model(
        weights=w.astype(np.float16).astype(np.float32),
        bias=b,
        thresholds=thresholds if thresholds is not None else np.full(len(ASKS), 0.5),
        version="",
    )


# readings that change the course of the talk (a summary check, "of course, go on", handing a
# choice back, a question heard as an answer): a wrong one derails it, so they must be right more
# often than the readings that only choose which plain line follows "I cannot answer that"
STRICT = frozenset({"summary", "permission", "decision", "not_a_question"})
STRICT_PRECISION = 0.98


def choose_thresholds(probs: np.ndarray, gold: Sequence[str], precision: float) -> np.ndarray:
    """Per label, the lowest threshold (≥ 0.3) whose out-of-fold readings are right often enough
    (``precision``, or ``STRICT_PRECISION`` for the labels in ``STRICT``)."""
    best = probs.argmax(axis=1)
    top = probs.max(axis=1)
    out = np.full(len(ASKS), 0.99)
    for j, label in enumerate(ASKS):
        wanted = max(precision, STRICT_PRECISION) if label in STRICT else precision
        taken = best == j
        for t in np.arange(0.3, 0.99, 0.01):
            acted = taken & (top >= t)
            if acted.sum() < 3:
                break
            right = sum(1 for i in np.flatnonzero(acted) if gold[i] == label)
            if right / acted.sum() >= wanted:
                out[j] = round(float(t), 2)
                break
    return out


def report(name: str, readings: Sequence[tuple[str, float]], lines: Sequence[Line], thresholds: np.ndarray) -> None:
    """Accuracy of the best reading; of the readings acted on (at their threshold), how many and
    how often right; per label recall of acted readings; the commonest wrong acts."""
    n = max(len(lines), 1)
    correct = sum(read == line.label for (read, _), line in zip(readings, lines, strict=True))
    acted = [(read, line) for (read, p), line in zip(readings, lines, strict=True) if p >= thresholds[ASKS.index(read)]]
    right = sum(read == line.label for read, line in acted)
    _say(
        f"{name}: {len(lines)} lines; accuracy {correct / n:.3f}; acted on {len(acted)} ({len(acted) / n:.3f}), "
        f"right {right / max(len(acted), 1):.3f}"
    )
    for lang in ("ja", "en"):
        subset = [(r, line) for r, line in zip(readings, lines, strict=True) if line.lang == lang]
        if subset:
            ok = sum(r[0] == line.label for r, line in subset)
            _say(f"  {lang}: {len(subset)} lines, accuracy {ok / len(subset):.3f}")
    per = []
    for label in ASKS:
        gold = [line for line in lines if line.label == label]
        caught = sum(1 for read, line in acted if line.label == label and read == label)
        if gold:
            per.append(f"{label} {caught}/{len(gold)}")
    _say("  acted and right, per label: " + ", ".join(per))
    wrong = Counter((line.label, read) for read, line in acted if read != line.label)
    if wrong:
        _say("  wrong acts (gold -> read): " + ", ".join(f"{a}->{b} {c}" for (a, b), c in wrong.most_common(10)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--held", nargs="*", default=[], help="files only measured, never trained on")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--precision", type=float, default=0.95)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=str(MODEL_PATH))
    args = parser.parse_args(argv)
    held = {Path(p).resolve() for p in args.held}
    files = sorted(p for p in DATA.glob("asks_*.tsv") if p.resolve() not in held)
    lines = [line for path in files for line in load(path)]
    _say("training files: " + ", ".join(p.name for p in files) + f" ({len(lines)} lines)")
    _say("  per label: " + ", ".join(f"{k} {v}" for k, v in Counter(x.label for x in lines).most_common()))
    order = list(range(len(lines)))
    random.Random(args.seed).shuffle(order)  # noqa: S311 - a reproducible split, not a secret
    probs = np.zeros((len(lines), len(ASKS)))
    for fold in range(args.folds):
        test = order[fold :: args.folds]
        test_set = set(test)
        model = train([lines[i] for i in order if i not in test_set])
        for i in test:
            probs[i] = model.probabilities(lines[i].text)
    thresholds = choose_thresholds(probs, [x.label for x in lines], args.precision)
    _say("thresholds: " + ", ".join(f"{k} {t:.2f}" for k, t in zip(ASKS, thresholds, strict=True)))
    cv = [(ASKS[int(p.argmax())], float(p.max())) for p in probs]
    report("cross-validated (dev)", cv, lines, thresholds)
    model = train(lines, thresholds)
    version = f"asks-{len(lines)}-{args.seed}"
    np.savez_compressed(
        args.out,
        weights=model.weights.astype(np.float16),
        bias=model.bias,
        thresholds=thresholds,
        labels=np.array(ASKS),
        version=np.array(version),
    )
    _say(f"wrote {args.out} ({Path(args.out).stat().st_size // 1024} KiB)")
    shipped = Model(model.weights, model.bias, thresholds, version)
    for path in sorted(held):
        held_lines = load(path)
        readings = [(r.asks, r.probability) for r in (shipped.best(x.text) for x in held_lines)]
        report(f"held aside {path.name}", readings, held_lines, thresholds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
