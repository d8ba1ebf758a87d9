"""A small trained sequence tagger for person names (a linear-chain CRF over Sudachi tokens).

The rules in :mod:`jatext.pii` find names from cues (honorifics, titles, the dictionary's 人名
tag, the member directory …).  This tagger learns the same decision from labelled sentences, so
it can take names the rules have no cue for.  It is used *only* to add spans to the rules'
(a union, see :func:`jatext.pii.detect`), never to remove one, and only where the model's
marginal probability that every token of the span is a name is at least the threshold stored
with the model.

Model: python-crfsuite (CRFsuite, L-BFGS with L1+L2), trained by ``python -m jatext.train_names``
on the tuned part of the Wikipedia NER set and the workplace development sets; the file is
``jatext/data/names_crf.crfsuite`` and its settings ``names_crf.json``.  Features per token:
surface, dictionary form, the four POS fields (Sudachi's 人名/姓/名), what the dictionary lists
for the surface in any reading (can it be a surname? a given name? only an ordinary word?),
unknown word, character type and length, first and last character, the same for two tokens on
each side, and whether a title or honorific follows.
"""

from __future__ import annotations

import json
import threading
from functools import lru_cache
from pathlib import Path

from jatext.pii_names import GIVEN_NAMES
from jatext.tokens import Token, lexicon_entries

DATA_DIR = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA_DIR / "names_crf.crfsuite"
SETTINGS_PATH = DATA_DIR / "names_crf.json"
LABELS = ("O", "B", "I")

_GIVEN_NAMES = frozenset(name.lower() for name in GIVEN_NAMES)
_state = threading.local()
_settings_lock = threading.Lock()
_settings: dict | None = None


def char_type(surface: str) -> str:
    kinds = set()
    for c in surface:
        if "\u3040" <= c <= "\u309f":
            kinds.add("H")
        elif "\u30a0" <= c <= "\u30ff" or c == "ー":
            kinds.add("K")
        elif "\u4e00" <= c <= "\u9fff" or c in "々〆ヶ":
            kinds.add("C")
        elif c.isascii() and c.isalpha():
            kinds.add("U" if c.isupper() else "L")
        elif c.isdigit():
            kinds.add("D")
        elif c.isspace():
            kinds.add("S")
        else:
            kinds.add("P")
    if kinds == {"U", "L"} and surface[:1].isupper():
        return "Cap"
    return "".join(sorted(kinds))


@lru_cache(maxsize=50_000)
def _lexicon_tags(surface: str) -> tuple[str, ...]:
    entries = lexicon_entries(surface)
    tags = set()
    for pos in entries:
        if len(pos) > 3 and pos[1] == "固有名詞" and pos[2] == "人名":
            tags.add("person_" + pos[3])
        elif len(pos) > 2 and pos[1] == "固有名詞":
            tags.add("proper_" + pos[2])
        elif pos:
            tags.add("other_" + pos[0])
    if tags and all(t.startswith("person_") for t in tags):
        tags.add("only_person")
    if not entries:
        tags.add("unlisted")
    return tuple(sorted(tags))


@lru_cache(maxsize=1)
def _word_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Honorifics, titles, role words and business/organisation words (the rules' lists)."""
    from jatext import pii  # the lists live with the rules

    return (
        pii._HONORIFIC_SET | pii._PERSONAL_HONORIFICS,
        pii._RANK_TITLES | pii._PROFESSIONAL_TITLES,
        pii._KANJI_ROLE_WORDS | pii._ROLE_WORDS,
        pii._BUSINESS_WORDS | pii._ORG_SUFFIXES,
    )


def _token_features(token: Token) -> dict[str, str]:
    return _word_features(token.surface, token.dictionary_form, token.pos[:4], token.is_oov)


@lru_cache(maxsize=50_000)
def _word_features(surface: str, dictionary_form: str, pos: tuple[str, ...], is_oov: bool) -> dict[str, str]:
    """The token's own features (cached: callers must not change the dict)."""
    kind = char_type(surface)
    feats = {
        "w": surface.lower(),
        "d": dictionary_form.lower(),
        "p": "|".join(pos),
        "p01": "|".join(pos[:2]),
        "t": kind,
        "n": str(min(len(surface), 6)),
        "oov": str(is_oov),
        "f": surface[:1],
        "l": surface[-1:],
    }
    if len(surface) > 2:
        feats["f2"] = surface[:2]
        feats["l2"] = surface[-2:]
    if surface.lower() in _GIVEN_NAMES:
        feats["given_en"] = "1"
    for tag in _lexicon_tags(surface):
        feats["lex_" + tag] = "1"
    return feats


def features(tokens: list[Token], rule_marks: list[bool] | None = None) -> list[dict[str, str]]:
    """One feature dict per token (CRFsuite's item format)."""
    honorifics, titles, roles, business = _word_lists()
    base = [_token_features(t) for t in tokens]
    out: list[dict[str, str]] = []
    n = len(tokens)
    for i, own in enumerate(base):
        feats = dict(own)
        feats["bias"] = "1"
        for off in (-2, -1, 1, 2):
            j = i + off
            if 0 <= j < n:
                other = base[j]
                feats[f"{off}w"] = other["w"]
                feats[f"{off}p"] = other["p"]
                feats[f"{off}t"] = other["t"]
                if "lex_person_姓" in other or "lex_person_名" in other or "lex_person_一般" in other:
                    feats[f"{off}lexperson"] = "1"
            else:
                feats[f"{off}w"] = "<s>" if off < 0 else "</s>"
        if i + 1 < n:
            nxt = tokens[i + 1].surface
            feats["w|+1w"] = own["w"] + "|" + base[i + 1]["w"]
            feats["p|+1w"] = own["p"] + "|" + base[i + 1]["w"]
            if nxt in honorifics:
                feats["hon_after"] = "1"
            if nxt in titles:
                feats["title_after"] = "1"
            if nxt in business:
                feats["business_after"] = "1"
            if tokens[i + 1].begin != tokens[i].end:
                feats["space_after"] = "1"
        if tokens[i].surface in roles:
            feats["role_word"] = "1"
        if i > 0:
            feats["-1w|w"] = base[i - 1]["w"] + "|" + own["w"]
            feats["-1t|t"] = base[i - 1]["t"] + "|" + own["t"]
        if rule_marks is not None and rule_marks[i]:
            feats["rule"] = "1"
        out.append(feats)
    return out


def settings() -> dict:
    global _settings
    if _settings is None:
        with _settings_lock:
            if _settings is None:
                _settings = json.loads(SETTINGS_PATH.read_text(encoding="utf-8"))
    return _settings


def available() -> bool:
    return MODEL_PATH.exists() and SETTINGS_PATH.exists()


def _tagger():
    tagger = getattr(_state, "tagger", None)
    if tagger is None:
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(MODEL_PATH))
        _state.tagger = tagger
    return tagger


def name_probabilities(tagger, tokens: list[Token], feats: list[dict[str, str]]) -> list[float]:
    """P(token is part of a name) for each token, from the CRF's marginals."""
    if not tokens:
        return []
    tagger.set(feats)
    marginal = tagger.marginal
    return [1.0 - marginal("O", i) for i in range(len(tokens))]


def spans_from_probabilities(
    tokens: list[Token], probs: list[float], threshold: float
) -> list[tuple[int, int]]:
    """Runs of tokens each at least ``threshold`` likely to be a name, as character spans;
    spaces and punctuation never start or end a span."""
    spans: list[tuple[int, int]] = []
    run: list[int] = []
    for i, (token, p) in enumerate(zip(tokens, probs, strict=True)):
        if p >= threshold and char_type(token.surface) not in ("S", "P"):
            run.append(i)
            continue
        if run and p >= threshold:  # a ・ or space inside a name: keep the run open
            continue
        if run:
            spans.append((tokens[run[0]].begin, tokens[run[-1]].end))
            run = []
    if run:
        spans.append((tokens[run[0]].begin, tokens[run[-1]].end))
    return spans


def tag(tokens: list[Token], rule_marks: list[bool] | None = None) -> list[tuple[int, int]]:
    """Character spans the model takes as names, at the stored threshold."""
    if not tokens or not available():
        return []
    config = settings()
    marks = rule_marks if config.get("rule_feature") else None
    probs = name_probabilities(_tagger(), tokens, features(tokens, marks))
    return spans_from_probabilities(tokens, probs, float(config["threshold"]))
