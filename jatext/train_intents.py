"""Train the turn-intent classifier and write ``jatext/data/intents_model.npz``.

Run from the repository root: ``python -m jatext.train_intents [--held PATH ...] [--folds 5]``.

Training data (``lang<TAB>after<TAB>intent<TAB>text``, all written by people who had not read the
guide's code): ``jatext/data/intents_*.tsv`` except the files named with ``--held``.

1. The training lines are cut into folds; for each fold a model is trained on the others and
   reads the held fold.  From these out-of-fold readings each intent gets the lowest threshold at
   which acting on it is right at least ``--precision`` of the time (a real answer taken for a
   goodbye loses what the person said, so a reading is acted on only when it is seldom wrong).
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

from jatext.intents import AFTER, BUCKETS, INTENTS, MODEL_PATH, Model, vector
from jatext.train_safety import Adam

DATA = Path(__file__).resolve().parent / "data"


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


@dataclass(frozen=True, slots=True)
class Line:
    lang: str
    after: str
    intent: str
    text: str


def load(path: Path) -> list[Line]:
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        lang, after, intent, text = raw.split("\t", 3)
        if intent not in INTENTS:
            continue  # crisis/harassment/health turns are the safety check's business
        lines.append(Line(lang, after if after in AFTER else "question", intent, text.strip()))
    return lines


def fit(
    rows: Sequence[np.ndarray], y: np.ndarray, *, k: int | None = None, epochs: int = 250, l2: float = 2e-5, rate: float = 0.05
):
    """Softmax regression, class-balanced (capped), L2, full-batch Adam on hashed features
    (``BUCKETS`` of them); ``k`` classes (the intents unless given)."""
    k = len(INTENTS) if k is None else k
    n = len(rows)
    indices = np.concatenate(rows)
    values = np.concatenate([np.full(r.size, 1.0 / np.sqrt(max(r.size, 1))) for r in rows])
    owner = np.repeat(np.arange(n), [r.size for r in rows])
    starts = np.concatenate([[0], np.cumsum([r.size for r in rows])[:-1]])
    counts = np.bincount(y, minlength=k).astype(float)
    class_weight = np.clip(counts.max() / np.maximum(counts, 1), 1.0, 4.0)
    weight = class_weight[y]
    weight /= weight.mean()
    onehot = np.eye(k)[y]
    w = np.zeros((BUCKETS, k))
    b = np.zeros(k)
    adam = Adam(w, b)
    for step in range(1, epochs + 1):
        logits = np.add.reduceat(w[indices] * values[:, None], starts, axis=0) + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        err = (p - onehot) * weight[:, None] / n
        g_w = np.empty_like(w)
        for j in range(k):
            g_w[:, j] = np.bincount(indices, weights=values * err[owner, j], minlength=BUCKETS)
        g_w += l2 * w
        g_b = err.sum(axis=0)
        adam.step(step, g_w, g_b, rate)
    return w, b


def train(lines: Sequence[Line], thresholds: np.ndarray | None = None) -> Model:
    rows = [vector(line.text, line.after) for line in lines]
    y = np.array([INTENTS.index(line.intent) for line in lines])
    w, b = fit(rows, y)
    return Model(
        weights=w.astype(np.float16).astype(np.float32),
        bias=b,
        thresholds=thresholds if thresholds is not None else np.full(len(INTENTS), 0.5),
        version="",
    )


def choose_thresholds(probs: np.ndarray, gold: Sequence[str], precision: float) -> np.ndarray:
    """Per intent, the lowest threshold (≥ 0.6) whose out-of-fold readings are right often enough."""
    best = probs.argmax(axis=1)
    top = probs.max(axis=1)
    out = np.full(len(INTENTS), 0.99)
    for j, intent in enumerate(INTENTS):
        taken = best == j
        for t in np.arange(0.6, 0.99, 0.01):
            acted = taken & (top >= t)
            if acted.sum() < 3:
                break
            right = sum(1 for i in np.flatnonzero(acted) if gold[i] == intent)
            if right / acted.sum() >= precision:
                out[j] = round(float(t), 2)
                break
    out[INTENTS.index("answer")] = 0.0  # "answer" only ever means: leave it to the rules
    return out


def report(name: str, model: Model, lines: Sequence[Line]) -> None:
    """Accuracy, and for acted-on readings (confident non-answers): how often right, how many answers lost."""
    correct = acted = acted_right = answers = answers_taken = non_answers = non_answers_caught = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for line in lines:
        reading = model.read(line.text, line.after)
        correct += reading.intent == line.intent
        sure = model.confident(line.text, line.after)
        act = sure is not None and sure.intent != "answer"
        if line.intent == "answer":
            answers += 1
            answers_taken += act
        else:
            non_answers += 1
            non_answers_caught += act and sure.intent == line.intent
        if act:
            acted += 1
            acted_right += sure.intent == line.intent
            if sure.intent != line.intent:
                confusion[(line.intent, sure.intent)] += 1
    n = max(len(lines), 1)
    _say(
        f"{name}: {len(lines)} lines; accuracy {correct / n:.3f}; acted on {acted}, right {acted_right / max(acted, 1):.3f}; "
        f"non-answers caught {non_answers_caught}/{non_answers} ({non_answers_caught / max(non_answers, 1):.3f}); "
        f"answers taken for something else {answers_taken}/{answers} ({answers_taken / max(answers, 1):.3f})"
    )
    if confusion:
        _say("  wrong acts (gold -> read): " + ", ".join(f"{a}->{b} {c}" for (a, b), c in confusion.most_common(8)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--held", nargs="*", default=[], help="files only measured, never trained on")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--precision", type=float, default=0.9)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=str(MODEL_PATH))
    args = parser.parse_args(argv)
    held = {Path(p).resolve() for p in args.held}
    files = sorted(p for p in DATA.glob("intents_*.tsv") if p.resolve() not in held)
    lines = [line for path in files for line in load(path)]
    _say("training files: " + ", ".join(p.name for p in files) + f" ({len(lines)} lines)")
    _say("  per intent: " + ", ".join(f"{k} {v}" for k, v in Counter(x.intent for x in lines).most_common()))
    order = list(range(len(lines)))
    random.Random(args.seed).shuffle(order)  # noqa: S311 - a reproducible split, not a secret
    probs = np.zeros((len(lines), len(INTENTS)))
    for fold in range(args.folds):
        test = order[fold :: args.folds]
        test_set = set(test)
        model = train([lines[i] for i in order if i not in test_set])
        for i in test:
            probs[i] = model.probabilities(lines[i].text, lines[i].after)
    thresholds = choose_thresholds(probs, [x.intent for x in lines], args.precision)
    _say("thresholds: " + ", ".join(f"{k} {t:.2f}" for k, t in zip(INTENTS, thresholds, strict=True)))
    _report_probs("cross-validated (dev)", probs, lines, thresholds)
    model = train(lines, thresholds)
    version = f"intents-{len(lines)}-{args.seed}"
    np.savez_compressed(
        args.out,
        weights=model.weights.astype(np.float16),
        bias=model.bias,
        thresholds=thresholds,
        intents=np.array(INTENTS),
        version=np.array(version),
    )
    _say(f"wrote {args.out} ({Path(args.out).stat().st_size // 1024} KiB)")
    shipped = Model(model.weights, model.bias, thresholds, version)
    for path in sorted(held):
        report(f"held aside {path.name}", shipped, load(path))
    return 0


def _report_probs(name: str, probs: np.ndarray, lines: Sequence[Line], thresholds: np.ndarray) -> None:
    best = probs.argmax(axis=1)
    top = probs.max(axis=1)
    correct = sum(INTENTS[b] == x.intent for b, x in zip(best, lines, strict=True))
    acted = [(INTENTS[b], x.intent) for b, t, x in zip(best, top, lines, strict=True) if INTENTS[b] != "answer" and t >= thresholds[b]]
    answers = sum(x.intent == "answer" for x in lines)
    taken = sum(1 for read, gold in acted if gold == "answer")
    non_answers = len(lines) - answers
    caught = sum(1 for read, gold in acted if read == gold)
    _say(
        f"{name}: {len(lines)} lines; accuracy {correct / max(len(lines), 1):.3f}; acted on {len(acted)}, "
        f"right {caught / max(len(acted), 1):.3f}; non-answers caught {caught}/{non_answers} "
        f"({caught / max(non_answers, 1):.3f}); answers taken for something else {taken}/{answers} "
        f"({taken / max(answers, 1):.3f})"
    )


if __name__ == "__main__":
    sys.exit(main())
