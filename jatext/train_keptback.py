"""Train the reader of what a person keeps from the manager and write ``jatext/data/keptback_model.npz``.

Run from the repository root: ``python -m jatext.train_keptback [--held PATH ...] [--folds 5]``.

Training data (JSON lists of exchanges, each one to five messages of ``[sentence, label]``; written
and labelled blind by people who had read only PRODUCT.md, COACHING.md and the label guide, never
the guide's code): ``jatext/data/keptback_*.json``. A sentence the guide would cut in two
(``jatext.keptback.split``) gives each part its label.

1. The exchanges are cut into folds. The first classifier (does this sentence ask to keep
   something back?) reads every sentence out of fold; the second (share / keep / ask in context)
   is trained on those readings, as it will see them, and reads each fold out of fold too.
2. From those out-of-fold readings the threshold on P(keep) + P(ask) is the lowest at which a
   sentence read as kept back is kept back at least ``--precision`` of the time: the model only
   adds to what the rules keep back, so a wrong reading takes a real topic out of the preparation.
3. The shipped model is trained on everything; files given with ``--held`` are read once and
   reported, never used to train or to choose anything.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jatext.keptback import LABELS, MODEL_PATH, Model, anchored, ask_vector, label_vector, softmax
from jatext.phrases import sentences
from jatext.train_intents import DATA, _say, fit


@dataclass(frozen=True, slots=True)
class Exchange:
    id: str
    lang: str
    messages: tuple[tuple[str, ...], ...]
    labels: tuple[tuple[str, ...], ...]


def load(path: Path) -> list[Exchange]:
    out = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        lang = str(item.get("lang", "ja"))
        messages, labels = [], []
        for message in item["messages"]:
            for _, label in message:
                if label not in LABELS:
                    raise ValueError(f"{path.name} {item['id']}: unknown label {label!r}")
            texts, marks = _as_read(message, lang)
            if texts:
                messages.append(tuple(texts))
                labels.append(tuple(marks))
        if messages:
            out.append(Exchange(str(item["id"]), lang, tuple(messages), tuple(labels)))
    return out


def load_questions(path: Path) -> list[Exchange]:
    """Messages put to the guide itself (``asks_blind_dev_*.tsv``: "can my manager see this?",
    「まとめて」, "is this used for my evaluation?"), written blind for :mod:`jatext.asks`: none asks
    to keep anything from the manager, so every sentence is ``share``. Without them the model read
    a question about who sees what as a request to keep it back."""
    out = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if not raw.strip() or raw.startswith("#"):
            continue
        lang, _, text = raw.split("\t", 2)
        parts = [x for b, e in sentences(text.replace("\\n", "\n")) if (x := text.replace("\\n", "\n")[b:e].strip())]
        if parts:
            out.append(Exchange(f"{path.stem}:{n}", lang, (tuple(parts),), (("share",) * len(parts),)))
    return out


def _as_read(message: Sequence[Sequence[str]], lang: str) -> tuple[list[str], list[str]]:
    """The message's sentences as the guide cuts the whole typed message (``joined``), each with
    the writer's label of the sentence it came from (kept back if any part of it was)."""
    text = joined([sentence for sentence, _ in message], lang)
    spans = []
    at = 0
    for sentence, label in message:
        start = text.index(sentence, at)
        spans.append((start, start + len(sentence), label))
        at = start + len(sentence)
    texts, marks = [], []
    for b, e in sentences(text):
        part = text[b:e].strip()
        if not part:
            continue
        inside = {label for start, end, label in spans if start < e and b < end}
        texts.append(part)
        marks.append("ask" if "ask" in inside else "keep" if "keep" in inside else "share")
    return texts, marks


_END = tuple("。．.!！?？…」)）♪~〜wW笑") + tuple("😊🙏😅😭💦")


def joined(message: Sequence[str], lang: str) -> str:
    """The message as the person typed it: sentences run on after their end mark, a sentence with
    none ends its line (people press Enter where they put no full stop)."""
    out = ""
    for sentence in message:
        if out:
            out += ("\n" if not out.rstrip().endswith(_END) else "" if lang == "ja" else " ")
        out += sentence
    return out


def _fit_asks(exchanges: Sequence[Exchange]) -> tuple[np.ndarray, np.ndarray]:
    rows, y = [], []
    for x in exchanges:
        for message, marks in zip(x.messages, x.labels, strict=True):
            for sentence, label in zip(message, marks, strict=True):
                rows.append(ask_vector(sentence))
                y.append(int(label == "ask"))
    return fit(rows, np.array(y), k=2, epochs=300, l2=1e-5)


def _read_asks(w: np.ndarray, b: np.ndarray, x: Exchange) -> list[list[float]]:
    return [[float(softmax(w, b, ask_vector(s))[1]) for s in message] for message in x.messages]


def _fit_labels(exchanges: Sequence[Exchange], asks: Sequence[Sequence[Sequence[float]]]) -> tuple[np.ndarray, np.ndarray]:
    rows, y = [], []
    for x, a in zip(exchanges, asks, strict=True):
        for m, marks in enumerate(x.labels):
            for i, label in enumerate(marks):
                rows.append(label_vector(x.messages, m, i, a))
                y.append(LABELS.index(label))
    return fit(rows, np.array(y), k=len(LABELS), epochs=300, l2=1e-5)


def joined_before(exchanges: Sequence[Exchange], asks: Sequence[Sequence[Sequence[float]]], seed: int) -> tuple[list[Exchange], list[list[list[float]]]]:
    """Longer talks made of two exchanges: every exchange that asks to keep something back, after
    the messages of another exchange picked at random (its own labels kept).

    The written exchanges hold one to five messages, and where a request comes two or more
    messages on it points back (the writers were asked for that). A real conversation runs to ten
    messages, and a request late in it mostly points at what was said with it: trained on the
    written exchanges alone, the model kept back the opening topics of long development
    conversations when a request came four messages later (「3個目言うとくと…転職サイトに登録して…
    でもこれは課長との紙には載せんでよかけんね」). What one exchange says cannot be what another's
    request points at, so the joined talk is labelled exactly."""
    rng = random.Random(seed)  # noqa: S311 - a reproducible pairing, not a secret
    written = [e for e, x in enumerate(exchanges) if ":" not in x.id]
    out, out_asks = [], []
    for e in written:
        x = exchanges[e]
        if not any(label == "ask" for marks in x.labels for label in marks):
            continue
        f = rng.choice(written)
        if f == e:
            continue
        y = exchanges[f]
        out.append(Exchange(f"{y.id}+{x.id}", x.lang, y.messages + x.messages, y.labels + x.labels))
        out_asks.append([*asks[f], *asks[e]])
    return out, out_asks


def _read_labels(w: np.ndarray, b: np.ndarray, x: Exchange, asks: Sequence[Sequence[float]]) -> list[np.ndarray]:
    return [softmax(w, b, label_vector(x.messages, m, i, asks)) for m, message in enumerate(x.messages) for i in range(len(message))]


def _folds(n: int, folds: int, seed: int) -> list[list[int]]:
    order = list(range(n))
    random.Random(seed).shuffle(order)  # noqa: S311 - a reproducible split, not a secret
    return [order[f::folds] for f in range(folds)]


def choose_threshold(private: np.ndarray, gold: np.ndarray, precision: float) -> float:
    """The lowest threshold (≥ 0.3) on P(keep) + P(ask) whose out-of-fold readings of "kept
    back" are right at least ``precision`` of the time."""
    for t in np.arange(0.3, 0.99, 0.01):
        acted = private >= t
        if acted.sum() < 5:
            break
        if gold[acted].mean() >= precision:
            return round(float(t), 2)
    return 0.99


def report(name: str, exchanges: Sequence[Exchange], private: np.ndarray, threshold: float) -> None:
    """Per sentence: recall of kept-back sentences, share sentences read as kept back; per
    exchange: how many let a kept-back sentence through."""
    gold = np.array([label != "share" for x in exchanges for marks in x.labels for label in marks])
    langs = np.array([x.lang for x in exchanges for marks in x.labels for _ in marks])
    read = private >= threshold
    for lang in ("all", "ja", "en"):
        mask = np.ones_like(gold) if lang == "all" else langs == lang
        if not mask.any():
            continue
        kept = gold & mask
        shared = ~gold & mask
        _say(
            f"{name} [{lang}]: {int(mask.sum())} sentences; kept back caught {int((read & kept).sum())}/{int(kept.sum())} "
            f"({(read & kept).sum() / max(kept.sum(), 1):.3f}); shared read as kept {int((read & shared).sum())}/{int(shared.sum())} "
            f"({(read & shared).sum() / max(shared.sum(), 1):.3f})"
        )


ALONE_PRECISION = 0.95


def _anchors(x: Exchange, flat: Sequence[np.ndarray], threshold: float) -> list[bool]:
    """For each sentence of ``x``: whether a request was read in its message or one after it
    (``keptback.anchored``), or the sentence reads as the request itself."""
    it = iter(flat)
    readings = [[next(it) for _ in message] for message in x.messages]
    asks = [[float(p[1] + p[2]) >= threshold and int(np.argmax(p)) == 2 for p in message] for message in readings]
    return [anchored(asks, m) or asks[m][i] for m, message in enumerate(asks) for i in range(len(message))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--held", nargs="*", default=[], help="files only measured, never trained on")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--precision", type=float, default=0.9)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=str(MODEL_PATH))
    parser.add_argument("--oof", default="", help="write the out-of-fold readings here (JSON), for the guide's replay")
    args = parser.parse_args(argv)
    held = {Path(p).resolve() for p in args.held}
    files = sorted(p for p in DATA.glob("keptback_*.json") if p.resolve() not in held)
    exchanges = [x for path in files for x in load(path)]
    questions = sorted(DATA.glob("asks_blind_dev_*.tsv"))
    exchanges += [x for path in questions for x in load_questions(path)]
    labels = [label for x in exchanges for marks in x.labels for label in marks]
    _say("training files: " + ", ".join(p.name for p in [*files, *questions]) + f" ({len(exchanges)} exchanges, {len(labels)} sentences: "
         + ", ".join(f"{k} {labels.count(k)}" for k in LABELS) + ")")
    folds = _folds(len(exchanges), args.folds, args.seed)
    asks: list[list[list[float]]] = [[] for _ in exchanges]
    for test in folds:
        test_set = set(test)
        w, b = _fit_asks([x for e, x in enumerate(exchanges) if e not in test_set])
        for e in test:
            asks[e] = _read_asks(w, b, exchanges[e])
    readings: list[list[np.ndarray]] = [[] for _ in exchanges]
    for test in folds:
        test_set = set(test)
        train = [e for e in range(len(exchanges)) if e not in test_set]
        longer, longer_asks = joined_before([exchanges[e] for e in train], [asks[e] for e in train], args.seed)
        w, b = _fit_labels([exchanges[e] for e in train] + longer, [asks[e] for e in train] + longer_asks)
        for e in test:
            readings[e] = _read_labels(w, b, exchanges[e], asks[e])
    private = np.array([float(p[1] + p[2]) for r in readings for p in r])
    gold = np.array([label != "share" for label in labels])
    threshold = choose_threshold(private, gold, args.precision)
    _say(f"threshold on P(keep)+P(ask): {threshold:.2f} (out-of-fold precision ≥ {args.precision})")
    # a sentence read as kept back with no request read near it is the model's guess: it must be
    # right more often (ALONE_PRECISION) before it takes anything out of the preparation
    alone_mask = np.array([
        not asks_near
        for x, r in zip(exchanges, readings, strict=True)
        for asks_near in _anchors(x, r, threshold)
    ])
    alone = choose_threshold(np.where(alone_mask, private, 0.0), gold, ALONE_PRECISION)
    _say(f"threshold with no request near: {alone:.2f} (out-of-fold precision ≥ {ALONE_PRECISION})")
    kinds = np.array([":" in x.id for x in exchanges for marks in x.labels for _ in marks])
    written = [x for x in exchanges if ":" not in x.id]
    report("cross-validated (dev)", written, private[~kinds], threshold)
    asked = int((private[kinds] >= threshold).sum())
    _say(f"cross-validated (questions to the guide): {asked}/{int(kinds.sum())} sentences read as kept back")
    if args.oof:
        out = {}
        for x, r in zip(exchanges, readings, strict=True):
            if ":" in x.id:
                continue
            flat = iter(r)
            out[x.id] = [[[round(float(v), 4) for v in next(flat)] for _ in message] for message in x.messages]
        Path(args.oof).write_text(json.dumps(out), encoding="utf-8")
    aw, ab = _fit_asks(exchanges)
    longer, longer_asks = joined_before(exchanges, asks, args.seed)
    w, b = _fit_labels([*exchanges, *longer], [*asks, *longer_asks])
    version = f"keptback-{len(exchanges)}-{args.seed}"
    np.savez_compressed(
        args.out,
        ask_weights=aw.astype(np.float16),
        ask_bias=ab,
        weights=w.astype(np.float16),
        bias=b,
        threshold=np.array(threshold),
        alone=np.array(alone),
        labels=np.array(LABELS),
        version=np.array(version),
        far=np.array(True),
    )
    _say(f"wrote {args.out} ({Path(args.out).stat().st_size // 1024} KiB)")
    shipped = Model(aw.astype(np.float16).astype(np.float32), ab, w.astype(np.float16).astype(np.float32), b, threshold, alone, version)
    for path in sorted(held):
        held_x = load(path)
        held_private = np.array([float(p[1] + p[2]) for x in held_x for r in shipped.probabilities(x.messages) for p in r])
        report(f"held aside {path.name}", held_x, held_private, threshold)
    return 0


if __name__ == "__main__":
    sys.exit(main())
