"""The public help lines as plain data, and how to tell that a message asks about them.

``kabeuchi.coach.support`` shows these lines beside a reply, translated through Django's message
files.  The guide engine has no Django: it reads the same lines here, to answer a question about
them in its own words (「よりそいホットラインって、夜でもつながるんですか」 in a crisis talk was
answered "I cannot answer that", and a blind review graded it harmful).  A test keeps the two in
step (numbers, and which lines answer day and night).

Nothing here records anything: both predicates are pure functions of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jatext.normalize import fold


@dataclass(frozen=True, slots=True)
class HelpLine:
    key: str
    number: str
    name: dict[str, str]
    # a sentence end for 「{name}（{number}）は、…」 / "{name} ({number}) …"
    hours: dict[str, str]
    day_and_night: bool
    crisis: bool  # shown for a crisis (else for harassment and health)
    called: re.Pattern[str]  # how people name it, on folded text


def _named(pattern: str) -> re.Pattern[str]:
    return re.compile(fold(pattern), re.IGNORECASE)


LINES = (
    HelpLine(
        "emergency", "119",
        {"ja": "緊急のとき", "en": "Emergency"},
        {"ja": "24時間つながります", "en": "answers 24 hours a day"},
        day_and_night=True, crisis=True, called=_named(r"(?<!\d)119(?!\d)|救急|emergency|ambulance"),
    ),
    HelpLine(
        "yorisoi", "0120-279-338",
        {"ja": "よりそいホットライン", "en": "Yorisoi Hotline"},
        {"ja": "24時間、無料でつながります", "en": "answers 24 hours a day, free of charge"},
        day_and_night=True, crisis=True, called=_named(r"よりそい|寄り添い|yorisoi"),
    ),
    HelpLine(
        "inochi_sos", "0120-061-338",
        {"ja": "#いのちSOS", "en": "#Inochi SOS"},
        {"ja": "無料です。受付の時間は曜日によって変わります", "en": "is free; its hours vary by day"},
        day_and_night=False, crisis=True, called=_named(r"いのちsos|いのちのsos|inochi ?sos"),
    ),
    HelpLine(
        "inochi_no_denwa", "0570-783-556",
        {"ja": "いのちの電話", "en": "Inochi no Denwa"},
        {"ja": "受付が10:00〜22:00です", "en": "answers from 10:00 to 22:00"},
        day_and_night=False, crisis=True, called=_named(r"いのちの電話|いのちのでんわ|命の電話|inochi no denwa"),
    ),
    HelpLine(
        "kokoro_unified", "0570-064-556",
        {"ja": "こころの健康相談統一ダイヤル", "en": "the unified mental health number"},
        {"ja": "受付の時間が都道府県によって異なります", "en": "has hours that depend on the prefecture"},
        day_and_night=False, crisis=True, called=_named(r"統一ダイヤル|こころの健康相談|unified"),
    ),
    HelpLine(
        "kokoro_no_mimi", "0120-565-455",
        {"ja": "こころの耳電話相談", "en": "the Kokoro no Mimi phone line for workers"},
        {"ja": "受付が平日17:00〜22:00、土日10:00〜16:00です（無料）", "en": "answers weekdays 17:00–22:00 and weekends 10:00–16:00, free of charge"},
        day_and_night=False, crisis=False, called=_named(r"こころの耳|こころのみみ|kokoro no mimi"),
    ),
)

# a place to turn to, named or not (on folded text)
_ANY_LINE = _named(
    r"ホットライン|相談先|相談窓口|窓口|電話相談|相談ダイヤル|相談電話|ダイヤル|eap|"
    r"hotline|helpline|help ?line|crisis line|the number|desk"
)
# the company's own desk or EAP: its hours are the company's to say
_COMPANY = _named(r"会社の(?:相談)?窓口|社内の?(?:相談)?窓口|人事の?窓口|相談室|eap|company'?s? desk|\bhr\b")
# when, how much, whether someone answers
_WHEN = _named(
    r"夜|深夜|夜中|よなか|今から|いまから|今夜|こんや|今すぐ|いますぐ|24時間|何時|なんじ|いつ|土日|休日|週末|祝日|朝|"
    r"つなが|繋が|出てくれ|でてくれ|出る(?:の|ん|か)|やって(?:る|い|ます)|開いて|あいて|受付|無料|お金|タダ|料金|通話料|"
    r"\bnights?\b|tonight|24/7|24 ?hours|\bhours\b|\bopen\b|right now|weekends?|\bfree\b|\bcost|pick up|\banswer"
)
_QUESTION = re.compile(r"[?？]|(?:か|かな|かね|の|っけ|でしょう)[。．\s]*$|^(?:is|are|do|does|can|will|when|what|how)\b", re.IGNORECASE)
# 「窓口の連絡先だけもう一度表示してもらえますか」「窓口の電話番号だけもう一回出して」 "show me the hotline again"
_PLACE = r"(?:窓口|相談先|連絡先|電話番号|番号|eap|ホットライン|いのちの電話)"
_CONTACTS = _named(
    _PLACE + r"[^。？?]{0,16}(?:表示|見せ|教え|出し|もう一度|もういちど|もう一回)|"
    r"\b(?:helpline|hotline|desk|contacts?|numbers?|eap)\b[^.?!]{0,20}\b(?:again|show)\b|"
    r"\b(?:show me|give me)\b[^.?!]{0,20}\b(?:helpline|hotline|desk|contacts?|numbers?|eap)\b"
)
# the same, asked as a question: 「窓口ってどこにあるんですか？」 "where's the hotline?"
_CONTACTS_ASKED = _named(
    _PLACE + r"[^。？?]{0,16}(?:どこ|知りたい|わから|分から)|"
    r"\b(?:helpline|hotline|desk|contacts?|numbers?|eap)\b[^.?!]{0,20}\b(?:where|see)\b|"
    r"\bwhere\b[^.?!]{0,20}\b(?:helpline|hotline|desk|contacts?|eap)\b|"
    r"\bwhat(?:'s| is| was) the (?:\w+ )?(?:number|hotline|helpline)\b"
)
_SENTENCE = re.compile(r"(?<=[。．！？!?\n])")


def named_in(text: str) -> tuple[HelpLine, ...]:
    folded = fold(text)
    return tuple(line for line in LINES if line.called.search(folded))


def names_company_desk(text: str) -> bool:
    return bool(_COMPANY.search(fold(text)))


# once the help lines are on screen, "the phone" or "the number" is one of them (round 31, in crisis
# support: 「さっき言っていた電話、夜でもつながりますか」 was answered "I cannot answer that")
_SHOWN_LINE = _named(r"電話|でんわ|番号|\bphones?\b|\bnumbers?\b|\bcall(?:ing)?\b|\blines?\b")


def asks_about_hours(text: str, *, lines_shown: bool = False) -> bool:
    """A question about when a help line answers or what it costs (「よりそいホットラインって、
    夜でもつながるんですか」 "is the hotline open at night?"); with ``lines_shown`` (the help lines
    are on screen, in support), also one that only says "the phone" or "the number"."""
    for sentence in _SENTENCE.split(text):
        folded = fold(sentence)
        about_a_line = (
            bool(named_in(sentence)) or bool(_ANY_LINE.search(folded)) or (lines_shown and bool(_SHOWN_LINE.search(folded)))
        )
        if about_a_line and _WHEN.search(folded) and _QUESTION.search(sentence.strip()):
            return True
    return False


def asks_for_contacts(text: str) -> bool:
    """A request or question for the help lines themselves (「窓口の電話番号だけもう一回出して」)."""
    return asks_about_hours(text) or any(
        _CONTACTS.search(fold(sentence)) or (_CONTACTS_ASKED.search(fold(sentence)) and _QUESTION.search(sentence.strip()))
        for sentence in _SENTENCE.split(text)
    )


# the night, the weekend or right now: when only a line that answers day and night will do
_NIGHT = re.compile(fold(r"夜|深夜|夜中|よなか|今から|いまから|今夜|こんや|今すぐ|いますぐ|24時間|土日|休日|週末|祝日|朝|night|tonight|24/7|24 ?hours|weekend|right now"))
# a crisis line asked about by name or by kind (「ホットライン」 "hotline")
_CRISIS_WORD = re.compile(r"ホットライン|hotline|helpline|crisis", re.IGNORECASE)


# a language other than Japanese, asked about a line (the guide answers with Yorisoi's line in other languages)
_LANGUAGE = _named(
    r"英語|外国語|多言語|ポルトガル語|中国語|韓国語|スペイン語|タガログ語|ベトナム語|タイ語|"
    r"\benglish\b|\bforeign language|\bother languages?\b|\bportuguese\b|\bchinese\b|\bkorean\b|\bspanish\b|\btagalog\b|\bvietnamese\b"
)


def asks_about_language(text: str, *, lines_shown: bool = False) -> bool:
    """A question whether a help line speaks another language ("is there english one? the
    hotline", 「英語で相談できる窓口ありますか」); with ``lines_shown``, a bare "english one?" too."""
    folded = fold(text)
    about_a_line = bool(named_in(text)) or bool(_ANY_LINE.search(folded)) or (lines_shown and bool(_SHOWN_LINE.search(folded)))
    asked = bool(_QUESTION.search(text.strip())) or "?" in text or "？" in text
    return bool(_LANGUAGE.search(folded)) and asked and about_a_line


def asks_about_night(text: str) -> bool:
    return bool(_NIGHT.search(fold(text)))


def names_a_crisis_line(text: str) -> bool:
    """Whether ``text`` names a public crisis line (119 aside) or a hotline in general."""
    return any(line.crisis and line.key != "emergency" for line in named_in(text)) or bool(_CRISIS_WORD.search(text))
