"""What one sentence of a person's message *is*, for the summary that keeps their words.

COACHING.md asks the summary to keep facts apart from interpretations, feelings and wishes, and
the themes add strengths, values, what is required of the person, options and the step they
chose.  Sixteen blind reviews never accepted an end summary built from the question each answer
was given to: people answer another question than the one asked, two at once, or chat, thank
and say goodbye in the same message, and a line under the wrong heading misrepresents them.  So
the summary files each sentence by what it says, read by this model; ``meta`` (greetings, thanks,
goodbyes, acknowledgements, talk about the talk, questions and requests to the guide, bare
corrections of its wording) stays out.

A softmax classifier over character n-grams and Sudachi dictionary forms (the features of
:mod:`jatext.safety_model`), the theme and the sentence's place in its message.  Trained by
``python -m jatext.train_roles`` on sentences of the blind-written conversation corpora, labelled
by annotators who had read only COACHING.md and the label guide (``jatext/data/roles_*.tsv``);
the weights ship in ``jatext/data/roles_model.npz`` (numpy only, nothing downloaded).
docs/coaching.md gives the figures on labelled sentences it never saw.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jatext.courtesy import without_courtesies
from jatext.safety_model import features, prepare
from jatext.shipped import Shipped
from jatext.tokens import cues

__all__ = ["MODEL_PATH", "ROLES", "THEMES", "Reading", "read", "vector"]

MODEL_PATH = Path(__file__).resolve().parent / "data" / "roles_model.npz"
ROLES = ("fact", "thought", "feeling", "wish", "strength", "value", "constraint", "option", "plan", "topic", "meta")
THEMES = ("moyamoya", "stocktaking", "one_on_one", "career", "learning", "free")
PLACES = ("only", "first", "middle", "last")
TURNS = ("first", "middle", "last")
BUCKETS = 2**16
MAX_N = 4


def vector(sentence: str, theme: str, place: str) -> np.ndarray:
    """Sorted unique feature buckets of one sentence in its context (shared with the trainer).

    ``place`` is where the sentence stands in its message and, after an ``@``, where the message
    stands in the conversation (``place_of``): 「ありがとね」 closing the last message is a goodbye."""
    place, _, turn = place.partition("@")
    prepared = prepare(sentence)[:400]
    index = features(prepared, True, MAX_N) & (BUCKETS - 1)
    length = len(prepared)
    size = "s" if length <= 8 else "m" if length <= 20 else "l" if length <= 60 else "xl"
    rest = len(without_courtesies(sentence))
    left = "none" if rest == 0 else "part" if rest < 0.8 * len(sentence.strip()) else "all"
    theme = theme if theme in THEMES else "free"
    place = place if place in PLACES else "only"
    turn = turn if turn in TURNS else "middle"
    extra = [
        f"\x01turn:{turn}",
        f"\x01turn:{turn}|place:{place}",
        *(f"\x01cue:{cue}" for cue in sorted(cues(sentence))),
        f"\x01theme:{theme}",
        f"\x01len:{size}",
        f"\x01rest:{left}",
        f"\x01place:{place}",
        f"\x01place:{place}|len:{size}",
        f"\x01theme:{theme}|len:{size}",
    ]
    extra_index = [zlib.crc32(token.encode()) & (BUCKETS - 1) for token in extra]
    return np.unique(np.concatenate([index, extra_index]).astype(np.int64))


def place_of(position: int, count: int, turn: int = 1, turns: int = 3) -> str:
    """Where a sentence stands: at ``position`` of the ``count`` sentences of its message, which
    is message ``turn`` of the person's ``turns`` messages."""
    where = "first" if turn == 0 else "last" if turn == turns - 1 else "middle"
    if count <= 1:
        return f"only@{where}"
    return ("first" if position == 0 else "last" if position == count - 1 else "middle") + f"@{where}"


@dataclass(frozen=True, slots=True)
class Reading:
    role: str
    probability: float
    meta: float  # the probability that the sentence is not about the person's situation


@dataclass(frozen=True, slots=True)
class Model:
    weights: np.ndarray  # buckets x roles
    bias: np.ndarray
    meta_threshold: float  # below this the sentence is content, whatever else it reads as
    version: str

    def probabilities(self, sentence: str, theme: str, place: str) -> np.ndarray:
        index = vector(sentence, theme, place)
        logits = self.weights[index].sum(axis=0) / np.sqrt(max(index.size, 1)) + self.bias
        logits = logits - logits.max()
        p = np.exp(logits)
        return p / p.sum()

    def read(self, sentence: str, theme: str, place: str = "only") -> Reading:
        p = self.probabilities(sentence, theme, place)
        meta = float(p[ROLES.index("meta")])
        if meta >= self.meta_threshold:
            return Reading("meta", meta, meta)
        content = p.copy()
        content[ROLES.index("meta")] = 0.0
        best = int(np.argmax(content))
        return Reading(ROLES[best], float(content[best] / max(content.sum(), 1e-9)), meta)


def load(path: Path = MODEL_PATH) -> Model:
    """The shipped weights, read once (thread-safe); another ``path`` is read every time."""
    return _shipped(path)


def _read(path: Path) -> Model:
    with np.load(path, allow_pickle=False) as data:
        roles = tuple(str(k) for k in data["roles"])
        if roles != ROLES or data["weights"].shape != (BUCKETS, len(ROLES)):
            raise ValueError(f"{path.name}: unexpected model shape or roles {roles}")
        return Model(
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float64),
            meta_threshold=float(data["meta_threshold"]),
            version=str(data["version"]),
        )


_shipped: Shipped[Model] = Shipped(MODEL_PATH, _read)


def read(sentence: str, theme: str, place: str = "only") -> Reading:
    """The role of ``sentence`` said in a conversation of ``theme``, at ``place`` in its message
    (not cached: a process-wide cache would keep people's sentences in memory past their request)."""
    return load().read(sentence, theme, place)
