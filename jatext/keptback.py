"""Which sentences of a 1on1 preparation the person keeps from the manager.

While preparing a 1on1, people mix what they will raise with what the manager must not see: a
job-agency interview, an internal application, early retirement, a family matter (「これは課長には
言わんとって」, "that one is not going on anything he sees"). The request comes before what it
points at, after it, in the middle, in the next message, or only names a noun; and a sentence that
merely sounds private (「言いにくいけど、今回は言うつもり」, a confidential project, a secret kept
from the family) is a topic. Twenty blind reviews graded a kept-back sentence filed in the
preparation harmful, each time in a wording the guide's rules had not seen. This model reads, for
every sentence of a message, whether the person keeps it from the manager.

Two softmax classifiers over the features of :mod:`jatext.safety_model` (character n-grams and
Sudachi dictionary forms):

1. ``ask`` reads whether a sentence itself asks to keep something from the manager;
2. ``label`` reads each sentence as ``share``, ``keep`` (what a request points at) or ``ask``, from
   its own words, its neighbours' words, where it stands, how strongly the sentences before and
   after it (in its message and in the person's next message) ask, and whether it shares a noun
   with a sentence that asks.

Trained by ``python -m jatext.train_keptback`` on exchanges written and labelled blind by people
who had read only PRODUCT.md, COACHING.md and the label guide (``jatext/data/keptback_*.json``);
the weights ship in ``jatext/data/keptback_model.npz`` (numpy only, nothing downloaded).

Two readers are shipped. The first (``keptback_model_first.npz``, 2026-11-28, ninth session) reads a
message with the next one. The second (``keptback_model.npz``, tenth session, ``Model.far``) was
trained on three more blind files and also reads the requests of up to ``FAR`` messages after the
next one (round 21's 「面接の件は外して」 came messages after the interview). A sentence either
reader keeps back is kept back (``read``): in blind-reviewed conversations each alone let through
sentences the other caught. A
sentence is read as kept back at or above a threshold chosen on out-of-fold readings; the guide
only ever adds to what its rules keep back (the model never puts a sentence back into the
preparation). docs/coaching.md gives the figures on a held-aside set it never saw.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jatext import memo
from jatext.phrases import sentences
from jatext.safety_model import features, prepare
from jatext.shipped import Shipped
from jatext.tokens import tokenize

__all__ = ["FAR", "spoken_clauses", "FIRST_PATH", "LABELS", "MODEL_PATH", "Model", "Reading", "kept", "load", "load_first", "read", "split"]

MODEL_PATH = Path(__file__).resolve().parent / "data" / "keptback_model.npz"
# the first reader (2026-11-28, ninth session): each message with the next one only; kept beside the
# second, and a sentence either keeps back is kept back (docs/coaching.md, tenth session)
FIRST_PATH = Path(__file__).resolve().parent / "data" / "keptback_model_first.npz"
LABELS = ("share", "keep", "ask")
BUCKETS = 2**16
MAX_N = 4
# messages after the next one in which a request may still point back (「さっきの病院の話は外してね」
# two to four messages on): they are read for their requests only
FAR = 3


def split(text: str) -> list[str]:
    """``text`` in the sentences the guide reads (jatext.phrases.sentences)."""
    return [x for b, e in sentences(text) if (x := text[b:e].strip())] or ([text.strip()] if text.strip() else [])


# a space between two runs of Japanese, in a sentence with no other stop: where a person typing on a
# phone may end a clause (each clause at least eight characters, never after a particle)
_SPOKEN_STOP = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff々ー])[ \u3000]+(?=[\u3040-\u30ff\u4e00-\u9fff々])")


def spoken_clauses(sentence: str) -> list[str]:
    """A long Japanese sentence typed with spaces for stops (「…融通きかせてほしいけど 寺のことは別に
    言わんでええわ 宗教のことあれこれ言われるのかなわんで」, round 26) in its clauses; any other
    sentence whole.  The readers were trained on punctuated sentences, so the guide reads a request
    in such a clause alone (``kabeuchi.coach.engines.guide``), never the clauses in context."""
    if len(sentence) < 24 or re.search(r"[、，,]", sentence):
        return [sentence]
    pieces: list[str] = []
    for x in (x.strip() for x in _SPOKEN_STOP.split(sentence)):
        if pieces and (len(pieces[-1]) < 8 or pieces[-1][-1] in _NO_STOP_AFTER or not _predicates(pieces[-1])):
            pieces[-1] += " " + x  # 「評価の方は 一緒に考えて…」: a topic, not a clause, before the space
        else:
            pieces.append(x)
    if len(pieces) > 1 and (len(pieces[-1]) < 8 or not _predicates(pieces[-1])):
        pieces[-2:] = [pieces[-2] + " " + pieces[-1]]
    return pieces


def _predicates(clause: str) -> bool:
    """Whether ``clause`` holds a verb, an adjective or an auxiliary (「ほんでセンター長にはな」 does not)."""
    return any(t.pos[0] in ("動詞", "形容詞", "助動詞", "形状詞") for t in tokenize(clause))


# the particles a clause does not end on
_NO_STOP_AFTER = frozenset("はがをにのともへや")


@memo.within_scope
def _own(sentence: str) -> np.ndarray:
    return features(prepare(sentence)[:400], True, MAX_N) & (BUCKETS - 1)


def _salted(index: np.ndarray, salt: int) -> np.ndarray:
    """The same n-grams as another feature family (a neighbour's words are not one's own)."""
    return ((index * 0x9E3779B1 + salt) & 0xFFFFFFFF) % BUCKETS


def _tokens(extra: Sequence[str]) -> np.ndarray:
    return np.fromiter((zlib.crc32(t.encode()) & (BUCKETS - 1) for t in extra), dtype=np.int64, count=len(extra))


# words of the request itself or of the preparation, never what is kept back
_STOP = frozenset(
    "こと もの 話 件 相談 上司 課長 部長 係長 主任 店長 所長 室長 社長 リーダー マネージャー 1on1 面談 準備 メモ 資料 "
    "アジェンダ 議題 まとめ 自分 今回 今日 内緒 秘密 本当 正直 実際 最初 最後 ところ 感じ 気持ち 会社 仕事 "
    "that this thing things stuff part please keep what with from them they their there have about just "
    "manager boss lead leader agenda notes note summary list page meeting want don't dont would could should "
    "really actually also still said tell know think going yeah okay".split()
)


# whom a request keeps something from is named in it and all over the rest of the talk (工場長, 店長,
# 師長, 支店長, "kachou"): a shared title is no sign that a sentence is what the request points at
_TITLE = re.compile(r"^.{0,5}長$|^(?:kachou|kacho|bucho|buchou|tencho|tenchou|shunin|supervisor|senpai|sensei|chief|director|head)$")


@memo.within_scope
def _nouns(sentence: str, titles: bool = False) -> frozenset[str]:
    """The content words a request and what it points at share (公募, "osaka"); titles only for
    the first reader, which was trained with them."""
    if sentence.isascii():
        words = [w for w in re.findall(r"[a-z][a-z'-]{3,}", sentence.lower()) if w not in _STOP]
    else:
        words = [
            token.surface.lower()
            for token in tokenize(sentence)
            if token.pos and token.pos[0] == "名詞" and len(token.surface) >= 2 and token.pos[1] != "代名詞" and token.surface.lower() not in _STOP
        ]
    return frozenset(w for w in words if titles or not _TITLE.match(w))


# a request that points at what was said (「これは」「その件」 "that one"): what it points at is kept
_POINTS = re.compile(r"これ|それ|あれ|この(?:件|話|こと)|その(?:件|話|こと)|あの(?:件|話|こと)|上の|さっき|前の|\b(?:this|that|it|above|earlier|last one|those)\b", re.IGNORECASE)


def _bin(p: float) -> str:
    return "hi" if p >= 0.5 else "mid" if p >= 0.2 else "lo"


def ask_vector(sentence: str) -> np.ndarray:
    """Features of one sentence read alone (the first classifier)."""
    own = _own(sentence)
    length = len(sentence)
    size = "s" if length <= 10 else "m" if length <= 30 else "l" if length <= 80 else "xl"
    return np.unique(np.concatenate([own, _tokens([f"\x01len:{size}"])]).astype(np.int64))


def label_vector(messages: Sequence[Sequence[str]], m: int, i: int, asks: Sequence[Sequence[float]], far: bool = True) -> np.ndarray:
    """Features of sentence ``i`` of message ``m`` in its exchange (the second classifier);
    ``asks`` holds the first classifier's probability for every sentence. ``far``: the features
    of the requests in the messages after the next one, and nouns without titles (the second
    reader); without it, those of the first reader."""
    message = messages[m]
    sentence = message[i]
    p = asks[m]
    place = "only" if len(message) == 1 else "first" if i == 0 else "last" if i == len(message) - 1 else "middle"
    before = max(p[:i], default=0.0)
    after = max(p[i + 1 :], default=0.0)
    prev = p[i - 1] if i else 0.0
    nxt = p[i + 1] if i + 1 < len(message) else 0.0
    next_message = max(asks[m + 1], default=0.0) if m + 1 < len(messages) else 0.0
    own_nouns = _nouns(sentence, not far)
    asking = [message[j] for j in range(len(message)) if j != i and p[j] >= 0.5]
    if m + 1 < len(messages):
        asking += [s for s, q in zip(messages[m + 1], asks[m + 1], strict=True) if q >= 0.5]
    shared_noun = any(own_nouns & _nouns(s, not far) for s in asking)
    later = next((j for j in range(i + 1, len(message)) if p[j] >= 0.5), None)
    earlier = next((j for j in range(i - 1, -1, -1) if p[j] >= 0.5), None)
    to_later = "none" if later is None else str(min(later - i, 3))
    to_earlier = "none" if earlier is None else str(min(i - earlier, 3))
    points_later = later is not None and bool(_POINTS.search(message[later]))
    points_next = m + 1 < len(messages) and any(q >= 0.5 and _POINTS.search(x) for x, q in zip(messages[m + 1], asks[m + 1], strict=True))
    extra = [
        f"\x01place:{place}",
        f"\x01self:{_bin(p[i])}",
        f"\x01self:{_bin(p[i])}|{place}",
        f"\x01prev:{_bin(prev)}",
        f"\x01next:{_bin(nxt)}",
        f"\x01before:{_bin(before)}",
        f"\x01after:{_bin(after)}",
        f"\x01before:{_bin(before)}|after:{_bin(after)}",
        f"\x01nextmsg:{_bin(next_message)}",
        f"\x01nextmsg:{_bin(next_message)}|{place}",
        f"\x01noun_with_ask:{shared_noun}",
        f"\x01noun_with_ask:{shared_noun}|before:{_bin(before)}|after:{_bin(after)}",
        f"\x01to_later:{to_later}",
        f"\x01to_earlier:{to_earlier}",
        f"\x01to_later:{to_later}|points:{points_later}",
        f"\x01to_later:{to_later}|to_earlier:{to_earlier}",
        f"\x01nextmsg_points:{points_next}|{place}",
        "\x01bias",
    ]
    parts = [_own(sentence), _tokens(extra)]
    if i:
        parts.append(_salted(_own(message[i - 1]), 1))
    if i + 1 < len(message):
        parts.append(_salted(_own(message[i + 1]), 2))
    if m + 1 < len(messages) and messages[m + 1]:
        parts.append(_salted(_own(messages[m + 1][0]), 3))
    if far and m + 2 < len(messages):
        later, asking_far = _far(messages, m, asks, own_nouns, place)
        parts.append(_tokens(later))
        parts += [_salted(_own(s), 4) for s in asking_far]
    return np.unique(np.concatenate(parts).astype(np.int64))


def _far(messages: Sequence[Sequence[str]], m: int, asks: Sequence[Sequence[float]], own_nouns: frozenset[str], place: str) -> tuple[list[str], list[str]]:
    """Feature tokens for the messages two to four after message ``m``, and the sentences in them
    that ask: how strongly they ask to keep something back, whether such a request shares a content
    word with the sentence or points back (「さっきの病院の話」)."""
    far = [
        (s, q, j > 0)
        for k in range(m + 2, min(len(messages), m + 2 + FAR))
        for j, (s, q) in enumerate(zip(messages[k], asks[k], strict=True))
    ]
    strongest = max((q for _, q, _ in far), default=0.0)
    asking = [s for s, q, _ in far if q >= 0.5]
    noun = any(own_nouns & _nouns(s) for s in asking)
    points = any(_POINTS.search(s) for s in asking)
    # a request after something said in its own message ("I've been toying with four days a week.
    # That is NOT going on anything he sees.") most likely points at that, not further back
    own_told = any(q >= 0.5 and told for _, q, told in far)
    tokens = [
        f"\x01far:{_bin(strongest)}",
        f"\x01far:{_bin(strongest)}|noun:{noun}",
        f"\x01far:{_bin(strongest)}|noun:{noun}|points:{points}",
        f"\x01far:{_bin(strongest)}|{place}",
        f"\x01far:{_bin(strongest)}|own_told:{own_told}",
        f"\x01far:{_bin(strongest)}|own_told:{own_told}|noun:{noun}",
    ]
    return tokens, asking


def anchored(asks: Sequence[Sequence[bool]], m: int, reach: int = FAR) -> bool:
    """Whether a request was read in message ``m``, the next one or one of the ``reach`` after it."""
    return any(any(a) for a in asks[m : m + 2 + reach])


@dataclass(frozen=True, slots=True)
class Model:
    ask_weights: np.ndarray  # buckets x 2 (not, ask)
    ask_bias: np.ndarray
    weights: np.ndarray  # buckets x LABELS
    bias: np.ndarray
    threshold: float  # a sentence is kept back when P(keep) + P(ask) reaches this
    alone: float  # … and this, when no request was read in its message or the next
    version: str
    far: bool = True  # reads the requests of the messages after the next one (the second reader)

    def asks(self, sentence: str) -> float:
        return float(softmax(self.ask_weights, self.ask_bias, ask_vector(sentence))[1])

    def probabilities(self, messages: Sequence[Sequence[str]]) -> list[list[np.ndarray]]:
        """For every sentence of every message, P(share), P(keep), P(ask)."""
        asks = [[self.asks(s) for s in message] for message in messages]
        return [
            [softmax(self.weights, self.bias, label_vector(messages, m, i, asks, self.far)) for i in range(len(message))]
            for m, message in enumerate(messages)
        ]


def softmax(weights: np.ndarray, bias: np.ndarray, index: np.ndarray) -> np.ndarray:
    """The classifier's probabilities for the feature buckets ``index`` (shared with the trainer)."""
    logits = weights[index].sum(axis=0) / np.sqrt(max(index.size, 1)) + bias
    e = np.exp(logits - logits.max())
    return e / e.sum()


def _read(path: Path) -> Model:
    with np.load(path, allow_pickle=False) as data:
        labels = tuple(str(k) for k in data["labels"])
        if labels != LABELS or data["weights"].shape != (BUCKETS, len(LABELS)) or data["ask_weights"].shape != (BUCKETS, 2):
            raise ValueError(f"{path.name}: unexpected model shape or labels {labels}")
        return Model(
            ask_weights=data["ask_weights"].astype(np.float32),
            ask_bias=data["ask_bias"].astype(np.float64),
            weights=data["weights"].astype(np.float32),
            bias=data["bias"].astype(np.float64),
            threshold=float(data["threshold"]),
            alone=float(data["alone"]),
            version=str(data["version"]),
            far=bool(data["far"]) if "far" in data else False,
        )


load: Shipped[Model] = Shipped(MODEL_PATH, _read)
load_first: Shipped[Model] = Shipped(FIRST_PATH, _read)


@dataclass(frozen=True, slots=True)
class Reading:
    sentence: str
    kept: bool  # kept from the manager (what a request points at, or the request itself)
    asks: bool  # the sentence itself asks to keep something back
    ask_probability: float  # P(ask)


def decide(readings: Sequence[Sequence[np.ndarray]], threshold: float, alone: float = 1.0, reach: int = FAR) -> list[list[tuple[bool, bool]]]:
    """(kept, asks) for each sentence of each message, from P(share), P(keep), P(ask).

    A sentence is kept back at or above ``threshold`` on P(keep) + P(ask) when a request was read
    in its message or one of the messages after it (``anchored``: P(ask) the largest), or when it
    reads as the request itself; a sentence with no request near is kept back only at ``alone`` or
    above."""
    asks = [[float(p[1] + p[2]) >= threshold and int(np.argmax(p)) == 2 for p in message] for message in readings]
    out = []
    for m, message in enumerate(readings):
        near = anchored(asks, m, reach)
        out.append([
            (float(p[1] + p[2]) >= (threshold if asks[m][i] or near else max(threshold, alone)), asks[m][i])
            for i, p in enumerate(message)
        ])
    return out


def read(text: str, after: str = "", *later: str) -> list[Reading]:
    """Each sentence of ``text`` (``split``) as the model reads it; ``after`` is the person's next
    message, when there is one, and ``later`` up to ``FAR`` messages after that (a request there may
    point back)."""
    message = split(text)
    if not message:
        return []
    messages = [message, *(part for x in (after, *later[:FAR]) if (part := split(x)))] if after.strip() else [message]
    # two readers: the first (each message with the next one) and the second (retrained on three
    # times the exchanges, with the requests of later messages); a sentence either keeps back is
    # kept back. Each alone let through kept-back sentences the other caught in blind-reviewed
    # conversations (docs/coaching.md, tenth session)
    readings = []
    for model, window in ((load_first(), messages[:2]), (load(), messages)):
        probabilities = model.probabilities(window)
        decided = decide(probabilities, model.threshold, model.alone, FAR if model.far else 0)[0]
        readings.append([(kept, asks, float(p[2])) for (kept, asks), p in zip(decided, probabilities[0], strict=True)])
    # whether a sentence itself asks (the guide acknowledges a request only at P(ask) ≥ 0.85) is the
    # first reader's: that probability was calibrated on it, and the second reads 「…とばして」 (a
    # skip) as a sure request
    return [
        Reading(sentence, a[0] or b[0], a[1], a[2])
        for sentence, a, b in zip(message, *readings, strict=True)
    ]


def kept(text: str, after: str = "", *later: str) -> list[bool]:
    """For each sentence of ``text`` (``split``), whether the person keeps it from the manager."""
    return list(_kept(text, after, *later[:FAR]))


@memo.by_digest(4096)
def _kept(text: str, after: str, *later: str) -> tuple[bool, ...]:
    # every reply rereads the whole conversation: the readings of earlier messages are kept across
    # replies under a keyed digest (booleans only, no words: privacy.md P46)
    return tuple(r.kept for r in read(text, after, *later))
