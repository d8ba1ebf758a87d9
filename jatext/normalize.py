"""Text normalisation shared by the matchers in this package.

People type the same word in many shapes: full-width or half-width letters, katakana or
hiragana (シニタイ / しにたい), half-width katakana from old phones (ｼﾆﾀｲ), stretched
endings (つら〜い).  Rules written for one shape must not silently miss the others, so every
rule-based matcher here compares *folded* text against *folded* patterns.

Two different foldings exist on purpose:

* :func:`fold` may change the length of the text (NFKC can turn one character into two), so
  it is for yes/no matching only (safety cues, reflection cues, keyword de-duplication).
* :func:`fold_width` keeps every character at its original index, so spans found in its
  output can be cut out of the original text (PII redaction needs exact offsets).
"""

from __future__ import annotations

import unicodedata

# Katakana ァ (U+30A1) .. ヶ (U+30F6) sit exactly 0x60 above hiragana ぁ (U+3041) .. ゖ (U+3096).
_KATAKANA_FIRST = 0x30A1
_KATAKANA_LAST = 0x30F6
_KANA_OFFSET = 0x60

_KANA_TABLE = {code: code - _KANA_OFFSET for code in range(_KATAKANA_FIRST, _KATAKANA_LAST + 1)}

# Characters that carry no meaning for matching: zero-width joiners/spaces and the BOM, and
# wave dashes people use to stretch a word (つら〜い, しにた〜い).
_DROP_TABLE = {code: None for code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x301C, 0xFF5E, 0x007E)}

# Length-preserving width folding: full-width ASCII (！..～) to ASCII, the ideographic space to a
# space, and dash look-alikes to "-" so that 03−1234−5678 and 03-1234-5678 match one pattern.
# The katakana long-vowel mark ー is NOT folded: it is part of words (コード, マネージャー); phone
# patterns accept it as a separator themselves (090ー1234ー5678).
_WIDTH_TABLE: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20
for _dash in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE63):
    _WIDTH_TABLE[_dash] = 0x2D


def kana_to_hiragana(text: str) -> str:
    """Turn katakana into hiragana so シニタイ and しにたい compare equal.

    The long-vowel mark ー is left alone; it has no hiragana twin and reads the same in both.
    """
    return text.translate(_KANA_TABLE)


def fold(text: str) -> str:
    """Fold text for matching: NFKC, case-folded, katakana to hiragana, no stretch marks.

    NFKC turns half-width katakana and full-width Latin into their ordinary forms; case folding
    lets English rules ignore capitals.  The result is for comparison only, never for display,
    and its offsets do not line up with the input.
    """
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_DROP_TABLE)
    return kana_to_hiragana(text.casefold())


def fold_width(text: str) -> str:
    """Fold full-width ASCII, ideographic spaces and dash look-alikes, keeping every index.

    ``len(fold_width(s)) == len(s)`` always holds, so a regex span found in the folded text is
    the same span in the original text.
    """
    return text.translate(_WIDTH_TABLE)


def has_japanese(text: str) -> bool:
    """Say whether the text contains any kana or CJK ideograph.

    Used to choose between the Japanese analyser and the plain English word split.
    """
    for char in text:
        code = ord(char)
        if (
            0x3040 <= code <= 0x30FF  # hiragana, katakana
            or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
            or 0x3400 <= code <= 0x4DBF  # CJK extension A
            or 0xFF66 <= code <= 0xFF9F  # half-width katakana
            or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
        ):
            return True
    return False
