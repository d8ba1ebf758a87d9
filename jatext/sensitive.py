"""Whether a sentence tells something private of the kind Japan's privacy law calls
special-care personal information (要配慮個人情報), or close to it.

While a person prepares a 1on1, each sentence they write may end up in the agenda draft the
manager sees. A diagnosis, a medication, a disability, a pregnancy or fertility treatment, a
family member's illness, a belief, an orientation, a record: told to think aloud, it is not
meant for the manager unless the person puts it there themselves. The safety reading
(:mod:`jatext.safety`) finds health *strain*; a blind review found "I was diagnosed with ADHD in
the spring … and I'm on medication now" filed under "how I want my manager to respond" (round
22, R22-09), with no safety signal in it at all. This reader keeps such sentences in the person's
own line by default (``kabeuchi.coach.engines.guide.split_sensitive``); the person can still
write them into the agenda themselves.

A two-class softmax over character n-grams and Sudachi dictionary forms (the features of
:mod:`jatext.safety_model`, as :mod:`jatext.asks` uses them). Trained by ``python -m
jatext.train_sensitive`` on sentences written and labelled blind by people who had read only
PRODUCT.md, COACHING.md and a label guide (``jatext/data/sensitive_blind_dev_*.tsv``); the weights
ship in ``jatext/data/sensitive_model.npz`` (numpy only, nothing downloaded). The threshold is
chosen on out-of-fold readings for precision; docs/privacy.md (P48) gives the figures on a
held-aside set it never saw.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jatext.safety_model import features, prepare
from jatext.shipped import Shipped

__all__ = ["LABELS", "MODEL_PATH", "Model", "load", "probability", "read", "vector"]

MODEL_PATH = Path(__file__).resolve().parent / "data" / "sensitive_model.npz"
LABELS = ("none", "sensitive")
BUCKETS = 2**16
MAX_N = 4


def vector(text: str) -> np.ndarray:
    """Sorted unique feature buckets of one sentence (shared with the trainer)."""
    prepared = prepare(text)[:400]
    index = features(prepared, True, MAX_N) & (BUCKETS - 1)
    length = len(prepared)
    size = "s" if length <= 12 else "m" if length <= 40 else "l"
    index = np.concatenate([index, [zlib.crc32(f"\x01len:{size}".encode()) & (BUCKETS - 1)]])
    return np.unique(index.astype(np.int64))


@dataclass(frozen=True, slots=True)
class Model:
    weights: np.ndarray  # buckets x labels
    bias: np.ndarray
    threshold: float  # P(sensitive) at or above which a sentence is kept back
    version: str

    def probability(self, text: str) -> float:
        index = vector(text)
        logits = self.weights[index].sum(axis=0) / np.sqrt(max(index.size, 1)) + self.bias
        logits = logits - logits.max()
        p = np.exp(logits)
        return float(p[1] / p.sum())


def _read(path: Path) -> Model:
    with np.load(path, allow_pickle=False) as data:
        labels = tuple(str(k) for k in data["labels"])
        if labels != LABELS or data["weights"].shape != (BUCKETS, len(LABELS)):
            raise ValueError(f"{path.name}: unexpected model shape or labels {labels}")
        return Model(
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float64),
            threshold=float(data["threshold"]),
            version=str(data["version"]),
        )


load: Shipped[Model] = Shipped(MODEL_PATH, _read)


def probability(text: str) -> float:
    """P(the sentence tells something special-care private), from the shipped model."""
    return load().probability(text)


def read(text: str) -> bool:
    """Whether ``text`` (one sentence) is kept from the manager by default."""
    if not text or not text.strip():
        return False
    model = load()
    return model.probability(text) >= model.threshold
