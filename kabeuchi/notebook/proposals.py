"""Notebook entries proposed from a saved conversation.

Proposals are computed on request and never stored: the page shows them, and only the
person's "accept" (possibly after editing) writes anything, through the ordinary services.
Discarding a proposal is doing nothing, so it leaves no trace.

Without a model (the guide engine) the proposals come from rules over the person's own turns
only (never the partner's): each sentence is checked for simple patterns (〜が得意, 〜と言われた,
〜を担当した, 〜したい, value words such as 成長 or 安定 next to 大切 / うれしい), and the proposal
quotes the exact sentence it came from.  An engine that can do better may offer
``propose_entries(state, language=...)`` returning the same ``Proposal`` objects; any of its
proposals whose quote is not found word for word in the person's turns is dropped, so a model
can never put words in the person's mouth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jatext.tokens import keywords
from kabeuchi.coach.engines.base import ConversationState
from kabeuchi.notebook.values import BY_KEY

KINDS = ("strength", "experience", "value", "goal")
PER_KIND = 4
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


@dataclass(frozen=True)
class Proposal:
    kind: str  # one of KINDS
    text: str  # the proposed entry: a strength's name, an experience's title, a goal, a value's label
    quote: str  # the exact words from the person's turn it came from
    value_key: str = ""  # for kind "value": the card it points to


# --- rules ----------------------------------------------------------------------------------
_STRENGTH_JA = re.compile(r"(?P<what>[^、。]{2,40}?)(?:のが|が|は)(?:得意|強み|好き)")
_THANKED_JA = re.compile(r"(?P<what>[^、。]{2,40}?)(?:と|って)(?:よく)?(?:言われ|褒められ|ほめられ|感謝され)")
_STRENGTH_EN = re.compile(r"\b(?:i am|i'm) good at (?P<what>[^.,!?]{2,60})|\bpeople (?:often )?thank me for (?P<what2>[^.,!?]{2,60})", re.I)
_EXPERIENCE_JA = re.compile(r"(担当し|任され|立ち上げ|やり遂げ|取り組ん|リーダーを|経験し|乗り越え|異動し|転職し|プロジェクト)")
_EXPERIENCE_EN = re.compile(r"\b(i (?:led|built|ran|launched|managed|worked on|took on)|project)\b", re.I)
_GOAL_JA = re.compile(r"(?:たい|目指|目標|挑戦してみ)")
_NOT_GOAL_JA = re.compile(r"(?:たくない|たいけど|たいのに|たかった)")
_GOAL_EN = re.compile(r"\b(?:i (?:want|would like|hope|plan) to|my goal is)\b", re.I)
_IMPORTANT_JA = re.compile(r"(大切|大事|うれし|嬉し|やりがい|好き|楽し|譲れな|したい|ありたい|本当は)")
_IMPORTANT_EN = re.compile(r"\b(matters?|important|love|enjoy|happy|care about)\b", re.I)

# Words the person might use for each value card.  Kept small and literal on purpose: a rule
# that fires is easy to explain ("you wrote 成長").
_VALUE_WORDS: dict[str, tuple[str, ...]] = {
    "growth": ("成長", "growth", "grow"),
    "learning": ("学び", "学ぶ", "勉強", "learning"),
    "expertise": ("専門", "極め", "expert"),
    "challenge": ("挑戦", "チャレンジ", "challenge"),
    "stability": ("安定", "stable", "stability"),
    "autonomy": ("自分で決め", "裁量", "任せてもら", "autonomy"),
    "freedom": ("自由", "freedom"),
    "creativity": ("創造", "つくる", "作る", "生み出", "create"),
    "contribution": ("役に立", "貢献", "contribute"),
    "helping": ("支え", "サポート", "助け", "support", "help people"),
    "teamwork": ("チーム", "仲間", "みんなで", "team"),
    "belonging": ("居場所", "belong"),
    "recognition": ("認め", "評価され", "recogni"),
    "influence": ("影響", "動かす", "influence"),
    "leadership": ("リーダー", "引っ張", "lead"),
    "achievement": ("達成", "やり遂げ", "achiev"),
    "quality": ("こだわ", "丁寧", "品質", "quality", "craft"),
    "honesty": ("誠実", "正直", "honest"),
    "fairness": ("公平", "公正", "fair"),
    "balance": ("両立", "プライベート", "ワークライフ", "balance"),
    "health": ("健康", "体調", "無理せ", "health"),
    "family": ("家族", "子ども", "子供", "family"),
    "relationships": ("人間関係", "つながり", "信頼", "connection", "trust"),
    "diversity": ("多様", "diversity"),
    "curiosity": ("好奇心", "面白", "おもしろ", "興味", "curious"),
    "variety": ("いろいろな", "色々な", "変化", "variety"),
    "meaning": ("やりがい", "意味", "meaning"),
    "responsibility": ("責任", "responsib"),
    "reward": ("給料", "報酬", "年収", "salary", "pay"),
    "fun": ("楽し", "fun", "enjoy"),
}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


def _trim(phrase: str) -> str:
    return phrase.strip(" 　、。「」『』").removeprefix("私は").removeprefix("自分は").strip(" 　、")


def _title(sentence: str) -> str:
    """A short title for an experience or goal, in the person's own words."""
    words = keywords(sentence, limit=3)
    return "・".join(words) if words else _trim(sentence)[:40]


def _from_sentence(sentence: str, language: str) -> list[Proposal]:
    found: list[Proposal] = []
    match = _STRENGTH_JA.search(sentence) or _THANKED_JA.search(sentence)
    if match and _trim(match.group("what")):
        found.append(Proposal("strength", _trim(match.group("what")), sentence))
    elif (en := _STRENGTH_EN.search(sentence)) is not None:
        found.append(Proposal("strength", (en.group("what") or en.group("what2")).strip(), sentence))
    if _EXPERIENCE_JA.search(sentence) or _EXPERIENCE_EN.search(sentence):
        found.append(Proposal("experience", _title(sentence), sentence))
    if (_GOAL_JA.search(sentence) and not _NOT_GOAL_JA.search(sentence)) or _GOAL_EN.search(sentence):
        found.append(Proposal("goal", _trim(sentence).rstrip("。.!?！？"), sentence))
    if _IMPORTANT_JA.search(sentence) or _IMPORTANT_EN.search(sentence):
        folded = sentence.lower()
        hits = [(folded.find(w), key) for key, words in _VALUE_WORDS.items() for w in words if w in folded]
        if hits:
            key = min(hits)[1]  # the value word the person wrote first
            found.append(Proposal("value", BY_KEY[key].label(language), sentence, value_key=key))
    return found


def _rule_proposals(state: ConversationState, language: str) -> list[Proposal]:
    found: list[Proposal] = []
    for turn in state.turns:
        if turn.role != "person":
            continue
        for sentence in _sentences(turn.text):
            found.extend(_from_sentence(sentence, language))
    return found


def _person_said(state: ConversationState, quote: str) -> bool:
    return bool(quote) and any(t.role == "person" and quote in t.text for t in state.turns)


def propose(*, state: ConversationState, engine=None, language: str = "ja") -> list[Proposal]:
    """Proposals for the person's notebook from one conversation, at most ``PER_KIND`` of
    each kind, without repeats.  Pure: reads the state, writes nothing."""
    candidates: list[Proposal] = []
    if engine is not None and hasattr(engine, "propose_entries"):
        candidates = [p for p in engine.propose_entries(state, language=language) if _person_said(state, p.quote)]
    candidates += _rule_proposals(state, language)
    seen: set[tuple[str, str]] = set()
    per_kind: dict[str, int] = {}
    result: list[Proposal] = []
    for proposal in candidates:
        key = (proposal.kind, proposal.value_key or proposal.text)
        if proposal.kind not in KINDS or not proposal.text or key in seen or per_kind.get(proposal.kind, 0) >= PER_KIND:
            continue
        seen.add(key)
        per_kind[proposal.kind] = per_kind.get(proposal.kind, 0) + 1
        result.append(proposal)
    return result
