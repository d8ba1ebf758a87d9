"""What a message put to the sounding board asks of it.

A person in a guided talk often writes something addressed to the guide itself: leave to talk
(「ちょっと話していい？」), what this is (「棚卸しって何を整理するもの？」), who can see it (「上司って
ぼくがこのアプリ使ってるの分かるの？」), what happens to the record, a summary, a document
written for them, a decision, or a fact about the company, the law, health or the world; and
sometimes a question that asks nothing of it at all ("What do I want? To still explain things.").
Seventeen blind reviews found the guide's rules answering many of these "I cannot answer that",
each time in a new wording. This model reads which of those a message is, so the guide can give
the answer it owes (COACHING.md: be honest about what it is and who sees what; point to people
and the company's programmes; never decide for the person).

A softmax classifier over character n-grams and Sudachi dictionary forms (the features of
:mod:`jatext.safety_model`). Trained by ``python -m jatext.train_asks`` on messages written and
labelled by people who had read only PRODUCT.md, COACHING.md and the label guide
(``jatext/data/asks_*.tsv``); the weights ship in ``jatext/data/asks_model.npz`` (numpy only,
nothing downloaded). A reading is acted on only at or above its label's threshold, chosen on
out-of-fold readings for precision; below it the guide's rules decide as before.
docs/coaching.md gives the figures on a held-aside set it never saw.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jatext.safety_model import features, prepare
from jatext.shipped import Shipped

__all__ = ["ASKS", "MODEL_PATH", "Model", "Reading", "load", "read", "vector"]

MODEL_PATH = Path(__file__).resolve().parent / "data" / "asks_model.npz"
ASKS = (
    "permission",
    "process",
    "visibility",
    "desk_confidential",
    "records",
    "summary",
    "write_for_me",
    "decision",
    "company_fact",
    "public_fact",
    "health_fact",
    "world_fact",
    "not_a_question",
)
BUCKETS = 2**16
MAX_N = 4


def vector(text: str) -> np.ndarray:
    """Sorted unique feature buckets of one message (shared with the trainer)."""
    prepared = prepare(text)[:600]
    index = features(prepared, True, MAX_N) & (BUCKETS - 1)
    length = len(prepared)
    size = "s" if length <= 15 else "m" if length <= 40 else "l" if length <= 100 else "xl"
    marks = "q" if any(mark in text for mark in "?？") else "noq"
    extra = [f"\x01len:{size}", f"\x01{marks}", f"\x01len:{size}|{marks}"]
    index = np.concatenate([index, [zlib.crc32(token.encode()) & (BUCKETS - 1) for token in extra]])
    return np.unique(index.astype(np.int64))


@dataclass(frozen=True, slots=True)
class Reading:
    asks: str
    probability: float


@dataclass(frozen=True, slots=True)
class Model:
    weights: np.ndarray  # buckets x labels
    bias: np.ndarray
    thresholds: np.ndarray  # per label: act on the reading at or above this probability
    version: str

    def probabilities(self, text: str) -> np.ndarray:
        index = vector(text)
        logits = self.weights[index].sum(axis=0) / np.sqrt(max(index.size, 1)) + self.bias
        logits = logits - logits.max()
        p = np.exp(logits)
        return p / p.sum()

    def best(self, text: str) -> Reading:
        p = self.probabilities(text)
        top = int(np.argmax(p))
        return Reading(ASKS[top], float(p[top]))

    def confident(self, text: str) -> Reading | None:
        reading = self.best(text)
        if reading.probability >= self.thresholds[ASKS.index(reading.asks)]:
            return reading
        return None


def _read(path: Path) -> Model:
    with np.load(path, allow_pickle=False) as data:
        labels = tuple(str(k) for k in data["labels"])
        if labels != ASKS or data["weights"].shape != (BUCKETS, len(ASKS)):
            raise ValueError(f"{path.name}: unexpected model shape or labels {labels}")
        return Model(
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float64),
            thresholds=data["thresholds"].astype(np.float64),
            version=str(data["version"]),
        )


load: Shipped[Model] = Shipped(MODEL_PATH, _read)


def read(text: str) -> Reading | None:
    """The confident reading of what ``text`` asks of the guide, or None (leave it to the rules)."""
    return load().confident(text)
