"""Reversible redaction of personal data before text leaves the person's space.

What is redacted: person names, e-mail addresses, phone numbers and employee IDs, each
replaced with a numbered placeholder (［人名1］, ［メール1］, ［電話1］, ［社員番号1］).  The same
person gets the same placeholder, so a model can still tell that "［人名1］課長" in two
sentences is one person.  The originals are put back into the model's reply on the server, so
the provider never sees them.

- :func:`detect` finds the spans of one text, from that text alone; :func:`redact` replaces
  them in one text.
- :class:`Pseudonymizer` is a session (one request to a model): it redacts many texts, each on
  its own, with placeholders shared across them, hides a value found in one text wherever it
  appears in the others, and restores replies (:class:`StreamRestorer` for streams).
- :class:`Directory` is the organisation's member directory, used as a gazetteer.

Why these sources for names: Sudachi's 固有名詞,人名 tags catch most Japanese names and are
widened to the whole name (katakana pieces across ・, kanji around a given name); a name-like
word before an honorific or title (さん, 課長, 首相 …) catches rare surnames and foreign names;
context words (兄の…, my son …) and the directory catch the rest we can.  None of these is
complete: redaction lowers exposure, it is not a privacy guarantee (docs/pii.md has the
measured recall and precision).

Titles and departments (課長, 営業部) are kept: the reply would not make sense without them,
and they are documented as quasi-identifiers that remain.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import os
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from jatext import name_tagger
from jatext.normalize import fold_width, kana_to_hiragana
from jatext.pii_names import GIVEN_NAMES
from jatext.tokens import Token, can_be_person_name, lexicon_entries, tokenize

__all__ = [
    "PLACEHOLDER_LABELS",
    "Directory",
    "Entity",
    "PiiKind",
    "Pseudonymizer",
    "Redaction",
    "StreamRestorer",
    "detect",
    "redact",
    "restore_placeholders",
]

PiiKind = Literal["person", "email", "phone", "employee_id"]

PLACEHOLDER_LABELS: dict[PiiKind, str] = {
    "person": "人名",
    "email": "メール",
    "phone": "電話",
    "employee_id": "社員番号",
}
_KIND_BY_LABEL: dict[str, PiiKind] = {label: kind for kind, label in PLACEHOLDER_LABELS.items()}

# Which kind wins when two detections overlap: an e-mail address can contain a surname, an
# employee-ID label can precede digits that look like a phone number.
_PRIORITY: dict[PiiKind, int] = {"email": 0, "employee_id": 1, "phone": 2, "person": 3}


@dataclass(frozen=True, slots=True)
class Entity:
    """One redacted span.  ``original`` is hidden from ``repr`` so logs do not leak it."""

    kind: PiiKind
    start: int
    end: int
    placeholder: str
    original: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Redaction:
    """A redacted text and the way back.

    Keep this object on the server: it holds the originals.  Its ``repr`` shows only the
    redacted text and the number of entities.
    """

    text: str
    entities: tuple[Entity, ...] = field(repr=False)

    @property
    def mapping(self) -> dict[str, str]:
        """Placeholder -> original, one entry per distinct original."""
        return {entity.placeholder: entity.original for entity in self.entities}

    def restore(self, text: str, *, language: str = "ja") -> str:
        """Put the originals back into ``text`` (typically the model's reply).

        Tolerates what models do to placeholders: repeating them, any bracket form (［］, [],
        【】, 〔〕, （）) or none, spaces, full-width digits.  A placeholder that was never issued
        (a model inventing ［人名7］) becomes a neutral word, so no placeholder reaches the person.
        """
        return restore_placeholders(text, self.mapping, language=language)

    def __repr__(self) -> str:
        return f"Redaction(text={self.text!r}, entities={len(self.entities)})"


def _placeholder(kind: PiiKind, number: int) -> str:
    return f"［{PLACEHOLDER_LABELS[kind]}{number}］"


_OPEN = "［[【〔（(〈<「"
_CLOSE = "］]】〕）)〉>」"
_LABELS = "|".join(PLACEHOLDER_LABELS.values())
# Brackets on either side are optional: models drop them, or keep only one.
_PLACEHOLDER_IN_REPLY = re.compile(
    "([" + re.escape(_OPEN) + r"][ \t\u3000]*)?(" + _LABELS + r")[ \t\u3000]*([0-9０-９]+)"
    r"([ \t\u3000]*[" + re.escape(_CLOSE) + "])?"
)
# What a placeholder may look like while it is still arriving (the tail of a stream chunk):
# an opening bracket, a label or part of one, the digits so far.
_PARTIAL_LABELS = sorted({label[:i] for label in PLACEHOLDER_LABELS.values() for i in range(1, len(label) + 1)}, key=len, reverse=True)
_PLACEHOLDER_PARTIAL = re.compile(
    "(?:[" + re.escape(_OPEN) + r"][ \t\u3000]*(?:" + "|".join(_PARTIAL_LABELS) + ")?"
    "|(?:" + "|".join(_PARTIAL_LABELS) + "))"
    r"|(?:[" + re.escape(_OPEN) + r"][ \t\u3000]*)?(?:" + _LABELS + r")[ \t\u3000]*[0-9０-９]*[ \t\u3000]*"
)
# What a never-issued placeholder becomes, so the person never reads one.
_NEUTRAL: dict[str, dict[PiiKind, str]] = {
    "ja": {"person": "その方", "email": "メールアドレス", "phone": "電話番号", "employee_id": "社員番号"},
    "en": {"person": "that person", "email": "the e-mail address", "phone": "the phone number", "employee_id": "the employee ID"},
}


_COUNTERS = frozenset("本通件回台分時人日つ個枚度年月週号番件目秒")


def restore_placeholders(text: str, mapping: dict[str, str], *, language: str = "ja") -> str:
    """Replace every placeholder form in ``text`` by its original from ``mapping``
    (placeholder in canonical ［人名N］ form -> original); unknown ones by a neutral word."""
    neutral = _NEUTRAL.get(language, _NEUTRAL["ja"])

    def put_back(match: re.Match[str]) -> str:
        kind = _KIND_BY_LABEL[match.group(2)]
        number = int(unicodedata.normalize("NFKC", match.group(3)))
        bare = match.group(1) is None and match.group(4) is None
        if bare and kind != "person" and match.string[match.end() : match.end() + 1] in _COUNTERS:
            return match.group(0)  # 電話1本, メール2通: ordinary words, not a placeholder
        original = mapping.get(_placeholder(kind, number))
        if original is not None:
            return original
        if bare:
            return match.group(0)  # bare and never issued: ordinary text such as 社員番号12345
        return neutral[kind]

    return _PLACEHOLDER_IN_REPLY.sub(put_back, text)


def _held_back_from(text: str) -> int:
    """Where a possibly unfinished placeholder starts at the end of ``text`` (len if none)."""
    for start in range(max(0, len(text) - 16), len(text)):
        if _PLACEHOLDER_PARTIAL.fullmatch(text, start):
            return start
    return len(text)


class StreamRestorer:
    """Restores placeholders in a streamed reply, chunk by chunk, whatever the chunk borders.

    A tail that may be the start of a placeholder (［, ［人, 人名, 人名1 …) is held back until the
    next chunk shows how it ends; ``flush`` at the end of the stream releases the rest.
    """

    def __init__(self, mapping: dict[str, str], *, language: str = "ja") -> None:
        self.mapping = mapping
        self.language = language
        self.pending = ""

    def feed(self, chunk: str) -> str:
        self.pending += chunk
        cut = _held_back_from(self.pending)
        ready, self.pending = self.pending[:cut], self.pending[cut:]
        return restore_placeholders(ready, self.mapping, language=self.language)

    def flush(self) -> str:
        ready, self.pending = self.pending, ""
        return restore_placeholders(ready, self.mapping, language=self.language)

# ------------------------------------------------------------------------- pattern detectors
# All run on fold_width(text): full-width letters, digits, ＠ and dash look-alikes folded with
# every index kept, so ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ and 090ー1234ー5678 are found and cut exactly.
# No \b: it fails next to Japanese (kanji count as word characters); explicit guards instead.
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*\s?(?:@|\(at\)|\[at\])\s?"
    r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+"
)
# Separators people put in phone numbers: hyphen (after width folding), space, and the katakana
# long-vowel mark typed by IMEs (090ー1234ー5678).
_SEP = r"(?:\s?[\-ーｰ./]\s?|\s)"
# International numbers: + and a country code, then groups of digits (+81 90 1234 5678,
# +81-3-5555-0177, +86-21-5555-0123, +1 (415) 555-0134, +44 20 7946 0958).  The digit count
# (8 to 15 with the country code, E.164) is checked in code.
_PHONE_INTERNATIONAL = re.compile(
    r"(?<![\d+])(?:\+|\(\+(?=\d{1,3}\))|(?<![\w\-])00(?=[1-9]))\d{1,3}\)?(?:" + _SEP + r"?\(0\))?(?:" + _SEP + r"?(?:\(\d{1,4}\)|\d{1,5})){2,5}(?![\d\-])"
)
# The digit count (10 or 11, leading 0) is checked in code; the guards only stop matches inside
# longer digit runs (order numbers, 20240315-001).
_PHONE_DOMESTIC = re.compile(
    r"(?<![\d\-])(?:(?:\(0\d{1,4}\)|0\d{1,4}\s?\(\d{1,4}\))\s?\d{0,4}"
    + _SEP
    + r"?\d{3,4}|0\d{1,4}(?:"
    + _SEP
    + r"|\(\d{1,4}\))?\d{1,4}"
    + _SEP
    + r"?\d{3,4})(?![\d\-])"
)
# North American shape with its separators written out: (415) 555-0134, 415-555-0134,
# 415.555.0134.  Without separators ten digits are as often an order number.
_PHONE_NANP = re.compile(
    r"(?<![\d\-.])(?:1[\-.\s])?(?:\(\d{3}\)\s?|\d{3}[\-.\s])\d{3}(?:[\-.]|(?<=\d{3}\s\d{3})\s)\d{4}(?![\d\-])"
)
# An extension after its label (内線4127, Ext. 2291, x2291, PHS 5521).
_PHONE_EXTENSION = re.compile(
    r"(?:内線(?:番号)?|ダイヤルイン|PHS|ＰＨＳ|(?<![A-Za-z])(?:ext|EXT|Ext|extension|Extension)\.?|(?<![A-Za-z0-9])(?<!\d )x(?=\d{3,5}(?!\d)))"
    r"\s*(?:番号)?\s*(?:は|の|:|：|#|[Nn]o\.?|-|\(|（|「)?\s*(?:#\s*)?(\d{2,6}(?:-\d{1,4})?)(?![\d\-])"
)
# A value after a phone label, whatever its shape (携帯：090 1234 5678, TEL 06(1234)5678).
_PHONE_LABELLED = re.compile(
    r"(?:電話番号|電話|携帯番号|携帯|ケータイ|直通|代表番号|FAX|Fax|fax|TEL|Tel|tel|[Pp]hone|[Mm]obile|[Cc]ell)"
    r"\s*(?:番号)?\s*(?:は|:|：|#|\.)?\s*(\+?(?:\(\d{1,5}\)\s?)?\d[\d\s\-ー()]{5,22}\d)(?![\d])"
)
_EMPLOYEE_ID_LABELLED = re.compile(
    r"(?:社員番号|社員ID|社員コード|社員No\.?|社員NO\.?|社員#|従業員番号|従業員ID|従業員コード|職員番号|職員ID|職員コード"
    r"|社番|スタッフID|スタッフ番号|人事番号|個人ID|ID番号|社員証番号"
    r"|employee\s*(?:id|number|no\.?|#|code)|emp\.?\s*(?:id|no\.?|#)|staff\s*(?:id|number|no\.?)|badge\s*(?:id|number|no\.?|#))"
    r"\s*(?:は|が|を|:|：|#|=|no\.?)?\s*(?:is\s+)?"
    r"([A-Za-z]{0,4}[\-_#]?\d{2,10}(?:[\-_][A-Za-z0-9]{1,8})*[A-Za-z]?)(?![0-9A-Za-z])",
    re.IGNORECASE,
)
# A person's number in a form's field (申請者欄に88214, 承認者IDは10027): the field names a
# person, so a code in it is that person's ID.  Counters after it (担当者は12名) are not IDs.
_EMPLOYEE_ID_FIELD = re.compile(
    r"(?:申請者|承認者|担当者|作成者|記入者|依頼者|決裁者|起票者|入力者|確認者|上長|本人|applicant|approver|requester)"
    r"\s*(?:欄|番号|ID|コード|No\.?)?\s*(?:は|に|を|が|:|：|#|=)?\s*"
    r"((?:[A-Za-z]{1,3}[\-_]?)?\d{4,8})(?![0-9A-Za-z\-.,年月日円件人名回個%％万億千歳時分秒号番台枚本])",
    re.IGNORECASE,
)
# A number right after a person and の (林部長の10027): that person's number.
_NUMBER_OF_PERSON = re.compile(
    r"の\s*((?:[A-Za-z]{1,3}[\-_]?)?(?!(?:19|20)\d\d(?!\d))(?!(?:19|20)\d{6}(?!\d))\d{4,8})(?![0-9A-Za-z\-.,年月日円件人名回個%％万億千歳時分秒号番台枚本])"
)
_PRODUCT_CODE_LABEL = re.compile(
    r"(?:品番|型番|型式|部品|製品|商品|品名|品目|機種|型|モデル|model|part|SKU|シリアル|エラー|伝票|注文|発注|請求|チケット|"
    r"問い合わせ|受付|管理|案件|文書|契約|ticket|order|invoice|error|serial|ref|reference|PO)\s*(?:番号|コード|No\.?|ID|は|:|：|#)?\s*$",
    re.I,
)
# A number label that is not a phone's (伝票番号 123-456-7890, order no. 415-555-0134).
_OTHER_NUMBER_LABEL = re.compile(r"(?<!電話)(?<!携帯)(?<!FAX)(?:番号|No\.?|#|number)\s*(?:は|:|：)?\s*$", re.I)
# Unlabelled employee IDs: one capital letter and digits, with or without a dash (E12345,
# S-0042, K0045-1), two letters only with a dash (AB-12345; NS32032 is a chip), or EMP/EID
# forms.  Four digits without a dash are a model number (S4000) and stay.
_EMPLOYEE_ID_STANDALONE = re.compile(
    r"(?<![A-Za-z0-9\-_.])(?:(?i:EMP|EMPL|EID)[\-_#]?\d{3,10}"
    r"|[A-Z](?:[\-_]\d{4,8}|\d{5,8})(?:-\d{1,3})?|[A-Z]{2}[\-_]\d{4,8}|[A-Z]\d{4}-\d{1,3})(?![0-9A-Za-z\-])"
)
# Latin-script names introduced by a courtesy title, a -san suffix or a role: "Ms. Tanaka",
# "Sato-san", "my manager John Smith".
_LATIN_NAME = r"(?!I')[A-Z][a-zA-Z'\-]+(?:\s+(?!I')[A-Z][a-zA-Z'\-]+)?"
_ENGLISH_NAME_PATTERNS = (
    re.compile(r"(?<![A-Za-z])(?:Mr|Ms|Mrs|Miss|Mx|Dr|Prof)\.?\s+(" + _LATIN_NAME + ")"),
    re.compile(r"(?<![A-Za-z])([A-Z][a-z]+)(?=-(?:san|sama|kun|chan|sensei|senpai)(?![a-z]))"),
    re.compile(
        r"(?<![A-Za-z])(?:[Mm]y|[Oo]ur|[Tt]he|[Aa]|[Hh]er|[Hh]is|[Tt]heir)\s+(?:manager|boss|colleague|coworker|co-worker|supervisor"
        r"|team\s+lead|lead|director|mentor|teammate|report|senior|junior|son|daughter|wife|husband|brother|sister|mom"
        r"|mother|dad|father|grandma|grandpa|grandmother|grandfather|uncle|aunt|cousin|niece|nephew|friend|partner"
        r"|boyfriend|girlfriend|kid|child|baby|neighbou?r|client|customer|recruiter)\s+(" + _LATIN_NAME + ")"
    ),
    re.compile(r"(?<![A-Za-z])(?:Grandma|Grandpa|Granny|Uncle|Aunt|Auntie|Cousin)\s+(" + _LATIN_NAME + ")"),
    # A common given name alone (Jessica at the agency).  Only names that are not also words.
    re.compile(
        r"(?<![A-Za-z\-])(" + "|".join(GIVEN_NAMES) + r")(?![A-Za-z\-])"
        r"(?!\s+(?:[Oo]ffice|[Tt]eam|[Ss]tation|[Bb]ranch|[Ss]ite|[Cc]ampus|[Ss]tore|[Pp]lant|[Hh]eadquarters|HQ|[Aa]irport"
        r"|[Ss]treet|[Rr]oad|[Aa]venue|[Pp]ark|[Hh]otel|[Uu]niversity|[Cc]ollege|[Hh]ospital|[Ff]actory|[Ww]arehouse))"
    ),
)
# Honorifics and job titles that follow a name.  Location-based titles (支店長, 所長) often
# follow a place (大阪支店長), so a place name before them is not taken as a person.
_HONORIFICS = (
    "さん",
    "様",
    "さま",
    "くん",
    "君",
    "ちゃん",
    "氏",
    "殿",
    "先輩",
    "先生",
    "部長",
    "課長",
    "係長",
    "主任",
    "社長",
    "副社長",
    "専務",
    "常務",
    "取締役",
    "会長",
    "本部長",
    "事業部長",
    "次長",
    "室長",
    "課長代理",
    "所長",
    "支店長",
    "店長",
    "工場長",
    "センター長",
    "支社長",
    "リーダー",
    "マネージャー",
    "マネジャー",
    "マネージャ",
    "チーフ",
    "主査",
    "参事",
    "顧問",
    "監督",
    "コーチ",
    "代表",
    "GM",
    "PM",
    # public and professional titles (Wikipedia-style text, and 佐藤弁護士 at work)
    "首相",
    "大統領",
    "副大統領",
    "外相",
    "知事",
    "市長",
    "町長",
    "村長",
    "議員",
    "議長",
    "選手",
    "博士",
    "教授",
    "准教授",
    "講師",
    "弁護士",
    "医師",
    "記者",
    "伯爵",
    "侯爵",
    "公爵",
    "男爵",
    "子爵",
    "将軍",
    "大将",
    "中将",
    "少将",
    "大佐",
    "中佐",
    "少佐",
    "提督",
    "元帥",
    "夫人",
    "女史",
    "容疑者",
    "被告",
    "総裁",
    "理事長",
    "委員長",
    "頭取",
    "院長",
    "校長",
    "投手",
    "捕手",
    "騎手",
    "棋士",
    "卿",
    "王子",
    "王女",
    "皇太子",
    "国王",
    "学長",
    "夫妻",
    "警部",
    "警視",
    "巡査",
    "大尉",
    "中尉",
    "少尉",
    "軍曹",
    "王配",
    "本人",
)
_HONORIFIC_SET = frozenset(_HONORIFICS)
_LOCATION_TITLES = frozenset(
    {"所長", "支店長", "店長", "工場長", "センター長", "支社長", "営業所長", "首相", "大統領", "副大統領", "外相",
     "知事", "市長", "町長", "村長", "議員", "議長", "院長", "校長", "総裁", "頭取", "理事長"}
)
# Titles that also follow a field, a team or a country (サッカー選手, 日本代表): only a word
# Sudachi calls a name, or does not know, counts before them.
_PROFESSIONAL_TITLES = frozenset(
    _LOCATION_TITLES
    | {"選手", "監督", "コーチ", "代表", "記者", "教授", "准教授", "講師", "博士", "医師", "弁護士", "投手", "捕手",
       "騎手", "棋士", "会長", "社長", "主将", "GM", "PM", "チーフ", "リーダー", "マネージャー", "マネジャー", "マネージャ",
       "顧問", "参事", "主査", "委員長", "容疑者", "被告"}
)
# Offices held by one named person (not a field or a team: サッカー選手, 日本代表).
_RANK_TITLES = frozenset(
    {"大統領", "副大統領", "首相", "外相", "知事", "市長", "議員", "議長", "博士", "教授", "伯爵", "侯爵", "公爵", "男爵",
     "子爵", "将軍", "大将", "中将", "少将", "大佐", "中佐", "少佐", "提督", "元帥", "夫人", "女史", "総裁", "会長", "社長",
     "氏", "卿", "王子", "王女", "皇太子", "国王", "女王", "皇帝", "学長", "夫妻"}
)
_PERSONAL_HONORIFICS = frozenset({"さん", "様", "さま", "くん", "君", "ちゃん", "氏", "殿"})
_KANJI_ROLE_WORDS = frozenset(
    """
    新人 派遣 業者 社員 店員 大家 運転手 皆 皆様 各位 担当 先方 上司 部下 同期 後輩 先輩 事務 受付 看護師 医者 大工
    農家 八百屋 魚屋 本屋 花屋 花嫁 花婿 奥 娘 息子 兄 姉 弟 妹 母 父 嫁 婿 旦那 神 仏 王 殿 客 お客 坊 坊主 親御
    患者 利用者 講師 委員 役員 社長 部長 課長 係長 主任 職人 作家 芸人 隣人 住人 家主 地主 庄屋 名主 大将 親方
    大臣 議員 首相 警察 刑事 弁護士 税理士 社労士 司法書士 行政書士 薬剤師 保健師 助産師 保育士 先生 生徒 学生
    市民 町民 県民 国民 外国人 新入社員 中途 役所 銀行 会社 取引先 関係者 担当者 責任者 管理者 代表者 候補者
    広報 人事 総務 経理 法務 営業 開発 企画 情シス 購買 財務 秘書 庶務 監査 品質 物流 製造 設計 研究 保守 運用 窓口
    事務局 本部 支社 支店 本社 部署 会計 労務 現場 工場 倉庫 店舗 本店 総務課 人事課 経理課 営業所 編集 制作 警備
    清掃 配送 運送 宅配 郵便 電気屋 業務 外注 下請 元請 協力会社 お隣 近所 親会社 子会社 他社 御社 弊社 貴社
    ワン ニャン ワンコ ネコ イヌ 王子 王女 王 姫 殿下 陛下 皇太子 王妃 女王 国王 全員 皆さん 各自 本人 ご本人 当人 相手 先方様 お客 顧客
    義母 義父 義兄 義姉 義弟 義妹 祖母 祖父 叔父 叔母 伯父 伯母 姉妹 兄弟 夫婦 両親 家族 親戚 子供 子ども 赤ちゃん
    """.split()
)
# Katakana words for roles, not people, that come before さん at work (デザイナーさん).
_ROLE_WORDS = frozenset(
    """
    デザイナー エンジニア メンバー パート バイト アルバイト ママ パパ ベンダー クライアント ユーザー
    スタッフ ドライバー オーナー リーダー マネージャー マネジャー コンサル コンサルタント ゲスト ホスト
    トレーナー インストラクター カメラマン アナウンサー プロ アシスタント セラピスト カウンセラー
    ヘルパー シェフ ナース ベテラン ルーキー パートナー サポーター ファン チーム カスタマー
    プログラマー ディレクター プロデューサー エージェント オペレーター テスター レビュアー
    ネット ウェブ ググる AI
    """.split()
)
_HONORIFIC = re.compile("|".join(sorted((re.escape(word) for word in _HONORIFICS), key=len, reverse=True)))

# Latin words Sudachi may tag as 人名 that are far more often ordinary words at work.
_LATIN_NOT_NAMES = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday will mark bill hope joy faith art
    rich frank sunny page chase grant lead miles siri alexa cortana copilot uber lyft netflix spotify
    sydney washington lincoln forest london paris berlin singapore boston chicago seattle austin dallas houston
    denver phoenix jackson madison kingston victoria georgia virginia carolina florida jordan chelsea brooklyn
    """.split()
)


@dataclass(slots=True)
class _Span:
    kind: PiiKind
    start: int
    end: int


def redact(text: str, extra_names: Iterable[str | Sequence[str]] | Directory = ()) -> Redaction:
    """Replace names, e-mail addresses, phone numbers and employee IDs with placeholders.

    ``extra_names`` is the organisation's own dictionary (a :class:`Directory`, or names and
    nicknames; a tuple of forms of one person such as ``("相田 愛子", "あいだ あいこ", "Aiko
    Aida")``).  Full names given with a space also match without the space and by their parts.
    """
    if not text:
        return Redaction(text=text, entities=())
    return _apply(text, detect(text, Directory.of(extra_names)))


def detect(text: str, directory: Directory | None = None) -> list[_Span]:
    """Every span to redact in ``text``, sorted, not overlapping.  Depends on ``text`` alone
    (and the directory): a message gives the same spans alone or among others."""
    return _detect(text, directory, tagger=True)


def _tagger_span_acceptable(text: str, tokens: list[Token], start: int, end: int) -> bool:
    """A span only the trained tagger found is kept unless the rules' general refusals apply:
    a firm, shop or place (吉田屋, 田中工業さん, 石川に出張, ブルームバーグの記事), a role word
    (大家さん), one kanji without a title (林の中), an all-capital or sentence-initial ordinary
    Latin word (HRBP, "Had my 1on1"), a katakana word that is also an ordinary word standing
    alone (ブラウンのジャケット)."""
    inside = [i for i, t in enumerate(tokens) if t.begin < end and start < t.end]
    if not inside:
        return False
    surface = text[start:end]
    after = tokens[inside[-1] + 1] if inside[-1] + 1 < len(tokens) else None
    if surface in _KANJI_ROLE_WORDS or surface in _ROLE_WORDS:
        return False
    if any(surface.endswith(word) and len(surface) > len(word) for word in _FIRM_WORDS):
        return False
    if after is not None and after.begin == end and (after.surface in _FIRM_WORDS):
        return False
    if _FIRM_CONTEXT.match(text, end) or _used_as_place(text, start, end):
        return False
    titled = bool(_HONORIFIC.match(text, end))
    if len(surface) == 1 and not titled:
        return False
    if len(inside) == 1:
        token = tokens[inside[0]]
        if _is_latin_word(token.surface) and (
            token.surface.isupper()
            or not _is_capitalised_latin(token.surface)
            or _capitalised_by_position(text, tokens, inside[0])
            or token.surface.lower() in _LATIN_NOT_NAMES
            or token.surface.lower() in _CALENDAR_WORDS
        ):
            return False
        if _katakana_word_alone(tokens, inside[0]):
            return False  # ブラウンのジャケット: also an ordinary word, and no cue
        entries = lexicon_entries(token.surface)
        if not titled and entries and not any(pos[2] == "人名" for pos in entries if len(pos) > 2) and any(
            pos[2] == "地名" for pos in entries if len(pos) > 2
        ):
            return False  # a place the dictionary never lists as a name
    return True


def _rule_detect(text: str, directory: Directory | None = None) -> list[_Span]:
    """``detect`` with the rules alone, without the trained tagger (training and measuring)."""
    return _detect(text, directory, tagger=False)


def _detect(text: str, directory: Directory | None, *, tagger: bool) -> list[_Span]:
    if not text:
        return []
    folded = fold_width(text)
    accepted = _resolve(_pattern_spans(folded))
    tokens = tokenize(text)
    found = _name_spans(text, folded, directory or _EMPTY_DIRECTORY, tokens)
    if tagger and _TAGGER_ENABLED:
        marks = [any(t.begin < s.end and s.start < t.end for s in found) for t in tokens]
        found.extend(
            _Span("person", a, b) for a, b in name_tagger.tag(tokens, marks) if _tagger_span_acceptable(text, tokens, a, b)
        )
    people = _merge_people(found)
    accepted.extend(span for span in people if not any(_overlaps(span, other) for other in accepted))
    accepted.sort(key=lambda span: span.start)
    persons = _join_across_separators(text, [s for s in accepted if s.kind == "person"])
    for person in persons:
        if text.endswith(("'s", "’s"), person.start, person.end) and person.end - person.start > 3:
            person.end -= 2  # Kato's: the name without the possessive
    others = [s for s in accepted if s.kind != "person"]
    for person in persons:
        # 林部長の10027: a number that belongs to a person (skip the title, then の)
        title = _HONORIFIC.match(text, person.end)
        match = _NUMBER_OF_PERSON.match(folded, title.end() if title else person.end)
        if match and not any(_overlaps(_Span("employee_id", match.start(1), match.end(1)), other) for other in others):
            others.append(_Span("employee_id", match.start(1), match.end(1)))
    return sorted(persons + others, key=lambda s: s.start)


def name_key(name: str) -> str:
    """The form under which two spellings of one name compare equal: NFKC, no spaces or
    middle dots, case-folded, katakana as hiragana."""
    folded = unicodedata.normalize("NFKC", name)
    folded = re.sub(r"[\s・･=＝.]", "", folded).casefold()
    return kana_to_hiragana(folded)


class Directory:
    """An organisation's member directory used as a gazetteer.

    Each person is given as a name or a tuple of forms (display name, kana reading, romaji,
    the local part of the e-mail address).  Every form matches as written, without its
    spaces, and by its parts; kanji parts of one character, hiragana-only parts and short
    Latin parts match only before an honorific or title (林さん, あいださん), because alone
    they are too often ordinary words.  All forms of one person share one ``person`` number,
    so a redaction session gives 相田, 相田愛子 and Aida the same placeholder.
    """

    def __init__(self, people: Iterable[str | Sequence[str]] = ()) -> None:
        self.variants: dict[str, tuple[int, bool]] = {}  # folded variant -> (person, needs a title)
        self.keys: dict[str, int] = {}  # name_key of a variant -> person
        self.lengths: list[int] = []
        self.size = 0
        for person, entry in enumerate(people):
            forms = [entry] if isinstance(entry, str) else list(entry)
            for form in forms:
                self._add(person, form)
            self.size = person + 1
        self.lengths = sorted({len(v) for v in self.variants}, reverse=True)
        self.version = next(_directory_versions)

    @classmethod
    def of(cls, value: Directory | Iterable[str | Sequence[str]] | None) -> Directory:
        if isinstance(value, Directory):
            return value
        return cls(value or ())

    def _add_nicknames(self, person: int, reading: str) -> None:
        """Nicknames people make from a reading: ささき -> ささっち, ゆきこ -> ゆっきー,
        なかやま -> ナカヤマン.  Four kana or more, so they match without a title."""
        if len(reading) < 2 or not all("\u3040" <= c <= "\u309f" for c in reading):
            return
        head = reading[:2]
        nicknames = [head + "っち", head + "りん", head + "やん", head + "ぽん", reading[0] + "っ" + reading[1] + "ー"]
        if len(reading) >= 3:
            # the first two kana with a nickname suffix (いがらし -> いがちゃん), the first with っちゃん
            # (てつや -> てっちゃん)
            nicknames += [head + "ちゃん", head + "くん", reading[0] + "っちゃん"]
        if len(reading) == 3 and reading[-1] != "ん":
            nicknames += [reading + "ん", reading + "っち"]  # まゆみん, れいなっち
        if len(reading) >= 3:
            nicknames.append(reading.translate(_HIRA_TO_KATA) + "ン")
        for nickname in nicknames:
            # a made-up nickname that is a word (さかい -> さっかー = サッカー, けい -> けいりん = 競輪,
            # うえの -> ウエノン, うえ -> うえぽん = ウエポン) would replace that word everywhere
            if _is_a_word(nickname) or _is_a_word(nickname.translate(_HIRA_TO_KATA)):
                continue
            self._put(nickname, person)

    def _add_combined_nicknames(self, person: int, family: str, given: str) -> None:
        """The two-and-two nickname from a full reading (きむら たくや -> キムタク, まつもと じゅん ->
        マツジュン, おか りょうすけ -> オカリョー): the first two kana of the family name and the
        first two of the given name (a small kana counts with the one before), with or without ー."""
        family = kana_to_hiragana(family)
        given = kana_to_hiragana(given)
        if len(family) < 2 or len(given) < 2:
            return
        head = family[:2] if family[1] not in "ゃゅょぁぃぅぇぉっ" else family[:3]
        take = 3 if len(given) > 2 and given[2] in "ゃゅょぁぃぅぇぉ" else 2
        tail = given[:take]
        for nickname in {head + tail, head + tail + "ー", head + given[: take - 1] + "ー" if given[1] in "ゃゅょ" else head + tail}:
            if len(nickname) >= 4 and not _is_a_word(nickname) and not _is_a_word(nickname.translate(_HIRA_TO_KATA)):
                self._put(nickname, person)
                self._put(nickname.translate(_HIRA_TO_KATA), person)

    def _add(self, person: int, form: str | None) -> None:
        form = fold_width(form or "").strip()
        if "@" in form:
            form = form.split("@", 1)[0]
            parts = [p for p in re.split(r"[._\-+0-9]+", form) if len(p) >= 3 and p.isalpha()]
            for part in parts:
                self._put(part, person)
            return
        if not form:
            return
        parts = [p for p in re.split(r"[\s・･]+", form) if p]
        self._put(form, person)
        for part in parts:
            self._add_nicknames(person, part)
        if len(parts) == 2 and all(_is_kana(p) for p in parts):
            self._add_combined_nicknames(person, parts[0], parts[1])
        if len(parts) > 1:
            self._put("".join(parts), person)
            self._put(" ".join(parts[::-1]), person)
            for part in parts:
                self._put(part, person)

    def _put(self, variant: str, person: int) -> None:
        if not variant:
            return
        key = variant.casefold() if variant.isascii() else variant
        needs_title = (
            len(variant) == 1
            or (all("\u3040" <= c <= "\u309f" for c in variant) and len(variant) < 4)
            or (variant.isascii() and len(variant) < 3)
        )
        self.keys.setdefault(name_key(variant), person)
        previous = self.variants.get(key)
        if previous is None or (previous[1] and not needs_title):
            self.variants[key] = (person, needs_title)
        if not variant.isascii():  # the reading in the other kana script
            other = variant.translate(_HIRA_TO_KATA) if any("\u3040" <= c <= "\u309f" for c in variant) else None
            if other and other != variant and other not in self.variants:
                self.variants[other] = (person, needs_title)

    def person_of(self, key: str) -> int | None:
        """The member a name (as :func:`name_key`) belongs to, if the directory knows it."""
        return self.keys.get(key)

    def find(self, folded: str) -> list[tuple[int, int, int, bool]]:
        """(start, end, person, weak) of every directory name in ``folded`` (width-folded text),
        longest first at each position.  ``weak``: a short form (林, あいだ) without a title
        after it, which counts only with more evidence (see ``_directory_spans``)."""
        if not self.variants:
            return []
        found: list[tuple[int, int, int, bool]] = []
        lower = folded.casefold() if folded.isascii() else _ascii_lower(folded)
        n = len(folded)
        i = 0
        while i < n:
            hit = None
            for length in self.lengths:
                if i + length > n:
                    continue
                piece = lower[i : i + length]
                entry = self.variants.get(piece)
                if entry is None:
                    continue
                end = i + length
                if piece.isascii():
                    if (i > 0 and lower[i - 1].isascii() and lower[i - 1].isalnum()) or (
                        end < n and lower[end].isascii() and lower[end].isalnum()
                    ):
                        continue
                hit = (i, end, entry[0], entry[1] and not _HONORIFIC.match(folded, end))
                break
            if hit:
                found.append(hit)  # type: ignore[arg-type]
                i = hit[1]
            else:
                i += 1
        return found


def _is_a_word(text: str) -> bool:
    """The dictionary lists ``text`` as something other than a name (サッカー, 競輪)."""
    return any(not (pos[1] == "固有名詞" and pos[2] == "人名") for pos in lexicon_entries(text))


_directory_versions = itertools.count(1)
_HIRA_TO_KATA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
_EMPTY_DIRECTORY = Directory()


def _ascii_lower(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in text)


# Phone numbers written in kanji digits (〇九〇ー一二三四ー五六七八) or with a box-drawing dash:
# matched on a copy with the same length, so the offsets hold.
_PHONE_DIGITS = str.maketrans("〇一二三四五六七八九─━", "0123456789--")


def _pattern_spans(folded: str) -> list[_Span]:
    spans: list[_Span] = []
    text = folded
    folded = folded.translate(_PHONE_DIGITS) if "〇" in folded or "─" in folded or "━" in folded else folded
    spans.extend(_Span("email", m.start(), m.end()) for m in _EMAIL.finditer(text))
    spans.extend(_Span("employee_id", m.start(1), m.end(1)) for m in _EMPLOYEE_ID_LABELLED.finditer(text))
    spans.extend(_Span("employee_id", m.start(1), m.end(1)) for m in _EMPLOYEE_ID_FIELD.finditer(text))
    for m in _EMPLOYEE_ID_STANDALONE.finditer(text):
        if _PRODUCT_CODE_LABEL.search(text, max(0, m.start() - 8), m.start()):
            continue  # 品番A-1234: a product code, not a person
        spans.append(_Span("employee_id", m.start(), m.end()))
    for match in _PHONE_INTERNATIONAL.finditer(folded):
        if 8 <= sum(char.isdigit() for char in match.group()) <= 15:
            spans.append(_Span("phone", match.start(), match.end()))
    for match in _PHONE_DOMESTIC.finditer(folded):
        digits = sum(char.isdigit() for char in match.group())
        if digits in (10, 11):  # Japanese numbers: 10 digits landline/0120, 11 mobile/050/0800
            spans.append(_Span("phone", match.start(), match.end()))
    for match in _PHONE_NANP.finditer(folded):
        if not _OTHER_NUMBER_LABEL.search(folded, max(0, match.start() - 12), match.start()):
            spans.append(_Span("phone", match.start(), match.end()))
    # the label with the number (内線1234 -> ［電話1］): the earlier blind sets mark it so, the fresh one
    # marks the digits only; the wider span hides both
    spans.extend(_Span("phone", m.start(), m.end()) for m in _PHONE_EXTENSION.finditer(folded))
    for match in _PHONE_LABELLED.finditer(folded):
        digits = sum(char.isdigit() for char in match.group(1))
        # 7 or 8 digits only in groups (TEL 1234-5678, phone 555-0134): a local number
        if 9 <= digits <= 15 or (7 <= digits <= 8 and re.search(r"\d[\s\-ー]\d", match.group(1))):
            spans.append(_Span("phone", match.start(1), match.end(1)))
    return spans


def _resolve(spans: list[_Span]) -> list[_Span]:
    """Keep non-overlapping spans, preferring the stronger kind, then the longer span."""
    accepted: list[_Span] = []
    for span in sorted(spans, key=lambda s: (_PRIORITY[s.kind], -(s.end - s.start), s.start)):
        if not any(_overlaps(span, other) for other in accepted):
            accepted.append(span)
    return accepted


def _overlaps(a: _Span, b: _Span) -> bool:
    return a.start < b.end and b.start < a.end


def _is_latin_word(surface: str) -> bool:
    return surface.isascii() and surface[:1].isalpha()


def _token_is_name(token: Token) -> bool:
    if not token.is_person_name:
        return False
    if len(token.surface) >= 3 and token.surface[-1] in "屋堂亭庵" and _is_kanji(token.surface):
        return False  # 吉田屋: a shop
    if _is_latin_word(token.surface):
        # Sudachi tags "May", "Grace", "Will" as 人名; trust it only for capitalised words
        # that are not months, weekdays or common English words.
        return (
            token.surface[:1].isupper()
            and not (token.surface.isupper() and len(token.surface) > 1)  # NHK, SMAP
            and token.surface.lower() not in _LATIN_NOT_NAMES
        )
    return True


def _name_spans(text: str, folded: str, directory: Directory, tokens: list[Token] | None = None) -> list[_Span]:
    spans: list[_Span] = []
    if tokens is None:
        tokens = tokenize(text)
    named = [
        i
        for i, t in enumerate(tokens)
        if (
            _token_is_name(t)
            and not _capitalised_by_position(text, tokens, i)
            and not _used_as_place(text, t.begin, t.end)
            and not _business_word_after_a_name(tokens, i)
            and not _katakana_word_alone(tokens, i)
            and not _named_as_an_organisation(text, tokens, i)
        )
        or _unknown_foreign_name(tokens, i)
        or _unknown_agent(text, tokens, i)
    ]
    named = sorted(set(named) | _listed_with_names(tokens, set(named)))
    spans.extend(span for i in named if (span := _full_name_span(tokens, i)) is not None)
    spans.extend(_honorific_spans(text, tokens))
    spans.extend(_latin_sequence_spans(text, tokens))
    for pattern in _ENGLISH_NAME_PATTERNS:
        for match in pattern.finditer(text):
            if pattern is _ENGLISH_NAME_PATTERNS[-1] and _LATIN_ORG_WORDS.match(text, match.end(1)):
                continue  # a given name that names a plan, a place or a project: the Victoria line
            spans.append(_Span("person", match.start(1), match.end(1)))
    spans.extend(_cue_pattern_spans(text))
    spans.extend(_directory_spans(text, folded, tokens, directory, spans))
    spans.extend(_family_spans(text, tokens))
    spans.extend(_role_apposition_spans(text, tokens))
    spans.extend(_cjk_name_spans(tokens))
    spans.extend(_repeated_name_spans(text, tokens, spans))
    spans.extend(_alias_spans(text, spans))
    return spans


# A name quoted before an honorific: how it is read or spelt (東海林さんは「しょうじ」さん).
_QUOTED_BEFORE_HONORIFIC = re.compile(
    r"[「『“\"]([^「」『』“”\"、。，．,.!?！？\s]{1,10})[」』”\"](?=さん|くん|君|ちゃん|様|さま|氏|先輩|先生|部長|課長)"
)
# A hyphenated romanised given name before an honorific (Min-junさん, Hye-jin先輩).
_HYPHENATED_LATIN_NAME = re.compile(
    r"(?<![A-Za-z\-])([A-Z][a-z]+(?:-[A-Za-z][a-z]+)+)(?=さん|くん|君|ちゃん|様|さま|氏|先輩|先生|-(?:san|kun|chan|sama|senpai|sensei)(?![a-z]))"
)
# "Will from the London office": a capitalised word introduced by where the person works.
_FROM_WORKPLACE = re.compile(
    r"(?<![A-Za-z])([A-Z][a-z]+)(?=\s+(?:from|at|in)\s+(?:the\s+|our\s+)?(?:[A-Z][A-Za-z]+\s+)?"
    r"(?:office|team|branch|department|dept\.?|division|HQ|headquarters|plant|site|store)\b)"
)
_CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday".split()
)
_NOT_A_SUBJECT = frozenset("the a an this that these those someone everyone nobody people somebody anyone".split())


_ROLE_NICKNAMES = frozenset("リーダー 先生 先輩 社長 部長 課長 姉さん 兄貴 姐さん 親分 ボス 王子 姫 神 師匠 エース 番長 おかん おとん".split())
# A word quoted as a name: 名前は「希望」, 「翼」という名前, 「ガッツ」って呼ばれてる.
_QUOTED_AS_NAME = re.compile(
    r"(?:(?<![一-龥ァ-ヶ])名前|呼び名|あだ名)(?:が|は|も|、)?[「『]([^「」『』、。\sの]{1,8})[」』]"
    r"|[「『]([^「」『』、。\sの]{1,8})[」』](?:って(?:名前|呼ば|呼ん|いう名)|という名前|っていう名前)"
)


def _cue_pattern_spans(text: str) -> list[_Span]:
    spans = [_Span("person", m.start(1), m.end(1)) for m in _QUOTED_BEFORE_HONORIFIC.finditer(text)]
    for match in _QUOTED_AS_NAME.finditer(text):
        group = 1 if match.group(1) else 2
        name = match.group(group)
        # the name without a title written inside the quotes (「たかしさん」, 「田中課長」)
        name = next((name[:i] for i in range(1, len(name)) if _HONORIFIC.fullmatch(name, i)), name)
        if name and name not in _ROLE_WORDS and name not in _KANJI_ROLE_WORDS and name not in _ROLE_NICKNAMES:
            spans.append(_Span("person", match.start(group), match.start(group) + len(name)))
    spans.extend(_Span("person", m.start(1), m.end(1)) for m in _HYPHENATED_LATIN_NAME.finditer(text))
    for match in _FROM_WORKPLACE.finditer(text):
        word = match.group(1)
        entries = lexicon_entries(word)
        if word.lower() in _NOT_A_SUBJECT:
            continue
        # a name the dictionary knows, a given name that is also a word (Will, Mark), or an
        # unknown word that is not a plural (Emails from the team)
        if word.lower() in _CALENDAR_WORDS:
            continue  # Monday from the London office
        if _person_entries(word) or word.lower() in _LATIN_NOT_NAMES or word in GIVEN_NAMES or (not entries and not word.endswith("s")):
            spans.append(_Span("person", match.start(1), match.end(1)))
    return spans


def _person_entries(surface: str) -> frozenset:
    return frozenset(pos for pos in lexicon_entries(surface) if pos[1] == "固有名詞" and pos[2] == "人名")


# "XことY": X is what Y is called (てっちゃんこと清水さん).
_ALIAS_BEFORE = re.compile(r"(?:^|(?<=[\s、。，．,.!?！？「」『』()（）]))([^\s、。，．,.!?！？「」『』()（）]{1,9}[^\s、。，．,.!?！？「」『』()（）なのたるだうくすぬむずばしい])こと$")


def _alias_spans(text: str, spans: list[_Span]) -> list[_Span]:
    found: list[_Span] = []
    for span in spans:
        if span.kind != "person" or not text.endswith("こと", 0, span.start):
            continue
        match = _ALIAS_BEFORE.search(text, max(0, span.start - 12), span.start)
        if match:
            found.append(_Span("person", match.start(1), match.end(1)))
    return found


# What follows a place, not a person: 山口の支社, 石川に出張, 上野の出身, 明日香で観光.
_PLACE_CONTEXT = re.compile(
    "(?:の(?:支社|支店|本社|工場|営業所|事業所|拠点|オフィス|店舗|倉庫|出身|観光|旅行|名物|紅葉|城|城跡|町並み|街|空港|駅|港|海|"
    "山|川|方面|辺り|あたり|近く|周辺|天気|気候|ホテル|旅館|温泉|地|郊外|市内|県内)|出身|生まれ|育ち|"
    "(?:に|へ)(?:出張|転勤|赴任|旅行|帰省|引っ越|移住|住ん|住む|住ま|単身赴任|遠征)|で(?:観光|旅行|乗り換え|古墳))"
)


def _used_as_place(text: str, start: int, end: int) -> bool:
    """A word that can be a place (the dictionary lists it as one) written where a place goes."""
    if not _PLACE_CONTEXT.match(text, end):
        return False
    return any(pos[2] == "地名" for pos in lexicon_entries(text[start:end]))


# Club prefixes (ASナンシー, ACミラン, SCバスティア) and what follows a firm, not a person
# (ブルームバーグの記事, モンサントの株式, 乃木坂46).
_CLUB_PREFIXES = frozenset("AS AC SC FC CF CR SS US SV RC CD UD SD CA SE EC SK FK NK IF BK KV".split())
_FIRM_CONTEXT = re.compile("の(?:株式|株価|株|買収|子会社|親会社|傘下|製品|工場|本社|ブランド|商品|店舗|社長|CEO|経営陣|事業|決算|記事|報道)")


def _named_as_an_organisation(text: str, tokens: list[Token], index: int) -> bool:
    token = tokens[index]
    before = tokens[index - 1] if index > 0 else None
    if before is not None and before.end == token.begin and before.surface in _CLUB_PREFIXES:
        return True
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if after is not None and after.begin == token.end and after.surface.isdigit():
        counter = tokens[index + 2] if index + 2 < len(tokens) else None
        if counter is None or not (counter.begin == after.end and ("助数詞" in counter.pos[2] or counter.pos[0] == "接尾辞")):
            return True  # 乃木坂46: a group (マルグレーテ2世, 岡本金次郎5段, 田中35歳 are people)
    if _is_katakana(token.surface) and (before is None or before.surface not in _NAME_JOINERS) and (
        after is None or after.surface not in _NAME_JOINERS
    ):
        return bool(_FIRM_CONTEXT.match(text, token.end))
    return False


def _katakana_word_alone(tokens: list[Token], index: int) -> bool:
    """A katakana word Sudachi tags as a name here but also lists as an ordinary word (フィックス,
    リッチ, ウィル, ジョイ), standing alone: not a chain, no title or person suffix after it."""
    token = tokens[index]
    if not _is_katakana(token.surface):
        return False
    if not any(pos[1] == "普通名詞" for pos in lexicon_entries(token.surface)):
        return False
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if (before is not None and before.surface in _NAME_JOINERS) or (after is not None and after.surface in _NAME_JOINERS):
        return False
    if after is not None and (
        after.surface in _HONORIFIC_SET or after.surface in _PERSON_SUFFIXES or _HONORIFIC.match(after.surface)
    ):
        return False
    return True


def _business_word_after_a_name(tokens: list[Token], index: int) -> bool:
    """松本|ビル, 佐々木|丘: Sudachi sometimes reads the word after a surname as a given name."""
    token = tokens[index]
    return (
        (token.surface in _BUSINESS_WORDS or token.surface in _ORG_SUFFIXES)
        and index > 0
        and tokens[index - 1].end == token.begin
        and tokens[index - 1].pos[1] == "固有名詞"
    )


def _capitalised_by_position(text: str, tokens: list[Token], index: int) -> bool:
    """A Latin word capitalised only because it starts a sentence ("Last night …", "Read an
    article …"): the dictionary also lists it as an ordinary word, and no capitalised word follows."""
    token = tokens[index]
    if not _is_latin_word(token.surface):
        return False
    before = text[: token.begin].rstrip()
    if before and before[-1] not in ".!?。！？\n\"'「(":
        return False
    if not any(pos[1] == "普通名詞" for pos in lexicon_entries(token.surface)):
        return False
    following = text[token.end : token.end + 2]
    return not (following[:1] == " " and following[1:2].isupper())


def _repeated_name_spans(text: str, tokens: list[Token], spans: list[_Span]) -> list[_Span]:
    """A name found once also counts where it comes back in the same text, whole or by a part:
    田端正広が当選 … 田端を破り, メリッサ・ブリム … ブリムが, 鹿島守之助 … 鹿島本人.  Parts are the
    name's words that are names or unknown words (not あかり in 藤田あかり), two characters or more,
    and count only as whole words that do not start a compound (田端駅).  Only a name of two words
    or more vouches for its parts: one word alone is as often a place (貝塚)."""
    if not spans:
        return []
    starts = {t.begin: i for i, t in enumerate(tokens)}
    ends = {t.end for t in tokens}
    pieces: set[str] = set()
    begins = [t.begin for t in tokens]
    for span in _merge_people(spans):
        first = bisect.bisect_left(begins, span.start)
        inside = []
        for t in tokens[first:]:
            if t.begin >= span.end:
                break
            if t.end <= span.end and t.surface not in _NAME_JOINERS:
                inside.append(t)
        if len(inside) < 2:
            continue  # only a full name vouches for its parts (one word alone may be a place: 貝塚)
        pieces.add(text[span.start : span.end])
        chained = any(joiner in text[span.start : span.end] for joiner in _NAME_JOINERS)
        for token in inside:
            if len(token.surface) >= 2:
                if (_is_kanji(token.surface) and (token.is_person_name or token.is_oov)) or (
                    _is_katakana(token.surface) and (token.is_person_name or token.is_oov or (chained and len(token.surface) >= 3))
                ) or (_is_capitalised_latin(token.surface) and len(token.surface) >= 3 and token.is_person_name):
                    pieces.add(token.surface)
    found: list[_Span] = []
    for piece in sorted(pieces, key=len, reverse=True):
        at = text.find(piece)
        while at != -1:
            end = at + len(piece)
            index = starts.get(at)
            joined = (at > 0 and text[at - 1] in _NAME_JOINERS | {"・"}) or (end < len(text) and text[end] in _NAME_JOINERS)
            if index is not None and end in ends and not joined:
                last = next(i for i in range(index, len(tokens)) if tokens[i].end == end)
                after = tokens[last + 1] if last + 1 < len(tokens) else None
                if (after is None or not _starts_compound(tokens[index], after, tokens[last])) and not _used_as_place(text, at, end):
                    found.append(_Span("person", at, end))
            at = text.find(piece, end)
    return found


# Words for a role, an office or a relation that are put right before a person's name
# (教授カール・クリングラー, 社長・岡崎忠彦, 酋長ソラノ, 女王マルグレーテ2世, 母サリー, 姉のゆり).
_ROLE_BEFORE_NAME = frozenset(
    """
    教授 准教授 社長 会長 副社長 頭取 総裁 理事長 監督 コーチ 主将 選手 投手 捕手 騎手 棋士 力士 横綱 大関 酋長 族長 首長 領主
    藩主 当主 家老 家臣 執事 侍女 召使 秘書 主人公 俳優 女優 歌手 作家 画家 詩人 記者 弁護士 医師 博士 議員 知事 市長
    大統領 副大統領 首相 外相 内相 蔵相 大臣 長官 司令官 司令長官 提督 元帥 将軍 大将 中将 少将 大佐 中佐 少佐 大尉 中尉
    少尉 軍曹 女王 国王 皇帝 皇后 王妃 王子 王女 皇太子 王 妃 教皇 法王 神父 牧師 司祭 僧 住職 夫人 妻 夫 母 父 兄 姉 弟 妹
    娘 息子 長男 長女 次男 次女 三男 三女 継父 継母 養父 養母 後妻 前妻 先妻 祖父 祖母 叔父 叔母 伯父 伯母 甥 姪 孫 従兄
    師匠 弟子 門下生 後任 前任 後継者 同僚 部下 上司 相棒 恋人 婚約者 僚機 脚本家 作詞家 作曲家 編曲家 漫画家 小説家
    演出家 写真家 建築家 政治家 実業家 思想家 哲学者 経済学者 学者 科学者 研究者 芸人 タレント アナウンサー 司会者
    ボーカル ギター ベース ドラム ギタリスト ベーシスト ドラマー キーボード プロデューサー ディレクター マネージャー
    """.split()
)


def _role_apposition_spans(text: str, tokens: list[Token]) -> list[_Span]:
    """A name right after a role word, joined directly, by ・ or by の (教授カール・クリングラー,
    社長・岡崎忠彦, 酋長ソラノ, 姉のゆり): an unknown katakana word or chain, a capitalised Latin
    word, or a kanji word Sudachi calls a proper noun (not a place)."""
    spans: list[_Span] = []
    for i, token in enumerate(tokens):
        if token.surface not in _ROLE_BEFORE_NAME:
            continue
        j = i + 1
        joined_by_no = False
        if j < len(tokens) and tokens[j].surface in ("・", "の", "･") and tokens[j].begin == token.end:
            joined_by_no = tokens[j].surface == "の"
            j += 1
        if j >= len(tokens) or tokens[j].begin != tokens[j - 1].end:
            continue
        candidate = tokens[j]
        surface = candidate.surface
        if candidate.is_person_name or surface in _ROLE_WORDS or surface in _CHAIN_STOP:
            continue  # found already, or a role
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        ends_here = after is None or after.pos[0] in ("助詞", "補助記号", "助動詞") or after.surface in _HONORIFIC_SET
        if _is_katakana(surface) and len(surface) >= 2 and (candidate.is_oov or (candidate.pos[1] == "固有名詞" and candidate.pos[2] != "地名")):
            name = _full_name_span(tokens, j)
            chained = after is not None and after.surface in _NAME_JOINERS
            if joined_by_no and not chained:
                continue  # 上司のモラハラ: after の a katakana word alone is as often a thing
            if name is not None and (ends_here or chained):
                spans.append(name)
        elif (
            _is_kanji(surface)
            and 2 <= len(surface) <= 4
            and candidate.pos[1] == "固有名詞"
            and candidate.pos[2] != "地名"
            and ends_here
        ):
            spans.append(_Span("person", candidate.begin, candidate.end))
        elif _is_capitalised_latin(surface) and len(surface) >= 2 and not surface.isupper():
            spans.append(_Span("person", candidate.begin, candidate.end))
    return spans


# Common Chinese and Korean surnames: one of these followed by a kanji word the dictionary does
# not know is a name (朴|槿恵, 金斗|鎔, 薄|熙来).
_CJK_SURNAMES = frozenset(
    "朴金李崔張王劉陳楊趙黄周呉徐孫胡朱何郭馬羅梁宋鄭謝韓唐馮董蕭程曹袁鄧許傅沈曾彭呂蘇盧蔣蔡賈丁魏薛葉閻潘杜戴夏鍾汪"
    "任姜范方姚譚廖鄒熊陸郝孔康毛邱秦史顧侯邵孟龍段雷銭湯尹黎易喬賀頼龔文薄全安申柳洪権卓裴南河玄孫閔厳慎禹池車"
)


def _cjk_name_spans(tokens: list[Token]) -> list[_Span]:
    spans: list[_Span] = []
    for i, token in enumerate(tokens):
        if not (token.is_oov and _is_kanji(token.surface) and len(token.surface) <= 2) or i == 0:
            continue
        before = tokens[i - 1]
        if before.end == token.begin and _is_kanji(before.surface) and len(before.surface) <= 2 and before.surface[0] in _CJK_SURNAMES:
            spans.append(_Span("person", before.begin, token.end))
    return spans


# Words that name a business after a surname (松本薬品, 金子ロジスティクス, 長谷川法律事務所).
_BUSINESS_WORDS = frozenset(
    """
    法律 税理士 会計 特許 司法書士 行政書士 設計 薬品 精機 工業 製作所 法律事務所 税理士事務所 会計事務所 特許事務所 事務所 工務店 歯科 医院 眼科 内科 外科
    皮膚科 整骨院 クリニック 病院 食品 製菓 電機 電気 運輸 物流 不動産 保険 技研 商会 商店 商事 物産 建設 組
    ロジスティクス ホールディングス リゾート システムズ テクノロジーズ コーポレーション グループ ホテル 駅 前
    印刷 交通 企画 観光 家具 開発 電工 通商 倉庫 薬局 鉄工 金属 整骨院 動物病院 旅館 石油 支店 支社 興業 急便 電設
    住宅 総研 教室 ファーム ソフト ソリューションズ テック ラボ モータース ゼミ スクール デザイン 製薬 化学 塾 水産
    通運 地所 学院 自動車 整骨 堂 亭 庵 坂 丘 台 口 ビル 川 島 山 寺 村 橋 屋 市 町 郡 区 県 銀行 酒造 保険 通り 神社 公園
    商店街 店 本店 支店 営業所 工場 農場 牧場 農園 産業 物流 運送 通信 電子 機械 製薬 薬品 製紙 紙業 繊維 織物 染工
    工房 スタジオ 歯科医院 眼科医院 小児科 医療 介護 福祉 保育園 幼稚園 学校 大学 高校 中学 小学校 研究室 ゼミナール
    コンサルティング パートナーズ アソシエイツ ジャパン インターナショナル エンタープライズ サービス ストア マート
    インター キャンパス モデル 方式 空港 祭り まつり 祭 川沿い 沿い 沿線 線 港 城 温泉 インターチェンジ ジャンクション
    """.split()
)
_LATIN_ORG_WORDS = re.compile(
    r"\s+(?:Systems|Inc|Corp|Corporation|Co|Ltd|Group|Holdings|Street|St|Avenue|Road|Hills|Park|Station|"
    r"Office|Branch|Teams?|Bank|Hotel|University|Airport|Logistics|Resort|Clinic|Labs?"
    # a plan, a product, a place or a project named after a name: "the Amber tier", "the Taylor project"
    r"|tier|plan|office|season|model|project|team|account|package|edition|version|release|program|programme|room|building"
    r"|campus|branch|store|site|server|cluster|tool|app|license|licence|contract|deal|campaign|product|series|award|prize"
    r"|fund|grant|hall|center|centre|lobby|line|route|bridge|tower|plaza|square|district|county|warehouse|factory|plant)"
    r"(?![A-Za-z])"
)
_LIST_JOINER = re.compile(r"^(?:と|や|、|，|,|も|とか|・|\s*and\s*|\s*&\s*)$")


def _directory_spans(
    text: str, folded: str, tokens: list[Token], directory: Directory, found: list[_Span]
) -> list[_Span]:
    """Directory names, where they are words of their own (not 上野|駅, 中山間, ハラスメント),
    not the start of a business or place (松本薬品, 田中工業さん), and not a common word that
    happens to be a given name (真理は, 大地に) unless a title follows.  Short forms without a
    title (林, あいだ, さやか) count when listed with another name (春日も平も, さやかとれんと)."""
    starts = {t.begin: t for t in tokens}
    ends = {t.end for t in tokens}
    strong: list[_Span] = []
    weak: list[_Span] = []
    for start, end, _person, is_weak in directory.find(folded):
        titled = bool(_HONORIFIC.match(text, end))
        token = starts.get(start)
        if text[start:end].isascii():
            if _LATIN_ORG_WORDS.match(text, end):
                continue  # Tanaka Systems
        elif _is_kana(text[start:end]):
            # Sudachi often cuts hiragana names badly (さやか|とれん|と): judge by the neighbours.
            before = text[start - 1] if start else ""
            after_char = text[end] if end < len(text) else ""
            if (_is_kana(before) and before not in "とやもの、") or (
                _is_kana(after_char) and after_char not in "とやもがはにのでをっ、" and not titled
            ):
                continue
            if not titled and any(pos[1] == "普通名詞" for pos in lexicon_entries(text[start:end])):
                is_weak = True  # ヴァンで移動: a part of a name that is also a word needs more evidence
        else:
            if token is None or (end not in ends and not titled):
                continue
            after = starts.get(end)
            if not titled and after is not None and (
                after.surface in _BUSINESS_WORDS or after.surface in _ORG_SUFFIXES or after.surface in _CHAIN_STOP
            ):
                continue
            if not titled and token.end == end and token.pos[1] == "普通名詞" and _is_kanji(token.surface):
                is_weak = True  # 真理は現場にある
            if not titled and _DATE_SHAPE.fullmatch(text[start:end]) and _DATE_CONTEXT.match(text, end):
                continue  # 四月一日付けで: a surname written like a date, where a date goes
            if not titled and _used_as_place(text, start, end):
                continue  # 石川に出張, 山口の支社
            if (
                not titled
                and after is not None
                and after.pos[1] == "普通名詞"
                and after.surface not in _PERSON_SUFFIXES
                and token.pos[2] == "地名"
            ):
                continue  # 松本祭り, 松本方式, 上野公園: Sudachi reads it as the place, and it starts a compound
        (weak if is_weak else strong).append(_Span("person", start, end))
    if weak:
        known = sorted(found + strong, key=lambda s: s.start)
        changed = True
        while changed and weak:
            changed = False
            for span in list(weak):
                listed = any(
                    _LIST_JOINER.match(text[other.end : span.start]) or _LIST_JOINER.match(text[span.end : other.start])
                    for other in known + [w for w in weak if w is not span]
                    if other is not span and (other in known or _is_weak_pair(text, span, other))
                )
                if (
                    listed
                    or _after_family_word(text, span.start)
                    or (
                        _COLLEAGUE_BEFORE.search(text, max(0, span.start - 4), span.start)
                        and _PARTICLE_AFTER.match(text, span.end)
                    )
                    or _PERSON_CUE_AFTER.match(text, span.end)
                    or _NAME_INTRODUCED_BEFORE.search(text, max(0, span.start - 10), span.start)
                    or _NAME_INTRODUCED_AFTER.match(text, span.end)
                ):
                    weak.remove(span)
                    known.append(span)
                    strong.append(span)
                    changed = True
    return strong


_DATE_SHAPE = re.compile("[一二三四五六七八九十〇0-9０-９]+月(?:[一二三四五六七八九十〇0-9０-９]+日|朔日|晦日)")
_DATE_CONTEXT = re.compile(
    "(?:付|以降|以前|以来|時点|締|〆|まで|までに|の週|の朝|の午前|の午後|の夜|の時点|から(?:の|は)?(?:新|施行|開始|適用|スタート)|"
    "(?:に|から|より)(?:入社|異動|配属|着任|赴任|施行|開始|適用|発令|発効|スタート|退職)|施行|発令|発効|入社|生まれ)"
)


# What is said of people right after a particle (東から連絡来た, 岡と二人で, 林に相談した): a short
# member name (one kanji, short kana) before one of these is that member.
_PERSON_CUE_AFTER = re.compile(
    "(?:から|に|と|が|は|も|には|とは|からの|にも|とも)"
    "(?:連絡|相談|電話|メール|LINE|ライン|チャット|聞い|聞か|聞き|言わ|言っ|話し|話す|頼ん|頼ま|任せ|誘わ|誘っ|怒ら|褒め|"
    "叱ら|教え|二人|一緒|ランチ|飲み|会っ|会う|会い|返信|既読|報告|指示|注意さ|謝|お願い|確認し|DM|ＤＭ)"
)


# A name introduced as a name: 下の名前が「勇気」, 「真理」って呼ばれてる.
_NAME_INTRODUCED_BEFORE = re.compile("(?:名前|名|呼び名|あだ名|ニックネーム)(?:が|は|も|、)?[「『\"“]$")
_NAME_INTRODUCED_AFTER = re.compile("[」』\"”](?:って|という|と)(?:名前|呼|いう名)")


def _is_kana(text: str) -> bool:
    return bool(text) and all("\u3040" <= c <= "\u30ff" for c in text)


def _is_weak_pair(text: str, a: _Span, b: _Span) -> bool:
    """Two short directory forms listed together (さやかとれん) vouch for each other."""
    return bool(_LIST_JOINER.match(text[a.end : b.start]) or _LIST_JOINER.match(text[b.end : a.start]))


_FAMILY_WORDS = (
    "兄", "弟", "姉", "妹", "娘", "息子", "妻", "夫", "母", "父", "祖母", "祖父", "長男", "長女", "次男", "次女",
    "三男", "三女", "子ども", "子供", "嫁", "旦那", "主人", "彼氏", "彼女", "甥", "姪", "孫", "いとこ", "友達", "友人",
    "継父", "継母", "養父", "養母", "後妻", "前妻", "先妻", "叔父", "叔母", "伯父", "伯母", "義母", "義父", "主人公",
    "下の子", "上の子", "末っ子", "一人娘", "一人息子", "義妹", "義弟", "義姉", "義兄",
)
# Workplace relations before a short member name (後輩の学が, 同期の優に): evidence for a directory
# short form only, since 上司の指示 is not a name.
_COLLEAGUE_BEFORE = re.compile("(?:後輩|先輩|同期|上司|元上司|部下|同僚|新人|派遣|前任|後任|担当)の$")
_PARTICLE_AFTER = re.compile("(?:が|は|に|と|も|を|から|って|、|，|。)")
_FAMILY_BEFORE = re.compile("(?:" + "|".join(sorted(_FAMILY_WORDS, key=len, reverse=True)) + ")の$")


def _after_family_word(text: str, start: int) -> bool:
    return bool(_FAMILY_BEFORE.search(text, max(0, start - 4), start))


def _family_spans(text: str, tokens: list[Token]) -> list[_Span]:
    """A proper noun or unknown word right after 兄の, 娘の … (兄の隼人が): a family member's name."""
    spans: list[_Span] = []
    for i, token in enumerate(tokens):
        if token.pos[0] != "名詞":
            continue
        with_no = _after_family_word(text, token.begin)
        # 長女さつき, 母サリー: a relation written right before a kana name, without の
        glued = (
            not with_no
            and i > 0
            and tokens[i - 1].end == token.begin
            and tokens[i - 1].surface in _FAMILY_WORDS
            and _is_kana(token.surface)
        )
        if not (with_no or glued):
            continue
        # a proper noun, an unknown word, or a word the dictionary also lists as a given name
        # (姉のゆり, 娘のさくら; not 母の日, 兄の会社)
        if (
            token.pos[1] == "固有名詞"
            or token.is_oov
            or (
                len(token.surface) >= 2
                and can_be_person_name(token.surface)
                and token.surface not in _ROLE_WORDS
                # a katakana word that is also an ordinary word is a thing here (息子のピアノ, 彼女のヴァージョン)
                and not (_is_katakana(token.surface) and any(pos[1] == "普通名詞" for pos in lexicon_entries(token.surface)))
            )
        ):
            after = tokens[i + 1] if i + 1 < len(tokens) else None
            if after is None or after.pos[0] in ("助詞", "補助記号"):
                spans.append(_Span("person", token.begin, token.end))
    return spans


_NAME_JOINERS = frozenset("・･=＝")
# Katakana words that end a name chain: ギブソン・ギター・コーポレーション is a company.
_CHAIN_STOP = frozenset(
    """
    コーポレーション カンパニー グループ ホールディングス インターナショナル ジャパン センター ショー
    ストア ホテル スタジアム ホール ブランド レコード レコーズ スタジオ プロダクション システム
    サービス クラブ チーム リーグ カップ アワード シリーズ モーター モーターズ エアライン ライン
    サーキット アベニュー ダム シティ バンド フィルム エンターテインメント アレー キャピタル ストリート
    スクエア パーク タワー ビル ブリッジ レーン ロード ハウス カレッジ アカデミー インスティテュート
    """.split()
)


def _is_katakana(surface: str) -> bool:
    return bool(surface) and all("\u30a0" <= c <= "\u30ff" for c in surface)


def _chain_part(token: Token) -> bool:
    """A piece of a ・-joined foreign name: a katakana word or a Latin initial (ウィリス・A・リー)."""
    if token.surface in _CHAIN_STOP:
        return False
    return _is_katakana(token.surface) or (token.surface.isascii() and token.surface.isalpha() and len(token.surface) <= 2)


_LIST_JOINERS = frozenset(("、", "と", "や", "，", ","))


def _listed_with_names(tokens: list[Token], named: set[int]) -> set[int]:
    """Unknown katakana words listed next to a name, or before ら/達 (チュブコフ、フヴォストフら):
    the members of a list of people are people."""
    found: set[int] = set()
    changed = True
    while changed:  # a list may be found from either end (チュブコフ、フヴォストフら)
        changed = False
        for i, token in enumerate(tokens):
            if i in named or i in found:
                continue
            unknown = token.is_oov and _is_katakana(token.surface) and len(token.surface) >= 2
            # a word the dictionary also lists as a name (門田, モンタニー) counts only as a whole item
            # of a list that holds a name: 、 or と on both sides, or the end of the list
            maybe = (
                not unknown
                and i > 0
                and tokens[i - 1].surface in _LIST_JOINERS
                and token.pos[0] == "名詞"
                and (_is_katakana(token.surface) or (_is_kanji(token.surface) and 2 <= len(token.surface) <= 3))
                and len(token.surface) >= 2
                and can_be_person_name(token.surface)
            )
            if not (unknown or maybe):
                continue
            before = tokens[i - 1].surface if i > 0 else ""
            after = tokens[i + 1].surface if i + 1 < len(tokens) else ""
            if maybe and not (
                before in _LIST_JOINERS and (after in _LIST_JOINERS or (i + 1 < len(tokens) and tokens[i + 1].pos[0] in ("助詞", "補助記号")))
            ):
                continue
            listed = (unknown and after in ("ら", "達", "たち", "夫妻", "両人", "自身")) or any(
                0 <= j < len(tokens) and tokens[(i + j) // 2].surface in _LIST_JOINERS and (j in named or j in found)
                for j in (i - 2, i + 2)
            )
            if listed:
                found.add(i)
                changed = True
    return found


def _unknown_foreign_name(tokens: list[Token], index: int) -> bool:
    """Katakana words the dictionary does not know, joined by ・ or ＝ (エルッキ・リーカネン,
    ヴィドマー=シュルンプフ): Sudachi knows most loanwords, so two unknown pieces in one chain
    are almost always a foreign person's name."""
    token = tokens[index]
    if not (token.is_oov and _is_katakana(token.surface) and len(token.surface) >= 2):
        return False
    for step in (-2, 2):
        j = index + step
        if 0 <= j < len(tokens) and tokens[(index + j) // 2].surface in _NAME_JOINERS:
            other = tokens[j]
            if _is_katakana(other.surface) and (other.is_oov or other.is_person_name):
                return True
    # A single unknown katakana word alone is as often a product or a rare loanword: measured on
    # the Wikipedia set it raised recall 0.82 -> 0.87 but dropped precision 0.79 -> 0.64.
    return False


# What people do, not things: an unknown katakana subject of one of these verbs is a person.
_PERSON_VERBS = re.compile(
    "(?:語っ|語る|述べ|話し|生まれ|死去|亡くな|結婚|離婚|就任|引退|移籍|出演|主演|演じ|受賞|師事|逮捕|辞任|当選|落選|入団|所有|"
    "加入|脱退|来日|帰国|留学|卒業|入社|退社|著し|書い|描い|否定し|批判し|主張し|推量し|指摘し|評し|称賛し|"
    "認め|命じ|任命|率い|優勝|参加し|出場し|所属し|契約し|作曲し|指揮し|演奏し|提唱し|署名し|会談し|訪問し|出会っ|"
    "愛し|殺害|暗殺|証言|告白|謝罪|辞職|即位|戴冠|退位|逝去|誕生し|歌唱|出場|共演|入籍|婚約|再婚|出産|享年|生誕|"
    "参加|出品|寄稿|執筆|監修|演出|作詞|作曲|編曲|プロデュース|師事|弟子入り|結成|脱退|在籍|昇進|昇格|任官|戦死|病死|"
    "自殺|処刑|投獄|亡命|帰化|渡米|渡欧|来日|入学|卒業|留学|就職|転職|独立|起業|創業|引退|復帰|デビュー)"
)


def _unknown_agent(text: str, tokens: list[Token], index: int) -> bool:
    """An unknown katakana word as the subject (は/が) of a verb only people do in the same
    sentence (シャマランはその可能性を否定した, メイウェザーが所有する … 逃亡): a person."""
    if index + 1 >= len(tokens) or tokens[index + 1].surface not in ("は", "が"):
        return False  # checked first: this runs for every token
    token = tokens[index]
    if _is_kanji(token.surface) and 2 <= len(token.surface) <= 4:
        return _kanji_subject_is_a_person(text, tokens, index)
    if not (_is_katakana(token.surface) and len(token.surface) >= 3):
        return False
    # unknown to the dictionary, or listed there as a name as well as a word (グラント, テンプル)
    if not (token.is_oov or (token.pos[1] == "普通名詞" and can_be_person_name(token.surface))):
        return False
    if token.surface in _ROLE_WORDS or any(token.surface.endswith(word) for word in _CHAIN_STOP):
        return False  # ヴェオリアグループ: a firm
    if index + 1 >= len(tokens) or tokens[index + 1].surface not in ("は", "が"):
        return False
    if index > 0 and (_is_katakana(tokens[index - 1].surface) or tokens[index - 1].surface in _NAME_JOINERS):
        return False  # the end of a compound or a chain: the chain rules decide
    rest = text[token.end : token.end + 120].split("。", 1)[0]
    verbs = _PERSON_VERBS if token.is_oov else _LIFE_EVENTS  # ペットが亡くなって, テーマがある…話したくて
    return bool(verbs.search(rest) or _OCCUPATION_PREDICATE.search(rest + "。"))


def _kanji_subject_is_a_person(text: str, tokens: list[Token], index: int) -> bool:
    """A kanji word that can be a surname (the dictionary lists it as a name, or does not know
    it), opening a sentence as its topic (X は), with a verb only people do or an occupation
    after it: 布施は…初出場を果たした, 五木は…歌唱."""
    token = tokens[index]
    if token.is_person_name or not (token.is_oov or any(pos[3] == "姓" for pos in lexicon_entries(token.surface))):
        return False
    if index > 0 and tokens[index - 1].pos[0] in ("名詞", "接頭辞", "接尾辞"):
        return False  # the end of a compound
    if index + 1 >= len(tokens) or tokens[index + 1].surface != "は":
        return False
    rest = text[token.end : token.end + 60].split("。", 1)[0]
    return bool(_LIFE_EVENTS.search(rest) or _OCCUPATION_PREDICATE.search(rest + "。"))


# Events of a person's life and career: the only verbs that make a word the dictionary also
# knows as a thing (ペット, テーマ, 文章) a person.
_LIFE_EVENTS = re.compile(
    "(?:生まれ|死去|逝去|結婚|離婚|就任|引退|移籍|出演|主演|受賞|師事|逮捕|辞任|当選|落選|入団|脱退|来日|留学|入社|退社|"
    "任命|即位|戴冠|退位|歌唱|出場|共演|入籍|婚約|再婚|享年|生誕|暗殺)"
)

# "X は(、)… 女優。", "X は土木技師であり": the subject is described by an occupation.
_OCCUPATION_PREDICATE = re.compile(
    "(?:俳優|女優|声優|歌手|作家|小説家|漫画家|画家|詩人|政治家|実業家|思想家|哲学者|学者|科学者|研究者|技師|技術者|"
    "医師|弁護士|棋士|力士|騎手|投手|選手|監督|記者|アナウンサー|タレント|ミュージシャン|シンガーソングライター|"
    "作曲家|作詞家|指揮者|演出家|脚本家|建築家|写真家|芸人|アイドル|モデル|ダンサー|司祭|牧師|僧|軍人|将校|外交官|"
    "官僚|大統領|首相|国王|女王|皇帝|貴族|王族|教授|教師|経営者|起業家|プロレスラー|ボクサー|レーサー|ドライバー)"
    "(?:の一人)?(?:。|である|であり|だった|で、|であった|として)"
)


def _full_name_span(tokens: list[Token], index: int) -> _Span | None:
    """The whole name a 人名 token belongs to: katakana pieces joined by ・ or ＝ (ロッキー・ロメロ),
    a kanji word before a given name (兵庫|慎司, 車|吉章), short kanji after a surname
    (岡本|吾|市, 野口弥|三)."""
    token = tokens[index]
    first = last = index
    if _is_katakana(token.surface):
        while first >= 2 and tokens[first - 1].surface in _NAME_JOINERS and _chain_part(tokens[first - 2]):
            first -= 2
        while last + 2 < len(tokens) and tokens[last + 1].surface in _NAME_JOINERS and _chain_part(tokens[last + 2]):
            last += 2
        if last + 2 < len(tokens) and tokens[last + 1].surface in _NAME_JOINERS and tokens[last + 2].surface in _CHAIN_STOP:
            return None  # ヤス・マリーナ・サーキット, ギブソン・ギター・コーポレーション: a place or a firm
        opening = tokens[first]
        if (
            last > first
            and opening.pos[1] == "普通名詞"
            and len(opening.surface) >= 2
            and not opening.is_oov
            and not can_be_person_name(opening.surface)
        ):
            # パルム・ドール, プロレスリング・ノア, アイ・ラブ・ルーシー: the chain opens with a word that
            # is never a name (a family name may be one: グレッグ・レモン)
            return None
    elif _is_kanji(token.surface):
        kind = token.pos[3] if len(token.pos) > 3 else ""
        if kind == "名" and first >= 1:
            before = tokens[first - 1]
            if (
                _is_kanji(before.surface)
                and before.pos[0] == "名詞"
                and before.pos[1] in ("固有名詞", "普通名詞")
                and len(before.surface) <= 2
            ):
                first -= 1
        if kind in ("姓", "名"):
            extra = 0
            probe = last + 1
            while probe < len(tokens) and extra < 2:
                after = tokens[probe]
                if (
                    not _is_kanji(after.surface)
                    or after.pos[0] not in ("名詞", "代名詞", "接尾辞", "接頭辞")
                    or after.surface in _HONORIFIC_SET
                    or _HONORIFIC.match(after.surface)
                    or after.surface in _ORG_SUFFIXES
                    or after.surface in _BUSINESS_WORDS
                    or after.surface in _PERSON_SUFFIXES
                    or after.surface in _NOT_NAME_SUFFIXES
                ):
                    break
                extra += len(after.surface)
                probe += 1
            # Only when the name then ends (particle, punctuation): 岡本吾市が, not 田中社長室.
            if extra and extra <= 2 and (probe == len(tokens) or not _is_kanji(tokens[probe].surface)):
                last = probe - 1
    if (
        _is_kanji(token.surface)
        and token.pos[3:4] == ("姓",)
        and last == index
        and last + 1 < len(tokens)
        and tokens[last + 1].begin == token.end
    ):
        # A surname and a given name in kana (藤田あかり, 影山ヒロノブ): a hiragana word of 2-5
        # characters, or a katakana word the dictionary does not know (not 星野リゾート), ending
        # the name.
        given = tokens[last + 1]
        after = tokens[last + 2] if last + 2 < len(tokens) else None
        if (
            2 <= len(given.surface) <= 5
            and (_is_katakana(given.surface) or all("\u3041" <= c <= "\u309f" for c in given.surface))
            and (
                given.is_oov
                or given.pos[1:3] == ("固有名詞", "人名")
                or (given.pos[1:3] == ("普通名詞", "一般") and not _is_katakana(given.surface))
            )
            and given.surface not in _ROLE_WORDS
            and given.surface not in _BUSINESS_WORDS
            and given.surface not in _CHAIN_STOP
            and (after is None or after.pos[0] in ("助詞", "補助記号") or after.surface in _HONORIFIC_SET)
        ):
            last += 1
    if (
        last + 2 < len(tokens)
        and tokens[last + 1].surface.isdigit()
        and tokens[last + 2].surface == "世"
        and tokens[last + 1].begin == tokens[last].end
    ):
        last += 2  # マルグレーテ2世
    if last + 1 < len(tokens) and _starts_compound(tokens[first], tokens[last + 1], tokens[last]):
        return None
    if (
        token.surface.isascii()
        and last + 2 < len(tokens)
        and tokens[last + 1].surface == " "
        and _LATIN_ORG_WORDS.match(" " + tokens[last + 2].surface)
    ):
        return None  # Tanaka Systems, the Lincoln Street office
    return _Span("person", tokens[first].begin, tokens[last].end)


# Kanji that turn a name before them into the name of a place, a firm, an event or an era
# (斎藤内閣, 角川書店, 小沢艦隊, 田口電灯).  Teams and proposals (田中チーム, 佐藤案) are not here:
# those still point at a person.
_ORG_SUFFIXES = frozenset(
    """
    内閣 政権 艦隊 大火 書店 電灯 鉄道 電鉄 線 駅 寺 神社 古墳 運河 灯台 島 山 岳 川 村 町 市 郡 区 県 港 橋 城
    屋 酒造 農園 洋行 財閥 商会 商店 学派 賞 杯 記念館 美術館 文庫 研究所 事件 時代 朝 藩 流 派 式 法 説 定理
    効果 方程式 通り 公園 病院 大学 学園 高校 小学校 中学校 財団 基金 工業 製作所 銀行 証券 物産 産業 建設
    大社 神宮 薬師 会 楼 寮 店 神殿 図書館 聖堂 大聖堂 広場 セメント 造船 発電所 司令部 村営 町営 市営 遺跡 古墳 庭園 霊園 重工 汽船 紡績 製紙 醸造 牧場 ファンド 劇場 会館 協会 文化 後期 前期 出身 家臣 宗 王朝 帝国 政府 軍 丸 号 版 作品 主義 論
    社 製 協定 組 財団 映画祭 事務所 飛行場 総本店 本店 商事 科学 部門 比 数 宇宙センター 記念 記念日
    """.split()
)


_FIRM_WORDS = _BUSINESS_WORDS | _ORG_SUFFIXES

_NOT_NAME_SUFFIXES = frozenset("的 化 性 製 用 側 別 分 後 前 中 内 外 間 等 系 型 版 風 宛 経由 以外 以上 以下 全員 個人".split())
_PERSON_SUFFIXES = frozenset("達 たち ら 自身 本人 一家 夫妻 兄弟 姉妹 父子 母子 親子 家 一族 派 陣営 氏 君 殿 卿".split())
_PERSON_TITLE_ENDINGS = (*_HONORIFICS, "大臣", "長官", "皇太子", "王子", "王女", "国王", "女王", "皇帝", "主席", "書記長", "監督", "選手", "作曲家", "作家", "画家")


_PERSON_TITLE_END = re.compile("(?:" + "|".join(sorted(map(re.escape, _PERSON_TITLE_ENDINGS), key=len, reverse=True)) + ")$")


def _starts_compound(first: Token, after: Token, last: Token) -> bool:
    """A name immediately followed by a word it forms one proper noun with (ケネディ宇宙センター,
    ディズニーリゾート, 角川書店): not a person.  An honorific or title never counts."""
    if after.begin != last.end or after.surface in _HONORIFIC_SET or _HONORIFIC.match(after.surface):
        return False
    if after.surface in _PERSON_SUFFIXES or _PERSON_TITLE_END.search(after.surface):
        return False  # バラク・オバマ上院議員, デュラント自身, バール達
    if after.surface in _ORG_SUFFIXES or after.surface in _CHAIN_STOP or after.surface in _BUSINESS_WORDS:
        return True
    if _is_katakana(last.surface):
        # ディズニーリゾート; a kanji word after a foreign name is mostly a role (オバマ上院議員).
        return after.pos[0] in ("名詞", "接尾辞") and after.pos[1] in ("普通名詞", "名詞的") and _is_katakana(after.surface)
    return False


_LATIN_STOP = frozenset(
    """
    the a an of and for in on at to inc corp co ltd llc group cloud office teams japan tokyo osaka
    university college school bank news times press street online global system systems
    mr ms mrs miss mx dr prof sir madam dear hi hello thanks regards best our my your his her their
    ask tell call send check see let please thank okay ok tonight today tomorrow yesterday
    """.split()
)


def _latin_sequence_spans(text: str, tokens: list[Token]) -> list[_Span]:
    """Two or more capitalised Latin words (or initials) in a row inside Japanese text:
    Joel Andryc, Lester T. W. Ho.  Japanese text rarely strings capitalised words together for
    anything but a name; all-capital words (NHK, IBM) and common organisation words do not count."""
    spans: list[_Span] = []
    for match in _LATIN_RUN.finditer(text):
        words = re.findall(r"[A-Za-z][A-Za-z'\-]*", match.group())
        full = [w for w in words if len(w) > 1]
        if (
            len(words) < 2
            or not full
            or any(w.isupper() and len(w) > 1 for w in words)
            or any(w == "I" or w.startswith("I'") for w in words)
            or re.search(r"[a-z]{2}\.\s", match.group())  # a sentence ends inside: "Shinitai. Nihongo"
        ):
            continue
        if any(_LATIN_ORG_WORDS.fullmatch(" " + w.rstrip(".")) for w in words[1:]):
            continue  # Carol Hotel, Victoria Station: a place or a firm
        if words[0] in _GIVEN_NAME_SET and not any(w.lower() in _LATIN_STOP or w.lower() in _LATIN_NOT_NAMES for w in full):
            spans.append(_Span("person", match.start(), match.end()))  # Michael Brennan
            continue
        if any(w.lower() in _LATIN_STOP or w.lower() in _LATIN_NOT_NAMES for w in full):
            continue
        # Every whole word must be unknown to the dictionary or a name (Joel Andryc, Lester … Ho),
        # not an English word (Video Tour, Pear Party).
        known = [t for t in tokens if match.start() <= t.begin < match.end() and len(t.surface) > 1 and t.surface.isalpha()]
        if not known or not all(t.is_oov or t.is_person_name for t in known):
            continue
        spans.append(_Span("person", match.start(), match.end()))
    return spans


_GIVEN_NAME_SET = frozenset(GIVEN_NAMES)
_LATIN_RUN = re.compile(r"(?<![A-Za-z])[A-Z][a-z'\-]*\.?(?:\s[A-Z][a-z'\-]*\.?)+(?![A-Za-z])")


def _honorific_spans(text: str, tokens: list[Token]) -> list[_Span]:
    """Name-like words right before さん, 課長 … that Sudachi did not tag as names."""
    by_end = {token.end: index for index, token in enumerate(tokens)}
    spans: list[_Span] = []
    token_ends = {token.end for token in tokens}
    for match in _HONORIFIC.finditer(text):
        index = by_end.get(match.start())
        if index is not None and match.end() not in token_ends and not tokens[index].is_oov:
            continue  # the title is the start of a longer word: 野球|殿堂, 申請|様式, 顧客|氏名, 欧州|選手権
        if text.startswith(("ちゃんと", "さん付け", "くん付け", "ちゃん付け", "さま付け"), match.start()) and (
            index is None or not (tokens[index].is_person_name or tokens[index].is_oov)
        ):
            continue  # 資料ちゃんと見て: the adverb, not an honorific
        if index is None:
            # The title starts inside a word.  Usually not a name (営業部|長, お客さん), but Sudachi
            # sometimes glues a surname to the title's first character as a place (大野部|長).
            inside = next((t for t in tokens if t.begin < match.start() < t.end), None)
            if (
                inside is not None
                and match.end() in token_ends
                and inside.pos[1] == "固有名詞"
                and match.group() not in _LOCATION_TITLES
                and match.start() - inside.begin >= 2
                and _is_kanji(text[inside.begin : match.start()])
            ):
                spans.append(_Span("person", inside.begin, match.start()))
            continue
        token = tokens[index]
        if _is_capitalised_latin(token.surface) and len(token.surface) > 1 and not token.surface.isupper():
            entries = lexicon_entries(token.surface)
            if entries and not can_be_person_name(token.surface):
                continue  # Google先生, Slackさん, Amazonさん: the dictionary knows it, never as a name
            start = token.begin
            # "Emily Chenさん": walk back over capitalised words separated by single spaces.
            back = index - 1
            while (
                back >= 1 and tokens[back].surface == " " and _is_capitalised_latin(tokens[back - 1].surface)
            ):
                start = tokens[back - 1].begin
                back -= 2
            spans.append(_Span("person", start, token.end))
            continue
        if token.is_person_name:
            continue  # already found
        pos = token.pos
        if pos[0] != "名詞" or pos[1] in ("数詞", "代名詞"):
            continue
        if (
            token.surface in _KANJI_ROLE_WORDS
            or token.surface in _CHAIN_STOP
            or (len(token.surface) >= 3 and _ORG_NAME_END.search(token.surface))
        ):
            continue  # 王子様, 作家クラブ会長, 日本医師会会長, 成蹊大学教授, 文学座代表: a role or an organisation
        professional = match.group() in _PROFESSIONAL_TITLES
        rank = match.group() in _RANK_TITLES
        if rank and _is_katakana(token.surface) and pos[2] != "地名" and token.surface not in _ROLE_WORDS:
            # A katakana word before 大統領, 首相, 大佐, 王子 … is the holder's name (フォード大統領),
            # unless it is a country (アメリカ大統領).
            if index == 0 or not _is_katakana(tokens[index - 1].surface):
                spans.append(_Span("person", token.begin, token.end))
            continue
        if pos[1] == "固有名詞":
            if professional and pos[2] in ("地名", "一般") and not _is_kanji(token.surface):
                continue  # アメリカ大統領, スイス代表
            if professional and pos[2] == "地名" and (match.group() in _LOCATION_TITLES or pos[3] == "国"):
                continue  # 日本選手, 大阪市長 (but 樋口リーダー: surnames are often places)
            # Surnames are often place names (千葉さん, 福岡課長) or other proper nouns in kanji
            # (久保田くん); a place before 支店長 is a branch, and katakana/Latin proper nouns
            # before さん are mostly companies and products (トヨタさん), so those are left.
            if match.group() in _LOCATION_TITLES and pos[2] == "地名":
                continue
            if not can_be_person_name(token.surface) and not (
                index > 0 and tokens[index - 1].is_person_name
            ):
                continue  # 日立さん, 電通さん, アマゾンさん: the dictionary knows it, never as a name
            if pos[2] == "地名" or _is_kanji(token.surface):
                spans.append(_Span("person", token.begin, token.end))
            continue
        if token.is_oov and not token.surface.isdigit():
            spans.append(_Span("person", token.begin, token.end))
        elif (
            _is_kanji(token.surface)
            and 2 <= len(token.surface) <= 3
            and pos[1] == "普通名詞"
            and match.group() in _PERSONAL_HONORIFICS
            and token.surface not in _KANJI_ROLE_WORDS
            and can_be_person_name(token.surface)  # 大橋様, not 常連さん, 妊婦様, ご愁傷様
            and (index == 0 or not _is_kanji(tokens[index - 1].surface))
        ):
            # 大橋様, 中島さん: a two- or three-kanji word before さん or 様 is a surname unless it
            # is a role (新人さん, 派遣さん, 業者さん).
            spans.append(_Span("person", token.begin, token.end))
        elif (
            _is_katakana(token.surface)
            and len(token.surface) >= 2
            and token.surface not in _ROLE_WORDS
            and token.surface not in _BUSINESS_WORDS
            and not (index > 0 and tokens[index - 1].end == token.begin and tokens[index - 1].pos[0] == "名詞")
            and not professional
            and (index == 0 or not _is_katakana(tokens[index - 1].surface))  # not the end of a compound
        ):
            # An honorific makes a name even of a word Sudachi knows otherwise (マイクさん, テンプル中将).
            spans.append(_Span("person", token.begin, token.end))
    return spans


# How the names of organisations end (日本医師会, 文学座, 成蹊大学, 民主党): such a word before a
# title is the organisation the title belongs to, not a person.
_ORG_NAME_END = re.compile(
    r"(?:会|座|大学|学院|学園|短大|社|団|局|省|庁|館|協会|連盟|組合|銀行|党|軍|委員会|財団|機構|研究所|事務所|センター|グループ|クラブ|チーム)$"
)


def _is_kanji(surface: str) -> bool:
    return bool(surface) and all("\u4e00" <= char <= "\u9fff" or char in "々ヶ" for char in surface)


def _is_capitalised_latin(surface: str) -> bool:
    return _is_latin_word(surface) and surface[:1].isupper() and surface.lower() not in _LATIN_NOT_NAMES


def _merge_people(spans: list[_Span]) -> list[_Span]:
    """Union overlapping name spans and join given+family names split by a space or ・."""
    merged: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start <= merged[-1].end:
            merged[-1].end = max(merged[-1].end, span.end)
        else:
            merged.append(_Span("person", span.start, span.end))
    return merged


def _join_across_separators(text: str, spans: list[_Span]) -> list[_Span]:
    joined: list[_Span] = []
    for span in spans:
        if joined:
            gap = text[joined[-1].end : span.start]
            if gap in (" ", "\u3000", "・", "･") and not (
                text[span.start].isascii() ^ text[joined[-1].end - 1].isascii()
            ):
                joined[-1].end = span.end
                continue
        joined.append(span)
    return joined


def _apply(text: str, spans: list[_Span]) -> Redaction:
    numbers: dict[PiiKind, int] = {}
    # Same original string -> same placeholder.  Exact strings, not folded ones: restore() must
    # give back precisely what the person wrote (佐藤 and ｻﾄｳ stay two placeholders).
    placeholders: dict[tuple[PiiKind, str], str] = {}
    entities: list[Entity] = []
    pieces: list[str] = []
    cursor = 0
    for span in spans:
        original = text[span.start : span.end]
        key = (span.kind, original)
        placeholder = placeholders.get(key)
        if placeholder is None:
            numbers[span.kind] = numbers.get(span.kind, 0) + 1
            placeholder = _placeholder(span.kind, numbers[span.kind])
            placeholders[key] = placeholder
        entities.append(Entity(span.kind, span.start, span.end, placeholder, original))
        pieces.append(text[cursor : span.start])
        pieces.append(placeholder)
        cursor = span.end
    pieces.append(text[cursor:])
    return Redaction(text="".join(pieces), entities=tuple(entities))


class Pseudonymizer:
    """One redaction session: everything sent to a model for one request (or one conversation).

    Each text is detected on its own (:func:`detect`), so a message gives the same spans alone
    or among others; then every name found in any text of the session is also hidden where it
    appears bare in the others (田中さん in one turn hides 田中が in the next).  The same person
    gets the same placeholder in every text of the session: names are keyed by
    :func:`name_key`, directory forms of one member share a key, and a surname or given name
    alone is linked to the one full name it belongs to (田中 ↔ 田中太郎, Smith ↔ John Smith).
    ``restore`` gives back the form first seen.  Keep this object on the server.
    """

    def __init__(self, directory: Directory | Iterable[str | Sequence[str]] | None = None) -> None:
        self.directory = Directory.of(directory)
        self._placeholder_of: dict[tuple[PiiKind, str], str] = {}
        self._original_of: dict[str, str] = {}
        self._numbers: dict[PiiKind, int] = {}
        self._names: dict[str, tuple[PiiKind, str]] = {}  # literal original -> (kind, placeholder)
        self._detected: dict[str, list[_Span]] = {}

    def __repr__(self) -> str:
        return f"Pseudonymizer(placeholders={len(self._original_of)})"

    @property
    def mapping(self) -> dict[str, str]:
        """Placeholder -> original (the first form seen)."""
        return dict(self._original_of)

    def redact(self, text: str) -> str:
        return self.redact_many([text])[0]

    def redact_many(self, texts: Sequence[str]) -> list[str]:
        """Redact several texts of one request; placeholders are shared across them."""
        found = [self._detect(text) for text in texts]
        for text, spans in zip(texts, found, strict=True):
            for span in spans:
                self._placeholder(span.kind, text[span.start : span.end])
        return [self._apply(text, self._with_known_names(text, spans)) for text, spans in zip(texts, found, strict=True)]

    def restore(self, text: str, *, language: str = "ja") -> str:
        return restore_placeholders(text, self._original_of, language=language)

    def restorer(self, *, language: str = "ja") -> StreamRestorer:
        return StreamRestorer(self._original_of, language=language)

    # -- internals -------------------------------------------------------------------------

    def _detect(self, text: str) -> list[_Span]:
        # A request redacts the conversation for the reply and again for recording it, and the
        # next request the same turns plus one: each text is detected once per session, and the
        # spans (offsets only, keyed by a hash of the text) are kept in a small process cache.
        spans = self._detected.get(text)
        if spans is None:
            spans = self._detected[text] = _cached_detect(text, self.directory)
        return spans

    def _key(self, kind: PiiKind, original: str) -> str:
        if kind != "person":
            return name_key(original)
        key = name_key(original)
        person = self.directory.person_of(key)
        if person is not None:
            return f"#member{person}"
        if (kind, key) in self._placeholder_of:
            return key
        # A surname or given name alone links to the one longer name that starts or ends with it.
        if len(key) >= 2:
            linked = {
                other
                for (k, other) in self._placeholder_of
                if k == "person" and not other.startswith("#") and other != key
                and (other.startswith(key) or other.endswith(key) or key.startswith(other) or key.endswith(other))
                and min(len(other), len(key)) >= 2
            }
            if len(linked) == 1:
                return linked.pop()
        return key

    def _placeholder(self, kind: PiiKind, original: str) -> str:
        key = (kind, self._key(kind, original))
        placeholder = self._placeholder_of.get(key)
        if placeholder is None:
            self._numbers[kind] = self._numbers.get(kind, 0) + 1
            placeholder = _placeholder(kind, self._numbers[kind])
            self._placeholder_of[key] = placeholder
            self._original_of[placeholder] = original
        if (kind == "person" and len(original) >= 2 and not _is_short_hiragana(original)) or len(original) >= 4:
            self._names.setdefault(original, (kind, placeholder))
        return placeholder

    def _with_known_names(self, text: str, spans: list[_Span]) -> list[_Span]:
        extra: list[_Span] = []
        for original in sorted(self._names, key=len, reverse=True):
            start = text.find(original)
            while start != -1:
                candidate = _Span(self._names[original][0], start, start + len(original))
                if not any(_overlaps(candidate, other) for other in spans + extra):
                    extra.append(candidate)
                start = text.find(original, start + len(original))
        return sorted(spans + extra, key=lambda s: s.start) if extra else spans

    def _apply(self, text: str, spans: list[_Span]) -> str:
        pieces: list[str] = []
        cursor = 0
        for span in spans:
            pieces.append(text[cursor : span.start])
            pieces.append(self._placeholder(span.kind, text[span.start : span.end]))
            cursor = span.end
        pieces.append(text[cursor:])
        return "".join(pieces)


_DETECT_CACHE: OrderedDict[tuple[bytes, int], tuple[tuple[str, int, int], ...]] = OrderedDict()
_DETECT_CACHE_SIZE = 20_000
_detect_cache_lock = threading.Lock()


def _cached_detect(text: str, directory: Directory) -> list[_Span]:
    """``detect`` with a process-wide cache.  It holds a keyed hash of the text and the span
    offsets, never the text; the key changes when the directory does."""
    if len(text) < 40:
        return detect(text, directory)
    key = (hashlib.blake2b(text.encode("utf-8"), digest_size=16, key=_CACHE_KEY).digest(), directory.version)
    with _detect_cache_lock:
        hit = _DETECT_CACHE.get(key)
        if hit is not None:
            _DETECT_CACHE.move_to_end(key)
    if hit is not None:
        return [_Span(kind, start, end) for kind, start, end in hit]  # type: ignore[arg-type]
    spans = detect(text, directory)
    with _detect_cache_lock:
        _DETECT_CACHE[key] = tuple((span.kind, span.start, span.end) for span in spans)
        while len(_DETECT_CACHE) > _DETECT_CACHE_SIZE:
            _DETECT_CACHE.popitem(last=False)
    return spans


# The trained tagger adds names to the rules' (jatext.name_tagger); off when its model is absent.
_TAGGER_ENABLED = True

_CACHE_KEY = os.urandom(16)  # per process: the cache's hashes cannot be matched against a guess elsewhere


def _is_short_hiragana(text: str) -> bool:
    return len(text) < 3 and all("\u3040" <= c <= "\u309f" for c in text)
