"""Train the sentence-role model and write ``jatext/data/roles_model.npz``.

Run from the repository root: ``python -m jatext.train_roles [--held PATH ...] [--folds 5]``.

Training data (``id<TAB>lang<TAB>theme<TAB>place<TAB>role<TAB>sentence``, the sentences of
blind-written conversation corpora, labelled by annotators who had read only COACHING.md and the
label guide): ``jatext/data/roles_*.tsv`` except the files named with ``--held``.

1. Folds are whole conversations (a conversation's sentences share words).  For each fold a model
   is trained on the others and reads the held fold.  From these out-of-fold readings ``meta`` gets
   the lowest threshold at which a sentence read as meta really is meta at least ``--precision``
   of the time: a sentence left out of a summary loses the person's words, so it is left out only
   when that is seldom wrong.
2. The shipped model is trained on all the training sentences with that threshold.
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

from jatext.roles import MODEL_PATH, ROLES, Model, vector
from jatext.train_intents import fit

DATA = Path(__file__).resolve().parent / "data"
META = ROLES.index("meta")


def _say(text: str) -> None:
    sys.stdout.write(text + "\n")


@dataclass(frozen=True, slots=True)
class Line:
    conversation: str
    lang: str
    theme: str
    place: str
    role: str
    sentence: str


def load(path: Path) -> list[Line]:
    lines = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        ident, lang, theme, place, role, sentence = raw.split("\t", 5)
        if role not in ROLES:
            continue
        lines.append(Line(ident.rsplit("/", 2)[0], lang, theme, place, role, sentence.strip()))
    return lines


def train(lines: Sequence[Line], rows: Sequence[np.ndarray] | None = None, meta_threshold: float = 0.5) -> Model:
    rows = rows if rows is not None else [vector(x.sentence, x.theme, x.place) for x in lines]
    y = np.array([ROLES.index(x.role) for x in lines])
    w, b = fit(rows, y, k=len(ROLES))
    return Model(weights=w.astype(np.float16).astype(np.float32), bias=b, meta_threshold=meta_threshold, version="")


def probabilities(model: Model, rows: Sequence[np.ndarray]) -> np.ndarray:
    out = np.zeros((len(rows), len(ROLES)))
    for i, index in enumerate(rows):
        logits = model.weights[index].sum(axis=0) / np.sqrt(max(index.size, 1)) + model.bias
        p = np.exp(logits - logits.max())
        out[i] = p / p.sum()
    return out


def choose_meta_threshold(probs: np.ndarray, gold: Sequence[str], precision: float) -> float:
    """The lowest threshold (≥ 0.3) at which sentences read as meta are meta often enough."""
    meta = probs[:, META]
    for t in np.arange(0.3, 0.99, 0.01):
        taken = meta >= t
        if taken.sum() < 5:
            break
        if sum(gold[i] == "meta" for i in np.flatnonzero(taken)) / taken.sum() >= precision:
            return round(float(t), 2)
    return 0.99


def readings(probs: np.ndarray, meta_threshold: float) -> list[str]:
    out = []
    for p in probs:
        if p[META] >= meta_threshold:
            out.append("meta")
        else:
            q = p.copy()
            q[META] = 0
            out.append(ROLES[int(np.argmax(q))])
    return out


def report(name: str, probs: np.ndarray, lines: Sequence[Line], meta_threshold: float) -> None:
    read = readings(probs, meta_threshold)
    gold = [x.role for x in lines]
    n = max(len(lines), 1)
    accuracy = sum(a == b for a, b in zip(read, gold, strict=True)) / n
    meta_gold = sum(g == "meta" for g in gold)
    meta_read = sum(r == "meta" for r in read)
    meta_right = sum(r == g == "meta" for r, g in zip(read, gold, strict=True))
    content = n - meta_gold
    content_lost = sum(r == "meta" and g != "meta" for r, g in zip(read, gold, strict=True))
    content_right = sum(r == g != "meta" for r, g in zip(read, gold, strict=True))
    _say(
        f"{name}: {len(lines)} sentences; role accuracy {accuracy:.3f}; meta left out {meta_right}/{meta_gold} "
        f"(recall {meta_right / max(meta_gold, 1):.3f}, precision {meta_right / max(meta_read, 1):.3f}); "
        f"content left out {content_lost}/{content} ({content_lost / max(content, 1):.3f}); "
        f"content filed right {content_right}/{content} ({content_right / max(content, 1):.3f})"
    )
    confusion = Counter((g, r) for r, g in zip(read, gold, strict=True) if r != g)
    _say("  wrong (gold -> read): " + ", ".join(f"{a}->{b} {c}" for (a, b), c in confusion.most_common(10)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--held", nargs="*", default=[], help="files only measured, never trained on")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--precision", type=float, default=0.95)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=str(MODEL_PATH))
    args = parser.parse_args(argv)
    held = {Path(p).resolve() for p in args.held}
    files = sorted(p for p in DATA.glob("roles_*.tsv") if p.resolve() not in held)
    lines = [line for path in files for line in load(path)]
    _say("training files: " + ", ".join(p.name for p in files) + f" ({len(lines)} sentences)")
    _say("  per role: " + ", ".join(f"{k} {v}" for k, v in Counter(x.role for x in lines).most_common()))
    rows = [vector(x.sentence, x.theme, x.place) for x in lines]
    conversations = sorted({x.conversation for x in lines})
    random.Random(args.seed).shuffle(conversations)  # noqa: S311 - a reproducible split, not a secret
    fold_of = {c: i % args.folds for i, c in enumerate(conversations)}
    probs = np.zeros((len(lines), len(ROLES)))
    for fold in range(args.folds):
        test = [i for i, x in enumerate(lines) if fold_of[x.conversation] == fold]
        train_idx = [i for i, x in enumerate(lines) if fold_of[x.conversation] != fold]
        model = train([lines[i] for i in train_idx], [rows[i] for i in train_idx])
        probs[test] = probabilities(model, [rows[i] for i in test])
    threshold = choose_meta_threshold(probs, [x.role for x in lines], args.precision)
    _say(f"meta threshold: {threshold:.2f}")
    report("cross-validated by conversation (dev)", probs, lines, threshold)
    model = train(lines, rows, threshold)
    version = f"roles-{len(lines)}-{args.seed}"
    np.savez_compressed(
        args.out,
        weights=model.weights.astype(np.float16),
        bias=model.bias,
        meta_threshold=np.array(threshold),
        roles=np.array(ROLES),
        version=np.array(version),
    )
    _say(f"wrote {args.out} ({Path(args.out).stat().st_size // 1024} KiB)")
    shipped = Model(model.weights, model.bias, threshold, version)
    for path in sorted(held):
        held_lines = load(path)
        report(f"held aside {path.name}", probabilities(shipped, [vector(x.sentence, x.theme, x.place) for x in held_lines]), held_lines, threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
