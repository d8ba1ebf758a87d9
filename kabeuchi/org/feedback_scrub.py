"""Scrubbing of anonymous feedback: what the people team may read of a person's free text.

Feedback is anonymous, so the text is cut harder than what goes to a model (coach.gateway):
nobody needs a name, an address or a team to learn what to improve.  Removed, and replaced by
one unnumbered word per kind:

- names in every script: what ``jatext.pii.detect`` finds (with the members as a gazetteer),
  every proper noun Sudachi knows (people, places, companies), every katakana word it does not
  know, and every Latin word that reads as Japanese romaji (Chiba, chika, Suzuki);
- e-mail addresses and their local parts on their own (aiko.aida, c_chiba);
- phone numbers and employee-id shapes (E12345, S-0042, 社員番号 12345);
- the organisation's department and team names, and numbered units (営業二課, 開発3部).

Why so wide, and why unnumbered: the person reads the scrubbed draft before sending it.  If
only members' names were removed, or a member's name came back as 人名 and anyone else's as
地名, the draft would tell them who is a member (PRODUCT rule 3).  So the membership directory
only adds spans the general rules already cover for names of the same shape, and every name
becomes the same ［名前］.  Honest limit (docs/privacy.md P30): a member's name that none of
the general rules sees (a rare kanji name used as a plain word, a non-Japanese Latin name) is
still removed only because they are a member.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from jatext.normalize import fold_width
from jatext.pii import Directory, detect
from jatext.tokens import tokenize

NAME, EMAIL, PHONE, ID, UNIT = "［名前］", "［メール］", "［電話］", "［社員番号］", "［部署］"
_LABEL_OF_KIND = {"person": NAME, "email": EMAIL, "phone": PHONE, "employee_id": ID}

# Hepburn (and the common Kunrei/wāpuro spellings): a word made only of these syllables reads
# as Japanese.  Doubled consonants (Hattori, Nakka) and m before b/p (Homma, Namba) included.
_ROMAJI = re.compile(
    r"(?:(?:[kgsztdnhbpmrwfvj]y?|sh|ch|ts|dz)?[aeiouāīūēō]h?|n'?|([kgstpdbcfjz])(?=\1|ch)|m(?=[bpm]))+",
    re.IGNORECASE,
)
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z']*(?![A-Za-z0-9])")
# A local part standing alone: letters joined by . _ or - (aiko.aida, c_chiba, t-suzuki).
_LOCAL_PART = re.compile(r"(?<![A-Za-z0-9._%+\-@])[A-Za-z][A-Za-z0-9]*(?:[._][A-Za-z0-9]+)+(?![A-Za-z0-9@])")
_NUMBERED_UNIT = re.compile(
    r"(?:[一-龯ァ-ヶー]{1,8}|第)[0-9０-９一二三四五六七八九十]+(?:部|課|室|係|班|グループ|チーム|G|T)(?![一-龯])"
)
# English words that happen to read as romaji; and the product's own name.
_NOT_NAMES = frozenset(
    """
    kabeuchi ai hr ok pc it one none done gone some come home more made make take same name game came time
    site note vote rate data safe unsafe use used abuse see free here were are fine nine mine line wine
    sure nice rice ice price agenda zoom teams google slack meet mode code nope yes no so to do go me be he we
    tone tune rude dune huge cute mute ago sofa idea area page age image manage inside outside decide
    anime emoji sake sushi tofu hobo bonus menu tuna piano radio video studio demo memo logo photo
    hope joke woke wake bake fake lake sale tale male pale hate date late gate mate note quote
    """.split()
)
_MIN_ROMAJI = 3


def _spans_from_pii(text: str, directory: Directory) -> Iterable[tuple[int, int, str]]:
    for span in detect(text, directory):
        yield span.start, span.end, _LABEL_OF_KIND[span.kind]


def _spans_from_tokens(text: str) -> Iterable[tuple[int, int, str]]:
    """Proper nouns Sudachi knows, and katakana words it does not.  Latin words are left to the
    romaji rule: Sudachi calls many English words proper nouns (said, was)."""
    for token in tokenize(text):
        surface = token.surface
        if not surface.strip() or surface.isascii():
            continue
        proper = len(token.pos) > 1 and token.pos[1] == "固有名詞"
        unknown_katakana = token.is_oov and len(surface) >= 2 and all("\u30a0" <= c <= "\u30ff" for c in surface)
        if proper or unknown_katakana:
            yield token.begin, token.end, NAME


def _spans_from_latin(folded: str) -> Iterable[tuple[int, int, str]]:
    for match in _LOCAL_PART.finditer(folded):
        yield match.start(), match.end(), EMAIL
    for match in _LATIN_WORD.finditer(folded):
        word = match.group()
        if len(word) < _MIN_ROMAJI or word.casefold() in _NOT_NAMES:
            continue
        if word.isupper() and len(word) <= 3:
            continue  # HR, ESG: acronyms
        if _ROMAJI.fullmatch(word):
            yield match.start(), match.end(), NAME


def _spans_from_units(folded: str, units: Iterable[str]) -> Iterable[tuple[int, int, str]]:
    for unit in units:
        unit = fold_width(unit)
        if len(unit) < 2:
            continue
        start = folded.find(unit)
        while start != -1:
            yield start, start + len(unit), UNIT
            start = folded.find(unit, start + len(unit))
    for match in _NUMBERED_UNIT.finditer(folded):
        yield match.start(), match.end(), UNIT


# A hiragana name before a personal honorific (だいちさん), but not a family word (おかあさん).
_KANA_BEFORE_HONORIFIC = re.compile(r"(?<![ぁ-ゖ])[ぁ-ゖー]{2,6}(?=さん|くん|ちゃん|さま|様|君|氏)")
_KANA_FAMILY = frozenset(
    "みな みんな おかあ おとう おにい おねえ おばあ おじい おじ おば かあ とう にい ねえ ばあ じい おまわり おいしゃ"
    " おきゃく おくさ おひめ おうじ あかちゃ ぼっちゃ じょうちゃ".split()
)


def _spans_from_kana(text: str) -> Iterable[tuple[int, int, str]]:
    for match in _KANA_BEFORE_HONORIFIC.finditer(text):
        if match.group() not in _KANA_FAMILY:
            yield match.start(), match.end(), NAME


# A kanji word right before a name is the surname of a full name (大地 大輔): widen to it.
_KANJI_BEFORE = re.compile(r"(?<![一-龯々])[一-龯々]{1,3}[ \u3000]?$")


def _widen_to_surnames(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    for start, end, label in spans:
        if label == NAME and (match := _KANJI_BEFORE.search(text, max(0, start - 4), start)):
            start = match.start()
        out.append((start, end, label))
    return out


_PRIORITY = {EMAIL: 0, ID: 1, PHONE: 2, UNIT: 3, NAME: 4}
# What may stand between two names that are one mention (千葉 千佳, Aida・Aiko).
_JOINER = re.compile(r"[ \t\u3000・･]*")


def scrub(text: str, *, directory: Directory | None = None, units: Iterable[str] = ()) -> str:
    """``text`` with names, contacts, ids and units replaced by ［名前］, ［メール］, ［電話］,
    ［社員番号］ and ［部署］.  Overlapping finds become one; a name next to a name is one."""
    if not text:
        return text
    folded = fold_width(text)  # same length as text: every index is kept
    spans = _widen_to_surnames(
        text,
        [
            *_spans_from_pii(text, directory or Directory()),
            *_spans_from_tokens(text),
            *_spans_from_kana(text),
            *_spans_from_latin(folded),
            *_spans_from_units(folded, units),
        ],
    )
    # Merge overlapping spans; the merged span takes the strongest label among its parts.
    merged: list[list] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            if _PRIORITY[label] < _PRIORITY[last[2]]:
                last[2] = label
            continue
        if (
            merged
            and label == NAME
            and merged[-1][2] == NAME
            and _JOINER.fullmatch(text, merged[-1][1], start)
        ):
            merged[-1][1] = end
            continue
        merged.append([start, end, label])
    out, position = [], 0
    for start, end, label in merged:
        out.append(text[position:start])
        out.append(label)
        position = end
    out.append(text[position:])
    return "".join(out)
