"""Japanese tokens, the person's own key words, and reflection cues.

The guide engine (no language model) reflects the person's own words back and notices cues
such as わからない / でも / 本当は.  It cannot understand freely, so the words it picks must be
the ones the person actually wrote, in the shape they wrote them (辞めたい, not 辞める).

Tokenising uses SudachiPy with the core dictionary that ships in its wheel (no download at run
time).  Split mode C keeps registered compounds together (人事評価制度, 営業部); mode A is used
only to look inside a compound for feeling words (不安感 -> 不安).

Thread safety: a SudachiPy ``Tokenizer`` raises if two threads use it at once, while the
``Dictionary`` (about 70 MB) can be shared.  So the dictionary is loaded once under a lock and
each thread lazily gets its own small tokenizer.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from jatext.normalize import fold, has_japanese

if TYPE_CHECKING:  # pragma: no cover - typing only
    from sudachipy import Dictionary, Morpheme, Tokenizer

__all__ = ["Token", "cues", "keywords", "tokenize", "warm_up"]

# SudachiPy refuses input above 49,149 UTF-8 bytes.  12,000 characters is at most 48,000 bytes
# even if every character needed four bytes.
_MAX_CHUNK_CHARS = 12_000

_dictionary_lock = threading.Lock()
_dictionary: Dictionary | None = None
_thread_state = threading.local()


@dataclass(frozen=True, slots=True)
class Token:
    """One morpheme as Sudachi saw it (split mode C).

    ``begin``/``end`` are character offsets into the text given to :func:`tokenize`, so callers
    (PII redaction) can cut exact spans.  ``is_oov`` marks words the dictionary did not know,
    which matters when guessing whether an unknown word before さん is a name.
    """

    surface: str
    dictionary_form: str
    pos: tuple[str, ...]
    is_person_name: bool
    begin: int = 0
    end: int = 0
    is_oov: bool = False


def _load_dictionary() -> Dictionary:
    """Load the shared Sudachi dictionary once; later calls return the same object."""
    global _dictionary
    if _dictionary is None:
        with _dictionary_lock:
            if _dictionary is None:
                from sudachipy import Dictionary

                _dictionary = Dictionary(dict="core")
    return _dictionary


def _tokenizer() -> Tokenizer:
    """Return this thread's tokenizer, creating it on first use in the thread."""
    tokenizer: Tokenizer | None = getattr(_thread_state, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import SplitMode

        tokenizer = _load_dictionary().tokenizer(mode=SplitMode.C)
        _thread_state.tokenizer = tokenizer
    return tokenizer


@functools.lru_cache(maxsize=50_000)
def lexicon_entries(surface: str) -> frozenset[tuple[str, ...]]:
    """Every part of speech (first four fields) the dictionary lists for ``surface``: whether a
    word can be a surname (大橋: 人名 and 普通名詞) or only an ordinary word (常連)."""
    try:
        entries = _load_dictionary().lookup(surface)
    except Exception:  # an older SudachiPy without lookup: say nothing is known
        return frozenset()
    return frozenset(tuple(m.part_of_speech()[:4]) for m in entries)


def can_be_person_name(surface: str) -> bool:
    return any(pos[1] == "固有名詞" and pos[2] == "人名" for pos in lexicon_entries(surface))


def warm_up() -> None:
    """Load the dictionary and this thread's tokenizer now rather than on the first request.

    Loading takes a few hundred milliseconds; an app can call this at start-up.
    """
    _tokenizer().tokenize("準備")


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Cut long text into pieces Sudachi accepts, preferring line and sentence ends.

    Yields ``(offset, piece)`` so morpheme offsets can be moved back into the full text.
    """
    start = 0
    length = len(text)
    while length - start > _MAX_CHUNK_CHARS:
        limit = start + _MAX_CHUNK_CHARS
        cut = max(text.rfind("\n", start, limit), text.rfind("。", start, limit))
        cut = limit if cut <= start else cut + 1
        yield start, text[start:cut]
        start = cut
    if start < length:
        yield start, text[start:]


def _morphemes(text: str) -> Iterator[tuple[int, Morpheme]]:
    """Yield ``(offset, morpheme)`` for the text in split mode C, chunking long input."""
    tokenizer = _tokenizer()
    for offset, piece in _chunks(text):
        for morpheme in tokenizer.tokenize(piece):
            yield offset, morpheme


def _is_person_name(pos: tuple[str, ...]) -> bool:
    return len(pos) > 2 and pos[1] == "固有名詞" and pos[2] == "人名"


def tokenize(text: str) -> list[Token]:
    """Split text into Sudachi morphemes (split mode C), with offsets into ``text``.

    Latin-script text is handled by Sudachi too (one token per word), so English names such as
    "John" still carry the 人名 tag the PII redactor relies on.
    """
    tokens: list[Token] = []
    for offset, morpheme in _morphemes(text):
        pos = tuple(morpheme.part_of_speech())
        tokens.append(
            Token(
                surface=morpheme.surface(),
                dictionary_form=morpheme.dictionary_form(),
                pos=pos,
                is_person_name=_is_person_name(pos),
                begin=offset + morpheme.begin(),
                end=offset + morpheme.end(),
                is_oov=morpheme.is_oov(),
            )
        )
    return tokens


# ----------------------------------------------------------------------------------- lexicons
# Feeling words, as dictionary forms.  Compared after fold(), so katakana/hiragana spellings and
# kanji/kana variants listed here all match (つらい / 辛い, モヤモヤ / もやもや).
_FEELING_WORDS_SOURCE = """
不安 心配 焦り 焦る 焦燥 モヤモヤ イライラ ワクワク ドキドキ ソワソワ ムカムカ ヘトヘト クタクタ
つらい 辛い しんどい 苦しい 悲しい 寂しい 淋しい さみしい 悔しい 怖い 恐い 不安感 嬉しい うれしい 楽しい
面白い 怒り 腹立つ むかつく 落ち込む 憂鬱 憂うつ 緊張 安心 満足 不満 後悔 虚しい むなしい 情けない
恥ずかしい 孤独 孤立 退屈 幸せ 充実 やりがい 迷い 戸惑い 戸惑う 罪悪感 劣等感 嫉妬 絶望 無力感 達成感
誇り 感謝 億劫 面倒 めんどくさい 面倒くさい 嫌 好き 大好き ほっと 残念 疲れる 疲れ 疲労 痛い 重い
困る 悩む 悩み 迷う 怒る 泣く 喜ぶ 喜び 驚く 戸惑い 申し訳ない ありがたい 安堵 ストレス 葛藤 怒り
モチベーション やる気 気がかり 不信 不信感 疎外感 閉塞感 焦燥感 徒労感 空しい 気まずい 心細い もどかしい
羨ましい うらやましい 妬ましい 惨め みじめ 切ない 息苦しい 物足りない 不甲斐ない ふがいない 凹む へこむ
傷つく 傷付く 苛立つ ショック 誇らしい 照れくさい 落ち着かない 居心地 気が重い 憤り 憤る 心苦しい
"""
_FEELING_WORDS: frozenset[str] = frozenset(fold(word) for word in _FEELING_WORDS_SOURCE.split())

_ENGLISH_FEELING_WORDS: frozenset[str] = frozenset(
    """
    anxious anxiety worried worry worries nervous stressed stress tired exhausted happy glad sad upset
    angry frustrated frustrating overwhelmed stuck excited scared afraid lonely lost hurt confused
    guilty ashamed embarrassed proud grateful thankful relieved disappointed bored burned burnt
    hopeless helpless jealous annoyed irritated calm content satisfied fulfilled motivated drained
    uneasy uncertain insecure hopeful curious torn
    stupid useless invisible ignored unappreciated undervalued envious resentful humiliated
    demoralised demoralized discouraged unmotivated restless numb empty sad miserable
    """.split()
)

# Nouns that carry no meaning on their own (形式名詞, pronoun-like words, vague time words).
_STOP_NOUNS: frozenset[str] = frozenset(
    fold(word)
    for word in """
    こと 事 もの 物 ところ 所 とき 時 よう 様 感じ 方 ほう 自分 私 僕 俺 わたし あたし うち
    今日 今 最近 みたい ため 為 わけ 訳 はず つもり 何 なに これ それ あれ ここ そこ どこ 誰 人
    気 的 等 など 中 上 下 前 後 間 際 場合 点 部分 他 ほか 以上 以下 皆 みんな 皆さん 感 さ 頃 ごろ
    毎日 今回 前回 次回 今後 全部 全て すべて 一つ 一人 二人 本当 ほんと 実 正直 本音 明日 昨日 今週 今月
    先週 先月 来週 来月 今年 去年 来年 とか 話 もう まだ 何か 何も 一緒 普通 大丈夫 いつ そう
    """.split()
)

# Verbs too generic to reflect back (する, いる, 思う ...), compared by dictionary form.
_STOP_VERBS: frozenset[str] = frozenset(
    fold(word)
    for word in """
    する いる ある なる できる 出来る 思う 言う いう やる 行く いく 来る くる 見る みる 分かる わかる
    おる しまう もらう くれる あげる 頂く いただく 下さる くださる 致す いたす 申す 存じる 考える
    感じる 知る 聞く 話す 持つ おく 置く 使う 入る 出る ござる 伺う 参る
    """.split()
)

# Adjectives and 形状詞 too generic to reflect back.
_STOP_ADJECTIVES: frozenset[str] = frozenset(
    fold(word)
    for word in """
    いい 良い よい ない 無い 多い 少ない 大きい 小さい すごい 凄い 早い 遅い 近い 遠い 新しい 古い
    高い 低い 長い 短い そう よう みたい 同じ 色々 いろいろ 様々 確か 大丈夫 特別 簡単 必要 大切
    大事 本当 ほんと 普通 結構 全然 ちょっと 一番 なし
    """.split()
)

# Auxiliaries that belong to the word as written: 辞め+たい, 怒鳴ら+れ+た, わから+ない.
# です/ます/だ/う/よう are left out so the reflected word stays plain (辞めたいです -> 辞めたい).
_CHAIN_AUXILIARIES: frozenset[str] = frozenset(
    {"たい", "ない", "ぬ", "ん", "ず", "れる", "られる", "せる", "させる", "た"}
)
# Helpers after て that still belong to the verb as written: 迷って+いる, 聞いて+ほしい.
_AFTER_TE: frozenset[str] = frozenset({"いる", "しまう", "おく", "くる", "いく", "みる", "ほしい", "ちゃう"})

_ENGLISH_STOP_WORDS: frozenset[str] = frozenset(
    """
    a an the and or but if then so because as of at by for with about against between into through
    during before after above below to from up down in out on off over under again further once here
    there when where why how all any both each few more most other some such no nor not only own same
    than too very can will just don should now i me my myself we our ours ourselves you your yours
    yourself he him his himself she her hers herself it its itself they them their theirs what which
    who whom this that these those am is are was were be been being have has had having do does did
    doing would could might must shall may also really still even ever much many lot lots thing things
    something anything nothing everything get got getting go going gone make made want wanted feel
    feeling felt think thought know knew like just im ive dont didnt cant wont isnt arent wasnt its
    i'm i've don't didn't can't won't isn't aren't wasn't it's that's there's what's let's i'd i'll
    today yesterday tomorrow week day days time times way ways kind sort bit little maybe yes yeah ok
    okay well though although however actually honestly one two three every always never sometimes
    """.split()
)

_ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")

# ------------------------------------------------------------------------------------ cue rules
# Compared against fold(text): lower case, hiragana.  Japanese has no word boundaries, so the
# clause-start condition for でも/ただ is spelled out instead of relying on \b.
_CLAUSE_START = r"(?:^|[。、,.!?！？\n「」『』()（）\s…])"
_UNSURE = re.compile(
    r"わからな|分からな|判らな|解らな|わかんな|迷っ|迷う|迷い|迷わ|どうしたら|どうすれば|どうしよう"
    r"|決められな|決めきれな|決めかね"
    r"|(?<![a-z])(?:i\s+don'?t\s+know|not\s+sure|unsure|confused|torn\s+between|what\s+should\s+i\s+do)(?![a-z])"
)
_BUT = re.compile(
    _CLAUSE_START + r"(?:でも|ただ[、,]|ただし|とはいえ|しかし|けれど|だけど)"
    r"|けど|けれど|(?:です|ます|でした|ました|だった|た)が[、,]"
    r"|(?<![a-z])(?:but|however|though|although|on\s+the\s+other\s+hand)(?![a-z])"
)
_REALLY = re.compile(
    r"本当は|ほんとは|ほんとうは|実は|本音(?:は|を言うと|では|を言えば)|本心(?:は|では)|正直(?:に言うと|なところ|[、,]|言って)"
    r"|(?<![a-z])(?:actually|honestly|to\s+be\s+honest|truth\s+is|deep\s+down|in\s+fact|secretly)(?![a-z])"
)


def cues(text: str) -> set[str]:
    """Detect reflection cues: "unsure", "but", "really" and "feeling".

    The guide uses them to choose its next gentle question (a "but" invites the other side, a
    "really" invites the wish behind it).  Rules, not a model, so each cue can be explained.
    """
    folded = fold(text)
    found: set[str] = set()
    if _UNSURE.search(folded):
        found.add("unsure")
    if _BUT.search(folded):
        found.add("but")
    if _REALLY.search(folded):
        found.add("really")
    if _has_feeling_word(text, folded):
        found.add("feeling")
    return found


def _has_feeling_word(text: str, folded: str) -> bool:
    if not has_japanese(text):
        return any(word in _ENGLISH_FEELING_WORDS for word in re.findall(r"[a-z]+", folded))
    from sudachipy import SplitMode

    for _, morpheme in _morphemes(text):
        if fold(morpheme.dictionary_form()) in _FEELING_WORDS:
            return True
        if len(morpheme.surface()) >= 3 and morpheme.part_of_speech()[0] == "名詞":
            # 不安感, 将来不安: look inside the compound with the finer split.
            for part in morpheme.split(SplitMode.A, add_single=False):
                if fold(part.dictionary_form()) in _FEELING_WORDS:
                    return True
    # Latin feeling words inside Japanese text ("stressed" in a mixed sentence).
    return any(word in _ENGLISH_FEELING_WORDS for word in re.findall(r"[a-z]+", folded))


# ------------------------------------------------------------------------------------ keywords
@dataclass(slots=True)
class _Candidate:
    """A key-word candidate while ranking: where it first appears and how strong it is."""

    text: str
    key: str
    position: int
    count: int
    feeling: bool
    parts: int


def keywords(text: str, limit: int = 5) -> list[str]:
    """Return up to ``limit`` of the person's own key words, in order of appearance.

    Candidates are nouns and compound nouns (営業部の佐藤課長 -> 佐藤課長), verbs and adjectives
    in the written shape including their auxiliaries (辞めたい, つらかった, 迷っている), and
    feeling words (不安, モヤモヤ).  Stop words and function words are skipped and repeats are
    merged.  When there are more candidates than ``limit``, feeling words, repeated words and
    compounds win; the winners are then returned in the order the person wrote them, because a
    reflection reads naturally in that order.
    """
    if limit <= 0 or not text.strip():
        return []
    candidates = _english_candidates(text) if not has_japanese(text) else _japanese_candidates(text)
    return _select(candidates, limit)


def _select(candidates: list[_Candidate], limit: int) -> list[str]:
    def strength(candidate: _Candidate) -> tuple[float, int]:
        score = (
            1.0
            + (candidate.count - 1)
            + (1.5 if candidate.feeling else 0.0)
            + (0.5 if candidate.parts > 1 else 0.0)
        )
        return (-score, candidate.position)

    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=strength):
        if any(candidate.key in other.key or other.key in candidate.key for other in chosen):
            continue  # 課長 after 佐藤課長, 不安 after 将来不安: one is enough.
        chosen.append(candidate)
        if len(chosen) == limit:
            break
    chosen.sort(key=lambda candidate: candidate.position)
    return [candidate.text for candidate in chosen]


def _add_candidate(found: dict[str, _Candidate], text: str, position: int, feeling: bool, parts: int) -> None:
    key = fold(text)
    existing = found.get(key)
    if existing is None:
        found[key] = _Candidate(text=text, key=key, position=position, count=1, feeling=feeling, parts=parts)
    else:
        existing.count += 1


def _english_candidates(text: str) -> list[_Candidate]:
    found: dict[str, _Candidate] = {}
    for match in _ENGLISH_WORD.finditer(text):
        word = match.group().strip("'’-")
        lower = word.lower().replace("’", "'")
        if len(lower) < 3 or lower in _ENGLISH_STOP_WORDS:
            continue
        _add_candidate(found, word, match.start(), lower in _ENGLISH_FEELING_WORDS, 1)
    return list(found.values())


def _is_noun_like(pos: tuple[str, ...]) -> bool:
    """Nouns that can be part of a compound: not numbers (3年目 and 2時間 are not topics)."""
    return pos[0] == "名詞" and pos[1] != "数詞"


def _is_latin(surface: str) -> bool:
    return surface.isascii() and surface.isalpha()


def _compound_part(tokens: list[Token], index: int) -> bool:
    """Whether the token can sit inside a compound noun.

    Digits count only when glued to Latin letters, so "1on1" stays one word instead of
    becoming a stray "on".
    """
    token = tokens[index]
    if _is_noun_like(token.pos):
        return True
    if token.pos[:2] == ("名詞", "数詞") and token.surface.isascii() and token.surface.isdigit():
        before = tokens[index - 1] if index > 0 else None
        after = tokens[index + 1] if index + 1 < len(tokens) else None
        return (before is not None and before.end == token.begin and _is_latin(before.surface)) or (
            after is not None and after.begin == token.end and _is_latin(after.surface)
        )
    return False


def _japanese_candidates(text: str) -> list[_Candidate]:
    tokens = tokenize(text)
    found: dict[str, _Candidate] = {}
    index = 0
    count = len(tokens)
    while index < count:
        token = tokens[index]
        head = token.pos[0]
        folded_form = fold(token.dictionary_form)

        if _compound_part(tokens, index) or (
            head == "接頭辞" and index + 1 < count and _is_noun_like(tokens[index + 1].pos)
        ):
            end = index + 1
            while end < count and (
                _compound_part(tokens, end)
                or (tokens[end].pos[0] == "接尾辞" and tokens[end].pos[1] == "名詞的")
            ):
                end += 1
            run = tokens[index:end]
            noun_text = text[run[0].begin : run[-1].end]
            phrase = noun_text
            # サ変 nouns followed by する keep the person's phrasing: 転職したい, イライラする.
            if end < count and tokens[end].pos[0] == "動詞" and tokens[end].dictionary_form == "する":
                chain_end = _chain_end(tokens, end)
                if chain_end is not None:
                    phrase = text[run[0].begin : tokens[chain_end - 1].end]
                    end = chain_end
            _consider_noun(found, run, noun_text, phrase)
            index = end
            continue

        if head in ("動詞", "形容詞") and token.pos[1] != "非自立可能":
            chain_end = _chain_end(tokens, index)
            stop = _STOP_VERBS if head == "動詞" else _STOP_ADJECTIVES
            if folded_form not in stop:
                if chain_end is None:
                    written = token.dictionary_form  # 辞め(ます) -> 辞める: a stem alone reads oddly.
                    chain_end = index + 1
                else:
                    written = text[token.begin : tokens[chain_end - 1].end]
                _add_candidate(found, written, token.begin, folded_form in _FEELING_WORDS, 1)
            index = chain_end if chain_end is not None else index + 1
            continue

        if head == "形状詞" and folded_form not in _STOP_ADJECTIVES:
            _add_candidate(found, token.surface, token.begin, folded_form in _FEELING_WORDS, 1)
        elif folded_form in _FEELING_WORDS:  # モヤモヤ, ワクワク are tagged 副詞
            _add_candidate(found, token.surface, token.begin, True, 1)
        index += 1
    return list(found.values())


def _consider_noun(found: dict[str, _Candidate], run: list[Token], noun_text: str, phrase: str) -> None:
    if len(run) == 1:
        only = run[0]
        folded = fold(only.dictionary_form)
        if folded in _STOP_NOUNS or (len(only.surface) == 1 and folded not in _FEELING_WORDS):
            return
        if only.pos[1] == "普通名詞" and only.pos[2] == "副詞可能" and folded not in _FEELING_WORDS:
            return  # 毎晩, 最近, 将来 on their own are time words, not topics.
    elif all(fold(token.dictionary_form) in _STOP_NOUNS or token.pos[0] != "名詞" for token in run):
        return
    if noun_text.isdigit():
        return
    feeling = any(fold(token.dictionary_form) in _FEELING_WORDS for token in run)
    _add_candidate(found, phrase, run[0].begin, feeling, len(run))


def _chain_end(tokens: list[Token], start: int) -> int | None:
    """Extend a verb/adjective at ``start`` over its auxiliaries as written.

    Returns the index after the last token of the written word, or ``None`` when the word as
    written would end on a bare stem (辞め|ます, 転職し|よう) that reads oddly when reflected.
    """
    end = start + 1
    count = len(tokens)
    while end < count:
        token = tokens[end]
        if token.pos[0] == "助動詞" and token.dictionary_form in _CHAIN_AUXILIARIES:
            end += 1
        elif (
            token.pos[0] == "形容詞" and token.dictionary_form == "ない" and token.pos[1] == "非自立可能"
        ):  # 楽しく+ない
            end += 1
        elif (
            token.pos[:2] == ("助詞", "接続助詞")
            and token.surface in ("て", "で")
            and end + 1 < count
            and tokens[end + 1].dictionary_form in _AFTER_TE
            and tokens[end + 1].pos[0] in ("動詞", "形容詞")
        ):
            end += 2
        else:
            break
    last = tokens[end - 1]
    conjugation = last.pos[5] if len(last.pos) > 5 else "*"
    if conjugation.startswith(("終止形", "連体形")) or conjugation == "*":
        return end
    if conjugation.startswith("連用形") and end < count and tokens[end].surface in ("て", "で"):
        if tokens[end].pos[:2] == ("助詞", "接続助詞"):
            return end + 1  # 迷って, つらくて: keep the て the person wrote.
    return None
