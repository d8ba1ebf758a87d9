"""Whole phrases of the person's own text, for reflecting back without breaking them.

A guide without a language model can only reflect what the person wrote.  Reflecting single
words goes wrong in Japanese: 腹が立つ comes back as 「立つ」, 否定されずに as 「否定」 (the
opposite), 死ぬほど忙しい as 「死ぬ」.  So the unit here is the 文節 (bunsetsu): one or more
content words with the function words that follow them (格助詞, 助動詞 such as ない/ず/たい/れる,
the て of a 連用形 chain and the helper after it), built over SudachiPy tokens.  Bunsetsu are
grouped into clauses (split at 、。！？, at connective particles such as けど/ので/し and at
line ends), and a *phrase* is the tail of a clause that ends on its predicate, with the
arguments right before it (腹が立つ, 否定されずに聞いてほしい, 20万円以下なら).

Every phrase is a contiguous slice of the text that ends on a phrase boundary (never before a
negation, never on a bare stem), so what the guide quotes is always what the person wrote.

``salient`` ranks the phrases of a message by what a listener would pick up: feelings that
are the person's own (同僚が不安そう is not), wishes (〜たい, 〜てほしい, 〜たら), what comes after
でも/本当は, negations; phrases that contain a danger word used as a figure of speech
(死ぬほど, 殺される, 消えたい気分（笑）) are never offered.  English has the same interface:
sentences and clauses split on punctuation and conjunctions.

Pure Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jatext.memo import within_scope
from jatext.normalize import fold, has_japanese
from jatext.tokens import Token, tokenize

__all__ = ["Phrase", "starts_on_boundary", "ends_on_boundary", "phrases", "salient", "sentences", "bunsetsu"]

_CONTENT = frozenset({"名詞", "代名詞", "動詞", "形容詞", "形状詞", "副詞", "連体詞", "接頭辞", "接続詞", "感動詞"})
# Connective particles that end a clause (the て of a chain is handled separately).
_CLAUSE_PARTICLES = frozenset({"けど", "けれど", "けれども", "が", "ので", "から", "し", "のに", "ながら", "たら"})
_POLITE_TAIL = frozenset({"です", "ます", "だ", "でしょう", "だろう"})
_END_PARTICLES = frozenset({"よ", "ね", "な", "か", "よね", "かな", "わ", "さ", "っけ", "かも"})
_NEGATIONS = frozenset({"ない", "ず", "ぬ", "ん", "ませ"})

# Danger words that only ever reach a reflection as figures of speech (a real crisis stops the
# flow before any reflection), so a phrase holding one is never quoted.
_DANGER = re.compile(
    r"死|殺|消え|叩|殴|自殺|いなくな|kill|\bdie\b|dead|suicid|disappear|here anymore|better off without|end it all|hurt myself",
    re.IGNORECASE,
)

# People other than the writer, as the subject of a clause: their feelings are not the person's.
_OTHERS = frozenset(
    fold(w)
    for w in """
    同僚 上司 部長 課長 係長 主任 社長 先輩 後輩 部下 周り 周囲 みんな 皆 皆さん 彼 彼女 チーム 家族 母 父 母親 父親
    妻 夫 子ども 子供 息子 娘 相手 お客さん 顧客 メンバー 会社 人事 マネージャー リーダー 同期 友人 友達 相方
    """.split()
)
_OTHERS_EN = re.compile(
    r"\b(he|she|they|my (?:boss|manager|colleague|coworker|co-worker|team|partner|wife|husband|mother|father|mom|dad)|"
    r"the team|everyone|my colleagues|people)\b",
    re.IGNORECASE,
)
_WISH_JA = re.compile(r"たらいい|ればいい|といいな|たらな|(?:たら|れば)(?:って|と)(?:思|$)|願")
_FEELING_HINT = re.compile(
    r"不安|心配|怖|こわ|つら|辛|しんど|苦し|悲し|寂し|さみし|悔し|嬉し|うれし|楽し|腹が立|むかつ|イライラ|いらいら|モヤモヤ|もやもや|"
    r"焦|疲れ|落ち込|憂鬱|緊張|安心|ほっと|不満|後悔|虚し|むなし|情けな|恥ずかし|孤独|気が重|申し訳|ワクワク|わくわく|もどかし|"
    r"やりがい|悩|迷|嫌|好き|怒り|怒って|腹|面白|おもしろ|楽し|ありがた|よかった|良かった|"
    r"張り合い|実感|やる気|虚しさ|一人になった|ひとりになった|感じないように|何も感じ|(?:感じ|気持ち)(?:が|も)(?:する|します|して)|"
    r"羨まし|うらやまし|妬まし|惨め|みじめ|切な|息苦し|物足りな|不甲斐な|ふがいな|へこ[むんみ]|凹[むんみ]|傷つ|傷付|苛立|ショック|誇らし|照れくさ|落ち着かな|憤|心苦し"
)
# Hedges, minimisers and talk about the talk (別に大したことじゃない, 今さら思います, 話が長くて,
# 何から話せばいいのか分からない, tell me honestly): said around the point, never the point.
_HEDGE_JA = re.compile(
    r"大した(?:こと|話|もの)(?:じゃ|では)?(?:ない|なかった|ありません)|^別に|今さら|いまさら|話が長く|長くなって|すみません|ごめんなさい|"
    r"(?:何|なに|どこ)から(?:話|言|書)|(?:は|とは)関係ない(?:か|かな|けど|ですが)|^そうですね|^一番は|気のせい|どうでもいい|^(?:まあ)?いいか(?:と|って)思|"
    # words about the talk, not about them: an apology (申し訳ありません), a link to what comes next
    # (それだけじゃなくて), a word being rephrased (焦るっていうか), doubt about saying it well
    r"^(?:申し訳(?:ありません|ございません)|すいません|ごめん)|^(?:てか|ていうか|というか)?(?:それ|これ|あれ)(?:だけ)?(?:じゃ|では)な(?:くて|く)$|"
    r"(?:利用|使用|使わ)させて(?:いただ|もら)|(?:うまく|上手く)[^、。]{0,10}(?:できる|言える|言え|説明|まとめ|書け)[^、。]{0,6}(?:分かりません|わかりません|分からない|わからない|自信)"
)
_HEDGE_EN = re.compile(
    r"\b(?:tell me honestly|be honest with me|no big deal|not a big deal|it's fine|it's nothing|that's normal|i guess|sorry|whatever|long story|"
    r"where to (?:start|begin)|short version|doesn't matter|it's silly)\b",
    re.IGNORECASE,
)
# Trailing hedges on a clause: 張り合いがないというか → 張り合いがない
_TRAILING_HEDGE_JA = re.compile(r"(?:というか|っていうか|っていうのか|みたいな|って感じ|感じで|という|っていう|(?<=たら)って|(?<=れば)って)$")
_OTHER_FEELING_TAIL = re.compile(r"(そう|がって|がる|らしい|みたい)")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A slice of the person's text: ``text == source[begin:end]``.

    ``kind`` is "feeling" (their own), "wish", "negation" or "plain"; ``contrast`` is true when
    the phrase comes after でも / 本当は / but; ``score`` is the salience used to pick one.
    """

    text: str
    begin: int
    end: int
    kind: str = "plain"
    contrast: bool = False
    others: bool = False
    score: float = 0.0


@within_scope
def _tokens(text: str) -> tuple[Token, ...]:
    """Tokens of ``text``, remembered for one reply or summary only (``jatext.memo``)."""
    return tuple(tokenize(text))


# ----------------------------------------------------------------------------------- sentences
_SENT_JA = re.compile(r"[^。．！？!?\n]+[。．！？!?…」』）)]*")
_SENT_EN = re.compile(r"[^.!?\n]+(?:[.!?]+[\"')\]]*|(?=\n)|$)")


# a full stop that ends no sentence: a title before a name ("Dr. Sato"), an initial, "e.g.", "No. 3",
# a decimal ("6.5") or a dot inside a word ("kabeuchi.example") never reach here (no space follows)
_NOT_AN_END = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|Mx|Prof|St|Sr|Jr|vs|e\.g|i\.e|approx|dept)|(?<![A-Za-z])[A-Z])\.$")
_NUMBER_AFTER = re.compile(r"\b(?:No|no|Vol|vol|p|pp|ch|Fig|fig)\.$")
_EN_END = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)|\n")


def _english_spans(text: str) -> list[tuple[int, int]]:
    """Where English sentences end: at . ! ? followed by a space or the end, and at a line break,
    except after a title, an initial or an abbreviation (round 33: "Maybe I ask Dr. Sato" was cut
    to "Maybe I ask Dr", and "6.5" was two answers)."""
    spans, begin = [], 0
    for m in _EN_END.finditer(text):
        head = text[begin : m.end()].rstrip("\"')] \n")
        after = text[m.end() :].lstrip()
        if m.group() != "\n" and m.group().startswith(".") and len(m.group().rstrip("\"')]")) == 1:
            if _NOT_AN_END.search(head) or (_NUMBER_AFTER.search(head) and after[:1].isdigit()):
                continue
        spans.append((begin, m.end()))
        begin = m.end()
    if begin < len(text):
        spans.append((begin, len(text)))
    return spans


def sentences(text: str) -> list[tuple[int, int]]:
    """(begin, end) spans of the sentences of ``text``, punctuation included, spaces trimmed."""
    spans = []
    raw = ((m.start(), m.end()) for m in _SENT_JA.finditer(text)) if has_japanese(text) else _english_spans(text)
    for b, e in raw:
        while b < e and text[b].isspace():
            b += 1
        while e > b and text[e - 1].isspace():
            e -= 1
        if e > b:
            spans.append((b, e))
    return spans


# ----------------------------------------------------------------------------------- bunsetsu
def _attaches(prev: Token, token: Token) -> bool:
    """Whether ``token`` continues the bunsetsu that ``prev`` ends."""
    head, sub = token.pos[0], token.pos[1]
    if head in ("助詞", "助動詞", "接尾辞"):
        return True
    if head == "形状詞" and sub == "助動詞語幹":  # 不安+そう, 前+みたい
        return True
    if prev.pos[0] == "接頭辞":
        return True
    if head in ("名詞",) and prev.pos[0] in ("名詞", "接尾辞") and prev.end == token.begin:
        if prev.surface.isascii() and token.surface.isascii() and prev.surface.isalnum() and token.surface.isalnum():
            return True  # 1on1, B2B
        return not (prev.pos[1] == "数詞" and sub != "数詞" and token.pos[2] not in ("助数詞可能", "一般"))
    if head in ("動詞", "形容詞") and sub.startswith("非自立"):
        # する after a サ変 noun, helpers after て, ない/いい after a 連用形 or a たら
        if prev.pos[0] in ("名詞", "接尾辞", "助動詞", "形状詞"):
            return True
        if prev.pos[0] == "助詞" and prev.surface in ("て", "で", "ちゃ", "じゃ", "って"):
            return True
        if prev.pos[0] in ("動詞", "形容詞"):
            return True
    return False


def bunsetsu(text: str, tokens: list[Token] | None = None) -> list[tuple[int, int, list[Token]]]:
    """(begin, end, tokens) of each bunsetsu; punctuation and spaces separate them."""
    tokens = _tokens(text) if tokens is None else tokens
    result: list[tuple[int, int, list[Token]]] = []
    current: list[Token] = []
    for token in tokens:
        if token.pos[0] in ("補助記号", "空白") or not token.surface.strip():
            if current:
                result.append((current[0].begin, current[-1].end, current))
            current = []
            continue
        if current and _attaches(current[-1], token):
            current.append(token)
            continue
        if current:
            result.append((current[0].begin, current[-1].end, current))
        current = [token]
    if current:
        result.append((current[0].begin, current[-1].end, current))
    return result


def _conjugation(token: Token) -> str:
    return token.pos[5] if len(token.pos) > 5 else "*"


def _clean_end(token: Token) -> bool:
    """A token a quote can end on: not a stem that needs what follows."""
    if token.pos[0] in ("動詞", "形容詞", "助動詞"):
        form = _conjugation(token)
        return form.startswith(("終止形", "連体形")) or form == "*"
    if token.pos[0] == "助詞":
        return token.surface not in ("の",) or token.pos[1] != "準体助詞"
    return token.pos[0] not in ("接頭辞",)


def _is_spoken_negation(toks: list[Token]) -> bool:
    """Whether the last token is a spoken negation after a て-form (言ってねえ, 知ってねぇ, 見てねー:
    言っていない), which Sudachi reads as a sentence-final particle."""
    return (
        len(toks) > 1 and toks[-1].surface in ("ねえ", "ねぇ", "ねー", "ねェ")
        and toks[-2].surface in ("て", "で") and toks[-2].pos[0] in ("助詞", "助動詞")
    )


def _trim(toks: list[Token]) -> list[Token]:
    """Drop polite endings, sentence-final particles and clause connectives from the end, as
    long as what remains still ends cleanly (怒られたくないです -> 怒られたくない, but
    怒鳴られました stays whole and わかりません keeps its ん)."""
    toks = list(toks)
    best = toks
    while len(toks) > 1:
        last = toks[-1]
        removable = (
            (last.pos[0] == "助詞" and (last.pos[1] == "終助詞" or last.surface in _CLAUSE_PARTICLES or last.surface == "か"))
            or (last.pos[0] == "助詞" and last.pos[1] == "準体助詞" and last.surface in ("ん", "の"))
            or (last.pos[0] == "助動詞" and last.dictionary_form in _POLITE_TAIL)
            or (last.pos[0] == "助詞" and last.surface in ("って", "と", "を", "が", "に", "で", "へ", "は", "も"))
        )
        if not removable:
            break
        if last.surface == "ん" and len(toks) > 1 and toks[-2].surface == "ませ":
            break  # わかりませ|ん: the ん is the negation
        if _is_spoken_negation(toks):
            break  # 言って|ねえ (東北・関東: 言っていない), read by Sudachi as a final particle (R36-04)
        if last.surface == "も" and len(toks) > 1 and toks[-2].surface in ("か", "て", "で"):
            break  # 面白いかも, 言われても: the hedge or the concession is part of what they said
        toks = toks[:-1]
        if _clean_end(toks[-1]) and not (toks[-1].pos[0] == "助詞" and toks[-1].pos[1] == "準体助詞"):
            best = toks
    return best


def _is_predicate(toks: list[Token]) -> bool:
    if any(t.pos[0] in ("動詞", "形容詞") for t in toks):
        return True
    if any(t.pos[0] == "助動詞" and t.dictionary_form in ("だ", "です") and _clean_end(t) for t in toks):
        return True
    trimmed = _trim(toks)
    last = trimmed[-1]
    if toks[0].pos[0] == "形状詞" and toks[0].pos[1] != "助動詞語幹":
        return True  # 不安, 無駄な: a 形状詞 can be the point of a clause
    return last.pos[0] == "助動詞" and _clean_end(last) and not any(t.pos[1] == "助動詞語幹" for t in toks)


# Predicates that only frame what came before (気がします, と思います): the phrase ends before them.
_FORMAL_TAIL = re.compile(r"^(気が(し|する)|気もし|(と|って)?思(います|う|って)|感じ(が|です)|そう(です|だ)|んです|のです)")


def ends_on_boundary(text: str, end: int, begin: int = 0) -> bool:
    """Whether a quote of ``text`` ending at ``end`` ends on a phrase boundary: at a token
    boundary, not before a negation or another ending that changes its meaning, and not on a
    bare stem or prefix."""
    if end >= len(text.rstrip()):
        return True
    if not has_japanese(text):
        if end < len(text) and text[end - 1 : end].isalnum() and text[end].isalnum():
            return False
        return True
    tokens = _tokens(text)
    before = [t for t in tokens if t.end == end]
    after = [t for t in tokens if t.begin == end]
    if not before or not after and not any(t.begin > end for t in tokens):
        return bool(before) or end >= len(text)
    if not after:
        return False
    nxt = after[0]
    prev = before[0]
    if nxt.pos[0] == "補助記号" or not nxt.surface.strip():
        return True
    if nxt.pos[0] == "助動詞" and (nxt.dictionary_form in {"ない", "ず", "ぬ", "ん", "たい", "れる", "られる", "せる", "させる", "た", "ます"}):
        if not (nxt.dictionary_form == "ます" and _clean_end(prev)):
            return False
    if nxt.pos[0] == "形容詞" and nxt.dictionary_form == "ない":
        return False
    if prev.pos[0] == "名詞" and nxt.pos[0] == "動詞" and nxt.pos[1].startswith("非自立"):
        return False  # 否定|される, 電話|してみます: the noun is half of the verb
    if nxt.pos[0] == "形状詞" and nxt.pos[1] == "助動詞語幹":
        return False  # 不安|そう
    if nxt.surface in ("ん",) and prev.surface == "ませ":
        return False
    if _is_spoken_negation([prev, nxt]):
        return False  # 言って|ねえ: the ねえ is the negation
    if nxt.pos[0] == "接尾辞" or (nxt.pos[0] == "名詞" and prev.pos[0] == "名詞" and prev.end == nxt.begin):
        return False
    if prev.pos[0] == "接頭辞":
        return False
    if prev.pos[0] in ("動詞", "形容詞") and not _clean_end(prev):
        # a 連用形 may end a quote only where the person paused (、) — or before ます/です
        return nxt.pos[0] == "助動詞" and nxt.dictionary_form in ("ます", "です")
    if prev.pos[0] == "助動詞" and not _clean_end(prev):
        return False
    return True


def starts_on_boundary(text: str, begin: int) -> bool:
    """Whether a quote of ``text`` starting at ``begin`` starts a phrase: at a bunsetsu start,
    and not right after a word that depends on it in the same clause (腹が|立つ,
    否定されずに|聞いてほしい), which would change what the quote means."""
    if begin <= 0 or not has_japanese(text):
        return begin <= 0 or not text[begin - 1].isalnum()
    if not text[begin - 1].isalnum():
        return True  # after punctuation, a bullet, a space or a line break
    units = _units(text)
    before = [u for u in units if u[1] <= begin]
    if not any(u[0] == begin for u in units) or not before:
        return False
    if fold(text[before[-1][0] : before[-1][1]]) in _LEAD_WORDS:
        return True  # でも|電話するのが怖い
    last = before[-1][2][-1]
    if last.pos[0] == "助詞" and last.surface in ("が", "を", "に", "へ", "で", "と", "も", "は", "って", "の"):
        return False
    if last.pos[0] == "助動詞" and not _clean_end(last):
        return False  # されず|に, 聞か|ないで
    if last.pos[0] in ("動詞", "形容詞", "助動詞") and _clean_end(last):
        return False  # 言った|ところで: a verb before a noun modifies it
    return True


# ------------------------------------------------------------------------------------- phrases
_CONTRAST_JA = re.compile(r"(でも|けど|けれど|だけど|しかし|本当は|ほんとは|ほんとうは|実は|本音は|正直)")
_LEAD_DROP = frozenset({"接続詞", "感動詞"})
_LEAD_WORDS = frozenset(fold(w) for w in "でも だけど けど ただ それで だから あと あ うーん えっと まあ なんか 正直".split())


@within_scope
def _units(text: str) -> tuple[tuple[int, int, list[Token]], ...]:
    return tuple(bunsetsu(text))


def phrases(text: str) -> list[Phrase]:
    """The reflectable phrases of ``text``, in order, each a clause tail ending on its predicate."""
    return list(_phrases(text))


@within_scope
def _phrases(text: str) -> tuple[Phrase, ...]:
    if not text or not text.strip():
        return ()
    return tuple(_find_phrases(text))


def _find_phrases(text: str) -> list[Phrase]:
    if not has_japanese(text):
        return _english_phrases(text)
    units = list(_units(text))
    result: list[Phrase] = []
    clause: list[tuple[int, int, list[Token]]] = []
    contrast_next = False

    def flush(clause_units, contrast):
        if not clause_units:
            return
        # drop leading conjunctions and fillers
        while clause_units and (
            clause_units[0][2][0].pos[0] in _LEAD_DROP or fold(text[clause_units[0][0] : clause_units[0][1]]) in _LEAD_WORDS
        ):
            clause_units = clause_units[1:]
        if not clause_units:
            return
        # the predicate is the last unit with a verb/adjective/copula; take up to 3 units before it
        last = len(clause_units) - 1
        if not _is_predicate(clause_units[last][2]):
            return "carry"  # a topic before 、 (メンター制度には、…): it belongs to what follows
        if re.search(r"(ずに|ないで|ないように|ように)$", text[clause_units[0][0] : clause_units[last][1]]):
            return "carry"  # 申し訳ないと思わずに、帰省できるようになりたい: one thought
        if last > 0 and _FORMAL_TAIL.match(text[clause_units[last][0] : clause_units[last][1]]):
            cand = last - 1
            if cand > 0 and text[clause_units[cand][0] : clause_units[cand][1]] in ("気が", "気も"):
                cand -= 1
            if (
                cand >= 0
                and any(t.pos[0] in ("動詞", "形容詞", "形状詞") for t in clause_units[cand][2])
                and ends_on_boundary(text, clause_units[cand][1])
            ):
                last = cand
        toks = []
        for start in range(max(0, last - 5), last + 1):
            if start > 0 and start != last:
                before = clause_units[start - 1][2][-1]
                head = clause_units[start][2][0]
                if (before.surface == "の" and before.pos[1] == "格助詞") or before.pos[0] in ("連体詞", "接頭辞"):
                    continue  # do not cut a noun from its modifier (残業の|件は)
                if before.pos[0] in ("動詞", "助動詞", "形容詞") and head.pos[0] in ("名詞", "代名詞"):
                    continue  # 言った|ところで: a verb before a noun modifies it
            cand = _trim([t for u in clause_units[start : last + 1] for t in u[2]])
            while len(cand) > 1 and fold(cand[0].surface) in _LEAD_WORDS:
                cand = cand[1:]
            if cand[0].pos[0] == "助詞" or cand[0].dictionary_form in ("いう", "こと", "の"):
                continue
            if start > 0 and cand[0].begin == clause_units[start][0] and not starts_on_boundary(text, cand[0].begin):
                continue
            if _DANGER.search(text[cand[0].begin : cand[-1].end]) and start < last:
                continue  # 死ぬほど忙しくて頭の中がぐちゃぐちゃ: leave the idiom out
            toks = cand
            if len(text[toks[0].begin : toks[-1].end]) <= 28:
                break
        if not toks:
            return
        begin, end = toks[0].begin, toks[-1].end
        for opening, closing in (("『", "』"), ("「", "」"), ("（", "）"), ("(", ")")):
            if text[begin:end].count(closing) > text[begin:end].count(opening):
                if begin > 0 and text[begin - 1] == opening:
                    begin -= 1
                else:
                    return
            if text[begin:end].count(opening) > text[begin:end].count(closing):
                return
        piece = text[begin:end]
        hedge_tail = _TRAILING_HEDGE_JA.search(piece)
        if hedge_tail and hedge_tail.start() > 2 and ends_on_boundary(text, begin + hedge_tail.start(), begin):
            end = begin + hedge_tail.start()
            piece = text[begin:end]
        if re.search(r"(?:ない|なきゃ|なくちゃ|なけりゃ)$", piece) and re.match(r"と(?:[。、．，!！…\s]|っ(?!て言)|ね|な(?!い)|$)", text[end : end + 3]):
            # 「私がしっかりしないと」: must, not the opposite 「しっかりしない」
            end += 1
            piece = text[begin:end]
        if not piece.strip() or not ends_on_boundary(text, end) or not starts_on_boundary(text, begin):
            return
        result.append(_classify(text, piece, begin, end, clause_units, contrast))

    sent_ends = {e for _, e in sentences(text)}
    prev_end = 0
    for unit in units:
        b, e, toks = unit
        gap = text[prev_end:b]
        sentence_break = re.search(r"[。．！？!?\n『「(（…]", gap) or any(s <= b and s > prev_end for s in sent_ends)
        if clause and (sentence_break or re.search(r"[、,]", gap)):
            if flush(clause, contrast_next) == "carry" and not sentence_break:
                clause.append(unit)
                prev_end = e
                continue
            contrast_next = False
            clause = []
        if not clause and _CONTRAST_JA.match(text[b:e]):
            contrast_next = True
        clause.append(unit)
        prev_end = e
        last = toks[-1]
        if last.pos[:2] == ("助詞", "接続助詞") and last.surface in _CLAUSE_PARTICLES:
            flush(clause, contrast_next)
            contrast_next = last.surface in ("けど", "けれど", "けれども", "が", "のに")
            clause = []
    flush(clause, contrast_next)
    return result


def _classify(text, piece, begin, end, clause_units, contrast) -> Phrase:
    clause_text = text[clause_units[0][0] : clause_units[-1][1]]
    # Another person as the subject: 同僚は不安で / 同僚が不安そう. With a plain が the person is
    # usually the object of the writer's feeling (今のチームが好き, 部長が怖い), so it takes an
    # evidential ending (そう, らしい, みたい, がって) to make the feeling someone else's.
    topic_other = subject_other = False
    for _, _, toks in clause_units:
        particles = [t.surface for t in toks[1:] if t.pos[0] == "助詞"]
        if toks[0].pos[0] in ("名詞", "代名詞") and any(p in ("が", "は", "も") for p in particles):
            head = [t for t in toks if t.pos[0] in ("名詞", "代名詞", "接尾辞")]
            if any(fold(t.dictionary_form) in _OTHERS or t.is_person_name or t.surface in ("さん", "くん", "ちゃん") for t in head):
                subject_other = True
                topic_other = topic_other or any(p in ("は", "も") for p in particles)
    feeling = bool(_FEELING_HINT.search(piece))
    evidential = bool(_OTHER_FEELING_TAIL.search(text[end : end + 6] + piece[-4:])) and "たい" not in piece
    others = topic_other or (subject_other and evidential) or (feeling and evidential)
    inside = [t for _, _, toks in clause_units for t in toks if begin <= t.begin and t.end <= end]
    final = next((toks for b, e, toks in reversed(clause_units) if b < end), [])
    # a wish is the predicate's (話したい), not a modifier's (やりたいことと言われても)
    wish = any(
        ((t.pos[0] == "助動詞" and t.dictionary_form == "たい") or t.dictionary_form in ("ほしい", "欲しい"))
        and t.end <= end
        for t in final
    ) or bool(_WISH_JA.search(piece))
    negation = any(
        (t.pos[0] == "助動詞" and t.dictionary_form in ("ない", "ず", "ぬ", "ん")) or (t.pos[0] == "形容詞" and t.dictionary_form == "ない")
        for t in inside
    )
    kind = "wish" if wish and not others else "feeling" if feeling and not others else "negation" if negation else "plain"
    score = 1.0
    score += 3.0 if kind == "feeling" else 2.5 if kind == "wish" else 1.0 if kind == "negation" else 0.0
    score += 1.5 if contrast or re.search(r"本当は|ほんとは|本音", clause_text) else 0.0
    length = len(piece)
    score -= 1.5 if length < 3 else 0.0
    if re.search(r"(ば|たら|ので|から|けど|のに|ながら)$", piece):
        score -= 1.5  # a condition or a reason: the point is in what follows
    elif re.search(r"(て|で)$", piece):
        score -= 0.5  # 噂が出て: a step in a story, not its point
    elif re.search(r"(?<!せ)ず$", piece):
        score -= 1.5  # 原因が分からず、…通って条件を振った: the circumstance, not what they did
    if re.match(r"\s*[。．！？!?…\n]|\s*$", text[end : end + 8]) or re.match(r"^(?:です|ます|んです|のです|よ|ね)+[。．！？!?…]?", text[end : end + 8]):
        score += 0.5  # what a sentence comes to
    score -= 1.0 if length > 24 else 0.0
    if others:
        score -= 1.0
    if re.fullmatch(r"[\s\W]*(思います|思う|思って|気がします|感じです|そうです|あります|います|します|なります)[\s\W]*", piece):
        score -= 3.0
    if _HEDGE_JA.search(piece):
        score -= 3.0
    if re.search(r"(?:っていうか|というか|ていうか|って言うか|と言うか)$", piece) or (re.search(r"(?:ってい|とい|て言|と言)う$", piece) and text[end : end + 1] == "か"):
        score -= 5.0  # 「焦るっていうか、置いてかれとる感じ」: the word being rephrased is not the point
    if _DANGER.search(piece):
        score = -99.0
    return Phrase(piece, begin, end, kind, contrast, others, score)


# --------------------------------------------------------------------------------- English
_EN_SPLIT = re.compile(
    r"(?<!\d),|,(?!\d)|[;:()\u2014]|\s-\s|\b(?:but|because|and then|so that|so(?! far\b| much\b| many\b| long\b)|although|though|and I|and I'm|and I've|or)\b",
    re.IGNORECASE,
)
_EN_LEAD = re.compile(
    r"^(?:(?:and|but|so(?! far\b| much\b| many\b| long\b)|also|well|honestly|actually|really|just|i guess|i think|i mean|to be honest|um|uh|oh|okay|ok|yeah|yes|no|then|still)\b[\s,]*)+",
    re.IGNORECASE,
)
_EN_FUNCTION_END = re.compile(r"\b(?:whether|if|to|the|a|an|of|about|for|with|and|or|ask|that|my|your|is|are|was|be)$", re.IGNORECASE)
_EN_FEELING = re.compile(
    r"\b(?:feel\w*|anxious|worried|nervous|stressed|tired|exhausted|happy|glad|sad|upset|angry|frustrat\w*|overwhelm\w*|stuck|"
    r"excited|scared|afraid|lonely|lost|hurt|confused|guilty|ashamed|embarrass\w*|proud|grateful|relieved|disappoint\w*|bored|"
    r"burn\w* out|hopeless|helpless|annoyed|uneasy|uncertain|insecure|drained|fed up|torn|dread\w*|miss\w*|"
    r"stupid|useless|invisible|ignored|unappreciated|undervalued|envious|jealous|resentful|humiliat\w*|demorali[sz]ed|discouraged|"
    r"unmotivated|restless|numb|miserable)\b",
    re.IGNORECASE,
)
_EN_WISH = re.compile(r"\b(?:want|wish|hope|would like|i'd like|need|love to|rather)\b", re.IGNORECASE)
_EN_NEG = re.compile(r"\b(?:not|no|never|don't|doesn't|didn't|can't|cannot|won't|isn't|aren't|wasn't|haven't|without|barely)\b|n't\b", re.IGNORECASE)


def _english_phrases(text: str) -> list[Phrase]:
    result: list[Phrase] = []
    for sb, se in sentences(text):
        sentence = text[sb:se]
        whole = sentence.strip().rstrip(" .!?\"')")
        if 2 <= len(whole.split()) <= 5 and _EN_FEELING.search(whole) and not _OTHERS_EN.match(whole) and "," in whole or (
            2 <= len(whole.split()) <= 3 and _EN_FEELING.search(whole) and not _OTHERS_EN.match(whole)
        ):
            # "Angry, mostly." "And tired.": a short sentence naming a feeling is quoted whole,
            # never cut down to one word
            begin = sb + sentence.index(whole[0])
            score = 4.5 - (3.0 if _HEDGE_EN.search(whole) else 0.0)
            # "Not angry. Frustrated.": a feeling denied is not the one they name
            score -= 3.5 if _EN_NEG.search(whole) else 0.0
            result.append(Phrase(whole, begin, begin + len(whole), "feeling", False, False, score))
            continue
        cut_points = [0] + [m.start() for m in _EN_SPLIT.finditer(sentence)] + [len(sentence)]
        contrast = False
        for i in range(len(cut_points) - 1):
            a, b = cut_points[i], cut_points[i + 1]
            part = sentence[a:b]
            m_conj = re.match(r"[,;:()\u2014\s-]*(but|although|though)\b", part, re.IGNORECASE)
            if m_conj:
                contrast = True
            # strip separators, conjunctions and fillers at the start
            m = re.match(r"[,;:()\u2014\s-]*(?:(?:but|because|and then|so that|so(?! far\b| much\b| many\b| long\b)|although|though|while|which|since|or|and)\b)?\s*", part, re.IGNORECASE)
            lead = m.end() if m else 0
            m2 = _EN_LEAD.match(part[lead:])
            if m2:
                lead += m2.end()
            piece = part[lead:].rstrip(" .!?\"')")
            piece_begin = sb + a + lead
            words = piece.split()
            if len(words) < 2:
                contrast = contrast or bool(m_conj)
                continue
            if len(words) > 16:
                # keep the head of the clause (who does what), cut before a preposition
                cut = None
                for k in range(min(len(words), 16) - 1, 4, -1):
                    if re.fullmatch(r"(?i)by|in|on|at|for|with|to|of|from|about|after|before|when|since|while|which|who|that", words[k]):
                        cut = k
                        break
                if cut is None:
                    continue
                piece = " ".join(words[:cut])
            if len(piece.split()) < 2:
                continue
            end = piece_begin + len(piece)
            feeling = bool(_EN_FEELING.search(piece)) and (
                bool(re.search(r"\b(?:i|i'm|i've|i'd|me|myself)\b", piece, re.IGNORECASE))
                or bool(_EN_FEELING.match(re.sub(r"^(?:(?:a (?:bit|little)|very|so|really|kind of|kinda|pretty|quite|mostly|just|also|feeling)\s+)+", "", piece, flags=re.IGNORECASE)))
            )
            others = bool(_OTHERS_EN.match(piece)) and not re.match(r"(?i)i\b", piece)
            wish = bool(_EN_WISH.search(piece))
            neg = bool(_EN_NEG.search(piece))
            kind = "feeling" if feeling and not others else "wish" if wish and not others else "negation" if neg else "plain"
            score = 1.0 + (3.0 if kind == "feeling" else 2.5 if kind == "wish" else 1.0 if kind == "negation" else 0.0)
            score += 1.5 if contrast else 0.0
            score -= 1.0 if len(piece.split()) > 14 else 0.0
            score += 0.5 if re.match(r"(?i)(?:i|i'm|i've|i'd|i'll|my|we|we're)\b", piece) else 0.0
            score += 0.5 if re.match(r"\s*(?:[.!?]|$)", text[end : end + 3]) else 0.0
            score -= 1.0 if others else 0.0
            score -= 3.0 if _HEDGE_EN.search(piece) else 0.0
            # "Not money." "Not title.": what it is not, with no verb, beside what it is
            score -= 2.5 if re.fullmatch(r"(?i)(?:not|no)\s+(?:the\s+|a\s+|my\s+)?(?!fav|favou?rite|fan\b|thing\b|cup of tea)[\w'-]+", piece.strip()) else 0.0
            if _DANGER.search(piece):
                score = -99.0
            result.append(Phrase(piece, piece_begin, end, kind, contrast, others, score))
            contrast = False
    return result


def salient(text: str, limit: int = 1, *, minimum: float = 0.5) -> list[Phrase]:
    """The ``limit`` most salient phrases of ``text``, in the order written; later phrases win
    ties (in Japanese the point often comes last).  Phrases below ``minimum`` are not offered:
    when nothing stands out, the caller says something plain instead of echoing nouns."""
    found = [p for p in phrases(text) if p.score >= minimum]
    ranked = sorted(enumerate(found), key=lambda ip: (-ip[1].score, -ip[0]))
    chosen: list[Phrase] = []
    for _, p in ranked:
        if any(p.begin < c.end and c.begin < p.end for c in chosen):
            continue
        chosen.append(p)
        if len(chosen) == limit:
            break
    return sorted(chosen, key=lambda p: p.begin)
