"""Notebook entries proposed from a saved conversation.

Proposals are computed on request and never stored: the page shows them, and only the
person's "accept" (possibly after editing) writes anything, through the ordinary services.
Discarding a proposal is doing nothing, so it leaves no trace.

Without a model (the guide engine) the proposals come from rules over the person's own turns
only (never the partner's): each sentence is checked for simple patterns (〜が得意, 〜で感謝される,
〜を担当した, 〜したい, value words such as 成長 or 安定 next to 大切 / うれしい), and the proposal
quotes the exact sentence it came from.  In a career conversation the answers to the Will, Can
and Must questions are offered for those boxes, each in its own.

What is never proposed, because it is not the person's own view of themselves: what someone
else said or thinks of them (「上司に詰めが甘いと言われた」 is a judgement, not a strength), what
someone else wants of them (that is Must, never a goal), a bare confirmation of a summary
(「だいたい合ってます」, 「はい」), words written where help was needed (crisis, harassment,
health), and anything already in the notebook — so an accepted proposal is not offered again.  An engine that can do better may offer
``propose_entries(state, language=...)`` returning the same ``Proposal`` objects; any of its
proposals whose quote is not found word for word in the person's turns is dropped, so a model
can never put words in the person's mouth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jatext.normalize import fold
from jatext.tokens import keywords
from kabeuchi.coach.engines.base import ConversationState
from kabeuchi.notebook.values import BY_KEY

DIRECTION_KINDS = ("will", "can", "must")
KINDS = ("strength", "experience", "value", "goal", *DIRECTION_KINDS)
PER_KIND = 4
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


@dataclass(frozen=True)
class Proposal:
    kind: str  # one of KINDS
    text: str  # the proposed entry: a strength's name, an experience's title, a goal, a value's label
    quote: str  # the exact words from the person's turn it came from
    value_key: str = ""  # for kind "value": the card it points to


# --- rules ----------------------------------------------------------------------------------
# Something the person does well, in their words.  Liking something (好き) is not doing it well.
_STRENGTH_JA = re.compile(r"(?P<what>[^。]{2,40}?)(?:のが|が|は)(?:得意|強み)(?!じゃ|では|でな|ではな)")
# Thanks are what others are grateful for (the 棚卸し method asks for them), not a verdict.
_THANKED_JA = re.compile(
    r"(?P<what>[^、。]{2,40}?)(?:で|を|について|のことで)[、,\s]*(?:よく|いつも)?(?:感謝され|お礼を言われ|ありがとうと言われ)"
)
# Someone else's judgement of the person, or what someone else wants of them.
_OTHERS_VIEW_JA = re.compile(
    r"(?:と|って)(?:よく|いつも|また)?(?:言われ|指摘され|注意され|叱られ|怒られ|思われ|見られ|評価され|褒められ|ほめられ)"
    r"|求められ|期待され|てほしい|でほしい|ほしいと|させられ|やらされ"
)
_OTHERS_VIEW_EN = re.compile(
    r"\b(?:told me|said i|says i|thinks i|think i|called me|(?:was|am|were|been) told|expects? me|wants? me|asked me to)\b", re.I
)
# Another person as the one who is good at something.
_OTHER_PERSON_JA = re.compile(r"(?:さん|上司|先輩|後輩|同僚|部長|課長|係長|社長|リーダー|彼|彼女|みんな|メンバー|チーム)(?:は|が)")
_NOT_GOOD_JA = re.compile(r"苦手|下手|甘い|足りな|できない|できていない|弱い|弱み")
# A bare confirmation of a summary, or a reply with nothing of the person in it.
_CONFIRMATION = re.compile(
    r"^(?:はい|うん|ええ|そう|です|ですね|だいたい|大体|ほぼ|まあ|たぶん|多分|まさに|全部|ぜんぶ|それで|これで|"
    r"合って(?:い)?ます|合ってる|合っている|あって(?:い)?ます|あってる|その(?:とおり|通り)|大丈夫|いい|良い|ok|okay|オッケー|"
    r"しっくり(?:きます|くる|きました)|問題(?:ない|ありません)|ないです|ありません|特に(?:ない|なし|ありません)|なし|"
    r"わからない|わかりません|分からない|分かりません|"
    r"yes|yeah|yep|right|correct|that fits|fits|sounds right|fine|sure|exactly|mostly|i think so|[、,\s。.!！?？…〜ー]|よ|ね|な)*$",
    re.I,
)
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


# The page's quick replies, sent as whole messages: commands to the partner, not content.
_QUICK_REPLIES = frozenset(
    ("スキップ", "戻る", "まとめる", "終わる", "skip", "back", "summarise", "end")
)


def is_confirmation(text: str) -> bool:
    """True for a reply that only confirms or passes (「だいたい合ってます」, 「はい」, "yes")."""
    return bool(_CONFIRMATION.fullmatch(text.strip()))


def _is_command(text: str) -> bool:
    return text.strip().rstrip("。.").casefold() in _QUICK_REPLIES


def _needs_help(text: str) -> bool:
    from kabeuchi.coach.support import support_for

    # A rule's reading of any kind, or crisis from either reading: never offered for the notebook.
    # A harassment or health reading of the classifier alone is too often ordinary talk
    # (「上司からは…求められています」) to hide an answer for.
    help_ = support_for(text)
    return help_ is not None and (help_.crisis or any(kind not in help_.tentative for kind in help_.kinds))


def _strength(sentence: str) -> str:
    if _NOT_GOOD_JA.search(sentence):
        return ""
    thanked = _THANKED_JA.search(sentence)
    if _OTHERS_VIEW_JA.search(sentence) and thanked is None:
        return ""
    match = _STRENGTH_JA.search(sentence) or thanked
    if match:
        what = match.group("what")
        if _OTHER_PERSON_JA.search(what):
            return ""
        return _trim(what)
    if _OTHERS_VIEW_EN.search(sentence):
        return ""
    en = _STRENGTH_EN.search(sentence)
    return (en.group("what") or en.group("what2")).strip() if en is not None else ""


def _from_sentence(sentence: str, language: str, *, step: str = "") -> list[Proposal]:
    """Proposals from one sentence of the person's.  ``step``: the guided step the sentence
    answered, when known ("must" answers say what is asked of the person, never a wish)."""
    found: list[Proposal] = []
    if is_confirmation(sentence) or _needs_help(sentence):
        return found
    others = bool(_OTHERS_VIEW_JA.search(sentence) or _OTHERS_VIEW_EN.search(sentence))
    if step != "must" and (strength := _strength(sentence)):
        found.append(Proposal("strength", strength, sentence))
    wants = (_GOAL_JA.search(sentence) and not _NOT_GOAL_JA.search(sentence)) or _GOAL_EN.search(sentence)
    if (_EXPERIENCE_JA.search(sentence) or _EXPERIENCE_EN.search(sentence)) and not others and not wants:
        found.append(Proposal("experience", _title(sentence), sentence))
    if wants and not others and step not in DIRECTION_KINDS:
        found.append(Proposal("goal", _trim(sentence).rstrip("。.!?！？"), sentence))
    if (_IMPORTANT_JA.search(sentence) or _IMPORTANT_EN.search(sentence)) and not others:
        folded = sentence.lower()
        hits = [(folded.find(w), key) for key, words in _VALUE_WORDS.items() for w in words if w in folded]
        if hits:
            key = min(hits)[1]  # the value word the person wrote first
            found.append(Proposal("value", BY_KEY[key].label(language), sentence, value_key=key))
    return found


def _steps_of_turns(state: ConversationState) -> dict[int, str]:
    """For a guided conversation: the key of the step each of the person's answers belongs to,
    by turn index, read from the guide's recorded moves."""
    from kabeuchi.coach.engines.guide import summary_answers
    from kabeuchi.coach.themes import UnknownTheme, get_theme

    try:
        theme = get_theme(state.theme)
    except (UnknownTheme, KeyError):
        return {}
    steps: dict[int, str] = {}
    for answer in summary_answers(state):  # filed by form: a skill said for Will is no Will
        step = theme.step_at(answer.step)
        if step is not None and answer.kind in ("answer", "more", "revised", "added", "correction"):
            steps[answer.index] = step.key
    return steps


def _after_check(state: ConversationState, index: int) -> bool:
    before = state.turns[index - 1] if index > 0 else None
    return before is not None and before.role == "partner" and before.move == "check"


def _rule_proposals(state: ConversationState, language: str) -> list[Proposal]:
    found: list[Proposal] = []
    steps = _steps_of_turns(state) if state.theme == "career" else {}
    for index, turn in enumerate(state.turns):
        if turn.role != "person" or is_confirmation(turn.text) or _is_command(turn.text):
            continue
        if _after_check(state, index) and len(turn.text.strip()) <= 20:
            continue  # a short reply to "does this summary fit?" is about the summary, not the person
        step = steps.get(index, "")
        if step in DIRECTION_KINDS and not _needs_help(turn.text):
            text = " ".join(turn.text.split())
            found.append(Proposal(step, text[:200], turn.text.strip()))
        for sentence in _sentences(turn.text):
            found.extend(_from_sentence(sentence, language, step=step))
    return found


def _key(text: str) -> str:
    """Text folded for "is this already there?": width, case, punctuation and a polite ending
    do not make an entry new."""
    return re.sub(r"(?:です|ます)$", "", re.sub(r"[\s、。,.!！?？「」『』・]+", "", fold(text)))


def accepted_keys(*, user) -> set[tuple[str, str]]:
    """What is already in the person's notebook, as ``(kind, folded text)`` pairs, plus
    ``("quote", folded words)`` for the words kept beside strengths and experiences, so a
    proposal that was accepted (even after editing its name) is not offered again."""
    from kabeuchi.notebook import access

    keys: set[tuple[str, str]] = set()
    for strength in access.strength_list(user=user):
        keys.add(("strength", _key(strength.name)))
        if strength.description:
            keys.add(("quote", _key(strength.description)))
    for experience in access.experience_list(user=user):
        keys.add(("experience", _key(experience.title)))
        if experience.did:
            keys.add(("quote", _key(experience.did)))
    for goal in access.goal_list(user=user):
        keys.add(("goal", _key(goal.title)))
    for value_key in access.value_ranking(user=user):
        keys.add(("value", value_key))
    for version in access.direction_versions(user=user):
        keys.add((version.kind, _key(version.text)))
    return keys


def _already_there(proposal: Proposal, accepted: set[tuple[str, str]]) -> bool:
    if proposal.kind == "value":
        return ("value", proposal.value_key) in accepted
    if (proposal.kind, _key(proposal.text)) in accepted:
        return True
    return proposal.kind in ("strength", "experience") and ("quote", _key(proposal.quote)) in accepted


def _person_said(state: ConversationState, quote: str) -> bool:
    return bool(quote) and any(t.role == "person" and quote in t.text for t in state.turns)


def _acceptable(proposal: Proposal) -> bool:
    """The same checks for an engine's proposals as for the rules' own."""
    if proposal.kind not in KINDS or not proposal.text.strip() or is_confirmation(proposal.quote):
        return False
    if is_confirmation(proposal.text) or _needs_help(proposal.quote):
        return False
    if proposal.kind == "strength":
        return bool(_strength(proposal.quote)) or not (
            _OTHERS_VIEW_JA.search(proposal.quote) or _OTHERS_VIEW_EN.search(proposal.quote)
            or _NOT_GOOD_JA.search(proposal.quote)
        )
    if proposal.kind == "goal":
        return not (_OTHERS_VIEW_JA.search(proposal.quote) or _OTHERS_VIEW_EN.search(proposal.quote))
    return True


def propose(
    *, state: ConversationState, engine=None, language: str = "ja", accepted: set[tuple[str, str]] | None = None
) -> list[Proposal]:
    """Proposals for the person's notebook from one conversation, at most ``PER_KIND`` of
    each kind, without repeats and without what ``accepted`` (``accepted_keys``) says is
    already in the notebook.  Pure: reads the state, writes nothing."""
    candidates: list[Proposal] = []
    if engine is not None and hasattr(engine, "propose_entries"):
        candidates = [p for p in engine.propose_entries(state, language=language) if _person_said(state, p.quote)]
    candidates += _rule_proposals(state, language)
    accepted = accepted or set()
    seen: set[tuple[str, str]] = set()
    per_kind: dict[str, int] = {}
    result: list[Proposal] = []
    for proposal in candidates:
        key = (proposal.kind, proposal.value_key or _key(proposal.text))
        if key in seen or per_kind.get(proposal.kind, 0) >= PER_KIND:
            continue
        if not _acceptable(proposal) or _already_there(proposal, accepted):
            continue
        seen.add(key)
        per_kind[proposal.kind] = per_kind.get(proposal.kind, 0) + 1
        result.append(proposal)
    return result
