"""Whether a message asks to see what the manager would see of a 1on1 preparation.

People preparing a 1on1 often stop to check the version their manager would get before they share
it: 「課長に見える部分だけ見せてください」「支店長に見える画面、今どうなっとる？」 "Can I see exactly
what my manager will see?". Two blind-reviewed rounds (22 and 23) found this in 13 of 40
conversations, answered with "I cannot answer that", a privacy boilerplate or the whole summary
with the private memo in it.

The reading is built from the parts of such a request, not from a list of whole sentences:

- **the manager's side**: a title or role (課長, 工場長, センター長, 上司, リーダー, PM, ボス, "my
  manager", "my lead", a first name in English) and, close after it, what reaches them or what they
  see (見える, 共有される, 行く, 届く, 向け, 用, 版, 分, 画面, "sees", "gets", "-facing", "copy");
- **a request to show**: 見せて, 表示, 出して, 確認させて, どうなってる, どこまで, 一覧, "show",
  "preview", "check", "what will … see";
- and neither turned into its opposite: 見せないで, 知られたくない, 見せてもらいました (something
  the manager showed them), 見せるつもり (in the meeting itself), 見せる必要ある？.

docs/coaching.md gives its figures on a blind development set and on a held-aside set it was never
tuned on (``jatext/data/manager_view_blind_{dev,held}.tsv``, ``bench/preview_eval.py``).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MANAGER_JA", "asks_for_manager_view"]

# a title or a role: 課長, 工場長, センター長, 師長 (any …長 but a handful of ordinary words), 上司, …
_ROLE_JA = (
    r"(?:(?:[一-龥ァ-ヶー]{0,4}[一-龥ァ-ヶー](?<![成延身特校波])長)(?!所|期|時間|く|い|引|試験|会議|候補|職|級|代理|補佐|面談)|上司|上長|リーダー|マネー?ジャー|チーフ|主任|ボス|"
    r"(?<![A-Za-z])(?:PM|GL|PL|TL|SV)(?![A-Za-z])|かちょう|ぶちょう|じょうし|てんちょう|しちょう|管理職|室長|所長)(?:さん|様|さま|殿)?"
)
# the role alone, for other readers of a request about the manager (kabeuchi.coach.engines.guide)
MANAGER_JA = _ROLE_JA

# what reaches the manager or what they see, close after the role
_SIDE_JA = (
    r"(?:見え|見せ|見る|見れ|見ら|見て|見ること|共有|行く|行っ|いく|送|出る|出す|出し|渡|届|伝わ|受け取|目に触|開い|開く|開け|向け|用|版|(?<=[るすくた])分(?![けか])|"
    r"ビュー|バージョン|シート|アジェンダ|プレビュー|側|読|みえ|みせ|表示(?:され|する|させ|して))"
)
_MANAGER_SIDE_JA = re.compile(_ROLE_JA + r"[^。？！?!\n]{0,12}?" + _SIDE_JA)
# a shared version named without the role: 共有用のプレビュー, 共有前に, 共有される内容
_SHARED_VERSION_JA = re.compile(r"共有(?:用|前|分|される|する(?:版|分|内容|もの|ところ|部分)|予定)|上司ビュー")

# a request to show or check it
_SHOW_JA = re.compile(
    r"見せ(?:て|で|てく|てほし|てもら|てちょ|てや|てな|てけ|ろ)|見して|みせて|表示|出して|出してく|出してほし|だして|"
    r"確認(?:し|さ|でき|お願い|を)|チェック|見たい|見て?おき(?:たい|ます)|(?<![てで])みたい(?=[。！？?!]|$)|見れ(?:る|ます|ん)|見られ(?:ます|る)(?:か|[？?])|"
    r"どう(?:なって|なっと|なっちょ|なっ|見え|みえ)|どんな|どこ(?:まで)?|どれ|どのへん|どの辺|一覧|リスト|箇条書き|プレビュー|"
    r"ちょうだい|まとめ|分けて|抜き出|要約|全文|拝見|拝読|確かめ|"
    # 「課長への共有版を作成していただけますか」 (round 36's R36-07: "I cannot answer that")
    r"作成|作って|つくって|用意して"
)
# what turns it into something else: keep it from the manager, something the manager showed them, a
# plan for the meeting itself, a doubt about whether to show it at all
_NOT_JA = re.compile(
    r"見せ(?:ない|ん(?!か)|ね(?:で|え)|たく|ず|られ(?:ない|たく))|見られ(?:たく|るのは困|ると困|ない)|見れない|みせない|"
    r"(?:入れ|載せ|書か|出さ|いれ)(?:ない|ん)で|内緒|目から見|言わ(?:ない|ん)|伝えない|知られ(?:たく|ない)|共有し(?:たく|ない|ん)|"
    r"見せ(?:て)?(?:もらいまし|もらった|もろた|くれ(?:た|まし))|見せてもらって(?!(?:も)?(?:いい|ええ|良|大丈夫|かまわ))|見せてくれて|見せ(?:てた|た)|見せる(?:つもり|予定|の(?:が|は|、)|必要|前提|かどうか)|"
    r"見せる前に|渡す前に(?!.*(?:見せ|確認|表示|チェック))"
)

# a Japanese title written in romaji by someone writing English ("show me what kacho will see", R41-03)
ROMAJI_TITLE = r"\b(?:kachou?|buchou?|tenchou?|shunin|kakarichou?|jichou?|shachou?|shochou?|kyokuchou?|honbuchou?|shitenchou?|kouchou?)(?:[- ]?san)?\b"
_ROLE_EN = (
    r"(?:\bmy (?:manager|boss|lead|leader|supervisor|team lead|director|line manager|skip|head)\b|\b(?:manager|boss|supervisor|lead)(?:'s)?\b|"
    + ROMAJI_TITLE + r"|"
    r"(?-i:\b[A-Z][a-z]+(?:-san)?)(?= (?:will|would|gets?|sees?|can see|is going to see)\b))"
)
_MANAGER_SIDE_EN = re.compile(
    _ROLE_EN + r"[^.?!\n]{0,24}?\b(?:sees?|seeing|see|gets?|receives?|view|version|copy|side|reads?|will read|facing)\b|"
    r"\b(?:manager|boss|lead|supervisor)-facing\b|\b(?:goes|go|going|sent|shared) to (?:my )?(?:manager|boss|lead|supervisor|(?-i:[A-Z][a-z]+))\b|"
    r"\b(?:manager|boss|lead|supervisor) view\b|\bwhat (?:(?:will|would|does|do|can) )?(?:he|she|they)(?:'ll| will| would|'d)? (?:sees?|gets?|reads?)\b|\bfrom (?:my )?(?:manager|boss|lead|supervisor)'s side\b|"
    r"\bin the form (?:i'll|i will|i would) show (?:my )?(?:manager|boss|lead|supervisor|[A-Z][a-z]+)\b|"
    # "What's it gonna look like for her?" (round 27's R27-08: the manager named by a pronoun)
    r"\b(?:it|this|that|the (?:agenda|summary|draft|prep|preparation|notes?))(?:'s| is| will| would|'ll)?(?: gonna| going to)? (?:be )?look like (?:for|to) (?:her|him|them)\b",
    re.IGNORECASE,
)
_SHOW_EN = re.compile(
    r"\b(?:show|preview|pull up|display|list|split|summari[sz]e|check)\b|\b(?:let me|can i|could i|may i|i'd like to|i want to|want to) (?:\w+ )?(?:see|check|look)\b|"
    r"\bwhat (?:will|would|does|do|can|is) (?:my )?(?:\w+(?:-san)? )?(?:\w+ )?(?:see|get|receive|read)\b|\bwhich (?:parts?|bits?)\b|\blook like\b",
    re.IGNORECASE,
)
_NOT_EN = re.compile(
    r"\b(?:don'?t|do not|never|not) (?:show|share|put|include|let)\b|\bkeep\b.{0,40}\bout\b|\brather (?:\w+ )?(?:didn'?t|did not|not)\b|"
    r"\b(?:showed|shown) me\b|\b(?:asks?|asking|wants?|wanting) to see\b|\bcan (?:my )?(?:manager|boss|lead|supervisor|hr) (?:read|see)\b|\bmust not\b|\bshouldn'?t see\b",
    re.IGNORECASE,
)


def asks_for_manager_view(text: str) -> bool:
    """Whether ``text`` asks to see, check or list what the manager would see of the preparation."""
    if not text or not text.strip():
        return False
    if text.isascii():
        return bool(_MANAGER_SIDE_EN.search(text) and _SHOW_EN.search(text) and not _NOT_EN.search(text))
    folded = unicodedata.normalize("NFKC", text)
    for sentence in re.split(r"(?<=[。！？?!\n])", folded):
        if not sentence.strip():
            continue
        side = _MANAGER_SIDE_JA.search(sentence) or _SHARED_VERSION_JA.search(sentence)
        if side and not _NOT_JA.search(sentence) and (_SHOW_JA.search(sentence[side.end():]) or _SHOW_JA.search(_next(folded, sentence))):
            return True
    return False


def _next(text: str, sentence: str) -> str:
    """The sentence after ``sentence`` in ``text`` (「課長と共有されるのはどのへん？見せて」)."""
    at = text.find(sentence)
    rest = text[at + len(sentence):] if at >= 0 else ""
    return re.split(r"(?<=[。！？?!\n])", rest, maxsplit=1)[0] if rest else ""
