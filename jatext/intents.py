"""What a message to the guide *does*: answers the question, or asks, corrects, goes back, ends.

The guide's rules read the commands it names (「スキップ」「戻る」) and many phrasings around
them, but a blind review found the everyday forms slipping through and being filed as answers:
「OKです、助かりました」 and "Great, done" (a goodbye), 「さっきのとこ戻っていいですか」 (back), a
question about tax rules, 「寝ます、おやすみなさい」.  A filed non-answer then sits in the summary
under a heading it does not answer.  This module is the statistical half of that reading: a small
softmax classifier over character n-grams (the same features as :mod:`jatext.safety_model`) and
one token for what the guide said just before (a question, a summary, a closing offer, help).

It is trained by ``python -m jatext.train_intents`` on labelled person turns written by people who
had not read the guide's code (``jatext/data/intents_*.tsv``); the weights ship in
``jatext/data/intents_model.npz`` (numpy only, nothing downloaded).  The guide asks it only when
its rules found nothing, and acts on it only above a confidence chosen on development data
(docs/coaching.md gives the figures on data it never saw).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jatext.courtesy import without_courtesies
from jatext.safety_model import features, prepare
from jatext.shipped import Shipped

__all__ = ["AFTER", "INTENTS", "MODEL_PATH", "Reading", "read"]

MODEL_PATH = Path(__file__).resolve().parent / "data" / "intents_model.npz"
INTENTS = (
    "answer",
    "dont_know",
    "nothing",
    "skip",
    "back",
    "question_fact",
    "question_decision",
    "correction",
    "confirm",
    "off_topic",
    "plan",
    "summary_request",
    "end",
)
AFTER = ("question", "summary", "closing", "help")
BUCKETS = 2**16
MAX_N = 4


def vector(text: str, after: str) -> np.ndarray:
    """Sorted unique feature buckets of one message in its context (shared with the trainer)."""
    prepared = prepare(text)[:600]
    index = features(prepared, False, MAX_N) & (BUCKETS - 1)
    length = len(prepared)
    size = "s" if length <= 12 else "m" if length <= 30 else "l" if length <= 80 else "xl"
    # what is left once whole courtesy clauses are taken off (jatext.courtesy, a closed-class
    # parse): 「ありがとうございました」 leaves nothing, 「寂しかったし、少し焦りました」 all of itself;
    # character n-grams alone tie the two by their shared 「ました」
    rest = len(without_courtesies(text))
    left = "none" if rest == 0 else "part" if rest < 0.8 * len(text.strip()) else "all"
    extra = [f"\x01after:{after}", f"\x01len:{size}", f"\x01after:{after}|len:{size}", f"\x01rest:{left}", f"\x01after:{after}|rest:{left}"]
    from zlib import crc32

    index = np.concatenate([index, [crc32(token.encode()) & (BUCKETS - 1) for token in extra]])
    return np.unique(index.astype(np.int64))


@dataclass(frozen=True, slots=True)
class Reading:
    intent: str
    probability: float

    @property
    def answers(self) -> bool:
        return self.intent == "answer"


@dataclass(frozen=True, slots=True)
class Model:
    weights: np.ndarray  # buckets x intents
    bias: np.ndarray
    thresholds: np.ndarray  # per intent: act on the reading at or above this probability
    version: str

    def probabilities(self, text: str, after: str = "question") -> np.ndarray:
        index = vector(text, after if after in AFTER else "question")
        logits = self.weights[index].sum(axis=0) / np.sqrt(max(index.size, 1)) + self.bias
        logits = logits - logits.max()
        p = np.exp(logits)
        return p / p.sum()

    def read(self, text: str, after: str = "question") -> Reading:
        p = self.probabilities(text, after)
        best = int(np.argmax(p))
        return Reading(INTENTS[best], float(p[best]))

    def confident(self, text: str, after: str = "question") -> Reading | None:
        """The reading when it reaches its intent's threshold, else None (leave it to the rules)."""
        reading = self.read(text, after)
        if reading.probability >= self.thresholds[INTENTS.index(reading.intent)]:
            return reading
        return None


def load(path: Path = MODEL_PATH) -> Model:
    """The shipped weights, read once (thread-safe); another ``path`` is read every time."""
    return _shipped(path)


def _read(path: Path) -> Model:
    with np.load(path, allow_pickle=False) as data:
        intents = tuple(str(k) for k in data["intents"])
        if intents != INTENTS or data["weights"].shape != (BUCKETS, len(INTENTS)):
            raise ValueError(f"{path.name}: unexpected model shape or intents {intents}")
        return Model(
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float64),
            thresholds=data["thresholds"].astype(np.float64),
            version=str(data["version"]),
        )


_shipped: Shipped[Model] = Shipped(MODEL_PATH, _read)


def read(text: str, after: str = "question") -> Reading | None:
    """The confident reading of ``text`` said after ``after``, or None."""
    return load().confident(text, after)
