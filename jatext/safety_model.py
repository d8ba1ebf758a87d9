"""The statistical half of the safety check: a small linear classifier shipped in the package.

Why a model next to the rules: rules catch the phrasings someone wrote down, and an audit on
fresh sentences found they miss about half of the crisis ones (quiet goodbyes, a past overdose
told as news, being a burden).  A linear model over character n-grams generalises to spellings
and word orders nobody listed, while staying small, fast and explainable enough to test.

How a text is scored (the trainer, ``jatext/train_safety.py``, uses exactly the same code):

1. :func:`jatext.normalize.fold` (NFKC, lower case, katakana to hiragana), digits to ``0``.
2. Features: character 1–4-grams with a start and end mark, plus English word 1–2-grams,
   each hashed (CRC32) into ``2**18`` buckets; present/absent, L2-normalised.
3. One-vs-rest logistic regression per kind (crisis, harassment, health).
4. A text is scored whole *and* clause by clause (split at 。！？!? and line breaks); the highest
   score counts, so one alarming clause in a long message is not diluted by the rest.
5. A kind fires when its probability reaches the threshold stored with the weights; the
   thresholds were chosen on development data only (docs/safety.md).

The weights live in ``jatext/data/safety_model.npz`` (float16, a few MB): nothing is downloaded
at run time and only numpy is needed.  No Django import, no dictionary load.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jatext.normalize import fold
from jatext.shipped import Shipped

__all__ = ["LATIN_MODEL_PATH", "MODEL_PATH", "Model", "features", "combine_graded", "crisis_model", "is_latin", "load", "scores"]

MODEL_PATH = Path(__file__).resolve().parent / "data" / "safety_model.npz"
# Texts with no kana or kanji (English, romaji) are read by a model trained on such texts alone,
# with thresholds chosen on them alone (docs/safety.md, eighteenth session): the joint model's
# thresholds are set by a development set that is three quarters Japanese, and it raised a
# classifier-only crisis on 5.4% of ordinary English conversation turns against 1.2% of Japanese.
LATIN_MODEL_PATH = MODEL_PATH.with_name("safety_model_latin.npz")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")
KINDS = ("crisis", "harassment", "health")
BUCKETS = 2**18
_MAX_N = 4
_DIGITS = re.compile(r"[0-9]")
_WORD = re.compile(r"[a-z][a-z']*")
_CLAUSE = re.compile(r"[。！？!?\n]+|\.(?:\s+|$)")
# what follows a concession (「関係ないかもしれないけど、…」 "maybe it's nothing, but …") is the
# clause that says what happened; it is scored on its own too, so a hedge before it cannot dilute it
_CONCESSION = re.compile(r"(?:けど|けれど|けれども|けども)[、,]\s*|\bbut\b,?\s+")
_SHORTEST_TAIL = 6
# Very long texts are cut into windows of this many characters before clause scoring, so the
# cost per message stays bounded and the whole-text score is not a soup of unrelated sentences.
_MAX_CHARS = 4000


def prepare(text: str) -> str:
    """The string features are taken from: folded, digits collapsed, spaces squeezed."""
    return " ".join(_DIGITS.sub("0", fold(text)).split())


def _lemmas(prepared: str) -> list[str]:
    """Sudachi dictionary forms of the content of a prepared string (飲みました -> 飲む)."""
    from jatext.tokens import tokenize

    return [
        token.dictionary_form
        for token in tokenize(prepared)
        if token.pos and token.pos[0] not in ("補助記号", "空白")
    ]


def features(prepared: str, lemmas: bool = False, max_n: int = _MAX_N) -> np.ndarray:
    """Sorted unique bucket indices of the n-grams (and, if asked, lemmas) of one prepared string."""
    padded = "\x02" + prepared + "\x03"
    grams: set[str] = set()
    length = len(padded)
    for n in range(1, max_n + 1):
        for start in range(0, length - n + 1):
            grams.add(padded[start : start + n])
    words = _WORD.findall(prepared)
    grams.update("w:" + word for word in words)
    grams.update("w:" + a + " " + b for a, b in zip(words, words[1:], strict=False))
    if lemmas:
        forms = _lemmas(prepared)
        grams.update("l:" + form for form in forms)
        grams.update("l:" + a + "|" + b for a, b in zip(forms, forms[1:], strict=False))
    return np.fromiter(
        sorted({zlib.crc32(gram.encode("utf-8")) & (BUCKETS - 1) for gram in grams}), dtype=np.int64
    )


def pieces(text: str) -> list[str]:
    """The prepared whole text (cut to a bounded length) and each of its clauses."""
    prepared = prepare(text)[:_MAX_CHARS]
    if not prepared:
        return []
    clauses = [c.strip() for c in _CLAUSE.split(prepared) if c.strip()]
    if len(clauses) <= 1:
        return [prepared]
    return [prepared, *clauses]


def tails(text: str) -> list[str]:
    """What follows each concession in the prepared text (「…かもしれないけど、」 "…, but"), for the
    kinds that tell what happened to a person (harassment, health). Not for crisis: a tail such as
    「誰かと話したくて」 or 「この先どうしようかと思うてね」 is too short to stand alone for it."""
    prepared = prepare(text)[:_MAX_CHARS]
    return [
        tail
        for clause in _CLAUSE.split(prepared)
        for match in _CONCESSION.finditer(clause)
        if len(tail := clause[match.end() :].strip()) >= _SHORTEST_TAIL
    ]


@dataclass(frozen=True, slots=True)
class Model:
    """Weights (buckets x kinds), biases, per-kind thresholds and vetoes.

    ``thresholds``: the model alone raises a kind at or above this probability.
    ``vetoes``: a harassment or health *rule* signal is kept only when the model gives the kind
    at least this probability (it drops rule hits such as 疲れが取れない after a busy week).
    Crisis rule signals are never vetoed: its veto is stored as 0.
    ``stops``: at or above this probability the model's reading is *sure*; between the threshold
    and the stop it is *unsure* (help is shown, but the guide does not stop the conversation for
    it).  Thresholds are chosen on the development set with a larger false-alarm budget for
    crisis (a missed crisis costs more than a help panel shown in vain); stops with the smaller
    budget of the earlier models.  Models without stops are sure at their threshold.
    """

    weights: np.ndarray
    bias: np.ndarray
    thresholds: np.ndarray
    vetoes: np.ndarray
    version: str
    lemmas: bool = False
    max_n: int = _MAX_N
    stops: np.ndarray | None = None
    # a crisis *rule* hit the model gives less than this is unsure (help shown, no stop); 0: never
    crisis_doubt: float = 0.0

    def probabilities(self, text: str) -> np.ndarray:
        """Per-kind probability: the highest over the whole text and its clauses."""
        best = np.zeros(len(KINDS), dtype=np.float64)
        for piece in pieces(text):
            best = np.maximum(best, self._scored(piece))
        for piece in tails(text):  # harassment and health only: crisis (index 0) is left as it is
            best[1:] = np.maximum(best[1:], self._scored(piece)[1:])
        return best

    def _scored(self, piece: str) -> np.ndarray:
        """Per-kind probability of one prepared piece (zeros when it has no features)."""
        index = features(piece, self.lemmas, self.max_n)
        if not index.size:
            return np.zeros(len(KINDS), dtype=np.float64)
        logits = self.weights[index].sum(axis=0) / np.sqrt(index.size) + self.bias
        return 1.0 / (1.0 + np.exp(-logits))

    def kinds(self, text: str) -> list[str]:
        probabilities = self.probabilities(text)
        return [kind for kind, p, t in zip(KINDS, probabilities, self.thresholds, strict=True) if p >= t]

    def combine(self, text: str, rule_kinds: set[str]) -> tuple[set[str], set[str]]:
        """(kinds the model adds, rule kinds it vetoes) for one text already seen by the rules."""
        added, _unsure, vetoed = self.combine_graded(text, rule_kinds)
        return added, vetoed

    def combine_graded(self, text: str, rule_kinds: set[str]) -> tuple[set[str], set[str], set[str]]:
        """(kinds the model adds, those it is unsure of, rule kinds it vetoes).

        Crisis rule hits are never vetoed; one the model finds all but impossible (below
        ``crisis_doubt``: 自殺点 in football, a film's plot) is *unsure* instead."""
        probabilities = self.probabilities(text)
        stops = self.thresholds if self.stops is None else self.stops
        added: set[str] = set()
        unsure: set[str] = set()
        vetoed: set[str] = set()
        for kind, p, threshold, veto, stop in zip(KINDS, probabilities, self.thresholds, self.vetoes, stops, strict=True):
            if kind in rule_kinds:
                if kind != "crisis" and p < veto:
                    vetoed.add(kind)
                elif kind == "crisis" and p < self.crisis_doubt:
                    unsure.add(kind)
            elif p >= threshold:
                added.add(kind)
                if p < stop:
                    unsure.add(kind)
        return added, unsure, vetoed


def load(path: Path = MODEL_PATH) -> Model:
    """The shipped weights, read once (thread-safe); another ``path`` is read every time."""
    return _shipped(path)


def _read(path: Path) -> Model:
    with np.load(path, allow_pickle=False) as data:
        kinds = tuple(str(k) for k in data["kinds"])
        if kinds != KINDS or data["weights"].shape != (BUCKETS, len(KINDS)):
            raise ValueError(f"{path.name}: unexpected model shape or kinds {kinds}")
        return Model(
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float64),
            thresholds=data["thresholds"].astype(np.float64),
            vetoes=data["vetoes"].astype(np.float64) if "vetoes" in data else np.zeros(len(KINDS)),
            version=str(data["version"]),
            lemmas=bool(data["lemmas"]) if "lemmas" in data else False,
            max_n=int(data["max_n"]) if "max_n" in data else _MAX_N,
            stops=data["stops"].astype(np.float64) if "stops" in data else None,
            crisis_doubt=float(data["crisis_doubt"]) if "crisis_doubt" in data else 0.0,
        )


_shipped: Shipped[Model] = Shipped(MODEL_PATH, _read)


_latin: Shipped[Model] = Shipped(LATIN_MODEL_PATH, _read)


def is_latin(text: str) -> bool:
    """Whether ``text`` holds no kana or kanji (English, romaji, digits and emoji only)."""
    return _JAPANESE.search(text) is None


def crisis_model(text: str) -> Model:
    """The shipped model whose *crisis* reading counts for ``text``: the Latin-script model for a
    text with no kana or kanji, the main model for every other (and while none is shipped)."""
    return _latin() if is_latin(text) and LATIN_MODEL_PATH.exists() else load()


def combine_graded(text: str, rule_kinds: set[str]) -> tuple[set[str], set[str], set[str]]:
    """``Model.combine_graded`` of the shipped models: harassment and health as the main model
    reads them, crisis as :func:`crisis_model` reads it (the Latin-script model was built for the
    crisis false alarms on ordinary English; harassment and health stay as they were measured)."""
    main = load()
    added, unsure, vetoed = main.combine_graded(text, rule_kinds)
    model = crisis_model(text)
    if model is main:
        return added, unsure, vetoed
    crisis_added, crisis_unsure, _ = model.combine_graded(text, rule_kinds & {"crisis"})
    crisis = {"crisis"}
    return (added - crisis) | (crisis_added & crisis), (unsure - crisis) | (crisis_unsure & crisis), vetoed


def scores(text: str) -> dict[str, float]:
    """Per-kind probabilities of the shipped models as :func:`combine_graded` uses them, for
    evaluation and debugging."""
    probabilities = load().probabilities(text)
    probabilities[0] = crisis_model(text).probabilities(text)[0]
    return dict(zip(KINDS, (float(p) for p in probabilities), strict=True))
