"""Pure scoring: a person's own words in, programmes ranked for them out.

No Django, no database, no record: the caller passes the person's notebook text and the
organisation's programmes, and gets a ranked list with, for each programme, the person's own
sentence that matched best (the reason shown to them) and the shared words.  Nothing about the
ranking is stored or sent anywhere (embeddings: see ``embeddings.py``).

Keyword ranking is BM25 (bm25s) over Japanese-aware terms from SudachiPy (``jatext.tokens``):
dictionary forms of nouns, verbs and adjectives, so 学びたい matches 学ぶ and データ分析 stays a
compound.  When embeddings are available, the score is BM25 (scaled to 0..1) plus cosine similarity.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jatext.tokens import tokenize

_CONTENT_POS = ("名詞", "動詞", "形容詞")
_SKIP_SUBPOS = ("数詞", "代名詞", "非自立可能")
_SENTENCE = re.compile(r"[^。．.!?！？\n]+[。．.!?！？]?")
_WANT = re.compile(r"たい|たく|なりたい|目指|興味|want|would like|interested", re.IGNORECASE)
_STOP = frozenset("する ある いる なる できる 思う こと もの よう ため それ これ the a an and or of to in for is are i my".split())


@dataclass(frozen=True)
class ProfileText:
    """One piece of the person's notebook: where it came from, and the words."""

    source: str
    text: str


@dataclass(frozen=True)
class Doc:
    id: str
    text: str


@dataclass(frozen=True)
class Match:
    id: str
    score: float
    terms: tuple[str, ...]  # words the person and the programme share
    quote: str  # the person's own sentence that matched best ("" when only embeddings matched)
    source: str


def terms(text: str) -> list[str]:
    out = []
    for token in tokenize(text):
        if not token.pos or token.pos[0] not in _CONTENT_POS or any(p in _SKIP_SUBPOS for p in token.pos[1:3]):
            continue
        word = (token.dictionary_form or token.surface).lower().strip()
        if not word or word in _STOP or (len(word) == 1 and not re.match(r"[\u4e00-\u9fff]", word)):
            continue
        out.append(word)
    return out


class Index:
    """A BM25 index of one organisation's programmes (built once, reused for every person)."""

    def __init__(self, docs: Sequence[Doc], *, doc_terms: Sequence[list[str]] | None = None) -> None:
        import bm25s

        self.ids = [d.id for d in docs]
        token_lists = list(doc_terms) if doc_terms is not None else [terms(d.text) for d in docs]
        self.doc_terms = [set(t) for t in token_lists]
        self.vocabulary = set().union(*self.doc_terms) if self.doc_terms else set()
        self._bm25 = bm25s.BM25()
        if docs:
            self._bm25.index([t or ["_"] for t in token_lists], show_progress=False)

    def scores(self, query: Sequence[str]) -> np.ndarray:
        known = [t for t in query if t in self.vocabulary]
        if not self.ids or not known:
            return np.zeros(len(self.ids))
        return np.asarray(self._bm25.get_scores(known), dtype=float)


def _sentences(profile: Sequence[ProfileText]) -> list[tuple[str, str, set[str]]]:
    out = []
    for piece in profile:
        for sentence in _SENTENCE.findall(piece.text):
            sentence = sentence.strip()
            if sentence:
                out.append((piece.source, sentence, set(terms(sentence))))
    return out


def rank(
    index: Index, profile: Sequence[ProfileText], *, limit: int = 10, similarity: np.ndarray | None = None,
    sentences: list[tuple[str, str, set[str]]] | None = None,
) -> list[Match]:
    """The top programmes for this person, best first, each with the reason in their own words."""
    sentences = sentences if sentences is not None else _sentences(profile)
    # Words from sentences that say what the person wants count twice: Will before Can.
    query = [t for _source, sentence, ts in sentences for t in ts for _ in range(2 if _WANT.search(sentence) else 1)]
    scores = index.scores(query)
    if scores.size and scores.max() > 0:
        scores = scores / scores.max()
    if similarity is not None and similarity.size == scores.size:
        scores = scores + np.clip(similarity, 0, 1)
    if not scores.size:
        return []
    top = np.argsort(-scores, kind="stable")[:limit]
    matches = []
    for i in top:
        if scores[i] <= 0:
            break
        shared = index.doc_terms[i]
        best = max(sentences, key=lambda s: (len(s[2] & shared), bool(_WANT.search(s[1]))), default=None)
        overlap = best[2] & shared if best else set()
        quote = best[1] if best and overlap else ""
        matches.append(Match(
            id=index.ids[i], score=float(scores[i]), terms=tuple(sorted(overlap))[:5],
            quote=quote[:80] + ("…" if len(quote) > 80 else ""), source=best[0] if best and overlap else "",
        ))
    return matches
