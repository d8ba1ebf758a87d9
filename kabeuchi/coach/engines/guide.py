"""The embedded guide engine: a thoughtful guided journal, no language model.

It cannot understand freely, so it does not pretend to. It walks the theme's steps one open
question at a time, reflects the person's own key words back exactly as they wrote them
(``jatext.tokens.keywords``), and reacts to a few cues it can detect reliably:

- わからない (unsure): permission not to know, then a smaller question for the same step; a
  second "I don't know" moves on without pressure;
- でも / けど / 本当は (but, really): once per step, gently notices what came after the word;
- 辞めるべき？ and other requests for a decision: says plainly that the decision is theirs and
  asks a question that helps them think, never a yes or a no;
- スキップ / skip and 戻る / back: pass a question or return to the previous one.

Every few answers it sums up what the person wrote, in their words, and asks whether it fits.
At the end ``summarise`` composes 気づき (what they noticed) and next small steps from their
answers, step by step. Nothing here judges, diagnoses or decides.

The engine is stateless: where it stands is read from ``ConversationState`` (``step`` and the
``move`` it recorded on its own turns), so a conversation can move between processes, or live
only in the browser, and still continue.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from jatext import asks, intents, keptback, memo, privacy_q, roles, sensitive
from jatext.courtesy import ends_with_goodbye, says_thanks, without_courtesies
from jatext.normalize import fold
from jatext.phrases import salient as _salient_phrases
from jatext.phrases import sentences
from jatext.preview import MANAGER_JA, asks_for_manager_view
from jatext.safety import detect, firm_kinds, laughed_off_kinds, unsure_kinds, worth_a_line
from jatext.tokens import cues, keywords, tokenize
from kabeuchi.coach import helplines
from kabeuchi.coach.engines.base import (
    BaseEngine,
    ConversationState,
    Language,
    Summary,
    Turn,
    check_language,
)
from kabeuchi.coach.themes import FREE, NEXT_STEP, Step, Theme, get_theme

# Partner moves after which the person's next message answers the step the move points at.
_ASKING = frozenset(
    {
        "open", "ask", "smaller", "nothing", "episode", "deepen", "resume", "skip", "back", "again", "close",
        "answered", "aside_topic", "topic_added", "topic_dropped", "topic_rewritten", "back_add", "health", "corrected", "check", "plan", "end", "check_note", "noted", "ask2", "health_part",
        "episode2", "episode3", "feel_first", "back_revised",
    }
)
_STEP_ANSWERS = frozenset({"answer", "more", "revised", "added", "part"})
# how the guide says an answer went under another step than the one asked
_FILED_ELSEWHERE = ("のところに書き留めておきますね。", "I will keep that under ")
# Partner moves that accept the message before them as an answer.
_ACCEPTING = frozenset({"ask", "check", "close", "deepen"})
# the lead of the one reply that checks in after a crisis read by the classifier alone
_MISREAD_JA = "わたしの読み違いでしたら"
_MISREAD_EN = "If I have misread you"
# Moves of the support mode (after a crisis or harassment signal): no flow, no summary checks.
_SUPPORT = frozenset({"support", "support_plan"})

_SKIP = frozenset(
    fold(w)
    for w in (
        "スキップ",
        "スキップします",
        "スキップで",
        "スキップしたい",
        "とばす",
        "飛ばす",
        "飛ばします",
        "飛ばしたい",
        "パス",
        "パスします",
        "次へ",
        "次の質問",
        "skip",
        "skip it",
        "skip this",
        "pass",
        "next",
    )
)
_BACK = frozenset(
    fold(w)
    for w in (
        "戻る",
        "戻ります",
        "戻りたい",
        "戻って",
        "前に戻る",
        "前に戻りたい",
        "前の質問",
        "前の質問に戻る",
        "ひとつ前",
        "一つ前",
        "ひとつ前に戻る",
        "back",
        "go back",
        "previous",
        "previous question",
    )
)
_AFFIRMATIVE = re.compile(
    r"^(はい|うん|ええ|そうです|そうですね|そう|合って|あって|大丈夫|だいじょうぶ|しっくり|その通り|そのとおり|それでいい|それで大丈夫|それで合って|だいたいそんな|そんな感じ|今回のまとめは|"
    r"ok|okay|yes|yeah|yep|right|correct|that fits|it fits|fits|looks right|sounds right|that's right|exactly)"
)
_NEGATIVE = re.compile(
    r"^(?:違います|(?:違う[、,\s]*)+|ちがいます|(?:ちがう[、,\s]*)+|違って|(?:ちょっと|ちょい|少し|微妙に)違(?:います|う|って)?|(?:ちょっと|ちょい)?(?:ちゃう|ちゃいます)(?:[、,\s]*ちゃう)*|いいえ|いや|(?:not quite|not really|nope|no|mostly right|almost|close)\b)"
    r"(?:かな|かも(?:しれない|しれません)?|ですね|です|ね|なあ|な|わ)?[、,。.\s!！]*"
)
_NOTHING = frozenset(
    fold(w)
    for w in (
        "特にない",
        "特にないです",
        "特になし",
        "特にありません",
        "とくにない",
        "とくにないです",
        "とくになし",
        "とくにありません",
        "別にない",
        "べつにない",
        "ない",
        "ないです",
        "なし",
        "ありません",
        "思いつかない",
        "今はない",
        "今はないです",
        "nothing",
        "none",
        "no",
        "not really",
        "nothing for now",
    )
)
_DECISION_JA = re.compile(
    r"(どう[^。？?]{0,6}(?:ば|たら)いい|ありですか|アリですか|いいですかね|教えてほしい|教えてください|どれが一番|どれがいい|どっちにすべき|べき|ほうがいい|方がいい|ほうが良い|方が良い|ほうがよい|方がよい|ほうがええ|方がええ|ほうがいいん|どっちがいい|どちらがいい|どっちが良い|どちらが良い|どうすればいい|どうしたらいい|正解|決めてほしい|決めてください"
    # 「…と、…と、どちらが合理的だと思うか。」
    r"|(?:どちら|どっち)が[^。？?]{0,8}(?:合理的|得|賢明|向いて|正しい|現実的|まし|マシ))"
)
_QUESTIONISH_JA = re.compile(r"(か|かな|かね|でしょうか|ですか|の|？|\?)\s*[。．…]*\s*$|(?:と思う|思います|かな|やろか|じゃろか|かね)[？?]")
_DECISION_EN = re.compile(
    r"\b(should i|shall i|do you think i'm|do you think i am|am i overreacting|do you think i should|what should i|would it be better|is it better|tell me what to do|which is better|what would you do)\b",
    re.IGNORECASE,
)
# Cue words whose second half deserves a gentle second look, longest first so だけど wins over けど.
_SECOND_HALF_JA = re.compile(
    r"(ほんとうは|本当は|ほんとは|本音は|本心は|実は|けれども|だけど|けれど|しかし|でも|けど)"
)
_SECOND_HALF_EN = re.compile(r"\b(but|actually|really|though|however|honestly|deep down)\b", re.IGNORECASE)
_REALLY_WORDS = frozenset(
    {
        "ほんとうは",
        "本当は",
        "ほんとは",
        "本音は",
        "本心は",
        "実は",
        "actually",
        "really",
        "honestly",
        "deep down",
    }
)
# Steps that ask for a story (what happened, what I did): でも there is a connective, not a cue.
_NARRATIVE = frozenset({"facts", "situation", "action", "result", "topics", "topic", "concern"})
_SENTENCE_END = re.compile(r"[。．！？!?\n]")
# ... and an English full stop before the next sentence: where the clause after a cue word ends
_CLAUSE_END = re.compile(r"[。．！？!?\n]|(?<=[a-z0-9'\")])\.(?=\s+[A-Z])")
_NUMBER = re.compile(r"(?<![0-9])(10|[0-9])(?![0-9])")
# the frame a score is given in, not the score: 「10点中2」「10段階で3」「10のうち4」「10分の3」「4/10」
# "4 out of 10" (the round-12 review: 「10点中2かな」 came back as 「10」)
_SCALE_FRAME = re.compile(
    r"(?<![0-9])10\s*(?:点満点|点|段階)?\s*(?:中|のうち|で言うと|でいうと|で)(?=\s*[0-9])|(?<![0-9])10分の(?=[0-9])|\s*/\s*10(?![0-9])|\s*out of 10\b",
    re.IGNORECASE,
)
_INLINE_BULLETS = re.compile(r"\s*・\s*")
_BULLET = re.compile(r"^\s*(?:[・\-*•●○◦]|\d+[.)．、]|[①-⑩])\s*")


@dataclass(frozen=True)
class Move:
    """What the guide does with one message: the kind of move, the step the conversation is at
    afterwards, and the reply text."""

    kind: str
    step: int
    text: str


@dataclass(frozen=True)
class Answer:
    """One thing the person wrote, placed in the flow: ``kind`` is "answer" (to ``step``),
    "revised" (answering ``step`` again after 戻る, replacing the earlier answer), "more"
    (elaborating ``step`` after a gentle second look), "added" (going back to ``step`` to add
    to its answer, kept beside it), "correction" (to a summary) or
    "aside" (thinking about a decision). ``index`` is the position of the person's turn."""

    kind: str
    step: int
    text: str
    index: int = -1


# asked to choose which contact to call (「どこにするか決めてくれる？」 "which one should I call?")
_WHICH_CONTACT = re.compile(
    r"(?:どこ|どれ|どの(?:窓口|相談先|番号|電話))[^。]{0,14}(?:決めて|選んで|おすすめ|オススメ|教えて)|"
    r"(?:どこ|どれ|どの(?:窓口|相談先|番号|電話))(?:に|へ|が|を)?(?:電話|かけ|連絡|相談)[^。]{0,10}(?:いい|良い)?(?:の|ん)?(?:か|かな|でしょうか|ですか)?[？?]|"
    r"\b(?:which|where)\b[^.?]{0,20}\b(?:should|do|would|can) i\b[^.?]{0,12}\b(?:call|contact|try|ring|text)\b|"
    r"\b(?:pick|choose) (?:one|the (?:line|number|hotline)) for me\b",
    re.IGNORECASE,
)
# what an answer ends with once the person has closed the talk, instead of the step's question
_STAYS_CLOSED = ("ほかに気になることがあれば、どうぞ。このまま終わりにしても大丈夫です。",
                 "If anything else is on your mind, go ahead. It is also fine to stop here.")
# the lines that lead back to the step's question after an answer (left out once the talk is closed)
_BACK_TO_THE_QUESTION = frozenset({
    "そのうえで、先ほどの問いに戻りますね。", "では、問いに戻りますね。", "よければ、続きを考えてみましょう。",
    "続けるなら、先ほどの問いに戻りますね。", "では、先ほどの問いに戻りますね。", "それをふまえて、問いに戻りますね。",
    "With that, let us come back to the question.", "Let us return to the question.", "If you like, let us go on.",
    "If you want to go on, here is the question again.", "With that, back to the question.", "Now, back to the question.",
})


class GuideEngine(BaseEngine):
    """Guided reflection without a model. Replies take about a millisecond."""

    name = "guide"
    is_model = False

    # The decision made for ``stream_reply`` waits here for its ``record``, which takes it out:
    # the key holds the person's whole conversation, so nothing waits longer than a reply takes
    # (a reply whose record never comes is dropped after _CACHE_SECONDS or by newer replies).
    _CACHE_SIZE = 64
    _CACHE_SECONDS = 120.0

    def __init__(self, config=None) -> None:
        super().__init__(config)
        self._cache: OrderedDict[tuple, tuple[float, Move]] = OrderedDict()
        self._lock = threading.Lock()

    # -- the interface -------------------------------------------------------------------

    def honesty_line(self, language: Language) -> str:
        if language == "en":
            return (
                "I am a guide, not an AI chatbot: I follow a set of questions and reflect your own words back to you. "
                'Write "skip" to pass a question, or "back" to return to the previous one.'
            )
        return (
            "わたしはAIのチャットではなく、決まった問いに沿って、あなたの言葉をそのまま映し返すガイドです。"
            "答えにくい問いは「スキップ」、ひとつ前に戻りたいときは「戻る」と書いてください。"
        )

    def stream_reply(self, state: ConversationState, message: str, *, language: Language) -> Iterator[str]:
        move = self.plan(state, message, language=language)
        lines = move.text.split("\n")
        for i, line in enumerate(lines):
            yield line + ("\n" if i < len(lines) - 1 else "")

    async def astream_reply(
        self, state: ConversationState, message: str, *, language: Language
    ) -> AsyncIterator[str]:
        # A reply costs about a millisecond of CPU: a worker thread would cost more than it saves.
        for chunk in self.stream_reply(state, message, language=language):
            yield chunk

    def record(
        self, state: ConversationState, message: str, reply: str, *, language: Language
    ) -> ConversationState:
        move = self.plan(state, message, language=language, taken=True)
        return replace(
            state,
            turns=state.turns
            + (Turn("person", message), Turn("partner", reply, step=move.step, move=move.kind)),
            step=move.step,
        )

    async def arecord(
        self, state: ConversationState, message: str, reply: str, *, language: Language
    ) -> ConversationState:
        return self.record(state, message, reply, language=language)

    async def asummarise(self, state: ConversationState, *, language: Language) -> Summary:
        return self.summarise(state, language=language)

    def summarise(self, state: ConversationState, *, language: Language) -> Summary:
        with memo.scope():
            return self._summarise(state, language)

    def _summarise(self, state: ConversationState, language: Language) -> Summary:
        check_language(language)
        theme = _theme(state)
        filed = _courtesies_off(summary_answers(state))
        answers = _asked_to_remove(filed, state)
        if not answers:
            # nothing filed, or all of it asked to be taken out ("Actually delete that."): never the
            # words they took back, quoted from the turns instead
            return Summary() if filed else self._summary_without_flow(state, language)
        if form_headed(theme):
            flow = _form_summary(state, theme, _asked_to_remove(_courtesies_off(answers_of(state)), state), language)
            return _role_summary(state, theme, flow, language) if role_summarised(theme) else flow
        kept_back = kept_from_the_manager(state) if theme.key == "one_on_one" else []
        per_step = step_answers([a for a in answers if theme.plain_answers or a.kind != "answer" or not _is_affirmative(a.text)])
        if theme.plain_answers:
            for a in answers:
                if a.kind == "answer" and _is_affirmative(a.text):
                    per_step.setdefault(a.step, []).append(a.text)
        noticed_extra: list[str] = []
        private: list[str] = []
        for a in answers:
            if a.kind in ("aside", "note") and theme.key == "one_on_one":
                # what they think over while preparing a 1on1 is kept from it as the steps are (P44)
                texts = _for_the_preparation(theme, [a.text], private, kept_back)
                if not texts:
                    continue
                a = replace(a, text=texts[0])
            if a.kind == "aside" and _has_content(a.text) and not _is_affirmative(a.text):
                noticed_extra.append(
                    _label_line(
                        _t(language, "選ぶときに考えたこと", "On the choice"),
                        quote(a.text, language, whole=True),
                        language,
                    )
                )
            elif a.kind == "note" and _worth_a_note(a.text):
                noticed_extra.append(
                    _label_line(_t(language, "ほかに書いたこと", "Also on your mind"), quote(a.text, language, whole=True), language)
                )
        noticed: list[str] = []
        next_steps: list[str] = []
        lined: list[tuple[Step, str]] = []
        for index in sorted(per_step):
            step = _step_for(theme, index)
            if step is None:
                continue
            texts = per_step[index]
            if step.collects == NEXT_STEP:
                for text in _for_the_preparation(theme, texts, private, kept_back):
                    next_steps.extend(_plan_part(item) for item in _items(text))
                continue
            if all(_is_nothing(t) for t in texts):
                continue
            if theme.key in _PLANS_MOVE_TO_NEXT and any(step.collects == NEXT_STEP for step in theme.steps):
                # a step of their own said under another question (「まずは上司に…言うてみるわ」
                # under Will/Can/Must's overlap): it is their next step, not that line (a blind
                # review found every heading of such summaries misfiled)
                planned = [t for t in texts if _plan_form_sentence(t)]
                next_steps.extend(_plan_part(t) for t in planned)
                texts = [t for t in texts if t not in planned]
                if not texts:
                    continue
            texts = _for_the_preparation(theme, texts, private, kept_back)
            quoted = " ".join(q for t in texts if not _is_placeholder(q := _quote_answer(t, step, language)))
            if quoted:
                lined.append((step, quoted))
        noticed.extend(_label_line(label, quoted, language) for label, quoted in summary_lines(theme, lined, language))
        private = _without_promised(state, private)
        if private:
            # health, a crisis or mistreatment told while preparing a 1on1 is not filed as
            # something for the manager (the blind review graded that harmful: a stomach pain
            # under "how I want my manager to respond" in an agenda he would print); it stays
            # theirs, and the agenda draft never takes it (kabeuchi.oneonone.drafting)
            noticed.append(
                _label_line(
                    _t(language, "自分のためのメモ（1on1の準備には入れていません）", "Just for you (not put into the 1on1 preparation)"),
                    " ".join(quote(x, language) for t in private for x in t.split("\n") if x.strip()),
                    language,
                )
            )
        next_steps = [s for s in next_steps if not _is_nothing(s)]
        if not next_steps and any(step.collects == NEXT_STEP for step in theme.steps):
            plan = _late_plan(state, answers)
            if plan is not None:
                # the step was said in answer to another question (「…まあ、言うなら次の1on1やな。
                # …理由を聞きたいってとこだけ言うてみるわ」 asked when it feels a little smaller):
                # it is their next step, not a line under that heading
                next_steps = [_plan_part(plan.text)]
                step = _step_for(theme, plan.step)
                if step is not None:
                    label = _label_line(step.label.get(language), "", language)
                    noticed = [line for line in noticed if not (line.startswith(label) and fold(plan.text[:12]) in fold(line))]
        noticed.extend(noticed_extra)
        if role_summarised(theme):
            return _role_summary(state, theme, Summary(noticed=noticed, next_steps=next_steps), language)
        return Summary(noticed=noticed, next_steps=next_steps)

    # -- planning ------------------------------------------------------------------------

    def _saving_heard(self, state: ConversationState, message: str, language: Language, move: Move) -> Move:
        """A wish about keeping this talk said beside other things (「ありがと！保存は1週間でいいや👋」,
        "Don't save. I copy it to my paper notebook myself.", 「保存もしない。消して。」): the rounds'
        people said one at the end of half their talks, and the guide filed it as a topic, a memo or
        a feeling, or said "You would like to keep this".  It is answered with how to do it, and
        the rest of the message is read without it.  A safety move stays as it is."""
        if move.kind == "noted" and _NO_NEED_TO_KEEP.match(message.strip()):
            return move  # about what was just kept back, not about this talk (``_Planner._drops_the_kept``)
        sentences = [x for x in _split_sentences(message) if x.strip()]
        saving = [x for x in sentences if _keeping_wish(x)]
        line = _SAVING_HOW[language]
        if not saving or move.kind in _SAFETY_MOVES or line in move.text or _SAVING_AGAIN[language] in move.text:
            return move
        if any(line in t.text for t in state.turns if t.role == "partner"):
            line = _SAVING_AGAIN[language]  # said once already in this talk: the short form
        if move.kind == "corrected" or (move.kind == "check" and _asks_summary(message)):
            # 「まとめ見せて。保存は1週間で」: the summary asked for, with the answer about keeping before it
            return replace(move, text=f"{line}\n{move.text}")
        if move.kind == "end":
            return replace(move, text=f"{move.text}\n{line}")
        rest = " ".join(x for x in sentences if not _beside_a_keeping_wish(x))
        planner = _Planner(self, state, message, language)
        if _has_content(rest) and without_courtesies(rest) and not ends_with_goodbye(rest):
            then = _Planner(self, state, rest, language).plan()
            if then.kind in _SAFETY_MOVES:
                return move
            if then.kind == "end":
                return replace(then, text=f"{then.text}\n{line}")
            return replace(then, text=f"{line}\n{then.text}")
        if ends_with_goodbye(message) or says_thanks(message):
            end = planner._end_lines()
            return replace(end, text=f"{end.text}\n{line}")
        return planner._back_to_the_question("answered", [line])

    def plan(self, state: ConversationState, message: str, *, language: Language, taken: bool = False) -> Move:
        """Decide the reply to ``message``. Pure and deterministic. The same decision is needed
        by ``stream_reply`` and then by ``record``: the first keeps it briefly, the second
        (``taken``) takes it out, so no conversation stays in memory after its reply."""
        check_language(language)
        key = (state, message, language)
        now = time.monotonic()
        with self._lock:
            while self._cache and now - next(iter(self._cache.values()))[0] > self._CACHE_SECONDS:
                self._cache.popitem(last=False)
            cached = self._cache.pop(key, None) if taken else self._cache.get(key)
            if cached is not None:
                return cached[1]
        with memo.scope():
            move = _Planner(self, state, message, language).plan()
            move = self._saving_heard(state, message, language, move)
        if move.kind not in _SUPPORT | {"end"} and _asks_record(message) and not _looks_like_plan(message) and _RECORD_HOW[language] not in move.text:
            # 「ノートに入れときたいです」「のーとに いれといて」: the guide cannot write to the notebook
            # itself, so it says how the person can (the round-14 review: the request was ignored)
            move = replace(move, text=_RECORD_HOW[language] + "\n" + move.text)
        if not taken:
            with self._lock:
                self._cache[key] = (now, move)
                while len(self._cache) > self._CACHE_SIZE:
                    self._cache.popitem(last=False)
        return move

    def _summary_without_flow(self, state: ConversationState, language: Language) -> Summary:
        """A conversation the guide did not lead (a model engine had it): the person's most
        salient phrase of each message, in order, without pretending to know which question
        they answered."""
        said: list[str] = []
        seen: set[str] = set()
        theme = _theme(state)
        kept_back = kept_from_the_manager(state) if theme.key == "one_on_one" else []
        for turn in state.turns:
            if turn.role != "person" or _is_command(turn.text) or _asks_guide(turn.text):
                continue
            if not _content_part(turn.text) or _is_affirmative(turn.text):
                continue  # 「合ってます」「ありがとうございます」: nothing they noticed
            # a 1on1 preparation's summary can be shared: what is kept from the manager, or carries
            # a safety signal, is not quoted here either (round 15: 「やる気は落ちてます」 was)
            told = "".join(x for x in _split_sentences(turn.text) if not _keeping_wish(x))
            text = " ".join(_for_the_preparation(theme, [told], [], kept_back)) if told.strip() else ""
            for phrase in salient(text, 1, minimum=1.0) if text else []:
                if fold(phrase.text) not in seen:
                    seen.add(fold(phrase.text))
                    said.append(phrase.text)
        if not said:
            return Summary()
        label = _t(language, "話の中に出てきた言葉", "In your words")
        joiner = "" if language == "ja" else " "
        return Summary(
            noticed=[_label_line(label, joiner.join(_wrap(p, language) for p in said[:8]), language)], next_steps=[]
        )


# what a message the keptback model reads as a request may be, for the guide to say it stays out
_MAY_KEEP_BACK = frozenset({"answer", "off_topic", "nothing"})
# how sure the keptback model must be that a sentence is a request before the guide says it stays
# out (the development corpora: requests read 0.91-0.98; a skip, a correction and 「大ごとにはしたく
# ない」 read 0.51-0.73); below it the summary still keeps the sentence back, the reply says nothing
_SURE_REQUEST = 0.85
# What the guide's previous reply was, as jatext.intents reads context.
_AFTER_MOVE = {
    "check": "summary",
    "check_note": "summary",
    "close": "closing",
    "end": "closing",
    "support": "help",
    "support_plan": "help",
    "health": "help",
    "health_part": "help",
}


class _Planner:
    """One decision of the guide, with the pieces of state it needs at hand."""

    def __init__(
        self, engine: GuideEngine, state: ConversationState, message: str, language: Language
    ) -> None:
        self.engine = engine
        self.state = state
        self.message = message
        self.language = language
        self.theme = _theme(state)
        self.step = max(0, state.step)
        self.last = next((t for t in reversed(state.turns) if t.role == "partner"), None)
        self.last_move = (self.last.move or "ask") if self.last is not None else "open"
        self.partner_count = sum(1 for t in state.turns if t.role == "partner")
        self.recent = [t.text for t in state.turns if t.role == "partner"][-4:]
        self._used: list[str] = []
        self.shown = True  # whether the page shows the contacts (jatext.safety saw the signal)
        self._asked_memo: dict[str, str] = {}

    def _asked(self, text: str) -> str:
        """What ``text`` asks of the guide, by the model (jatext.asks) when it is sure, else ""."""
        if text not in self._asked_memo:
            reading = asks.read(_without_own_retraction(text))
            self._asked_memo[text] = reading.asks if reading is not None else ""
        return self._asked_memo[text]

    def _after_unread_check_in(self) -> bool:
        """Whether the guide's last reply was the check-in after a crisis read by the classifier
        alone (the only reply that says how to go on if it misread)."""
        last = self.last.text if self.last is not None else ""
        return self.last_move == "support" and (_MISREAD_JA in last or _MISREAD_EN in last)

    def _checked_in_before(self) -> bool:
        """Whether the guide checked in after a classifier-only crisis earlier in this talk, and
        the talk went on after it."""
        partner = [t for t in self.state.turns if t.role == "partner"]
        return any(_MISREAD_JA in t.text or _MISREAD_EN in t.text for t in partner[:-1]) and not self.in_support

    def _said_before(self, sentence_ja: str) -> bool:
        last = self.last.text if self.last is not None else ""
        return sentence_ja in last or "Nobody at your company is told about this conversation." in last

    @property
    def in_support(self) -> bool:
        return self.last_move.startswith("support")

    def _last_reply(self) -> str:
        """The guide's reply just before this message ("" at the start)."""
        return next((t.text for t in reversed(self.state.turns) if t.role == "partner"), "")

    # The shape of every reply: optional reflection lines, then at most one question.
    def plan(self) -> Move:
        text = self.message.strip()
        if not text:
            return self._move("again", self.step, [self._t("ゆっくりで大丈夫です。", "Take your time."), self.ask(self.step)])
        signals = _read_past_nothing_more(text, _read_past_requests(text, detect(text)), self._last_reply())
        signals = _read_past_thanks_for_the_talk(text, signals, self.state, closed=self._closed())
        kinds = {signal.kind for signal in signals} or _unlisted_signals(text)
        self.shown = not _unlisted_signals(text) or bool(signals)
        # Support mode needs a rule's reading (or the guide's own list). The classifier alone
        # also fires on ordinary talk (「部長に『まだ早い』と言われました」, 「もう少し話してもいいですか」):
        # its signal brings up the help beside the reply (coach.support), the guide adds one
        # gentle line and goes on with the theme. A false alarm costs a panel, not the conversation.
        # a crisis the rules read as played down with a laugh ("want to die lol") is a check-in,
        # not support at once, also where the guide's own list would read it (docs/safety.md)
        firm = firm_kinds(signals) | (_unlisted_signals(text) - laughed_off_kinds(signals))
        if (self.in_support or self._after_unread_check_in()) and _STILL_THERE.search(text) and self._crisis_said() and not _wants_return(text):
            # "I'm not going to do anything stupid. It's just a thought that shows up." after a crisis
            # check-in (round 40's R40-17: 「では、このまま続けましょう」 and back to the 1on1, graded
            # harmful): a thought that keeps coming is worth a person's ear, danger or not
            return self._still_there()
        if (
            self._after_unread_check_in() and not kinds and not _wants_end(text) and not _wants_return(text)
            and _reads_as_content(text, "ask") and not _asks_guide(text) and not _MINIMISES.search(text)
        ):
            # The classifier alone read crisis in the message before, and the guide stopped to
            # check in (「わたしの読み違いでしたら…」).  The person went on about their work and
            # nothing in this message reads as a signal: the check-in was a question, not a mode.
            # The message answers the question that was on screen, and the talk goes on (a blind
            # review: after one false alarm on "Sorry, long message." every later reply of the
            # conversation stayed in crisis support, the summary included).  A rule's reading
            # keeps support mode as before; any signal in this message keeps it too, and so does
            # taking it back (「大げさだった ごめん」), which support mode answers.
            self.last_move = "ask"
            move = self._plan_after_signals(text, set())
            lead = self._t("書いてくださって、ありがとうございます。では、このまま続けましょう。", "Thank you. Let us go on, then.")
            return replace(move, text=f"{lead}\n{move.text}") if move.kind in _ACCEPTING else move
        if self.theme.key == "one_on_one" and not kinds and (
            asks_for_manager_view(text) or (self.last_move == "check" and _BARE_SHOW.match(text.strip()))
            or (_ASKS_IF_LEFT_OUT.search(text) and (self.last_move == "check" or kept_from_the_manager(self.state, readers=False)))
        ):
            # 「課長に見える部分だけ見せてください」 "Can I see exactly what my manager will see?":
            # what a draft would hold, as the draft would hold it (rounds 22 and 23: 13 of 40
            # conversations asked, and got "I cannot answer that" or the whole summary)
            return self._manager_view()
        if self.theme.key == "one_on_one" and "crisis" not in firm:
            kept_back = self._kept_from_the_manager(text, kinds)
            if kept_back is not None:
                return kept_back
        if self.in_support and "health" not in firm:
            # in support mode the classifier's health reading of 「誰にも言えてない」 is no cue for
            # a template about the body: the person is heard as they are
            kinds = kinds - {"health"}
        if (
            self.in_support and _MINIMISES.search(text) and not (kinds - {"crisis"}) and self._crisis_said()
            and (_DENIES_CRISIS.search(text) or ("crisis" not in kinds and len(text) <= 20))
        ):
            # taking back what was said (「大げさにするつもりはなかったんです。死にたいとかではないと
            # 思います」): the crisis words are there only to be denied, and the help stays on screen;
            # the whole crisis message again would not have heard them (the round-10 review)
            return self._taken_back()
        if "crisis" in firm:
            return self._support_start(text, "crisis")
        if "harassment" in firm and not self.in_support:
            return self._support_start(text, "harassment")
        if not self.in_support and self._drops_the_kept(text):
            # "No need to keep it" / 「のこさなくて いい」 right after a request to keep something from
            # the manager: not even the note just for them (round 40's R40-16 and R40-11; the
            # summary leaves it out, ``_asked_to_remove``)
            return self._noted(self._t("わかりました。そのことは、あなただけのメモにも残しません。",
                                       "Understood. I will not keep that anywhere, not even in your own notes."))
        if (
            not self.in_support and len(text.strip()) <= 40 and _SAVE_SETTING.search(text) and not _looks_like_plan(text)
            and not ends_with_goodbye(text) and not says_thanks(text) and len([x for x in _split_sentences(text) if x.strip()]) == 1
        ):
            # 「なら今日のは保存せんでいい」 on its own (round 31: filed as a memo for the person,
            # never answered): whether it is kept is the choice made at the start, changeable on the page
            said = any(self._saved_line() in r for r in self.recent)
            line = self._t(
                "先ほどお伝えしたとおり、残すかどうかは始めるときに選んだとおりで、残した場合もいつでも消せます。",
                "As I said, whether it is kept is what you chose at the start, and a kept conversation can be deleted at any time.",
            ) if said else self._saved_line()
            return self._back_to_the_question("answered", [line])
        if "crisis" not in firm and _ASKS_IF_DESK_TELLS.search(fold(text) + " " + text) and (self.in_support or re.search(
            r"[？?]\s*$|(?:か|の|かな|でしょ|でしょう|だろ|だろう|やろ)[。\s]*$", text.strip()
        )):
            # (in support the same worry said as a statement is answered too: 「会社の相談窓口なんか、
            # 行ったら噂になる。」 after a crisis, R41-20)
            # (「相談窓口とか　会社にばれるでしょ」 in crisis support, R39-14: reflected, never answered)
            # "if I go to 産業医, my supervisor will know?" (round 31: reflected as something said):
            # answered wherever it is asked, as _honest_answer answers it
            lines = self._honest_answer(text)
            if self.in_support:
                return self._move("support", self.step, [*lines, self._support_door()])
            return self._back_to_the_question("answered", lines)
        names = _names_taken_back(text, [t.text for t in self.state.turns if t.role == "person"])
        if names and "crisis" not in firm:
            # 「さっき先輩の名前だしちゃったんですけど、それ残らないようにできますか？」 (round 40's R40-02,
            # in harassment support: 「それは、わたしには答えられません」): the name leaves the summary
            # (``_asked_to_remove``), and the reply says so
            quoted = "、".join(f"「{n}」" for n in names) if self.language == "ja" else ", ".join(f'"{n}"' for n in names)
            said = self._t(f"はい、できます。{quoted}のお名前は、まとめに残しません。", f"Yes. {quoted} will not be kept in the summary.")
            if self.in_support:
                return self._move("support", self.step, [said, self._support_door()])
            step = self.step_def(self.step)
            if self._past_end(self.step) or step is None:
                return self._move("noted", self.step, [said, self._door_open()])
            return self._move("noted", self.step, [said, step.question.get(self.language)])
        # an unsure crisis reading does not stand in the way (round 27: 「早期退職…応募を考えている。社内の
        # 誰にも話していない。ここに書いて大丈夫か。」 got a crisis line and no answer, graded harmful);
        # a firm one was answered above
        if ("crisis" not in kinds or not self.in_support) and privacy_q.asks_about_privacy(text) and not (
            asks_for_manager_view(text) and (_SHOW_REQUEST.search(text) or not _ABOUT_THIS_PLACE.search(text))
        ) and not privacy_q.names_another_activity(self._previous_message() + "\n" + text):
            # (「EAPがあるのは知ってる」 just before 「使ったら会社に知られますか」: about the EAP, answered below)
            # 「これってセンター長に通知いったりする？？」 "This is saved? who can read?": answered plainly,
            # never "I cannot answer that" first (round 25: five such questions went wrong)
            lines = self._privacy_answer(text)
            if self.in_support:
                return self._move("support", self.step, [*lines, self._support_door()])
            if not self._past_end(self.step):
                lines.append(self._pick(
                    ("そのうえで、先ほどの問いに戻りますね。", "では、問いに戻りますね。", "よければ、続きを考えてみましょう。"),
                    ("With that, let us come back to the question.", "Let us return to the question.", "If you like, let us go on."),
                ))
            return self._back_to_the_question("answered", lines)
        if "crisis" not in kinds and helplines.asks_for_contacts(text):
            # 「窓口の電話番号だけもう一回出して」 (round 24, in a harassment talk: taken as a goodbye,
            # graded harmful): the contacts again, asked as a question or not
            lines = self._helpline_hours(text) if helplines.asks_about_hours(text) else [self._contacts_line()]
            if ends_with_goodbye(text) or (says_thanks(text) and re.search(r"今日は|きょうは|ありがとうございました|\bfor today\b", text, re.IGNORECASE)):
                # 「今日はありがとうございました。…窓口の連絡先だけもう一度表示してもらえますか。」: leaving
                lines.append(self._t("今日は、ここまで書いてくださって、ありがとうございました。", "Thank you for writing today."))
                return self._move("end", self.step, lines)
            if self.in_support:
                return self._move("support", self.step, [*lines, self._support_door()])
            return self._back_to_the_question("answered", lines)
        if (
            "health" in kinds and "health" not in firm and "crisis" not in kinds and not self.in_support
            and not _own_health_cue(text) and not _asks_about_doctor(text) and not _ASKS_WHO_MAY_USE.search(fold(text) + " " + text)
            and not _ASKS_IF_DESK_TELLS.search(fold(text) + " " + text)
            and "harassment" not in kinds  # mistreatment read too: the desk line below, not the body
        ):
            # the classifier alone read health (「残業が減りません」 can read so): the message is an
            # answer like any other, and one gentle line about the physician goes before the question
            move = self._plan_after_signals(text, kinds - {"health"})
            # the help panel is shown for the reading; the guide's own line only when the classifier
            # is sure enough (jatext.safety.LINE_PROBABILITY: reviewers graded it needless on ordinary talk)
            aside = "" if move.kind in ("end", "close") or not worth_a_line(text, "health") else self._health_line(optional=True)
            head, sep, question = move.text.rpartition("\n")
            return replace(move, text=f"{head}\n{aside}\n{question}") if (aside and sep) else move
        if (
            "harassment" in kinds and "harassment" not in firm and "crisis" not in kinds and not self.in_support
            and not (_asks_guide(text) and _PASSED_ON.search(text))  # "will my manager find out?" is no disclosure
        ):
            # the classifier alone read mistreatment, often of someone else (「同僚が上司にきつく当たられて
            # るっぽくて」): the message stays an answer, and one line says the desk is there, also for
            # what a person sees happen to a colleague; nothing is decided for them
            unread = {"harassment"} | ({"health"} - firm)  # a classifier-only health reading beside it too
            if self.theme.key == "one_on_one" and _reads_as_content(text, self.last_move or ""):
                # while preparing a 1on1, mistreatment told is not filed as something to tell the
                # manager, nor probed for its cues (a blind review graded that harmful: a
                # colleague's touching filed as 「最初に伝えること」): it is heard, the desk is
                # there, whether to raise it is theirs, and the same question comes again
                return self._move(
                    "held",
                    self.step,
                    [
                        self._t("話してくださって、ありがとうございます。軽く扱ってよいことではないと思います。", "Thank you for telling me. It is not something to brush aside."),
                        self._harassment_line() or self._t("相談窓口は下に出しています。", "The consultation desk is shown below."),
                        self._t(
                            "このことを1on1で話すかどうかも、あなたが決めてかまいません。ここに書いたことは、準備のまとめには入れません。",
                            "Whether to raise it in the 1on1 is yours to decide too. What you wrote here stays out of the preparation.",
                        ),
                        self.ask(self.step),
                    ],
                )
            move = self._plan_after_signals(text, kinds - unread)
            if move.kind in ("end", "close") or not worth_a_line(text, "harassment"):
                return move  # (the help panel is shown for the reading either way)
            return _before_question(move, self._harassment_line())
        if (
            "crisis" in kinds and self.in_support and not _ends_the_talk(text, signals) and not _wants_return(text)
            and ("crisis" in firm or not _reads_as_plan(text, self.last_move or ""))
            # a request about the talk or about how to reach help ("Please don't save this.", "Is
            # there something in English?") that only the classifier reads as a crisis is answered
            # as asked below (round 29's R29-18 got 「まだ続いているのですね」 instead)
            and ("crisis" in firm or not (
                _SAVE_SETTING.search(text) or _OTHER_LANGUAGE.search(text) or _NOT_BY_PHONE.search(text) or _WHICH_CONTACT.search(text)
            ))
        ):
            # (a plan said in support mode that only the classifier reads as a crisis — 「次の1on1で
            # …聞いてみます！」 — is kept as their step below, never answered with 「まだ続いている
            # のですね」: a blind reviewer graded that harmful after a false alarm)
            # support mode (after health or harassment) is no reason to hear a crisis less: the
            # classifier's crisis reading gets people first again, never only an echo
            told = self._nobody_is_told(text)  # 「今書いたことは、職場の誰かに通知されたり…」: answered first
            if any("人と話すことが大切です" in r or "talk with a person, not with me" in r for r in self.recent):
                # said a moment ago: the same words again would read as a form letter
                lines = [*told,
                    self._t("つらい気持ちが、まだ続いているのですね。", "It still feels very heavy."),
                    self._t(
                        "今は、人と話すことをいちばん大切にしてください。相談先は下にあります。今日のうちに、ひとことだけでも連絡してみてもらえたらと思います。",
                        "Right now, talking with a person matters most. The contacts are below; even one short message today can help.",
                    ),
                ]
                return self._move("support", self.step, [*lines, self._support_door()])
            return self._move("support", self.step, [*told, *self._crisis_check_in()[:2], self._support_door()])
        if "crisis" in kinds and not self.in_support and not _ends_the_talk(text, signals):
            # The classifier alone read crisis.  COACHING.md: a crisis stops the flow.  A false
            # alarm is possible, so the reply checks in instead of asserting, never files the
            # message as an answer, and says how to go on if it was misread.
            unsure = "crisis" in unsure_kinds(signals) or (self._checked_in_before() and _reads_as_plan(text, self.last_move or ""))
            # (a plan said after the person already went on from a check-in — 「次の1on1で…聞いて
            # みます！」, "My small step: … Goodbye." — that only the classifier reads as crisis gets
            # the gentle line and the help panel, and is kept as their step: not the same check-in
            # again, which would lose the step from the summary)
            if not (unsure or _asks_for_decision(text, self.language) or _asks_guide(text)):
                return self._move("support", self.step, self._crisis_check_in())
            # an unsure reading (below the model's stop probability: 「上司は気づいていないんだと
            # 思いました」 can read so) shows the help panel and one gentle line; the talk goes on.
            # So does a request the guide recognises (「もう決めてほしい」): answer it, gently
            if unsure and _DANGER_WORDS.search(text) and not (_asks_for_decision(text, self.language) or _asks_guide(text)):
                # 「もう消えたい気分（笑）まあ冗談ですけど」: no cue of its words is taken up (no 「けど」
                # to ask about); the help is there, and the talk goes on with the next question
                move = self._answer(text, set())
            else:
                move = self._plan_after_signals(text, kinds - {"crisis"})
            if "harassment" in kinds and move.kind not in ("end", "close") and worth_a_line(text, "harassment"):
                # mistreatment read beside an unsure crisis keeps its own line about the desk (round
                # 32's R32-17: a colleague's touching got only the crisis line, the desk never named)
                move = _before_question(move, self._harassment_line() or self._t("相談窓口は下に出しています。", "The consultation desk is shown below."))
            gentle = self._pick(
                (
                    "もし今、つらさが強いようでしたら、下に相談先を出しています。人と話すこともできます。",
                    "しんどさが強いときは、下の相談先で人と話すこともできます。",
                ),
                (
                    "If things feel very heavy right now, the people shown below are there to talk to.",
                    "When it feels heavy, the people shown below are there to talk to.",
                ),
                optional=True,
            )
            return replace(move, text=gentle + "\n" + move.text) if gentle else move
        return self._plan_after_signals(text, kinds)

    def _kept_from_the_manager(self, text: str, kinds: set[str]) -> Move | None:
        """While preparing a 1on1, a request to keep something from the manager, acted on at once;
        None when the message holds none (or only beside something the flow answers elsewhere)."""
        earlier = [t.text for t in self.state.turns if t.role == "person"]
        if announces_next(text):
            return self._noted(self._t(
                "わかりました。このあと書くことは、1on1の準備には入れず、あなただけのメモにしておきます。",
                "All right. What you write next stays out of the 1on1 preparation, in a note just for you.",
            ))
        if earlier and announces_next(earlier[-1]) and not _TURNS_TO_ANOTHER.match(text.strip()):
            return self._noted(self._t(
                "話してくださって、ありがとうございます。このことは、1on1の準備には入れず、あなただけのメモにしておきます。",
                "Thank you for telling me. This stays out of the 1on1 preparation, in a note just for you.",
            ))
        if goes_on_about_the_kept(earlier, text):
            # 「あいつ前からそうなんだよなー」 after a request: it stays with what was kept back
            return self._noted(self._t(
                "ここに書いたことも、1on1の準備には入れず、あなただけのメモにしておきます。",
                "This stays out of the 1on1 preparation too, in a note just for you.",
            ))
        if _only_a_swap(text) and _substituted(answers_of(self.state), text) is not None:
            return None  # a wording swapped (「「無理」って書かんといて。「調整したい」くらいで」): a correction
        targets = _quoted_targets(_asking_part(text))
        not_written = bool(re.search(_NOT_WRITTEN, text))
        if not_written and not targets and len(text) <= 60:
            # 「このことは、1on1の資料には絶対に入れないでください」: what was just told stays out
            return self._noted(self._t("わかりました。そのことは、1on1の準備にもまとめにも書きません。", "All right. That is not written in the 1on1 preparation or the summary."))
        if not_written and targets and len(text) <= 60 and not _KEPT_FROM_THE_MANAGER.search(text):
            # 「あ、でも限界とか書かないでね」: what it names is not written anywhere
            named = "」「".join(_as_named(t, text) for t in targets)
            return self._noted(self._t(f"わかりました。「{named}」のことは、1on1の準備にもまとめにも書きません。", f"All right. \"{named}\" is not written in the 1on1 preparation or the summary."))
        if not _KEPT_FROM_THE_MANAGER.search(text):
            if self._removal_named(text) and not _A_NOTE_FOR_ME.search(text):
                # 「やっぱりさっきの2人目の話は消して　ここにも残したくない」: taken out altogether, not
                # kept in a note of their own (R36-12: the reply promised a private memo); "drop the
                # line about X, that's a note for me" still keeps it for them (R26-07)
                return None
            return self._read_as_kept(text, kinds) or self._marked_private(text, kinds)
        if not targets:
            # 「③下期の評価どうなるのか。あと…これは店長には言いたくないんですけど、実は転職サイトに
            # 登録だけしました」: the rest is answered, the part kept from the manager is neither
            # reflected nor asked about (the round-14 review graded probing it harmful)
            shared, _ = split_sensitive(_without_asking(text))
            kept = self._kept_line()
            if not_written or not _worth_taking_up(shared):
                # "Not yet." after the request: nothing more to take up; 「…スカウト来とる。でもこれは
                # 課長との紙には載せんでよかけんね」: what is left is what they keep back
                return self._noted(kept)
            # a health reading that only the kept part carries gets no template about the body
            # (R26-07: "I'm in the middle of a divorce … I really don't want that in anything he sees")
            own = {signal.kind for signal in detect(shared)}
            return self._rest_after_kept(kept, shared, kinds if "health" in own else kinds - {"health"})
        # 「『いっぱいいっぱい』は上司には言わないでおきたいです」: a request about the preparation,
        # acted on (the round-12 review graded a crisis check-in and a summary that kept it harmful)
        named = "」「".join(_as_named(t, text) for t in targets)
        if not_written:  # 「…は絶対書かないで」: not written anywhere in the preparation
            return self._noted(self._t(f"わかりました。「{named}」のことは、1on1の準備にもまとめにも書きません。", f"All right. \"{named}\" is not written in the 1on1 preparation or the summary."))
        kept = self._t(
            f"わかりました。「{named}」は、1on1の準備には入れず、あなただけのメモにしておきます。",
            f"All right. \"{named}\" stays out of the 1on1 preparation, in a note just for you.",
        )
        shared = without_kept_back(split_sensitive(_without_pointing_back(text))[0], targets)
        # 「体調のことはリーダーには言わないっす。…言うとしたら納期前の作業量の話だけで」: the rest
        # is answered as usual, after saying what stays out
        move = self._rest_after_kept(kept, shared, kinds) if _worth_taking_up(shared) else None
        return move or self._noted(kept)

    def _read_as_kept(self, text: str, kinds: set[str]) -> Move | None:
        """A request to keep something from the manager in a wording the rules do not know
        (「面接の件は課長には伏せておいてください」「↑所長にはまだ内緒」), read by ``jatext.keptback``:
        said to stay out, and the rest answered as usual; None when no sentence asks."""
        if kinds or asks.read(text) is not None:
            return None  # a signal is answered by the safety flow, a question to the guide by its answer
        if intents.load().read(text, _AFTER_MOVE.get(self.last_move, "question")).intent not in _MAY_KEEP_BACK:
            return None  # "don't call it a slip", 「とばして」, "that'll do, thanks": the flow answers those
        readings = keptback.read(text)
        if not any(r.asks and r.ask_probability >= _SURE_REQUEST for r in readings):
            return None
        kept = self._kept_line()
        # why it is kept back goes with it (「…申し上げないでいただけますでしょうか。査定の時期でも
        # ございますので。」: round 29's R29-02 added the reason to the topics, graded harmful)
        reasons = _reasons_after([r.sentence for r in readings], _sure_requests(readings))
        shared, _ = split_sensitive((" " if text.isascii() else "").join(r.sentence for n, r in enumerate(readings) if not r.kept and n not in reasons))
        if not _worth_taking_up(shared):
            return self._noted(kept)
        return self._rest_after_kept(kept, shared, kinds) or self._noted(kept)

    def _marked_private(self, text: str, kinds: set[str]) -> Move | None:
        """A matter marked private with no request verb (「…週3で通っとる。…ここだけの話」「これも私個人
        の事情ですので」 "thats just for me, not for the agenda"), which the summary already keeps in
        the person's own line (``_PRIVATE_MARKER``): said to stay out, and the rest answered as usual.
        Before, the reply added the whole message to the topics it listed back: round 27's blind
        review graded four such replies harmful while the summary kept the matter private.  A
        health reading (「父が入院してて…ここだけの話ね」) does not stop it: the help is shown beside
        the reply as ever."""
        asking = asks.read(text)
        if (kinds - {"health"}) or (asking is not None and asking.asks != "not_a_question"):
            return None
        parts = keptback.split(text)
        if not any(_PRIVATE_MARKER.search(x) and not _SECRET_OF_OTHERS.search(x) for x in parts):
            return None
        if intents.load().read(text, _AFTER_MOVE.get(self.last_move, "question")).intent not in _MAY_KEEP_BACK:
            return None
        kept = {*_story_of_request(text), *(x for x in parts if _PRIVATE_MARKER.search(x))}
        shared, _ = split_sensitive((" " if text.isascii() else "").join(x for x in parts if x not in kept))
        line = self._kept_line()
        if not _worth_taking_up(shared):
            return self._noted(line)
        # what is kept back carried the health reading, if any: the rest gets no health template
        # (R27-08: "…separating from my wife and money's tight. She doesn't need to know that.")
        return self._rest_after_kept(line, shared, kinds - {"health"}) or self._noted(line)

    def _kept_line(self) -> str:
        line = self._t(
            "上司には伝えずにおきたいところは、1on1の準備には入れず、あなただけのメモにしておきます。",
            "What you would rather not tell your manager stays out of the 1on1 preparation, in a note just for you.",
        )
        if "health" in {s.kind for s in detect(self.message)} and worth_a_line(self.message, "health"):
            # 「最近夜ぜんぜん寝れねくて、朝ドキドキすんの。でもこれ上司には言わね」: kept from the manager,
            # and still one gentle line about who can help (the help panel is shown beside it)
            aside = self._health_aside()
            return f"{line}\n{aside}" if aside else line
        return line

    def _rest_after_kept(self, kept: str, shared: str, kinds: set[str]) -> Move | None:
        """The rest of a message that kept something from the manager, answered as usual after
        the line saying what stays out; None when the flow answers it elsewhere (an end, support)."""
        move = self._plan_after_signals(shared, kinds)
        if move.kind in ("end", "support", "support_plan", "answered"):
            return None  # (a close is taken up below)
        if move.kind == "close":
            if not _names_a_step(self.theme, shared):
                return None
            # the last question answered by name beside a request (「じゃあ会議のは入れない。最初は
            # 「…」って言う」): the close, with nothing of the message quoted
            return self._move("close", move.step, [kept, *self._closing()])
        if move.kind in ("deepen", "deepen2"):
            # no probing beside a request to keep something back: what is left may still be part of
            # the secret ("… i cried in the toilet lol. but dont put that in the agenda"), and the
            # round-14 review graded a question about a kept matter harmful); nor is any of it quoted
            return self._noted(kept)
        return replace(move, text=f"{kept}\n{move.text}")

    def _drops_the_kept(self, text: str) -> bool:
        """Whether ``text`` only says the thing just kept back need not be kept at all."""
        return self.theme.key == "one_on_one" and self.last_move == "noted" and bool(_NO_NEED_TO_KEEP.match(text.strip()))

    def _noted(self, said: str) -> Move:
        """A request about the preparation acted on, then the same question (unless past the end);
        where that question is about each topic, with the topics listed (what stays out is never
        among them)."""
        if self._past_end(self.step):
            return self._move("noted", self.step, [said])
        step = self.step_def(self.step)
        items = self._items_of("topics") if step is not None and step.lists_from == "topics" else []
        if items:
            return self._move("noted", self.step, [said, self._topics_then(items, step.question.get(self.language))])
        return self._move("noted", self.step, [said, self.ask(self.step)])

    def _topics_then(self, items: list[str], question: str) -> str:
        """The topics as listed back (at most six), then ``question``; the question alone without topics."""
        if not items:
            return question
        bullet = "・" if self.language == "ja" else "- "
        listed = f"{self._t('話したいこと：', 'Your topics:')}\n" + "\n".join(bullet + item for item in items[:6])
        return f"{listed}\n{question}" if question else listed

    def _plan_after_signals(self, text: str, kinds: set[str]) -> Move:
        if _only_record_request(text) and not self.in_support:
            # 「ノートに入れといて」 alone: how to keep it, and the talk goes on (it was filed as a step)
            follow = self.ask(self.step) if not self._past_end(self.step) else self._t(
                "ほかに書いておきたいことがあれば、続けてください。終わりにしても大丈夫です。",
                "If there is more you want to write, go on. It is also fine to stop here.",
            )
            return self._move("resume", self.step, [_RECORD_HOW[self.language], follow])
        if self.theme.key == "one_on_one" and self.step > (self.theme.index_of("topics") or 0) and not self.in_support:
            # a listed topic taken off or rewritten by its number (「③の…今回はやめときます」「①の…じゃなくて
            # 『…』です」), also right after a summary: that topic alone changes, never the whole list
            dropped = _dropped_topic(text)
            if dropped is not None and any(item.startswith(dropped) for item in self._items_of("topics")):
                return self._topic_dropped(dropped)
            rewritten = _rewritten_topic(text)
            if rewritten is not None and any(item.startswith(rewritten[0]) for item in self._items_of("topics")):
                return self._topic_rewritten(*rewritten)
        command = _command_of(text)
        if _wants_end(text) or (self._closed() and len(text) <= 60 and _thanks_for_the_talk(text)):
            # (「では書き出しておきます。お世話になりました。」 after the close: a goodbye, R39-19)
            return self._end()
        if not without_courtesies(text) and says_thanks(text) and self._has_next_step():
            # 「ありがと。ちょっとスッキリした」 after their step is said: thanks and relief, the end
            return self._end()
        if ends_with_goodbye(text) and len(without_courtesies(text)) <= 60 and not _reads_as_plan(text, self.last_move or "") and not _asks_guide(text):
            # 「ありがとうございました。…今日はこれで失礼します。」, "perfect thx. wish me luck 🤞": a
            # goodbye at the end, with no step and little else beside it, closes the talk (never
            # 「ありがとうございました」 kept as a next step, nor "wish me luck" added as a topic)
            return self._end()
        reading = self._reading(text)
        if _READY_TO_WRITE.match(text.strip()) and not self.in_support and not self._past_end(self.step):
            # 「よかった。じゃあ安心して書けます」 after an answer about privacy: they are ready, nothing
            # to file; the question again (round 29's R29-17 ended the talk there)
            return self._move("again", self.step, [self._t("よかったです。", "Good."), self._reask(self.step)])
        if (
            reading == "end" and len(text) <= 40 and not _looks_like_plan(text) and not self.in_support and _leaves_nothing_else(text, self.last_move)
            and not _GOES_ON_WRITING.search(text)  # 「よかった。じゃあ安心して書けます」 begins (round 29's R29-17 ended there)
        ):
            # 「OKです、助かりました」, "Great, done", 「寝ます、おやすみなさい」: a goodbye the rules
            # do not list; a short one only, so a step said with the thanks is never lost.  Not in
            # support mode (「ありがとうございます。ちょっと落ち着きました。」 after help was shown is
            # no goodbye), and not when what follows the thanks reads as something else
            return self._end()
        if (
            self.last_move in ("close", "plan") and self._has_next_step() and says_thanks(text) and not _SUMMARY_ASK.search(text)
            and without_courtesies(text) != text.strip() and text.rstrip("。．.!！〜~ 😊🙏").endswith(_THANKS_ENDINGS)
            and not _reads_as_plan(text, self.last_move) and not _asks_guide(text)
        ):
            # after the step is said and the end offered, a message that ends with thanks
            # (「若い方向けのものかと思っていましたが、使ってよかったです。ありがとうございました」) is
            # the goodbye; what comes before it is about the talk, not a new topic
            return self._end()
        if self.last_move == "close" and len(text) <= 40 and not _looks_like_plan(text) and _raw_reading(text, "close") == "end":
            # after the closing offer, a short thanks the classifier reads as a goodbye, even below
            # its acting threshold (「助かった。じゃ」「おおきに。ほな」): the end, not a new topic
            return self._end()
        if self.in_support:
            return self._in_support(text, kinds)
        if _asks_about_doctor(text) and not _ASKS_WHO_MAY_USE.search(fold(text) + " " + text) and not _ASKS_IF_DESK_TELLS.search(fold(text) + " " + text):
            return self._doctor(text)
        if (facts := self._physician_facts(text)) is not None and not _ASKS_IF_DESK_TELLS.search(fold(text) + " " + text):
            return facts
        if (
            self.recent and any(mark in self.recent[-1] for mark in _HEALTH_LINE_MARKS) and _NO_TIME_FOR_DOCTOR.search(text)
            and not _reads_as_plan(text, self.last_move or "")
        ):
            # 「病院行く暇なんかなかよ」 right after the line about the physician: an answer to that
            # line, not to the question (round 29's R29-07 kept it as the opening words)
            busy = re.search(r"暇|ひま|時間|no time", text, re.IGNORECASE)
            lines = [
                self._t(
                    "忙しいと、病院に行く時間をとるのも難しいですよね。体のことは、少し落ち着いたときにでも、後回しにしすぎないでもらえたらと思います。",
                    "When it is this busy, finding time for a doctor is hard. When things calm down a little, please do not leave your body for last.",
                ) if busy else self._t(
                    "今は、病院に行くほどではないと感じているのですね。それでも続くようなら、気軽に相談してみるのも一つです。",
                    "It does not feel like something for a doctor right now. If it goes on, asking someone is always an option.",
                ),
            ]
            if self._past_end(self.step):
                return self._move("health", self.step, lines)
            return self._move("health", self.step, [*lines, self._reask(self.step)])
        if self.recent and any(mark in self.recent[-1] for mark in _HEALTH_LINE_MARKS) and (
            _ASKS_IF_SERIOUS.search(text) or _OVERREACTING.search(text)
        ) and not _reads_as_plan(text, self.last_move or ""):
            # right after the line about the physician: "you think its serious?" (round 40's R40-19:
            # 「答えられません」 after headaches and a numb arm) and 「病院とか大げさかなって思ってて」
            # (R40-08: reflected, then the strengths question), both graded harmful
            lines = [
                self._t(
                    "わたしには、体のことが深刻かどうかは判断できません。ただ、気になる状態が続いていること自体が、早めにお医者さんや産業医に相談していいサインです。",
                    "I cannot judge whether it is serious. But something that keeps happening is itself a good reason to see a doctor or the industrial physician soon.",
                ) if _ASKS_IF_SERIOUS.search(text) else self._t(
                    "大げさではないと思います。体や眠りのことが続いているなら、それだけで相談していい理由になります。",
                    "It is not an overreaction. When something with your body or sleep keeps going on, that alone is reason enough to ask.",
                ),
                self._t(
                    "急に強くなったり、しびれが広がる、ろれつが回らない、胸が痛むといったときは、迷わず119に電話してください。",
                    "If it suddenly gets worse, or comes with spreading numbness, slurred speech or chest pain, please call 119 straight away.",
                ),
            ]
            if self._past_end(self.step):
                return self._move("health", self.step, lines)
            return self._move("health", self.step, [*lines, self._reask(self.step)])
        if "health" in kinds and _reads_as_plan(text, self.last_move or "") and (_HELP_PLACES.search(text) or _DOCTOR.search(text) or re.search(r"病院|医者|医師|受診|doctor|clinic|hospital", text, re.IGNORECASE)):
            # 「まず外の病院で一回ちゃんと眠れないこと相談してみます」: going to a doctor is their step
            # (the round-11 review: answered with the physician line and an old question, the step lost)
            return self._plan_after_signals(text, kinds - {"health"})
        if "health" in kinds and not (_only_someone_else(text) and not _own_health_cue(text)):
            return self._health(text)
        if command in _SKIP or _skip_in_sentence(text):
            return self._skip()
        # "should I stay or go back?" asks for a decision; it is no request to go back a question
        deciding = _asks_for_decision(text, self.language)
        back_with = None if deciding else _back_with_answer(text)
        if back_with is not None and self.step > 0:
            return self._back_revised(back_with)
        if _only_resumes(text) and not self._past_end(self.step):
            # 「話それちゃった💦 さっきの続きに戻りたいです」: back to the question, not a step back
            lead = self._pick(("はい、続きから考えましょう。",), ("Of course, let us pick up where we were.",))
            return self._move("resume", self.step, [lead, self.ask(self.step)])
        if command in _BACK or (_back_in_sentence(text) and not deciding):
            return self._back()
        if _DECLINES_SUMMARY.search(text) and len(text) <= 60:
            return self._summary_declined()
        if _asks_summary(text):
            return self._summary_now()
        if reading in ("back", "skip", "summary_request", "end"):
            # a request about the conversation itself (「一個前の質問もう一回いいですか」) is read
            # before the rules that look for questions to the guide or decisions
            routed = self._route(reading, text)
            if routed is not None:
                return routed
        if _only_a_swap(text) and _substituted(answers_of(self.state), text) is not None:
            # "it's not 'leaving early', make it 'adjusting my hours…'": words they wrote, swapped
            return self._correct(text)
        if (
            _EXPLICIT_SWAP.search(text) and _only_a_swap(text) and reading != "correction" and self.state.turns
            and not any(fold(_substitution(text)[0]) in fold(t.text) for t in self.state.turns)
        ):
            # "Change 'currently 25 hrs' to just 'current contract hours'" where no line says it
            # (round 27's R27-08: the request was filed as what would make the 1on1 worth it)
            return self._swap_not_found(text)
        term = _term_question(text)
        if term is not None:
            return self._explain(term)
        said_about_self = self._plainly("answer")  # 「決めてほしいわけじゃない」: no request at all
        if _asks_for_decision(text, self.language) and not said_about_self:
            return self._decide(text)
        if (_asks_guide(text) and re.search(_SEEN_BY, fold(text) + " " + text)) or _asks_about_evaluation(text):
            # whether anyone sees what is written here, or uses it to evaluate them, is never off
            # the topic (round-11 review; round 13 and 14: 「評価面談の資料に使われることは」 got
            # "I cannot answer" or nothing)
            return self._not_mine_to_answer(text)
        if _off_topic(text) or self._plainly("off_topic"):
            return self._off_topic()
        permission = self._permission(text, kinds)
        if permission is not None:
            return permission
        if _HOW_TO_ANSWER.search(text) and len(text) <= 40 and not self._past_end(self.step):
            return self._unsure()  # 「何から言えばいい？」: help with this question, not a question for HR
        if _starts_unsure(text) and not self._step_collects(self.step, NEXT_STEP) and self.last_move != "check":
            return self._unsure(text=text)  # わからない。何から言えばいい？: not knowing comes first
        asks_nothing = self._asked(text) == "not_a_question"  # "What do I want? To still explain things."
        if _asks_guide(text) and not _is_affirmative(text) and not _is_correction(text) and not said_about_self and not self._echoes_question(text) and not asks_nothing:
            return self._not_mine_to_answer(text)
        if self.last_move == "check":
            checked = self._after_check(text)
            if checked is not None:
                return checked
        choosing = self._step_collects(self.step, "response_style") and bool(_RESPONSE_STYLE.search(text))  # "think it through with me, not give me a lecture" picks an option
        removed = self._removal_named(text)
        if removed and not (self.theme.key == "one_on_one" and (_KEPT_FROM_THE_MANAGER.search(text) or re.search(_NOT_WRITTEN, text))):
            # 「あ、「悔しい」は消してください。置いていかれてる、だけで」: the summary leaves it out
            # (``_asked_to_remove``), and the reply says so (round 27's R27-12 took it for a feeling)
            said = self._t(f"「{removed}」は、まとめから外しておきますね。", f'"{removed}" is taken out of the summary.')
            # what the message goes on to say is answered as usual (R19-14: 「あ、「干された」はやっぱり
            # 消しといて。言いすぎやわ。開業医さんの仕事も好きやし。ただ、…そこが聞きたいだけ」)
            rest = (" " if text.isascii() else "").join(
                x for x in _split_sentences(text)
                if not (_part_of_a_removal(x) or re.search(_NOT_WRITTEN, x))
            ).strip()
            if rest != text.strip() and _worth_taking_up(rest):
                move = self._rest_after_kept(said, rest, set())
                if move is not None:
                    return move
            step = self.step_def(self.step)
            if self._past_end(self.step) or step is None:
                return self._move("noted", self.step, [said, self._door_open()])
            return self._move("noted", self.step, [said, step.question.get(self.language)])
        if (
            (_corrects_the_guide(text, self._guide_quoted(), after_check=False) or self._takes_back_own_word(text)) and step_answers(answers_of(self.state)) and not choosing
            and not (self.theme.key == "one_on_one" and _names_a_step(self.theme, text))  # 「最初のひと言は「…」にします」
        ):
            return self._correct(text)
        if _DENIES_WORDS.search(text):
            return self._clarified(text)
        if _asks_guide(text) and not said_about_self and not self._echoes_question(text) and not asks_nothing:
            return self._not_mine_to_answer(text)
        if _off_topic(text):
            return self._off_topic()
        if self.last_move in ("decide", "decide_kept") and not (_looks_like_plan(text) and (_PLAN_STRONG.search(text) or _PLAN_WHEN.search(text))):
            return self._after_decide(text)
        found = cues(text)
        if (_is_nothing(text) or _nothing_but_modesty(text) or _is_nothing_only(text)) and _CLOSING_THANKS.search(text.strip()):
            # 「特にないです。ありがとうございました」: nothing more, and the thanks that closes a talk
            # (round 31: the next question came instead of a goodbye)
            return self._end()
        if (_is_nothing(text) or _nothing_but_modesty(text)) and not self._step_collects(self.step, NEXT_STEP):
            return self._unsure(nothing=True)
        if (("unsure" in found and _mostly_unsure(text)) or _ends_unsure(text)) and not self._step_collects(
            self.step, NEXT_STEP
        ) and not _partly_unsure(text, self.language):
            return self._unsure(text=text)
        if _is_nothing_only(text) and not self._step_collects(self.step, NEXT_STEP):
            return self._unsure(nothing=True)
        if (
            _looks_like_plan(text)
            and (_PLAN_STRONG.search(text) or _PLAN_WHEN.search(text))
            and not self._step_collects(self.step, NEXT_STEP)
            and not self._names_topics(text)
        ):
            return self._early_plan(text)
        if self.last_move in ("close", "plan", "ask", "again") and self._past_end(self.step) and _VAGUE_PLAN.match(without_courtesies(text).strip()) and (says_thanks(text) or ends_with_goodbye(text)):
            # 「ありがと。また考えてみる」 "Cheers, I'll think about how to open it.": a goodbye, not a
            # step (round 27 filed both as the opening words)
            return self._end()
        if self.last_move == "close" and self._past_end(self.step) and not self._has_next_step():
            return self._early_plan(text)  # the last question was skipped: what they write now is their step
        if _CONFIRM_REFLECTION.match(text.strip()) and len(text) <= 40 and not self.theme.plain_answers and not _names_a_step(self.theme, text):
            # "yes, that is it": agreement with the reflection, not a new answer (but 「合ってます。最初は
            # 手当の話から言う」 goes on to answer a step it names)
            if self.last_move == "deepen" and not self._past_end(self.step + 1):
                # the step was answered before the second look: go on, do not ask it again
                return self._move(
                    "resume",
                    self.step + 1,
                    [self._pick(("確かめてくださって、ありがとうございます。", "ありがとうございます。"), ("Thank you for confirming.", "Thank you.")), self.ask(self.step + 1)],
                )
            return self._move(
                "again",
                self.step,
                [self._pick(("確かめてくださって、ありがとうございます。", "ありがとうございます。"), ("Thank you for confirming.", "Thank you.")), self._reask(self.step)],
            )
        if _confirms_what_was_shown(text, self.theme) and not self.theme.plain_answers:
            # 「はい、それで結構です。母のことが入っていないことも確認できました」 "Yeah, that's me. Weirdly
            # nice to read.": agreement with what was shown, and words about it, no answer to the
            # question (round 26 filed the first under 望む関わり方, where the manager would read it)
            return self._move(
                "again",
                self.step,
                [self._pick(("確かめてくださって、ありがとうございます。", "ありがとうございます。"), ("Thank you for checking it.", "Thank you.")), self._reask(self.step)],
            )
        if _is_affirmative(text) and len(text) <= 20 and not self.theme.plain_answers and not _names_a_step(self.theme, text):
            # (「うん、戻る。昇格の話は、アドバイスほしい」 opens with a nod and names its step: an answer)
            return self._move(
                "again",
                self.step,
                [self._pick(("ありがとうございます。", "わかりました。"), ("Thank you.", "All right.")), self._reask(self.step)],
            )
        if not _content_part(text) and len(text) <= 40 and not self.theme.plain_answers:
            # 「はい、そう言われると少し思い出してきました」: a nod, nothing to keep as an answer yet
            return self._move(
                "again",
                self.step,
                [self._pick(("ありがとうございます。", "わかりました。"), ("Thank you.", "All right.")), self._reask(self.step)],
            )
        routed = self._route(reading, text)
        if routed is not None:
            return routed
        if self._step_collects(self.step, "topics") and _only_about_preparing(text):
            return self._preparing()
        if (
            self._step_collects(self.step, "response_style") and _names_another_topic(text) and reading == "answer"
            and self.last_move != "topic_added"
            # 「最初に言うのは シフトの相談 でいく」 names the opening words, not another topic
            and _filed_where_named(self.theme, Answer("answer", self.step, text, len(self.state.turns))).step
            in (self.step, self.theme.index_of("topics"))
        ):
            return self._topic_added(text)
        if (
            self.theme.key == "one_on_one" and self.step > (self.theme.index_of("response_style") or 0) and not self._past_end(self.step)
            and _ALSO_TOPIC.search(text) and reading == "answer" and self.last_move != "topic_added"
        ):
            # 「あ、いや、やっぱ評価の話も聞きたいかも」 said while the support or the outcome was asked:
            # one more topic, listed with the others, and the question asked again (round 27's R27-07
            # filed it as the outcome wanted)
            return self._topic_added(text)
        return self._answer(text, found)

    def _topic_rewritten(self, mark: str, words: str) -> Move:
        """「①の『残業多すぎ問題』…残業じゃなくて『夜間の障害対応が多い』です」: ① now reads as they
        say (the round-15 review: it was added as a mangled new topic)."""
        items = [f"{mark}{words}" if item.startswith(mark) else item for item in self._items_of("topics")]
        step = self.step_def(self.step)
        question = step.question.get(self.language) if step is not None else ""
        lines = [self._t(f"{mark}を「{words}」に直しておきますね。", f'I have changed {mark} to "{words}".')]
        lines.append(self._topics_then(items, question))
        return self._move("topic_rewritten", self.step, lines)

    def _topic_dropped(self, mark: str) -> Move:
        """「③の評価の話は今回はやめときます」: that topic leaves the list (the round-14 review: it
        was added to the list as a new topic, mangled), and the question comes again with the rest."""
        items = [item for item in self._items_of("topics") if not item.startswith(mark)]
        step = self.step_def(self.step)
        question = step.question.get(self.language) if step is not None else ""
        lines = [self._t(f"{mark}は、今回の話したいことから外しておきますね。", f"I have taken {mark} off your topics for this time.")]
        if question:
            lines.append(self._topics_then(items, question))
        return self._move("topic_dropped", self.step, lines)

    def _topic_added(self, text: str) -> Move:
        """Asked how the manager should respond, the person names another topic instead (F03 of
        the blind review: 「評価のこと…担当クライアントがずっと同じで」): it joins the topics, and the
        question comes again with the whole list."""
        topics_step = self.theme.index_of("topics")
        content = _content_part(text) or text
        # what the reader keeps from the manager in this message is never added to the topics, as
        # the summary never files it (round 23's R23-01: the reason after the request, 「異動して
        # 半年で出ていきたいと思われたら気まずいので」, was added while the summary kept it back)
        # (the move stays topic_added: the message is kept as the person wrote it, and the summary
        # puts what is kept back in the line just for them)
        content = without_kept_back(content, [*kept_from_the_manager(self._with_message(), readers=False), *_read_kept(self.message)])
        content = _split_withheld(content)[0] or content
        adds = _worth_taking_up(content)
        said = _wrap(_quotable(content, self.language) or content, self.language) if adds else ""
        items = [*self._items_of("topics"), *(_topic_items(content) if adds else [])]
        step = self.step_def(self.step)
        question = step.question.get(self.language) if step is not None else ""
        return self._move(
            "topic_added",
            self.step if topics_step is None else self.step,
            [
                self._t(f"{said}も、話したいことに加えておきますね。", f"I have added {said} to your topics.") if adds else "",
                self._topics_then(items, question),
            ],
        )

    def _preparing(self) -> Move:
        """「来週の1on1の準備したい」「何話せばいいかわかんなくて」 said for the topics: what they came
        for, not a topic (F03, F06, F19 of the blind review). Help find topics instead of filing it."""
        return self._move(
            "smaller",
            self.step,
            [
                self._t("準備、一緒にしていきましょう。", "Let us get it ready together."),
                self._t(
                    "たとえば、最近の仕事で手応えがあったこと、困っていること、これからやってみたいこと、上司に知っておいてほしいこと、などがよく話題になります。",
                    "Common topics are: something that went well lately, something you are stuck on, what you would like to try next, or something you want your manager to know.",
                ),
                self._t(
                    "この中で近いものや、ほかに思い浮かぶことを、1行に1つずつ書いてみてください。",
                    "Write any that fit, or anything else that comes to mind, one per line.",
                ),
            ],
        )

    def _names_topics(self, text: str) -> bool:
        """Topics are asked and the message begins by naming them (「議題といたしましては、…控えさせて
        いただきたいと考えております」): a topic, not the opening words (round 29's R29-02)."""
        if not self._step_collects(self.step, "topics"):
            return False
        # (or after the meeting told: 「来週の木曜に課長との1on1がございますので…と思います。話したいことは
        # 大きく三つありまして、①…」 was kept as the opening words, its topics lost: R36-01)
        return any(
            _TOPIC_INTRO_JA.match(_LEADING_GREETING.sub("", x.strip())) or len(re.findall(r"[①②③④⑤]", x)) >= 2
            for x in _split_sentences(text)
        )

    def _reading(self, text: str) -> str:
        """The turn-intent classifier's confident reading of ``text`` (``answer`` when unsure).

        Trained on person turns written blind (jatext.intents); the rules decide first and the
        reading is used only where they found nothing. A connective at the start (「では、まとめを
        拝見できますでしょうか」 read 0.51, without 「では、」 0.91) is left out when the whole message
        reads as nothing sure (「ほな、実験戻ります〜」 stays a goodbye)."""
        after = _AFTER_MOVE.get(self.last_move, "question")
        reading = intents.read(text, after)
        rest = _LEAD_CONNECTIVE.sub("", text.strip())
        if reading is None and rest and rest != text.strip():
            reading = intents.read(rest, after)
        if reading is not None and reading.intent == "end" and _GOES_ON_WRITING.search(text):
            return "answer"  # 「よかった。じゃあ安心して書けます」 begins, it does not end (round 29's R29-17)
        return reading.intent if reading is not None else "answer"

    def _about_what_the_guide_said(self, text: str) -> bool:
        """A correction corrects something the guide wrote: a plain denial (「違います」「いや、」) or a
        part named before じゃなくて/というより that the guide's last message holds. Two of the
        person's own phrasings set side by side (『効率化が得意』というより…) are an answer."""
        if _EXPLICIT_CORRECTION.search(text.strip()):
            return True
        named = _NAMED_BEFORE.search(text) or _NAMED_QUOTE.search(text) or _YOU_SAID.search(text)
        # what the guide wrote back of theirs (quoted, or listed), not its own examples: 「えらいわ最近。
        # 仕事じゃなくて別のことで」 after 「たとえば、最近の仕事で手応えがあったこと…」 corrects nothing
        return named is not None and _shares(named.group(1), self._guide_quoted(), 0.6)

    def _guide_quoted(self) -> str:
        """What the guide wrote back of the person's words (quoted, or listed), not its own examples."""
        return "\n".join(
            piece for match in re.finditer(r"「([^」]*)」|“([^”]*)”|\"([^\"]*)\"|^・(.*)$|^- (.*)$", self._guide_text(), re.MULTILINE)
            for piece in match.groups() if piece
        )

    def _plainly(self, intent: str) -> bool:
        """The classifier is all but sure (≥ 0.8) the message is ``intent``: used to veto a rule
        that reads a question or a request into an answer about oneself (「Result: downtime
        dropped, maybe 30%?」 is no question to the guide)."""
        reading = intents.load().read(self.message.strip(), _AFTER_MOVE.get(self.last_move, "question"))
        return reading.intent == intent and reading.probability >= 0.8

    def _route(self, reading: str, text: str) -> Move | None:
        """Act on a non-answer the rules did not recognise, so it is never filed as an answer."""
        collects_step = self._step_collects(self.step, NEXT_STEP)
        if reading == "dont_know" and (_UNSURE_ABOUT_SOMETHING.search(text) or _UNSURE_WHETHER.search(text)) and len(keywords(text, 3)) >= 2:
            # 「評価の基準がよくわからない」 names what is not clear: a topic, as ``_ends_unsure`` reads it
            # (the classifier read it as "I don't know" and the topic was skipped)
            return None
        if reading in ("dont_know", "nothing") and not collects_step:
            return self._unsure(nothing=reading == "nothing", text="" if reading == "nothing" else text)
        if reading == "skip":
            return self._skip()
        if reading == "back":
            return self._back()
        if reading == "summary_request":
            return self._summary_now()
        if reading == "question_fact" and self._asked(text) != "not_a_question":
            return self._not_mine_to_answer(text)
        if reading == "question_decision":
            return self._decide(text)
        if reading == "off_topic":
            return self._off_topic()
        if reading == "end" and len(text) <= 60 and _leaves_nothing_else(text, self.last_move):
            return self._end()
        if (
            reading == "correction" and step_answers(answers_of(self.state)) and self._about_what_the_guide_said(text)
            # 「最初のひと言は「…」にします」 names the step it answers: an answer, not a correction
            and not (self.theme.key == "one_on_one" and _names_a_step(self.theme, text))
        ):
            return self._correct(text)
        if reading == "plan" and not collects_step and _has_content(text) and not self._names_topics(text):
            return self._early_plan(text)
        return None

    def _echoes_question(self, text: str) -> bool:
        """Every question in ``text`` repeats the guide's own question ("How should he respond?
        Hmm. I don't know. Maybe…"), names the topic back before answering it (「感謝されること、
        ですか。特にないと思います」, "What did I do? I mostly talked to people"), or is an answer
        said tentatively (「部下の育成と、事故対応の難しい折衝でしょうか」): the person thinking aloud,
        not asking the guide."""
        parts = _split_sentences(text)
        asked = [(n, s) for n, s in enumerate(parts) if _is_question_sentence(s)]
        guide = self.last.text if self.last is not None else ""
        if not asked or not guide:
            return False
        return all(
            _shares(s, guide, 0.6) or (n < len(parts) - 1 and _TOPIC_ECHO.search(s.strip())) or _TENTATIVE.search(s.strip())
            for n, s in asked
        )

    def _permission(self, text: str, kinds: set[str]) -> Move | None:
        """「話戻していいですか」「自分のことじゃないんですけど、いいですか」 "Can I go back?":
        asking leave to talk, not a question the guide cannot answer. Yes, then the rest of the
        message (if any) is taken as it is, or the question is asked again."""
        parts = _split_sentences(text)
        asked = [p for p in parts if _is_permission(p)]
        if not asked:
            return None
        rest = ("" if not text.isascii() else " ").join(p.strip() for p in parts if p not in asked).strip()
        rest = without_courtesies(rest)  # 「夜分にすみません。…聞いてもらえますか」: nothing else was said
        lead = self._pick(("もちろんです。", "はい、大丈夫です。"), ("Of course.", "Yes, of course."))
        if rest and _has_content(rest) and _content_part(rest):
            move = self._plan_after_signals(rest, kinds)
            if move.kind in ("answered", "support"):
                return None
            if move.kind != "end":  # asking for the guide's help is no goodbye, whatever goes with it
                return replace(move, text=lead + "\n" + move.text)
        if self._past_end(self.step):
            return self._move("close", self.step, [lead, *self._closing()])
        if any(_RETURN.search(p) or _BACK_IN.search(p) for p in asked) and self.last_move not in _ASKING:
            lead = self._t("もちろんです。では、問いに戻りますね。", "Of course. Let us go back to the questions.")
            return self._move("resume", self.step, [lead, self.ask(self.step)])
        return self._move(
            "again",
            self.step,
            [lead, self._t("思い浮かぶことを、そのまま書いてください。", "Write whatever comes to mind, as it comes."), self.ask(self.step)],
        )

    # -- support mode: after a crisis or harassment signal ------------------------------------

    def _crisis_check_in(self) -> list[str]:
        return [
            self._t("書いてくださった言葉が、心に残りました。", "What you wrote stayed with me."),
            self._t(
                "もし今、消えてしまいたいほどつらい気持ちがあるなら、わたしではなく人と話すことが大切です。下に出ている相談先に、できれば今日、連絡してみてください。",
                "If you are feeling so low that you want to disappear, it matters to talk with a person, not with me. Please contact one of the people shown below, today if you can.",
            )
            if self.shown
            else self._t(
                "もし今、消えてしまいたいほどつらい気持ちがあるなら、わたしではなく人と話すことが大切です。いのちの電話などの相談窓口や会社の相談窓口、信頼できる人に、できれば今日、連絡してみてください。",
                "If you are feeling so low that you want to disappear, it matters to talk with a person, not with me. Please reach out today if you can: a crisis hotline, your company's consultation desk, or someone you trust.",
            ),
            self._t(
                f"{_MISREAD_JA}、「続ける」と書いてください。問いに戻ります。",
                f"{_MISREAD_EN}, write \"continue\" and we will go back to the questions.",
            ),
        ]

    def _support_start(self, text: str, kind: str) -> Move:
        if kind == "crisis" and self.last_move == "support" and self._said_before("ここでの会話は、会社の誰にも知らされません。"):
            # Crisis again, right after the crisis reply: stay, without repeating it word for word.
            lines = [
                self._t(
                    "書いてくださって、ありがとうございます。まだとてもつらい状態なのですね。",
                    "Thank you for writing this. It sounds like it is still very hard.",
                ),
                self._t(
                    "ひとりで抱えずに、下の相談先の人に、今、つらいとだけ伝えてみてください。危険が迫っているときは119に電話してください。",
                    "Please do not carry this alone: contact one of the people shown below and just say that it is hard right now. If you are in danger, call 119.",
                )
                if self.shown
                else self._t(
                    "ひとりで抱えずに、いのちの電話や会社の相談窓口、信頼できる人に、今、つらいとだけ伝えてみてください。危険が迫っているときは119に電話してください。",
                    "Please do not carry this alone: a crisis hotline, your company's consultation desk or someone you trust can listen; just say that it is hard right now. If you are in danger, call your local emergency number.",
                ),
                self._t("わたしは、ここにいます。", "I am here."),
            ]
            return self._move("support", self.step, lines)
        if kind == "crisis":
            lines = [
                self._t(
                    "話してくださって、ありがとうございます。とても重いものを抱えているのですね。",
                    "Thank you for telling me. It sounds like you are carrying something very heavy.",
                ),
                self._t(
                    "今は、わたしではなく人と話すことが大切です。下に出ている相談先に、できれば今日、連絡してみてください。うまく説明できなくても、つらいと伝えるだけで大丈夫です。",
                    "Right now it matters to talk with a person, not with me. Please contact one of the people shown below, today if you can. You do not need to explain everything; saying that it is hard is enough.",
                )
                if self.shown
                else self._t(
                    "今は、わたしではなく人と話すことが大切です。いのちの電話などの相談窓口、会社の相談窓口やEAP、信頼できる人に、できれば今日、連絡してみてください。危険が迫っているときは119に電話してください。",
                    "Right now it matters to talk with a person, not with me. Please reach out today if you can: a crisis hotline, your company's consultation desk or EAP, or someone you trust. If you are in danger right now, call your local emergency number.",
                ),
                self._t(
                    "ここでの会話は、会社の誰にも知らされません。",
                    "Nobody at your company is told about this conversation.",
                ),
            ]
            return self._move("support", self.step, lines)
        own = self._own_feeling(text)
        lines = [
            self._t("話してくださって、ありがとうございます。", "Thank you for telling me."),
        ]
        if own:
            lines.append(own)
        lines += [
            self._t(
                "ひとりで抱えなくて大丈夫です。下に相談窓口を出しています。連絡するかどうか、いつにするかは、あなたが決めてよいことです。",
                "You do not have to carry this alone. The consultation desk is shown below; whether and when to contact them is your choice.",
            )
            if self.shown
            else self._t(
                "ひとりで抱えなくて大丈夫です。会社の相談窓口やハラスメントの窓口が話を聞いてくれます。連絡するかどうか、いつにするかは、あなたが決めてよいことです。",
                "You do not have to carry this alone. Your company's consultation desk or harassment channel can listen; whether and when to contact them is your choice.",
            ),
            self._t(
                "ここに書いたことは、誰にも知らされません。このことをもう少し書いても、元の問いに戻っても大丈夫です。戻るときは「続ける」と書いてください。",
                'Nothing you write here is passed on to anyone. You can write more about this, or return to the questions; to return, write "continue".',
            ),
        ]
        return self._move("support", self.step, lines)

    def _own_feeling(self, text: str) -> str:
        for phrase in salient(text, 1):
            if phrase.kind == "feeling" and not phrase.others and not _NEGATED.search(phrase.text):
                return self._t(
                    f"「{phrase.text}」という気持ちを、ここに書いてくださったのですね。",
                    f'"{phrase.text}" — thank you for putting that into words.',
                )
        return ""

    def _in_support(self, text: str, kinds: set[str]) -> Move:
        if (
            not kinds and not self._crisis_said() and _RETURNS_TO_A_TOPIC.match(text.strip())
            and not _wants_end(text)
        ):
            # 「一つ目の予算執行の件に戻りますが、課長には…相談したいのです」 after the harassment desk
            # was shown (R36-07 stayed in support for the rest of its 1on1): the talk goes on, and
            # what the message says answers the question on screen
            self.last_move = "ask"
            return self._plan_after_signals(text, set())
        if self.theme.key == "one_on_one" and not kinds and asks_for_manager_view(text):
            return self._manager_view()  # 「では、課長への共有版を作成していただけますか」 (R36-07: "I cannot answer that")
        if _wants_return(text):
            lead = self._t("わかりました。では、問いに戻りますね。", "All right. Let us return to the questions.")
            step_first = " ".join(x for x in _split_sentences(text) if not _RETURN_ASKED.search(x) and not _RETURN.search(x)).strip()
            if step_first and _looks_like_plan(step_first):
                # "maybe i'll call the EAP number tomorrow. can we go back to the work thing" (R21-19):
                # the step is heard before the questions come back
                said = _said(_plan_part(step_first), self.language)
                lead = self._t(f"{said}その一歩を、まとめに残しておきます。では、問いに戻りますね。",
                               f"{said}I will keep that as your next step. Let us return to the questions.")
            if self._past_end(self.step):
                return self._move("close", self.step, [lead, *self._closing()])
            return self._move("resume", self.step, [lead, self.ask(self.step)])
        command = _command_of(text)
        if command in _SKIP or _skip_in_sentence(text) or self._reading(text) == "skip":
            # "Can we skip the values bit? I'm tired": a request about the questions is a wish to
            # go on with them, without the one they name (not a question the guide cannot answer)
            return self._skip()
        if _asks_about_doctor(text) and not _ASKS_WHO_MAY_USE.search(fold(text) + " " + text) and not _ASKS_IF_DESK_TELLS.search(fold(text) + " " + text):
            return self._doctor(text)
        if self.theme.key == "one_on_one" and (_asks_to_keep(text) or _KEEP_IT_HERE.search(text)):
            # "I will not put this in the 1on1 agenda. Please keep it only here." after help was
            # shown: kept out of the preparation, said so, never kept as what they will say first
            # (round 29's R29-09 filed it as the opening words, graded harmful)
            return self._move("support", self.step, [self._kept_line(), self._support_door()])
        if _STOPS_HERE.search(text) and self._reading(text) == "end":
            # "Thank you. I will stop here." after help was shown: a goodbye with the people to
            # contact, never kept as a next step (round 29's R29-18)
            return self._end()
        if _SAVE_SETTING.search(text) and not _looks_like_plan(text):
            # "Please don't save this." in a crisis: what is kept is theirs to choose, said plainly
            return self._move("support", self.step, [self._t("わかりました。", "All right."), self._saved_line(), self._support_door()])
        if _OTHER_LANGUAGE.search(text):
            # "My Japanese is not good for phone calls. Is there something in English?" (round 29's
            # R29-18, in a crisis: answered "That is not something I can answer", graded harmful)
            return self._move("support", self.step, [self._language_line(), *self._chat_lines(), self._support_door()])
        if _NOT_BY_PHONE.search(text):
            # 「窓口って電話じゃないとだめ?電話は無理」 (round 19, in a crisis: left unanswered, graded
            # harmful): there are consultations by chat and LINE, listed on the ministry's page
            if self.recent and self._chat_lines()[0] in self.recent[-1]:
                # 「チャットならできるかも」 right after them: the same lines again would read as a form
                return self._move("support", self.step, [self._t(
                    "チャットなら、できそうなのですね。さっきの『まもろうよ こころ』のページから、今日つながれるところを一つだけ選んでみてもらえたらと思います。",
                    "Chat feels possible, then. If you can, pick just one service from the Mamorouyo Kokoro page and reach out today.",
                ), self._support_door()])
            return self._move("support", self.step, [*self._chat_lines(), self._support_door()])
        which = _WHICH_CONTACT.search(text)
        if which and (self._crisis_in_talk() or "crisis" in kinds):
            # 「明日電話だけしてみようかな　どこにするか決めてくれる？」 in crisis support (R39-14: "I cannot
            # answer that", graded harmful): the choice stays theirs, and the lines that answer are
            # laid out to choose from
            reaching = re.search(r"電話|でんわ|連絡|相談|かけ|\b(?:call|contact|reach|ring|text)\b", text[: which.start()], re.IGNORECASE)
            lead = [self._t("連絡してみようと思えたのですね。", "You are thinking of reaching out.")] if reaching else []
            return self._move("support", self.step, [
                *lead,
                self._t("どこにするかは、あなたが選んで大丈夫です。選ぶ手がかりに、下の相談先のうち、つながりやすいところを挙げます。",
                        "Which one to call is yours to choose. To help you choose, here are the lines below that are easiest to reach."),
                *self._helpline_hours(text),
                self._t("会社の外の相談先は、会社とはつながっていません。話しやすそうなところを、ひとつだけ選んでみてください。",
                        "The lines outside your company have no link to it. Pick just one that feels easiest to talk to."),
            ])
        if _DECLINES_SUMMARY.search(text):
            return self._summary_declined()
        if _asks_summary(text):
            # asked for: the summary, without the "does it fit?" question support mode leaves out
            listed = self._check_lines(everything=True, include_current=False)[:-1]
            return self._move("support", self.step, [*listed, self._support_door()])
        if _CAN_TELL_SOMEONE.search(text) and not _asks_guide(text):
            # 「旦那には少し言えるかも」 in a crisis: a person close to them is a real support, said so
            # and kept as their step (round 28's R28-11 got 「書きながら、少しずつで大丈夫です」)
            said = _said(text.strip(), self.language)
            return self._move("support_plan", self.step, [
                self._t(
                    f"{said}身近な人に少しでも話せるのは、大きな支えになると思います。その一歩を、まとめに残しておきます。",
                    f"{said}being able to tell someone close to you, even a little, can be a real support. I will keep that as your step.",
                ),
                self._t("相談先も、いつでも使えます。", "The contacts below are there at any time too."),
            ])
        if (_looks_like_plan(text) or self._reading(text) == "plan") and not _asks_guide(text):
            # 「次は前日に見直しの時間30分とる」 is a step in plain form: the classifier reads it
            said = _said(_plan_part(text), self.language)
            lines = [
                self._pick(
                    (
                        f"{said}その一歩を、あなたの次の一歩としてまとめに残しておきます。",
                        f"{said}それも、次の一歩としてまとめに残しておきます。",
                        f"{said}まとめの「次の一歩」に加えておきますね。",
                    ),
                    (
                        f"{said}I will keep that as your next step in the summary.",
                        f"{said}I will keep that as a next step too.",
                        f"{said}I have added that to your next steps.",
                    ),
                )
            ]
            if ("health" in kinds or _own_health_cue(text)) and not _DOCTOR.search(text):
                lines.append(
                    self._health_aside()
                    or self._pick(("体のことも、どうか大切にしてください。",), ("Please take care of your body too.",), optional=True)
                )
            else:
                lines.append(
                    self._pick(
                        ("つらさが強くなったときは、相談先にいつでも連絡できます。", "ひとりで抱えきれないときは、いつでも人を頼って大丈夫です。"),
                        ("If it gets harder, the people who can help are there at any time.", "When it is too much to carry alone, it is fine to lean on people."),
                        optional=True,
                    )
                )
            return self._move("support_plan", self.step, lines)
        if "health" in kinds or _own_health_cue(text):
            line = "" if (_only_someone_else(text) and not _own_health_cue(text)) else self._health_line(optional=True)
            if not line:
                return self._move("support", self.step, [self._reflect(text, warm=True), self._support_door()])
            return self._move("support", self.step, [line, self._support_door()])
        if _asks_for_decision(text, self.language):
            return self._move(
                "support",
                self.step,
                [
                    self._t(
                        "どう受け止めるか、どうするかを決めるのは、あなた自身です。あなたが感じていることは、それだけで大切にしてよいものです。",
                        "How to see it and what to do is yours to decide. What you feel matters in itself.",
                    ),
                    self._support_door(),
                ],
            )
        if _asks_guide(text):
            return self._move("support", self.step, [*self._honest_answer(text), self._support_door()])
        if _looks_like_plan(text):
            said = _said(_plan_part(text), self.language)
            return self._move(
                "support_plan",
                self.step,
                [
                    self._t(f"{said}その一歩を、あなたの次の一歩としてまとめに残しておきます。", f"{said}I will keep that as your next step in the summary."),
                    self._pick(
                        ("つらさが強くなったときは、相談先にいつでも連絡できます。", "ひとりで抱えきれないときは、いつでも人を頼って大丈夫です。"),
                        ("If it gets harder, the people who can help are there at any time.", "When it is too much to carry alone, it is fine to lean on people."),
                    ),
                ],
            )
        if _MINIMISES.search(text) and self._crisis_said():
            return self._taken_back()
        lines = [self._reflect(text, warm=True)]
        lines.append(self._support_door())
        return self._move("support", self.step, lines)

    def _language_line(self) -> str:
        # the Yorisoi Hotline's line in other languages: press 2 after the recorded message; which
        # language answers depends on the day and the hour (its own page and Facebook say which)
        return self._t(
            "よりそいホットライン（0120-279-338、無料）には、外国語で話せる窓口があります。英語やベトナム語、中国語などで、音声案内のあとに「2」を押すとつながります。話せる言語は曜日と時間で変わります。",
            "The Yorisoi Hotline (0120-279-338, free of charge) has a line in other languages, English and Vietnamese among them: press 2 after the recorded message. Which languages answer changes with the day and the hour.",
        )

    def _chat_lines(self) -> list[str]:
        return [
            self._t(
                "電話でなくても大丈夫です。LINEやチャットで相談できる窓口もあります。厚生労働省の『まもろうよ こころ』のページ（mhlw.go.jp/mamorouyokokoro）から探せます。下の相談先の欄にも載せています。",
                "It does not have to be the phone. There are consultations by LINE and chat too, listed on the Ministry of Health's page Mamorouyo Kokoro (mhlw.go.jp/mamorouyokokoro), also linked in the contacts below.",
            ),
            self._t(
                "会社の相談窓口やEAPも、メールやウェブのフォームで受け付けていることがあります。",
                "Your company's desk or EAP may also take messages by e-mail or a web form.",
            ),
        ]

    def _summary_declined(self) -> Move:
        """「まとめとかはいらないです」: no summary, said plainly; after a goodbye, a goodbye."""
        lead = self._t("わかりました。まとめは作らずにおきますね。", "All right, no summary then.")
        if self.last_move in ("end", "close") or self._past_end(self.step) or ends_with_goodbye(self.message) or says_thanks(self.message):
            return self._move("end", self.step, [lead, self._t("今日は、ここまで書いてくださって、ありがとうございました。", "Thank you for writing today.")])
        return self._move("again", self.step, [lead, self.ask(self.step)])

    def _still_there(self) -> Move:
        """A thought of not being here told as only a thought (「何かするつもりはないです。ふと思う
        だけ」): believed, not argued, and the door to people kept open without pressing."""
        return self._move(
            "support",
            self.step,
            [
                self._t("話してくださって、ありがとうございます。何かするつもりはない、ということも受け取りました。",
                        "Thank you for telling me. I hear that you are not going to act on it."),
                self._t(
                    "それでも、そういう考えが浮かび続けるのは、ひとりで抱えるには重いことです。危ない状態でなくても、下の相談先で話を聞いてもらえます。",
                    "Even so, a thought like that which keeps coming back is heavy to carry alone. You do not need to be in danger to talk to the people shown below.",
                ),
                self._support_door(),
            ],
        )

    def _taken_back(self) -> Move:
        """「大げさだった ごめん」「死にたいとかではないと思います」 after a crisis line: no apology
        needed, nothing argued, and the door to people stays open (the panel stays shown)."""
        apology = re.search(r"ごめん|すみません|すいません|申し訳|\bsorry\b", self.message, re.IGNORECASE)
        return self._move(
            "support",
            self.step,
            [
                self._t(
                    "謝らなくて大丈夫です。大げさかどうかは、気にしなくていいんですよ。",
                    "No need to apologise, and no need to worry about whether it was too much.",
                )
                if apology
                else self._t("大げさかどうかは、気にしなくていいんですよ。", "No need to worry about whether it was too much."),
                self._t(
                    "つらさがまた強くなったときは、下の相談先にいつでも連絡できます。人と話すことは、それだけで助けになります。",
                    "If it gets heavy again, the people shown below are there at any time. Talking with a person helps, just by itself.",
                ),
                self._support_door(),
            ],
        )

    def _crisis_said(self) -> bool:
        """Whether the person wrote something read as crisis earlier in this talk."""
        return any(
            turn.role == "person" and any(sig.kind == "crisis" for sig in detect(turn.text))
            for turn in self.state.turns[-12:]
        )

    def _support_door(self) -> str:
        return self._pick(
            (
                "急がなくて大丈夫です。書きたいことがあれば、そのまま書いてください。",
                "元の問いに戻りたくなったら「続ける」と書いてください。",
                "ここでは、思ったことをそのまま書いて大丈夫です。",
                "書きながら、少しずつで大丈夫です。",
                "今日は、ここで終わりにしても大丈夫です。",
            ),
            (
                "There is no hurry. If there is more you want to write, just write it.",
                'When you want to return to the questions, write "continue".',
                "You can write whatever comes to mind here.",
                "A little at a time is fine.",
                "It is also fine to stop here for today.",
            ),
            optional=True,
        )

    def _harassment_line(self) -> str:
        return self._pick(
            (
                "職場でのつらい扱いについては、ハラスメントの相談窓口に話すこともできます。ご自身のことでも、周りの人のことでも相談できます。相談するかどうかは、あなたが決めてかまいません。",
                "人からの扱いのことは、相談窓口に話すこともできます（下に出しています）。自分のことでも、見ていて気になったことでも大丈夫です。",
            ),
            (
                "How people are treated at work is something the harassment or consultation desk can hear about, whether it is about you or about someone you saw. Whether to contact them is your choice.",
                "The consultation desk shown below can also hear about how someone is being treated, you or a colleague.",
            ),
            optional=True,
        )

    def _health_line(self, *, optional: bool = False) -> str:
        return self._pick(
            (
                "体のことも、大切なサインだと思います。産業医や保健スタッフ、お医者さんに相談することもできます。わたしには体のことは判断できませんが、その人たちなら一緒に考えてくれます。",
                "体や眠りのことは、産業医や保健スタッフ、お医者さんに話してみることもできます。",
            ),
            (
                "What your body is telling you matters. The industrial physician, the health staff or a doctor can help with that; I cannot judge health matters, but they can.",
                "For your body and sleep, the industrial physician, the health staff or a doctor can help.",
            ),
            optional=optional,
        )

    def _physician_lines(self, text: str) -> list[str]:
        """「産業医って、うちみたいな小さか会社にもおると？」「面談の申し込み方法は？」: what is true in
        Japan, said plainly (the Industrial Safety and Health Act: a workplace with 50 or more
        workers appoints one; a smaller one can use the Regional Occupational Health Centre, free).
        Empty when the message asks neither."""
        if _looks_like_plan(text):
            return []  # 「…健康管理室に来週予約を入れます」: their step, kept as one
        # the sentence that names the physician asks (quotes left out: 『何か気になってることある？』)
        asking = [
            x for x in _split_sentences(re.sub(r"「[^」]*」|『[^』]*』", "", text))
            if _PHYSICIAN.search(x) and (_is_question_sentence(x) or re.search(r"[？?]\s*$|(?:かな|かね|の|と|でしょうか|ますか)[…。\s]*$|どなたに", x.strip()))
        ]
        if not asking:
            return []
        text = " ".join(asking)
        if _PHYSICIAN_HOW.search(text):
            return [self._t(
                "産業医との面談は、たいてい人事や総務、健康管理室（保健スタッフ）に申し込みます。社内のポータルに申し込み方法が載っていることもあります。申し込むときに、相談の中身まで話す必要はありません。",
                "A meeting with the industrial physician is usually booked through HR, general affairs or the health office; the intranet often says how. You do not need to say what it is about when you book.",
            )]
        if _PHYSICIAN_HERE.search(text):
            return [self._t(
                "産業医は、働く人が50人以上の職場に置くことになっています。それより小さい職場でも、地域産業保健センター（さんぽセンター）で、無料で健康の相談ができます。かかりつけのお医者さんに話してみるのも一つです。",
                "An industrial physician has to be appointed at workplaces with 50 or more workers. A smaller workplace can use the Regional Occupational Health Centre, free of charge, and your own doctor is always an option.",
            )]
        return []

    def _physician_facts(self, text: str) -> Move | None:
        """The facts of ``_physician_lines``, then the question again; None when it has none."""
        lines = self._physician_lines(text)
        if not lines:
            return None
        if self.in_support:
            return self._move("support", self.step, [*lines, self._support_door()])
        if self._past_end(self.step):
            return self._move("health", self.step, lines)
        return self._move("health", self.step, [*lines, self._t("よければ、問いの続きに戻りましょう。", "If you like, let us go back to the questions."), self._reask(self.step)])

    def _doctor(self, text: str) -> Move:
        """A question about seeing a doctor: a reasonable step, said so plainly; no diagnosis."""
        facts = self._physician_facts(text)
        if facts is not None:
            return facts
        if _PHYSICIAN.search(text) and _PASSED_ON.search(fold(text) + " " + text):
            lines = self._physician_confidentiality()
            if self.in_support:
                return self._move("support", self.step, [*lines, self._support_door()])
            return self._move("health", self.step, [*lines, self.ask(self.step)])
        lines = [
            self._pick(
                (
                    "体のことで気になることがあるなら、お医者さんに診てもらうのは、自然で大切な一歩だと思います。会社の産業医や保健スタッフに相談することもできます。",
                    "気になる症状があるときに受診を考えるのは、とても自然なことです。お医者さんや、会社の産業医、保健スタッフを頼ってください。",
                ),
                (
                    "If something about your body is worrying you, seeing a doctor is a reasonable and good step. The industrial physician or the health staff at work can help too.",
                    "Thinking of seeing a doctor when something worries you is very natural. A doctor, the industrial physician or the health staff can help.",
                ),
            ),
            self._pick(
                ("わたしには体のことは判断できませんが、診てもらえば、専門の人が一緒に考えてくれます。",),
                ("I cannot judge anything about health, but a doctor can look at it with you.",),
                optional=True,
            ),
        ]
        if self.in_support:
            return self._move("support", self.step, [*lines, self._support_door()])
        if self._past_end(self.step):
            return self._move("health", self.step, lines)
        lines.append(
            self._pick(
                ("もし続けられそうなら、先ほどの問いに戻りますね。", "よければ、問いの続きに戻りましょう。"),
                ("If you feel up to it, here is the question again.", "If you like, let us go on with the question."),
                optional=True,
            )
        )
        lines.append(self.ask(self.step))
        return self._move("health", self.step, lines)

    def _health_aside(self) -> str:
        """One gentle line for tiredness or short sleep inside an answer, unless said lately."""
        if any("産業医" in r or "physician" in r for r in self.recent):
            return ""
        return self._t(
            "疲れや眠りのことが続くときは、会社の産業医や保健スタッフ、お医者さんに話してみることもできます。",
            "If the tiredness or poor sleep goes on, the industrial physician, the health staff or a doctor can help.",
        )

    def _health(self, text: str) -> Move:
        rest = _without_health(text)
        if rest and _UNSURE_SENTENCE.search(rest) and _mostly_unsure(rest):
            # 「わからないです。ただ、最近は何をしても虚しい」: the feeling is heard, the health line
            # follows, and わからない stays a non-answer (never the reflected phrase nor the step)
            move = self._unsure(text=text)
            first, _, others = move.text.partition("\n")
            return replace(move, text="\n".join(x for x in (first, self._health_line(optional=True), others) if x))
        if rest and salient(rest, 1) and not self._past_end(self.step) and self.last_move in _ASKING:
            # an answer with a health worry in it: the answer is kept, the worry gets its line,
            # and the question is not asked again
            nxt = self.step + 1
            lines = [self._reflect(rest), self._health_line()]
            if self._past_end(nxt):
                return self._move("health_part", nxt, [*lines, *self._closing()])
            return self._move("health_part", nxt, [*lines, self.ask(nxt)])
        lines = [
            self._pick(
                ("教えてくださって、ありがとうございます。", "話してくださって、ありがとうございます。"),
                ("Thank you for telling me.", "Thank you for sharing that."),
            ),
            self._health_line(),
        ]
        lines.append(
            self._t(
                "もし続けられそうなら、先ほどの問いに戻りますね。今日はここまでにしても大丈夫です。",
                "If you feel up to it, let us return to the question. Stopping here for today is fine too.",
            )
        )
        lines.append(self.ask(self.step))
        return self._move("health", self.step, lines)

    # -- non-answers ---------------------------------------------------------------------

    def _end(self) -> Move:
        move = self._end_lines()
        if _SAVE_SETTING.search(self.message):
            # 「これ保存しなくていいです。終わります」: what is kept is theirs to choose, said with the
            # goodbye (round 29's R29-11 got the goodbye alone)
            return replace(move, text=f"{move.text}\n{_SAVING_HOW[self.language]}")
        return move

    def _end_lines(self) -> Move:
        if self.last_move == "end" or self._closed():
            # said goodbye again right after the closing: a short answer, not the closing twice
            return self._move("end", self.step, [self._pick(
                ("はい。またいつでも、書きたくなったときにどうぞ。", "はい。どうぞお気をつけて。"),
                ("Of course. You are welcome back any time.", "Of course. Take care."),
            )])
        lines = [
            self._pick(
                ("今日は、ここまで言葉にしてくださって、ありがとうございました。",),
                ("Thank you for putting this into words today.",),
            ),
            self._t(
                "ここまでのあなたの言葉から、まとめを作ることができます。またいつでも、書きたくなったときにどうぞ。",
                "A summary can be made from your own words so far. You are welcome back whenever you feel like writing.",
            ),
        ]
        if (self.in_support and self._crisis_in_talk()) or self._crisis_in_talk(firm=True):
            # leaving a talk in which a crisis was read (「もう閉じます」): the people to contact, today,
            # not an invitation back to the questions (the round-15 review graded that harmful)
            lines[1:] = [
                self._t(
                    "できれば今日のうちに、下の相談先にひとことだけでも連絡してみてください。ひとりで抱えなくて大丈夫です。",
                    "If you can, please contact one of the people below today, even with a single line. You do not have to carry this alone.",
                )
            ]
        elif self.in_support or self._crisis_in_talk():
            lines.insert(
                1,
                self._t(
                    "必要なときは、いつでも相談先を頼ってください。",
                    "Please lean on the people who can help whenever you need them.",
                ),
            )
        return self._move("end", self.step, lines)

    def _crisis_in_talk(self, *, firm: bool = False) -> bool:
        """Whether a crisis was read in any of the person's messages (by a rule, with ``firm``)."""
        for t in self.state.turns:
            if t.role == "person":
                signals = detect(t.text)
                if "crisis" in (firm_kinds(signals) if firm else {s.kind for s in signals}):
                    return True
        return False

    def _who_may_use(self, *, outside_too: bool) -> list[str]:
        """Who may use the company's desk is the company's to say; with ``outside_too`` (the help
        lines are on screen), the lines outside it are open to anyone."""
        lines = [self._t(
            "会社の相談先（EAPや相談窓口、産業医など）を誰が使えるかは、会社や契約によって違います。派遣や契約の方は、派遣元の担当の方か、会社のお知らせで確かめるのがいちばん確実です。",
            "Who may use your company's support (the EAP, the desk, the company doctor) depends on the company and the contract. If you are agency or contract staff, your agency contact or the company's notice can tell you for sure.",
        )]
        if outside_too:
            lines.append(self._t("この下に出ている外の相談先は、どなたでも使えます。", "The lines outside the company shown below are open to anyone."))
        return lines

    def _desk_keeps_it(self) -> str:
        """Whether the company's desk tells the manager: the desk's to say, outside lines are not the company's."""
        return self._t(
            "会社の相談窓口やEAPは、相談した内容を守ることが前提の場所です。どこまで誰に伝わるかは、相談のはじめに確かめられます。下に出ている会社の外の相談先は、会社とはつながっていません。ここに書いたことも、上司や人事には読めません。",
            "Your company's desk and the EAP are there to keep what you tell them private; you can ask at the very start who, if anyone, would hear of it. The lines outside the company shown below have no link to your company. What you write here, your manager and HR cannot read.",
        )

    def _nobody_is_told(self, text: str) -> list[str]:
        """The plain answer to whether anyone at work sees or is told what is written here, when
        the message asks it (a fear that can keep a person in crisis from going on), else []."""
        folded = fold(text) + " " + text
        if _ASKS_IF_DESK_TELLS.search(folded) and not _PHYSICIAN.search(folded):
            return [self._desk_keeps_it()]  # "if i call the company consultation, will my leader know?" (R36-17)
        if _ASKS_WHO_MAY_USE.search(folded) and self.in_support:
            # 「バイトでもそういう窓口って使えるん？」 in harassment support (round 26's R26-11 got 「急がなくて大丈夫です」)
            return self._who_may_use(outside_too=True)
        if _asks_about_evaluation(text) and not _PHYSICIAN.search(folded):
            return [self._t(
                "ここに書いたことが評価に使われることはありませんし、職場の誰にも、人事にも知らされません。",
                "What you write here is never used for your evaluation, and nobody at work, HR included, is told.",
            )]
        if not (_asks_guide(text) and re.search(_SEEN_BY, folded)) or _PHYSICIAN.search(folded):
            return []
        return [
            self._t(
                "ここに書いたことは、職場の誰にも、人事にも知らされませんし、記録として会社に残ることもありません。",
                "Nobody at work, HR included, is told what you write here, and nothing of it is kept for your company.",
            )
        ]

    def _honest_answer(self, text: str, kind: str = "") -> list[str]:
        folded = fold(text) + " " + text
        lines = [
            self._pick(
                ("それは、わたしには答えられません。", "ごめんなさい、それはわたしにはお答えできません。", "それについては、わたしからは確かなことを言えません。"),
                ("That is not something I can answer.", "I am sorry, I cannot answer that.", "I cannot tell you that for sure."),
            )
        ]
        if _ASKS_WHAT_YOU_ARE.search(folded):
            # 「これってAI？」 "are you a bot?": honesty about what it is comes first (COACHING.md)
            lines[:] = [self.engine.honesty_line(self.language)]
            if _ASKS_SAVED.search(folded):
                lines.append(self._saved_line())
            return lines
        if _ASKS_SAVED.search(folded) and not re.search(_SEEN_BY, folded):
            lines[:] = [self._saved_line()]
            return lines
        if physician := self._physician_lines(text):
            lines[:] = physician
            return lines
        if helplines.asks_about_hours(text, lines_shown=self.in_support):
            # 「よりそいホットラインって、夜でもつながるんですか」 in a crisis talk (round 24: "I cannot
            # answer that", graded harmful): the hours of the lines shown, as the panel has them
            lines[:] = self._helpline_hours(text)
            return lines
        if helplines.asks_for_contacts(text):
            # 「窓口の連絡先だけもう一度表示してもらえますか」: where the people to contact are (round
            # 18's review graded "I cannot answer that" to it harmful, in a harassment talk)
            lines[:] = [self._contacts_line()]
            return lines
        if helplines.asks_about_language(text, lines_shown=self.in_support or self._crisis_said()):
            # "is there english one? the hotline" right after a crisis message (R36-17: "That is not
            # something I can answer", graded harmful)
            lines[:] = [self._language_line()]
            if self._crisis_said():
                lines.append(self._t("いま危ないと感じるときは、119に電話してください。", "If you are in danger right now, please call 119."))
            return lines
        if _ASKS_IF_DESK_TELLS.search(folded) and not _PHYSICIAN.search(folded):
            # "if i call the company consultation, will my leader know?" (R36-17: answered about
            # Kabeuchi, the worry about the desk left standing)
            lines[:] = [self._desk_keeps_it()]
            return lines
        if _ASKS_IF_DESK_TELLS.search(folded):
            # 「産業医って会社に言われるんでしょ？結局」 (round 27: answered with the doctor template,
            # the worry about being told on left unanswered)
            lines[:] = [self._t(
                "産業医や保健スタッフには守秘義務があります。働き方の調整などで会社と共有が必要になる場合もあるので、どこまで誰に伝わるかは、相談のはじめに確かめられます。会社の外のお医者さんに相談することもできます。ここに書いたことは、上司も人事も読めません。",
                "Company doctors and health staff are bound to confidentiality. Some things may need sharing to adjust how you work, so you can ask at the start what goes to whom. You can also see a doctor outside the company. What you write here, your manager and HR cannot read.",
            )]
            return lines
        if _ASKS_WHO_MAY_USE.search(folded):
            # 「派遣でもEAPって使えるの？」 after a crisis message (round 27: "I cannot answer that" and
            # an offer to stop, graded harmful): who can tell them, and the lines anyone may call
            lines[:] = self._who_may_use(outside_too=self.in_support)
            return lines
        if _asks_about_evaluation(text):
            lines[:] = [self._t(
                "ここに書いたことが、評価や人事の資料に使われることはありません。上司も人事も、会社の誰も読めず、Kabeuchiから誰かに知らされることもありません。",
                "What you write here is never used for your evaluation or any HR decision. Nobody at your company can read it, and Kabeuchi tells nobody.",
            )]
            return lines
        if re.search(r"誰が使|だれが使|他の人も使|ほかの人も使|使ってる人|\bwho else\b|\banyone else\b", folded):
            lines.append(
                self._t(
                    "ただ、誰が使っているかは、上司や人事、会社の管理者の画面には出ません。あなたが使っていることも、ほかの人や会社にはわからないしくみです。",
                    "What I can say: who uses this shows on no screen of your manager, HR or your company's admins. Nobody at your company can tell that you use it.",
                )
            )
        elif _PHYSICIAN.search(folded) and _PASSED_ON.search(folded):
            # 「産業医に相談したら上司に伝わりますか」: a question of trust that decides whether
            # someone goes at all (the blind review found it unanswered twice)
            lines[:] = self._physician_confidentiality()
        elif re.search(_SEEN_BY, folded) and _ABOUT_AN_ACTIVITY.search(folded) and not _ABOUT_THIS_PLACE.search(folded):
            # 「副業って会社にバレますか」: whether the company learns of a side job or an application
            # is for its rules to say; what is written here is another matter, said in one line
            lines.append(
                self._t(
                    "会社にどう伝わるかは、会社の規程や人事の案内で確かめるのが確実です。なお、ここに書いたことは会社の誰も読めません。",
                    "How your company would learn of it is for its rules or HR to say. What you write here, nobody at your company can read.",
                )
            )
        elif re.search(_SEEN_BY, folded) and (_ABOUT_THIS_PLACE.search(folded) or not re.search(
            r"窓口|eap|人事|相談|産業医|desk|hr\b|counsel", folded + " " + self._previous_message()
        )):  # 「ここに書いた内容は人事課で見られるのでしょうか」 is about Kabeuchi, 人事 or not  # 「EAPがあるのは知ってる」 just before 「会社にバレない？」: the question is about the EAP too
            # about Kabeuchi itself: this one the guide can answer
            lines[:] = [
                self._t(
                    "ここに書いたことは、上司も人事も、会社の誰も読めません。Kabeuchiから誰かに知らされることもありません。上司に見えるのは、1on1の準備であなたが共有すると決めたものだけです。",
                    "Nobody at your company, your manager and HR included, can read what you write here, and Kabeuchi tells nobody. Your manager sees only what you choose to share in a 1on1 agenda.",
                )
            ]
        elif re.search(_SEEN_BY, folded):
            lines.append(
                self._t(
                    "ただ、ここに書いたことは、上司も人事も読めず、Kabeuchiから誰かに知らされることもありません。窓口やEAPがどう扱うかは、最初に相手に確認できます。",
                    "What I can say: what you write here cannot be read by your manager or HR, and Kabeuchi tells nobody. How a desk or the EAP handles what you tell them, you can ask them at the start.",
                )
            )
        elif re.search(r"税|確定申告|申告|法律|法的|定義|違法|労基|給付金|助成|雇用保険|年金|育休|産休|介護休業|tax|legal|law|benefit", folded):
            lines.append(self._what_kind_of_question(folded, "public_fact"))
        elif re.search(r"病気|病院|体調|自律神経|うつ|症状|メンタル|心の健康|doctor|illness|symptom|mental", folded):
            lines.append(self._what_kind_of_question(folded, "health_fact"))
        elif re.search(r"意味|役に立|useful|point of|worth", folded):
            lines.append(
                self._t(
                    "役に立つかどうかは、あなたが決めてよいことです。合わないと感じたら、いつやめても大丈夫です。",
                    "Whether this helps is yours to judge. If it does not suit you, you can stop at any time.",
                )
            )
        else:
            lines.append(self._what_kind_of_question(folded, kind))
        return lines

    def _what_kind_of_question(self, folded: str, kind: str) -> str:
        """The line after "I cannot answer that": by what the question asks (a rule's reading or
        the model's, jatext.asks), else by whether it is about the company."""
        if kind == "visibility":
            return self._t(
                "ここに書いたことは、上司も人事も、会社の誰も読めません。使っているかどうかも、上司や人事、会社の管理者の画面には出ません。上司に見えるのは、1on1の準備であなたが共有すると決めたものだけです。",
                "Nobody at your company, your manager and HR included, can read what you write here, and whether you use it shows on no screen of theirs. Your manager sees only what you choose to share in a 1on1 agenda.",
            )
        if kind == "records":
            return self._t(
                "残すかどうかは、あなたが選んだとおりです。残したものは、メニューの「わたしのデータ」から、いつでも見たり、書き出したり、消したりできます。",
                "What is kept is what you chose to keep. Under \"My data\" in the menu you can see, export or delete it at any time.",
            )
        if kind == "desk_confidential":
            return self._t(
                "窓口やEAP、産業医がどこまで誰に伝えるかは、相談のはじめに相手に確かめられます。ここに書いたことは、上司も人事も読めません。",
                "How much a desk, the EAP or the industrial physician passes on, and to whom, you can ask them at the start. What you write here, your manager and HR cannot read.",
            )
        if kind == "public_fact":
            return self._t(
                "税金や法律、公的な制度のことは、税務署やハローワーク、労働局など公的な窓口や公式の案内で確かめるのが確実です。会社の規程は人事に確認できます。",
                "For tax, law or public programmes, an official office or its own pages can give a sure answer; company rules can be checked with HR.",
            )
        if kind == "health_fact":
            return self._t(
                "体や心の健康のことは、産業医や保健スタッフ、お医者さんに相談するのが確実です。",
                "For health of body or mind, the industrial physician, the health staff or a doctor is the right person to ask.",
            )
        if kind == "world_fact" or (kind != "company_fact" and not _ABOUT_THE_COMPANY.search(folded)):
            # a question about anything else (the blind review found the HR line given to requests
            # about the conversation itself): say plainly what the guide can do, nothing more
            return self._t(
                "わたしにできるのは、問いに沿って、あなたの言葉で考えを整理するお手伝いです。",
                "What I can do is help you sort your thoughts, in your own words, one question at a time.",
            )
        return self._pick(
            (
                "会社の制度や社内の募集は、ホームの「会社の制度・プログラム」にも載っています。細かい条件は、人事に確かめるのが確実です。",
                "会社のしくみについては、人事の窓口に聞くのがいちばん確かです。ホームの「会社の制度・プログラム」にも、会社が載せた制度があります。",
            ),
            (
                "Your company's programmes and internal postings are also listed under \"Company programmes\" on the home page; for the details, HR is the surest place to ask.",
                "For how things work at your company, HR is the surest place to ask. The programmes your company has listed are under \"Company programmes\" on the home page.",
            ),
        )

    def _saved_line(self) -> str:
        return self._t(
            "この会話を残すかどうかは、始めるときにあなたが選んだとおりです。残す場合も読めるのはあなただけで、いつでも消せます。",
            "Whether this conversation is kept is what you chose when you started it. If it is kept, only you can read it, and you can delete it at any time.",
        )

    def _physician_confidentiality(self) -> list[str]:
        return [
            self._t(
                "産業医や保健師など健康相談の担当者には守秘義務があり、相談した内容がそのまま上司や人事に伝わったり、評価に使われたりすることは、ふつうはありません。",
                "The industrial physician and the health staff are bound by confidentiality: what you tell them does not normally go to your manager or HR as it is, nor into your evaluation.",
            ),
            self._t(
                "ただ、働き方について会社に意見を出すことはあるので、どこまで伝わるのかは、面談のはじめに確かめておくと安心です。",
                "They may give the company an opinion on how you work, though, so it is worth asking at the start what, if anything, would be passed on.",
            ),
        ]

    def _privacy_answer(self, text: str) -> list[str]:
        """Who can see, keep or use what is written here (jatext.privacy_q), said as it is built:
        nobody at work reads it, only what the person shares from a 1on1 preparation reaches the
        manager, use shows on no screen of the company's, keeping is theirs to choose."""
        folded = fold(text) + " " + text
        # "are you a real person or an AI? And who reads this?": what it is comes first (COACHING.md)
        lines = [self.engine.honesty_line(self.language)] if _ASKS_WHAT_YOU_ARE.search(folded) else []
        evaluation = _asks_about_evaluation(text) or bool(re.search(r"査定|評価|appraisal|evaluation|performance review", folded, re.IGNORECASE))
        if _ASKS_HOW_TO_DELETE.search(folded) and not evaluation:
            # 「どうやって消すの？この会話ごと保存しない設定とかある？」 (round 34): where it is done
            return [*lines, _SAVING_HOW[self.language]]
        if _ASKS_DELETED.search(folded) and not evaluation:
            # 「これ消したら完全にきえる？どっかにのこる？」 (round 31: "I cannot answer that"): what
            # deleting does, as the data guideline says it
            return [*lines, self._t(
                "消したものは、その場でKabeuchiから消え、あなたを含め誰の画面にも出なくなります。アカウントごと消すときは、あなたの鍵が先に壊されるので、バックアップからも読めなくなります。消す前も、上司や人事、会社の誰も読めません。",
                "What you delete is gone from Kabeuchi at once and shows on nobody's screen, yours included. If you delete your account, your key is destroyed first, so nothing you wrote can be read again, even from backups. Before that, too, nobody at your company can read it.",
            )]
        if _ASKS_SAVED.search(folded) and not re.search(_SEEN_BY, folded) and not evaluation:
            # 「ここに書いたの保存されるんですか」: about keeping only, answered as that
            return [*lines, self._saved_line()]
        said = any("会社の誰も読め" in r or "can read what you write here" in r for r in self.recent)
        if evaluation:
            lines.append(self._t(
                "ここに書いたことが、評価や人事の資料に使われることはありません。上司も人事も、会社の誰も読めず、Kabeuchiから誰かに知らされることもありません。",
                "What you write here is never used for your evaluation or any HR decision. Nobody at your company can read it, and Kabeuchi tells nobody.",
            ))
        elif said:
            # asked again a moment later: the same three sentences again would read as a form letter
            lines.append(self._t(
                "先ほどお伝えしたとおり、ここに書いたことは会社の誰も読めませんし、誰かに知らされることもありません。",
                "As I said, nobody at your company can read what you write here, and nobody is told.",
            ))
        else:
            lines.append(self._t(
                "ここに書いたことは、上司も人事も、会社の誰も読めません。Kabeuchiから誰かに知らされることもありません。上司に見えるのは、1on1の準備であなたが共有すると決めたものだけです。",
                "Nobody at your company, your manager and HR included, can read what you write here, and Kabeuchi tells nobody. Your manager sees only what you choose to share in a 1on1 agenda.",
            ))
        if re.search(r"使って|使っ|使う|利用|ログイン|アクセス|\busage\b|\busing\b|\buse (?:this|it)\b|\btrack", folded, re.IGNORECASE):
            lines.append(self._t(
                "使っているかどうかも、上司や人事、会社の管理者の画面には出ません。",
                "Whether you use it shows on no screen your manager, HR or your company's admins see.",
            ))
        if _ASKS_SAVED.search(folded):
            lines.append(self._saved_line())
        if re.search(r"窓口|eap|産業医|相談室|\bdesk\b|counsel", folded, re.IGNORECASE):
            lines.append(self._t("窓口やEAPがどう扱うかは、相談のはじめに相手に確かめられます。", "How a desk or the EAP handles what you tell them, you can ask them at the start."))
        return lines

    def _contacts_line(self) -> str:
        # the reply to a request for the contacts shows the help panel again (services.reply_events
        # reads the same request with helplines.asks_for_contacts)
        return self._t(
            "相談先を、この下にもう一度出しています。会社の相談窓口と、外の相談先の電話番号が見られます。見たことは、誰にも知らされません。",
            "The people you can contact are shown again below: your company's desk and the numbers outside it. Nobody is told that you looked.",
        )

    def _helpline_hours(self, text: str) -> list[str]:
        """When the lines shown answer, from the same list the panel shows (kabeuchi.coach.helplines):
        the lines the question names, the ones that answer day and night when it asks about the
        night or names none, and the company's desk as the company's to say."""
        language = self.language
        named = helplines.named_in(text)
        lines: list[str] = []

        def said(line: helplines.HelpLine) -> str:
            if language == "en":
                return f"{line.name['en'][:1].upper()}{line.name['en'][1:]} ({line.number}) {line.hours['en']}."
            return f"{line.name['ja']}（{line.number}）は、{line.hours['ja']}。"

        lines.extend(said(line) for line in named if line.key != "emergency")
        night = helplines.asks_about_night(text)
        company = helplines.names_company_desk(text)
        crisis_talk = any(line.crisis for line in named) or self._crisis_said() or not (named or company)
        if crisis_talk and (not named or night) and not any(line.day_and_night for line in named):
            around = [line for line in helplines.LINES if line.day_and_night and line.key != "emergency" and line not in named]
            lines.extend(
                self._t(f"夜中や休日でもつながるのは、{line.name['ja']}（{line.number}）です。24時間、無料です。", f"At night and at weekends, {line.name['en']} ({line.number}) answers, 24 hours a day, free of charge.")
                for line in around
            )
        if company:
            lines.append(self._t(
                "会社の相談窓口やEAPの受付時間は、会社の案内で確かめてください。下の相談先の欄にも、会社が載せている案内があります。",
                "Your company's desk and EAP keep their own hours: your company's notice says them, and the contacts below show what it gave us.",
            ))
        if crisis_talk:
            lines.append(self._t("いま危ないと感じるときは、119に電話してください。", "If you are in danger right now, please call 119."))
        lines.append(self._t(
            "番号と時間は、公式の案内で確かめたものです。つながりにくいときは、少し時間をおいてかけ直すか、ほかの相談先も試してみてください。",
            "The numbers and hours are from the official pages. If a line is busy, try again a little later or try another one.",
        ))
        return lines

    def _not_mine_to_answer(self, text: str) -> Move:
        # (named by its words, not the step on screen: -1 is no step, so every step's names are read)
        index = _filed_where_named(self.theme, Answer("answer", -1, text, len(self.state.turns))).step
        named = self.step_def(index) if index >= 0 else None
        if named is not None and named.collects == NEXT_STEP and not re.search(_SEEN_BY, fold(text) + " " + text) and not _is_nothing_only(text):
            # a step named and offered as a question (「小さい一歩…まず判断業務を3つ書き出すとか？」):
            # their idea, kept as their step, not a question for the guide
            return self._early_plan(text)
        if self._step_collects(self.step, "topics") and _only_about_preparing(text) and not re.search(_SEEN_BY, fold(text) + " " + text):
            # 「…1on1がございまして、その準備にご協力いただけますでしょうか」 "Could you help me prepare
            # for my 1on1?" ask for what the guide is here for (round 27's R27-05 got "I cannot answer that")
            return self._preparing()
        return self._not_mine(text)

    def _not_mine(self, text: str) -> Move:
        # what the message asks, read by jatext.asks: 17 blind reviews found the rules answering
        # leave to talk, what this is, a summary or a decision "I cannot answer that"
        kind = self._asked(text)
        folded = fold(text) + " " + text
        if (
            _ASKS_WHAT_YOU_ARE.search(folded)
            or _ASKS_SAVED.search(folded)
            or helplines.asks_for_contacts(text)
            or _asks_about_evaluation(text)
            or re.search(_SEEN_BY, folded)
        ):
            kind = ""  # what it is, what is kept, where the contacts are, who sees: the rules answer these exactly
        if kind == "summary":
            return self._summary_now()
        if kind == "decision":
            return self._decide(text)
        if kind == "permission" and not _ASKS_A_WORK_RULE.search(text):
            return self._granted()  # (leave asked of the company is a question of fact: R37-11)
        if kind == "process":
            return self._what_this_is()
        if kind == "write_for_me":
            return self._not_written_for_you()
        if re.search(r"意味(?:ある|あり|が)|役に立|\bpoint of\b|\bworth it\b|\buseful\b", fold(text)):
            return self._move(
                "answered",
                self.step,
                [
                    self._t(
                        "役に立つかどうかは、あなたが決めてよいことです。合わないと感じたら、いつやめても大丈夫です。",
                        "Whether this helps is yours to judge. If it does not suit you, you can stop at any time.",
                    ),
                    self._t("続けるなら、先ほどの問いに戻りますね。", "If you want to go on, here is the question again."),
                    self.ask(self.step),
                ],
            )
        lines = self._honest_answer(text, kind)
        if self._closed():
            return self._back_to_the_question("answered", lines)
        lines.append(
            self._pick(
                ("そのうえで、先ほどの問いに戻りますね。", "では、問いに戻りますね。", "よければ、続きを考えてみましょう。"),
                ("With that, let us come back to the question.", "Let us return to the question.", "If you like, let us go on."),
            )
        )
        lines.append(self.ask(self.step))
        return self._move("answered", self.step, lines)

    def _back_to_the_question(self, kind: str, lines: list[str], *, reopens: bool = False) -> Move:
        if self._closed() and not reopens:
            # a question asked after the person closed the talk (R39-19: 「この会話は残しておけますか」
            # after 「これで十分です」 was answered, then 「先ほどの問いに戻りますね」 and the step's question
            # again): answered, and the talk stays closed
            lines = [line for line in lines if line not in _BACK_TO_THE_QUESTION]
            lines.append(self._t(*_STAYS_CLOSED))
            return self._move(kind, self.step, lines)
        if self._past_end(self.step):
            return self._move(kind, self.step, lines)
        return self._move(kind, self.step, [*lines, self.ask(self.step)])

    def _closed(self) -> bool:
        """Whether the person closed the talk and only questions were answered since (each answer
        leaving it closed: one that asked the step's question again reopened it)."""
        for turn in reversed(self.state.turns):
            if turn.role != "partner":
                continue
            if turn.move == "answered" and any(line in turn.text for line in _STAYS_CLOSED):
                continue
            return turn.move == "end"
        return False

    def _granted(self) -> Move:
        """Leave to talk (「ちょっと話していい？」 "is it ok if I write in English?"): yes, and after
        the close the talk is open again."""
        return self._back_to_the_question(
            "again",
            [
                self._pick(("もちろんです。", "はい、大丈夫です。"), ("Of course.", "Yes, of course.")),
                self._t(
                    "まとまっていなくても、テーマから少し外れていても大丈夫です。思い浮かぶことを、そのまま書いてください。",
                    "It does not need to be tidy or on topic. Write whatever comes to mind, as it comes.",
                ),
            ],
            reopens=True,
        )

    def _what_this_is(self) -> Move:
        """What this talk is for (「棚卸しって何を整理するもの？」 "what is this for?"): the theme's own
        description, what the guide does, and that there is no right answer; then the question."""
        return self._back_to_the_question(
            "answered",
            [
                self.theme.description.get(self.language),
                self._t(
                    "わたしは問いをひとつずつお出しして、あなたの言葉をそのまま映し返します。正解はありませんし、答えにくい問いは飛ばせます。",
                    "I ask one question at a time and reflect your own words back. There are no right answers, and you can skip any question.",
                ),
            ],
        )

    def _not_written_for_you(self) -> Move:
        """A document asked for (「上司に送るメール書いて」 "can you write the application for me?"):
        the guide does not write in the person's name; it can gather their words."""
        return self._back_to_the_question(
            "answered",
            [
                self._t(
                    "あなたの代わりに文章を書くことはできませんが、ここまでのあなたの言葉をまとめることはできます。まとめがほしいときは、いつでも言ってください。",
                    "I cannot write it for you, but I can gather what you have said so far. Just ask for a summary whenever you want it.",
                ),
            ],
        )

    def _explain(self, term: tuple[str, str]) -> Move:
        """A word the guide uses, explained in one plain line; then the same question."""
        lines = [self._t(*term)]
        if self._past_end(self.step) or self._closed():
            return self._back_to_the_question("answered", lines)
        lines.append(self._pick(("では、先ほどの問いに戻りますね。", "それをふまえて、問いに戻りますね。"), ("With that, back to the question.", "Now, back to the question.")))
        lines.append(self.ask(self.step))
        return self._move("answered", self.step, lines)

    def _off_topic(self) -> Move:
        return self._move(
            "aside_topic",
            self.step,
            [
                self._pick(
                    (
                        "少し話がそれたようですね。わたしはその話にはうまくお付き合いできないので、よければ元の問いに戻りますね。",
                        "その話題には、わたしはうまくお応えできません。よければ、先ほどの問いの続きを考えてみましょう。",
                    ),
                    (
                        "That seems a little off our path, and I cannot really join in on it. If you like, let us return to the question.",
                        "I am not able to help with that topic. If you like, let us go on with the question.",
                    ),
                ),
                self.ask(self.step),
            ],
        )

    def _with_message(self) -> ConversationState:
        """The conversation with the message being answered as its last turn (what a request in
        it keeps back counts for the reply to it)."""
        return replace(self.state, turns=(*self.state.turns, Turn(role="person", text=self.message)))

    def _manager_view(self) -> Move:
        """What the part of a 1on1 draft the manager could see would hold now (``for_the_manager``:
        the same reading the agenda draft makes), with what stays in the person's own line shown
        apart, and who decides what is shared.  Answered as a summary check, so a correction or an
        "OK" that follows is read as after one."""
        found, private = manager_parts(self._with_message())
        bullet = "・" if self.language == "ja" else "- "
        rows: list[str] = []
        for key in DRAFTED_STEPS:
            index = self.theme.index_of(key)
            step = _step_for(self.theme, index) if index is not None else None
            if step is None or not found.get(key):
                continue
            # each answer quoted on its own, as the summary check quotes them (R27-08: joined, the
            # long first message lost its second topic)
            quoted = " ".join(q for t in found[key] if t.strip() and not _is_placeholder(q := _quote_answer(t, step, self.language)))
            if quoted:
                rows.append(bullet + _label_line(step.label.get(self.language), quoted, self.language))
        lines = [
            self._t(
                "この会話から1on1の下書きを作ると、上司に見える部分に入るのは、いまのところ次のとおりです。まだ誰にも共有されていません。",
                "If you drafted your 1on1 agenda from this conversation now, the part your manager could see would hold this. Nothing has been shared with anyone.",
            )
            if rows
            else self._t(
                "この会話から1on1の下書きを作っても、上司に見える部分に入ることは、いまのところまだありません。まだ誰にも共有されていません。",
                "If you drafted your 1on1 agenda from this conversation now, nothing would go into the part your manager could see yet. Nothing has been shared with anyone.",
            ),
            *rows,
        ]
        named = _quoted_targets(_asking_part(self.message)) if _KEPT_FROM_THE_MANAGER.search(self.message) else []
        if named:
            # 「…「リハビリ」って単語が入ってないか確認させて」: said plainly that it is out
            words = "」「".join(named) if self.language == "ja" else '", "'.join(named)
            lines.append(self._t(
                f"「{words}」が入っているところは、上司に見える部分には入れず、あなただけのメモにしています。",
                f'Anything with "{words}" in it stays out of the part your manager could see, in your own line.',
            ))
        if private:
            # apart from the list, not as one more of its lines (round 31: a bullet "Just for you
            # (never shared)" under "the part your manager could see would hold this" was graded
            # harmful: it read as the secret being in that part)
            label = self._t("あなただけのメモ（上司に見える部分には入れていません）", "Just for you (kept out of that part)")
            lines.append(_label_line(label, " ".join(quote(x, self.language) for t in private for x in t.split("\n") if x.strip()), self.language))
        lines.append(
            self._t(
                "下書きは、保存した会話から1on1の準備のページで作れます。共有する前に、上司に見える形のまま一つずつ確かめられて、チェックを入れたものだけが共有されます。直したいところがあれば、そのまま書いてください。",
                "Drafts are made from saved conversations on the 1on1 page. Before anything is shared you check each item exactly as your manager would see it, and only the items you tick are shared. If you want to change something, just write it.",
            )
        )
        return self._move("check", self.step, lines)

    def _summary_now(self) -> Move:
        return self._move("check", self.step, self._check_lines(everything=True, include_current=False))

    # -- moves ---------------------------------------------------------------------------

    def _skip(self) -> Move:
        if self.last_move == "check":  # "skip" the summary check: go on with the question it held back
            lead = self._t("わかりました。では、続けますね。", "All right. Let us go on.")
            if self._past_end(self.step):
                return self._move("close", self.step, [lead, *self._closing()])
            return self._move("resume", self.step, [lead, self.ask(self.step)])
        nxt = self.step + 1
        lead = self._pick(
            ("わかりました。この問いは飛ばしますね。", "はい、この問いはここまでにしましょう。", "では、次の問いに移りますね。"),
            ("All right, let us skip this one.", "Fine, we can leave this one.", "Let us move to the next question."),
        )
        if self._past_end(nxt) and not self._past_end(self.step):
            return self._move("close", nxt, [lead, *self._closing()])
        self._no_answer_now = True  # 「スキップ」 is no topic to list back
        return self._move("skip", nxt, [lead, self.ask(nxt)])

    def _back(self) -> Move:
        if self.step == 0:
            return self._move(
                "back",
                0,
                [self._t("これが最初の問いです。", "This is the first question."), self.question(0)],
            )
        prev = _back_target(self.theme, self.step, self.message) if self.message.strip() else self.step - 1
        if _ONE_MORE.search(self.message):
            # 「戻っていいですか。話したいこともう一個あった」: something to add, nothing to replace
            return self._move(
                "back_add",
                prev,
                [
                    self._t("はい、書き足しましょう。前に書いたことも、そのまま残しておきます。", "Sure, let us add to it. What you wrote before stays."),
                    self.question(prev),
                ],
            )
        lead = self._pick(
            ("ひとつ前の問いに戻りますね。書き直した答えで、まとめも置き換えます。", "はい、前の問いに戻りましょう。"),
            ("Let us go back one question. A new answer will replace the old one.", "All right, back to the previous question."),
        )
        return self._move("back", prev, [lead, self.question(prev)])

    def _back_revised(self, parts: tuple[str, str]) -> Move:
        """「前の質問に戻ってもいいですか。…やっぱりありました」 "Go back to the energy one. …":
        going back and answering again in one message. The new answer replaces that step's line
        and the question the person was at is asked again."""
        target = _back_target(self.theme, self.step, self.message)
        step = self.step_def(target)
        label = step.label.get(self.language) if step is not None else ""
        adds = (step is not None and step.collects == "topics") or bool(_ADDS_TO.match(parts[1]) or _ADD_QUOTED.search(self.message))
        lines = [
            self._t(f"「{label}」に戻って、書き足してくださったのですね。", f'Back to "{label}", then, with one more thing.')
            if adds
            else self._t(f"「{label}」に戻って、書き直してくださったのですね。", f'Back to "{label}", then, with a new answer.'),
            self._reflect(_LEADING_APOLOGY.sub("", parts[1]) or parts[1]),
            self._t("まとめのその行にも、この言葉を加えておきます。", "I have added these words to that line of the summary.")
            if adds
            else self._t("まとめのその行も、この言葉に置き換えておきます。", "I have replaced that line of the summary with these words."),
        ]
        if self._past_end(self.step):
            return self._move("back_revised", self.step, [*lines, *self._closing()])
        return self._move("back_revised", self.step, [*lines, self._reask(self.step)])

    def _after_check(self, text: str) -> Move | None:
        stripped = text.strip()
        negative = _NEGATIVE.match(fold(stripped))
        rest = stripped[negative.end() :] if negative else stripped
        has_rest = _has_content(rest) and len(re.sub(r"[\W_]+", "", rest)) >= 2
        if not negative and self.theme.key == "one_on_one" and _names_a_step(self.theme, stripped):
            return None  # 「最初のひと言は「…」にします」 after a summary: an answer to the step it names
        if negative and not has_rest and not self._rechecked():
            return self._move(
                "check",
                self.step,
                [
                    self._t("教えてくださって、ありがとうございます。", "Thank you for telling me."),
                    self._t(
                        "どのあたりが違っていましたか。違うところを、そのまま書いてください。",
                        "Which part is off? Just write it the way it should be.",
                    ),
                ],
            )
        fits = bool(_FITS_SUMMARY.search(stripped)) and not re.search(
            r"ただ|でも|けど|違|足りな|抜けて|\b(?:but|though|except|missing|not)\b", stripped, re.IGNORECASE
        )
        if _is_affirmative(stripped) or not has_rest or (fits and not negative and len(stripped) <= 60):
            # 「はい、『一人になった感じ』がしっくりきます」: it fits, said at more length
            lead = self._pick(
                ("ありがとうございます。では、続けますね。", "よかったです。では、次に進みますね。"),
                ("Thank you. Let us go on.", "Good. Let us go on."),
            )
            if self._past_end(self.step):
                return self._move("close", self.step, [lead, *self._closing()])
            return self._move("resume", self.step, [lead, self.ask(self.step)])
        if not negative and not _corrects_the_guide(stripped, self._guide_text(), after_check=True):
            parts = _split_sentences(stripped)
            rest = _content_part(stripped)
            if (
                len(parts) > 1
                and (_NON_CONTENT_SENTENCE.match(parts[0].strip()) or _is_affirmative(parts[0]))
                and re.match(r"(?:ただ|でも|けど|あと|一つだけ|ひとつだけ|but|though|only|except|one thing)", rest, re.IGNORECASE)
            ):
                # "yes, that fits. Only, …": a remark on the summary, kept beside it
                lead = self._t("ありがとうございます。", "Thank you.")
                rest = _LEADING_LINK.sub("", rest)
                said = _wrap(_quotable(rest, self.language) or "…", self.language)
                note = self._t(f"{said}ということも、まとめに書き添えておきます。", f"I will add {said} to the summary.")
                if self._past_end(self.step):
                    return self._move("check_note", self.step, [lead, note, *self._closing()])
                return self._move("check_note", self.step, [lead, note, self.ask(self.step)])
            return None  # not about the summary: an answer to the question it held back
        return self._correct(text)

    def _removal_named(self, text: str) -> str:
        """The words a request to take something out of the summary names, when the person wrote them
        earlier (as ``_asked_to_remove`` reads it); "" when there is none."""
        said = [t.text for t in self.state.turns if t.role == "person"]
        earlier = fold(" ".join(said))
        # named as it was written, or by most of its words (「先輩に言われた」 for 「先輩には『…』って言われた」)
        found = _removal_targets(text) or _ordinal_removal(text, said)
        if not found and _TAKES_BACK_LAST.search(text) and _last_told(said):
            # 「てかやっぱさっきの消して。ここにも残したくない」 (round 34's R34-07): what they told last
            found = [x.strip().rstrip("。．.!！") for x in _split_sentences(_last_told(said)) if len(x.strip()) >= 3][:1]
        if not found and self.theme.key != "one_on_one" and re.search(_NOT_WRITTEN, text):
            found = [t for t in _quoted_targets(_asking_part(text)) if len(t) >= 2]  # as _asked_to_remove reads it
        return next(
            (
                target for target in found
                if fold(target) in earlier or any(_shares(target, x, 0.5) for x in said)
                # 「体調のことはノートに入れないでください」 about 「寝つけなくて…動悸もする」 (round 40's
                # R40-08: echoed, then asked about): the body, told in other words
                or (_BODY_WORD.search(target) and any(_BODY_TALK.search(x) for x in said))
            ),
            "",
        )

    def _takes_back_own_word(self, text: str) -> bool:
        """「情けないいうのはちょっと違うわ。悔しいんよ」: a word the person wrote earlier, taken back
        (``_RETRACTS``), is a correction of what they said, wherever the guide now is."""
        if not form_headed(self.theme):
            return False  # a step-headed line (a 1on1 topic, Will/Can/Must) is replaced as a whole
        earlier = fold(" ".join(a.text for a in answers_of(self.state)))
        return any(word in earlier for _, word in _retracted_words([Answer("answer", self.step, text, len(self.state.turns))]))

    def _swap_not_found(self, text: str) -> Move:
        """A wording swap whose words no line holds: said so plainly, nothing filed, and the same
        question (or the close) again; the person can write the line as it should be."""
        old, new = _substitution(text)
        lead = self._t(
            f"「{old}」という言葉は、いまのまとめには見当たりませんでした。直したい行があれば、その行をどう書きたいか、そのまま書いてください。",
            f'I could not find "{old}" in the summary as it stands. If a line should read differently, write it the way you want it.',
        )
        return self._move("again", self.step, [lead, self._reask(self.step)] if not self._past_end(self.step) else [lead, self._door_open()])

    def _correct(self, text: str) -> Move:
        """A correction of a summary or a reflection: the line it corrects is replaced."""
        swapped = _substituted(answers_of(self.state), text)
        if swapped is not None:
            old, new = _substitution(text)
            lead = self._t(f"「{old}」を「{new}」に直しておきます。", f'I have changed "{old}" to "{new}".')
            return self._move("corrected", self.step, [lead, self.ask(self.step)] if not self._past_end(self.step) else [lead, *self._closing()])
        rest = _correction_text(text)
        target = correction_target(self.state, len(self.state.turns), rest)
        step = _step_for(self.theme, target) if target is not None else None
        said = _wrap(_quotable(rest, self.language) or "…", self.language)
        if step is not None and form_headed(self.theme):
            # the summary is headed by form (FORM_HEADED): what it corrected is replaced, wherever it stood
            lead = self._t(
                f"{said}ですね。まとめの中の前の言葉を、こちらに置き換えておきます。",
                f"{said} — I have put your words in place of what the summary said before.",
            )
        elif step is not None:
            label = summary_heading(self.theme, step, self.language)
            if label == step.label.get(self.language):
                lead = self._t(
                    f"{said}ですね。「{label}」の行を、この言葉に置き換えておきます。",
                    f'{said} — I have replaced the line "{label}" with your words.',
                )
            else:  # a heading several steps share: only the part it corrects changes
                lead = self._t(
                    f"{said}ですね。「{label}」のところを、この言葉で直しておきます。",
                    f'{said} — I have corrected "{label}" with your words.',
                )
        else:
            lead = self._t(f"{said}ですね。まとめに残しておきます。", f"{said} — I will keep that in the summary.")
        # correcting the answer the guide was taking a second look at: that step is done
        nxt = self.step + 1 if (target == self.step and self.last_move == "deepen") else self.step
        if self._past_end(nxt):
            return self._move("corrected", nxt, [lead, *self._closing()])
        return self._move("corrected", nxt, [lead, self.ask(nxt)])

    def _clarified(self, text: str) -> Move:
        """「『…』とは言ってないです」 about words the guide never wrote: said honestly, what they
        mean instead is kept beside the summary, and the same question is asked again."""
        rest = ("" if not text.isascii() else " ").join(s.strip() for s in _split_sentences(text) if not _DENIES_WORDS.search(s)).strip()
        rest = _content_part(rest)
        lines = [self._t("わたしはその言葉を使っていませんでしたが、大事な区別ですね。", "I did not use those words, but the difference matters.")]
        if rest and salient(rest, 1):
            lines.append(self._t(f"{_wrap(_quotable(rest, self.language) or rest, self.language)}ということを、まとめに書き添えておきます。", f"I will add {_wrap(_quotable(rest, self.language) or rest, self.language)} to the summary."))
        if self._past_end(self.step):
            return self._move("noted", self.step, lines)
        lines.append(self.ask(self.step))
        return self._move("noted", self.step, lines)

    def _previous_message(self) -> str:
        """The person's message before this one, folded (the context of a short question)."""
        earlier = [t.text for t in self.state.turns if t.role == "person"]
        return fold(earlier[-1]) if earlier else ""

    def _guide_text(self) -> str:
        """Everything the guide wrote in this conversation (what a correction can refer to)."""
        return " ".join(t.text for t in self.state.turns if t.role == "partner")

    def _has_next_step(self) -> bool:
        index = _next_step_index(self.theme, self.step)
        return index in step_answers(answers_of(self.state))

    def _early_plan(self, text: str) -> Move:
        """A step the person has chosen before the flow reached the last question: kept as
        their next step, then the same question again."""
        said = _said(_plan_part(text), self.language)
        next_step = _next_step_index(self.theme, self.step)
        target = _step_for(self.theme, next_step)
        label = target.label.get("ja") if target is not None and target.collects == NEXT_STEP else "小さな一歩"
        kept = self._pick(
            (f"{said}まとめの「{label}」に残しておきます。", f"{said}まとめの「{label}」に加えておきますね。"),
            (f"{said}I will keep that as your next step.", f"{said}I have added that to your next steps."),
        )
        if self.theme.key == "one_on_one" and not _OPENING_WORDS.search(text):
            # 「明日、派遣会社の見積もりもらっとく」 is something to do, not what they will say first
            kept = self._t(f"{said}次の一歩として、まとめに残しておきます。", f"{said}I will keep that as your next step.")
        if self.theme.key == "one_on_one" and _sensitive(_plan_part(text)):
            # 「窓口の案内だけ、あとで自分で見てみます」 while preparing a 1on1: never a step of the
            # preparation (P44; round 19's review graded filing it under 最初に伝えること harmful);
            # a step said with it (「最初は…って言う。産業医のは人事のページ見てみる」) still is
            shared, _ = split_sensitive(_plan_part(text))
            shared = _without_meta(shared, self.theme) if shared else ""  # 「わかりました。」 is no step
            apart = self._t("相談先や体のことは、1on1の準備には入れず、あなただけのメモにしておきます。", "Where you go for help stays out of the 1on1 preparation, in a note just for you.")
            if shared and _has_content(shared):
                kept = self._t(f"{_said(shared, self.language)}まとめの「{label}」に残しておきます。{apart}", f"{_said(shared, self.language)}I will keep that as your next step. {apart}")
            else:
                kept = self._t(f"{said}1on1の準備には入れず、あなただけのメモにしておきます。", f"{said}That stays out of the 1on1 preparation, in a note just for you.")
        written = sum(1 for turn in self.state.turns if turn.role == "person")
        if not self.theme.cycle and not self._past_end(self.step) and next_step - self.step >= 2 and written < _LATE_PLAN_AFTER:
            # early in the flow: the step is kept, and the question it interrupted is still open.
            # Later on (several messages in), a step the person has reached is where the talk was
            # going: they are not taken back to an earlier question (the round-11 review: a plan
            # at the eighth message answered with 「もう少しだけ…」 and a question about feelings)
            return self._move(
                "plan",
                self.step,
                [
                    kept,
                    self._pick(
                        ("もう少しだけ、続けてみましょう。", "そのうえで、先ほどの問いにも少しだけ戻りますね。"),
                        ("A little more, then.", "With that kept, back to the question for a moment."),
                    ),
                    self._reask(self.step),
                ],
            )
        return self._move(
            "plan",
            self.step,
            [
                kept,
                self._pick(
                    ("ほかに書いておきたいことがあれば、続けてください。終わりにしても大丈夫です。", "書き足したいことがあれば、どうぞ。ここで終わりにしても大丈夫です。"),
                    ("If there is more you want to write, go on; stopping here is fine too.", "Add anything else you like, or stop here; both are fine."),
                ),
            ],
        )

    def _rechecked(self) -> bool:
        """True when the last two partner turns were both summary checks (asked once already)."""
        partner = [t for t in self.state.turns if t.role == "partner"][-2:]
        return len(partner) == 2 and all(t.move == "check" for t in partner)

    def _after_decide(self, text: str) -> Move:
        if _reads_as_plan(text, self.last_move or "") and any(_TRY_FORM.search(x) for x in _split_sentences(text) if _looks_like_plan(x)):
            # after 「どうしたらいい？」 was handed back, 「ほうじゃね、あの子にまず聞いてみるわ」 is the
            # step they chose: kept as their next step (it was resumed past and lost)
            return self._early_plan(text)
        if (_ends_unsure(text) or _is_nothing(text)) and not self._past_end(self.step):
            return self._unsure(text=text, nothing=_is_nothing(text))  # not knowing, not a thought on the choice
        reading = self._reading(text)
        if reading == "plan" or (reading == "end" and _looks_like_plan(text)):
            # 「今回は①だけにして、②は…予告だけしとく」「育成からにするわ。…助かったわ」: after the
            # choice was handed back, the way they chose is their step (it was answered with
            # "what else is on your mind?" and lost)
            return self._early_plan(text)
        if reading == "end" and _leaves_nothing_else(text, self.last_move):
            return self._end()
        if _is_affirmative(text) or not _content_part(text):
            lines = [self._pick(("わかりました。では、先ほどの流れに戻りますね。",), ("All right. Let us return to where we were.",))]
            lines.append(self.ask(self.step) if not self._past_end(self.step) else self._t("ほかに、どんなことが心にありますか。", "What else is on your mind?"))
            return self._move("resume", self.step, lines)
        lines = [self._reflect(text)]
        lines.append(
            self._pick(
                ("大事な手がかりだと思います。では、先ほどの流れに戻りますね。", "考えたことは、まとめに残しておきます。では、流れに戻りますね。"),
                ("That seems worth keeping in mind. Let us return to where we were.", "I will keep that in the summary. Let us return to where we were."),
            )
        )
        if self._past_end(self.step):
            lines.append(self._t("ほかに、どんなことが心にありますか。", "What else is on your mind?"))
        else:
            lines.append(self.ask(self.step))
        return self._move("resume", self.step, lines)

    def _decide(self, text: str) -> Move:
        idea = _IDEA_AS_QUESTION.search(text)
        if idea and _has_content(idea.group(1)):
            # their own idea, asked as a question (…のは、ありですかね): kept as their step
            said = _said(idea.group(1).strip(" 、,…"), self.language)
            return self._move(
                "plan",
                self.step,
                [
                    self._t(f"{said}そういう案を考えているのですね。", f"{said}that is an idea you have."),
                    self._t(
                        "それを選ぶかどうかは、あなたが決めてよいことです。案の一つとして、まとめの「小さな一歩」に残しておきます。",
                        "Whether to take it is yours to decide. I will keep it as one possible next step.",
                    ),
                ],
            )
        content = _without_meta(_without_questions(text), self.theme)
        lines: list[str] = []
        kept = bool(content) and bool(salient(content, 1))
        if kept:
            lines.append(self._reflect(content))
        found = salient(_question_part(text), 1)
        if not kept and re.search(r"(?:どちら|どっち|どれ)が", _question_part(text)):
            # 「…と、…と、どちらが合理的だと思うか」: which way, not a yes-or-no (the question's phrase
            # quoted with かどうか read 「…道と、どちらが合理的だと思うか」かどうか)
            lines.append(self._t("どの道を選ぶか、考えているのですね。", "You are weighing which way to go."))
        elif found and not kept:
            lines.append(
                self._t(
                    f"「{found[0].text}」かどうか、考えているのですね。",
                    f'You are weighing "{found[0].text}".',
                )
            )
        elif not kept:
            lines.append(self._t("大事な選択について、考えているのですね。", "You are weighing an important choice."))
        if re.search(r"AI|ＡＩ|人工知能|\bai\b", text, re.IGNORECASE):
            lines.append(
                self._t(
                    "わたしはAIのチャットではなく、決まった問いに沿うガイドなので、答えを出すことはできません。",
                    "I am a guide that follows set questions, not an AI chatbot, so I cannot give you an answer.",
                )
            )
        lines.append(
            self._pick(
                (
                    "どうするかを決めるのは、あなた自身です。わたしは答えを出すのではなく、考えるお手伝いをします。",
                    "わたしが答えを決めることはできませんが、考えるお手伝いならできます。決めるのは、あなたです。",
                    "選ぶのはあなたです。わたしにできるのは、一緒に考えることです。",
                ),
                (
                    "The decision is yours. I will not give you an answer, but I can help you think it through.",
                    "I cannot choose for you, but I can help you think. The choice is yours.",
                    "It is your call. What I can do is think it through with you.",
                ),
            )
        )
        questions = (
            self._t(
                "そのことを考えるとき、いちばん大切にしたいことは何ですか。",
                "As you think about it, what matters most to you?",
            ),
            self._t(
                "もしそうしたら、何が変わりそうだと感じますか。",
                "If you did it, what do you imagine would change?",
            ),
            self._t(
                "どんなことがわかったら、決めやすくなりそうですか。",
                "What would you need to know to make the choice easier?",
            ),
        )
        questions = questions + (
            self._t("選ぶときに、これだけは外せないという条件は何ですか。", "What is the one condition you would not give up in choosing?"),
            self._t(
                "半年後のあなたから今を見たら、どんなことが大事に見えそうですか。",
                "Looking back from six months on, what might seem most important now?",
            ),
        )
        if re.search(r"どう|どれ|どっち|どちら|何を|なにを|\b(?:how|which|what)\b", text, re.IGNORECASE):
            questions = (questions[0], questions[2], questions[3], questions[4])  # not a yes/no question
        start = self.partner_count % len(questions)
        lines.append(self._pick(questions[start:] + questions[:start], None))
        if (
            kept
            and self.step == 0
            and self.last_move == "open"
            and (self._step_collects(0, "concern") or self._step_collects(0, "topic"))
            and len(_content_part(content)) >= 8
            and not self._past_end(1)
        ):
            # the first message, to "what is on your mind?": what they wrote around the
            # decision is what is on their mind; it answers the opening question,
            # and after the choice the flow goes on from the next one
            return self._move("decide_kept", 1, lines)
        return self._move("decide", self.step, lines)

    def _unsure(self, *, nothing: bool = False, text: str = "") -> Move:
        move = self._unsure_move(nothing=nothing)
        felt = _feeling_beside_unsure(text, self.language) if text else ""
        if not felt:
            return move
        # 「わからない。何も感じないようにしてるのかも」: the feeling said beside "I don't know" is
        # heard first, then the permission not to know
        line = self._pick(
            (f"{_wrap(felt, self.language)}とも書いてくださいましたね。", f"{_wrap(felt, self.language)}という言葉も、受け取りました。"),
            (f"You also wrote {_wrap(felt, self.language)}.", f"I hear {_wrap(felt, self.language)} too."),
        )
        return replace(move, text=line + "\n" + move.text)

    def _unsure_move(self, *, nothing: bool = False) -> Move:
        lead_options = (
            ("特にない、というのも大切な答えです。", "思い浮かばないときは、それで大丈夫です。")
            if nothing
            else ("わからない、というのも大切な答えです。", "すぐに言葉にならなくても大丈夫です。", "答えが出ないときは、出ないままで大丈夫です。")
        )
        lead_en = (
            ("Nothing in particular is a fine answer too.", "If nothing comes to mind, that is all right.")
            if nothing
            else ("Not knowing is a fine answer too.", "It does not need to come out in words right away.", "If no answer comes, that is all right.")
        )
        if self.last_move in ("deepen", "smaller", "nothing") or self._past_end(self.step):
            nxt = self.step + 1
            lead = self._pick(
                (
                    "無理に答えなくて大丈夫です。この問いはここまでにして、次に進みますね。",
                    "この問いは、またいつでも戻ってこられます。次に進みますね。",
                ),
                (
                    "There is no need to force an answer. Let us leave this one here and move on.",
                    "You can come back to this one any time. Let us move on.",
                ),
            )
            if self._past_end(nxt) and not self._past_end(self.step):
                return self._move("close", nxt, [lead, *self._closing()])
            # the next question may list what was said (the topics): "I don't know" is not one of them
            self._no_answer_now = True
            return self._move("skip", nxt, [lead, self.ask(nxt)])
        step = self.step_def(self.step)
        smaller = step.smaller.get(self.language) if step is not None else self.ask(self.step)
        examples = _examples(step.collects if step is not None else "", self.language)
        lines = [self._pick(lead_options, lead_en)]
        # One prompt at a time: examples offered as options after "nothing", or a smaller
        # question after "I don't know", never both stacked.
        if examples and (nothing or not smaller):
            lines.append(examples)
            lines.append(
                self._pick(
                    ("ひとことだけでも大丈夫です。書きにくければ「スキップ」で次に進めます。", "思い浮かんだことがあれば、短くても大丈夫です。飛ばしたいときは「スキップ」と書いてください。"),
                    ('A few words are enough. Or write "skip" to move on.', 'If something comes to mind, short is fine. To pass, write "skip".'),
                )
            )
            return self._move("nothing" if nothing else "smaller", self.step, lines)
        lines.append(
            self._pick(
                (f"もう少し小さな問いにしてみますね。{smaller}", f"こんな問いにしてみますね。{smaller}"),
                (f"Here is a smaller question. {smaller}", f"Maybe this is easier: {smaller}"),
            )
        )
        lines.append(
            self._pick(
                ("次に進みたいときは「スキップ」と書いてください。", "この問いを飛ばしたいときは、「スキップ」で大丈夫です。"),
                ('To move on, write "skip".', 'If you would rather pass this one, "skip" is fine.'),
                optional=True,
            )
        )
        return self._move("nothing" if nothing else "smaller", self.step, lines)

    def _answer(self, text: str, found: set[str]) -> Move:
        if (
            self._step_collects(self.step, "situation")
            and self.last_move not in ("smaller", "nothing", "episode")
            and not _tells_an_episode(text)
        ):
            # a doubt or a wish about the exercise, no episode yet: the next question ("what
            # did you do then?") would point at nothing, so ask for one concrete episode first
            step = self.step_def(self.step)
            lines = [self._reflect(text)] if salient(text, 1, minimum=1.2) else []
            lines.append(
                self._pick(
                    ("まずは、ひとつの出来事から始めてみましょう。大きなことでなくて大丈夫です。", "小さな場面ひとつからで大丈夫です。"),
                    ("Let us start from one concrete piece of work. It does not need to be big.", "One small moment is enough to start from."),
                )
            )
            lines.append(step.smaller.get(self.language) if step is not None else self.ask(self.step))
            return self._move("episode", self.step, lines)
        if "really" in found and text.isascii() and re.match(r"\s*(?:actually|honestly|really|to be honest)\b[,\s]", text, re.IGNORECASE):
            if not re.search(r".\b(?:actually|honestly|really|deep down)\b", text.strip()[12:], re.IGNORECASE):
                found = found - {"really"}  # "Actually, add one more": a way of starting, not a cue
        top = salient(text, 1, minimum=1.2)
        if top and top[0].kind == "feeling" and not top[0].contrast and "really" not in found:
            found = found - {"but"}  # their own feeling is the point: reflect it, not what came after でも
        if self._invites_second_look(found):
            look = self._second_look(text, really_only="really" in found and "but" not in found)
            if look is not None:
                before, notice = look
                # Reflect the first half only; the second half is what the notice is about.
                lines = [self._reflect(before)] if salient(before, 1, minimum=1.2) else []
                if _own_health_cue(text):
                    lines.append(self._health_aside())
                return self._move("deepen", self.step, [*lines, *notice])
        ahead = None
        if self._step_collects(self.step, "interpretation") and self._step_collects(self.step + 1, "feelings") and _only_kind(text, "feeling", self.language):
            ahead = ("その気持ちは、「気持ち」のところに書き留めておきます。", 'I will keep that under "Feelings".')
        elif self._step_collects(self.step, "feelings") and self._step_collects(self.step + 1, "wishes") and _only_kind(text, "wish", self.language):
            ahead = ("その思いは、「願い」のところに書き留めておきます。", 'I will keep that under "Wishes".')
        if ahead is not None and self.last_move not in ("feel_first", "smaller", "nothing", "deepen"):
            # the next step's answer where this step was asked (a feeling for a reading, a wish
            # for a feeling): kept under the step it answers, then this step asked once more in
            # smaller words, never filed under the wrong label
            step = self.step_def(self.step)
            lines = [
                self._reflect(text),
                self._t(*ahead),
                step.smaller.get(self.language) if step is not None else self.ask(self.step),
            ]
            return self._move("feel_first", self.step, lines)
        nxt = self.step + 1
        episode = (
            _episode_parts(text, self.language)
            if self._step_collects(self.step, "situation") and self._step_collects(nxt, "action")
            else None
        )
        if episode is not None and not self._due_for_check():
            # the whole story at once (the situation, what they did, what came of it): each part
            # is credited to its step and the question after them is asked, none asked again
            _, action, result = episode
            after = nxt + (2 if result else 1)
            if not self._past_end(after):
                lines = [self._reflect(action)] + ([self._reflect(result)] if result else [])
                return self._move("episode3" if result else "episode2", after, [*lines, self.ask(after)])
        next_step = self.step_def(nxt)
        split = _split_for_next(text, next_step.collects if next_step is not None else "", self.language)
        if (
            split is not None
            and not self.theme.plain_answers
            and not self._past_end(nxt + 1)
            and not (self.step_def(nxt + 1) is not None and self.step_def(nxt + 1).lists_from)
            and not self._due_for_check()
        ):
            # the message already answers the next question too (what came of it, how it felt):
            # that part is credited to it, and the question after it is asked
            mine, theirs = split
            lines = ([self._reflect(mine)] if salient(mine, 1, minimum=1.2) else []) + [self._reflect(theirs)]
            return self._move("ask2", nxt + 1, [*lines, self.ask(nxt + 1)])
        if _NOT_NOW.search(text) and not self._past_end(self.step):
            rest = _NOT_NOW.sub("", text)
            if (
                self._echoes_question(text) or not _has_content(rest) or _is_nothing(rest.strip(" 、。…,."))
                or re.match(r"^[^。]{0,24}か[…\.。、,\s]*(?:うーん|うーむ|んー|ん〜)?[…\.。、,\s]*$", rest)
            ):
                return self._skip()  # 「どうなってほしいか…うーん…それは今日はいいです」: this question, not today
            # 「夫のこととかも関係あるんですけど、それは今日はいいです」: what they set aside is left there,
            # and the question on screen, which it does not answer, is asked again in other words
            return self._move("again", self.step, [
                self._pick(("そのことは、今日は置いておきますね。", "そのことは、今日はそっとしておきますね。"), ("We will leave that for today.", "That can wait for another day.")),
                self._reask(self.step),
            ])
        named = _filed_where_named(self.theme, Answer("answer", self.step, text, len(self.state.turns))).step
        elsewhere = self.step_def(named)
        if self.theme.key == "one_on_one" and self._past_end(self.step):
            # after the preparation's last question, more of it ("just listen, it's nice to have it
            # noted"): heard and kept where it names, and the door left open; no question of free talk
            # (round 27: "What actually happened?" there, three times)
            lines = [self._reflect(text)]
            if named != self.step and elsewhere is not None and named < len(self.theme.steps):
                label = elsewhere.label.get(self.language)
                lines.append(self._t(f"それは、「{label}」{_FILED_ELSEWHERE[0]}", f'{_FILED_ELSEWHERE[1]}"{label}".'))
            lines.append(self._door_open())
            return self._move("ask", self.step, lines)
        if (
            self.theme.key == "one_on_one" and named < self.step and elsewhere is not None and not self._past_end(self.step)
            and not ends_with_goodbye(text) and not says_thanks(text)
            and not self._due_for_check() and not any(x in (self.last.text if self.last is not None else "") for x in _FILED_ELSEWHERE)
        ):
            # an answer to an earlier question, given where this one was asked ("think it through
            # with me" asked for the opening words, round 27's R27-03): kept under the step it names,
            # and this question asked again, once; before, the flow moved on and this step stayed
            # empty.  (An answer to a later step, said early, still moves past both, as before; so
            # does one said with thanks or a goodbye: the person is closing, not answering.  Only in
            # the 1on1, whose steps are separate questions: in GROW or Will/Can/Must 「目標は…」 said
            # where "what does it look like" was asked answers that too, and asking it again was
            # asking what had just been said.)
            label = elsewhere.label.get(self.language)
            return self._move("ask", self.step, [
                self._reflect(text),
                self._t(f"それは、「{label}」{_FILED_ELSEWHERE[0]}", f'{_FILED_ELSEWHERE[1]}"{label}".'),
                self.ask(self.step),
            ])
        nxt = self._next_open(nxt, also={named} - {self.step})
        next_step = self.step_def(nxt)
        if next_step is not None and next_step.lists_from and not self._past_end(nxt):
            lines = []  # the next question lists their items back: that is the reflection
        else:
            lines = [self._reflect(text)]
        if _is_nothing(text) and self._step_collects(self.step, NEXT_STEP):
            lines = [
                self._t(
                    "今は何もしない、というのも一つの選び方です。",
                    "Choosing to do nothing for now is a choice too.",
                )
            ]
        if _own_health_cue(text):
            lines.append(self._health_aside())
        if self._past_end(nxt) and not self._past_end(self.step):
            return self._move("close", nxt, [*lines, *self._closing()])
        if self._due_for_check():
            return self._move("check", nxt, [*lines, *self._check_lines()])
        return self._move("ask", nxt, [*lines, self.ask(nxt)])

    # -- pieces --------------------------------------------------------------------------

    def _reflect(self, text: str, *, warm: bool = False) -> str:
        """One line that gives back a whole phrase the person wrote, framed by what it is
        (their feeling, a wish, something else). When nothing stands out, a plain line."""
        bare = without_courtesies(text) or text  # never 「夜分にすみません」 given back
        text = _content_part(bare) or bare
        number = (
            _scale_number(text)
            if (self._step_collects(self.step, "scale") or self._step_collects(self.step, "reality"))
            else None
        )
        if number is not None and len(text) <= 20:
            return self._t(f"「{number.group(1)}」くらいなのですね。", f"About {number.group(1)}, then.")
        if len(_items(text)) > 1 and all(len(item) <= 40 for item in _items(text)):
            listed = quote(text, self.language)  # a list: each item as written
            return self._t(f"{listed}と書いてくださいました。", f"You wrote {listed}.")
        asked = _QUOTED_OPTION.sub(" ", "\n".join(  # the theme's questions and what the guide has asked
            [self.theme.question_at(i, self.language) for i in range(len(self.theme.steps))]
            + [t.text.splitlines()[-1] for t in self.state.turns if t.role == "partner" and t.text]
        ))  # without the options it quotes (「一緒に考えてほしい」): choosing one is an answer
        chosen = salient(text, 2, minimum=1.2, avoid=asked)
        chosen = [p for p in chosen if p.score >= 2.0] or chosen[:1]
        if not chosen:
            short = " ".join(text.split()).rstrip("。.!！?？、, ")
            if 0 < len(short) <= (40 if self.language == "ja" else 80) and not _DANGER_WORDS.search(short) and _has_content(short):
                quoted = _wrap(short, self.language)  # a quote inside theirs nests, as everywhere
                return self._pick(
                    (f"{quoted}ですね。", f"{quoted}と書いてくださいました。"),
                    (f"{quoted} — I hear you.", f"You wrote {quoted}."),
                )
            return self._pick(
                (
                    "書いてくださって、ありがとうございます。",
                    "ていねいに言葉にしてくださいましたね。",
                    "ここまでの言葉、しっかり読みました。",
                ),
                ("Thank you for writing that.", "Thank you for putting that into words.", "I have read every word."),
            )
        if len(chosen) == 2:
            a, b = (_wrap(p.text, self.language) for p in chosen)
            return self._pick(
                (f"{a}、そして{b}と書いてくださいました。", f"{a}、{b}。その言葉を受け止めました。" if warm else f"{a}、{b}。どちらも、あなたの言葉ですね。"),
                (f"You wrote {a}, and {b}.", f"{a}, and {b} — I hear both."),
            )
        p = chosen[0]
        q = _wrap(p.text, self.language)
        negated = bool(_NEGATED.search(p.text))
        if p.kind == "feeling" and not negated and not re.search(
            r"(ます|ました|です|でした|ません|てる|ている|思う|思ってしまう|気がする|感じる)$", p.text
        ):
            return self._pick(
                (f"{q}と感じているのですね。", f"{q}という気持ちがあるのですね。"),
                (f"{q} — thank you for naming that.", f"So {q} is part of how it feels."),
            )
        if p.kind == "wish" and self.language == "ja" and re.search(r"(?:って|と)$", p.text):
            return f"{q}思っているのですね。"  # 「分担できたらって」思っている: never 「…って」という思い
        if p.kind == "wish":
            return self._pick(
                (f"{q}という思いがあるのですね。", f"{q}と願っているのですね。"),
                (f"{q} — that matters to you.", f"You wrote {q}; that sounds important to you."),
            )
        return self._pick(
            (f"{q}と書いてくださいました。", f"{q}ということなのですね。", f"{q}。その言葉を、ここに書き留めておきます。"),
            (f"You wrote {q}.", f"{q} — I hear that.", f"{q}. I will keep that here."),
        )

    def _invites_second_look(self, found: set[str]) -> bool:
        """Once per step. 本当は always invites one; a plain でも/けど only where the step asks
        for thoughts, feelings or wishes (in a story of what happened it is just a connective)."""
        if self.last_move in ("deepen", "decide", "decide_kept") or self._past_end(self.step):
            return False
        if "really" in found:
            return True
        step = self.step_def(self.step)
        return "but" in found and step is not None and step.collects not in _NARRATIVE

    def _second_look(self, text: str, *, really_only: bool = False) -> tuple[str, list[str]] | None:
        """The text before the cue word, and the lines that notice the phrase after it."""
        pattern = _SECOND_HALF_EN if self.language == "en" else _SECOND_HALF_JA
        matches = list(pattern.finditer(text))
        if not matches and self.language == "en":
            matches = list(_SECOND_HALF_JA.finditer(text))
        if self.language == "en":
            # "actually", "honestly", "really" are cues only where they open a clause ("Honestly,
            # I want…"); inside one ("which side I'm actually on") or after it ("Sad, honestly.")
            # they are just words, and the clause is not cut at them.
            matches = [
                m
                for m in matches
                if m.group(1).lower() not in _REALLY_WORDS
                or (
                    re.search(r"(?:^|[.!?;:,]\s*|\b(?:but|and|so)\s+)$", text[: m.start()], re.IGNORECASE)
                    and len(re.split(r"[.!?;]", text[m.end() :].lstrip(" ,"), maxsplit=1)[0].split()) >= 2
                )
            ]
        # 本当は outranks でも: the wish behind the words is what the person pointed at.
        really = [m for m in matches if m.group(1).lower() in _REALLY_WORDS]
        if really_only or really:
            matches = really
        if not matches:
            return None
        match = matches[-1]
        marker = match.group(1)
        before = text[: match.start()]
        if self.language == "en":
            before = re.sub(r"\s*\b(?:and|or|but|so|because|then)\s*$", "", before, flags=re.IGNORECASE)  # "…parental leave and" honestly …
        rest = _CLAUSE_END.split(text[match.end() :].lstrip("、, "), maxsplit=1)[0]
        if _NOT_NOW.search(rest):
            return None  # 「…けど、それは今日はいいです」: a boundary, not a cue to go into it (round 27's R27-12)
        found = salient(rest, 1) if rest.strip() else []
        clause = rest.strip().rstrip(" .!?\"')")
        if self.language == "en" and found and 2 <= len(clause.split()) <= 16 and not _DANGER_WORDS.search(clause):
            # the whole clause after the cue, never a tail of it ("on anymore")
            begin = text.index(clause, match.end())
            found = [replace(found[0], text=clause, begin=begin, end=begin + len(clause))]
        if not found:
            if text[match.end() :].strip(" 、,。.…") == "" and marker.lower() not in _REALLY_WORDS and marker.lower() not in ("though", "however"):
                # 「…けど」 trailing off invites the rest; "…, though." ends an English sentence
                return before, [
                    self._t(f"「{marker}」で言葉が止まっていますね。", f'Your words stop at "{marker}".'),
                    self._t(
                        f"「{marker}」のあとに続く言葉があるとしたら、どんなことでしょう。",
                        f'If the sentence went on after "{marker}", what might follow?',
                    ),
                ]
            return None
        q = _wrap(found[0].text, self.language)
        if marker.lower() in _REALLY_WORDS:
            return before, [
                self._t(f"「{marker}」のあとに、{q}と書いてくださいました。", f'After "{marker}", you wrote {q}.'),
                self._t("その言葉には、どんな思いがありますか。", "What is behind those words for you?"),
            ]
        return before, [
            self._t(f"「{marker}」のあとの{q}という言葉も、気になりました。", f'I noticed {q}, after "{marker}".'),
            self._t("そのことについて、どんなことを感じていますか。", "How do you feel about that part?"),
        ]

    def _closing(self) -> list[str]:
        if self.theme.closing is not None:
            return [self.theme.closing.get(self.language)]
        return [
            self._t(
                "ここまで、ひとつずつ言葉にしてくださって、ありがとうございました。",
                "Thank you for putting all of this into words, one step at a time.",
            ),
            self._t(
                "終わりにするときは、ここまでのあなたの言葉から「気づき」と「小さな一歩」のまとめを作れます。まだ書きたいことがあれば、このまま続けてください。",
                "When you want to finish, I can put together what you noticed and your small next steps from your own words. If there is more you want to write, just go on.",
            ),
        ]

    def _next_open(self, index: int, also: set[int] = frozenset()) -> int:
        """``index``, or the first step after it that has no answer yet: a question the person
        already answered (an early step, an answer given after going back, or one this message
        answers by naming it: 「手放したくないのは…」) is not asked again."""
        if self.theme.cycle or self.theme.plain_answers:
            return index
        answered = step_answers(answers_of(self.state))
        while not self._past_end(index) and (
            index in also or (index in answered and any(_has_content(t) and not _is_nothing(t) for t in answered[index]))
        ):
            index += 1
        return index

    def _due_for_check(self) -> bool:
        """Every ``summary_every`` accepted answers (counted since the last summary), but never
        in the reply right after a message that raised a safety signal: after the desk line for
        「会議で…真似されて、みんな笑う」 a list of headings reads as not having heard it."""
        if self.theme.plain_answers:
            return False
        previous = next((t for t in reversed(self.state.turns) if t.role == "person"), None)
        if previous is not None and detect(previous.text):
            return False
        asked = 0
        for turn in reversed(self.state.turns):
            if turn.role != "partner":
                continue
            if turn.move == "check":
                break
            if turn.move == "ask":
                asked += 1
            elif turn.move == "ask2":
                asked += 2
        return asked + 1 >= self.engine.config.summary_every

    def _check_lines(self, *, everything: bool = False, include_current: bool = True) -> list[str]:
        current = include_current and _reads_as_content(self.message, self.last_move or "")
        raw = _asked_to_remove(
            _courtesies_off(answers_of(self.state) + ([_filed_where_named(self.theme, self._current_answer())] if current else [])),
            self._with_message(),
        )
        lines = [
            self._pick(
                ("ここまでを、あなたの言葉でまとめてみます。", "ここまでに書いてくださったことを、並べてみますね。"),
                ("Here is what you have said so far, in your own words:", "Let me put together what you wrote so far:"),
            )
        ]
        private: list[str] = []
        # what is kept back is read with this message too, as the answers are (round 24's R24-05:
        # 「治療のことです。不妊治療。ここだけの話ですけど」 was shown under the support wanted in the
        # summary check it was part of, while the end summary kept it in the person's own line)
        kept_back = kept_from_the_manager(self._with_message() if current else self.state) if self.theme.key == "one_on_one" else []
        if form_headed(self.theme):
            # headed by what each sentence shows, not by the question on screen (FORM_HEADED)
            listed = form_lines(self.theme, raw if everything else _answers_since_last_check(self.state, raw), self.language)
        elif role_summarised(self.theme):
            # career, learning: the end summary files each sentence by what it says (the role
            # reader); the check on the way shows it the same way, not under the question that was
            # on screen (round 27's review graded 「できること（Can）：正直、何をしたいのかが分からない」
            # and six more such checks faulty, while the end summary had them right)
            # (with this message even when it is no answer: a removal it asks for shows at once, as
            # in round 40's R40-13, where 「この外資の話、…入れないでもらえます？」 was followed by a
            # check that still held the offer)
            with_removal = current or bool(self._removal_named(self.message))
            rolled = _role_summary(self._with_message() if with_removal else self.state, self.theme, Summary(noticed=[], next_steps=[]), self.language)
            mark = ": " if self.language == "en" else "："
            listed = [tuple(line.split(mark, 1)) for line in rolled.noticed if mark in line]
            step_label = self._t("小さな一歩", "A small step")
            listed += [(step_label, quote(x, self.language, whole=True)) for x in rolled.next_steps]
        else:
            answers = _filed_by_form(self.theme, raw)
            per_step = step_answers(answers if everything else _answers_since_last_check(self.state, answers))
            lined: list[tuple[Step, str]] = []
            for index in sorted(per_step):
                step = _step_for(self.theme, index)
                if step is None or all(_is_nothing(t) for t in per_step[index]):
                    continue
                # as in the end summary (P44): what carries a safety signal is never shown as
                # something to tell the manager
                texts = _for_the_preparation(self.theme, per_step[index], private, kept_back)
                quoted = " ".join(q for t in texts if not _is_placeholder(q := _quote_answer(t, step, self.language)))
                if not quoted:
                    continue  # nothing of it can be quoted safely (a figure of speech with 死): no empty line
                lined.append((step, quoted))
            listed = summary_lines(self.theme, lined, self.language)
            # what was filed apart from the steps (an answer whose form fits no heading) is shown
            # too: a summary asked for must not leave half of what they said out (round-12 review)
            window = answers if everything else _answers_since_last_check(self.state, answers)
            notes = [a.text for a in window if a.kind == "note" and _worth_a_note(a.text)]
            notes = _for_the_preparation(self.theme, notes, private, kept_back)
            if notes:
                listed = [*listed, (self._t("ほかに書いたこと", "Also on your mind"), " ".join(quote(t, self.language, whole=True) for t in notes))]
        private = _without_promised(self.state, private)
        if private:
            listed = [*listed, (self._t("自分のためのメモ（1on1の準備には入れていません）", "Just for you (not put into the 1on1 preparation)"), " ".join(quote(x, self.language) for t in private for x in t.split("\n") if x.strip()))]
        shown = 0
        for label, quoted in listed:
            lines.append(("・" if self.language == "ja" else "- ") + _label_line(label, quoted, self.language))
            shown += 1
        if not shown:
            lines.append(self._t("まだ、まとめに入れる答えはありません。", "There are no answers to list yet."))
        lines.append(
            self._pick(
                (
                    "このまとめで、しっくりきますか。違うところがあれば、そのまま書いてください。",
                    "これで合っていますか。直したいところがあれば、その言葉を書いてください。",
                ),
                ("Does this fit? If anything is off, just write it.", "Is this right? If you want to change a line, write it as it should be."),
            )
        )
        return lines

    def ask(self, index: int) -> str:
        """The question for step ``index``; said differently when it was asked just before."""
        text = self.question(index)
        base = self._question_at(index) if index < len(self.theme.steps) or self.theme.cycle else text
        if text != base and self.recent and text in self.recent[-1]:
            return base  # the list of topics was just shown: the question alone is enough
        if not text or sum(base in r for r in self.recent) < 2:
            return text  # asked again after a question or a skip: the same words are clearest
        step = self.step_def(index)
        label = step.label.get(self.language) if step is not None else ""
        variants = (
            self._t(
                f"あらためて、「{label}」について、思い浮かぶことを書いてみてください。",
                f'Coming back to "{label}": what comes to mind?',
            ),
            self._t(f"よければ、「{label}」について聞かせてください。", f'If you like, tell me about "{label}".'),
        )
        for v in variants:
            if not any(v in r for r in self.recent):
                return v
        return step.smaller.get(self.language) if step is not None else text

    def _reask(self, index: int) -> str:
        """The question again after a bare "yes": in other, smaller words when it was just asked
        (a verbatim repeat reads as not listening).  Past the theme's last step there is no question
        to come back to: "ok" after the summary or a next step is met with the door left open, not
        with a question of free talk (round 27: "What actually happened?" after a plain "ok", four
        times)."""
        if self._past_end(index):
            return self._door_open()
        text = self.ask(index)
        step = self.step_def(index)
        if step is not None and self.last is not None and text and text in self.last.text:
            smaller = step.smaller.get(self.language)
            if smaller and smaller not in self.last.text:
                return smaller
        return text

    def _door_open(self) -> str:
        """Past the theme's last question: more is welcome, stopping is fine (in turns of wording)."""
        return self._pick(
            (
                "ほかに書いておきたいことがあれば、続けてください。終わりにしても大丈夫です。",
                "書き足したいことがあれば、どうぞ。ここで終わりにしても大丈夫です。",
                "まだ浮かぶことがあれば、そのまま書いてください。今日はここまで、でも大丈夫です。",
            ),
            (
                "If there is more you want to write, go on; stopping here is fine too.",
                "Add anything else you like, or stop here; both are fine.",
                "Anything else that comes up is welcome here, and so is stopping for today.",
            ),
        )

    def _declined(self, said: str) -> bool:
        """The message declines to go into what ``said`` is about ("skip that one, i dont really
        want to go into meetings" after "the slow foreigner in meetings"): not asked about it."""
        m = _DECLINES_TOPIC.search(self.message)
        if m is None:
            return False
        named = {w for w in re.findall(r"[a-z]{4,}|[一-龥ァ-ヶー]{2,}", (m.group("what") or m.group("what2") or "").lower())}
        return not named or any(w in said.lower() for w in named)

    def question(self, index: int) -> str:
        """The question for step ``index``, with the items it lists (1on1 topics) if any."""
        step = self.step_def(index)
        if step is None:
            return ""
        if index < len(self.theme.steps) or self.theme.cycle:
            text = self._question_at(index)
        else:
            extra = index - len(self.theme.steps)
            text = FREE.question_at(extra if extra else len(FREE.steps), self.language)
        if step.collects == "feelings":
            said = self._feeling_said_before()
            if said and not any("その気持ちについて" in r or "about that feeling" in r for r in self.recent) and not self._declined(said):
                # the feeling was already named (F01, F17, F21 of the blind review): asking
                # 「どんな気持ちになりましたか」 again reads as not listening
                return self._t(
                    f"「{said}」と書いてくださっていましたね。その気持ちについて、もう少し聞かせてください。",
                    f'You wrote "{said}". Tell me a little more about that feeling.',
                )
        if step.lists_from:
            items = self._items_of(step.lists_from)
            if items:
                bullet = "・" if self.language == "ja" else "- "
                listed = "\n".join(bullet + item for item in items[:6])
                text = f"{self._t('話したいこと：', 'Your topics:')}\n{listed}\n{text}"
        return text

    def _question_at(self, index: int) -> str:
        """The theme's question for step ``index``; the one that does not build on an earlier
        step's answer when that step holds none to build on (no number on the scale, no options)."""
        step = self.step_def(index)
        if step is not None and step.builds_on and step.unbuilt is not None and not self._built_on(step.builds_on):
            return step.unbuilt.get(self.language)
        return self.theme.question_at(index, self.language)

    def _built_on(self, key: str) -> bool:
        source = self.theme.index_of(key)
        if source is None:
            return True
        current = self.step == source and not _is_command(self.message) and not _is_nothing(self.message)
        texts = [a.text for a in answers_of(self.state) if a.step == source] + ([self.message] if current else [])
        said = [t for t in texts if not _is_nothing(t)]
        if self.theme.step_at(source).collects in ("scale", "reality"):
            # a short number said anywhere counts too: the flow may have filed it a step off
            # (「2かな。いや3」 filed under the step after the scale's)
            shorts = [a.text for a in answers_of(self.state) if len(a.text) <= 20]
            return any(_A_NUMBER.search(t) for t in said + shorts + ([self.message] if len(self.message) <= 20 else []))
        return bool(said)

    def _feeling_said_before(self) -> str:
        """A feeling the person named in an earlier answer of this talk (or in the message being
        answered), in their words; empty when none."""
        texts = [a.text for a in answers_of(self.state) if a.kind == "answer"] + [self.message]
        for text in reversed(texts):
            for phrase in salient(text, 2):
                if phrase.kind == "feeling" and not phrase.others and not _NEGATED.search(phrase.text) and not _DANGER_WORDS.search(phrase.text):
                    return phrase.text
        return ""

    def _current_answer(self) -> Answer:
        kind = {"deepen": "more", "back": "revised", "back_add": "added"}.get(self.last_move, "answer")
        return Answer(kind, self.step, _content_part(self.message) or self.message, len(self.state.turns))

    def step_def(self, index: int) -> Step | None:
        return _step_for(self.theme, index)

    def _items_of(self, key: str) -> list[str]:
        source = self.theme.index_of(key)
        if source is None:
            return []
        current = [] if getattr(self, "_no_answer_now", False) else [self._current_answer()]
        texts = [_without_own_retraction(t) for t in step_answers(answers_of(self.state) + current).get(source, [])]
        if self.theme.key == "one_on_one":  # 「…これは店長には言いたくないんですけど、実は転職サイトに…」 is no topic
            # (with what the message being answered keeps back: "Actually, the Melbourne thing stays
            # off the page" must not be followed by a list that still holds it)
            state = self._with_message() if getattr(self, "message", None) else self.state
            texts = _for_the_preparation(self.theme, texts, [], kept_from_the_manager(state))
        return [item for text in texts for item in _topic_items(text)]

    def _step_collects(self, index: int, collects: str) -> bool:
        step = self.step_def(index)
        return step is not None and step.collects == collects

    def _past_end(self, index: int) -> bool:
        return not self.theme.cycle and index >= len(self.theme.steps)

    def _move(self, kind: str, step: int, lines: list[str]) -> Move:
        return Move(kind, step, "\n".join(line for line in lines if line))

    def _t(self, ja: str, en: str) -> str:
        return en if self.language == "en" else ja

    def _pick(self, ja: tuple[str, ...], en: tuple[str, ...] | None, *, optional: bool = False) -> str:
        """The first of the variants not said in the last few replies (nor earlier in this
        one), so stock sentences rotate; ``en`` None means ``ja`` already holds this language."""
        options = ja if en is None else (en if self.language == "en" else ja)
        ordered = tuple(options)
        for option in ordered:
            stock = _stock_sentences(option)
            if option not in self._used and not any(x in _QUOTED_PART.sub("", r) for x in stock for r in self.recent + self._used):
                self._used.append(option)
                return option

        if optional:
            return ""  # a line that can be left out: better than saying it again

        # every variant was used lately: the one used least recently
        def last_use(option: str) -> int:
            stock = _stock_sentences(option)
            for back, r in enumerate(reversed(self.recent)):
                if any(x in _QUOTED_PART.sub("", r) for x in stock):
                    return -back
            return 1

        choice = min(ordered, key=last_use)
        self._used.append(choice)
        return choice


# --- reading the flow back from the turns ------------------------------------------------------


def answers_of(state: ConversationState) -> list[Answer]:
    """What the person wrote, placed in the guided flow, read from the guide's recorded moves.

    A person's message is an answer to the step the guide had asked about when the guide's
    next move accepted it (moved on, summed up, closed, or took a second look). Messages the
    guide did not accept (skip, back, "I don't know", a question to the guide, talk of
    something else, a request for a summary, the end) are not answers. A correction of a
    summary becomes the answer of the step it corrects ("revised": it replaces the line); a
    plan stated after help was shown becomes the answer of the theme's next-step step.
    """
    turns = state.turns
    theme = _theme(state)
    result: list[Answer] = []
    for i, turn in enumerate(turns):
        if turn.role != "person" or i == 0:
            continue
        before = turns[i - 1]
        after = turns[i + 1] if i + 1 < len(turns) else None
        if before.role != "partner" or after is None or after.role != "partner" or before.step is None:
            continue
        if after.move not in ("corrected", "back_revised") and (
            _is_command(turn.text) or (after.move in ("close", "skip") and _ends_unsure(turn.text))
        ):
            continue
        if after.move == "corrected":
            swapped = _substituted(result, turn.text)
            if swapped is not None:
                step, texts = swapped  # 「『よくわからん』じゃなくて『何を見られてるか知りたい』にして」
                result.append(Answer("revised", step, texts[0], i))
                result.extend(Answer("answer", step, t, i) for t in texts[1:])
                continue
            target = _target_of(result, _correction_text(turn.text))
            if target is not None:
                # a word of theirs taken back (「情けないいうのはちょっと違うわ。悔しいんよ」) goes with
                # the sentences that held it (form_lines leaves them out); the rest of the line stays
                kind = "added" if form_headed(theme) and _retracted_words([Answer("answer", target, turn.text, i)]) else "revised"
                result.append(Answer(kind, target, turn.text if kind == "added" else _correction_text(turn.text), i))
        elif after.move == "decide_kept":
            result.append(Answer("part", before.step, _content_part(_without_questions(turn.text)) or _without_questions(turn.text), i))
        elif before.move in ("decide", "decide_kept") and after.move == "resume":
            result.append(Answer("aside", before.step, turn.text, i))
        elif after.move == "plan" or (before.move in _SUPPORT and after.move == "support_plan"):
            idea = _IDEA_AS_QUESTION.search(turn.text) if after.move == "plan" else None
            text = idea.group(1).strip(" 、,…") if idea and _has_content(idea.group(1)) else (_content_part(turn.text) or turn.text)
            target = _next_step_index(theme, before.step)
            if _VAGUE_PLAN.match(without_courtesies(text).strip()) and any(a.step == target and a.kind in _STEP_ANSWERS for a in result):
                # 「考えてみます。ありがとうございました」 after a step they named: no step of its own,
                # never in place of the one they chose (round 27's R27-12 lost 「判断業務を3つ書き出す」)
                continue
            result.append(Answer("answer", target, text, i))
        elif before.move in _SUPPORT and after.move == "support" and not _asks_guide(turn.text):
            # a request to keep things here is about the talk, never a note (round 29's R29-09: "I will
            # not put this in the 1on1 agenda" was listed beside the topics)
            told = turn.text
            if theme.key == "one_on_one" and _KEEP_IT_HERE.search(turn.text):
                told = (" " if turn.text.isascii() else "").join(x.strip() for x in _split_sentences(turn.text) if not _KEEP_IT_HERE.search(x))
            if _content_part(told) and not (_is_affirmative(told) and len(told) <= 20):
                result.append(Answer("note", before.step, _content_part(told), i))  # 「合ってます」 is not a note
        elif after.move == "ask2" and before.move in _ASKING:
            split = _split_for_next(turn.text, (_step_for(theme, before.step + 1) or FREE.steps[0]).collects, "en" if turn.text.isascii() else "ja")
            kind = {"deepen": "more", "back": "revised", "back_add": "added"}.get(before.move, "answer")
            if split is None:
                result.append(Answer(kind, before.step, _content_part(turn.text) or turn.text, i))
            else:
                result.append(Answer(kind, before.step, split[0], i))
                result.append(Answer("answer", before.step + 1, split[1], i))
        elif after.move == "topic_rewritten":
            rewritten = _rewritten_topic(turn.text)
            topics_step = theme.index_of("topics")
            if rewritten is not None and topics_step is not None:
                result = [_with_topic_rewritten(a, *rewritten) if a.step == topics_step and a.kind in _STEP_ANSWERS else a for a in result]
        elif after.move == "topic_dropped":
            mark = _dropped_topic(turn.text)
            topics_step = theme.index_of("topics")
            if mark is not None and topics_step is not None:
                result = [_without_topic(a, mark) if a.step == topics_step and a.kind in _STEP_ANSWERS else a for a in result]
                result = [a for a in result if a.text]
        elif after.move == "topic_added":
            topics_step = theme.index_of("topics")
            if topics_step is not None:
                result.append(Answer("added", topics_step, _content_part(turn.text) or turn.text, i))
        elif after.move == "back_revised":
            parts = _back_with_answer(turn.text)
            if parts is not None and before.step:
                target = _back_target(theme, before.step, turn.text)
                # "can we go back to the postdocs? I think that's …": more about one topic of a list,
                # never a new list in place of all of them (the round-15 review: the topics were lost)
                listing = (_step_for(theme, target) or FREE.steps[0]).collects == "topics"
                adds = listing or bool(_ADDS_TO.match(parts[1]) or _ADD_QUOTED.search(turn.text))
                result.append(Answer("added" if adds else "revised", target, _content_part(parts[1]) or parts[1], i))
        elif after.move == "feel_first" and before.move in _ASKING:
            content = _content_part(turn.text)
            if content:
                result.append(Answer("answer", before.step + 1, content, i))
        elif after.move in ("episode2", "episode3") and before.move in _ASKING:
            parts = _episode_parts(turn.text, "en" if turn.text.isascii() else "ja")
            if parts is not None:
                kind = {"back": "revised", "back_add": "added"}.get(before.move, "answer")
                result.append(Answer(kind, before.step, parts[0], i))
                result.append(Answer("answer", before.step + 1, parts[1], i))
                if parts[2]:
                    result.append(Answer("answer", before.step + 2, parts[2], i))
        elif after.move == "health_part" and before.move in _ASKING:
            rest = _without_health(turn.text)
            if rest:
                result.append(Answer("part", before.step, rest, i))
        elif after.move == "noted" and theme.key == "one_on_one" and (re.search(_NOT_WRITTEN, turn.text) or _KEPT_FROM_THE_MANAGER.search(turn.text)):
            # 「これリーダーに見られたくないです。1on1のメモには絶対入れないで」: a request, not a note;
            # but a secret told in the same message (「実は転職エージェントと一度面談してて、それは上司
            # には絶対出したくないです」) is kept, for the person's own line, where what is kept back goes
            told = [x.strip() for x in _split_sentences(turn.text) if x.strip() and not (re.search(_NOT_WRITTEN, x) or _KEPT_FROM_THE_MANAGER.search(x))]
            if told and _has_content(" ".join(told)) and not re.search(_NOT_WRITTEN, turn.text):
                result.append(Answer("note", before.step, turn.text, i))
            continue
        elif after.move == "noted":
            rest = ("" if not turn.text.isascii() else " ").join(s.strip() for s in _split_sentences(turn.text) if not _DENIES_WORDS.search(s)).strip()
            if _content_part(rest):
                result.append(Answer("note", before.step, _content_part(rest), i))
        elif after.move == "check_note":
            result.append(Answer("note", before.step, _LEADING_LINK.sub("", _content_part(turn.text)), i))
        elif after.move == "check" and (_asks_summary(turn.text) or before.move == "check" or asks_for_manager_view(turn.text)):
            continue  # a request for the summary is not an answer
        elif before.move == "support" and after.move in _ACCEPTING and (_MISREAD_JA in before.text or _MISREAD_EN in before.text):
            content = _content_part(turn.text)  # going on after a check-in (the classifier alone read crisis)
            if content:
                result.append(Answer("answer", before.step, content, i))
        elif before.move in _ASKING and after.move in _ACCEPTING:
            kind = {"deepen": "more", "back": "revised", "back_add": "added"}.get(before.move, "answer")
            content = _content_part(turn.text)
            if content:
                result.append(Answer(kind, before.step, content, i))
    kept = [
        a for a in result
        if a.kind not in _READ_KINDS or _reads_as_content(a.text, turns[a.index - 1].move or "")
        or (_names_its_step(theme, a) and _raw_reading(a.text, turns[a.index - 1].move or "") in _POLITE_REQUEST_READINGS)
    ]
    planned = theme.index_of(NEXT_STEP)
    if planned is not None:
        # a step said after the last question (「よし、それで。明日、派遣会社の見積もりもらっとく」)
        # is a next step, not a new thing on their mind (round 29's R29-07 listed it as a topic)
        kept = [
            replace(a, step=planned) if a.step >= len(theme.steps) and a.kind == "answer" and _plan_form_sentence(a.text) else a
            for a in kept
        ]
    return [_filed_where_named(theme, a) for a in kept]


# how the turn classifier reads a polite way of asking the manager (「…いただければと思います」):
# as a request to the guide or a plan, never as a correction, a goodbye or "I don't know"
_POLITE_REQUEST_READINGS = frozenset({"question_decision", "question_fact", "plan"})


def _names_its_step(theme: Theme, answer: Answer) -> bool:
    """An answer to how the manager should respond that names a way (「一緒に考えていただければと
    思います」): kept, though the turn classifier reads the polite request as one to the guide (round
    29's play of a keigo 1on1 lost every such answer from the summary)."""
    step = _step_for(theme, answer.step)
    return step is not None and step.collects == "response_style" and bool(_RESPONSE_STYLE.search(answer.text))


# themes whose step headings are what the person builds but hold no step of their own: a plan
# said under one of them goes to the next steps (the 1on1 keeps its own: 「最初に伝えること」 is
# said as a plan)
_PLANS_MOVE_TO_NEXT = frozenset({"career", "learning"})
# "I'll think about it": said as a close, no step
_VAGUE_PLAN = re.compile(
    r"^(?:また|ちょっと|少し|よく|もう少し|自分で)?(?:考えて(?:み(?:ます|る|よう)|おきます|おく)|考えます|考えとく|考えとき(?:ます)?)[。．!！…\s]*$|"
    r"^(?:i'?ll |i will |gonna |i'?m going to )?think (?:about )?(?:it|that|this|how to \w+(?: it| that)?)(?: over)?[.!\s]*$",
    re.IGNORECASE,
)


def _plan_form_sentence(text: str) -> bool:
    """Some sentence of ``text`` is of plan form (〜てみる/〜ておく/つもり, "I'll …"), not a question."""
    return any(
        (_looks_like_plan(x) or _when_and_will(x))
        and not _is_question_sentence(x) and not _DESIRE.search(_predicate(x))  # 「聞いてみたい気はします」 is a wish
        for x in _split_sentences(without_courtesies(text) or text)
    )


# 「課長が心配してる、は余計だな」「そこは消しといて」 "take out the bit about my boss": a line the
# person asked to leave out of the summary (a blind review: kept after he asked)
_REMOVE_JA = re.compile(
    r"[「『]?(?P<target>[^「」『』。！？!?、]{2,30}?)[」』]?\s*(?:、?\s*(?:は|って|の(?:とこ|ところ|部分|くだり|件|話)は?|(?:云々|うんぬん)は?|あたりは)|、)\s*"
    # (「「…思われそう」は主任に見えるとこから消しといて」「評価の話題、やっぱり消してください」: round 33)
    r"(?:[^「」『』。！？!?]{0,14}?(?:から|からは)[、\s]*)?(?:(?:やっぱり?|やっぱし|やはり|もう|全部|ぜんぶ|当然|絶対|もちろん)[、\s]*)?"
    r"(?:余計(?:だ|です)?(?:な|ね|よ)?(?=[。．!！\s]|$)|いらない|要らない|いりません|"
    r"(?:消して|外して|抜いて|取って|取り消して|削って|カットして|忘れて)(?:ください|ほしい|欲しい|おいて|もらえ|くれ|(?:も)?(?:いい|ええ|よか|大丈夫|OK)|[。．!！\s]|$)"
    # (「「安堵」は取り消してください」「…のくだりは当然カットで😂」: round 36)
    r"|消しといて|外しといて|削除して|なしで|カットで|取り消しで"
    # 「田中さんの話はなかったことにしてください」 (R39-07: answered 「その言葉を、ここに書き留めておきます」)
    r"|なかった(?:こと|事)に(?:して|しといて|しておいて|で)|なしにして|無しにして)"
)
_REMOVE_EN = re.compile(
    r"\b(?:remove|take out|delete|leave out|drop|scratch|cut|lose) (?:the |that )?(?:last )?(?:bit |part |line )(?:about |where i said |that )?['\"]?(?P<target>[^'\".!?,;]{3,40})"
    # "scratch the analytics team thing from earlier" (round 37's R37-17)
    r"|\b(?:remove|delete|drop|scratch|cut|lose|take out) the (?P<target5>[a-z][a-z -]{1,30}?) (?:thing|stuff|bit|part|point|idea)\b"
    # "the team thing from before — scratch it" (round 40's R40-20: read as nothing, and as a crisis)
    r"|\bthe (?P<target6>[a-z][a-z -]{1,30}?) (?:thing|stuff|bit|part|point|idea)(?: from (?:before|earlier)| i (?:said|mentioned)(?: before| earlier)?)?\s*[—–,:-]+\s*(?:pls |please )?(?:scratch|delete|remove|drop|forget|cut) (?:it|that)\b"
    r"|\b(?:remove|take out|delete|leave out|drop) ['\"]?(?P<target2>[^'\".!?]{3,40}?)['\"]? from (?:the |my )?(?:summary|notes|list|agenda)"
    # "Don't save the bit about my GM being old-school please, just the rest." (round 33's R33-18)
    # "Also drop 'ego' entirely." (round 34's R34-05)
    r"|\b(?:drop|remove|delete|cut|lose|take out) [\"'‘“](?P<target4>[^\"'’”]{2,40})[\"'’”]"
    r"|\b(?:(?:don'?t|do not|please don'?t)|(?:can|could|would) you (?:please )?not) (?:save|keep|include|show|share|write) the (?:bit|part|line|stuff) (?:about |where i said )?['\"]?(?P<target3>[^'\".!?,;]{3,40}?)(?: please)?(?=[,.!?;]|$)",
    re.IGNORECASE,
)
_CONTENT_WORD = re.compile(r"[一-龥ァ-ヶ]{2,}|[A-Za-z]{3,}")
def _before_question(move: Move, aside: str) -> Move:
    """``move`` with ``aside`` as a line of its own just before its last line (the question)."""
    head, sep, question = move.text.rpartition("\n")
    return replace(move, text=f"{head}\n{aside}\n{question}" if sep else f"{aside}\n{move.text}")


# a bare request to delete, with the part named elsewhere in the message (round 31: 「さっきの田中さん
# のとこ、主任に見られるのむり。消して🙏」 was reflected and the line stayed in the 1on1 preparation)
_REMOVE_BARE = re.compile(
    r"(?:^|[。．！？!?\s、])(?:消して|消しといて|外して|外しといて|削除して|抜いて|抜いといて)"
    r"(?:ください|ほしい|欲しい|おいて|もらえ|くれ|ね|な|や)?(?:[。．!！🙏🙇\s]|$)"
)
_PART_NAMED = re.compile(
    r"(?:さっきの?|先ほどの|前の|最初の|その|あの|この)?(?P<target>[^「」『』。！？!?、\s]{2,20}?)の(?:とこ|ところ|部分|話|件|くだり)"
)


# a removal that names an item by its place in a list the person gave ("remove the second one",
# 「2つ目は消して」「②はなしで」): R36-19 named 'bridge between drivers and office' so
_REMOVE_ORDINAL = re.compile(
    r"\b(?:remove|drop|delete|take out|scratch|cut|lose)\s+(?:the\s+)?(?P<en>first|second|third|fourth|last|1st|2nd|3rd|4th)(?:\s+(?:one|item|part|bit|point|line))?\b"
    r"|(?P<ja>最初|一つ目|ひとつ目|1つ目|１つ目|二つ目|ふたつ目|2つ目|２つ目|三つ目|3つ目|３つ目|四つ目|4つ目|最後|[①②③④])(?:の(?:やつ|ほう|方|分))?(?:は|を)?[、\s]*"
    r"(?:やっぱり?|やっぱ)?[、\s]*(?:消して|消しといて|外して|外しといて|削除して|なしで|なしに|いらない|要らない|カットで|カットして|取り消して)",
    re.IGNORECASE,
)
_ORDINALS = {
    "first": 0, "1st": 0, "最初": 0, "一つ目": 0, "ひとつ目": 0, "1つ目": 0, "１つ目": 0, "①": 0,
    "second": 1, "2nd": 1, "二つ目": 1, "ふたつ目": 1, "2つ目": 1, "２つ目": 1, "②": 1,
    "third": 2, "3rd": 2, "三つ目": 2, "3つ目": 2, "３つ目": 2, "③": 2,
    "fourth": 3, "4th": 3, "四つ目": 3, "4つ目": 3, "④": 3, "last": -1, "最後": -1,
}
_QUOTED_ITEM = re.compile(r"[「『\"'‘“]([^」』\"'’”]{2,60})[」』\"'’”]")


def _ordinal_removal(text: str, said: list[str]) -> list[str]:
    """The item a removal names by its place (``_REMOVE_ORDINAL``) in the last of ``said`` (the
    person's earlier messages) that listed two or more quoted items; [] when there is none."""
    match = _REMOVE_ORDINAL.search(text)
    if not match:
        return []
    place = _ORDINALS.get((match.group("en") or match.group("ja") or "").lower())
    for earlier in reversed(said):
        items = [m.group(1).strip() for m in _QUOTED_ITEM.finditer(earlier)]
        if len(items) >= 2:
            return [items[place]] if place is not None and -len(items) <= place < len(items) else []
    return []


def _removal_targets(text: str) -> list[str]:
    """The words a request to take something out of the summary names (「Xのとこは消して」, "remove
    the bit about X", or a bare 「消して」 with 「Xのとこ」 named in the same message); never
    「ほいじゃ」「そこ」: only what is named (a word such as 「悔しい」「情けない」 counts: round 27's R27-12)."""
    matches = [*_REMOVE_JA.finditer(text), *_REMOVE_EN.finditer(text)]
    found = [
        next((g for g in (match.groupdict().get(k) for k in ("target", "target2", "target3", "target4", "target5", "target6")) if g), "").strip(" 、,")
        for match in matches
    ]
    # a name of two kanji or katakana is a target only when asked to be taken out in so many words
    # (「さっきの夜勤の話はなしで」, R39-06), never after いらない/余計 (「助言は要らない」 is how they
    # want the manager to respond)
    taken_out = any(_TAKEN_OUT.search(match.group(0)) for match in matches)
    if not found and _REMOVE_BARE.search(text):
        found = [match.group("target") for match in _PART_NAMED.finditer(text)]
        taken_out = True
    if not found and (pointed := _POINTED_NOT_WRITTEN.search(text)):
        # 「店長が嫌いってわけじゃないけん、そこは書かんで」 after a summary check (R39-05 echoed
        # 「そこは書かん」): what is not to be written is what the same message names before it
        # (one thing named: 「課長のあの言い方もなあ…それは残さねぇで」 names a remark, not every line about
        # the manager: round 35's R35-04)
        nouns = [n for n in _nouns_of(text[: pointed.start()]) if len(n) >= 2 and n not in _NOT_A_MATTER]
        found = nouns if len(nouns) == 1 else []
        taken_out = True
    # 「あと先輩に言われたとこ」: what is named, without the connective before it or "the part" after it
    found = [_PART_WORDS.sub("", _LEAD_WORDS.sub("", target)).strip(" 、,") for target in found]
    found = [re.sub(r"\s+(?:please|pls|thanks|thx)$", "", target, flags=re.IGNORECASE) for target in found]  # "… my commute please"
    return [
        target for target in found
        if (len(fold(target)) >= 3 or (taken_out and re.fullmatch(r"[一-龥ァ-ヶー]{2}", target)))
        and (
            _CONTENT_WORD.search(target)
            or (len(target) >= 3 and re.search(rf"[「『\"']{re.escape(target)}[」』\"']", text))  # 「「しんどい」は消しといて」: quoted
            or re.fullmatch(r"[一-龥]{1,2}[ぁ-ん]{1,4}", target)
            # 「妻がたぶん取ってほしい」: a clause of their own, with no two-kanji word in it
            or (len(target) >= 6 and re.search(r"[一-龥]", target))
            # 「引っ越しの話は消して」: a word Sudachi knows, in mixed script (R36-12)
            or (not target.isascii() and bool(_content_lemmas(target)))
        )
    ]


_LEAD_WORDS = re.compile(r"^(?:(?:あと|それと|それから|やっぱり?|やっぱし|さっきの?|先ほどの|その|あの|この)[、\s]*)+")
_PART_WORDS = re.compile(r"(?:の)?(?:とこ|ところ|部分|くだり)$")


_QUOTED_TARGET = re.compile(r"[「『\"]([^」』\"]{2,30})[」』\"]")
# right after a quote: it is to be put in, or may be said (「『X』だけ入れてください」「『X』くらいは言ってもいい」)
_PUT_IN_AFTER = re.compile(
    r"(?:って|と)?(?:だけ|のみ|くらい|ぐらい|程度)?(?:は|を|に)?[、\s]*(?:入れて|書いて|載せて|残して|にして|でお願い|言っても(?:いい|ええ|よい|大丈夫)|伝えても(?:いい|ええ|よい|大丈夫))"
    r"|(?:くらい|ぐらい|程度|だけ)で(?=[。．、,！!\s]|$)"
)
# asked not to be written (書かないで, 入れないで, 載せないで, 残さないで): not even in the line just for them;
# not to be told (言わないでおく) keeps the line just for them
# 「入れないで」, Kansai 「入れんといて」「載せんとって」, eastern 「書かねぇで」 (round 25: 「資料にも絶対入れんといて」 was not read)
# (「きれいに書かんでええ」 "no need to write it neatly" asks for no omission)
_STYLE_BEFORE = r"(?<!きれいに)(?<!綺麗に)(?<!丁寧に)(?<!うまく)(?<!上手に)(?<!詳しく)(?<!細かく)(?<!かっこよく)(?<!カッコよく)"
_NOT_WRITTEN = (
    r"(?:(?:やっぱり?|やっぱし|やはり|もう)[、\s]*)?(?:絶対に?|ぜったい|くれぐれも)?" + _STYLE_BEFORE + r"(?:書か|入れ|載せ|残さ)(?:(?:ない|ねぇ|ねえ|ん)(?:で|と(?:いて|って)|ど(?:いて|って))|なくて(?:いい|ええ|よい|大丈夫))"
    # (「不妊ってとこは書かなくていい」: R28-06 filed it as the opening words)
    r"|(?:あんまり?|あまり|そんなに)?強調(?:せ(?:ん|ない|ず)(?:で|といて|とって|に)|しないで|しなくて(?:いい|ええ))"
    # the plain prohibitive (「ちなみに辞めるかもとは思ってる それは書くな」: round 33's R33-03 was told it
    # would be kept as a next step)
    r"|(?:書く|入れる|載せる|残す)な(?=[。．!！\s…よ]|$)"
    # (「…休みがちなんは、あんま強調せんといて」: R29-04 filed it for the manager, graded harmful)
)
_TAKEN_OUT = re.compile(r"消し|外し|抜い|取っ|取り消し|削っ|カット|忘れ|削除|なしで|なかった(?:こと|事)に|なしにして|無しにして|(?:書か|入れ|載せ|残さ)(?:ない|ねぇ|ねえ|ん)(?:で|と)")
# 「そこは書かんで」「そのへんは書かないでください」: not to be written, pointing back
_POINTED_NOT_WRITTEN = re.compile(rf"(?:そこ|それ|そのへん|その辺|その部分|そのとこ|そこら)(?:は|も)[、\s]*(?:{_NOT_WRITTEN})")
_NOT_A_MATTER = frozenset("わけ 訳 こと 事 感じ 気 もの 物 とこ ところ 部分 そこ それ".split())


_NAMED_THEN_WHERE = re.compile(rf"(?:この|その|あの|さっきの|先ほどの)?([^\s、。,「」『』]{{2,12}}?)の(?:話|件|こと|くだり)[、,]\s*[^。？?]{{0,16}}?(?:{_NOT_WRITTEN})")
_NAMED_TO_KEEP = re.compile(rf"([^、。,，!！?？\s]{{2,30}}?)(?:こと|事|の)?(?<![にでへ])(?:は|も|って|とか|なんか|なんて)[、\s]*(?:[^、。]{{0,12}}?(?:には|にも|に)[、\s]*)?(?:{_NOT_WRITTEN})")
_POINTS_BACK = re.compile(r"^(?:この|その|あの|こちらの|それ|これ|あれ)(?:こと|事|件|話|内容)?$")


def _quoted_targets(text: str) -> list[str]:
    """What a request to keep something back names: its quoted words, or else the words before
    「は(絶対)書かないで」 (「転職サイト登録してることは絶対書かないで」)."""
    # a quote the same request asks to put in (「…は書かないで、『家庭の事情で…』だけ入れてください」)
    # is what goes into the preparation, never what stays out
    quoted = [
        m.group(1).strip() for m in _QUOTED_TARGET.finditer(text)
        if m.group(1).strip() and not _PUT_IN_AFTER.match(text, m.end())
    ]
    if quoted:
        return quoted
    # (「今の辞めたいっていうのは…書かないで」 names 「辞めたい」: the quoting words are not the matter, R42-17)
    named = [re.sub(r"^(?:でも|ただ|あと|それと)[、\s]*|(?:って|の)(?:とこ|ところ)$|(?:っていう|という|って言う)(?:の|こと|話)?$|の$", "", m.group(1).strip()) for m in _NAMED_TO_KEEP.finditer(text)]
    # 「やる気の話は部長に見せたくないです」「体調のことはリーダーには言わないっす」: what is named
    named += [m.group(1).strip(" …・.") for m in _NAMED_KEPT.finditer(text)]
    # "the Melbourne thing stays off the page": what the thing is called
    named += [m.group(1) for m in _NAMED_THING.finditer(text) if m.group(1).lower() not in _KEEP_STOP]
    # 「さっきのお袋のことは、やっぱ書かねえでけろ」 about 「母が春に転んでから…」: what was said
    # before is named by where it was (さっきの) and by another word for the same person (R28-02)
    named = [re.sub(r"^(?:さっき|先ほど|さきほど|前|最初|今|いま)の", "", t) for t in named]
    # 「Aさんの名前は出さんといて」: the person named, wherever they come up
    named += [m.group(1) for m in _NAME_WITHHELD.finditer(text)]
    # 「田中の名前は出さんといてちょ」 (R42-11: a colleague named without さん was left in the manager's
    # lines): a bare name, when Sudachi reads every word of it as a person's name
    named += [m.group(1) for m in _BARE_NAME_WITHHELD.finditer(text) if _is_a_name(m.group(1))]
    # 「この外資の話、キャリアノートには入れないでもらえます？」 (round 40's R40-13): named, then where not
    named += [m.group(1) for m in _NAMED_THEN_WHERE.finditer(text)]
    return [t for t in named if len(t) >= 2 and not _POINTS_BACK.match(re.sub(r"^(?:でも|ただ|あ、|あと)[、\s]*", "", t))]


_BARE_NAME_WITHHELD = re.compile(r"(?:^|(?<=[\s、。,]))(?:あと|それと|でも)?[、\s]*([^\s、。,「」さんくん君ちゃ]{1,6})の名前(?:は|も)")


def _is_a_name(word: str) -> bool:
    """Whether Sudachi reads every word of ``word`` as a person's name (田中, 佐々木 美咲)."""
    tokens = [t for t in tokenize(word) if t.surface.strip()]
    return bool(tokens) and all(t.is_person_name for t in tokens)


_NAME_WITHHELD = re.compile(r"(?:^|(?<=[\s、。,]))(?:あと|それと|でも)?[、\s]*([^\s、。,「」]{1,10}?(?:さん|くん|君|ちゃん|氏|先輩|課長|部長|係長|主任))の名前(?:は|も)")


def _with_kin(targets: list[str]) -> list[str]:
    """``targets`` with the other words for a family member one of them names (matched, never said)."""
    return [*targets, *(word for t in targets for group in _KIN if any(k in t for k in group) for word in group if word != t)]


# words for the same family member: a request naming one keeps back what was said with another
_KIN = (
    ("母", "お母さん", "おかん", "お袋", "おふくろ", "母親", "お母様"),
    ("父", "お父さん", "おとん", "親父", "おやじ", "父親", "お父様"),
    ("妻", "嫁", "奥さん", "家内", "女房", "かみさん"),
    ("夫", "旦那", "主人", "亭主"),
    ("子ども", "子供", "息子", "娘"),
)
_KIN_WORDS = frozenset(word for group in _KIN for word in group)


# a message that lists several topics (「1個目は…2個目は」, "1) … 2) …", ①②)
_LISTED = re.compile(r"(?:^|\s)[1-9][).．]\s|[①②③④⑤]|[一二三1-9１-９](?:つ目|個目|点目)|\n\s*(?:[-・*]|[1-9][.)])", re.IGNORECASE)
_NAMED_THING = re.compile(r"\bthe ([A-Za-z][\w-]{2,}) (?:thing|part|bit|stuff|topic|point|issue|question|situation)\b", re.IGNORECASE)


def _worth_taking_up(rest: str) -> bool:
    """Whether what is left of a message beside a request is more than a word or two."""
    return bool(rest) and _has_content(rest) and (len(rest.split()) >= 4 if rest.isascii() else len(rest) >= 8)


_NAMED_KEPT = re.compile(
    r"(?:^|[、。,\s])(?:あ、|あと、?|でも、?|ただ、?)?([^、。,，!！?？\s]{2,16}?)(?:の話|のこと|の件|って話)?(?:は|も)[、\s]*[^、。]{0,8}?(?:には|にも|に)[、\s]*(?:絶対|ぜったい|一切|いっさい|まだ|今は)?[、\s]*"
    r"(?:(?:見せ|言い|話し|出し|伝え|知られ|共有し)(?:たくない|たくありません)|(?:言わ|話さ|見せ|出さ|伝え)(?:ない|ん)(?:っす|です|よ|わ|でおき|つもり|といて|どいて|とって)?(?=[。．、,!！\s…]|$))"
)


# a message that goes on about a matter the message before kept back, with nothing new to raise:
# 「あいつ前からそうなんだよなー。研修のときも」 after 「…まじむかつく。でもそれ上司に言ったらチクったみ
# たいになるし、ここでだけ吐かせて」 (round 27's R27-07 added it to the topics for the manager)
_GOES_ON_ABOUT_IT = re.compile(
    r"^(?:てか|で、|まあ|ほんま|ほんと|マジで|まじで|しかも|それに)?[、\s]*(?:あいつ|そいつ|あの人|その人|あの方|その方|あの子|その子|あいつら|そいつら|彼女?(?:は|も|って|さ|ね|、))|"
    r"^(?:and )?(?:he|she|they|that guy|this guy)(?:'s| is| was| always| never| has| keeps| does| did)\b",
    re.IGNORECASE,
)


def _asks_to_keep(text: str) -> bool:
    """Whether a message asks, by the rules, to keep something from the manager."""
    return bool(
        (_KEPT_FROM_THE_MANAGER.search(text) and not _HARD_TO_SAY.search(text)) or re.search(_NOT_WRITTEN, text)
        or any(_PRIVATE_MARKER.search(x) and not _SECRET_OF_OTHERS.search(x) for x in _split_sentences(text))
    )


# a request that announces what comes next and says nothing else (「ほんで、これは課長には絶対言わんと
# いてほしいんやけど」, "this stays between us, but:"): the next message is the secret (R28-01 filed
# the job hunt told next under 「ほかに書いたこと」 and probed it, graded harmful)
_ANNOUNCES_NEXT = re.compile(
    r"(?:けど|けれど|けども|けんど|やけど|んやけど|んだけど|んですけど|のですが|んですが|ですが|ますが)[、,。…\s]*$|\b(?:but|though|so)[,.…\s]*$|[:：][\s…]*$",
    re.IGNORECASE,
)


# Kansai 「課長には絶対言わんといてほしいんやけど」 (R28-01), read only where it announces what comes next:
# read everywhere, it kept back 9 more shared sentences of the held-aside exchanges and no more secrets
_KANSAI_REQUEST = re.compile(r"(?:に|には|にも)[、\s]*(?:絶対|ぜったい)?[、\s]*(?:言わ|話さ|伝え|見せ|出さ)(?:ない|ん)と(?:いて|って)(?:ほしい|欲しい|ください|な|ね|や|くれ)?")


# what comes next, named as such: 「次のは」「このあと書くこと」 "the next thing I write"
_POINTS_FORWARD = re.compile(r"次の(?:は|こと|話|やつ|件)|次に(?:書く|言う|話す)|この(?:あと|後)(?:書く|言う|話す)|(?:今|いま)から(?:書く|言う|話す)|\b(?:the )?next (?:thing|one|bit|part|message)\b|\bwhat i (?:write|say|tell you) next\b", re.IGNORECASE)
# not shown or given to the manager: 「上司には出さんで」「見せんで」
_NOT_SHOWN = re.compile(r"(?:には|に|にも)[、\s]*(?:絶対|ぜったい)?[、\s]*(?:出さ|見せ|言わ|話さ|伝え)(?:ないで|んで|んといて|んとって|ずに)|\b(?:don'?t|do not|never) (?:show|tell|put|share)\b", re.IGNORECASE)


def announces_next(text: str) -> bool:
    """``text`` only asks to keep back what it is about to tell: one short sentence that asks (or
    marks private) with a pointer forward (これ, this), ending on けど / but / a colon; never a
    secret told with its marker (「治療のことです。不妊治療。ここだけの話ですけど」)."""
    stripped = text.strip()
    parts = [x for x in _split_sentences(stripped) if x.strip()]
    if (
        len(stripped) <= 60 and _POINTS_FORWARD.search(stripped)
        and (_KEPT_FROM_THE_MANAGER.search(stripped) or _KANSAI_REQUEST.search(stripped) or _NOT_SHOWN.search(stripped) or re.search(_NOT_WRITTEN, stripped))
    ):
        return True  # 「先に言っとくけど次のは上司には出さんで」 (round 30's R30-03 filed the next message for the manager)
    return bool(
        len(stripped) <= 60 and len(parts) == 1 and _ANNOUNCES_NEXT.search(stripped)
        and re.search(r"これ|こっから|ここから|\bthis\b|[:：]", stripped, re.IGNORECASE)
        and (_KEPT_FROM_THE_MANAGER.search(stripped) or _KANSAI_REQUEST.search(stripped) or _PRIVATE_MARKER.search(stripped) or re.search(r"\bbetween us\b", stripped, re.IGNORECASE))
    )


def goes_on_about_the_kept(earlier: list[str], text: str) -> bool:
    """``text`` goes on about what the messages just before it kept from the manager (a run of
    such messages after one request), and raises nothing new (no 「…の話もしたい」, no request of its own)."""
    if not earlier or not _GOES_ON_ABOUT_IT.match(text.strip()) or _ALSO_TOPIC.search(text) or _asks_to_keep(text):
        return False
    for before in reversed(earlier):
        if _asks_to_keep(before):
            return True
        if not _GOES_ON_ABOUT_IT.match(before.strip()):
            return False
    return False


# a word asked to stay unwritten (「限界とか書かないでね」「無理なんて書かんといて」): the lines that hold it
# stay out, but the other nouns of those lines do not follow it (round 27's R27-06 kept every later
# line about 窓口 from the manager)
_WORDING_ONLY = re.compile(r"(?:とか|なんて|なんか)[、\s]*" + _NOT_WRITTEN)


def kept_from_the_manager(state: ConversationState, *, readers: bool = True) -> list[str]:
    """The words the person asked, while preparing a 1on1, to keep from the manager.  A request
    that points back (「これはチーフには絶対言わんでよ」「それは上司に言わないやつで」, "the back thing,
    don't put in what my leader will see") keeps back the sentences of the message before it that
    it points at: all of them for これ/それ after one story, those holding the named words after a
    list (the round-16 review: the message before went into the summary for the manager).  A
    request that takes something out (``_EXCLUDES``) also keeps back what it names wherever it was
    told, and the nouns of what it points at that were new there, wherever they come up again (the
    round-17 review: 「…転職サイトに登録して…自分の胸にしまっとく話」, then 「まだ転職するって決めた
    わけじゃなか…登録してみただけ」 went into the preparation).  With ``readers`` off, only
    what the rules read (the reply that adds a topic reads the keptback readers itself, and only
    when the message asks)."""
    out: list[str] = []
    said: list[str] = []  # the person's earlier messages
    body_from: int | None = None  # the message that kept the body back, if one did
    for turn in state.turns:
        if turn.role != "person":
            continue
        text = turn.text
        if said and announces_next(said[-1]) and not _TURNS_TO_ANOTHER.match(text.strip()):
            out += [x.strip() for x in _split_sentences(text) if len(x.strip()) >= 4]
            said.append(text)
            continue
        if announces_next(text):
            said.append(text)  # its これ points at what comes next, not at the message before
            continue
        if goes_on_about_the_kept(said, text):
            out += [x.strip() for x in _split_sentences(text) if len(x.strip()) >= 4]
            said.append(text)
            continue
        if _only_a_swap(text):
            # 「「無理」って書かんといて。「調整したい」くらいで」: a wording swapped, nothing kept back
            # (round 27's R27-01 kept every sentence about 育成 from the manager)
            said.append(text)
            continue
        if not (_KEPT_FROM_THE_MANAGER.search(text) or re.search(_NOT_WRITTEN, text)):
            said.append(text)
            continue
        # what the request names is read from the sentences that make it, never from the rest of
        # the message (「じゃあ会議のは入れない。最初は「担当先のことで相談があります」って言う」)
        targets = _quoted_targets(_asking_part(text)) if _KEPT_FROM_THE_MANAGER.search(text) else []
        parts = [x.strip() for x in _split_sentences(text) if x.strip()]
        requests = [n for n, x in enumerate(parts) if _EXCLUDES.search(x)]
        named = [noun for n in requests for noun in _topic_nouns(parts[n])]
        passage: list[tuple[int, str]] = []  # (which message, sentence); len(said) is this one
        # (「あと、これはまだ室長には言わんといてほしいんやけど、社会人博士で…」 points forward, at what
        # the same sentence goes on to tell, not at the message before)
        points_back = (
            bool(said) and bool(_POINTS_BACK_START.match(text.strip()) or _POINTS_BACK_WORD.search(text))
            and not _content_before_request(text) and not _ANNOUNCES_A_SECRET.search(text)
        )
        if said and targets and (not points_back or _LISTED.search(said[-1])):
            # a thing named out of a list of topics ("the Melbourne thing", topic 3 of 3), wherever
            # the list was: 「副業の件は、まだディレクターには内緒にしといてください」 two messages
            # after 「…③副業でイラストの仕事を受けたいんだけど…」 (R39-13 kept it in the topics)
            passage = [(m, x) for m, message in enumerate(said) for x in _pieces(message) if any(_holds(t, x) for t in targets)]
        elif points_back:
            # 「これは…」 "the back thing" after one story: all of it
            passage = [(len(said) - 1, x.strip()) for x in _split_sentences(said[-1])]
        if any(_BODY_WORD.search(t) for t in targets):
            # 「体のことは工場長には一切出さんといて」: what was told about the body, in its own words
            # (「医者行くほどちゃう思うけどな」 went into the manager's topics: R36-14)
            passage += [(m, x) for m, message in enumerate(said) for x in _pieces(message) if _BODY_TALK.search(x)]
            body_from = len(said) if body_from is None else body_from
        if named:
            # the thing named, wherever it was told (「公募の件は…外して」 after 「…社内公募で…応募を考えています」)
            passage += [(m, x) for m, message in enumerate(said) for x in _pieces(message) if any(_holds(n, x) for n in named)]
        if requests and not targets and not named and _content_before_request(text):
            # 「3個目言うとくと、実は先月転職サイトに登録して…。でもこれは課長との紙には載せんでよかけんね」:
            # what it points at was said just before, in the same message
            passage += [(len(said), x) for x in parts[: requests[0]]]
        if requests:
            # what follows the request and points back at it ("That's for later, once we've decided")
            passage += [(len(said), x) for x in parts[requests[-1] + 1 :] if _POINTS_BACK_START.match(x)]
        # 「これは課長には知られたくないのですが、…お迎えがございます。今は有休をやりくりしております。」:
        # what follows an announced secret goes on telling it until the message turns to something
        # else (round 26: the sentence after it reached the manager's topics); when in doubt it stays
        # in the person's own line, from where they can still share it
        passage += [(len(said), parts[n]) for n in sorted(_secret_told_on(parts))]
        asking_at = [n for n, x in enumerate(parts) if _KEPT_FROM_THE_MANAGER.search(x) or re.search(_NOT_WRITTEN, x)]
        # why it is kept back goes with it (「…申し上げないでいただけますでしょうか。査定の時期でも
        # ございますので。」: round 29's R29-02; the reply reads it so in ``_without_asking``)
        passage += [(len(said), parts[n]) for n in sorted(_reasons_after(parts, asking_at[-1:]))]
        if not targets:
            # the story a request that names nothing ends, as the reply reads it (``_without_asking``):
            # "i study but no time, after work i teach english weekend for extra money. pls dont put
            # that part, company not know" (R28-08)
            asking_here = [n for n, x in enumerate(parts) if _KEPT_FROM_THE_MANAGER.search(x) or re.search(_NOT_WRITTEN, x)]
            if asking_here and _POINTS_BACK_WORD.search(parts[asking_here[0]]):
                passage += [(len(said), parts[n]) for n in _story_before_request(parts, asking_here[0])]
        out += _with_kin(targets) + [x for _, x in passage if len(x) >= 4]
        if requests:
            out += named
            if _WORDING_ONLY.search(text):
                continue  # 「限界とか書かないでね」: a word kept out, not a matter whose nouns follow it
            for m, x in passage:
                before = fold(" ".join(said[:m]))
                out += [n for n in _topic_nouns(x) if fold(n) not in before]
        said.append(text)
    if body_from is not None:
        # and what is told about the body after it ("I think I will book with the sangyo-i" after "please
        # don't put the health part in what manager see": R42-10)
        out += [x for text in said[body_from + 1 :] for x in _pieces(text) if _BODY_TALK.search(x) and len(x) >= 4]
    # the rest of a secret's own story, in the message that asks (never what it names elsewhere)
    out += [x for text in said for x in _story_of_request(text, readers=readers) if len(x) >= 4]
    out += _nobody_knows(said)
    if readers:
        out += _read_kept_back(said)
        out += _named_by_read_requests(said)
    return list(dict.fromkeys(out))


# what a request names as its matter: 「副業の件は…内緒に」「先輩のことは言いたくない」「自分のこれからの
# はやっぱ今回はやめとく」, "the other company thing", "the salary part"
_MATTER_NAMED = re.compile(
    r"(?:^|[、,\s]|(?<=[はも]))(?:さっきの|先ほどの|あの|その|例の)?([^\s、,。「」『』]{2,14}?)(?:の件|のこと|の事|の話|のくだり|って話|のとこ|のところ|のやつ|の)(?:は|も)(?![^。]*?(?:ですが|ますが|んですけど|んだけど|んやけど|けれど|けど))|"
    r"\bthe ([a-z][a-z -]{2,30}?) (?:thing|part|bit|stuff|topic|story|point)\b",
    re.IGNORECASE,
)


def _named_by_read_requests(said: list[str]) -> list[str]:
    """What a request the keptback reader is sure of names, wherever it is told: the
    reader marks the sentences of the request and of the message around it, never a topic in a list
    said several messages earlier (R39-13: 「副業の件は、まだディレクターには内緒にしといてください」
    two messages after 「…③副業でイラストの仕事を受けたいんだけど…」 left ③ in the topics; R39-01's
    「自分のこれからのはやっぱ今回はやめとく」 after 「…あと夜勤のシフトの組み方　あと自分のこれから」).
    Only the list item or sentence that holds the name is kept back, never the rest of its list."""
    out: list[str] = []
    for n, text in enumerate(said):
        readings = keptback.read(text)
        for r in readings:
            if _ASKS_TO_PUT_IN.search(r.sentence) or _ONLY_LISTEN.search(r.sentence) or _dropped_topic(r.sentence) is not None:
                # (「③の評価の話は今回はやめときます」: a listed topic taken off by its number, which
                # leaves the summary altogether: ``_Planner._topic_dropped``, round 14)
                # 「やっぱり給料の件も一行だけ入れといてくれ」 asks to put it in; 「今後の話は、部長には聞く
                # だけにしてほしい」 says how the manager should respond (round 35's R35-07, T11)
                continue
            sure = r.asks and (r.ask_probability >= _SURE_REQUEST or _NOT_TO_BE_TOLD.search(r.sentence))
            ruled = bool(_EXCLUDES.search(r.sentence) or _KEPT_FROM_THE_MANAGER.search(r.sentence))
            if not sure and not ruled and not _DROPS_A_NAMED_TOPIC.search(r.sentence):
                continue
            # 「やはり三点目は今回の面談資料からは外してください」 after 「一点目は…。二点目は…。三点目は…」
            # (R39-03 kept the third in the topics for the manager)
            out += _item_by_place(r.sentence, said[:n])
            if ruled and not sure:
                continue  # what the rules read names its own targets (kept_from_the_manager)
            for m in _MATTER_NAMED.finditer(r.sentence):
                # the name after the last particle: 「1on1では先輩のことは」 names 先輩
                name = re.split(r"では|には|とは|[はも、]", (m.group(1) or m.group(2) or "").strip())[-1].strip()
                if len(name) < 2 or name.lower() in _KEEP_STOP or _POINTS_BACK.match(name):
                    continue
                if any(_holds(name, later) and _ASKS_TO_PUT_IN.search(later) for later in said[n + 1 :]):
                    continue  # 「やっぱりけしょうひんのこともみせていいです」 later (R32-05): shown after all
                # before the request and after it: 「でも、タスク量の話をすると先輩の話になりそうで怖い
                # です」 after 「1on1では先輩のことは言いたくないです」 (R39-10) is about the same matter
                out += [x for message in said for x in _said_items(message) if x != r.sentence and _holds(name, x) and len(x) >= 4]
    return out


# an item of a list by its place: 「三点目」「2つ目」「③」 "the third one"
_PLACE_MARK = re.compile(r"([一二三四五六七八九1-9１-９])(?:点目|つ目|個目|番目)|([①②③④⑤⑥⑦⑧⑨])|(?:^|(?<=[\s、。,]))([1-9])[).）]")
_PLACE_EN = re.compile(r"\bthe (first|second|third|fourth|fifth|last) (?:one|topic|point|item|thing)\b", re.IGNORECASE)
_PLACE_VALUE = {**{c: n for n, c in enumerate("一二三四五六七八九", 1)}, **{c: n for n, c in enumerate("１２３４５６７８９", 1)},
                **{c: n for n, c in enumerate("①②③④⑤⑥⑦⑧⑨", 1)}, **{str(n): n for n in range(1, 10)},
                "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}


def _place_of(m: re.Match) -> int:
    return _PLACE_VALUE.get(next(g for g in m.groups() if g), 0)


def _item_by_place(request: str, earlier: list[str]) -> list[str]:
    """The item a request names by its place, cut out of the last of ``earlier`` that listed
    items by place (「一点目は…。二点目は…。三点目は…」, ①②③, "1) … 2) …"): from its mark to the
    next, as the person wrote it; [] when the request names no place or no list has it."""
    m = _PLACE_MARK.search(request) or _PLACE_EN.search(request)
    if m is None:
        return []
    place = _place_of(m)
    for text in reversed(earlier):
        marks = list(_PLACE_MARK.finditer(text))
        if len(marks) < 2:
            continue
        values = [_place_of(x) for x in marks]
        at = len(marks) - 1 if place == -1 else next((k for k, v in enumerate(values) if v == place), None)
        if at is None:
            return []
        end = marks[at + 1].start() if at + 1 < len(marks) else len(text)
        item = text[marks[at].start() : end].strip(" 、,")
        return [x.strip() for x in _split_sentences(item) if len(x.strip()) >= 4] or [item]
    return []


# a matter not to be told, in the sentence the reader reads as a request (「1on1では先輩のことは言いたく
# ないです」 reads 0.83: R39-10)
_NOT_TO_BE_TOLD = re.compile(
    r"(?:の件|のこと|の事|の話|のくだり)(?:は|も)[、\s]*(?:[^、。]{0,10}?(?:には|にも|では|に))?[、\s]*(?:まだ|絶対|ぜったい|あまり|あんまり|正直)?[、\s]*"
    r"(?:言い|話し|伝え|出し|触れ|知られ|見せ)たく(?:ない|ありません|ねえ|ねぇ|な)|\b(?:don'?t|do not) want to (?:mention|bring up|talk about|say)\b",
    re.IGNORECASE,
)


# asked to be put in or shown after all: 「一行だけ入れといてくれ」「みせていいです」「書いていいよ」
_ASKS_TO_PUT_IN = re.compile(
    r"(?:入れ|いれ|書い|かい|載せ|のせ|残し|のこし)(?:と|て)(?:いて|って|く|ください|くれ|ほしい|ええ|いい|も)|"
    r"(?:見せ|みせ|言っ|いっ|伝え|つたえ|出し|だし)て(?:も)?(?:いい|ええ|よか|大丈夫|だいじょうぶ|構わ|かまわ)|"
    r"\b(?:you can|it'?s ok(?:ay)? to|fine to) (?:put|include|show|mention|keep)\b",
    re.IGNORECASE,
)
# how the manager should respond, not a request to keep anything back
_ONLY_LISTEN = re.compile(r"聞く(?:だけ|のみ)|聞いて(?:もらう|くれる)?だけ|聞いてほしい|聞いてもらえれば|\bjust listen", re.IGNORECASE)


# a topic named and set aside for this time: 「異動希望のはやっぱ今回はやめときます」「評価の話は今日は
# なしで」「転職の件は今回はいいです」 (the keptback reader reads some of these at 0.09)
_DROPS_A_NAMED_TOPIC = re.compile(
    r"\S(?:の件|のこと|の話|のは|のやつ)(?:は|も)?[、\s]*(?:やっぱり?|やっぱし|やはり)?[、\s]*(?:今回|今日|今度|次)(?:は|の1on1では|の面談では)?[、\s]*"
    r"(?:やめ(?:とく|とき|てお|ます|よう)|なしで|ナシで|いい(?:です|や|か)|いらない|入れなくて|外し|はずし|触れな|話さな)"
)


# where a topic list inside one sentence starts its next item, besides ``_NEXT_ITEM``: 「…こと　あと
# 夜勤の…　あと自分のこれから」, 「…と、それと…」
_NEXT_SAID_ITEM = re.compile(r"(?<=[、,，\s　])(?=(?:あと|それと|それから|あとは)[、\s　]?\S)")


def _said_items(text: str) -> list[str]:
    """``_pieces`` of ``text``, with a list joined by 「あと」「それと」 cut into its items too."""
    return [y.strip() for x in _pieces(text) for y in _NEXT_SAID_ITEM.split(x) if y.strip()]


# a keep request proper (知られたくない/言いたくない/内緒, not 「言いにくいのですが、言うと決めました」)
# that goes on to tell the secret in the same sentence: 「…知られたくないのですが、昨年から…」
_ANNOUNCES_A_SECRET = re.compile(
    r"(?:(?:知られ|言い|話し|見せ|伝え|書かれ)たく(?:ない|ねぇ|ねえ|な)|言わ(?:ない|ん|ねぇ)|内緒|伏せ|黙っ)"
    r"[^。]*?(?:のですが|んですが|ですが|ますが|んですけど|んだけど|んやけど|んじゃけど|っちゃけど|けど|けれど)[、,]\s*\S{4,}"
)
# the message turning to something else after a secret: 「あと」「それと」「面談では」 "also", "back to"
_TURNS_TO_ANOTHER = re.compile(
    r"^(?:あと|それと|それから|次に|もう一つ|もうひとつ|ほかに|他に|別件|話(?:は|を)戻|面談では|1on1では|面談で|1on1で|上司には|"
    r"also\b|another\b|besides\b|back to\b|anyway\b|for the 1on1\b|in the 1on1\b)",
    re.IGNORECASE,
)


def _story_of_request(text: str, *, readers: bool = True) -> list[str]:
    """What a request to keep something from the manager keeps back besides what the rules tie to
    it: before the request, in its part of the message (from the message's start, a sentence that
    turns to something else, ``_TURNS_TO_ANOTHER``, or a new item of a list), the sentences the
    keptback reader finds at least ``_STORY_BEFORE`` likely kept back ("also, small thing. i do a
    freelance app for a friend's restaurant on weekends. … please don't put this anywhere he can
    see": round 26 filed the side job for the manager); and a request said in a clause of a long
    sentence typed with spaces for stops (「…融通きかせてほしいけど 寺のことは別に言わんでええわ …」),
    which keeps that whole sentence back.  What follows a request is left to the rules that read a
    reason or a pointer (``split_sensitive``, ``_secret_told_on``): kept back whole, the rest of the
    message took out more topics the person meant to raise than secrets it kept, on the corpora."""
    parts = keptback.split(text)
    out: list[str] = []
    for n, m in _story_places(text, "1" if readers else ""):
        out.append(parts[n] if m < 0 else keptback.spoken_clauses(parts[n])[m])
    return out


@memo.by_digest(4096)
def _story_places(text: str, readers: str) -> tuple[tuple[int, int], ...]:
    """Where ``_story_of_request`` finds what it keeps back, as (sentence, clause or -1): numbers
    only, so a conversation's earlier messages are not read again at every reply (bench/
    coach_guide_bench.py on this machine: reply p99 67.5 ms without it, 62.9 with, 58.6 at a69f5af)."""
    parts = keptback.split(text)
    if not parts:
        return ()
    out: list[tuple[int, int]] = []
    if readers:
        for n, part in enumerate(parts):
            clauses = keptback.spoken_clauses(part)
            if len(clauses) > 1:
                out += [(n, m) for m, c in enumerate(clauses) if any(r.asks and r.ask_probability >= _SURE_REQUEST for r in keptback.read(c))]
    if len(parts) < 2:
        return tuple(out)
    # a request the rules read that names nothing of its own (「先輩の件は1on1では話さない」 names
    # what it keeps; "please don't put this anywhere he can see" points back)
    marked = {n for n, x in enumerate(parts) if _PRIVATE_MARKER.search(x) and not _SECRET_OF_OTHERS.search(x)}
    asking = marked | {
        n for n, x in enumerate(parts)
        if ((_KEPT_FROM_THE_MANAGER.search(x) and not _HARD_TO_SAY.search(x)) or re.search(_NOT_WRITTEN, x) or _EXCLUDES.search(x))
        and not _NAMES_ITS_THING.search(x)
    }
    if not asking or not readers:
        return tuple(out)
    likely = _model_kept_probability(text)
    starts = [n for n, x in enumerate(parts) if n == 0 or _TURNS_TO_ANOTHER.match(x) or _LIST_ITEM_START.match(x)]
    kept: set[int] = set(marked)
    for n in asking:
        start = max(s for s in starts if s <= n)
        kept |= {m for m in range(start, n) if likely[m] >= _STORY_BEFORE}
        if n + 1 < len(parts) and _SAYS_WHO_IT_MEANT.search(parts[n + 1]) and len(parts[n + 1]) <= 60:
            # "She doesn't need to know that. My manager I mean, not my wife lol": who the request
            # meant, no topic (round 27's R27-08 filed it under the topics)
            kept.add(n + 1)
        if n > start and _POINTS_AT_THE_LAST.match(parts[n]):
            # 「…避けたいのが本音です。もちろんこれも私個人の事情ですので」「…まじむかつく。でもそれ上司に
            # 言ったらチクったみたいになるし、ここでだけ吐かせて」: the sentence it points at
            kept.add(n - 1)
    return tuple(out + [(n, -1) for n in sorted(kept - (asking - marked))])


# a sentence that only says who a request meant: "My manager I mean", 「課長のことね」「上司って意味」
_SAYS_WHO_IT_MEANT = re.compile(
    r"^(?:(?:my|the|i mean(?: my| the)?) (?:manager|boss|lead|supervisor|team ?lead)\b[^.]{0,8}\bi mean\b|i mean (?:my|the) (?:manager|boss|lead|supervisor)\b)|"
    r"^(?:課長|部長|上司|係長|主任|店長|リーダー|マネージャー|所長|支店長|工場長|師長|施設長|室長|校長)(?:の(?:こと|話))?(?:ね|な|よ|やで|って(?:こと|意味))",
    re.IGNORECASE,
)
# a request that opens by pointing at what was just said
_POINTS_AT_THE_LAST = re.compile(
    r"^(?:でも|ただ|けど|まあ|もちろん|あ、|で、)?[、\s]*(?:これ|それ|そっち|こっち|この(?:話|件|こと)|その(?:話|件|こと))(?!ぞれ|から|なり|ほど|でも|で[、\s]|に[、\s]|と|じゃ|なら|だけ)|"
    r"^(?:but |and |oh )?(?:this|that|it)(?:'s| is| one| part| stays| doesn'?t| does not| shouldn'?t)\b",
    re.IGNORECASE,
)


# words that say a matter is private, whatever verb goes with them (round 27's blind review: 「ここだけの
# 話」「ここでだけ吐かせて」「これも私個人の事情ですので」「面談とは別の話じゃけぇ」 "thats just for me",
# "She doesn't need to know that", each let what it marks reach the manager's part)
_PRIVATE_MARKER = re.compile(
    r"ここだけ(?:の話|で|にし|にと|な|(?=[。．！!、,\s]|$))|ここでだけ|内緒|秘密に|秘密で|オフレコ|伏せ(?:て|た|とき|てお)|個人(?:的な|の)事情|私事|"
    r"プライベートな?(?:こと|話|事情)|(?:面談|1on1|１on１|仕事)とは別(?:の話|件|の件)|"
    + _STYLE_BEFORE + r"(?:言わ|話さ|出さ|書か)(?:ん|なく)(?:で|ても)(?:ええ|いい|よか|良い)|自分(?:だけ|用)の(?:メモ|話)|"
    r"\bjust for me\b|\bbetween (?:us|you and me)\b|\boff the record\b|\b(?:doesn'?t|don'?t|does not|do not) need to know\b|"
    r"\bnot for (?:the agenda|him|her|them|my (?:manager|boss|lead))\b|\b(?:personal|private) (?:matter|thing|stuff|reasons?)\b|"
    r"\bkeep (?:it|this|that) (?:private|to myself)\b|\bnobody needs to know\b",
    re.IGNORECASE,
)
# a marker kept from others, or someone else's secret told (「家族にはまだ内緒だけど、課長には応援して
# ほしい」「まだ庁内でも内緒の段階の組織再編案」「オフレコだけど来年センター統合があるかも」 "my manager told
# me 'keep this between us, but …'"): a topic, as the blind development exchanges label them
_SECRET_OF_OTHERS = re.compile(
    r"(?:家族|家|妻|夫|嫁|旦那|親|親族|同期|同僚|みんな|皆|周り|ほかの人|他の人|メンバー|部下|後輩|班|チーム|職場の(?:みんな|人)|庁内|社内|社外|世間|友達|先方|取引先|お客)"
    r"(?:に|には|にも|でも|で|の人にも)?(?:は)?[、\s]*[^。、]{0,6}?(?:内緒|秘密|伏せ)|"
    r"社外秘|内緒の段階|内緒で進め|(?:内緒|オフレコ|秘密)(?:だ|や|じゃ)?(?:けど|けれど|が)|わけ(?:じゃ|では)(?:ない|ありません)|"
    r"「[^」]*(?:ここだけ|オフレコ|内緒|秘密)[^」]*」|(?:ここだけ|オフレコ|内緒)[^。]{0,24}(?:って|と)(?:言|おっしゃ)|"
    r"(?:課長|部長|上司|係長|主任|店長|リーダー|マネージャー|所長|支店長|工場長|師長|施設長|室長|センター長|校長)(?:に|には)[^。]{0,12}(?:知って(?:おいて|ほしい|もらい)|正直に|言います|言うつもり|話します|話すつもり|話そう|伝えます|伝えたい|伝えるつもり|応援して|聞いてほしい|相談したい)|"
    r"\b(?:told me|said|says)\b[^.]{0,30}\b(?:between us|off the record)\b|\bbut (?:i'?ll|i will|i want to|i'?m going to) tell\b|"
    r"\bbut\b[^.]{0,40}\b(?:fine|ok|okay|should|can)\b|\b(?:my team|the team|others|colleagues|my family|my wife|my husband)\b[^.]{0,12}\b(?:doesn'?t|don'?t) need to know\b",
    re.IGNORECASE,
)


# how likely kept back (P(keep) + P(ask), the larger of the two readers) a sentence before a request
# in its part of the message must read to go with it: "i do a freelance app …" reads 0.37, 「あと正直
# 給料が低すぎる」 (a topic, before 「…揺れてる。これは店長にはぜったい内緒ね」) 0.18
_STORY_BEFORE = 0.3


def _model_kept_probability(text: str) -> list[float]:
    """For each sentence of ``text`` (``keptback.split``), P(keep) + P(ask) as the more wary of the
    two keptback readers reads it alone."""
    message = keptback.split(text)
    if not message:
        return []
    both = [[float(p[1] + p[2]) for p in model.probabilities([message])[0]] for model in (keptback.load_first(), keptback.load())]
    return [max(a, b) for a, b in zip(*both, strict=True)]


# a request that says what it keeps: 「先輩の件は」「体のことは」 "the Melbourne thing"
_NAMES_ITS_THING = re.compile(r"\S(?:の件|のこと|のこと|の話|って話|の方|のほう)(?:は|も)|\bthe [a-z]+ (?:thing|part|bit|stuff|topic)\b", re.IGNORECASE)


# 「言いにくいのですが」 "This is hard to say, but I've decided I will say it": no request to keep it back
_HARD_TO_SAY = re.compile(r"にくい|づらい|ずらい|\b(?:hard|difficult|awkward) to\b", re.IGNORECASE)
_LIST_ITEM_START = re.compile(r"^(?:[一二三四五1-9１-９](?:つ目|個目|点目)|[1-9][)）.．]|[①②③④⑤⑥]|[-・*]\s)")


def _nobody_knows(said: list[str]) -> list[str]:
    """The sentences ``_NOBODY_KNOWS`` reads, and the one before each that is only that."""
    out: list[str] = []
    for text in said:
        parts = [x.strip() for x in _split_sentences(text) if x.strip()]
        for n, sentence in enumerate(parts):
            if not _NOBODY_KNOWS.search(sentence):
                continue
            out.append(sentence)
            short = len(sentence.split()) <= 10 if sentence.isascii() else len(sentence) <= 25
            if n and short:
                out.append(parts[n - 1])
    return out


# the steps of a 1on1 preparation an agenda draft takes (kabeuchi.oneonone.drafting)
DRAFTED_STEPS = ("topics", "response_style", "support", "first_words")


def for_the_manager(state: ConversationState) -> tuple[dict[str, str], list[str]]:
    """``manager_parts`` with each step's parts joined by line breaks, as the agenda draft takes them."""
    parts, private = manager_parts(state)
    return {key: "\n".join(texts) for key, texts in parts.items()}, private


def manager_parts(state: ConversationState) -> tuple[dict[str, list[str]], list[str]]:
    """What a 1on1 agenda drafted from this conversation holds, by step key (every answer to a
    step, one given again after 戻る in its place, as ``step_answers``), and the sentences that
    stay in the person's own line instead.

    The answers as the summary files them, without courtesies and without what the person asked
    to take out (``_asked_to_remove``); in a 1on1 preparation, without sensitive sentences and what
    they keep from the manager (``_for_the_preparation``), which go to their own line; in other
    themes, without sensitive sentences.  The agenda draft and the guide's answer to 「課長に見える
    部分を見せて」 both read this, so what the person is shown is what the draft would hold."""
    theme = _theme(state)
    kept_back = kept_from_the_manager(state)
    private: list[str] = []
    shared: list[Answer] = []
    for answer in _asked_to_remove(_courtesies_off(summary_answers(state)), state):
        if theme.key == "one_on_one":
            texts = _for_the_preparation(theme, [answer.text], private, kept_back)
        else:
            texts = [x for x in [without_kept_back(split_sensitive(answer.text)[0], kept_back)] if x]
        if texts:
            # every part kept (R27-08: of a first message split into topics, only the first reached
            # the manager's view, while the summary check just before listed both)
            shared.append(replace(answer, text=_PART_BREAK.join(texts)))
    found: dict[str, list[str]] = {}
    # as the summary files them (step_answers): each answer to a step is kept, one given again
    # after 戻る replaces (round 23's R23-16: the draft had kept only the last of two topics)
    for index, texts in step_answers(shared).items():
        step = theme.step_at(index)
        if step is not None and texts:
            found[step.key] = [part for t in texts for part in t.split(_PART_BREAK)]
    return found, _without_promised(state, list(dict.fromkeys(private)))


_PART_BREAK = "\u241e"  # between the parts of one answer while they are filed (never in what anyone types)


def _read_kept(text: str) -> list[str]:
    """The sentences of one message that ``jatext.keptback`` reads as kept from the manager, when
    the message itself asks for that (a request the rules know, or one the reader is sure of, as
    the reply's 「上司には伝えずにおきたいところは…」 needs): without one, a list of topics the
    reader doubts (「…自分の今後のことです。今後のことは…ちょっと複雑で」) is still acknowledged."""
    readings = keptback.read(text)
    kept = [r.sentence for r in readings if r.kept and len(r.sentence) >= 4]
    if _KEPT_FROM_THE_MANAGER.search(text) or re.search(_NOT_WRITTEN, text) or any(r.asks and r.ask_probability >= _SURE_REQUEST for r in readings):
        return kept
    # a request the reader is less sure of counts when it keeps back something besides itself
    # (「…ちょっと揺れてる。これは店長にはぜったい内緒ね」, "… another company. My manager must not
    # know this."), never a lone one (「1つ目はメンバーの山田さんの件。」 reads 0.59)
    if any(r.asks for r in readings) and any(r.kept and not r.asks for r in readings):
        return kept
    return []


def _read_kept_back(said: list[str]) -> list[str]:
    """The sentences of the person's messages that ``jatext.keptback`` reads as kept from the
    manager, each read with the messages after it (a request there may point back, up to
    ``keptback.FAR`` messages after the next: round 21's 「面接の件は外して」 came later). The model
    only adds to what the rules keep back: twenty blind reviews found a kept-back sentence filed in
    the preparation in a wording the rules had not seen (round 20: 「でもこれは課長には言わんとって」)."""
    out: list[str] = []
    for n, text in enumerate(said):
        marks = keptback.kept(text)
        if n + 1 < len(said):
            # read again with the messages after it, whose requests may point back; a message's
            # own request is kept back whatever follows it ("keep the Fukuoka part between us")
            after = said[n + 1 : n + 2 + keptback.FAR]
            marks = [a or b for a, b in zip(marks, keptback.kept(text, *after), strict=True)]
        parts = keptback.split(text)
        out += [x for x, kept in zip(parts, marks, strict=True) if kept and len(x) >= 4]
        # why it is kept back goes with the request (「…申し上げないでいただけますでしょうか。査定の
        # 時期でもございますので。」: round 29's R29-02 filed the reason for the manager)
        if _reasons_after(parts, range(len(parts))):  # (the reader runs only where a reason could follow a request)
            out += [parts[m] for m in sorted(_reasons_after(parts, _sure_requests(keptback.read(text))))]
    return out


# where a list of topics inside one sentence starts its next item (「…、二つ目は…」, ", 2) …", ②)
_NEXT_ITEM = re.compile(r"(?<=[、,，\s])(?=(?:[一二三四五六1-9１-９](?:つ目|個目|点目)|[1-9][)）]|[①②③④⑤⑥]))")


def _pieces(text: str) -> list[str]:
    """``text`` in sentences, and a sentence that lists topics in its items: what is kept back is
    one topic of a list, never the others said with it."""
    out: list[str] = []
    for sentence in _split_sentences(text):
        out.extend(x.strip() for x in _NEXT_ITEM.split(sentence) if x.strip())
    return out


class _Noun(str):
    """A noun kept back by what it names (``_topic_nouns``): matched as a whole word, so 事業部 is
    not in 事業部長 and "back" is not in "feedback"."""


def _holds(word: str, sentence: str) -> bool:
    """Whether ``sentence`` holds ``word``: a kept noun as a whole word, anything else as written."""
    if word.isascii() and (isinstance(word, _Noun) or " " not in word.strip()):
        target = word.strip().lower()
        if re.search(rf"\b{re.escape(target)}\b", sentence.lower()):
            return True
        # another form of the same English word ("the pregnancy thing" for "my wife is pregnant",
        # R41-03; "the promotion" for "if I get promoted"): the same first letters, all but the ending
        # (a target with punctuation, 「nothing.」, is matched only as written, as before)
        return target.isalpha() and any(_same_english_word(target, other) for other in re.findall(r"[a-z]+", sentence.lower()))
    if isinstance(word, _Noun):
        return word in _nouns_of(sentence)
    if fold(word) in fold(sentence):
        return True
    # a short name for what was told, in another form (「泣いたこと」 for 「…トイレでちょっと泣きました」,
    # 「2人目の話」 for 「あと正直2人目も考えてて」: R36-09, R36-12): every word it holds, by its
    # dictionary form
    # (only a name for a matter, 「…こと」「…の話」: a kept sentence such as 「部長にも当然まだです」 is
    # matched as written, never by its word 部長)
    named = _content_lemmas(word) if len(word.strip()) <= 12 and _NAMES_A_MATTER.search(word.strip()) else frozenset()
    return bool(named) and named <= _lemmas_of(sentence)


def _same_english_word(one: str, other: str) -> bool:
    """Two forms of one English word, by their shared beginning: at least six letters, and all of
    the shorter word but its last three (pregnancy / pregnant, promotion / promoted, evaluation /
    evaluate; never transfer / transport)."""
    shorter = min(len(one), len(other))
    if shorter < 6:
        return False
    stem = max(6, shorter - 3)
    return one[:stem] == other[:stem]


_NAMES_A_MATTER = re.compile(r"(?:こと|事|の話|の件|のとこ|のところ|のくだり|って話)$")


# words that only name a matter (「…のこと」「…の話」「…の件」「…のくだり」), never what it is
_MATTER_WORDS = frozenset({"こと", "事", "話", "件", "ところ", "とこ", "所", "やつ", "奴", "部分", "くだり", "あたり", "辺", "もの", "物", "の"})


@lru_cache(maxsize=512)
def _lemmas_of(sentence: str) -> frozenset[str]:
    return frozenset(fold(t.dictionary_form) for t in tokenize(sentence))


@lru_cache(maxsize=512)
def _content_lemmas(phrase: str) -> frozenset[str]:
    """The dictionary forms of the content words of a short phrase: verbs, adjectives and nouns
    that are not only the name of a matter (こと, 話, 件) nor auxiliary (する, ある, いる)."""
    out: set[str] = set()
    for t in tokenize(phrase):
        if t.pos[0] in ("動詞", "形容詞") and t.pos[1] != "非自立可能" or t.pos[0] == "名詞" and t.pos[1] in ("普通名詞", "固有名詞"):
            if t.dictionary_form not in _MATTER_WORDS and t.dictionary_form not in ("する", "ある", "いる", "なる", "思う", "言う"):
                out.add(fold(t.dictionary_form))
    return frozenset(out)


def _nouns_of(sentence: str) -> frozenset[str]:
    """The nouns of a Japanese sentence as Sudachi cuts them, and their parts where the script
    changes (転職サイト: 転職サイト, 転職, サイト)."""
    out: set[str] = set()
    for token in tokenize(sentence):
        if token.pos[0] == "名詞":
            out.add(token.surface)
            out.update(re.findall(r"[\u4e00-\u9fff々]{2,}|[\u30a0-\u30ffー]{2,}", token.surface))
    return frozenset(out)


# 「これは」「そのことは」 "the back thing" inside a request: what it points at was said before
_POINTS_BACK_WORD = re.compile(r"(?:^|[、。,\s↑]|とりあえず|やっぱり?|やっぱし|まあ|ちなみに)(?:これ|それ|このこと|そのこと|この話|その話|この件|その件)(?:は|も|って)|\bthe [a-z]+ (?:thing|part|bit|stuff)\b|\b(?:this|that|it)\b", re.IGNORECASE)


def _content_before_request(text: str) -> bool:
    """Whether ``text`` says something of its own before the request (then that is what it keeps)."""
    first = _split_sentences(text)[0] if _split_sentences(text) else text
    pointer = _POINTER_INSIDE.search(first)
    if pointer and len(first[: pointer.start()].strip(" 、,")) >= 6 and not _POINTS_BACK_START.match(first.strip()):
        return True  # 「ちなみに辞めるかもとは思ってる それは書くな」: told, then pointed at, in one sentence
    return not (_KEPT_FROM_THE_MANAGER.search(first) or re.search(_NOT_WRITTEN, first) or _POINTS_BACK_START.match(first.strip()))


# a pointer inside a sentence, after what it points at (「…思ってる それは書くな」)
_POINTER_INSIDE = re.compile(r"[、,\s](?:でも|ただ)?[、\s]*(?:それ|これ|そのこと|このこと|その件|この件|その話|この話)(?:は|も)")


def without_kept_back(text: str, kept_back: list[str]) -> str:
    """``text`` without the sentences that hold words the person asked to keep from the manager."""
    return _split_kept_back(text, kept_back)[0]


def _split_kept_back(text: str, kept_back: list[str]) -> tuple[str, str]:
    """``text`` as (the sentences free of ``kept_back``'s words, those holding them)."""
    if not kept_back or not text:
        return text, ""
    joiner = " " if text.isascii() else ""
    rest, back = [], []
    gap = False
    at = 0
    for x in _said_items(text):
        # items of a list said on one line stay apart as they were written (「①… ②…」): joined
        # without their space, the next reader no longer sees where an item starts
        found = text.find(x.strip(), at)
        spaced = found > 0 and text[found - 1].isspace()
        at = found + len(x.strip()) if found >= 0 else at
        # either way round: the kept sentence may carry a filler the filed one lost (「あと…」)
        held = any(_holds(t, x) or (len(x.strip()) >= 6 and fold(x.strip(" 。.")) in fold(t)) for t in kept_back)
        if held:
            back.append(x.strip())
            gap = bool(rest)
        else:
            # what was on either side of a kept sentence is two quotes, never one that joins them
            # (round 18's T05: 「一つは若手の育成じゃね。マニュアルにできんことが多いんよ」 read as said so)
            lead = "\n" if gap else (" " if spaced and rest and not joiner else "")
            rest.append(lead + x.strip())
            gap = False
    return (text, "") if not back else (joiner.join(rest).strip().rstrip("、,，"), joiner.join(back).strip())


_BODY_WORD = re.compile(r"体|からだ|体調|健康|病気|持病|body|health", re.IGNORECASE)
_BODY_TALK = re.compile(
    r"病院|医者|医師|通院|受診|診断|体調|保健室|健康管理室|保健師|産業医|腰|頭痛|頭が痛|眠れ|寝られ|寝れ|寝つき|寝付き|目(?:ぇ|が)?覚め|動悸|めまい|吐き気|食べれ|食べられ|食欲|"
    r"倒れ|胸が|息苦し|過呼吸|薬|休職|"
    # (R42-10: "I almost fainted at Shinagawa station", "book with the sangyo-i" stayed in the manager's part)
    r"\b(?:doctor|clinic|hospital|sleep\w*|headaches?|back pain|faint\w*|chest|dizz\w*|sick leave|medic\w*|sangyo-?i|physician|blood pressure)\b",
    re.IGNORECASE,
)


# a point on a scale: 「4くらい」「10点中3」「半分くらい」 "a 6", "maybe six"
_A_NUMBER = re.compile(
    r"[0-9０-９]|[一二三四五六七八九十零〇](?:点|くらい|ぐらい|位|割|/|／|とか|かな|です|や|だ)|半分|真ん中|"
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.IGNORECASE,
)


# the thanks that closes a talk, at the end of a message: past tense in Japanese, or thanks with a goodbye
_CLOSING_THANKS = re.compile(r"(?:ありがと(?:う)?ございました|ありがとでした|お世話になりました)[。．!！〜ー\s🙏🙇]*$|\bthanks?(?: you)?(?: so much| a lot)?[,.!\s]*(?:bye|that'?s all)\b", re.IGNORECASE)


# where a phrase was cut out: the spaces or the comma left around it ("with code  ." -> "with code.")
_EXCISED_GAP = re.compile(r"\s+([.,!?])|[、,]\s*(?=[。.!?！？]|$)|\s{2,}")
# a request to the tool about what is written (消して, 保存しない, 残したくない, 外していただけますか, "don't
# show it"): ordinary words here, which the character classifier reads as a crisis (round 34: 「てか
# やっぱさっきの消して。ここにも残したくない」 got the crisis check, graded a false alarm)
_TOOL_REQUEST = re.compile(
    r"(?:ここ|ここに|まとめ|ノート|メモ)(?:に|にも|は|も)?[、\s]*(?:残したくない|残さないで|残さんで|書かないで)|"
    r"(?:さっきの|今の|いまの|前の|これ|それ|全部|ぜんぶ|その部分|そこ|この(?:部分|行|話)|(?:の|は|を)[、\s]*(?:やっぱり?|やっぱ)?)[、\s]*(?:消して|消しといて|削除して|外して|外しといて)(?!しまい|くれない|ほしい)|"
    r"\b(?:delete|remove|erase|scratch) (?:that|this|it|the last)\b|\bdon'?t want (?:it|this|that) (?:here|saved|kept|written)\b",
    re.IGNORECASE,
)


# the person themself as what is erased or not needed (「自分の存在ごと消してしまいたい」「誰か私のこと
# を消してくれないかな」): never a request about the record
_ABOUT_ONESELF = re.compile(r"自分|私|わたし|あたし|俺|おれ|僕|ぼく|うち(?:の)?こと|存在|命|人生|消えて|消えたい|しまいたい|くれないかな|いらない人間|\b(?:me|myself|my life)\b", re.IGNORECASE)


def _classifier_crisis_only(signals: list) -> bool:
    """A crisis reading that only the classifier made (no rule's), which the guide may read past."""
    crisis = [s for s in signals if s.kind == "crisis"]
    return bool(crisis) and all(s.cue.startswith("classifier") for s in crisis)


def _without_crisis(signals: list) -> list:
    """``signals`` with the crisis reading set aside (the guide's reply only: the help panel is
    shown from the unfiltered reading)."""
    return [s for s in signals if s.kind != "crisis"]


def _read_past_requests(text: str, signals: list) -> list:
    """``signals`` without a crisis that only the classifier read and that comes from the requests
    about the record in ``text``: read again without those sentences, it is gone.  Only the guide's
    reply uses this; the help panel beside it is shown from the unfiltered reading (coach.support),
    and a crisis a rule read is never touched."""
    if not _classifier_crisis_only(signals):
        return signals
    sentences_ = [x for x in _split_sentences(text) if x.strip()]
    requests = [
        x for x in sentences_
        if (_asks_about_the_record(x) or _SAVE_SETTING.search(x) or _TAKES_BACK_LAST.search(x) or _DELETE_ALONE.match(fold(x).strip()))
        and not _ABOUT_ONESELF.search(x)
    ]
    if not requests:
        return signals
    rest = (" " if text.isascii() else "").join(x for x in sentences_ if x not in requests).strip()
    if rest and any(s.kind == "crisis" for s in detect(rest)):
        return signals
    return _without_crisis(signals)


# a line asked to stay as the person's own note, not to go ("that's a note for me, not for him")
_A_NOTE_FOR_ME = re.compile(r"\bnote for me\b|\bfor me,? not (?:for )?(?:him|her|them)\b|\bjust for me\b|自分用|自分の(?:メモ|ため)|メモ(?:に|と)して|手元に", re.IGNORECASE)


# 「もうないかな」 "nothing else": no more to add, said to an invitation to add more
_NOTHING_MORE = re.compile(
    r"^(?:うーん|んー|えーと|あ)?[、\s]*(?:もう|特に|とくに|別に|べつに|他は|ほかは|今は)[、\s]*"
    r"(?:ない|無い|ありません|ないです|大丈夫|いい)(?:かな|です|っす|よ|ね|わ|な|かも|かなあ|かなー)*[。．!！…〜ー\s]*$"
    r"|^(?:no[,.]?\s*)?(?:nothing|that'?s (?:it|all)|no(?:thing)? more)(?: else)?(?: for now| really)?[.!\s]*$",
    re.IGNORECASE,
)
# the guide's invitation to add more (「ほかに書いておきたいことがあれば」 "anything else")
_INVITES_MORE = re.compile(r"ほかに|他に|書き足したい|anything else|add anything|anything more", re.IGNORECASE)


def _read_past_nothing_more(text: str, signals: list, last_reply: str) -> list:
    """``signals`` without a crisis only the classifier read in 「もうないかな」 said to the guide's
    invitation to add more (R36-03: the classifier read it at 0.96 and the guide turned to crisis
    support at the close of a talk).  As with ``_read_past_requests``, the help panel is still
    shown from the unfiltered reading and a rule's crisis is never touched."""
    if not _classifier_crisis_only(signals):
        return signals
    if not (_NOTHING_MORE.match(text.strip()) and _INVITES_MORE.search(last_reply)):
        return signals
    return _without_crisis(signals)


# 「お世話になりました」 said to the guide when the person closes the talk (R39-19: a retiree's
# 「では書き出しておきます。お世話になりました。」 read by the classifier as a goodbye at 0.81, and the guide
# answered with crisis support): a thank-you for this talk, unless it takes leave of people or of
# a long time (「みなさん今までお世話になりました」 stays with the classifier)
_THANKS_FOR_THE_TALK = re.compile(
    r"^(?:では|それでは|じゃあ|じゃ|ほな)?[、\s]*(?:いろいろ|色々|本当に|ほんとうに|大変|たいへん|どうも)?[、\s]*"
    r"お世話に(?:なりました|なりましたね)(?:[。．!！\s]|$)"
)
_TAKES_LEAVE_OF_LIFE = re.compile(
    r"今まで|いままで|これまで|長い間|長いあいだ|みなさん|皆さん|みんな|皆様|最後|さよう?なら|永遠|二度と|元気でね|私はここまで|"
    r"\b(?:the only one|for everything|last time|forever|remember me|take care of (?:yourself|everyone))\b",
    re.IGNORECASE,
)


def _thanks_for_the_talk(text: str) -> bool:
    """Whether ``text`` thanks for the talk with 「お世話になりました」 and takes leave of nothing more."""
    return not _TAKES_LEAVE_OF_LIFE.search(text) and any(
        _THANKS_FOR_THE_TALK.match(x.strip()) for x in _split_sentences(text) if x.strip()
    )


def _read_past_thanks_for_the_talk(text: str, signals: list, state, *, closed: bool) -> list:
    """``signals`` without a crisis only the classifier read, when it comes from 「お世話になりました」
    said to the guide after the person closed a talk with no crisis in it, and the rest of the
    message carries no signal at all.  Mid-talk (「もう疲れました。お世話になりました。」) the classifier's
    check-in stays.  As with ``_read_past_requests``, the help panel is still shown from the
    unfiltered reading and a rule's crisis is never touched."""
    if not (closed and _classifier_crisis_only(signals) and _thanks_for_the_talk(text)):
        return signals
    if any(t.role == "partner" and (t.move or "").startswith(("support", "health")) for t in state.turns):
        return signals
    sentences_ = [x.strip() for x in _split_sentences(text) if x.strip()]
    thanks = [x for x in sentences_ if _THANKS_FOR_THE_TALK.match(x)]
    rest = "".join(x for x in sentences_ if x not in thanks).strip()
    if rest and detect(rest):
        return signals
    return _without_crisis(signals)


# 「さっきの消して」 "delete what I just wrote": the person's message before, taken back whole
_TAKES_BACK_LAST = re.compile(
    r"(?:さっき|今|いま|前|最後)(?:の|のやつ|のは|書いたの|書いたやつ|言ったの|言ったやつ)[、\s]*(?:やっぱり?|やっぱ|やはり)?[、\s]*(?:(?:記録|まとめ|ここ)(?:に|には)[、\s]*)?(?:消して|消しといて|削除して|なしで|なかったことに|残さ(?:ないで|んで|んといて|ないでください))|"
    # 「あ、それは今日はいいです」 right after telling something (R36-09: 「今日は置いておきますね」, and the
    # summary kept it): the whole message sets the last told aside
    r"^(?:あ|あっ|いや|やっぱ|やっぱり)?[、\s]*(?:それ|その話|そのこと|その件)は[、\s]*(?:今日は|今回は|今は)?[、\s]*(?:いい|大丈夫|なし|やめとき?)(?:です|や|わ|かな|で|ます)?[。．!！\s]*$|"
    r"\b(?:delete|remove|scratch|forget) (?:that|the last (?:one|message)|what i just (?:wrote|said))(?=\s*[.!]|\s*$)|"
    # "don't want it anywhere" (R40-20: read by the classifier alone as a crisis)
    r"\b(?:don'?t|do not) want (?:it|that|this) (?:anywhere|written(?: down)?|kept|on (?:the )?record)(?=\s*[.!]|\s*$)",
    re.IGNORECASE,
)
def _last_told(said: list[str]) -> str:
    """The last of the person's messages that tells something, not one that only asks to keep,
    hide or remove (「↑これは部長の方には絶対入れないで」 before 「さっきの消して」)."""
    for text in reversed(said):
        if not (_asks_about_the_record(text) or _removal_targets(text)):
            return text
    return ""


def _asks_about_the_record(text: str) -> bool:
    """A request about what is written: kept from the manager, not to be written, left out, erased
    (「課長には言わんといて」「…は書かないで」「さっきの消して」 "please don't show it")."""
    return bool(_KEPT_FROM_THE_MANAGER.search(text) or re.search(_NOT_WRITTEN, text) or _EXCLUDES.search(text) or _TOOL_REQUEST.search(text))


# how to delete this or keep it from being saved, asked (「どうやって消すの？」「保存しない設定とかある？」)
_ASKS_HOW_TO_DELETE = re.compile(
    r"(?:どうやって|どう(?:すれば|したら)|どこで|どこから)[^。？?]{0,8}(?:消す|消せ|削除|けす|けせ)|消し方|削除の仕方|保存しない(?:設定|方法|ように)|保存(?:の)?(?:設定|期間)(?:は|って|を)?[^。？?]{0,6}(?:変え|どこ)|"
    r"\bhow (?:do|can) i (?:delete|remove|erase)\b|\bhow (?:do|can) i (?:stop|turn off) (?:it )?saving\b",
    re.IGNORECASE,
)
# the words that stay of a line a removal names (「「図面を描く時間がない」だけでええ」)
_ONLY_THIS = re.compile(r"[「『]([^」』]{2,40})[」』](?:って|と)?(?:だけ|のみ)(?:で|に|を|は)?")


def _part_of_a_removal(sentence: str) -> bool:
    """A sentence of a message asking to take something out: the request, a pointer back at what
    it takes out, or the wording that stays (「「X」だけでええ」); never content of its own."""
    return bool(
        _REMOVE_JA.search(sentence) or _REMOVE_BARE.search(sentence) or _REMOVE_EN.search(sentence) or _POINTS_BACK_START.match(sentence.strip())
        or _ONLY_THIS.search(sentence) or _TOOL_REQUEST.search(sentence) or _TAKES_BACK_LAST.search(sentence)
        or _REMOVE_ORDINAL.search(sentence)
    )


def _keeping_wish(sentence: str) -> bool:
    """A wish about keeping this talk (「保存は1週間で」 "Don't save this"), not a plan that saves something."""
    return bool(_SAVE_SETTING.search(sentence)) and not _looks_like_plan(sentence)


def _beside_a_keeping_wish(sentence: str) -> bool:
    """The wish itself, or what goes with it: 「消して」 or a bare period, and what they will do with
    the record themselves (print, PDF, copy)."""
    return _keeping_wish(sentence) or bool(_RECORD_USE.search(sentence) or _DELETE_ALONE.match(fold(sentence).strip()))


def _asked_to_remove(answers: list[Answer], state: ConversationState) -> list[Answer]:
    """Answers without what the person asked to leave out of the summary: the sentences that
    share most of the named words, and the request itself."""
    targets: list[str] = []
    requests: set[int] = set()
    body = False  # 「俺の体のことは載せんでよか」: every sentence about their body, whatever its words
    placed: set[str] = set()  # items named by their place in a list: cut out of their sentence
    dropped: set[str] = set()  # what was kept back, then not to be kept at all: matched as written
    said_so: set[int] = set()  # the messages that said so ("No need to keep it"): not filed either
    for index, turn in enumerate(state.turns):
        if turn.role != "person":
            continue
        if re.search(_NOT_WRITTEN, turn.text) and any(_BODY_WORD.search(t) for t in _quoted_targets(_asking_part(turn.text))):
            body = True
        found = _removal_targets(turn.text)
        by_place = [] if found else _ordinal_removal(turn.text, [t.text for t in state.turns[:index] if t.role == "person"])
        if by_place:
            found = by_place
            placed.update(by_place)
        if not found and _TAKES_BACK_LAST.search(turn.text):
            before = _last_told([t.text for t in state.turns[:index] if t.role == "person"])
            found = [x.strip() for x in _split_sentences(before) if len(x.strip()) >= 3] if before else []
        if not found and state.theme != "one_on_one" and re.search(_NOT_WRITTEN, turn.text):
            # 「『住宅ローン』はノートに入れんでええわ笑」 outside a 1on1 (round 34's R34-04): with no
            # manager to keep it from, what is not to be written is taken out of the summary
            found = [t for t in _quoted_targets(_asking_part(turn.text)) if len(t) >= 2]
        if not found:
            names = _names_taken_back(turn.text, [t.text for t in state.turns[:index] if t.role == "person"])
            if names:
                found = names
                dropped.update(names)
        if not found and state.theme == "one_on_one" and _NO_NEED_TO_KEEP.match(turn.text.strip()):
            earlier = [n for n in range(index) if state.turns[n].role == "person"]
            if earlier and index and state.turns[index - 1].role == "partner" and state.turns[index - 1].move == "noted":
                # "No need to keep it" after a request to keep something back: that goes, and the
                # request with it (R40-16, R40-11)
                request = state.turns[earlier[-1]].text
                found = [x for x in [*_kept_by(state, earlier[-1]), *_quoted_targets(_asking_part(request))] if len(x) >= 2]
                dropped.update(found)
                requests.add(earlier[-1])
                said_so.add(index)
        if found:
            # a target asked to be put in after all, later (「給料…それは書かんでええ」, then 「いや、やっぱり
            # 給料の件も一行だけ入れといてくれ」: round 35's R35-07 lost the later answer)
            later = [t.text for t in state.turns[index + 1 :] if t.role == "person"]
            found = [f for f in found if not any(_ASKS_TO_PUT_IN.search(x) and fold(f) in fold(x) for x in later)]
        if found:
            targets.extend(found)
            requests.add(index)
    # "3) maybe salary? scratch that, not salary", 「…あと給料のこと、いや今のなし」: an item taken
    # back in the message that said it goes, with the words that take it back (R39-04 kept salary
    # among the topics for the manager)
    answers = [a if (t := _without_own_retraction(a.text)) == a.text else replace(a, text=t) for a in answers]
    answers = [a for a in answers if a.text.strip()]
    saving = {a.index for a in answers if any(_keeping_wish(x) for x in _split_sentences(a.text))}
    if not targets and not body and not saving:
        return answers
    quoted = {
        t for t in targets for index in requests
        if re.search(rf"[「『\"']{re.escape(t)}", state.turns[index].text)
        # 「「無駄だった」云々は外して」「「X」のくだりは…」: the remark around the quote goes, not the quote
        # cut out of its sentence (round 38's R38-10 left 「強いて言えば、と言われるのが嫌ですね」)
        and not re.search(rf"[「『\"']{re.escape(t)}[」』\"']\s*(?:云々|うんぬん|あたり|の(?:くだり|とこ|ところ|部分|話|件))", state.turns[index].text)
    } | placed
    # "scratch the analytics team thing": named as it was said, so matched as written (by half its
    # words, "team" took 「…begging the data team…」 with it)
    literal = {(m.group("target5") or m.group("target6")).strip() for index in requests for m in _REMOVE_EN.finditer(state.turns[index].text) if m.group("target5") or m.group("target6")} | dropped
    # 「二つ目の「寂しい」は消しといて。「図面を描く時間がない」だけでええ」: what stays of the line
    only = [m.group(1) for index in requests for m in _ONLY_THIS.finditer(state.turns[index].text)]
    out: list[Answer] = []
    for a in answers:
        if a.index in said_so:
            continue
        # the request itself, and any sentence holding at least half of the named words' pairs;
        # after the body was named, every sentence read as about health (round 29's R29-07: the
        # reply promised 「まとめにも書きません」 and the summary kept the back pain and the hospital)
        kept = []
        told_on = False  # a topic named, not quoted, goes with the sentences that go on telling it
        for x in _form_sentences(a.text):
            if a.index not in requests:
                # a short quoted phrase is taken out of its sentence, the rest kept ("take out 'this
                # year'" from "I want to stay hands-on with code this year."); a quote that is most
                # of the sentence takes the sentence
                for t in placed:
                    # an item named by its place goes with its quotes and the "and" before it
                    x = re.sub(rf"(?:\s*(?:,|、|and|と|や)\s*)?[「『\"'‘“]{re.escape(t)}[」』\"'’”]", "", x, count=1, flags=re.IGNORECASE).strip()
                for t in quoted - placed:
                    at = x.lower().find(t.lower())
                    # (a word of one or two characters cut out of a Japanese sentence leaves it broken:
                    # 「あと少し安堵もあります」 became 「あと少しもあります」; the sentence goes instead)
                    if at >= 0 and len(t) * 5 <= len(x) * 2 and (x.isascii() or len(t) > 2):
                        x = _EXCISED_GAP.sub(lambda m: m.group(1) or "", x[:at] + x[at + len(t) :]).strip()
            hit = [t for t in targets if (fold(t) in fold(x) if t in quoted or t in literal else _shares(t, x, 0.5))]
            items = _said_items(x) if hit else []
            if len(items) > 1:
                # one item of a list said in one sentence goes, not the list (「段取り、設備の癖がわかる、
                # あと夜勤も文句言わずやれる」 after 「夜勤の話はなしで」: R39-06 kept it, a whole-sentence
                # cut would take the rest)
                rest = [y for y in items if not any(fold(t) in fold(y) if t in quoted or t in literal else _shares(t, y, 0.5) for t in hit)]
                if rest and len(rest) < len(items):
                    kept.append(("" if not a.text.isascii() else " ").join(rest).rstrip("、,， "))
                    continue
            if hit or not _has_content(x):
                told_on = any(t not in quoted for t in hit)
                kept += [q for q in only if fold(q) in fold(x)]
                continue
            if told_on and not _TURNS_TO_ANOTHER.match(x.strip()) and not _NEXT_ITEM.search(x):
                continue  # 「あと評価のことも聞きたい。前回Bだったのが納得いってなくて」 after 「評価の話題、やっぱり消して」
            told_on = False
            if a.index in saving and _beside_a_keeping_wish(x):
                continue  # 「保存は1か月で。あと、…」: a wish about keeping the talk, and what they do with it
            if body and (_BODY_TALK.search(x) or "health" in {signal.kind for signal in detect(x)}):
                continue
            if a.index in requests and _part_of_a_removal(x):
                continue  # the request, and why, pointing back at it (「それはあたしの心の中のやつだから」)
            kept.append(x)
        text = ("" if not a.text.isascii() else " ").join(x.strip() for x in kept).strip()
        if text:
            out.append(a if text == a.text.strip() else replace(a, text=text))
    return out


# "No need to keep it", 「のこさなくて いい」, 「残さんでええ」: nothing kept (of what, the message before says)
_NO_NEED_TO_KEEP = re.compile(
    r"^(?:(?:ok|okay|thanks|thx|and|also|actually)[,.!]?\s+)*(?:there'?s\s+)?(?:no need to |(?:you )?(?:don'?t|do not) (?:need to |have to )?)(?:keep|save)"
    r"(?: (?:it|this|that|anything|the (?:chat|talk|conversation)))?\s*(?:at all|either|pls|please)?[.!]*$|"
    r"^(?:あ|いや|それ|それも|そっちも|それは)?[、\s]*(?:残さ|のこさ|保存し|ほぞんし)(?:なくて|なくても|んで|んでも|ないで)[、\s]*(?:いい|ええ|よい|大丈夫|だいじょうぶ|OK|ok|かまわ)[^。]{0,6}[。！!]*$",
    re.IGNORECASE,
)


def _kept_by(state: ConversationState, index: int) -> list[str]:
    """What the person's message at ``index`` kept from the manager: what is kept back with it and
    not without it."""
    before = set(kept_from_the_manager(replace(state, turns=state.turns[:index])))
    return [x for x in kept_from_the_manager(replace(state, turns=state.turns[: index + 1])) if x not in before]


# a name said earlier, asked not to be kept: 「さっき先輩の名前だしちゃったんですけど、それ残らないように
# できますか」「名前は消してください」 "can you delete the name I wrote"
_NAME_TAKEN_BACK = re.compile(
    r"名前[^。？?]{0,16}?(?:残らない|残さない|残さんで|消し|消せ|消して|削除|外し|外せ|伏せ|出さないで|書かないで|載せないで)|"
    r"\b(?:delete|remove|take out|drop|hide|don'?t (?:keep|write|use|save)) (?:the |his |her |their |that )?names?\b|\bnames? (?:out|off)\b",
    re.IGNORECASE,
)
_A_PERSON_NAMED = re.compile(r"(?<![一-龥ァ-ヶーおご])([一-龥]{1,4}|[ァ-ヶー]{2,8})(?:さん|くん|君|ちゃん|氏|先輩|課長|部長|係長|主任)|\b([A-Z][a-z]{2,})-san\b")
# words before さん that name no one (お客さん, 皆さん, パートさん)
_NOT_A_NAME = frozenset("客 皆 奥 相手 業者 先方 患者 利用者 家族 派遣 パート バイト 社員 新人 店長 上司 同期 後輩 先輩 職人 運転手 担当".split())


def _names_taken_back(text: str, earlier: list[str]) -> list[str]:
    """The people named in ``earlier`` (「田中さん」 "Sato-san") when ``text`` asks for a name said
    earlier not to be kept, and names nobody itself; [] otherwise (a name given in the request is
    read as a target by the other readers)."""
    if not _NAME_TAKEN_BACK.search(text) or _A_PERSON_NAMED.search(text):
        return []
    names = [m.group(0) for said in earlier for m in _A_PERSON_NAMED.finditer(said) if (m.group(1) or m.group(2)) not in _NOT_A_NAME]
    return list(dict.fromkeys(names))[:3]


# words that take back what was just said, in the same message: "scratch that", "forget that",
# "never mind", "strike that", 「今のなし」「やっぱなし」「いや、それはなしで」 (and what they name:
# "not salary")
_OWN_RETRACTION = re.compile(
    r"(?:^|(?<=[\s,.;!?、。！？]))(?:(?:no|oh|ah|wait|actually|hmm)[,!.\s]+)*"
    r"(?:scratch that|strike that|forget (?:that|it)|never ?mind(?: that)?|cancel that|delete that)\b"
    r"(?:[,;:.]?\s*(?:i mean\s+)?not (?:the |my |about )?(?P<what>[a-z][a-z -]{1,30}?))?(?=\s*(?:[.!,;]|$))[.!,;]?|"
    r"(?:^|(?<=[\s、。！？!?]))(?:いや|あ|やっぱ|やっぱり)?[、\s]*(?:今の|いまの)(?:は)?(?:なし|ナシ|無し|取り消し|とりけし)(?:で|でお願いします|です)?[。！!]?",
    re.IGNORECASE,
)


def _without_own_retraction(text: str) -> str:
    """``text`` without an item it takes back itself: the item just before the retracting words
    (or the one holding what they name) and the words themselves.  A retraction at the start of a
    message is about the message before, not read here."""
    m = _OWN_RETRACTION.search(text)
    if m is None:
        return text
    before, after = text[: m.start()], text[m.end() :]
    items = _said_items(before)
    if not items:
        return text
    what = (m.group("what") or "").strip().lower()
    drop = next((n for n in range(len(items) - 1, -1, -1) if what and what in items[n].lower()), len(items) - 1)
    at = before.rfind(items[drop])
    if at < 0:
        return text
    kept = (before[:at] + before[at + len(items[drop]) :]).rstrip(" ,、;")
    rest = after.lstrip(" ,、;.。")
    if kept and rest:
        gap = " " if text.isascii() else ("" if kept.endswith(("。", "！", "？", "!", "?")) else "。")
        return kept + gap + rest
    return (kept or rest).strip()


def _courtesies_off(answers: list[Answer]) -> list[Answer]:
    """Answers as a summary quotes them: the thanks, greetings and goodbyes at the start or end
    of each taken off (jatext.courtesy), and an answer that was nothing else left out.  A plain
    yes stays: some steps are answered by it."""
    out: list[Answer] = []
    for a in answers:
        text = without_courtesies(a.text)
        if text:
            out.append(a if text == a.text else replace(a, text=text))
        elif _is_affirmative(a.text):
            out.append(a)
    return out


def summary_answers(state: ConversationState) -> list[Answer]:
    """What a summary (and anything drafted from one) files, and under which step: the flow's
    answers (``answers_of``) with those whose form does not fit their heading filed by form.
    The flow itself keeps ``answers_of``: which question comes next does not change."""
    return _filed_by_form(_theme(state), answers_of(state))


# What the answer to a step looks like, where its form tells: a feeling names one (jatext.tokens'
# feeling words), a wish wants something, a scale is a number.  Other steps (facts, situation,
# topics …) have no such form and are never second-guessed.
_DESIRE = re.compile(
    r"たい|たく|ほしい|欲しい|欲しく|なりたい|いいな|いいのに|ればいい|たらいい|できたら|理想|望み|望む|目指|"
    r"\bwant|would like|'d like|'d love|love to|\bhope|\bwish|wanna|ideally|\bgoal|\bdream|\baim",
    re.I,
)
_SCALE_ANSWER = re.compile(r"(?<![\d年月日時分歳万円%.])(?:10|[0-9]|[〇一二三四五六七八九十]|ゼロ|zero|one|two|three|four|five|six|seven|eight|nine|ten)(?![\d年月日時分歳万円%.])", re.I)
_WANTING_STEPS = frozenset({"wishes", "will", "goal", "outcome"})


def _form_fits(collects: str, text: str) -> bool | None:
    """Whether ``text`` has the form of an answer that ``collects`` this; None: no form to check."""
    if collects == "scale":
        return bool(_SCALE_ANSWER.search(text))
    if collects == "feelings":
        return "feeling" in cues(text)
    if collects in _WANTING_STEPS:
        return bool(_DESIRE.search(text))
    if collects in _PLAIN_STEPS:
        # a step with no form of its own still does not take an answer that is only a feeling
        # (「さみしい、いうたら笑われるかね」 under Can) or only a wish (a goal under what helps):
        # blind reviews found such lines misfiled in every career and learning summary
        forms = {_sentence_form(x) for x in _form_sentences(text) if _has_content(x)}
        if forms and (forms <= {"feelings"} or forms <= {"wishes"}):
            return False
    return None


# the career and learning steps that collect facts, skills or options, not a feeling or a wish
_PLAIN_STEPS = frozenset({"can", "must", "overlap", "anchor", "happenstance", "reality", "resources", "options"})


def _filed_by_form(theme: Theme, answers: list[Answer]) -> list[Answer]:
    """Answers whose form plainly does not fit their heading are filed by form instead.

    People answer another question than the one asked ("On a scale? 6 maybe." when asked about
    feelings, 「SQLはずっと書いてるし…」 for what they want).  An answer to a step with a form
    (feelings, a wish, a scale) that lacks it goes to a step of the same theme whose form it has
    and which has no answer yet (a short number to the scale, a feeling to the feelings); else it
    is kept as something the person also said (a note: 「ほかに書いたこと」), never under a heading
    it does not answer.  Steps without a form are left as filed."""
    if not answers:
        return answers
    answered = {a.step for a in answers if a.kind in _STEP_ANSWERS}
    result: list[Answer] = []
    for answer in answers:
        step = _step_for(theme, answer.step)
        readable = not _DANGER_WORDS.search(answer.text)  # 「消えたい（笑）」 is no wish, whatever its form
        fits = _form_fits(step.collects, answer.text) if step is not None and readable and answer.kind in ("answer", "more") else None
        if fits is None or fits:
            result.append(answer)
            continue
        target = None
        for index, other in enumerate(theme.steps):
            if index in answered or index == answer.step:
                continue
            if other.collects == "scale" and len(answer.text) > 30:
                continue
            if _form_fits(other.collects, answer.text):
                target = index
                break
        if target is not None:
            answered.add(target)
            result.append(Answer("answer", target, answer.text, answer.index))
        elif answer.kind == "more":
            result.append(answer)  # said about the same step when asked for more: stays with it
        else:
            result.append(Answer("note", answer.step, answer.text, answer.index))
    return result


_PROMISED_UNWRITTEN = ("まとめにも書きません", "or the summary.")


def _without_promised(state: ConversationState, private: list[str]) -> list[str]:
    """The line just for the person without what the guide promised to write nowhere: after
    「これ、課長に共有するアジェンダには入れないでください」 it said 「そのことは、1on1の準備にもまとめにも
    書きません」, so the message that request points back to, and any words it named, are not in
    the summary at all (round 19's review graded keeping them there harmful: a broken promise)."""
    turns = state.turns
    texts: list[str] = []
    words: list[str] = []
    for i, turn in enumerate(turns):
        if turn.role != "partner" or not any(p in turn.text for p in _PROMISED_UNWRITTEN) or i == 0 or turns[i - 1].role != "person":
            continue
        request = turns[i - 1].text
        targets = _quoted_targets(_asking_part(request))
        if targets:
            words.extend(fold(_as_named(t, request)) for t in targets)
            words.extend(fold(t) for t in _with_kin(targets)[len(targets):])
            continue
        earlier = [t.text for t in turns[: i - 1] if t.role == "person"]
        if earlier:
            texts.append(fold(earlier[-1]))
        texts.append(fold(request))
    if not texts and not words:
        return private
    kept = []
    for item in private:
        sentences = [x.strip() for x in _split_sentences(item) if x.strip()]
        left = [x for x in sentences if not any(fold(x).rstrip("。.") in t for t in texts) and not any(w and w in fold(x) for w in words)]
        if left:
            kept.append(("" if not item.isascii() else " ").join(left))
    return kept


def _joined_where_adjacent(text: str, pieces: list[str]) -> str:
    """``pieces`` of ``text`` in one string: those that follow each other in ``text`` joined as
    written, a gap (something said between them and filed elsewhere) as a new line, so that each
    is quoted on its own and no quote joins what was not said together."""
    joiner = " " if text.isascii() else ""
    out = ""
    end = -1
    for piece in pieces:
        at = text.find(piece, max(end, 0))
        if out:
            between = text[end:at] if end >= 0 and at >= end else "x"
            out += joiner if not between.strip(" \n\t。．.!！?？、,，…") else "\n"
        out += piece
        end = at + len(piece) if at >= 0 else -1
    return out


# how the person will keep something back in the meeting, said before what they will say:
# 「理由は言わんで、シフト固定できるなら考えたいって言う」 "without saying why, I'll ask for Fridays off".
# In the manager's part it tells that there is a reason kept back (round 27's R27-02, graded harmful)
_WITHHELD_CLAUSE = re.compile(
    r"^[^、。,]{0,12}?(?:理由|事情|わけ|訳|本当の(?:理由|こと)|家の(?:こと|事情)|詳しい(?:こと|事情))(?:は|を|も)?"
    r"(?:言わ(?:ん|ず|ない)(?:で|と|に)|伏せ(?:て|たまま(?:で)?)|話さ(?:ず|んで|ないで)(?:に)?|触れ(?:ず|んで|ないで)(?:に)?|ぼかして|濁して)[、,\s]*|"
    r"^(?:without (?:saying|telling (?:him|her|them|my \w+)|giving)(?: (?:why|the reason|the reasons|details))?|(?:i )?won'?t (?:say|tell (?:him|her|them)) why)[, ]+",
    re.IGNORECASE,
)


# a sentence that only says a reason is kept back: 「チームを移りたい理由は、言えないっていうか言いたくないです」
_WITHHOLDS_A_REASON = re.compile(
    r"^[^。]{0,24}(?:理由|事情|わけ|訳)(?:は|を|って|とか)?[、,\s]*[^。]{0,12}?(?:言えない|言えません|言いたくない|言いたくありません|話せない|話せません|話したくない|伏せ(?:たい|ておきたい|とき)|内緒)[^。]{0,16}$|"
    r"^i (?:can'?t|won'?t|don'?t want to|would rather not) (?:say|tell (?:him|her|them)|give) (?:why|the reason)\b[^.]{0,30}$",
    re.IGNORECASE,
)


def _split_withheld(text: str) -> tuple[str, str]:
    """``text`` without the clauses that say what will be kept back in the meeting, and those clauses."""
    if not text:
        return text, ""
    joiner = " " if text.isascii() else ""
    shared, withheld = [], []
    for line in text.split("\n"):
        out = []
        for sentence in _split_sentences(line):
            m = _WITHHELD_CLAUSE.match(sentence.strip())
            if _WITHHOLDS_A_REASON.match(sentence.strip().rstrip("。．.!！")):
                withheld.append(sentence.strip())
            elif m and sentence.strip()[m.end():].strip():
                withheld.append(sentence.strip()[: m.end()].strip(" 、,"))
                out.append(sentence.strip()[m.end():].strip())
            else:
                out.append(sentence.strip())
        shared.append(joiner.join(x for x in out if x))
    if not withheld:
        return text, ""
    return "\n".join(x for x in shared if x), joiner.join(withheld)


def _for_the_preparation(theme: Theme, texts: list[str], private: list[str], kept_back: list[str] = ()) -> list[str]:
    """In a 1on1 preparation, ``texts`` without their sensitive sentences (``split_sensitive``)
    and without those holding words the person asked to keep from the manager (``kept_back``),
    which go to ``private`` (the line just for the person, P44); other themes keep all."""
    if theme.key != "one_on_one":
        return texts
    kept: list[str] = []
    for text in texts:
        text = _without_the_meeting(text)
        shared, apart = split_sensitive(text)
        shared, back = _split_kept_back(shared, kept_back)
        shared, withheld = _split_withheld(shared)
        back = "\n".join(x for x in (back, withheld) if x)
        if back:
            # in the order the person wrote them: a request and what it points back to read as one
            # quote of their own words ("… another company. My manager must not know this.")
            pieces = [x.strip() for part in (apart, back) if part for x in _pieces(part) if x.strip()]
            pieces.sort(key=lambda x: (text.find(x) if x in text else len(text)))
            apart = _joined_where_adjacent(text, pieces)
        # 「転職サイト登録してることは絶対書かないで」: asked not to be written at all, so it is not
        # kept even in the line just for them (a blind review graded that harmful)
        apart = "\n".join(
            line for line in (
                (" " if text.isascii() else "").join(x.strip() for x in _split_sentences(part) if not re.search(_NOT_WRITTEN, x))
                for part in apart.split("\n")
            ) if line
        ) if apart else ""
        if apart:
            private.append(apart)
        if shared:
            kept.append(shared)
    return kept


def split_sensitive(text: str) -> tuple[str, str]:
    """``text`` split into what may be drafted for someone else (the 1on1 summary's lines, an
    agenda draft) and the sentences that carry a crisis, harassment or health signal, or name a
    place one goes to for them (産業医, 健康管理室, EAP, a clinic), which never are: "Fewer late
    meetings would help. I have had stomach pain for a month." keeps the first, and so does
    「…サブリーダーを任せたい。健康管理室に、どこまで共有されるのか聞いてみます」."""
    if not _sensitive(text):
        return text, ""
    joiner = " " if text.isascii() else ""
    kept, private = [], []
    parts = _split_sentences(text)
    for n, sentence in enumerate(parts):
        if _sensitive(sentence):
            if n and _KEPT_FROM_THE_MANAGER.search(sentence) and _POINTS_BACK_START.match(sentence.strip()) and kept and kept[-1] == parts[n - 1].strip():
                # "I've been toying with four days a week. That is NOT going on anything he sees.":
                # what "that" points back to goes with it (the round-15 review: it became a topic)
                private.append(kept.pop())
            elif n and _OUTSIDE_WORK.search(sentence) and kept and kept[-1] == parts[n - 1].strip() and len(kept[-1]) <= 24:
                private.append(kept.pop())  # 「えらいわ最近。仕事じゃなくて別のことで」: the feeling it places
            elif n and kept and kept[-1] == parts[n - 1].strip() and _LEADS_IN.match(kept[-1]):
                private.append(kept.pop())  # "There's something else going on. I'm in the middle of a divorce"
            private.append(sentence.strip())
        elif private and _KEPT_FROM_THE_MANAGER.search(private[-1]) and _A_REASON.search(sentence.strip()):
            private.append(sentence.strip())  # 「体調のことはリーダーには言わないっす。評価下がりそうだし」: its reason too
        elif private and private[-1] == parts[n - 1].strip() and _KEPT_FROM_THE_MANAGER.search(private[-1]) and _POINTS_AT_IT.match(sentence.strip()):
            # 「これは所長には見せたくないんやけど、実は社内公募で…見てて。そっちなら時短でもキャリア
            # 続けられるかもって」: what follows about the thing kept back goes with it (round 19's
            # review graded it filed under ほしい支援 harmful)
            private.append(sentence.strip())
        else:
            kept.append(sentence.strip())
    if not private:  # the signal needs the whole message: keep all of it apart
        return "", text
    return joiner.join(kept).strip(), joiner.join(private).strip()


_POINTS_AT_IT = re.compile(r"^(?:でも|ただ|あ、|で、)?[、\s]*(?:そっち|そちら|そこ|それ|その(?:話|件|こと|募集|仕事)|あっち)(?:なら|だと|やと|の方|のほう|は|も|が|に|で)|^(?:there|that one|that job|that role|it)\b", re.IGNORECASE)
_POINTS_BACK_START = re.compile(
    # (「それと、…」「それから」 go on to something new: round 33's R33-02 kept her earlier topic back)
    # (「いや待って、それ課長に言うのはまだ早いわ」: round 40's R40-01 kept the rumour it points at)
    r"^[↑⬆^＾]*(?:でも|ただ|あ、|(?:いや|いやいや|あ|あっ|あー|うーん|やっぱり?|(?:いや|ちょっと|ちょ)?(?:待って|まって))[、\s]+)*[、\s]*(?:(?:それ|これ)(?!と|から|に加えて|にしても)|そのこと|このこと|その話|この話|その件|この件)|"
    r"^(?:(?:wait|actually|hmm|oh)[,.!]?\s+)*(?:but\s+)?(?:that|this|it)\b", re.IGNORECASE
)
_A_REASON = re.compile(r"^.{1,16}(?:し|から|ので|からね|だし)[。．!！…]*$|^(?:because|since)\b.{0,40}$|^i (?:don'?t|do not) want (?:them|him|her|my (?:leader|manager|boss|team))\b.{0,60}$", re.IGNORECASE)


# Where people go for their health or for help: naming one while preparing a 1on1 tells the manager
# more than the person may want to (a blind reviewer found 「健康管理室に…聞いてみます」 filed as
# what to say first to the manager, by someone afraid the manager would find out).
_HELP_PLACES = re.compile(
    r"産業医|保健師|健康管理室|保健室|健康相談|産業保健|診療所|クリニック|心療内科|精神科|メンタルクリニック|カウンセラー|カウンセリング|通院|受診|休職|"
    r"診て(?:もら|くれ|いただ)|診察|お?医者(?:さん)?(?:に|へ|で|を)|病院(?:に行|へ行|に通|で診|を探|探し)|相談窓口|ハラスメント窓口|窓口(?:の(?:案内|人)|に(?:相談|行|連絡|電話|言|話)|へ|って|で相談)|内部通報|ホットライン|\bEAP\b|\b(?:occupational health|company doctor|see a doctor|doctor'?s appointment|therapist|therapy|counsell?or|counsell?ing|clinic|sick leave|gp)\b",
    re.IGNORECASE,
)


def _sensitive(text: str) -> bool:
    return bool(detect(text) or _HELP_PLACES.search(text) or _KEPT_FROM_THE_MANAGER.search(text) or _special_care(text) or _OUTSIDE_WORK.search(text))


# a sentence that only announces what comes next ("There's something else going on.", 「実はもう一つあって。」):
# it goes where what it announces goes (R26-07 listed the first as a topic for the manager)
_LEADS_IN = re.compile(
    r"^(?:and |also,? |oh,? )?(?:there'?s|there is) (?:something|one (?:more )?thing) (?:else|more)(?: going on| i should (?:say|mention))?[.…!\s]*$|"
    r"^(?:and |also,? )?(?:one more thing|another thing|something else)[.…:!\s]*$|"
    r"^(?:あと|それと|で)?[、\s]*(?:実は|じつは)?[、\s]*(?:もう一つ|もうひとつ|もう1つ|別のこと|別の話|ほかにも|他にも)[^。]{0,6}(?:あって|あります|あるんです|あるんですけど|あるんだけど|あるねん|ある)?[。…\s]*$",
    re.IGNORECASE,
)
# right after a summary, whether something is left out of it ("good. the weekend thing not there
# right?", 「副業のことは入ってないですよね？」): answered with what the manager would see (R28-08 got
# "That is not something I can answer", graded harmful)
_ASKS_IF_LEFT_OUT = re.compile(
    r"\b(?:not|isn'?t|is not|aren'?t|no) (?:there|in (?:it|there|the (?:summary|agenda|list|preview|draft)))\b[^.?!]{0,12}(?:\?|\bright\b)|"
    r"(?:入って|載って|書かれて|書いて|出て)(?:い)?(?:ない|ません|へん|ねぇ|ん)(?:よね|ですよね|ね|か|でしょうか|よな|やんな|やろ|ですか|よね？)?[？?]?\s*$",
    re.IGNORECASE,
)
# a trouble said to lie outside work (「えらいわ最近。仕事じゃなくて別のことで」, "it's personal stuff, not
# work"): kept from the manager by default, like the special-care categories; the person can still
# share it.  Round 27's R27-04 filed that hint of a harassment she told next under the support she
# wanted from her manager (graded harmful).
_OUTSIDE_WORK = re.compile(
    r"仕事(?:じゃ|では|でわ|とは関係)(?:なく|ない|ねく|のう)(?:て|って)?[、,\s]*(?:別|ほか|他|プライベート|私生活|家|個人的)|"
    r"仕事以外(?:のこと)?で(?:ちょっと|色々|いろいろ|しんど|えら|きつ|疲れ|参っ)|プライベート(?:で|の方で|のほうで)(?:ちょっと|色々|いろいろ)|"
    r"\b(?:not|isn'?t|nothing to do with) (?:about )?work\b[^.?!]{0,20}\b(?:personal|private|other stuff|something else)\b|\bpersonal stuff,? not work\b",
    re.IGNORECASE,
)


def _special_care(text: str) -> bool:
    """A sentence of ``text`` tells a diagnosis, a medication, a disability, a pregnancy, a family
    member's illness, a belief or an orientation (``jatext.sensitive``): kept from the manager by
    default.  Round 22's blind review found "I was diagnosed with ADHD in the spring … and I'm on
    medication now" filed under "how I want my manager to respond", with no safety signal in it."""
    return any(sensitive.read(x) for x in _split_sentences(text) if x.strip())


# what the person says is hard to tell, or not for, the one they prepare for (「LINEのことはリーダー
# にはちょっと言いにくい」): never a line of the preparation (a blind review graded a 1on1 summary
# harmful that listed it where it could be shared)
_KEPT_FROM_THE_MANAGER_WRITTEN = re.compile(
    r"(?:に|には|にも|へは)[^。、,！!？?]{0,6}(?:言い|話し|伝え|相談し)(?:にくい|づらい|ずらい|たくない)|(?:には|にも)黙って(?:おく|おき|る|い)|(?:には|にも)(?:言わ|話さ|伝え)(?:ない|ず)で(?:おく|おき)|"
    # 「それは上司には絶対出したくないです」「体調のことはリーダーには言わないっす」
    r"(?:には|にも|に)[、\s]*(?:絶対|ぜったい|まだ|今は)?[、\s]*(?:出し|見せ|共有し|知られ)(?:たくない|たくありません)|"
    r"(?:には|にも)[、\s]*(?:絶対|ぜったい|まだ|今は)?[、\s]*(?:言わ|話さ|伝え|見せ|出さ)(?:ない|ん)(?:っす|です|よ|わ|つもり|でおく)?(?=[。．、,!！\s…]|$)|"
    # 「あ、それは上司には言わなくていいです」 (round 38's R38-16: the feeling it points at was filed for the manager)
    r"(?:には|にも)[、\s]*(?:まだ|今は|別に)?[、\s]*(?:言わ|伝え|見せ|話さ|出さ)なくて(?:いい|ええ|よい|大丈夫)|"
    # (「体のことは工場長には一切出さんといて」: R36-14)
    r"(?:に|には|にも)[、\s]*(?:絶対|ぜったい|一切|いっさい|まだ|今は)?[、\s]*(?:言わ|話さ|伝え|見せ|出さ)(?:ない|ん)(?:やつ|こと|といて|どいて|とって|で(?:よ|ね|ほしい|ください|おいて|な)?)(?=[。．、,!！\s…]|$)|"

    r"共有し(?:ない|ん)で(?:おいて|ほしい|ください|ね|よ)?|"
    # a name withheld: 「Aさんの名前は出さんといて」「田中さんの名前は伏せてください」 (R39-01 was closed on)
    r"の名前(?:は|も)[、\s]*(?:絶対|ぜったい|一切|いっさい)?[、\s]*(?:出さ(?:ない|ん|ず)|書か(?:ない|ん|ず)|載せ(?:ない|ん|ず)|入れ(?:ない|ん|ず)|伏せ)|"
    r"\b(?:don'?t|do not|please don'?t) put (?:it |this |that |them )?(?:in|into|on) (?:what|anything|the (?:agenda|notes?|summary|list))|"
    r"\b(?:is|are|it's|that's) (?:not|never) going (?:on|in|into) (?:anything|the agenda|the list)|\bnot (?:going )?(?:on|in) (?:the agenda|anything (?:he|she|they) (?:sees?|reads?))|"
    r"\b(?:don'?t|do not|never) want (?:this|that|it) (?:in|on|into) (?:anything|what) (?:he|she|they|my (?:manager|boss|lead)) (?:sees?|reads?|gets?)|"
    r"\bkeep (?:this|that|it) (?:off|out of) (?:the agenda|anything (?:he|she|they) sees?)|"
    # "keep the divorce out of whatever he sees" (round 30's R30-08 added it to the topics)
    r"\bkeep (?:the |my |our )?[a-z]+(?: [a-z]+)? (?:off|out of) (?:the (?:agenda|notes?|prep|summary|list)|(?:whatever|anything|what) (?:he|she|they|my (?:manager|boss|lead|director)) (?:sees?|reads?|gets?|will see))|\b(?:don't|do not) (?:put|include|mention) (?:this|that|it) (?:in|on) (?:the agenda|anything)|"
    rf"(?:は|も|って)[、\s]*(?:{_NOT_WRITTEN})|"
    # "please don't put the health part in what manager see" (R42-10), "please dont put the pregnancy thing
    # in manager version" (R41-03): a thing kept out of anything on the manager's side, however worded
    r"\b(?:pls |please )?(?:do ?n'?t|do not|never)\s+(?:put|include|write|add|show|mention)\b(?! (?:pressure|blame))[^.!?]{0,40}?\b(?:in|into|on)\s+"
    r"(?:(?:what|whatever|anything)(?: (?:my|the))? (?:manager|boss|lead|leader|supervisor|director|kachou?|buchou?|tenchou?)(?:-san)? (?:sees?|will see|reads?|gets?)|"
    r"(?:the |my )?(?:manager|boss|lead|leader|supervisor|director|kachou?|buchou?|tenchou?)(?:'s)? (?:version|side|part|copy|view|sheet))\b|"
    # learner English: "pls dont put that part, company not know" (R28-08: the side job became a topic)
    r"\b(?:pls |please )?do ?n'?t (?:put|write|include|add) (?:that|this|it)(?: part| one| thing)?(?=\s*(?:[,.!]|$))|\b(?:company|my (?:leader|boss|manager)|leader|boss|manager) (?:not|don'?t|doesn'?t|do not|does not|must not|should not) (?:know|see)\b|"
    r"\b(?:hard|difficult|awkward|uncomfortable) to (?:tell|say|bring up|raise|talk about)\b|\b(?:don'?t|do not) want (?:him|her|them|(?:my |the )?(?:manager|boss|lead|leader|supervisor)) (?:to )?know\b|\bplease (?:do )?not write\b|"
    # "My lead must not know this." (the twelfth session's test: neither reader took what it points at)
    r"\b(?:my (?:manager|boss|lead|leader|supervisor|team lead)|he|she|they|(?-i:[A-Z][a-z]+)(?:-san)?) (?:(?:must|should)(?:n'?t| not| never) (?:know|hear|find out|learn|see)|(?:can'?t|cannot|can not) (?:know|find out|hear about))\b|"
    # 「公募の件は、今回の準備メモからは外して、私の手元だけで温めておきたい」「自分の胸にしまっとく話」
    # 「じゃあ会議のは入れない」「それは言いにくい」, "the Melbourne thing stays off the page"
    r"(?:メモ|準備|資料|紙|アジェンダ|議題|リスト|まとめ|シート)(?:から|からは)[、\s]*(?:外し|はずし|抜い|除い|省い|外す|抜く)|"
    r"手元だけ|胸に(?:しまっ|しまう|しまい|秘め|とどめ|留め)|自分(?:だけ|の中)に(?:しまっ|とどめ|留め)|"
    r"(?:のは|ことは|件は|話は)[、\s]*(?:入れ|載せ|書か)(?:ない|ん|ません)(?=[。．、,!！\s…]|$)|"
    r"(?:それ|これ|そこ)は[^。、]{0,4}(?:言い|話し|伝え)(?:にくい|づらい|ずらい)|"
    # a word the person does not want in what the manager sees: 「「リハビリ」って単語が入ってたら困る
    # ので」「…に「転職」って言葉が入ってないか確認させて」 (round 23's R23-10 asked it of 「MBA」)
    r"[「『][^」』]{1,20}[」』]\s*(?:って|という|っていう|の)?\s*(?:単語|言葉|ワード|文字|字)?(?:が|は|を|も)?[^。！？!?]{0,12}?"
    r"(?:入って(?:い|る)?(?:たら|ると)(?:困|まず|嫌|いや|だめ|ダメ|アウト)|入って(?:い)?ない(?:か|よね|です(?:よ)?ね)|入れないで|入れんで|出さないで|出さんで|使わないで)|"
    r"\b(?:make sure|check|checking) (?:that )?(?:the word )?[\"'][^\"']{1,30}[\"'] (?:isn'?t|is not|doesn'?t|does not|is nowhere|never)\b|\bwithout (?:the word )?[\"'][^\"']{1,30}[\"'] (?:in it|anywhere)\b|"
    # 「…稼いでるんだけどそれは上司に言わない 副業申請とかめんどいし」: with the manager named, a bare
    # に is enough (round 23's R23-03; without the title, 「友達に言わない」 is no request about the 1on1)
    rf"{MANAGER_JA}に[、\s]*(?:は|も)?[、\s]*(?:絶対|ぜったい|まだ|今は)?[、\s]*(?:言わ|話さ|伝え|見せ|出さ)(?:ない|ん)(?:っす|です|よ|わ|つもり|でおく)?(?=[。．、,!！\s…😅]|$)|"
    r"\b(?:stays?|keep(?:s|ing)?(?: it| this| that)?|leave(?: it| this| that)?) off (?:the )?(?:page|agenda|list|sheet|record|table)\b|"
    # in keigo (「この件は支店長にはお見せしないでいただけますでしょうか」: round 33's R33-02 got "I
    # cannot answer that"), and "The 22:00 example, please don't show it." (R33-17: "I hear that")
    r"(?:には|にも|に)[、\s]*(?:絶対|ぜったい|まだ|今は)?[、\s]*(?:お見せ|お伝え|お話し|申し上げ|ご報告|お耳に入れ)(?:し)?(?:ないで|ずに)(?:いただ|くださ|もらえ|ほしい|おいて)|"
    r"(?:^|[,;.]\s*|\bplease\s+|\bpls\s+)(?:don'?t|do not|never) (?:show|share|include|mention) (?:it|this|that|them|the [a-z]+)\b",
    re.IGNORECASE,
)


# eastern Japanese negation read as the standard one before the rules above: 「課長には言いたくねぇんだけど」
# 「介護のことは言わねえでおきたい」 (round 25: neither was read); after a negative stem only, so the
# particle ねえ (「そうだよねえ」) is left alone
# 「言わねぇ」「知られたくねえ」; Tohoku's plain 「言わね」 at the end of a clause (round 27's R27-06)
_EASTERN_NEGATION = re.compile(r"(?<=[わかさたなまらがばく])ね[ぇえ]|(?<=言わ)ね(?=[。、,！!…\s]|$)")


class _OnStandardNegation:
    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(_EASTERN_NEGATION.sub("ない", text))


_KEPT_FROM_THE_MANAGER = _OnStandardNegation(_KEPT_FROM_THE_MANAGER_WRITTEN)
# the requests that take something out of what the manager will see (not only "hard to say"): the
# things they name, and what the passage they point at is about, are kept back wherever they come
# up again (round 17: 「転職サイトに登録…自分の胸にしまっとく話」, then 「まだ転職するって決めたわけじゃ
# なか…登録してみただけ」 went into the preparation)
_EXCLUDES = re.compile(
    rf"(?:{_NOT_WRITTEN})|(?:には|にも|に|では)[、\s]*(?:絶対|ぜったい|一切|いっさい|まだ|今は)?[、\s]*(?:言わ|話さ|伝え|見せ|出さ|出し|共有し|知られ)(?:ない|ん|たくない)|"
    r"(?:メモ|準備|資料|紙|アジェンダ|議題|リスト|まとめ|シート)(?:から|からは)[、\s]*(?:外し|はずし|抜い|除い|省い|外す|抜く)|"
    r"手元だけ|胸に(?:しまっ|しまう|しまい|秘め|とどめ|留め)|自分(?:だけ|の中)に(?:しまっ|とどめ|留め)|共有し(?:ない|ん)で|"
    r"(?:のは|ことは|件は|話は)[、\s]*(?:入れ|載せ|書か)(?:ない|ん|ません)(?=[。．、,!！\s…]|$)|"
    r"\b(?:stays?|keep(?:s|ing)?(?: it| this| that)?|leave(?: it| this| that)?) off (?:the )?(?:page|agenda|list|sheet|record|table)\b|"
    r"\b(?:don'?t|do not|please don'?t) (?:put|include|mention)\b|\bkeep (?:this|that|it) (?:off|out of)\b|"
    r"(?:^|[,;.]\s*|\bplease\s+|\bpls\s+)(?:don'?t|do not|never) (?:show|share) (?:it|this|that|them|the [a-z]+)\b|"
    r"(?:には|にも|に)[、\s]*(?:絶対|ぜったい|まだ|今は)?[、\s]*(?:お見せ|お伝え|お話し|申し上げ|ご報告)(?:し)?(?:ないで|ずに)|\bnot (?:going )?(?:on|in) (?:the agenda|anything)|"
    r"\b(?:my (?:manager|boss|lead|leader|supervisor|team lead)|he|she|they|(?-i:[A-Z][a-z]+)(?:-san)?) (?:(?:must|should)(?:n'?t| not| never) (?:know|hear|find out|learn|see)|(?:can'?t|cannot|can not) (?:know|find out|hear about))\b",
    re.IGNORECASE,
)
# nouns that name the preparation, the people or the talk, never what is kept back
_PEOPLE = frozenset("先輩 後輩 同僚 部下 同期 メンバー 上長 上席 みんな 皆さん".split())
_KEEP_STOP = frozenset(
    "件 こと 話 今回 準備 メモ 紙 資料 上司 課長 部長 係長 主任 店長 支店長 所長 室長 社長 リーダー チーフ マネージャー 1on1 面談 自分 "
    "最初 手元 胸 サイト 内容 議題 まとめ 場 感じ 気持ち 会社 仕事 時間 今日 明日 来週 今週 次 前 後 話題 相談 本当 正直 一つ 二つ 三つ "
    "社内 社外 部署 チーム 職場 今期 来期 人 方 私 一点 確認 連絡 場合 "
    "thing things page agenda list sheet record manager boss lead leader actually meeting conversation notes note summary stuff part "
    "bit point topic this that later family time today week next year month really just also what".split()
)


# words keywords() returns that say what one does, not what it is about
_EN_VERBS = frozenset(
    "want need like think going would could should explain hears considered opening slipped decided stays stay keep leave "
    "tell told said says make made take took give gave feel felt know knew raise bring please cannot morning night every "
    "honestly really today always never maybe much many thing things".split()
)


# "Nobody at work knows yet." 「職場ではまだ誰にも言っていません」: what was just told is kept from the
# manager by implication. Of 23 such sentences in the blind development exchanges, 16 are labelled a
# request and 3 kept back; those labelled shared say the manager will be told (「誰にも言ってない
# けど、課長にだけは聞いてほしい」, "nobody on my team knows yet but i'm going to tell my manager").
# Read apart from _KEPT_FROM_THE_MANAGER: what it points at is its own sentence and, when it is only
# that (short), the one before it, never the whole message before it (which took the rest of a
# long message's topics out: "Architect at a mid-size design firm. I'd like to talk with …").
_NOBODY_KNOWS = re.compile(
    r"(?:職場|会社|社内|部署|チーム|支店|病棟|現場|店|工場)(?:の人|の中)?(?:では|には|で|に|の|は)?[、\s]*(?:まだ)?[^。！？!?、]{0,10}?"
    r"誰(?:に|も)(?:も)?[、\s]*(?:まだ)?(?:言って|話して|伝えて|知られて)(?:い)?(?:ない|ません|へん|ねえ|ねー)(?![^。！？!?]{0,20}(?:けど|が)[^。！？!?]{0,20}(?:だけは|には言う|に話す|に伝え))|"
    r"(?:職場|会社|社内|部署|チーム)の(?:人|誰|みんな)(?:は|も)[、\s]*(?:まだ)?(?:誰も)?知らない|"
    r"\b(?:nobody|no one|no-one)\b(?!\s+outside\b)(?: (?:at|in|on) (?:work|the (?:company|office|firm|team)|my (?:office|team|company|firm)))?[^.?!]{0,20}?\b(?:knows?|has been told)\b(?!\s+(?:what|how|why|where|when|who|which|if|whether|the answer)\b)(?![^.?!]*\b(?:but|except)\b[^.?!]*\b(?:tell|telling|going to|want (?:him|her|them|my))\b)|"
    r"\bhaven'?t told (?:anyone|anybody) (?:at work|here|at the (?:company|office|firm))\b",
    re.IGNORECASE,
)


def _asking_part(text: str) -> str:
    """The sentences of ``text`` that ask to keep something from the manager (what they name is
    read there, never in the rest: 「じゃあ会議のは入れない。最初は「担当先のことで相談があります」って言う」)."""
    return "".join(x for x in _split_sentences(text) if _KEPT_FROM_THE_MANAGER.search(x) or re.search(_NOT_WRITTEN, x)) or text


def _without_asking(text: str) -> str:
    """``text`` without the sentences that ask to keep something back (what is left to answer);
    the whole text when every sentence asks."""
    parts = [x.strip() for x in _split_sentences(text)]
    asking = [n for n, x in enumerate(parts) if _KEPT_FROM_THE_MANAGER.search(x) or re.search(_NOT_WRITTEN, x) or _EXCLUDES.search(x)]
    if not asking:
        return text
    # "One thing — I've been toying with … four days a week. That is NOT going on anything he
    # sees.": a request that points back keeps back what came before it, and what points back after
    # A request that names nothing of its own (「…通うかもしれなくて。出願したけど、落ちたら恥ずかし
    # いから課長には言わんつもり」) keeps back the story it ends, from where that story began (the
    # message's start, a turn to something else, a new item of a list); what came before that is
    # answered as usual (「一緒に考えてほしい。あと正直に言うと転職活動してて…これは課長には絶対言わない」)
    story = set(_story_before_request(parts, asking[0]))
    told = _secret_told_on(parts)
    # 「でもこれリーダーには見せんといて。リーダーと○○さん仲ええし、言うたら…思われそうで」: why it is
    # kept back goes with it, never quoted back as an answer
    told |= _reasons_after(parts, asking[-1:])
    rest = [
        x for n, x in enumerate(parts)
        if n not in story and n not in asking and n not in told and not (n > asking[-1] and _POINTS_BACK_START.match(x))
    ]
    if not rest and (told or story):
        return ""  # the request and the secret it tells: nothing else to answer
    return (" " if text.isascii() else "").join(rest) if rest else text


def _reasons_after(parts: list[str], asking: Iterable[int]) -> set[int]:
    """The sentences right after a request (at ``asking``) that give its reason: they go with it."""
    return {n + 1 for n in asking if n + 1 < len(parts) and _GIVES_A_REASON.search(parts[n + 1].strip())}


def _sure_requests(readings: list[keptback.Reading]) -> list[int]:
    """Where the keptback reader is sure a sentence asks to keep something back."""
    return [n for n, r in enumerate(readings) if r.asks and r.ask_probability >= _SURE_REQUEST]


_GIVES_A_REASON = re.compile(r"(?:思われ(?:そう|たく|る)|バレ|ばれ|噂|気まず|面倒|めんどう|(?:し|から|ので|けん|さかい)[。．…!！\s]*$)|^(?:because|since|cause|cuz)\b|\b(?:would think|might think|will think)\b", re.IGNORECASE)


def _story_before_request(parts: list[str], req: int) -> list[int]:
    """The sentences before the request ``parts[req]`` that it keeps back when it names nothing of
    its own: the story it ends, from where that story began (the message's start, a turn to
    something else, a new item of a list)."""
    if not (_POINTS_BACK_START.match(parts[req]) or not _NAMES_ITS_THING.search(parts[req])):
        return []
    start = max(n for n in range(req + 1) if n == 0 or _TURNS_TO_ANOTHER.match(parts[n]) or _LIST_ITEM_START.match(parts[n]))
    return list(range(start, req))


def _secret_told_on(parts: list[str]) -> set[int]:
    """The sentences after an announced secret (「これは課長には知られたくないのですが、…」) that go on
    telling it, up to the one that turns to something else (``_TURNS_TO_ANOTHER``)."""
    announcing = [
        n for n, x in enumerate(parts)
        if _KEPT_FROM_THE_MANAGER.search(x) and (
            _ANNOUNCES_A_SECRET.search(x)
            # "… I am in the final round with another company. My manager must not know this. If
            # they offer, I may take it": a request that points back in the middle of the story
            # (round 23's R23-16 had the last sentence among the topics for the manager)
            or (n > 0 and _POINTS_BACK_WORD.search(x))
        )
    ]
    told: set[int] = set()
    for n in range(announcing[0] + 1 if announcing else len(parts), len(parts)):
        if _TURNS_TO_ANOTHER.match(parts[n].strip()):
            break
        told.add(n)
    return told


def _as_named(target: str, text: str) -> str:
    """How a target is quoted back: as the person named it ("the back thing", not "back")."""
    m = re.search(rf"\bthe {re.escape(target)} (?:thing|part|bit|stuff|topic|point|issue|question|situation)\b", text, re.IGNORECASE) if target.isascii() else None
    return m.group(0) if m else target


def _without_pointing_back(text: str) -> str:
    """``text`` without the sentences after its request that point back at what is kept ("That's
    for later, once we've decided as a family")."""
    parts = [x.strip() for x in _split_sentences(text)]
    asking = [n for n, x in enumerate(parts) if _KEPT_FROM_THE_MANAGER.search(x) or re.search(_NOT_WRITTEN, x)]
    if not asking:
        return text
    told = _secret_told_on(parts)
    kept = [x for n, x in enumerate(parts) if n not in told and not (n > asking[-1] and _POINTS_BACK_START.match(x))]
    return (" " if text.isascii() else "").join(kept)


def _topic_nouns(text: str) -> list[str]:
    """The nouns that say what ``text`` is about (転職, スカウト, 公募, Melbourne), for keeping it
    back wherever it comes up again; compounds are split where the script changes (転職サイト ->
    転職, サイト)."""
    if text.isascii():
        # names (a capital inside a sentence: Melbourne, Kenji) and the key nouns keywords() finds
        named = [m.group(1) for m in re.finditer(r"(?<=[a-z0-9,;:)] )([A-Z][a-zA-Z-]{2,})", text)]
        # a time or a figure names its example too ("The 22:00 example, please don't show it": round
        # 33's R33-17 kept "I finished at 22:00" in what the manager would see)
        figures = re.findall(r"\b\d{1,2}:\d{2}\b|\b\d+(?:\.\d+)?%", text)
        picked = named + figures + [w for w in keywords(text, 6) if " " not in w and len(w) >= 4 and w.isalpha() and w.lower() not in _EN_VERBS]
    else:
        picked = []
        for token in tokenize(text):
            if token.pos[0] != "名詞" or token.pos[1] not in ("普通名詞", "固有名詞") or token.pos[2] in ("副詞可能", "助数詞可能"):
                continue
            for part in re.findall(r"[\u4e00-\u9fff々]{2,}|[\u30a0-\u30ffー]{2,}|[A-Za-z]{3,}", token.surface):
                # a title or a colleague (師長, 工場長, 先輩) is whom it is kept from or who is in it,
                # never what it is: 「…先輩の一人から「向いてない」と…」 kept back every sentence with
                # 先輩 in it, 「助産師の先輩たちの間でもやり方がバラバラで」 too
                if part not in _KEEP_STOP and part not in _PEOPLE and not re.fullmatch(MANAGER_JA, part):
                    picked.append(part)
    out: list[str] = []
    for word in picked:
        if word.lower() not in {w.lower() for w in out} and word.lower() not in _KEEP_STOP:
            out.append(_Noun(word))
    return out


# Steps whose answers a summary shows under one heading, because which of them a sentence answers
# is the misfiling blind reviewers found most (a fact under 受け止め方, an action under 結果) and
# nothing in its form tells them apart: the person's words stay in the order of the steps.
SUMMARY_GROUPS: dict[str, tuple[tuple[frozenset[str], str, str], ...]] = {
    "moyamoya": ((frozenset({"facts", "interpretation"}), "起きたことと、その受け止め方", "What happened, and how you read it"),),
    "free": ((frozenset({"topic", "facts"}), "話したこと", "What you told"),),
    "stocktaking": (
        (frozenset({"situation", "action", "result"}), "印象に残っている仕事（状況・したこと・結果）", "A piece of work (what it was, what you did, what came of it)"),
    ),
}


def summary_heading(theme: Theme, step: Step, language: str) -> str:
    """The heading a summary shows ``step``'s answer under (the steps of a group share one)."""
    for members, ja, en in SUMMARY_GROUPS.get(theme.key, ()):
        if step.collects in members:
            return ja if language == "ja" else en
    return step.label.get(language)


def summary_lines(theme: Theme, lined: list[tuple[Step, str]], language: str) -> list[tuple[str, str]]:
    """(heading, quoted words) for a summary: each step under its own label, except the steps of
    one of the theme's ``SUMMARY_GROUPS``, which share one heading where the first of them stood."""
    out: list[tuple[str, str]] = []
    placed: dict[int, int] = {}
    groups = SUMMARY_GROUPS.get(theme.key, ())
    joiner = " " if language == "ja" else " "
    for step, quoted in lined:
        group = next((n for n, (members, _, _) in enumerate(groups) if step.collects in members), None)
        if group is None:
            out.append((step.label.get(language), quoted))
        elif group in placed:
            label, before = out[placed[group]]
            out[placed[group]] = (label, before + joiner + quoted)
        else:
            placed[group] = len(out)
            out.append((groups[group][1] if language == "ja" else groups[group][2], quoted))
    return out


# Themes whose summaries are headed by what each sentence shows by its own form, never by the
# question that was on screen.  Four blind reviews graded the step-headed summary of these themes
# faulty (none of 74 accepted): people answer another question than the one asked, two at once,
# or an earlier one late, and a line under the wrong heading misrepresents them.  What a sentence
# *is* can be read from its form (it names the person's own feeling, wants something, names a
# strength, is a short number on the scale); what question it answers cannot.  Everything else is
# kept in the order it was said under one plain heading.  The 1on1, career and learning themes
# keep their step headings: their structure (topics, Will/Can/Must, goal) is what the person is
# building, and the 1on1 draft is made from it.
FORM_HEADED = frozenset({"moyamoya", "free", "stocktaking"})
_FORM_ORDER = ("told", "feelings", "wishes", "strengths", "scale")
_FORM_HEADINGS = {
    "told": ("話してくれたこと", "What you told"),
    "feelings": ("気持ち", "How you feel"),
    "wishes": ("こうなったらいいこと", "What you would like"),
    "strengths": ("強みや、大切にしていること", "Strengths and what matters to you"),
}
_STRENGTH_WORDS = re.compile(
    r"強み|得意|長所|持ち味|大事にして|大切にして|大事にしたい|大切にしたい|譲れない|"
    r"\bstrengths?\b|\bgood at\b|\bi(?:'m| am) (?:good|strong) at\b|\bmatters? (?:most )?to me\b|\bi value\b",
    re.IGNORECASE,
)


def form_headed(theme: Theme) -> bool:
    return theme.key in FORM_HEADED


def _standing_answers(answers: list[Answer]) -> list[Answer]:
    """The answers a summary shows, in the order they were said: an answer given again (after
    戻る or as a correction) replaces the earlier one of its step, as in ``step_answers``; notes
    and asides are kept too (they are what the person said)."""
    kept: list[Answer] = []
    for a in answers:
        if a.kind not in _STEP_ANSWERS | {"note", "aside"} or not _has_content(a.text):
            continue
        if a.kind == "revised" and not (_ADDS_TO.match(a.text) and any(k.step == a.step for k in kept)):
            kept = [k for k in kept if not (k.step == a.step and k.kind in _STEP_ANSWERS)]
        elif _is_affirmative(a.text):
            continue
        kept.append(a)
    return kept


def _sentence_form(sentence: str) -> str:
    """What one sentence shows by its form: "feelings" (the person's own, not negated), "wishes",
    "strengths", or "told"."""
    if _STRENGTH_WORDS.search(sentence) and not _STRENGTH_DENIED.search(sentence):
        return "strengths"
    for phrase in _salient_phrases(sentence, 3, minimum=0.0):
        if phrase.kind == "feeling" and not phrase.others and not _FEELING_DENIED.search(phrase.text):
            return "feelings"
    if _DESIRE.search(_NOT_A_WISH.sub("", _predicate(sentence))) and not _looks_like_plan(sentence):
        return "wishes"
    return "told"


# たい that is no wish: みたい (seems), 重たい/冷たい/ありがたい (adjectives)
_NOT_A_WISH = re.compile(r"みたい|重たい|冷たい|ありがたい|めでたい|眠たい|平たい")
# a feeling said not to be felt (悔しくない, 不安じゃない, "not angry"); 「不安で仕方ない」 is felt
_FEELING_DENIED = re.compile(r"(?:く|じゃ|では|でも)(?:ない|なかった|ありません)|ません$|\b(?:not|never|n't)\b", re.IGNORECASE)


def _predicate(sentence: str) -> str:
    """Where a sentence says what it does: in Japanese its last clause (「話したいことを送ってお
    いたときは少しましでした」 wants nothing; 「月に一度は30分ちゃんと話したい」 does), in English
    all of it."""
    if sentence.isascii():
        return sentence
    return re.split(r"[、,]|けど|けれど|が、", sentence.rstrip("。．!！…〜~ "))[-1][-12:]


def form_lines(theme: Theme, answers: list[Answer], language: str) -> list[tuple[str, str]]:
    """(heading, quoted words) of a form-headed summary (``FORM_HEADED``): each sentence the
    person wrote under what its form shows, the rest in order under 「話してくれたこと」; a short
    number said for the scale under the scale's label; the next step under its own label."""
    groups: dict[str, list[str]] = {key: [] for key in _FORM_ORDER}
    scale_label = ""
    planned: list[tuple[Step, str]] = []
    seen: set[str] = set()
    retracted = _retracted_words(answers)
    questions = [theme.question_at(i, language) for i in range(len(theme.steps))]
    for answer in _standing_answers(answers):
        step = _step_for(theme, answer.step)
        if step is None:
            continue
        if step.collects == NEXT_STEP and answer.kind in _STEP_ANSWERS:
            if not _is_nothing(answer.text):
                planned.append((step, answer.text))
            continue
        if step.collects == "scale" and len(answer.text) <= 30 and _SCALE_ANSWER.search(answer.text):
            scale_label = step.label.get(language)
            groups["scale"].append(quote(answer.text, language))
            continue
        sentences = _form_sentences(answer.text)
        for sentence in sentences:
            text = _LEADING_GREETING.sub("", _content_part(sentence).strip()).strip()
            if not text or _is_affirmative(text) or _is_nothing(text) or _is_question_sentence(text) or _is_aside(text):
                continue
            if len(sentences) > 1 and _short(text) and not _reads_as_content(text, "ask"):
                continue  # 「Hi.」「そんなところだ。」「…わからないです。」 beside what they said
            if not without_courtesies(text):
                continue  # 「まとめてくださってありがとうございます」 in the middle of a correction
            if _retracts(text) or any(word in fold(text) for at, word in retracted if answer.index < at):
                continue  # 「情けないいうのはちょっと違うわ。悔しいんよ」: 情けない is gone, with what said so
            if _unknown_wish(text) or any(_echo_only(text, q) for q in questions):
                continue  # 「何が変わってほしいか…わからん」, "What I would like instead...": no answer
            if fold(text) in seen:
                continue
            seen.add(fold(text))
            quoted = quote(text, language, whole=True)
            if not _is_placeholder(quoted):
                groups[_sentence_form(text)].append(quoted)
    joiner = "" if language == "ja" else " "
    out: list[tuple[str, str]] = []
    for key in _FORM_ORDER:
        if not groups[key]:
            continue
        label = scale_label if key == "scale" else (_FORM_HEADINGS[key][0] if language == "ja" else _FORM_HEADINGS[key][1])
        out.append((label, joiner.join(groups[key])))
    for step, text in planned:
        quoted = quote(_plan_part(text), language)
        if not _is_placeholder(quoted):
            out.append((step.label.get(language), quoted))
    return out


# A word the person takes back, and the words around it that say so: 「情けないいうのはちょっと違う
# わ」「『観察力』ってなんかかっこよすぎます」「「燃え尽きた」は言い過ぎでした」「『悔しい』とは言って
# ないです」, "I wouldn't call it negotiation", "not 'patient'".  The retracted word is group 1.
_RETRACTS = re.compile(
    r"[『「]([^』」]{1,20})[』」](?:って|という言葉|とは|とまでは|は|も)?[^。．.!！?？]{0,8}?"
    r"(?:違|ちが|ちゃう|言い過ぎ|言いすぎ|大げさ|大袈裟|かっこよすぎ|盛りすぎ|言ってない|言ってません|言うてへん|使いたくない)|"
    r"^([^\s『「」』、。，,.!?！？]{2,10}?)(?:って|っていう|いう|という|ゆう)(?:の|ん)?(?:は|とこは|ところは)[、\s]?(?:ちょっと|少し|なんか)?(?:違|ちが|ちゃう|言い過ぎ|大げさ)|"
    r"\bi (?:wouldn't|would not|didn't|did not) (?:call it|say(?: that)?(?: i'?m)?) ['\"]?([a-z][a-z' -]{2,30}?)['\"]?(?=[.,;!]|$)|"
    r"\bnot (?:really |quite |exactly )?['\"]([a-z][a-z' -]{2,30})['\"]",
    re.IGNORECASE,
)


def _retracts(sentence: str) -> bool:
    """A sentence that only takes a word back (「『観察力』ってなんかかっこよすぎます笑」): about the
    words of the summary, not about the person."""
    m = _RETRACTS.search(sentence)
    if m is None:
        return False
    rest = (sentence[: m.start()] + sentence[m.end() :]).strip(" 、,。.!！…笑w")
    return len(rest) <= (14 if not sentence.isascii() else 30)


def _retracted_words(answers: list[Answer]) -> list[tuple[int, str]]:
    """(turn, folded word) for each word the person took back: sentences said before it that hold
    the word are left out of the summary."""
    out = []
    for a in answers:
        for sentence in _split_sentences(a.text):
            for m in _RETRACTS.finditer(sentence.strip()):
                word = next((g for g in m.groups() if g), "").strip()
                if len(word) >= 2:
                    out.append((a.index, fold(word)))
    return out


# 「何が変わってほしいか…わからん」「どうしたいかは分からないです」: a wish not known, which files
# nothing under what they would like
_UNKNOWN_WISH = re.compile(r"^.{0,24}?(?:たい|ほしい|欲しい|べき|れば)か(?:は|も|って|とか)?[…\.。、,\s]*(?:まだ|正直|全然|よく)?(?:わから|分から|わかん|知らん|知らない)[^。]{0,6}[。．!！…]*$")


def _unknown_wish(sentence: str) -> bool:
    return bool(_UNKNOWN_WISH.match(sentence.strip()))


def _echo_only(sentence: str, question: str) -> bool:
    """A sentence that only repeats the guide's question before answering it ("What I would like
    instead...", 「叶ったときの様子、ですか」): the answer follows, or does not come."""
    if not question:
        return False
    short = len(sentence.split()) <= 6 if sentence.isascii() else len(sentence) <= 16
    body = sentence.rstrip(".。…?？ ")
    return short and len(_grams(body)) >= 2 and _shares(body, question, 0.9)


def _with_plan_last(state: ConversationState, theme: Theme, answers: list[Answer]) -> list[Answer]:
    """``answers`` with the person's next step where they said it last.  An answer in the second
    half of the talk that reads as a plan (``_reads_as_plan``), said after every filed next step
    that reads as one, becomes the next step.  A filed next step that does not read as a plan
    then stops being one: said in the first half (「棚卸しってやつ、やってみる」 as the opening
    line) it is kept as something they said; a thanks or goodbye ("thx, appreciate it") is left out."""
    index = next((i for i, step in enumerate(theme.steps) if step.collects == NEXT_STEP), None)
    if index is None:
        return answers
    half = len(state.turns) // 2

    def plan_like(a: Answer) -> bool:
        return _reads_as_plan(state.turns[a.index].text.strip(), state.turns[a.index - 1].move or "")

    filed = [a for a in answers if a.step == index and a.kind in _STEP_ANSWERS]
    after = max((a.index for a in filed if plan_like(a)), default=-1)
    late = next(
        (
            a
            for a in reversed(answers)
            if a.index > after and a.index >= half and a.step != index and a.kind in ("answer", "note", "aside", "more") and plan_like(a)
        ),
        None,
    )
    if late is None:
        return answers
    out = []
    for a in answers:
        if a is late:
            out.append(Answer("answer", index, a.text, a.index))
        elif a in filed and not plan_like(a):
            if a.index < half or _raw_reading(a.text, "ask") not in ("end", "confirm"):
                out.append(Answer("note", index, a.text, a.index))
        elif a in filed and a.index < half:
            out.append(Answer("note", index, a.text, a.index))
        else:
            out.append(a)
    return out


_SOMETIME = re.compile(r"今度|次の|次回|そのうち|近いうち|\b(?:next|soon|this month)\b", re.IGNORECASE)
_GREETING_ONLY = re.compile(r"^(?:hey|hi|hello|hiya|yo|おはよう(?:ございます)?|こんにちは|こんばんは|はじめまして|初めまして|お疲れ(?:さま|様)(?:です)?|よろしく(?:お願い(?:します|いたします))?)[\s!！。.、,~〜]*$", re.IGNORECASE)
_VOLITIONAL = re.compile(r"[てで]み(?:る|ます|よう)|[てで]おく|[てで]おきます|します|しよう|やる|やります|聞く|聞きます|言う|言います|\b(?:i'll|i will|i'm going to|going to)\b", re.IGNORECASE)


def _reads_as_plan(text: str, before_move: str) -> bool:
    """Whether a message states something the person will do: the turn-intent classifier's plan
    reading (at least 0.4), a sentence of plan form (``_looks_like_plan``), or a when (来週, 明日,
    tonight) with a volitional form anywhere (「来週店長が来たときに…聞いてみる シフトの件も」)."""
    text = without_courtesies(text)  # a goodbye (「今日はこれで失礼します」, "see you next week") makes no step
    if not text:
        return False
    if _plan_probability(text, before_move) >= 0.4 or any(_looks_like_plan(s) for s in _split_sentences(text)):
        return True
    return _when_and_will(text)


def _when_and_will(text: str) -> bool:
    """A when (来週, 明日, 今度, tonight) with a volitional form (〜てみる, 聞く, I'll): a plan said plainly."""
    return bool((_PLAN_WHEN.search(text) or _SOMETIME.search(text)) and _VOLITIONAL.search(text))


_CONTINUES = re.compile(r"[』」）)]?(?:の|を|に|は|が|と|って|って|で|も)(?![ぁ-ん]{0,1}[。．!！?？])")
# a sentence that starts with a word like a particle and is no continuation (「でもそれ言ったら…」
# 「もう一つは…」「では」「とりあえず」)
_STARTS_ANEW = re.compile(r"(?:でも|では|でさ|で、|もう|もし|もっと|もちろん|とにかく|ところで|とりあえず|とはいえ|にしても|はい|はじめ|はっきり|がんば|のんびり)")


# a short piece after a sentence that ends on a particle, with no predicate of its own: the
# sentence said in inverted order (「あと申し訳ない。チームに」), which belongs to the one before
_INVERTED_TAIL = re.compile(r"^[^。．!！?？\s]{1,8}?(?:には|に|を|が|へ|から|まで|とか)[。．!！…]*$")


def _form_sentences(text: str) -> list[str]:
    """``text`` in sentences, never split inside brackets or before a particle that goes on
    (「…落ちますか？』の相談、です」 is one)."""
    out: list[str] = []
    for piece in _split_sentences(text):
        # a particle goes on from a quote (「…落ちますか？』の相談、です」), never a new sentence that
        # starts like one (「でもそれ言ったら…」「もう一つは…」: round 33's R33-06 lost her topic with them)
        goes_on = bool(_CONTINUES.match(piece)) and not _STARTS_ANEW.match(piece.strip())
        if out and (any(out[-1].count(a) > out[-1].count(b) for a, b in _PAIRS) or goes_on or _INVERTED_TAIL.match(piece.strip())):
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _is_aside(sentence: str) -> bool:
    """A sentence about the talk, not about them: a greeting, a correction's lead-in (「ちょい違うな」,
    "Mostly right."), a confirmation of the summary, a closing (「以上です」「これでいい」)."""
    folded = fold(sentence.strip()).rstrip("。．.!！…〜~ ")
    if _GREETING_ONLY.match(sentence.strip()):
        return True
    negative = _NEGATIVE.match(folded)
    if negative and not folded[negative.end() :].strip(" 、,。.!！…"):
        return True
    if _RECORD_REQUEST.search(sentence) and not _looks_like_plan(sentence):
        return True  # about the record, either way (「ノートに入れといて」, "don't add it to my notes")
    return len(folded) <= 20 and bool(_FITS_SUMMARY.search(folded) or _CLOSING_ONLY.match(folded))


# a strength said not to be there (「強みなんてない」「得意じゃない」, "I'm not good at"): no strength
_STRENGTH_DENIED = re.compile(r"(?:強み|得意|長所)(?:なんて|なんか|は|も|って)?(?:特に)?(?:ない|ありません|じゃない|ではない|わからない|分からない)|\bnot (?:really )?good at\b|\bno (?:real )?strengths?\b|\bdon't (?:have|know) (?:any|my) strengths?\b", re.IGNORECASE)
# a request to the guide about the record (「ノートに入れといて」, "put that in my notes"): no content
_RECORD_REQUEST = re.compile(
    r"(?:ノート|のーと|メモ|めも|記録|まとめ|ノートブック)(?:に|を|として|にも)?.{0,12}(?:入れ|いれ|残し|のこし|書い|加え|追加し|控え)(?:ておいて|といて|てください|てほしい|てもらえ|てくれ|て(?:おいて)?[。.!！]?$)|"
    r"(?:ノート|のーと|メモ|めも|記録|ノートブック)(?:に|へ|にも).{0,8}(?:入れ|いれ|残し|のこし|書き|加え|追加し)(?:たい|ておきたい|ときたい)|"
    r"\b(?:put|add|keep|save|write|note)\b.{0,25}\b(?:notebook|notes?|summary|record)\b",
    re.IGNORECASE,
)
# a request NOT to record (round 33: "Don't save this. And please don't add anything to my
# notebook." and "Don't save. I copy it to my paper notebook myself." were answered "You would
# like to keep this", the opposite)
_RECORD_NEGATED = re.compile(r"\b(?:don'?t|do not|never|no need to)\b|ないで|なくて|せんで|んといて|な[。.!！]?$", re.IGNORECASE)


def _asks_record(text: str) -> bool:
    """A sentence of ``text`` asks to keep something in the notebook or the record, and no sentence
    that names the record says not to (read one sentence at a time, so "Don't save. I copy it to
    my paper notebook" is not one request)."""
    sentences = _split_sentences(text) or [text]
    asked = [s for s in sentences if _RECORD_REQUEST.search(s)]
    return bool(asked) and not any(_RECORD_NEGATED.search(s) for s in asked)


def _only_record_request(text: str) -> bool:
    """「ノートに入れといて」「それで いいよ。のーとに いれといて」: a request to keep it, and
    nothing else said."""
    parts = [p for p in _split_sentences(without_courtesies(text) or text) if p.strip(" 、,。.!！")]
    return bool(parts) and any(_asks_record(p) for p in parts) and all(
        _asks_record(p) or _is_affirmative(p) or _is_aside(p) for p in parts
    )


_RECORD_HOW = {
    "ja": "ノートに残したいのですね。話し終えたあとのまとめで、あなたの言葉のまま残せます。保存した会話なら、ノートの会話からの候補の欄からも入れられます。",
    "en": "You would like to keep this. When we finish, you can keep it in your own words from the summary; for a saved conversation, also from the ideas from a conversation in your notebook.",
}
# a greeting or a filler before what they say (「こんにちは😊 最近…」, "Hi. I'm not sure…" is two
# sentences already), taken off the front of a sentence in a summary
_LEAD_CONNECTIVE = re.compile(r"^(?:それでは|では|じゃあ|じゃ|ほな|ほんなら|そしたら|それじゃ|ほんじゃ|さて|(?:ok|okay|alright|right|so|then)\s*(?:so|then)?)[、,\s]+", re.IGNORECASE)
_LEADING_GREETING = re.compile(
    r"^(?:(?:こんにちは|こんばんは|おはようございます|おはよう|はじめまして|初めまして|お疲れさまです|お疲れ様です|"
    r"なんというか|なんていうか|えーと|えっと|うーん|hi|hello|hey)(?:[\s、,!！。.…~〜]|[\U0001F300-\U0001FAFF\u2600-\u27BF])+)+",
    re.IGNORECASE,
)
_CLOSING_ONLY = re.compile(r"^(?:これで(?:いい|ok|大丈夫|十分)|以上(?:です)?|そんなところ(?:だ|です)?|そんな感じ(?:です)?|that's (?:it|all)|that's about it)(?:[、,。.…\s]*(?:以上|です|かな|ね|よ))*$", re.IGNORECASE)
_PAST_PREDICATE = re.compile(r"(?:た|だった|でした|ました|てた|でた|てん|たんよ|たんや|たんです|てました)(?:よ|ね|な|わ|けど|し|なあ|かな)?$")


def _past_only(sentence: str) -> bool:
    """A sentence that tells what happened (its predicate in the past) and says nothing it will do."""
    if _looks_like_plan(sentence) or _when_and_will(sentence):
        return False  # a plan with a when (今度, 来週, 明日) beside what happened: 「今度…話してみるわ 番号もメモった」
    if sentence.isascii():
        return bool(re.match(r"^(?:i |we |it |that |last |before |back )?.{0,30}\b(?:was|were|did|had|used to|tried|made|got|went)\b", sentence.strip().lower()))
    return bool(_PAST_PREDICATE.search(_predicate(sentence)))


def _short(text: str) -> bool:
    """A sentence of a few words: where a filler (「そんなところだ」, "hmm") can hide."""
    return len(text.split()) <= 4 if text.isascii() else len(text) <= 12


def _form_summary(state: ConversationState, theme: Theme, answers: list[Answer], language: str) -> Summary:
    """The end summary of a form-headed theme (``form_lines``): what was noticed, and the next
    steps the person named, item by item."""
    answers = _with_plan_last(state, theme, answers)
    told: list[Answer] = [a for a in answers if not _is_next(theme, a)]
    next_steps: list[str] = []
    filed = _standing_answers([a for a in answers if _is_next(theme, a)])
    # where some sentence filed as a next step reads as a plan, only such sentences are the next
    # steps; the others (a correction, the facts around it, 「ごめん戻る」) are something they said
    planned = any(_reads_as_plan(x, "ask") for a in filed for x in _form_sentences(a.text))
    for answer in filed:
        if not planned and (_EXPLICIT_CORRECTION.search(answer.text.strip()) or _DIFFERS_FROM_QUOTED.search(answer.text)):
            told.append(Answer("note", answer.step, answer.text, answer.index))  # 「『寄り添う』とはちょっと違う気がします」
            continue
        for item in _items(answer.text):
            if _is_nothing(item):
                continue
            # what it tells of the past (「去年は週1で表にしてたんよ」) is something they said, and a
            # closing beside the step (「これでいい。以上」) is no step
            kept = [x for x in _form_sentences(item) if not _is_aside(_content_part(x) or x)]
            said = [x for x in kept if _past_only(x) or (planned and not _reads_as_plan(x, "ask"))]
            if said:
                told.append(Answer("note", answer.step, ("" if item.isascii() else "").join(said), answer.index))
            step_text = (" " if item.isascii() else "").join(x.strip() for x in kept if x not in said).strip()
            if _has_content(step_text):
                next_steps.append(_plan_part(step_text))
    told.sort(key=lambda a: a.index)
    noticed = [_label_line(label, quoted, language) for label, quoted in form_lines(theme, told, language)]
    return Summary(noticed=noticed, next_steps=next_steps)


# 「『寄り添う』とはちょっと違う気がします」: a word of the guide's said not to fit
_DIFFERS_FROM_QUOTED = re.compile(r"[』」\"](?:とは|って|は|というのは)?.{0,10}(?:違う|違い|ちがう|ちゃう)|\bnot quite\b|\bisn't (?:quite )?right\b", re.IGNORECASE)


def _is_next(theme: Theme, answer: Answer) -> bool:
    step = _step_for(theme, answer.step)
    return step is not None and step.collects == NEXT_STEP and answer.kind in _STEP_ANSWERS


def _late_plan(state: ConversationState, answers: list[Answer]) -> Answer | None:
    """The last answer in the second half of the conversation that reads as a plan (the turn-intent
    classifier's plan probability at least 0.4), when no step was filed as the next step."""
    half = len(state.turns) // 2
    for answer in reversed(answers):
        if answer.kind not in ("answer", "note", "aside", "more") or answer.index < half:
            continue
        if _plan_probability(state.turns[answer.index].text.strip(), state.turns[answer.index - 1].move or "") >= 0.4:
            return answer
    return None


def _plan_probability(text: str, before_move: str) -> float:
    return _intent_probabilities(text, before_move)[intents.INTENTS.index("plan")]


def _filed_where_named(theme: Theme, answer: Answer) -> Answer:
    """An answer that names the step it answers (「Mustは…家賃と」, 「目標か…手作業の集計を楽にし
    たい」, "Can: I'm good at…") is filed there, whichever question was asked last: people answer an
    earlier question late, and the blind review graded a labelled answer under another heading as
    a fault."""
    if answer.kind not in ("answer", "aside", "more"):
        return answer
    for index, step in enumerate(theme.steps):
        if index == answer.step or (step.collects == NEXT_STEP and not step.names):
            continue
        opening = answer.text.strip()
        lead_in = _LEAD_IN.match(opening)  # 「会社から求められているのは…」: who asks, then the name
        if any(pattern.match(opening) or (lead_in and pattern.match(opening, lead_in.end())) for pattern in _step_names(step)):
            return Answer("answer", index, answer.text, answer.index)
    return answer


_QUOTED_OPTION = re.compile(r"「[^」]*」|『[^』]*』|\"[^\"]*\"")
_LEAD_IN = re.compile(r"(?:会社|上司|上|周り|部署|チーム|お客様|客|家族|自分|私|わたし|僕|俺)(?:から|に|の|が|的に)")


@lru_cache(maxsize=128)
def _step_names(step: Step) -> tuple[re.Pattern, ...]:
    """How a person names a step at the start of an answer: the framework word in its label
    (Will, Can, Must, Goal, Reality, Options) or the label's Japanese core (目標, 強み, やりたいこと),
    followed by a topic marker or a pause."""
    patterns = []
    for label in (step.label.get("ja"), step.label.get("en")):
        for word in re.findall(r"[（(]([A-Za-z]+)[)）]", label or ""):
            patterns.append(re.compile(rf"{word}\s*(は|って|か|なら|:|：|…|、|,|\s+is\b|\s+-)", re.I))
    # the step's own names, after a short interjection (「おっけ！最初は…からにする」)
    # (two of them: 「うん、戻る。正社員の話は、アドバイスほしい」)
    patterns.extend(re.compile(rf"(?:[^。！!？?、,\s]{{1,8}}[！!、,。]\s*){{0,2}}(?:{name})", re.I) for name in step.names)
    core = re.split(r"[（(]", step.label.get("ja") or "")[0].strip()
    if len(core) >= 2:
        # 「小さい一歩…まず…書き出すとか？」 names 「小さな一歩」 (round 27's R27-12 got "I cannot answer")
        patterns.append(re.compile(re.escape(core).replace("小さな", "小さ[なあい]") + r"(は|って|か[…、。]|なら|：|:|…|\.\.\.)"))
        stem = re.sub(r"(?:もの|こと)$", "", core)
        if stem != core and len(stem) >= 3:
            # 「手放したくないのは、…」 names 「手放したくないもの」 as a cleft sentence does
            patterns.append(re.compile(rf"{re.escape(stem)}(?:の|ん)(?:は|って)"))
    return tuple(patterns)


_READ_KINDS = frozenset({"answer", "more", "note", "aside"})  # a "part" is what the rules kept of a message
_LATE_PLAN_AFTER = 5  # person messages before this one: a step said later closes the flow
_NOT_CONTENT = frozenset(
    {"end", "summary_request", "question_fact", "question_decision", "off_topic", "confirm", "skip", "dont_know", "nothing", "back"}
)


def _reads_as_content(text: str, before_move: str) -> bool:
    """Whether a message the flow accepted reads as something the person said about themselves.

    The guide's reply may have moved on after a goodbye in dialect (「おおきに。ほな」, 「じゃ」), a
    question it did not recognise, small talk or "k thx": the rules that chose the reply found
    nothing else.  Such a message is still no answer, and a summary that files it under a heading
    is the fault coaches named most.  So what goes into a summary is read once more by the
    turn-intent classifier (jatext.intents), without its acting threshold: a message is left out
    when a non-answer is its most likely reading — for a goodbye or a request to summarise said
    after a question, when it is at least twice as likely as an answer (「先週の1on1は10分で終わり
    ました」 reads end 0.51 against answer 0.38, and stays; 「じゃ」 reads end 0.39 against 0.10).
    docs/coaching.md gives what this did on development and held-aside conversations.

    What is read is the message without its courtesies (jatext.courtesy): a message that is
    nothing but thanks or a goodbye is no content, and 「ありがと でもまだ悔しい気持ちはある」 is
    read by what follows the thanks, not taken for a goodbye because it starts with one."""
    rest = without_courtesies(text).strip()
    if not rest:
        return False
    probabilities = _intent_probabilities(rest, before_move)
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    intent = intents.INTENTS[best]
    if intent not in _NOT_CONTENT:
        return True
    ratio = 1.0
    if intent in ("end", "summary_request") and _AFTER_MOVE.get(before_move) not in ("summary", "closing"):
        ratio = 2.0
    return probabilities[best] < ratio * probabilities[intents.INTENTS.index("answer")]


@memo.by_digest(4096)
def _intent_probabilities(text: str, before_move: str) -> tuple[float, ...]:
    return tuple(float(p) for p in intents.load().probabilities(text, _AFTER_MOVE.get(before_move, "question")))


def _scale_number(text: str) -> re.Match | None:
    """The score in an answer to a 0-10 question, without the frame it is given in."""
    return _NUMBER.search(_SCALE_FRAME.sub(" ", fold(text)))


def _leaves_nothing_else(text: str, before_move: str) -> bool:
    """Whether a message read as a goodbye holds nothing but that: no words besides its
    courtesies, or words that read as a goodbye by themselves ("done", 「ほなまた」)."""
    rest = without_courtesies(text).strip()
    return not rest or _raw_reading(rest, before_move) == "end"


def _raw_reading(text: str, before_move: str) -> str:
    """The classifier's most likely intent for ``text`` after the guide's ``before_move``, however
    unsure: used only to keep something out of a summary or to take a short thanks after the
    closing offer as the end, never to route a message elsewhere."""
    probabilities = _intent_probabilities(text.strip(), before_move)
    return intents.INTENTS[max(range(len(probabilities)), key=probabilities.__getitem__)]


def _command_of(text: str) -> str:
    """A message as a command word: folded, without the punctuation and spaces at its end."""
    return fold(re.sub(r"[\s。．.!！?？]+$", "", text)).strip()


def step_answers(answers: list[Answer]) -> dict[int, list[str]]:
    """Each step's answer texts as the summary shows them: an answer given again (after 戻る or
    as a correction) replaces the earlier one; a bare "yes" or "nothing" is not kept."""
    per_step: dict[int, list[str]] = {}
    for a in answers:
        if a.kind not in _STEP_ANSWERS or not _has_content(a.text):
            continue
        if a.kind == "revised" and _ADDS_TO.match(a.text) and a.step in per_step:
            per_step[a.step].append(a.text)  # "add a third one: …" after 戻る adds, it does not replace
        elif a.kind == "revised":
            per_step[a.step] = [a.text]
        elif not _is_affirmative(a.text):
            per_step.setdefault(a.step, []).append(a.text)
    return per_step


_SUBSTITUTION = re.compile(
    r"[「『\"]([^」』\"]{1,40})[」』\"]\s*(?:じゃなくて|ではなくて|じゃなく|ではなく|やなくて|というより|っていうより|より|を|→|->)\s*[「『\"]([^」』\"]{1,60})[」』\"]"
    # (a quoted English phrase may hold an apostrophe: 'protecting the team's pace')
    r"|\bnot [\"']((?:[^\"']|(?<=[a-z])'(?=[a-z])){1,40})[\"'],? (?:but|make it|it'?s|rather|instead|call it|say|write|put) [\"']((?:[^\"']|(?<=[a-z])'(?=[a-z])){1,100})[\"']"
    r"|\b(?:change|make|turn) [\"']((?:[^\"']|(?<=[a-z])'(?=[a-z])){1,40})[\"'] (?:to|into)(?: just| simply| only)?(?: something[^\"']{0,30}?(?:like|such as|e\.g\.)?)? [\"']((?:[^\"']|(?<=[a-z])'(?=[a-z])){1,60})[\"']"
    # 「「無理」って書かんといて。「調整したい」くらいで」「「残業30時間増」は…、「残業が大幅に増加」としてください」
    # "don't write 'impossible', say 'I'd like to adjust it'" (round 27: read as keeping 育成 from the manager)
    r"|[「『]([^」』]{1,40})[」』]\s*(?:って|と|は)?[、,\s]*(?:(?:書か|言わ|入れ|使わ)(?:ないで|んといて|んとって|んで|ずに)|[^「『]{0,30}?)[^「『]{0,12}?[「『]([^」』]{1,60})[」』]\s*(?:くらい|ぐらい|程度|とか|みたいな感じ)?(?:で(?:いい|ええ|お願い)?|(?:に|さ)(?:して|直して|変えて|しといて|言い換えて|書き換えて|置き換えて|改めて|変更して|修正して)|と(?:して|書いて|直して))"
    r"|\b(?:don'?t|do not|please don'?t) (?:write|say|put|use) [\"']([^\"']{1,40})[\"'][^\"']{0,30}?[\"'](.{1,60}?)[\"'](?=[\s.,!?]*$)",
    re.IGNORECASE,
)


def _substitution(text: str) -> tuple[str, str] | None:
    """A correction that swaps words: 「『X』じゃなくて『Y』にして」, "not 'X' but 'Y'"."""
    m = _SUBSTITUTION.search(text)
    if m is None:
        return None
    old, new = next((m.group(k), m.group(k + 1)) for k in (1, 3, 5, 7, 9) if m.group(k))
    return old.strip(), new.strip()


def _swap_pattern(old: str, new: str) -> re.Pattern:
    # "change 'career development' to 'my development'" in "my career development": the word they
    # repeat is not doubled ("my my development")
    first = new.split()[0] if new.split() else ""
    # 「…後輩2人見るのは無理ある」 with 「無理」 made 「調整したい」: a new predicate takes the old one's
    # kana ending with it (「…見るのは調整したい」, not 「調整したいある」)
    tail = r"(?:[ぁ-ん]{1,6}(?=[。．、！!？?\s]|$))?" if not new.isascii() and re.search(r"(?:たい|です|ます|[るうい])$", new) else ""
    return re.compile((rf"(?:\b{re.escape(first)}\s+)?" if first and new.isascii() and first != new else "") + re.escape(old) + tail)


def _only_a_swap(text: str) -> bool:
    """A correction that swaps words and says nothing of the manager or of keeping anything private
    (「…「先輩」って入れないでください。あとでリーダーに見せるかもしれないので。理由は「自動化を
    もっとやりたい」にしておきたいです」 is a request to keep 先輩 back as well)."""
    # the words inside the quotes are the wording itself (「『班長が多めに入っている』くらいにしといて」 names
    # no manager: round 31's swap was not made)
    outside = _QUOTED_TARGET.sub("「」", text)
    if _substitution(text) is None or _PRIVATE_MARKER.search(outside):
        return False
    if not re.search(MANAGER_JA + r"|見せ|共有|\b(?:manager|boss|lead|supervisor|share|sees?)\b", outside, re.IGNORECASE):
        return True
    # the manager named only as whose version it is (「『介護』って書いであっけど、『家の事情』さ直して。
    # 係長の方のやつな」: round 34's R34-03), with nothing asked to be kept from them
    return not (_KEPT_FROM_THE_MANAGER.search(outside) or re.search(_NOT_WRITTEN, outside) or _EXCLUDES.search(outside))


def _names_a_step(theme: Theme, text: str) -> bool:
    opening = text.strip()
    return any(pattern.match(opening) for step in theme.steps for pattern in _step_names(step))


# a swap asked for in so many words (「「X」を「Y」にしてください」「「X」は「Y」と書いて」, "change 'X' to 'Y'"),
# not a pair of quotes that happens to read like one (「毎回『何か困ってることありますか』『特にないです』で
# 終わっちゃう」): only such a request is told its words were not found
_EXPLICIT_SWAP = re.compile(
    r"[」』](?:を|は|って)?[、\s]*[「『][^」』]{1,60}[」』](?:に|と)(?:して|変えて|直して|書いて|書き換えて|しといて|しておいて|しとい)|"
    r"\b(?:change|make|turn) [\"'][^\"']{1,40}[\"'] (?:to|into)(?: just| simply| only)? [\"']",
    re.IGNORECASE,
)


def _loose_span(old: str, text: str) -> tuple[int, int] | None:
    """Where ``text`` says what a swap names in other words: 「残業が月30時間増」 for 「残業が月平均で
    30時間ほど増えております」 (round 27's R27-05: the figure the person asked to soften stayed).
    Every kanji, katakana, digit and letter of ``old``, in order, inside one sentence and a span at
    most twice as long, plus the kana that finish its last word; Japanese only, and at least three
    such characters (a word or two of kana is matched literally or not at all)."""
    if old.isascii():
        return None
    marks = re.sub(r"[ぁ-ゖ\W_]+", "", old)
    if len(marks) < 3:
        return None
    best: tuple[int, int] | None = None
    for start in (m.start() for m in re.finditer(re.escape(marks[0]), text)):
        at = start
        for ch in marks[1:]:
            at = text.find(ch, at + 1)
            if at < 0:
                break
        if at < 0:
            continue
        end = at + 1
        span = text[start:end]
        if re.search(r"[。．！!？?\n]", span) or len(span) > 2 * len(old) + 4:
            continue
        tail = re.match(r"[ぁ-ゖ]{0,8}", text[end:])
        end += len(tail.group(0)) if tail and re.match(r"[。．、,！!？?\s]|$", text[end + len(tail.group(0)) :]) else 0
        if best is None or end - start < best[1] - best[0]:
            best = (start, end)
    return best


def _swap_in(old: str, new: str, text: str) -> str | None:
    """``text`` with ``old`` swapped for ``new`` (literally, or where it says it in other words);
    None when it holds neither."""
    if old in text:
        return _swap_pattern(old, new).sub(lambda _m: new, text)
    span = _loose_span(old, text)
    if span is not None:
        return text[: span[0]] + new + text[span[1] :]
    # 「「このままでいいのか迷っている」は…」 for 「…迷っています」: the same words, another ending
    stem = old[:-2] if not old.isascii() and len(old) >= 6 and re.fullmatch(r"[ぁ-ゖ]{2}", old[-2:]) else ""
    return _swap_stem(stem, new, text) if stem and stem in text else None


def _swap_words(text: str, swaps: list[tuple[str, str]]) -> str:
    for old, new in swaps:
        text = _swap_in(old, new, text) or text
    return text


def _without_swap_request(text: str, before: list) -> str:
    """A correction that swaps words without the sentence that asks for it (what else it says
    stays), when the words it swaps were the person's own; one that rewords the guide's summary
    (「Willは「UXリサーチ」ってほどはっきりしてなくて、「人の話を聞いて形にする」くらいです」) is what
    they say now, and stays whole."""
    swap = _substitution(text)
    if swap is None or not any(t.role == "person" and _swap_in(swap[0], swap[1], t.text) is not None for t in before):
        return text
    joiner = " " if text.isascii() else ""
    return joiner.join(x.strip() for x in _split_sentences(text) if x.strip() and _substitution(x) is None and not _QUOTED_TARGET.search(x)).strip()


def _substituted(answers: list[Answer], text: str) -> tuple[int, list[str]] | None:
    """The step whose answer holds the words a swapping correction names, with them swapped."""
    swap = _substitution(text)
    if swap is None:
        return None
    old, new = swap
    for step, texts in step_answers(answers).items():
        if any(old in t for t in texts):
            return step, [_swap_in(old, new, t) or t for t in texts]
    for step, texts in step_answers(answers).items():
        if any(_loose_span(old, t) is not None for t in texts):
            return step, [_swap_in(old, new, t) or t for t in texts]
    for step, texts in step_answers(answers).items():
        if any(_swap_in(old, new, t) is not None for t in texts):
            return step, [_swap_in(old, new, t) or t for t in texts]
    return None


def _swap_stem(stem: str, new: str, text: str) -> str:
    """``text`` with ``stem`` and the kana that finish it replaced by ``new``."""
    at = text.find(stem)
    if at < 0:
        return text
    end = at + len(stem)
    tail = re.match(r"[ぁ-ゖ]{0,8}", text[end:])
    return text[:at] + new + text[end + (len(tail.group(0)) if tail else 0) :]


def correction_target(state: ConversationState, index: int, text: str) -> int | None:
    """The step whose line a correction written at turn ``index`` replaces."""
    return _target_of([a for a in answers_of(state) if a.index < index], text)


def _target_of(answers: list[Answer], text: str) -> int | None:
    """The answered step that shares most with ``text`` (words in 『』 count double); the
    latest answered step when nothing is shared."""
    per_step = step_answers(answers)
    if not per_step:
        return None
    quoted = "".join(re.findall(r"[『「\"'](.+?)[』」\"']", text))

    def grams(value: str) -> set[str]:
        if value.isascii():  # English: words, not letter pairs
            return {w for w in re.findall(r"[a-z0-9$%]+", value.lower()) if len(w) > 2 and w not in _EN_COMMON}
        value = re.sub(r"[\W_]+", "", fold(value))
        return {value[k : k + 2] for k in range(len(value) - 1)}

    mine, mine_q = grams(text), grams(quoted)
    best, best_score = None, 0.0
    for step, texts in per_step.items():
        theirs = grams(" ".join(texts))
        score = len(mine & theirs) + 2 * len(mine_q & theirs)
        if score > best_score or (score == best_score and best is not None and step > best):
            best, best_score = step, score
    if best is None or best_score == 0:
        latest = max(answers, key=lambda a: a.index) if answers else None
        return latest.step if latest is not None else max(per_step)
    return best


_EN_COMMON = frozenset(
    "the and not but that this with for are was you your it's its i'm have has had just what about from they them".split()
)


_ANNOUNCES_CORRECTION = re.compile(
    r"訂正(?:させて|して|です|を|が|し)|(?:直させて|言い直させて|書き直させて)|ちょっと(?:待って|違)|"
    r"\b(?:let me (?:correct|fix|rephrase)|one correction|small correction|quick correction|correction)\b",
    re.IGNORECASE,
)


def _correction_text(text: str) -> str:
    """A correction without its leading 違います / no."""
    stripped = text.strip()
    negative = _NEGATIVE.match(fold(stripped))
    rest = stripped[negative.end() :] if negative else stripped
    # 「『悔しい』とは言ってないです。『焦ってる』が近い」: what they mean, not the denial
    meant = ("" if not rest.isascii() else " ").join(p.strip() for p in _split_sentences(rest) if not _DENIES_WORDS.search(p))
    if _has_content(meant) and meant.strip() != rest.strip():
        rest = meant
    # 「まとめてくれてありがと。情けないいうのはちょっと違うわ。悔しいんよ」: the thanks and the
    # sentence that takes a word back are not what they mean
    meant = ("" if not rest.isascii() else " ").join(p.strip() for p in _split_sentences(rest) if without_courtesies(p) and not _retracts(p.strip()))
    if _has_content(meant) and meant.strip() != rest.strip():
        rest = meant
    # 「そこは分けてください」 asks for the correction; it is not part of the line
    parts = _split_sentences(rest)
    asked = [p for p in parts if re.search(r"(?:直し|分け|訂正し|書き直し|変え)て(?:ください|ほしい|もらえ)", p)]
    if asked and parts.index(asked[0]) > 0:
        rest = "".join(p for p in parts[: parts.index(asked[0])])
    elif parts and _ANNOUNCES_CORRECTION.search(parts[0]) and _has_content("".join(parts[1:])):
        # 「すみません、ひとつ訂正させてください。『…』はWillというより…」: the announcement is not
        # what they mean (the round-12 review: the reply quoted 「ひとつ訂正させてください」)
        rest = ("" if not rest.isascii() else " ").join(p.strip() for p in parts[1:])
    rest = _content_part(rest) or rest
    return rest.strip(" 、,。.") or stripped


def _next_step_index(theme: Theme, current: int) -> int:
    """The index of the theme's next-step step (for a cycling theme, the one in this round)."""
    for i, step in enumerate(theme.steps):
        if step.collects == NEXT_STEP:
            if theme.cycle:
                return (current // len(theme.steps)) * len(theme.steps) + i
            return i
    return current


def _answers_since_last_check(state: ConversationState, answers: list[Answer]) -> list[Answer]:
    last_check = -1
    for i in range(len(state.turns) - 1, -1, -1):
        if state.turns[i].role == "partner" and state.turns[i].move == "check":
            last_check = i
            break
    return [a for a in answers if a.kind in _STEP_ANSWERS and a.index > last_check]


def _theme(state: ConversationState) -> Theme:
    try:
        return get_theme(state.theme)
    except KeyError:
        return FREE


def _step_for(theme: Theme, index: int) -> Step | None:
    """The step at ``index``; after a theme's last step the conversation goes on as free talk."""
    step = theme.step_at(index)
    if step is None and index >= len(theme.steps):
        return FREE.step_at(index - len(theme.steps))
    return step


# --- small text helpers -----------------------------------------------------------------------


def _t(language: str, ja: str, en: str) -> str:
    return en if language == "en" else ja


def _quote_words(words: list[str], language: str) -> str:
    if language == "en":
        quoted = [f'"{w}"' for w in words]
        return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    return "".join(f"「{w}」" for w in words)


def quote(text: str, language: str, *, whole: bool = False) -> str:
    """The person's answer in their own words: whole if short, else its first sentence if
    short, else its key words. A list (one item per line) is quoted item by item.

    ``whole`` (for summaries): a long answer is quoted by the whole sentences that hold its key
    words, not by the key words alone.  A reflection may pick up a phrase; a summary the person
    keeps must say what they meant (a blind review: "What I want" "more direct" for a paragraph
    about what they like in interpreting)."""
    if whole:
        sentenced = _whole_sentences(text, language)
        if sentenced:
            return sentenced
    items = _items(text)
    if len(items) > 1 and all(len(item) <= 40 for item in items):
        return (
            "".join(_wrap(item, language) for item in items[:6])
            if language == "ja"
            else ", ".join(_wrap(item, language) for item in items[:6])
        )
    parts = _split_sentences(text)
    if len(parts) > 1 and any(_is_question_sentence(p) for p in parts):
        # a question put to the guide inside an answer is not part of the answer
        kept = [p for p in parts if not _is_question_sentence(p)]
        if kept and _has_content("".join(kept)) and "".join(kept).strip() in text:
            text = "".join(kept).strip()
    flat = " ".join(text.split())
    if not _DANGER_WORDS.search(flat):
        if len(flat) <= (60 if language == "ja" else 120):
            return _wrap(flat.rstrip("。."), language)
        # a long answer: the clauses that carry a feeling, a wish or its point, not its opening
        found = [p for p in salient(text, 2, minimum=1.5) if not _DANGER_WORDS.search(p.text)]
        if found:
            return ("" if language == "ja" else " ").join(_wrap(p.text, language) for p in found)
        first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()
        if 0 < len(first) <= 60:
            return _wrap(first, language)
    found = salient(text, 2)
    if found:
        return ("" if language == "ja" else " ").join(_wrap(p.text, language) for p in found)
    piece = _quotable(text, language) or _beside_figure(flat, language)
    return _wrap(piece, language) if piece else _t(language, "（書いてくださったこと）", "(what you wrote)")


def _whole_sentences(text: str, language: str) -> str:
    """A long answer as the (at most two) whole sentences that hold its key words, in the order
    they were said; "" where ``quote`` should decide (short, a list, a danger word, a sentence
    too long to quote whole)."""
    flat = " ".join(text.split())
    if len(flat) <= (60 if language == "ja" else 120) or _DANGER_WORDS.search(flat) or len(_items(text)) > 1:
        return ""
    spans = sentences(text)
    found = [p for p in salient(text, 2, minimum=1.5) if not _DANGER_WORDS.search(p.text)]
    chosen: list[tuple[int, int]] = []
    for phrase in found:
        span = next(((b, e) for b, e in spans if b <= phrase.begin < e), None)
        if span is not None and span not in chosen:
            chosen.append(span)
    picked = [" ".join(text[b:e].split()).strip() for b, e in sorted(chosen)]
    # a lead-in that trails off ("What I want...", 「気持ちは…」) echoes the question, not the answer
    picked = [p for p in picked if p and not _is_question_sentence(p) and not (_short(p) and re.search(r"(?:…|\.\.\.|・・・)$", p))]
    if not picked or any(len(p) > (90 if language == "ja" else 180) for p in picked):
        return ""
    return ("" if language == "ja" else " ").join(_wrap(p.rstrip("。."), language) for p in picked)


def _beside_figure(text: str, language: str) -> str:
    """What is said beside a figure of speech with a danger word, which is never quoted:
    「死ぬほど忙しい」 -> 忙しい, "This deadline is killing me" -> This deadline; else empty."""
    clauses = [c.strip() for c in re.split(r"[、。,.!?！？]+", text) if c.strip()]
    safe = [c for c in clauses if not _DANGER_WORDS.search(c) and _has_content(c)]
    if safe:
        return max(safe, key=len)
    if language == "ja":
        # only the figure 死ぬほど / 死ぬくらい (「死ぬほど忙しい」): what follows is what they said
        figure = re.search(r"死ぬ(?:ほど|くらい|ぐらい)", text)
        rest = text[figure.end() :].strip() if figure else ""
        return rest if len(rest) >= 2 and not _DANGER_WORDS.search(rest) else ""
    # only "X is killing me": X is what they said
    figure = re.search(r"\b(?:is|are|'s)\s+killing\s+me\b", text, re.IGNORECASE)
    words = text[: figure.start()].split() if figure else []
    return " ".join(words) if len(words) >= 2 and not _DANGER_WORDS.search(" ".join(words)) else ""


_PLACEHOLDERS = ("（書いてくださったこと）", "(what you wrote)")


def _is_placeholder(quoted: str) -> bool:
    return quoted in _PLACEHOLDERS


def _quote_answer(text: str, step: Step, language: str) -> str:
    """A step's answer in a summary line: a list of topics item by item, else ``quote`` by
    whole sentences."""
    if step.collects == "topics":
        items = _topic_items(text)
        if len(items) > 1 and all(len(item) <= 60 for item in items):
            return ("" if language == "ja" else ", ").join(_wrap(item, language) for item in items[:6])
    return quote(text, language, whole=True)


def _said(text: str, language: str) -> str:
    """The person's words as the start of an acknowledgement, or nothing if unquotable."""
    flat = " ".join(text.split()).rstrip("。．.!！ ")
    piece = flat if len(flat) <= (70 if language == "ja" else 140) and not _DANGER_WORDS.search(flat) else _quotable(text, language)
    if not piece:
        return ""
    return f"{_wrap(piece, language)}。" if language == "ja" else f"{_wrap(piece, language)} — "


def _wrap(text: str, language: str) -> str:
    text = _balanced(text)
    if language == "en":
        # a quote inside the person's words ("beyond "lots of meetings"") nests as single quotes,
        # so the reader (and the page) can tell where the person's words end
        return '"' + re.sub(r'["\u201c\u201d]', "'", text) + '"'
    return f"「{text}」"


_PAIRS = (("「", "」"), ("『", "』"), ("（", "）"), ("(", ")"), ("【", "】"))


def _balanced(text: str) -> str:
    """Drop a bracket left open or closed at either end (「期待水準には…, cut at a 。)."""
    text = text.strip()
    for opening, closing in _PAIRS:
        if text.count(opening) > text.count(closing) and text.startswith(opening):
            text = text[1:]
        if text.count(opening) > text.count(closing) and text.endswith(opening):
            text = text[:-1].rstrip(" 、,")  # 「バイヤーさんが『」: a quote cut where theirs began
        if text.count(closing) > text.count(opening) and text.endswith(closing):
            text = text[:-1]
    return text.strip()


def _label_line(label: str, quoted: str, language: str) -> str:
    return f"{label}: {quoted}" if language == "en" else f"{label}：{quoted}"


def _items(text: str) -> list[str]:
    """Split a list the person wrote (one per line, or bullets such as ・) into items, keeping
    their wording. A 、 inside a sentence is not a list separator (来週、部長に聞く)."""
    lines: list[str] = []
    for line in text.strip().splitlines():
        parts = [p for p in _INLINE_BULLETS.split(line)] if line.count("・") >= 2 else [line]
        lines.extend(_BULLET.sub("", p).strip() for p in parts)
    items = (line.strip().rstrip("。.") for line in lines)
    return [item for item in items if _has_content(item)]


_NUMBERED_INLINE = re.compile(
    r"[①-⑩]|(?:(?<=[\s、,。:：])|^)(?:\d{1,2}[).）]|\(\d{1,2}\)|（\d{1,2}）)\s*|"
    # 「1個目は…。2個目は…」「一つ目は」「2点目が」 (T04: the topics were cut at the と of 評価のこと)
    r"(?:(?<=[\s、,。:：])|^)(?:[1-9１-９]|一|二|三|四|五|ひと|ふた|みっ)(?:個目|つ目|つめ|点目|番目)(?=は|が|[、,\s])"
)
_TOPIC_INTRO_JA = re.compile(r"(?:テーマは|話したいのは|話したいことは|話題は|議題(?:は|としては|といたしましては|としましては)|^話したいこと[:：]|^話題[:：]|^議題[:：])[、,]?\s*")
_TOPIC_INTRO_EN = re.compile(r"(?:^|(?<=[.!?]\s))topics?\s*:\s*|\b(?:two|three|a couple of|a few) (?:things|topics|points)\s*:\s*|\b(?:topics? (?:are|is)|i want to (?:talk|discuss) about)\s*:?\s*", re.IGNORECASE)


# a numbered item taken back as it is named (「3個目は…まあこれはいいか」): no topic
_ITEM_DISMISSED = re.compile(r"^(?:[…‥.、,\s]|まあ|ま、|やっぱり?|うーん)*(?:これは|それは)?(?:いいか|いいや|いいです|なし|ナシ|やめとく|やめとこう?|パス)[。．!！…\s]*$")
# the count after a list (「…の3つです」「、の二つくらい」): not part of its last item
_LIST_COUNT_JA = re.compile(r"[、,\s]*の?\s*[0-9０-９一二三四五六]つ(?:くらい|ぐらい|ほど)?(?:です|かな|ですね|があります)?[。.]?\s*$")
# a word that joins the next item (「、あと資格の…」「それと、…」): not part of it
_LIST_JOINER_JA = re.compile(
    r"^(?:あと|それと|それから|それに|あとは|で、)[、,…‥\s]*|"
    # and at the end of the item before it (「…やばいこと。あと」「公募のことと…あと」)
    r"(?:(?<=こと)と)?[、。,…‥\s]*(?:あと|それと|それから|それに)[、,…‥\s]*$|(?<=こと)と[…‥\s]*$"
)


def _joining_to_marked(text: str) -> str:
    """``text`` with each と that joins two items before a comma (「AとB」 as 「A と、B」: the particle,
    by Sudachi) marked as ␞, never the と that ends a word: 「残業がおおいこと、…」 was cut to
    「残業がおおいこ」 (R41-02)."""
    out = []
    last = 0
    for token in tokenize(text):
        after = text[token.end : token.end + 1]
        if token.surface == "と" and token.pos[0] == "助詞" and after in ("、", ","):
            out.append(text[last : token.begin] + "\u241e")
            last = token.end
    return "".join(out) + text[last:]


def topic_items(text: str) -> list[str]:
    """The topics of a 1on1 list as the person wrote them (``_topic_items``), line by line: what
    the guide lists and what an agenda draft takes as its topics."""
    return [item for line in text.split("\n") if line.strip() for item in (_topic_items(line) or [line.strip()])]


def _topic_items(text: str) -> list[str]:
    """The topics in a 1on1 list as the person wrote them: one per line or bullet, or numbered
    inline (①…②…), or named after 「テーマは」/ "two things:" and joined by と、/ and. The
    sentence before them (「1on1の準備をしたいです」) is not a topic.  An item the message takes
    back itself ("3) maybe salary? scratch that") is not one."""
    text = _without_own_retraction(text)
    items = _items(text)
    if len(items) > 1:
        return items
    flat = " ".join(text.split())
    marks = list(_NUMBERED_INLINE.finditer(flat))
    if len(marks) >= 2:
        # each item keeps its own number (②…): the person's words as written, from a boundary
        pieces = [flat[a.start() : b.start()] for a, b in zip(marks, marks[1:], strict=False)] + [flat[marks[-1].start() :]]
        # 「③評価面談の前フリ、の3つくらいです」: the count after the last one is not part of it
        pieces[-1] = _LIST_COUNT_JA.sub("", pieces[-1])
        pieces[-1] = re.sub(r"[、,]\s*(?:です|でございます)[。.]?\s*$", "", pieces[-1])  # 「③…について、です」 (R36-01)
        found = [p.strip(" 、,。.") for p in pieces if _has_content(p) and not _ITEM_DISMISSED.match(_NUMBERED_INLINE.sub("", p, count=1).lstrip("はが、, "))]
        if len(found) >= 2:
            return found
    intro = _TOPIC_INTRO_EN.search(flat) if flat.isascii() else _TOPIC_INTRO_JA.search(flat)
    if intro:
        rest = flat[intro.end() :].strip().rstrip("。.")
        rest = re.sub(r"(?:のこと)?(?:です|でした|について|を話したいです|ですね)$", lambda m: "のこと" if m.group(0).startswith("のこと") else "", rest)
        if not flat.isascii():
            rest = _LIST_COUNT_JA.sub("", _joining_to_marked(rest))
        parts = re.split(r"、?\s*\u241e、?\s*|,?\s+and\s+(?=(?:whether|how|what|my|the|our|a|an)\b)|;\s*|、(?=[^、]{2,20}(?:、|$))" if not flat.isascii() else r",?\s+and\s+(?=(?:whether|how|what|my|the|our|a|an)\b)|;\s*|,\s*(?:and\s+)?", rest)
        parts = [_LIST_JOINER_JA.sub("", p.strip(" 、,。.")) for p in parts] if not flat.isascii() else parts
        found = [p.strip(" 、,。.") for p in parts if _has_content(p) and len(p.strip()) >= 2]
        if len(found) >= 2:
            return found
        if not flat.isascii() and intro.start() <= 4 and not re.search(r"[、。,.]", flat[: intro.start()]) and len(found) == 1:
            # 「主な議題は、決算早期化プロジェクトの進捗報告でございます」: the one topic, without the frame
            first = re.match(r"(.{4,}?)(?:でございます|です|になります)[。．]", found[0])
            # 「…介護の件でございます。週末ごとに帰省しておりまして…」: the topic is the sentence the frame names
            one = first.group(1) if first else re.sub(r"(?:でございます|になります|でございまして)$", "", found[0]).strip(" 、,。.")
            if _has_content(one) and len(one) >= 4:
                return [one]
    if flat.isascii() and len(flat) > 120:
        # "…I want to ask about more teaching hours because…, also the new textbook rollout has been a
        # mess…, and I'd kind of like to be considered for the trainer role…" (round 27's R27-08: one
        # bullet, the greeting with it): each clause that names something to raise, nothing else
        clauses = re.split(r"(?<=[.!?])\s+|,\s*(?:and\s+)?also\s+|,\s*and\s+(?=i'?d\b|i want\b|i would\b|i need\b|my\b|the\b)|;\s*", flat, flags=re.IGNORECASE)
        found = [
            c.strip(" ,.") for c in clauses
            if _has_content(c) and _TOPIC_CUE_EN.search(c) and not re.search(r"\b(?:1on1|one-on-one|1:1|1-on-1)\b", c, re.IGNORECASE)
        ]
        if len(found) >= 2:
            return found
    return items


# a clause that names something to raise in a 1on1
_TOPIC_CUE_EN = re.compile(
    r"\b(?:ask(?: her| him| them)? about|talk about|bring up|raise|discuss|want to|would like|i'?d (?:\w+ )?(?:like|love)|"
    r"(?:has|have) been|is a mess|been a mess|considered for|need (?:to|more)|more (?:hours|time|support|help|budget|people|staff))\b",
    re.IGNORECASE,
)


def _has_content(text: str) -> bool:
    """Anything beyond punctuation, symbols and spaces."""
    return bool(re.sub(r"[\W_]+", "", text))


# A summary confirmed at more length than a bare はい (「はい、『…』がしっくりきます」, "yes, that fits").
_FITS_SUMMARY = re.compile(
    r"しっくり(?:きます|きました|くる|きてます)|合って(?:ます|います|る)|その通り|そのとおり|まさに|"
    r"\b(?:fits|that's right|that is right|spot on|sums it up|that's it)\b",
    re.IGNORECASE,
)


# agreement said as the whole message (round 27: 「おけ」「よし」 "perfect" were reflected as content and
# filed); never the start of one that goes on (「おけ👌 エスカレの話から先にする」 is a plan)
_AFFIRMATIVE_ALONE = re.compile(
    r"^(?:ん|んむ|うむ|んだ(?:な|ね)?|よし|よっしゃ|おけ|おっけー?|オッケー?|オーケー|りょ|りょうかい|了解(?:です|しました)?|承知(?:です|しました)?|それでええ(?:よ|わ)?|"
    r"それでよか|それでいいよ|ええよ|ばっちり|バッチリ|perfect|looks good|sounds good|all good|great|cool|got it)"
    r"[\s。．.,、!！~〜ー👌👍🙆‍♀️🙆‍♂️🙆😊✨]*(?:thanks?|thx|ありがと(?:う)?)?[\s。．.!！~〜👌👍😊✨]*$",
    re.IGNORECASE,
)


def _is_affirmative(text: str) -> bool:
    folded = fold(text.strip())
    return len(folded) <= 20 and bool(_AFFIRMATIVE.match(folded) or _AFFIRMATIVE_ALONE.match(folded))


def _is_nothing(text: str) -> bool:
    return fold(re.sub(r"[\s。．.!！、,]+", "", text)) in {fold(re.sub(r"\s+", "", w)) for w in _NOTHING}


_UNSURE_SENTENCE = re.compile(r"わから|分から|わかん|知らな|\b(?:don't know|not sure|no idea|dunno)\b", re.IGNORECASE)


def _partly_unsure(text: str, language: str) -> bool:
    """An answer with one part not known yet (「①は一緒に考えてほしい。②は聞いてほしい。③は
    わからない」): the parts that are known make it an answer."""
    kept = [s.strip() for s in _split_sentences(text) if s.strip() and not _UNSURE_SENTENCE.search(s)]
    if len(kept) < 2:
        return False
    rest = ("" if language == "ja" else " ").join(kept)
    return len(rest) >= (24 if language == "ja" else 60) and bool(salient(rest, 1, minimum=2.0))


def _feeling_beside_unsure(text: str, language: str) -> str:
    """The person's own feeling (or state) written beside わからない, as a whole phrase; ""
    when there is none."""
    rest = ("" if language == "ja" else " ").join(s.strip() for s in _split_sentences(text) if not _UNSURE_SENTENCE.search(s)).strip()
    if not rest:
        return ""
    found = [p for p in salient(rest, 1, minimum=2.0) if p.kind in ("feeling", "wish") and not p.others]
    if not found or _DANGER_WORDS.search(found[0].text):
        return ""
    return found[0].text


def _mostly_unsure(text: str) -> bool:
    """ "I don't know" as the whole answer, not a sentence that merely contains わからない."""
    if len(text.strip()) > 10 and not re.search(r"わからな|分からな|判らな|解らな|わかんな|don'?t know|not sure|no idea", text, re.IGNORECASE):
        return False  # 「このままでいいのか迷っています」 is a worry, said in full: content
    return len(text.strip()) <= 30 and len(keywords(text, 3)) <= 1


def _asks_for_decision(text: str, language: str) -> bool:
    """A request for a decision, wherever it sits in the message (「…。転職すべきですか？ あと…」)."""
    if _DECISION_EN.search(text):
        return True
    stripped = text.strip()
    if _DECISION_JA.search(stripped) and _QUESTIONISH_JA.search(stripped):
        return True
    if re.search(r"(?:どっち|どちら|どれ)(?:が|を|に)(?:得|損|ええ|いい|よい|正解|マシ|まし)(?:や|だ|か|かな|やろ|ですか|でしょう|と思う)?[？?。\s]*$", stripped):
        return True  # 「60で辞めるか65まで残るか、どっちが得や」 (round 37's R37-16: probed as a feeling)
    if re.search(r"(?:何を|なにを|どう|どっち|どちら|どれ)[^。？?]{0,12}(?:教えて|決めて)(?:ほしい|ください|下さい)", stripped):
        return True  # 何をすればいいのか教えてほしいです
    if re.search(r"(?<![にが])決めて(?:ほしい|欲しい|ください|下さい|もらいたい|もらえ)|\b(?:decide for me|just tell me what to do)\b", stripped, re.IGNORECASE):
        return True  # 「もう決めてほしいです」: a request for a decision, said as a wish
    parts = [stripped[b:e].strip() for b, e in sentences(stripped)] if len(stripped) > 12 else []
    return any(_DECISION_JA.search(p) and _QUESTIONISH_JA.search(p) for p in parts)


_NEGATED = re.compile(r"ない|なく|ず|ません|ぬ|not|n't|never|no\b", re.IGNORECASE)
_DANGER_WORDS = re.compile(
    r"死|殺|消え|叩|殴|kill|\bdie\b|\bdead\b|suicid|here anymore|better off without|end it all|hurt myself", re.IGNORECASE
)
_END_JA = re.compile(
    # (never what would follow from something: 「部長に見えたら終わる」 is a worry, R36-05)
    r"(?:(?<![にと」』ば])(?<!たら)(?<!だら)(?<!たら、)(?<!(?<!これ)(?<!ここ)(?<!それ)(?<!今日)で)(?:終わります|終わりにします|終わり|おわり|終わる|おわる)|おしまい|(?:アプリ(?:を)?|画面(?:を)?)?(?:閉じ|とじ)(?:ます|る|よう|ちゃう)|ここまでにします|ここまでで|ここまで|このへんで|この辺で|これくらいで|このくらいで|もういいです|(?:今日は|きょうは)もういい|寝ます|もう寝る|やめておきます|^(?:いえ|いや|いいえ)?[、,\s]*(?:以上で)?結構です|終了|以上|(?:では|じゃあ|じゃ|ほな|それでは)[、,\s]*また(?:ね|今度|来ます)?)(?:です|にします|で)?[。．.!！…‥〜ー\s]*$"
    # asking leave to stop (「ここで終わってもいいですか」「もうやめてええ？」) is stopping
    r"|(?:終わ|おわ|やめ|止め)(?:って|りにして|て)(?:も)?(?:いい|ええ|よい|大丈夫|平気)(?:です|でしょう)?(?:か|かな|かね|やろか)?[。．.!！?？\s]*$"
)
_END_EN = re.compile(
    r"^(?:bye(?: for (?:now|today|tonight))?|see you|good ?night|talk (?:to you )?later|that's it(?: for (?:now|today|tonight))?|that's (?:all|enough)(?: for (?:now|today|tonight))?|that is all|i'm going to stop(?: here)?|i'll stop(?: here)?(?: for (?:today|tonight))?|stop here|i'?m done(?: for (?:now|today|tonight))?|done|let's stop(?: here)?|let's end(?: here)?|end|bye|goodbye|i'm finished(?: for (?:now|today|tonight))?"
    # asking leave to stop is stopping ("Can we stop here? I am tired."): not a question to answer
    r"|(?:can|could|may|shall) (?:we|i) (?:stop|end|finish|pause|leave it)(?: (?:here|there|now|for (?:now|today|tonight)))*(?: please)?\??"
    r"|i (?:want|would like|'d like|need) to (?:stop|end|finish)(?: (?:here|now|for (?:now|today|tonight)))*)[,.!?\s]*(?:thanks|thank you)?[.!\s]*$",
    re.IGNORECASE,
)
_RETURN = re.compile(
    r"読み違い|読み間違い|続ける|続けます|続けたい|続けても|続けて(?:ください|もら|いい)|続きを|続きに|戻りたい|戻ります|戻る|戻っても|戻して|問いに戻|テーマに戻|話(?:を)?戻|進めて|"
    # 「それ以上はいいです。今日は棚卸しの日なので」 after the harassment desk was shown (R35-15 stayed
    # in support for the rest of its stocktaking)
    r"それ以上は(?:いい|大丈夫|やめ)|(?:この|その)話は(?:もう)?(?:いい|おしまい|ここまで)|本題に|"
    # 「この件は、今はこれ以上ございません」 (R36-07, after the harassment desk was shown)
    r"これ以上(?:は)?(?:ない|ありません|ございません)|"
    r"\b(?:misread|continue|go on|back to the questions|let's go back|carry on|get back to|go back to)\b",
    re.IGNORECASE,
)
_SKIP_IN = re.compile(
    r"スキップ|飛ばし|飛ばす|とばし|とばす|パスで|パスします|^パス|次(?:に|へ)?(?:いき|行き|いって|行って|いこ|行こ|進み|進ん|進め)|次の(?:質問|問い)(?:へ|に|を)?|\bskip\b|\bnext question\b|\bmove on\b",
    re.IGNORECASE,
)
_BACK_IN = re.compile(
    r"(?:さっき|先ほど|前|ひとつ前|一つ前|最初)の(?:質問|問い)に戻|(?:ひとつ|一つ)?前に戻|戻ってもいい|戻っていい|戻して|(?:^|[、。\s]|質問|問い|前|さっき|ところ|とこ|ステップ)(?:に)?戻りたい(?!の?か)|(?<!部署に)(?<!部署へ)(?<!元の職場に)(?<!会社に)(?<!職場に)(?<!チームに)(?<!現場に)(?<!部に)(?<!課に)戻れ(?:ます|る)(?![^。？?]{0,4}(?:もん|もの|んか|のか|かな|ん[?？]|の[?？]))|前の(?:質問|問い)をやり直|\bgo back\b|\bprevious question\b",
    re.IGNORECASE,
)
# back to where the talk was, after a detour: no step back
_RESUMES = re.compile(r"(?:(?:さっきの|元の|もとの|話の)?続きに|本題に|元の話に)(?:戻|もど)(?:りたい|ります|る|ろう|りましょう)?(?:です|ね|な|わ)?|話(?:を)?戻(?:し|す|そ)|\b(?:back to (?:where we were|the questions?|the topic)|get back on track)\b", re.IGNORECASE)
_THANKS_ENDINGS = ("ありがとうございました", "ありがとうございます", "ありがとう", "ありがとね", "ありがとな", "おおきに", "感謝します", "助かりました", "thank you", "thanks", "Thank you", "Thanks", "thank you very much", "Thank you very much", "thx", "cheers")


# 〜てみる, 〜ておく, つもり, "I'll": what someone will try, said as theirs
_TRY_FORM = re.compile(r"[てで]み(?:る|ます|よう|っか)|[てで]おく|[てで]おきます|とく(?:わ|ね|よ)?$|つもり|\b(?:i'll|i will|i'm going to|going to)\b", re.IGNORECASE)


_DETOUR = re.compile(r"それ(?:ちゃ|た|ました)|脱線|ごめん|すみません|すいません|失礼|\b(?:sorry|tangent|off track)\b", re.IGNORECASE)


def _only_resumes(text: str) -> bool:
    """「ごめんなさい話それちゃった💦 さっきの続きに戻りたいです、棚卸しの」: asks to go on, and
    says nothing else (「話戻すと、直すのも教えるのも好きなんやろな」 is an answer)."""
    if len(text) > 80:
        return False
    said = False
    for sentence in _split_sentences(text):
        m = _RESUMES.search(sentence)
        if m is not None:
            said = True
            before = sentence[: m.start()].strip(" 、,。.!！…")
            if len(sentence[m.end() :].strip(" 、,。.!！…")) > 8 or (len(before) > 14 and not _DETOUR.search(before)):
                return False
        elif not _DETOUR.search(sentence) and without_courtesies(sentence).strip(" 、,。.!！…"):
            return False
    return said


_SUMMARY_ASK = re.compile(r"まとめて|^まとめる[。．\s]*$|^(?:で|ほんで|ほな|じゃあ|それで|ほいで|そいで)?[、,\s]*まとめ(?:は|って)[？?。\s]*$|まとめると(?:どう|どんな|何)|まとめてもら|要約して|要約を|まとめ(?:を|て)?(?:見せて|ください|お願い)|まとめてくだ|まとめを見|整理して(?:もら|くだ|ほし|いただ|くれ)|ここまで(?:を|の(?:話|こと)を)?(?:一度|いったん|一旦|ちょっと|少し|いちど)?(?:整理|振り返|ふりかえ)|\bpull together\b|\bsummar|\bsum (?:it |this |everything )?(?:all )?up\b|\brecap\b|\blay out\b.{0,20}\b(?:agenda|summary|list|what i)|\b(?:the )?(?:whole )?agenda as it stands\b|\bpull (?:this|it|that|things|everything|it all)(?: all)? together\b|\bwrap (?:this|it) up for me\b|\bgo over what i(?:'ve| have) (?:said|written)\b|\b(?:put|turn|make) (?:what we(?:'ve| have) got|this|it|all this|everything|that)(?: so far)? into an? (?:agenda|summary|list)\b|アジェンダ(?:の形)?(?:に|で)(?:まとめ|して)", re.IGNORECASE)
_OFF_TOPIC = re.compile(r"^(?:ところで|話変わ|話は変わ|全然関係な|関係ないけど|そういえば、?昨日)|話変わるけど|話(?:が|は)?それ(?:る|ます|ちゃう)けど|脱線(?:する|します)?けど|\b(?:by the way|unrelated|off topic)\b|^(?:btw|random q\w*)\b(?=.*\b(?:do (?:u|you) know|any (?:good |idea)|recommend|where (?:can|should|do))\b)", re.IGNORECASE)
# Small talk in a short message (天気いいですね今日): not about the question at all.
_SMALL_TALK = re.compile(
    r"天気|台風|大雨|大雪|花粉|夕飯|晩ご飯|晩ごはん|サッカー|野球|試合|ドラマ|映画|ゲーム|芸能|\b(?:weather|storm|football|soccer|baseball|the game|movie|tv show|dinner)\b",
    re.IGNORECASE,
)
_QUESTION_END_JA = re.compile(
    r"(?:ですか|ますか|でしょうか|んですか|のですか|ませんか|できますか|ありますか|ないですか|んでしょうか|ますかね|でしょうかね)[？?。．]?\s*$"
    r"|(?:です|ます|でしょう|でしょ|ません|ますかね|ですかね|の|ない|る|た|いい|ある|か|よね|っけ|かね)[？?]\s*$"
    # 「60で辞めたら退職金いくらになるか、分かるか」: asked plainly, without a question mark (round 29's R29-20)
    r"|(?:分かる|わかる|知ってる|知っとる|知っとう|教えてくれる|言える)か[。．]?\s*$"
)
_RHETORICAL_JA = re.compile(r"(かな|だろう|だろうか|でしょうね|のかな|かなあ|かなぁ)[。．？?…]*$")
_QUESTION_EN = re.compile(r"\?\s*$")
_PLAN = re.compile(
    r"(?:[てで]みる(?:くらい|ぐらい)(?:なら|は)(?:できそう|できる|いけそう)?|[てで]みよう(?:かな|と思)|[てで]みましょう(?:か)?(?:な|ね)?|"
    r"てみます|でみます|ておきます|でおきます|[おこごそぞとどのほぼもよろ]うと思(?:い|っ)ます|つもりです|予定です|てみる|でみる|ておく|でおく|てみよう|[おこごそぞとどのほぼもよろ]うと思う|(?:し|電話し|連絡し|予約し|相談し|入れ|読み|聞き|話し|始め|書き|言い)ます|(?<=[っん])(?:とく|どく|ときます|どきます|とこう|どこう))(?=(?:わ|よ|ね|な|べ|べさ|けん|けえ|さ|ー)?(?:[。．.!！\n、\s]|$))"
    r"|\b(?:i'll|i will|i'm going to|i am going to|i plan to|i'm gonna)\b"
    r"|\b(?:ill|im gonna|im going to) (?:video call|call|ask|tell|talk|send|write|book|email|message|try|check|look|start|show|bring|say) (?!it\b|that\b|later\b)[a-z]+",
    re.IGNORECASE,
)
_NOTHING_START = re.compile(
    r"^(?:特に(?:ない|なし|ありません|ないです|思いつかない)(?:です)?|別に|ないです|なし|ありません|思いつかない(?:です)?|今はない(?:です)?|nothing(?: really| much)?|not really|none|no idea)(?:[、。,.!！\s…]|$)",
    re.IGNORECASE,
)


_PLAN_STRONG = re.compile(
    r"(?:(?:って|と)(?:最初に|まず|はじめに|初めに)言(?:います|ってみます|おうと思)|から始め(?:ます|よう)|で始め(?:ます|よう)|と切り出(?:します|してみます)|[てで]みる(?:くらい|ぐらい)(?:なら|は)(?:できそう|できる|いけそう)?|[てで]みよう(?:かな|と思)|てみます|でみます|ておきます|でおきます|[おこごそぞとどのほぼもよろ]うと思(?:い|っ)ます|つもりです|てみる|でみる|ておく|でおく|てみよう|[おこごそぞとどのほぼもよろ]うと思う)(?=[。．.!！\n、]|$)|\b(?:i'll|i will|i'm going to)\b",
    re.IGNORECASE,
)
_PLAN_WHEN = re.compile(
    r"今日|今夜|明日|あした|今週|来週|週末|今月中|来月|までに|毎朝|毎日|週明け|[月火水木金土日]曜(?:日)?(?:に|の(?:朝|昼|午前|午後|夕方|夜)に?)(?!なる)|\b(?:tonight|tomorrow|this week|next week|this weekend|by (?:monday|tuesday|wednesday|thursday|friday))\b",
    re.IGNORECASE,
)
_CORRECTION = re.compile(
    r"^(?:違います|違う|ちがいます|ちょっと違|少し違|いや[、,]|いえ[、,]|そうじゃなく|そうではなく)|(?:と|とまで|までは)は?言って(?:ない|いない|ません)|って言ってない|(?:^|[をはも、,「」』\s])直して|直して(?:ください|ほしい|もらえ|いただ)|訂正|分けてください|"
    r"[『「][^』」]+[』」](?:というより|じゃなくて|ではなく|という言葉は)|私の言葉(?:だと|では|で言うと)|"
    r"^(?:not quite|not really|that's not)\b|\byou said\b|\bi wouldn't say\b|\bnot what i (?:said|meant)\b|\bi didn't say\b|\bthat's not (?:right|quite right|what)\b|\bi meant\b|^no[,.]",
    re.IGNORECASE,
)
# Right after a summary, "X, not Y" corrects it; elsewhere it may just be an answer.
_UNSURE_ABOUT_SOMETHING = re.compile(
    r"(?<![何どだ誰])(?:[一-龥ァ-ヶー]{2,}|[ぁ-ん]{2,}の)(?:が|は|を|も)(?:まだ|いまいち|よく|全然|ぜんぜん|あまり|ちょっと|いまひとつ)?(?:わから|分から|わかん)"
)
# 「引き止めるべきなのかどうかもわからない」「行くか残るか分からない」: a dilemma named, which is content
_UNSURE_WHETHER = re.compile(r"[ぁ-ん一-龥ァ-ヶー]{2,}(?:べき|たほうがいい|ほうがいい)?(?:なの)?(?:かどうか|か[、]?[^、。]{1,12}か)(?:も|が|は)?(?:まだ|よく|全然)?(?:わから|分から|わかん)")
_UNSURE_END = re.compile(r"(?:わからない|分からない|わかんない|わからん|わかりません)(?:です|んです|んですよね|ですね|な|なあ|かも)?[。．…！!\s]*$")


_CONFIRM_REFLECTION = re.compile(
    r"^[…\s]*(?:まあ[、,]?\s*)?(?:はい[、,]?\s*)?(?:その通り|そのとおり|そうそう|そうです[。．!！]*$|合ってます|合っています|そんな感じ|そう言われれば|yes,? that's (?:it|right)|exactly)"
)
# whether one may use the EAP or the desk (「派遣でもEAPって使えるの？」 "can contractors use the EAP?")
# 「見せて」 "show me" alone, right after a summary check in a 1on1: the manager's view (round 27's R27-06)
_BARE_SHOW = re.compile(r"^(?:じゃあ|では|ほな|で)?[、\s]*(?:見せて|みせて|見して|見せてください|見たい|プレビュー(?:見せて|して)?|show me|let me see|preview)[。．!！\s]*$", re.IGNORECASE)
# whether the company doctor, the EAP or a desk tells the company: 「産業医って会社に言われるんでしょ？」
_ASKS_IF_DESK_TELLS = re.compile(
    r"(?:産業医|保健師|保健スタッフ|健康管理室|eap|相談窓口|窓口|相談室|カウンセラー)[^。？?]{0,24}(?:会社|上司|人事|職場|課長|部長)[^。？?]{0,12}(?:言われ|言う|伝わ|伝え|バレ|ばれ|知られ|報告|共有|漏れ|筒抜け)|"
    # 「相談窓口って本社の人事やろ?副店長の耳に入らん?」 (round 24's R24-06, in harassment support)
    r"(?:相談窓口|窓口|相談室|eap)[^。]{0,30}(?:店長|副店長|主任|リーダー|係長|所長|センター長|師長|sv|本社|上の人|上司|課長|部長)(?:に|の)?[^。]{0,4}(?:耳に入|伝わ|バレ|ばれ|知られ|筒抜け|漏れ)|"
    # 「会社の相談窓口なんか、行ったら噂になる。」 (R41-20, in crisis support: echoed, the fear left standing)
    r"(?:相談窓口|窓口|相談室|eap|産業医)[^。]{0,20}(?:噂|うわさ|広ま|知れ渡|知れわた)|"
    r"\b(?:consultation|the desk|company desk|eap|counsell?or|hr)\b[^.?]{0,40}\b(?:rumou?rs?|gossip|people (?:would|will) talk)\b|"
    r"\b(?:company doctor|occupational (?:physician|doctor)|physician|eap|counsell?or|the desk|health staff)\b[^.?]{0,40}\b(?:tell|tells|report|reports|share|shares|inform|pass)\b[^.?]{0,30}\b(?:company|manager|hr|boss|employer)\b|"
    # "if i call the company consultation, will my leader know?" (R36-17, after a crisis message)
    r"\b(?:call|calling|contact|contacting|ask|use|using|go to)\b[^.?]{0,12}\b(?:(?:company |the )?consultation(?: desk| service| line)?|counsel(?:l)?ing|the desk|company desk|hotline|helpline)\b"
    r"[^.?]{0,30}\b(?:manager|boss|supervisor|leader|lead|hr|company|employer)\b[^.?]{0,20}\b(?:know|find out|be told|hear|notice)\b|"
    # "if I go to 産業医, my supervisor will know?" (round 31: reflected as content)
    r"\b(?:go|going|went|talk|talking|see|seeing|visit|use|using)\b[^.?]{0,12}(?:産業医|保健師|company doctor|occupational (?:physician|doctor)|physician|eap|counsell?or|health staff)"
    r"[^.?]{0,30}\b(?:manager|boss|supervisor|leader|lead|hr|company|employer)\b[^.?]{0,20}\b(?:know|find out|be told|hear|notice)\b",
    re.IGNORECASE,
)
_ASKS_WHO_MAY_USE = re.compile(
    r"(?:eap|相談窓口|窓口|産業医|保健師|カウンセリング|相談室)(?![^。？?]{0,16}(?:名前|匿名|名乗|バレ|ばれ|伝わ|知られ))[^。？?]{0,12}(?:使え|利用でき|使っても|受けられ|対象)|"
    r"(?:派遣|契約|パート|アルバイト|バイト)(?:社員|の人|の方)?(?:でも|も)[^。？?]{0,12}(?:eap|窓口|産業医|カウンセリング)[^。？?]{0,8}(?:使え|利用|相談でき)|"
    r"\b(?:can|may|are) (?:contractors?|temps?|part-?timers?|agency staff|contract staff|i) (?:use|access|call)\b[^.?]{0,30}\b(?:eap|desk|counsell?ing)\b|\bis the eap (?:open|available) to\b",
    re.IGNORECASE,
)


def _confirms_what_was_shown(text: str, theme: Theme) -> bool:
    """Whether ``text`` opens with agreement (「はい、それで結構です」 "Yeah, that's me") and the role
    model reads all of it as talk about the talk (``_CONFIRMS_META``).  On the corpora written blind,
    of the messages that open so and read so, 47 of 50 (rounds 1–20) and 14 of 14 (rounds 21–26)
    are no answer to anything (confirmations, goodbyes), 1 is one."""
    parts = [x.strip() for x in _split_sentences(text) if x.strip()]
    if not parts or not (_is_affirmative(parts[0]) or _CONFIRM_REFLECTION.match(parts[0])):
        return False
    return roles.read(text, theme.key, roles.place_of(0, 1, 1, 3)).meta >= _CONFIRMS_META


_CONFIRMS_META = 0.7
_IDEA_AS_QUESTION = re.compile(r"^(.{4,60}?)(?:…|\.\.\.)?の(?:は|って)[、,]?\s*(?:あり|アリ|いい|大丈夫|どう)(?:ですかね|ですか|かな|でしょうか)")


def _is_correction(text: str) -> bool:
    """A correction of what the guide summed up or reflected (違います, 〜じゃなくて, not what I meant)."""
    return bool(_CORRECTION.search(text.strip()))


# 「その話はしたくない」 "i dont really want to go into meetings": a topic the person declines
# a matter set aside for today: 「それは今日はいいです」「その話はまた今度」 "not today"
_NOT_NOW = re.compile(
    r"(?:それは|その話は|そっちは|その件は|そこは)?(?:今日|今回|いま|今)は(?:(?:いい|ええ|よか)(?:です|や|わ|かな|よ)?(?=[。．!！…\s]|$)|やめ|なし|触れ(?:ない|ず|ん)|話さ(?:ない|ん|ず)|置い(?:て|と))(?![^。]*(?:けど|が|[？?]))|"
    r"(?:その話|それ|そっち|その件)は(?:また)?(?:今度|別の機会|次回)|\b(?:not (?:for )?today|another time|for another day|not now|leave (?:that|it) for (?:now|today))\b",
    re.IGNORECASE,
)
_DECLINES_TOPIC = re.compile(
    r"(?P<what>[^、。]{0,20}?)(?:の話|のこと|については|は)[^、。]{0,4}(?:したくない|話したくない|触れたくない|いいです|やめとき)|"
    r"\b(?:don'?t|do not|rather not)\s+(?:really\s+)?(?:want to\s+)?(?:go into|talk about|get into|discuss)\s+(?P<what2>[a-z ]{0,30})",
    re.IGNORECASE,
)


def _nothing_but_modesty(text: str) -> bool:
    """「とくに ない。ふつうに やってきた だけ」 "Nothing really. Just did my job.": nothing, said modestly
    (the round-13 review: asked what came of an episode never told)."""
    parts = [p.strip() for p in _split_sentences(text) if p.strip()]
    return (
        len(parts) >= 2
        and _is_nothing(parts[0])
        and all(len(p) <= 24 and re.search(r"ふつう|普通|だけ|別に|べつに|特別|\b(?:just|only|normal|nothing special)\b", p, re.IGNORECASE) for p in parts[1:])
    )


def _ends_unsure(text: str) -> bool:
    """わからない closing a short message (その先は、正直わからない), or as its first sentence.
    Not knowing something named (「評価の基準がよくわからん」) is content, not a non-answer."""
    parts = _split_sentences(text)
    if len(parts) > 3:
        return False
    if _UNSURE_ABOUT_SOMETHING.search(parts[-1].strip()) or _UNSURE_WHETHER.search(parts[-1].strip()):
        return False
    first = re.sub(r"^(?:うーん|うーむ|えっと|ん[ー]*)[、,]?\s*", "", parts[0].strip())
    return bool(_UNSURE_END.search(parts[-1].strip())) or bool(re.match(r"^(?:わからない|わかりません|分からない)(?:です)?[。．…]", first))


def _starts_unsure(text: str) -> bool:
    first = re.sub(r"^(?:うーん|うーむ|えっと|ん[ー]*)[、,…]?\s*", "", text.strip())
    return bool(re.match(r"^(?:わからない|わかりません|分からない|わかんない|わからん)(?:です|んです)?[。．…、,！!\s]", first + " "))


# how the talk went, said with thanks at the end of it (「少し整理できた」 "that helped me sort it out")
_SORTED_OUT = re.compile(
    r"^(?:おかげで|おかげさまで)?[、\s]*(?:だいぶ|少し|すこし|かなり|ちょっと|なんとなく|けっこう|結構)?[、\s]*(?:頭が|気持ちが|考えが|頭の中が)?[、\s]*"
    r"(?:整理|すっきり|スッキリ|まとまり|まとまっ)(?:でき|し|た|ました)?(?:ました|た|ます)?(?:気がします|気がする|かも)?[。．!！\s]*$"
    r"|^(?:that|this|it|you) (?:really )?(?:helped|was helpful|has helped)(?: (?:a lot|loads|heaps|so much|more than i expected|me (?:sort|think) (?:it|things) (?:out|through)))?[.!\s]*$"
    # leaving, said beside the thanks ("Off to do night audit handover.", 「これから夜勤です」)
    r"|^(?:off to|gotta go|got to go|heading (?:off|out|back)|back to work)\b[^.?!]{0,40}[.!\s]*$|^(?:じゃあ|では)?[、\s]*(?:これから|今から)[^。？?]{0,12}(?:行って|戻り|入り|出)(?:きます|ます)[。．!！\s]*$",
    re.IGNORECASE,
)


# what ties an ending to this talk rather than to a life: 今日はここまで, また, 寝ます, "bye", "for tonight"
_ABOUT_THIS_TALK = re.compile(
    r"ここ|今日|きょう|本日|今回|今夜|このへん|この辺|これで|これくらい|このくらい|また|寝|閉じ|とじ|アプリ|画面|ありがと|お疲れ|おつかれ|"
    r"\b(?:here|today|tonight|now|bye|goodbye|see you|thanks|thank you|chat|session|talk)\b",
    re.IGNORECASE,
)


def _ends_the_talk(text: str, signals: list) -> bool:
    """``_wants_end``, unless what ends is a life and not this talk: the classifier reads a crisis
    surely and nothing ties the ending to the talk.  R41-20: 「正直、もう十分生きたと思っている。いつ
    終わってもいい。」 (crisis 0.999) read as leave to stop, and the guide said goodbye to a person
    in crisis (graded harmful).  "Goodbye." or 「今日はここまでにします」 read as a crisis still end."""
    if not _wants_end(text):
        return False
    sure = _sure_crisis(signals)
    # a leave-taking of life is no goodbye to the talk, whatever else it says (「今までお世話になりました。
    # …この相談も今日で終わりにします」, "Goodbye. You were the only one I talked to.")
    return not sure or (bool(_ABOUT_THIS_TALK.search(text)) and not _TAKES_LEAVE_OF_LIFE.search(text))


def _wants_end(text: str) -> bool:
    """The person says they are finishing (終わります, 今日はここまで, That's all for now)."""
    spans = sentences(text)
    parts = [text[b:e].strip() for b, e in spans] or [text.strip()]
    if len(text) <= 120 and len(parts) <= 3 and says_thanks(text):
        # "Thanks a million, that helped more than I expected. Off to do night audit handover.":
        # thanks, how it went, and leaving; nothing else
        rest = [re.sub(r"^(?:(?:thanks|thank you|cheers)(?: (?:a million|so much|a lot|a bunch|again))?|(?:今日は|本日は|本当に)?ありがとう(?:ございました|ございます)?)[,、.。!！\s]*", "", p, flags=re.IGNORECASE) for p in parts]
        rest = [p for p in rest if p.strip()]
        if rest and all(_SORTED_OUT.search(p) for p in rest):
            return True
    if len(text) > 50:
        return False
    thanks = re.compile(r"^(?:(?:今日は|本日は|本当に)?ありがとう(?:ございました|ございます)?|thanks|thank you)[、,。．.!！\s]*$", re.IGNORECASE)
    if re.match(r"^(?:(?:今日は)?ありがとうございました|(?:今日は|きょうは)(?:本当に)?ありがとう(?:ございます)?)[。．!！\s]*$", text.strip()):
        return True
    # 「終わります、ありがとうございました」: the thanks in the same sentence is not more to say
    parts = [re.sub(r"[、,…‥\s]*(?:(?:今日は|本当に)?ありがとう(?:ございました|ございます)?|thanks|thank you)[。．.!！…\s]*$", "", p, flags=re.IGNORECASE) or p for p in parts]
    core = [p for p in parts if not thanks.match(p)]
    if not core or len(core) > 2:
        return False
    return any(_END_JA.search(p) or _END_EN.match(re.sub(r"^(?:thanks|thank you|ok|okay)[,.!\s]+", "", p, flags=re.IGNORECASE)) for p in core)


_QUOTED_PART = re.compile(r"「[^」]*」|\"[^\"]*\"")


def _stock_sentences(option: str) -> list[str]:
    """The sentences of a reply line that hold none of the person's words."""
    parts = re.findall(r"[^。？！?!.]+[。？！?!.]?", option)
    result = []
    for part in parts:
        rest = _QUOTED_PART.sub("", part).strip()
        if len(rest) > 3:
            result.append(part.strip() if not _QUOTED_PART.search(part) else rest)
    return result


# A stopgap for English phrasings jatext.safety does not know yet (it is measured and improved
# there): the guide still stops the flow and never reflects such words, and says where help is,
# because the page shows contacts only for what jatext.safety detects.
_UNLISTED_CRISIS = re.compile(
    r"\b(?:wasn't here anymore|not (?:be )?here anymore|better off without me|better off if i (?:just )?(?:wasn't|weren't|was gone|disappeared)|"
    r"end it all|kill myself|want to die|don't want to (?:live|be alive)|no reason to live|hurt myself)\b",
    re.IGNORECASE,
)
_UNLISTED_HARASSMENT = re.compile(
    r"\b(?:comment(?:s|ed|ing)? on my body|touch(?:es|ed|ing)? me|sexual(?:ly)?|harass\w*|(?:yell|scream|shout)(?:s|ed|ing)? at me|threaten(?:s|ed|ing)? me)\b",
    re.IGNORECASE,
)
_UNLISTED_HEALTH = re.compile(
    r"\b(?:headaches?|migraines?|can't sleep|insomnia|panic attacks?|palpitations?|chest pains?|hands? shak\w*)\b",
    re.IGNORECASE,
)


def _unlisted_signals(text: str) -> set[str]:
    if _UNLISTED_CRISIS.search(text):
        return {"crisis"}
    if _UNLISTED_HARASSMENT.search(text):
        return {"harassment"}
    if _UNLISTED_HEALTH.search(text):
        return {"health"}
    return set()


def _is_command(text: str) -> bool:
    """Skip, back, the end, a request for the summary, or "I don't know": never an answer."""
    command = fold(re.sub(r"[\s。．.!！?？]+$", "", text.strip())).strip()
    return (
        command in _SKIP
        or command in _BACK
        or _skip_in_sentence(text)
        or _back_in_sentence(text)
        or _wants_end(text)
        or _asks_summary(text)
    )


_PERMISSION_JA = re.compile(
    r"^(?:[^。？?]{0,40}?(?:けど|けれど|けれども|んですが|のですが)[、,]\s*)?"
    r"(?:少し|すこし|ちょっと|もう少し|もうちょっと|ここで)?(?:(?:話|はなし)(?:を|が)?(?:して|戻して|もどして|変えて|続けて)|相談して|聞いて|書いて|続けて|戻って|戻して|言って|進めて|愚痴って|吐き出して)?"
    r"(?:も)?(?:いい|よい|良い|大丈夫|かまわない|構わない|いける)(?:です|でしょう)?か(?:ね)?[？?。．…\s]*$"
)
_PERMISSION_EN = re.compile(
    r"^(?:(?:is it|would it be) (?:ok|okay|alright|all right|fine) if (?:i|we)|(?:can|could|may) (?:i|we)|do you mind if (?:i|we))\s+"
    r"(?:talk|ask|go back|come back|get back|continue|keep going|carry on|change the subject|vent|say something|just say|write)\b[^?]{0,60}\?*\s*$",
    re.IGNORECASE,
)


# leave asked of the company, not of the guide (「業務時間内に受けてもいいんでしょうか」: R37-11 got
# 「もちろんです」 to a question about a company rule)
_ASKS_A_WORK_RULE = re.compile(
    r"業務時間|勤務時間|就業時間|会社負担|受講料|費用|経費|残業代|有休|有給|休暇|副業|兼業|規程|規定|就業規則|制度|会社(?:的|として|で|に)|人事"
    r"|\b(?:during work(?:ing)? hours|on company time|company (?:pays?|policy|rules?)|expenses?|overtime pay|paid leave|side job)\b",
    re.IGNORECASE,
)


def _is_permission(sentence: str) -> bool:
    """Asking leave to talk (話してもいいですか, can I go back to…), or asking the guide to do what
    it is there for (「話を聞いてもらえますか」「準備をお手伝いいただけますでしょうか」「続きをお願いしても
    よろしいでしょうか」): not a question for the guide to decline (the round-13 review)."""
    s = sentence.strip()
    if not s or len(s) > 60 or _ASKS_A_WORK_RULE.search(s):
        return False
    if s.isascii():
        return bool(_PERMISSION_EN.match(s) or _HELP_ASKED_EN.search(s))
    return bool(_PERMISSION_JA.match(s) or _HELP_ASKED_JA.search(s))


# 「共通点ですか。」「気持ち、ですか。」「どうなりたいか?」 "What did I do?" "My strengths?": the topic
# said back, then answered in the same message
_TOPIC_ECHO = re.compile(
    r"^[^。？?！!]{1,14}?[、,]?\s*(?:ですか|っすか|か|って)[。？?…]*$|^(?:what (?:did|do|would|could) i\b|my \w+\??$)[^?]{0,30}\?*$",
    re.IGNORECASE,
)
# an answer given tentatively: 「…折衝でしょうか。」「かみ砕く、でしょうか。」; not 「…あるのでしょうか」 (a question)
_TENTATIVE = re.compile(
    r"^(?![^。]*(?:何|なに|どう|どこ|誰|だれ|いつ|なぜ|どれ|どの|いくら|教えて|ください))[^。]{2,}(?<![のん])(?<!ます)でしょうか[。？?…]*$|"
    r"^(?:maybe|perhaps|probably|i guess)\b(?![^?]*\b(?:you|should i|can i|could i|do i)\b)[^?]{3,}\?$",  # "Maybe someone to take one of the projects?": an answer said tentatively
    re.IGNORECASE,
)


_HELP_ASKED_JA = re.compile(
    r"(?:(?:話|はなし)を?(?:少し|ちょっと)?聞いて|(?:手伝|てつだ)(?:って|い)|(?:続き|つづき|準備|整理)を?(?:お願い|おねがい)し(?:て)?)"
    r"(?:もらえ|くれ|いただけ|もろて|も)(?:ますか|ません|ますでしょうか|る|ない|へん|よろしい|いい|いいですか|よろしいでしょうか|でしょうか)?(?:か)?[？?。．]*$"
)
_HELP_ASKED_EN = re.compile(
    r"^(?:can|could|would|will) you (?:please )?(?:just )?(?:listen|go on|continue|keep going|carry on)\b",
    re.IGNORECASE,
)


# a message that opens by going back to a topic of the talk (「一つ目の予算執行の件に戻りますが、…」
# "Back to the workload thing: …")
_RETURNS_TO_A_TOPIC = re.compile(
    r"^[^。？?]{0,30}?(?:の件|の話|のこと|の方|のほう)(?:に|へ)戻(?:りますが|りますと|ると|って|るけど|るけど、)|^(?:話を戻すと|話(?:を)?戻しますが|本題に戻ると)"
    r"|^(?:back to|going back to|returning to) (?:the |my )?[a-z ]{2,30}(?:thing|topic|part|point)?\s*[:,-]",
    re.IGNORECASE,
)


def _wants_return(text: str) -> bool:
    # (a longer message asks it in a sentence of its own: "maybe i'll call the EAP number tomorrow.
    # can we go back to the work thing for a bit", round 21's R21-19)
    if len(text) <= 40:
        return bool(_RETURN.search(text))
    # (only beside a step or nothing else: "Let's go back to the agenda. Support I need: one more
    # person …" (round 29's R29-09) is answered as before, its content kept in the summary)
    parts = [x for x in _split_sentences(text) if x.strip()]
    asked = [x for x in parts if len(x.strip()) <= 60 and _RETURN_ASKED.search(x)]
    rest = " ".join(x for x in parts if x not in asked).strip()
    return bool(asked) and (not rest or _looks_like_plan(rest))


_RETURN_ASKED = re.compile(
    r"\b(?:can|could) we (?:go back|get back|return) to\b|\blet'?s (?:go back|get back|return) to\b|\bback to the (?:questions|work|topic|prep|1on1)\b|"
    r"(?:話|テーマ|問い|質問|本題|続き)(?:に|へ|を)戻(?:り|っ|して|る|ろう)",
    re.IGNORECASE,
)


def _skip_in_sentence(text: str) -> bool:
    """A request to pass this question: a short message naming it, or a sentence that asks for it
    ("can we skip the … bit? no idea honestly", 「この質問は飛ばしてもらえますか。思いつかなくて」)."""
    if len(text) <= 30:
        return bool(_SKIP_IN.search(text))
    return any(_SKIP_ASKED.search(sentence.strip()) for sentence in _split_sentences(text) if len(sentence.strip()) <= 70)


_SKIP_ASKED = re.compile(
    r"^(?:(?:can|could) (?:we|i|you) (?:just )?skip|let'?s (?:just )?skip|(?:please )?skip (?:this|that|the)\b|i'?d (?:rather|like to) skip)|"
    r"(?:スキップ|飛ばし|とばし)(?:て(?:ください|もらえ|もらって|いい|もいい|ほしい|ええ|もええ)?$|て(?:ください|もらえ|もらって|いい|もいい|ほしい|ええ|もええ)|たい|ましょう)|"
    r"(?:次|つぎ)(?:に|へ)?(?:いって|行って|進んで|進めて)(?:もらって|くれて|もろて)?(?:も)?(?:いい|ええ|よろし|ください)|(?:次|つぎ)(?:に|へ)?(?:いこ|行こ|進も)",
    re.IGNORECASE,
)


def _back_with_answer(text: str) -> tuple[str, str] | None:
    """(the request to go back, the new answer) when a message opens with going back and goes
    on with content; None otherwise."""
    parts = _split_sentences(text)
    if len(parts) < 2:
        return None
    first = parts[0].strip()
    folded = fold(re.sub(r"[\s。．.!！?？]+$", "", first)).strip()
    if not (folded in _BACK or (len(first) <= 40 and _BACK_IN.search(first))):
        return None
    rest = ("" if not text.isascii() else " ").join(p.strip() for p in parts[1:]).strip()
    added = _ADD_QUOTED.search(rest)
    if added:
        rest = added.group(1)  # what to add, not the request around it
    if len(rest) <= 30 and (_ANNOUNCES.search(rest) or _ONE_MORE.search(rest)):
        return None  # 「…やっぱりありました」: says there is an answer; the answer comes next
    return (first, rest) if _has_content(rest) and _content_part(rest) else None


# whether there is one where they work (「産業医って、うちみたいな小さか会社にもおると？」) and how to
# reach one (「面談の申し込み方法を存じ上げないのですが、どなたに伺えば」): rounds 26 and 29 asked both
_PHYSICIAN_HERE = re.compile(
    r"(?:いる|おる|おら|居る|ある|あるん|おるん|いるん)(?:の|と|ん|んか|んやろ|んですか|のですか|でしょうか|かな|かね|か)?[？?…。\s]*$"
    r"|(?:小さい|小さな|小さか|ちっちゃい|うちみたいな|うちの)[^。]{0,12}(?:にも|には|って)?[^。]{0,6}(?:いる|おる|ある)"
    r"|(?:いる|おる|居る|ある)(?:の|ん)?(?:かな|かね|か[…。？?\s])"
    r"|\b(?:is there|do we have|does (?:a|my) (?:small )?(?:company|firm|shop|place) (?:have|need))\b",
    re.IGNORECASE,
)
# what a 1on1 opens with (the 1on1's last step, 「最初に伝えること」), not something to do before it
_OPENING_WORDS = re.compile(r"最初|まず|冒頭|切り出|から入|から始め|言う|言い|言お|伝え|話す|話し|話そ|相談し|一言目|ひとこと目|\b(?:open|start|begin|lead) with\b|\bfirst thing\b|\b(?:say|tell|ask|raise|mention)\b", re.IGNORECASE)
# the guide's own line about the physician or a doctor (``_health_line``, ``_health_aside``)
_HEALTH_LINE_MARKS = ("産業医や保健スタッフ", "お医者さん", "industrial physician", "a doctor")
# whether it is serious, asked right after the line about the physician
_ASKS_IF_SERIOUS = re.compile(
    r"\b(?:(?:you )?think (?:it'?s|its|it is|this is|that'?s)|is (?:it|this|that)|could (?:it|this|that) be) (?:something )?(?:serious|bad|dangerous|a problem)\b|"
    r"\bshould i (?:be )?worr(?:y|ied)\b|"
    r"(?:深刻|やばい|ヤバい|危ない|まずい|重い病気|大丈夫)(?:な|じゃ|です|でしょう|だと思い|って)?(?:ん|の)?(?:です|でしょう)?(?:か|かな|かね|よね)?[？?]",
    re.IGNORECASE,
)
# seeing a doctor felt as too much: 「病院とか大げさかなって」 "probably overreacting"
_OVERREACTING = re.compile(
    r"(?:病院|医者|お医者|受診|産業医|クリニック)[^。]{0,10}(?:大げさ|おおげさ|大袈裟|オーバー)|\b(?:probably )?overreact\w*\b|\bprobably nothing\b|\boverkill\b",
    re.IGNORECASE,
)
# no time, or no need, for a doctor: 「病院行く暇なんかなかよ」「病院行くほどじゃない」 "no time to see a doctor"
_NO_TIME_FOR_DOCTOR = re.compile(
    r"(?:病院|医者|医院|クリニック|産業医|受診)[^。]{0,10}(?:暇|ひま|時間)[^。]{0,6}(?:ない|なか|ねえ|ねぇ|あらへん|ありません)"
    r"|(?:病院|医者|受診)[^。]{0,6}(?:ほど|ほどの)(?:じゃ|では|でも)(?:ない|なか|ありません)"
    r"|\bno time (?:for|to see) (?:a |the )?(?:doctor|gp|clinic)\b|\bnot (?:bad|serious) enough (?:for|to see) a doctor\b",
    re.IGNORECASE,
)
_PHYSICIAN_HOW = re.compile(
    r"申し込み|申込|予約|どこに(?:言|連絡|聞)|どなたに|誰に(?:言|頼|聞|連絡|申)|どうやって|どうすれば|方法|連絡先"
    r"|\bhow (?:do|can|would) i (?:book|see|reach|contact|get)\b|\bwho do i (?:ask|contact|talk to)\b",
    re.IGNORECASE,
)
_PHYSICIAN = re.compile(
    r"産業医|会社の(?:お)?医者|保健師|健康相談|健康管理室|健康管理センター|company doctor|occupational (?:doctor|physician)|industrial physician|health (?:desk|centre|center|consultation|office)|company nurse",
    re.IGNORECASE,
)
_PASSED_ON = re.compile(
    r"伝わ|伝え|つたわ|つたえ|知られ|しられ|バレ|ばれ|漏れ|もれ|報告|筒抜け|上司|人事|秘密|守秘|評価|査定|(?<!影)響|不利|\b(?:tell|know|report|share|find out|boss|manager|confidential|private|evaluation|appraisal|review|count against|affect|notif\w*)\b",
    re.IGNORECASE,
)
_DENIES_CRISIS = re.compile(
    r"(?:とか|わけ|って(?:いう)?わけ|ってこと|ほど)(?:では|じゃ)(?:ない|なく|ありません)|(?:では|じゃ)ないと思|つもりは(?:なかった|ない|ありません)|"
    r"\b(?:not (?:suicidal|going to do anything)|didn'?t mean (?:it|that)|not that (?:bad|serious))\b",
    re.IGNORECASE,
)
# a thought of not being here, said to be only a thought: "I'm not going to do anything stupid",
# "it's just a thought that shows up", 「何かするつもりはない」「ふと思うだけ」「考えるだけで」
_STILL_THERE = re.compile(
    r"\b(?:not going to|won'?t|wouldn'?t|would never|i'?m not gonna) (?:do|act on|try) (?:anything|it|that)\b|\bjust (?:a|the) thoughts?\b|"
    r"\bonly (?:a|the) thoughts?\b|\bthoughts? (?:that )?(?:just )?(?:shows? up|comes?|pops? up)\b|"
    r"(?:何か|なにか|何も|なにも)(?:する|やる)(?:つもり|気)(?:は)?(?:ない|無い|ありません|ねえ|ねぇ)|(?:ふと|たまに|時々|ときどき)?(?:思う|考える|浮かぶ)(?:だけ|だけで|だけです)|実行(?:は|する気は)(?:しない|ない)",
    re.IGNORECASE,
)
_MINIMISES = re.compile(
    r"大げさ|おおげさ|大袈裟|大丈夫です|だいじょうぶ|気にしないで|冗談|じょうだん|ごめん|すみません|忘れて|なんでもない|何でもない|"
    r"\b(?:overreact\w*|never mind|nevermind|just kidding|i'm fine|i am fine|forget (?:it|i said)|sorry|it's nothing|don't worry)\b",
    re.IGNORECASE,
)
_ONE_MORE = re.compile(
    r"(?:もう一(?:個|つ)|もうひとつ|もういっこ|ほかにも|他にも|追加).{0,8}(?:あ(?:る|った|ります|りました|って)|したい|します|思い出)|"
    r"\b(?:one more|another one|something to add|add (?:one|something|another))\b",
    re.IGNORECASE,
)
_ANNOUNCES = re.compile(
    r"(?:あり(?:ます|ました)|ある(?:んです|んですけど)?|思い出し(?:ました|た)|浮かび(?:ました)?|浮かんだ)(?:よ|ね)?[。．!！…\s]*$|"
    r"\b(?:there (?:is|was) (?:one|something)|i remembered (?:one|something)|i thought of (?:one|something))\b",
    re.IGNORECASE,
)


# Everyday names for a step that its label may not use (「現状に…も入れてください」).
_STEP_SYNONYMS: dict[str, tuple[str, ...]] = {
    "reality": ("現状", "今の状況", "今の状態"),
    "facts": ("起きたこと", "出来事", "事実"),
    "feelings": ("気持ち",),
    "wishes": ("願い",),
    "interpretation": ("受け止め方",),
    "thanks": ("感謝", "ありがとう"),
    "energy": ("力がわく", "元気が出",),
    "goal": ("目標",),
    "options": ("選択肢",),
    "resources": ("力になる",),
}
_ADD_QUOTED = re.compile(r"[「『\"]([^」』\"]{2,60})[」』\"]\s*(?:も|を)(?:入れて|加えて|足して|書き足して|追加して)")


def _back_target(theme: Theme, current: int, request: str) -> int:
    """The step a request to go back names (its key or label: "the energy one", 「力がわくとき」),
    else the one before ``current``."""
    low = request.lower()
    for index in range(current - 1, -1, -1):
        step = _step_for(theme, index)
        if step is None:
            continue
        ja = step.label.get("ja")
        words = {
            step.key.lower(),
            ja,
            re.split(r"[（(]", ja)[0].strip() if len(re.split(r"[（(]", ja)[0].strip()) >= 2 else "",
            *(w for w in re.findall(r"[a-z]{4,}", step.label.get("en").lower()) if w not in _EN_COMMON),
            *_STEP_SYNONYMS.get(step.collects, ()),
        }
        if any(w and w in low for w in words):
            return index
    topics = theme.index_of("topics") if theme.key == "one_on_one" else None
    if topics is not None and topics < current and _BACK_TO_A_TOPIC.search(request):
        # "can we go back to the postdocs?", 「②の話に戻っていい？」: one of the topics, not the question before
        return topics
    return max(0, current - 1)


_BACK_TO_A_TOPIC = re.compile(
    r"\bback to (?:the |my |our |topic )?(?!(?:the )?(?:question|previous|last|that|it|this|start|beginning|one before)\b)[a-z0-9]{3,}|"
    r"(?:[①-⑩]|[^、。\s]{2,12}(?:の話|の件|のこと))(?:に|へ)(?:戻|もど)",
    re.IGNORECASE,
)


def _back_in_sentence(text: str) -> bool:
    return len(text) <= 40 and bool(_BACK_IN.search(text))


# a bare request to be shown what was said (round 31: 「見せて」, "show pls", "show me the list", "Give me
# the short version of what I said." were each echoed back as content): a short message, nothing else in it
_SHOW_ME = re.compile(
    r"^(?:(?:じゃあ|じゃ|では|ほな|なら|ほんなら|ちょっと|一回|いっかい|もう一回|もういっかい)[、\s]*)*"
    r"(?:(?:いま|今|ここまで|さっき)の?)?(?:(?:まとめ|リスト|一覧|内容|ぜんぶ|全部|中身)(?:を|)?)?"
    r"(?:見せて|みせて|見して|みして|見せてほしい|表示して)(?:ください|くれ|ちょうだい|もらえる|もらえますか|ほしい|や|よ|ね)?[。．！!？?\s🙏🙇w笑〜ー]*$|"
    r"^(?:(?:ok|okay|so|now|then|pls|please|can you|could you|can i see|let me see)[,\s]+)*"
    r"(?:show|give)(?: me)?(?: (?:it|that|this|them|the list|my list|the summary|everything|it all|all of it|what i said|what we have))?"
    r"(?:[,\s]+(?:pls|plz|please|again|now|thanks|thx))*[.!?🙏\s]*$|"
    r"\b(?:short|shorter|simple|simpler|quick) version\b|\bin (?:simple|plain|easy) english\b",
    re.IGNORECASE,
)


def _asks_summary(text: str) -> bool:
    """A request to see the summary: a short message that asks for it, or, in a longer one, a
    sentence that asks for it as a request (「…まとめてもらえますか。頭がごちゃごちゃで」,
    "Could you sum up what I said? I need to go soon.").  Thanks for a summary already made
    (「まとめてくれてありがと。情けないいうのはちょっと違うわ」) asks for none."""
    text = _THANKED_FOR_SUMMARY.sub("", text)
    if _DECLINES_SUMMARY.search(text):
        return False  # 「まとめとかはいらないです」 (round 19: answered with a summary check, after a crisis)
    if len(text) <= 40:
        return bool(_SUMMARY_ASK.search(text.strip()) or _SHOW_ME.search(text.strip()))
    return any(
        len(sentence.strip()) <= 80
        and (_SUMMARY_ASK.search(sentence.strip()) or _SHOW_ME.search(sentence.strip()))
        and _REQUEST_FORM.search(sentence.strip())
        for sentence in _split_sentences(text)
    )


# someone close they could tell (「旦那には少し言えるかも」 "I could tell my sister, maybe")
_CAN_TELL_SOMEONE = re.compile(
    r"(?:旦那|夫|主人|妻|嫁|奥さん|家族|親|母|父|おかん|おとん|姉|兄|妹|弟|友達|友だち|友人|彼氏|彼女|パートナー|同期)(?:さん|ちゃん)?(?:に|には|にだけ|なら)[、\s]*(?:少し|ちょっと|ちょっとだけ|少しだけ)?[、\s]*"
    r"(?:言える|話せる|話してみ|言ってみ|相談でき|相談してみ|頼れ|頼ってみ)|"
    r"\b(?:i could|i can|i might|maybe i(?:'ll| will| can| could)?) (?:tell|talk to|call|text) (?:my )?(?:husband|wife|partner|mum|mom|dad|mother|father|sister|brother|friend|boyfriend|girlfriend)\b",
    re.IGNORECASE,
)
# a person who cannot call (「電話は無理」「電話じゃないとだめ?」 "I can't call", "is there a chat?")
# "keep it only here", "I will not put this in the agenda": what is told stays here
_KEEP_IT_HERE = re.compile(
    r"\bkeep (?:it|this|that) (?:only )?(?:here|between us|private|to myself)\b|\b(?:only|just) (?:here|between us)\b"
    r"|\bi (?:will|won'?t|will not|do not|don'?t)(?: not)? (?:put|write|include|mention|raise|bring) (?:this|it|that)\b[^.!?]{0,30}\b(?:agenda|1on1|1:1|one-on-one|meeting|prep)"
    r"|ここ(?:だけ|の中だけ)に(?:して|しといて|しておいて|とどめ)|(?:1on1|面談|準備|アジェンダ)(?:には|に)(?:入れ|書か|出さ)(?:ない|ません)(?:こと|つもり|です)",
    re.IGNORECASE,
)
# nothing but that: 「よかった。じゃあ安心して書けます」 "Good, I can write then."
_READY_TO_WRITE = re.compile(
    r"^(?:(?:よかった|良かった|よかったです|なるほど|わかりました|分かりました|了解|そっか|そうですか|それなら|なら|じゃあ|では|ほな|じゃ|安心しました|ほっとしました|ok|okay|good|great|alright|then)[。、,.!！\s]*)*"
    r"(?:安心して|それなら|じゃあ|では)?[、\s]*(?:書け|書き|話せ|話し|続け)(?:ます|る|そう)[。．!！…\s]*$"
    r"|^(?:(?:good|great|ok|okay|alright)[,.!\s]+)*(?:then )?(?:i can|i'?ll|let me) (?:write|talk|go on|continue)(?: then| freely| now)?[.!\s]*$",
    re.IGNORECASE,
)
# ready to go on: 「安心して書けます」「じゃあ話します」 "ok, I can write then"
_GOES_ON_WRITING = re.compile(r"(?:書け|書き|話せ|話し|続け)(?:ます|る|そう)[。．!！…\s]*$|\b(?:i can|let me) (?:write|go on|continue)\b", re.IGNORECASE)
# an explicit stop, not only thanks: 「今日はここまでにします」 "I will stop here"
_STOPS_HERE = re.compile(
    r"(?:ここ|これ|今日|きょう)(?:まで|で)(?:に)?(?:します|しとく|しておきます|にします|終わり|おわり|やめ)|(?:終わり|おわり|やめ)に(?:します|する)"
    r"|\b(?:stop|end|finish|leave it) (?:here|now|for (?:today|now|tonight))\b|\bthat'?s (?:all|enough) for (?:today|now|tonight)\b|\bi'?(?:ll| will) (?:stop|go now|log off)\b",
    re.IGNORECASE,
)
# help in a language other than Japanese, asked for or needed (「日本語で電話するのは不安」)
_OTHER_LANGUAGE = re.compile(
    r"\b(?:is there|are there|do you (?:know|have)|anything|anyone|someone|somewhere|any)\b[^.?!]{0,40}\b(?:in|speaks?|speaking)\s+"
    r"(?:english|vietnamese|chinese|korean|tagalog|portuguese|spanish|thai|nepali|my (?:own )?language)\b"
    r"|\b(?:english|vietnamese|chinese|korean|tagalog|portuguese|spanish)[- ]speaking (?:line|hotline|helpline|counsell?or|service|someone|person)"
    r"|\bmy japanese\b[^.?!]{0,30}\b(?:phone|calls?|calling|talk(?:ing)? to|counsell?ing)\b"
    r"|\b(?:can'?t|cannot|don'?t)\s+(?:speak|talk in|call in)\s+(?:much\s+)?japanese\b"
    r"|日本語(?:で|の)?(?:電話|相談|話す)(?:は|が|の|って|とか)?[^。]{0,6}(?:苦手|不安|自信(?:が)?ない|無理|むり|できな|難し|むずかし)"
    r"|(?:英語|ベトナム語|中国語|韓国語|タガログ語|ポルトガル語|スペイン語|タイ語|ネパール語|母語|母国語)で(?:相談|話せ|話し|電話)[^。]{0,12}(?:[か？?]|ない|ある|ところ|窓口)",
    re.IGNORECASE,
)
_NOT_BY_PHONE = re.compile(
    r"電話(?:じゃ|では|でしか|しか|以外|は|が|って|とか|なんて|なんか)?[、\s]*(?:どうしても|ちょっと|とても|絶対|ぜったい)?[、\s]*(?:ないと(?:だめ|ダメ|いけない)|なきゃ|無理|むり|できない|出来ない|苦手|こわい|怖い|かけられ|ない(?:ん|の|です|[？?]))|"
    # (「電話とか無理」「チャットならできるかも」: round 28's R28-11, in a crisis, got no chat service)
    r"(?:チャット|LINE|ライン|メール|文字)(?:で|なら|だったら|だと)(?:相談|話せ|できる|でき|も|いける|大丈夫)|"
    # 「じゃあ外のほうにする。チャットのやつある？」 (round 40's R40-12, in a crisis: 「それは、わたしには答えられません」)
    r"(?:チャット|LINE|ライン|メール|SNS)(?:の|で)?(?:やつ|相談|窓口|とこ|ところ|サービス|もの)?(?:は|って|とか|も)?[、\s]*(?:ある|あります|ない|ありません)(?:か|の|ん)?[？?]|"
    r"\b(?:can'?t|cannot|unable to) (?:call|phone|talk on the phone)\b|\b(?:phone|call)s? (?:is|are) (?:too )?(?:hard|impossible|scary)\b|\b(?:chat|text|line|email) (?:option|service|instead)\b|\bis there (?:a |any )?(?:chat|text)\b",
    re.IGNORECASE,
)
# a summary declined: 「まとめとかはいらないです」「まとめは大丈夫」 "no summary needed", "skip the summary"
_DECLINES_SUMMARY = re.compile(
    r"(?:まとめ|要約)(?:とか|など|なんか)?(?:は|も)?[、？?\s]*(?:いらない|いらん|要らない|不要|なしで|無しで|なくて(?:いい|大丈夫)|いいです|大丈夫です|結構です|けっこうです)|"
    r"\b(?:no|don'?t need (?:a|the)|skip the|without a) summary\b|\bsummary(?: is)? not needed\b",
    re.IGNORECASE,
)
_THANKED_FOR_SUMMARY = re.compile(
    r"(?:まとめて|整理して|並べて)(?:くれて|くださって|いただいて|もらって|いただき)(?:ありがと[ぁ-ん]*|感謝[ぁ-ん]*)?|"
    r"\bthanks? (?:you )?for (?:the |that |this )?(?:summary|summing (?:it |that )?up)\b",
    re.IGNORECASE,
)
_REQUEST_FORM = re.compile(r"か[。．？?]*$|かな[。．？?]*$|[？?]$|ください|ほしい|欲しい|もらえ|もらって|いただけ|頂け|お願い|\b(?:please|can you|could you|would you)\b|^\s*(?:give|show|tell) me\b", re.IGNORECASE)


def _off_topic(text: str) -> bool:
    stripped = text.strip()
    if _OFF_TOPIC.search(stripped):
        return True
    return len(stripped) <= 30 and bool(_SMALL_TALK.search(stripped)) and not re.search(
        r"仕事|職場|会社|上司|部下|同僚|チーム|会議|残業|評価|異動|\b(?:work|job|manager|team|boss)\b", stripped, re.IGNORECASE
    )


def _is_question_sentence(sentence: str) -> bool:
    s = sentence.strip()
    if not s:
        return False
    if _ASKS_NOT_TO.search(s):
        return False  # 「この件は支店長にはお見せしないでいただけますでしょうか」: a request, not a question (round 33)
    if s.isascii():
        words = s.rstrip("?？ ").split()
        if len(words) <= 3 and not re.match(r"(?:what|how|why|who|where|when|which|is|are|can|could|do|does|did|will|would|should|may|am)\b", s, re.IGNORECASE):
            return False  # "YouTube?", "a course, maybe?": an answer said tentatively
        return bool(_QUESTION_EN.search(s))
    if _RHETORICAL_JA.search(s):
        return False
    # 「ちなみに、…の税金の扱いは通常と違うのか。」「ここに書いて大丈夫か。」: a plain-form question,
    # asked in passing (round 27's R27-14 had its tax question listed as his small step)
    if re.match(r"^(?:ちなみに|ところで)[、,\s]", s) and re.search(r"(?:のか|んか|か)[。．]?$", s):
        return True
    return bool(_QUESTION_END_JA.search(s))


# a request NOT to do something, in a question's polite form (「お見せしないでいただけますでしょうか」
# 「書かんといてくれる？」, "could you not show that?"): asked of the guide, never a question of fact
_ASKS_NOT_TO = re.compile(
    r"(?:ないで|んといて|んで)(?:いただけ|いただけ|もらえ|もらえ|くれ|くださ|ほしい|欲しい)|"
    r"\b(?:could|can|would) you (?:please )?(?:not|leave out|keep .{1,30} out|hide|remove)\b",
    re.IGNORECASE,
)


def _split_sentences(text: str) -> list[str]:
    return [text[b:e] for b, e in sentences(text)] or [text]


def _asks_guide(text: str) -> bool:
    """A question put to the guide (a fact, a rule, what it thinks), not an answer that happens
    to wonder aloud (何が悪かったんだろう); "is this an actual person or a bot lol" is one too.
    An item taken back in the same message ("3) my title? scratch that") asks nothing."""
    text = _without_own_retraction(text)
    return any(_is_question_sentence(s) for s in _split_sentences(text)) or bool(_ASKS_WHAT_YOU_ARE.search(fold(text)))


# 「どう思う？」 "What do you think?": asking the guide's view, no content of theirs
_ASKS_OPINION = re.compile(r"^(?:で、?|正直、?|ぶっちゃけ、?)?(?:どう|どない|どげん|どがん)(?:思|おも)(?:う|います|われます|いますか|うん|う\?)?[？?。]*$|^what do you think\??$|^what would you do\??$", re.IGNORECASE)


def _without_questions(text: str) -> str:
    return "".join(
        s if not s.isascii() else s + " "
        for s in _split_sentences(text)
        if not _is_question_sentence(s) and not _asks_for_decision(s, "en" if s.isascii() else "ja") and not _ASKS_OPINION.match(s.strip())
    ).strip()


def _question_part(text: str) -> str:
    found = [s for s in _split_sentences(text) if _is_question_sentence(s) or _asks_for_decision(s, "en" if s.isascii() else "ja")]
    return found[-1] if found else text


_WILL_DO = re.compile(r"(?<!てい)(?<!でい)(?<![てで])(?<!てしまい)(?<!なり)(?<!あり)(?<![かがさたなばまらわ]れ)ます(?=[。．.!！\n]|$)")  # not a passive: 毎朝言われます is no plan


_EPISODE_JA = re.compile(r"(?:ました|でした|[っいしきけげせてねべめれえ]た|んだ|だった|なった)(?:[。．、,!！…」\s]|$|けど|ので|から|り|とき|時)|(?:とき|時|頃|ころ)(?:に|は|、)")
_EPISODE_EN = re.compile(r"\b(?:was|were|did|had|made|got|went|took|led|ran|built|fixed|helped|asked|when i|once|last (?:year|month|week)|\w{3,}ed)\b", re.IGNORECASE)


_OWN_ACTION_JA = re.compile(r"ました(?:[。．、,!！…\s]|$)")
# ありました, いました, なりました, 言われました, してもらいました: something that was or that others did
_NOT_OWN_ACTION_JA = re.compile(r"(?:あり|い|なり|でし|られ|され|れ|もらい|くれ|思い|感じ)$")
_OWN_ACTION_EN = re.compile(
    r"\b(?:i|we)\s+(?:(?:finally|then|just|also)\s+)?(?:\w+ed|did|made|built|took|led|ran|set up|wrote|rewrote|found|put|taught|rebuilt|redid|started|got|"
    r"brought|told|gave|sent|spoke|began|chose|drew|sat down|stepped in|kept|held|won|caught|sold|bought)\b",
    re.IGNORECASE,
)


def _own_action(sentence: str, language: str) -> bool:
    if language == "en":
        return bool(_OWN_ACTION_EN.search(sentence)) and not re.search(r"\b(?:i|we) (?:was|were) (?:\w+ed)\b", sentence, re.IGNORECASE)
    if any(not _NOT_OWN_ACTION_JA.search(sentence[: m.start()]) for m in _OWN_ACTION_JA.finditer(sentence)):
        return True
    # the plain past of doing something to something (「現場の人に3週間通って一緒に条件を振った」), not
    # what happened to something (「収率が半分に落ちた」) nor what was done to them (言われた)
    return bool(_PLAIN_OWN_ACTION_JA.search(sentence)) and not re.search(r"(?:られ|され|言われ|もらっ|くれ)た", sentence)


_PLAIN_OWN_ACTION_JA = re.compile(r"を[^。、と]{0,12}?(?:[っいしきけげせてねべめれ]|[^ぁ-ん]し)(?<!まし)た(?:[。．!！…\s]|$)")


def _episode_parts(text: str, language: str) -> tuple[str, str, str] | None:
    """(situation, what they did, what came of it or "") when one message tells the whole
    episode; None when it does not say what the person did, or cannot be cut cleanly."""
    content = _content_part(text) or text
    parts = [p.strip() for p in _split_sentences(content) if p.strip()]
    if not parts or any(_is_question_sentence(p) for p in parts):
        return None
    k = next((i for i, p in enumerate(parts) if _own_action(p, language)), None)
    if k is None:
        return None
    r = next((i for i in range(k + 1, len(parts)) if _NEXT_COVERS["result"].search(parts[i])), None)
    if r is None:
        # "I set up a weekly call…, and we got the yield from 60 to 88 percent": what came of it
        # in the clause after what they did, cut where that clause begins
        hit = _NEXT_COVERS["result"].search(parts[k])
        cut = max(parts[k].rfind(", and ", 0, hit.start()), parts[k].rfind("、", 0, hit.start())) if hit else -1
        if cut > 0 and _has_content(parts[k][:cut]):
            tail = re.sub(r"^(?:,\s*and|、)\s*", "", parts[k][cut:])
            parts = [*parts[:k], parts[k][:cut], tail, *parts[k + 1 :]]
            r = k + 1
    joiner = " " if language == "en" else ""
    action = joiner.join(parts[k : r if r is not None else len(parts)])
    result = joiner.join(parts[r:]) if r is not None else ""
    if k > 0:
        situation = joiner.join(parts[:k])
    else:
        cut = max(parts[0].rfind("、"), parts[0].rfind(", "))
        if cut <= 0:
            return None
        situation = parts[0][:cut].strip(" 、,")
        if len(situation) < (6 if language == "ja" else 12):
            return None  # 「去年、…しました」: a when, not a situation
        head = parts[0][cut + 1 :].strip(" 、,")
        if language == "en":
            head = re.sub(r"^(?:so|and|then|and then|so then)\s+", "", head, flags=re.IGNORECASE)  # "…, so I wrote": the clause, not the link
        action = joiner.join([head, *parts[1 : r if r is not None else len(parts)]])
    if not (_has_content(situation) and _has_content(action)):
        return None
    return situation.rstrip("。. "), action.rstrip("。. "), result.rstrip("。. ")


_READING_JA = re.compile(r"思[いうっわ]|気が(?:し|する)|だろう|でしょう|かな|のでは|はず|せい|ため|から|ので|って(?:こと|意味)|らしい|みたい|ように見え|と感じ")
_READING_EN = re.compile(r"\b(?:think|thought|guess|must|probably|seems?|seemed|because|means|meant|felt like|as if|assume|maybe|they|he|she)\b", re.IGNORECASE)


def _only_kind(text: str, kind: str, language: str) -> bool:
    """Whether a short answer only names the person's own feelings (kind "feeling": 「悔しかった
    です。あと疲れました」, "Angry, mostly. And tired.") or only a wish (kind "wish": 「せめて1本は
    分担できたらって思います」), with no reading of what happened."""
    content = _content_part(text) or text
    if len(content) > (80 if language == "ja" else 160):
        return False
    if kind == "feeling" and (_READING_EN if language == "en" else _READING_JA).search(content):
        return False
    found = salient(content, 3, minimum=1.2)
    return bool(found) and all(p.kind == kind and not p.others for p in found[:2]) and found[0].score >= 3.0


def _tells_an_episode(text: str) -> bool:
    """Whether ``text`` tells something that happened (past tense, a when), as opposed to a
    doubt or a wish about the exercise (棚卸しって意味あるのかな, not sure what counts)."""
    content = _content_part(text) or text
    return bool(_EPISODE_EN.search(content)) if content.isascii() else bool(_EPISODE_JA.search(content))


def _looks_like_plan(text: str) -> bool:
    """A step the person says they will take: 〜てみます / 〜ておきます / I'll …, or a plain
    〜ます with a when (今週木曜に…やります)."""
    text = without_courtesies(text)  # 「今日はこれで失礼します」 is a goodbye, not a step
    # kana written word by word (「おしえて みる」「らいしゅう」) reads as one word
    text = re.sub(r"(?<=[ぁ-ゖー])[ \u3000]+(?=[ぁ-ゖー])", "", text)
    return bool(_PLAN.search(text)) or bool(_WILL_DO.search(text) and _PLAN_WHEN.search(text))


def _is_nothing_only(text: str) -> bool:
    return len(text.strip()) <= 30 and bool(_NOTHING_START.match(fold(text.strip())))


def _quotable(text: str, language: str) -> str:
    """A quotable piece of ``text``: all of it if short, else its first sentence if short, else
    its most salient phrase. Empty when it would carry a danger word (机を叩いて)."""
    found = _quotable_raw(text, language)
    return "" if _DANGER_WORDS.search(found) else found


def _quotable_raw(text: str, language: str) -> str:
    flat = " ".join(text.split()).rstrip("。．.!！ ")
    limit = 40 if language == "ja" else 90
    if len(flat) <= limit:
        return flat
    for sentence in _split_sentences(text):
        sentence = sentence.strip().rstrip("。．.!！ ")
        if 0 < len(sentence) <= limit and not _is_question_sentence(sentence):
            return sentence
    found = salient(text, 1, minimum=-50)
    return found[0].text if found else flat[:limit]


_EXAMPLES: dict[str, tuple[str, str]] = {
    "topic": ("たとえば、仕事の量、人間関係、この先のこと、などです。", "For example: workload, people at work, what comes next."),
    "concern": ("たとえば、仕事の量、人間関係、評価、この先のこと、などです。", "For example: workload, people at work, feedback, what comes next."),
    "facts": ("たとえば、いつ、どこで、誰と、何があったか、のどれか一つだけでも大丈夫です。", "For example, just one of: when, where, with whom, what happened."),
    "interpretation": ("たとえば、責められている気がした、どうせ変わらないと思った、など、頭に浮かんだことです。", "For example: I felt blamed, I thought nothing would change."),
    "feelings": ("たとえば、悔しい、不安、疲れた、さみしい、ほっとした、などの言葉が近いかもしれません。", "For example: frustrated, worried, tired, lonely, relieved."),
    "wishes": ("たとえば、話を聞いてほしい、もう少し任せてほしい、少し休みたい、などです。", "For example: to be listened to, to be trusted with more, to rest a little."),
    "scale": ("たとえば、3くらい、半分くらい、など大まかで大丈夫です。", "A rough number is fine, like 3 or about half."),
    "exception": ("たとえば、誰かに話せたとき、休みの前の日、など少しましだったときです。", "For example: after talking to someone, the day before a day off."),
    "situation": ("たとえば、最近の小さな仕事でも、昔の仕事でも大丈夫です。", "Any piece of work will do, recent or long ago, small or big."),
    "action": ("たとえば、調べた、人に頼んだ、やり方を変えた、などです。", "For example: looked something up, asked someone, changed the way."),
    "result": ("たとえば、間に合った、喜ばれた、自分が少し変わった、などです。", "For example: it was done in time, someone was glad, you changed a little."),
    "energy": ("たとえば、人に教えているとき、何かを仕上げたとき、などです。", "For example: when teaching someone, when finishing something."),
    "thanks": ("たとえば、説明がわかりやすい、頼みやすい、などと言われたことです。", "For example: you explain clearly, you are easy to ask."),
    "strengths": ("たとえば、最後までやりきる、人の話を聞く、など自分の言葉で大丈夫です。", "In your own words, for example: I see things through, I listen."),
    "values": ("たとえば、誠実さ、自分で決めること、家族との時間、などです。", "For example: honesty, deciding for yourself, time with family."),
    "topics": ("たとえば、仕事の量、評価、これからのキャリア、などです。", "For example: workload, feedback, your career."),
    "response_style": ("たとえば、アドバイスがほしい、一緒に考えてほしい、聞いてほしいだけ、のどれかに近いかもしれません。", "It may be close to one of these: advice, thinking it through together, or just listening."),
    "support": ("たとえば、相談する時間、優先順位を一緒に決めること、などです。", "For example: time to talk, help setting priorities."),
    "outcome": ("たとえば、次にやることがはっきりしている、少し気持ちが軽くなっている、などです。", "For example: knowing what to do next, feeling a little lighter."),
    "will": ("たとえば、最近ちょっと気になったこと、やってみたいと思ったことでも大丈夫です。", "Even something that caught your interest lately is fine."),
    "can": ("たとえば、人に頼まれること、苦労せずにできること、などです。", "For example: what people ask you for, what comes easily."),
    "must": ("たとえば、今の役割で期待されていること、などです。", "For example: what is expected of you in your role now."),
    "overlap": ("たとえば、重なっているところ、ずれているところ、どちらか一つでも大丈夫です。", "Either where they overlap or where they pull apart is enough."),
    "anchor": ("たとえば、働き方、専門性、人とのつながり、などです。", "For example: how you work, your expertise, the people around you."),
    "happenstance": ("たとえば、たまたま頼まれた仕事、偶然の出会い、などです。", "For example: a task you happened to be given, a chance meeting."),
    "goal": ("たとえば、資格、できるようになりたいこと、などです。", "For example: a qualification, something you want to be able to do."),
    "picture": ("たとえば、そのとき何をしているか、誰と話しているか、などです。", "For example: what you would be doing, who you would be talking to."),
    "reality": ("たとえば、0から10のうち、いくつくらいか、でも大丈夫です。", "A number from 0 to 10 is fine."),
    "resources": ("たとえば、人、道具、前にうまくいったやり方、などです。", "For example: people, tools, a way that worked before."),
    "options": ("たとえば、本、動画、講座、人に聞く、などです。", "For example: a book, videos, a course, asking someone."),
}


_PREPARING = re.compile(
    r"(?:1on1|1on1|1 on 1|ワンオンワン|面談|one-on-one|one on one|1:1)[^。．.!！?？\n]{0,30}?"
    r"(?:準備|じゅんび|何(?:を)?話(?:せば|したら|す)|(?:なに|何)(?:を)?話(?:そ|そう|せば|したら)か|話すこと|話すネタ|ネタ|prep|prepare|get ready|what to (?:talk|say|bring)|(?:proper |an |real )?agenda)"
    r"|(?:準備|prep\w*|get(?:ting)? ready)[^。．.!！?？\n]{0,20}?(?:1on1|1on1|1 on 1|面談|one-on-one|1:1)"
    # 「来週、本社の部長と1on1のあるとよ。準備ば手伝ってほしか」: the meeting told, then the help asked
    r"|(?:1on1|1on1|ワンオンワン|面談)[^。．!！?？\n]{0,12}[。．!！]\s*(?:その)?準備(?:を|ば|ば?|、)?[^。．.!！?？\n]{0,6}(?:手伝|一緒|した|お願)",
    re.IGNORECASE,
)
_TOPIC_MARK = re.compile(r"について|のこと|の話|話したい(?:のは|ことは)|[①②③④⑤]|:|：|\babout\b|\bregarding\b|topics?\s*:", re.IGNORECASE)


_RESPONSE_STYLE = re.compile(
    r"アドバイス|助言|一緒に|いっしょに|聞いて|聴いて|きいて|意見|相談に乗|見守|任せ|ほしい|欲しい|もらえ|もらい|くれ|フィードバック|"
    # in dialect and in what they do not want: 「具体的に動いてほしか。話聞くだけやったら意味なか」 (round 29's R29-07)
    r"ほしか|欲しか|ほしゅう|聞くだけ|動いて|掛け合|かけあ|"
    r"否定|受け止め|共有|確認|判断|決め|\b(?:advice|advise|listen|think|together|feedback|input|opinion|want|would like|hear|support|help|"
    r"just|coach|guide|decide|tell me|let me)\b",
    re.IGNORECASE,
)


# 「③の評価の話は今回はやめときます」「2つ目はなしで」 "drop number 3": a listed topic taken off
_DROPS_TOPIC = re.compile(
    r"(?P<mark>[①-⑩]|(?<![0-9])[1-9](?=つ目|番目?|の(?:話|件|こと)))[^。！？!?]{0,14}?(?:は|も|って)[、\s]*(?:今回は|今日は|やっぱり|やっぱ)?[、\s]*"
    r"(?:やめ(?:とき|てお|る|ます|とく|ておく)|なし(?:で|に)|外し|話さな|言わな|いいです|いいや|ええわ|次回)|"
    r"\b(?:drop|skip|remove|leave out) (?:topic |number |item |point )?#?(?P<num>[1-9])\b",
    re.IGNORECASE,
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


# 「①の『残業多すぎ問題』、…残業じゃなくて『夜間の障害対応が多い』です」「①、『相談したい』だと
# ふわっとするんで、『遅番を週2までにしてほしい』ってそのまま書いてください」: a listed topic rewritten
_REWRITES_TOPIC = re.compile(r"^\s*(?P<mark>[①-⑩])(?:の|、|は|って|,|\s)")
_NEW_WORDING = re.compile(r"(?:じゃなくて|ではなくて|ではなく|じゃなく|より)[、\s]*[「『]?(?P<a>[^」』。]{2,40}?)[」』]?(?:です|にして|に変えて|で|。|$)|[「『](?P<b>[^」』]{2,40})[」』](?:って|と|に)(?:そのまま)?(?:書いて|して|変えて|直して)")


def _rewritten_topic(text: str) -> tuple[str, str] | None:
    """(the topic's mark, its new wording) for a message that rewrites a listed 1on1 topic."""
    m = _REWRITES_TOPIC.match(text)
    if m is None:
        return None
    words = _NEW_WORDING.search(text)
    if words is None:
        return None
    return m.group("mark"), (words.group("a") or words.group("b")).strip(" 、,")


def _without_topic(answer: Answer, mark: str) -> Answer:
    """``answer`` (a topics answer) without the topic numbered ``mark``, the others as written."""
    items = _topic_items(answer.text)
    if len(items) < 2 or not any(item.startswith(mark) for item in items):
        return answer
    kept = [item for item in items if not item.startswith(mark)]
    return replace(answer, text="\n".join(kept))


def _with_topic_rewritten(answer: Answer, mark: str, words: str) -> Answer:
    items = _topic_items(answer.text)
    if len(items) < 2 or not any(item.startswith(mark) for item in items):
        return answer
    return replace(answer, text="\n".join(f"{mark}{words}" if item.startswith(mark) else item for item in items))


def _dropped_topic(text: str) -> str | None:
    """The mark of the topic a message takes off the list (「③」), or None."""
    m = _DROPS_TOPIC.search(text)
    if m is None:
        return None
    mark = m.group("mark") or m.group("num")
    return mark if mark in _CIRCLED else _CIRCLED[int(mark) - 1]


# one more thing to talk about, said later in a 1on1 preparation: 「評価の話も聞きたい」「シフトのことも相談したい」
# "I also want to bring up the rota"
_ALSO_TOPIC = re.compile(
    r"(?:の話|のこと|の件|について|とか)も[^。！？!?]{0,6}?(?:したい|聞きたい|話したい|相談したい|入れ|加え|触れ|言いたい|伝えたい)|"
    r"\b(?:also|too)\b[^.?!]{0,12}\b(?:talk about|ask about|bring up|raise|mention|discuss)\b|\b(?:talk about|ask about|bring up|raise|mention|discuss)\b[^.?!]{1,40}\b(?:too|as well)\b",
    re.IGNORECASE,
)


def _names_another_topic(text: str) -> bool:
    """An answer to 「どう関わってほしいか」 that says nothing about a way of responding: a topic."""
    return _has_content(text) and not _RESPONSE_STYLE.search(text) and not _is_nothing(text) and not _is_affirmative(text)


# the meeting itself told (「来月、上司と面談あんのっしゃ」「1on1 あさって」 "I have a 1on1 with my manager
# on Thursday"): five of round 29's ten 1on1 conversations began so, and three had it listed as a topic
_MEETING = r"(?:1on1|1 on 1|ワンオンワン|面談|1:1|one-on-one|one on one)"
_MEETING_TOLD = re.compile(
    _MEETING + r"[^。．.!！?？\n]{0,12}?(?:が|は|も|、|\s)*(?:ある|あり|あん|あっ|あるん|入っ|予定|控え|やねん|なんよ|なんだ|っしゃ)"
    r"|(?:来週|来月|明日|あした|明後日|あさって|あさつて|今週|週明け|今度|[月火水木金]曜)[^。．.!！?？\n]{0,16}?" + _MEETING +
    r"|^" + _MEETING + r"[\s、]*(?:来週|来月|明日|あした|明後日|あさって|あさつて|今週|週明け|今度)"
    r"|\b(?:i have|i've got|i got|there's|got|have) (?:a |my |the )?(?:1on1|1:1|one-on-one|one on one)\b"
    # "1on1 with tom tmrw" (R36-16)
    r"|^(?:my |the |a )?(?:1on1|1:1|one-on-one|one on one) (?:with \w+ )?(?:tmrw|tmr|tomorrow|today|tonight|next week|this week|on \w+day|\w+day)\b",
    re.IGNORECASE,
)
# what else such a message says about the meeting or the talk, not a topic
_ABOUT_THE_MEETING = re.compile(
    _MEETING + r"|\b(?:use it better|make (?:the )?most of it|get more out of it|practi[cs]e (?:my )?english|write in english)\b"
    r"|英語の練習|準備|何(?:を)?話|なに話",
    re.IGNORECASE,
)


def _announces_the_meeting(text: str) -> bool:
    """Every sentence (and clause) of ``text`` is a greeting, the meeting told, or about the meeting
    or the talk: no topic yet."""
    if not _MEETING_TOLD.search(text) or _TOPIC_MARK.search(text):
        return False
    clauses = [c.strip(" 、,。.!！…") for s in _split_sentences(text) for c in re.split(r"[、,]|\band\b|\bso\b|けど|けれど|ので|から", s)]
    return all(not c or not without_courtesies(c).strip() or _nothing_but_the_meeting(c) for c in clauses)


_AROUND_THE_MEETING = re.compile(
    r"上司|部長|課長|係長|店長|リーダー|主任|所長|支店長|室長|センター長|師長|エリマネ|新しい|今度の?|来週|来月|明日|あした|明後日|あさって|あさつて|今週|週明け|[月火水木金]曜日?|いつも"
    r"|\b(?:hi|hello|hey|i|i'?ve|have|got|a|my|the|with|new|director|manager|boss|lead|next|week|this|time|on|tomorrow|tmrw|tmr|tmw|\w+day|want|to|it|better|practi[cs]e|english|write|in|so|fun times|yay|ugh|lol)\b"
    r"|(?<=with )[a-z]+\b",
    re.IGNORECASE,
)


def _nothing_but_the_meeting(clause: str) -> bool:
    """A clause that tells the meeting or the wish to prepare and nothing else (「明日の1on1で昇給の
    相談をしたい」 names a topic: not this)."""
    if not (_MEETING_TOLD.search(clause) or _ABOUT_THE_MEETING.search(clause) or _LEADING_GREETING.fullmatch(clause + " ")):
        # ("fun times" after "1on1 with tom tmrw": said around the meeting, R36-16)
        return not _has_content(clause) or not re.search(r"[一-龥]{2,}|[ァ-ヶー]{2,}|[a-zA-Z]{3,}", _AROUND_THE_MEETING.sub(" ", clause))
    rest = _AROUND_THE_MEETING.sub(" ", _ABOUT_THE_MEETING.sub(" ", _MEETING_TOLD.sub(" ", clause)))
    return not re.search(r"[一-龥]{2,}|[ァ-ヶー]{2,}|[a-zA-Z]{3,}", rest)


def _without_the_meeting(text: str) -> str:
    """``text`` without its sentences that only tell the meeting (「明日部長と1on1です！」 "1on1 with
    tom tmrw. fun times"), when something else is said beside them: no topic for the manager (R36-05,
    R36-16 listed them as topics)."""
    parts = [x for x in _split_sentences(text) if x.strip()]
    if len(parts) < 2:
        return text
    rest = [x.strip() for x in parts if not _announces_the_meeting(x)]
    if not rest or len(rest) == len(parts):
        return text
    return (" " if text.isascii() else "").join(rest)


def _only_about_preparing(text: str) -> bool:
    """The message says only that they want to prepare a 1on1 (or do not know what to bring),
    and names no topic."""
    if _announces_the_meeting(text):
        return True
    if text.isascii():  # "…they drift into status updates, the least useful thing to talk about. I'd like a proper agenda"
        preparing = _PREPARING.search(text) or (
            re.search(r"\b(?:1on1|1 on 1|one-on-one|one on one|1:1)", text, re.IGNORECASE) and re.search(r"\b(?:agenda|prepare|prep|get ready)\b", text, re.IGNORECASE)
        )
        return bool(preparing) and not re.search(r"topics?\s*:|:\s*[^.]+,|\b(?:first|firstly|1\)|1\.)\s", text, re.IGNORECASE) and len(text) <= 320
    return bool(_PREPARING.search(text)) and not _TOPIC_MARK.search(text) and len(text) <= 80


def _examples(collects: str, language: str) -> str:
    pair = _EXAMPLES.get(collects)
    if pair is None:
        return ""
    return pair[1] if language == "en" else pair[0]


# --- what in a message is content, and what only manages the talk ------------------------------

# A sentence that only apologises, thanks, agrees or fills a pause: never a step's content, never
# quoted (「すみません」「ございました」 out of a thank-you).
_NON_CONTENT_SENTENCE = re.compile(
    r"^(?:(?:あ|あっ|あー|えっと|えーと|うーん|うーむ|まあ|はい|いえ|oh|ah|um|ok|okay)[、,…\s]*)*"
    r"(?:長々と|いろいろ|急に|何度も)?(?:すみません|すいません|ごめんなさい|ごめん|失礼しました|申し訳(?:ない|ありません)|"
    r"ありがとう(?:ございます|ございました)?|どうも|はい|うん|ええ|そうです|そうですね|そうそう|そうか|なるほど|"
    r"(?:だいたい|ほぼ|はい[、,]?\s*|それで|うん[、,]?\s*)?(?:合って(?:ます|います|る)|あってます)|その通り|そのとおり|そんな感じ|"
    r"まとめてもらうと[^。．！!？?]*|(?:そう言われると|言われてみると|言われてみれば)[、,]?(?:少し|ちょっと)?(?:思い出して(?:きました|きた)|そうかも(?:しれません)?)|"
    r"sorry|i'm sorry|thanks|thank you|yes|yeah|yep|fine|sure|alright|all right|that fits|that's right|exactly|right)"
    r"(?:です|でした|ね|よ|な|かな|[、,。．.!！…\s])*$",
    re.IGNORECASE,
)
_LEADING_APOLOGY = re.compile(
    r"^(?:(?:あ|あっ|あー|えっと|うーん|まあ)[、,…\s]*)*(?:すみません|すいません|ごめんなさい|sorry)[、,。.!！\s]+|^(?:(?:あー?|えっと|えーと|うーん|うーむ|あと|それと)[、,…\s]+)+",
    re.IGNORECASE,
)


_LEADING_LINK = re.compile(r"^(?:ただ|でも|けど|あと|but|though|only)[、,]?\s*", re.IGNORECASE)


def _content_part(text: str) -> str:
    """``text`` without the sentences that only apologise, thank, agree or fill a pause, and
    without a leading 「あ、すみません。」; empty when nothing else is left."""
    kept: list[str] = []
    changed = False
    for sentence in _split_sentences(text):
        s = (_LEADING_APOLOGY.sub("", sentence.strip()) if not kept else sentence).strip()
        changed = changed or s != sentence.strip()
        if not s or _NON_CONTENT_SENTENCE.match(s) or not _has_content(s) or _is_permission(s):
            changed = True
            continue
        kept.append(s)
    if not changed:
        return text.strip()  # keeps the person's own line breaks (a list of topics)
    joiner = " " if text.isascii() else ""
    return joiner.join(kept).strip()


def _grams(value: str, words: bool | None = None) -> set[str]:
    if value.isascii() if words is None else words:
        return {w for w in re.findall(r"[a-z0-9$%]+", value.lower()) if len(w) > 2 and w not in _EN_COMMON}
    value = re.sub(r"[\W_]+", "", fold(value))
    return {value[k : k + 2] for k in range(len(value) - 1)}


def _shares(part: str, whole: str, at_least: float) -> bool:
    mine = _grams(part)
    return bool(mine) and len(mine & _grams(whole, part.isascii())) / len(mine) >= at_least


_EXPLICIT_CORRECTION = re.compile(
    r"^(?:違います|違う|ちがいます|ちょっと違|少し違|そうじゃなく|そうではなく|いや[、,]|いえ[、,])|(?:^|[をはも、,「」』\s])直して|直して(?:ください|ほしい|もらえ|いただ)|訂正|分けてください|分けてほしい|言い直|書き直"
    r"|^(?:not quite|not really|that's not|no[,.])|\bnot what i (?:said|meant)\b|\bthat's not (?:right|quite right|what)\b|\bi meant\b",
    re.IGNORECASE,
)
# X じゃなくて (Y): in the standard forms and the regional ones people type (やなくて, やのうて,
# じゃのうて in the west, じゃねくて/でねくて in the east, じゃなか in Kyushu)
_NAMED_BEFORE = re.compile(
    r"([^、。，,.!?！？\s]{2,20}?)(?:じゃなくて|じゃなく|ではなくて|ではなく|というより|やなくて|やなく|やのうて|じゃのうて|じゃねくて|でねくて|じゃなかと?)"
)
_YOU_SAID = re.compile(r"\byou said (?:that )?([^.,!?]{3,60})", re.IGNORECASE)
_NAMED_QUOTE = re.compile(r"[『「\"]([^』」\"]{2,40})[』」\"](?:という言葉|とは|というより|じゃなく|ではなく|って言っ|とまで)")


def _corrects_the_guide(text: str, guide_text: str, *, after_check: bool) -> bool:
    """Whether ``text`` corrects something the guide wrote (a summary line or a reflection).

    An explicit 違います / not quite always does. A correction that names words (『X』というより,
    X じゃなくて, you said X) does only when the guide wrote those words: otherwise the person is
    simply answering in their own words (「『効率化が得意』というより、…のが好き」)."""
    stripped = text.strip()
    if _EXPLICIT_CORRECTION.search(stripped):
        return True
    if after_check and re.search(r"(?:と|とまで|までは)は?言って(?:ない|いない|ません)|って言ってない|\bi (?:didn't|never) say\b", stripped, re.IGNORECASE):
        return True  # 「『…』とは言ってないです」 right after a summary: about the summary
    if _looks_like_plan(stripped) and (_PLAN_STRONG.search(stripped) or _PLAN_WHEN.search(stripped)):
        return False  # "I'll ask for X, not Y": a step they will take
    named = [m.group(1) for m in _NAMED_QUOTE.finditer(stripped)] + [m.group(1) for m in _YOU_SAID.finditer(stripped)]
    if not named:
        named = [m.group(1) for m in _NAMED_BEFORE.finditer(stripped)]
        if not named and re.search(r",\s*not\b|\bnot\b[^.]*\bbut\b", stripped, re.IGNORECASE):
            named = [re.split(r",\s*not\b|\bnot\b", stripped, flags=re.IGNORECASE)[0]]
    if named:
        return any(_shares(x, guide_text, 0.6) for x in named)
    if _is_correction(stripped):
        return _shares(stripped, guide_text, 0.3) if after_check else _shares(stripped, guide_text, 0.5)
    return False


# --- health cues the safety detector leaves to the conversation ---------------------------------

# The person's own tiredness, short sleep or hard mornings: worth one gentle line about the
# industrial physician, health staff or a doctor, without stopping the flow or diagnosing.
_OWN_HEALTH_CUE = re.compile(
    # 「しんどい」 alone is how any burden is said (「仕事行くのがしんどい」): only the body's is a cue
    r"疲れ(?:ました|た|てる|ている|てます|ています|切って|切った|果て)|疲れが(?:取れ|抜け)|ぐったり|(?:体|からだ)(?:が|も|は)?しんどい|へとへと|くたくた|"
    r"眠れ(?:ない|ず|なく|ません)|寝(?:られ|れ)(?:ない|ず|ません)|(?:[0-9０-９一二三四五]|数)時間(?:しか|くらいしか|ほどしか)(?:寝|眠)|"
    r"朝(?:が|は|起きるのが)[^。]{0,6}(?:つらい|辛い|しんどい|きつい|無理)|朝(?:起きられ|起きれ)(?:ない|ません)|食欲が(?:ない|なく)|体調(?:が悪|を崩|不良)|"
    r"\b(?:exhausted|worn out|so tired|drained|burn(?:ed|t) out|barely sleep|hardly sleep|can't sleep|(?:only|just) (?:get|got|slept|sleep(?:ing)?) (?:\d+|one|two|three|four|five) hours?|"
    r"mornings are (?:hard|tough|awful|a struggle)|can't get (?:up|out of bed)|no energy left|not sleeping(?: well| much)?|(?:up|awake) at [1-5] ?(?:am|a\.m\.))\b",
    re.IGNORECASE,
)
_SOMEONE_ELSE = re.compile(
    r"(?:同僚|部下|後輩|先輩|上司|課長|部長|係長|チーム|みんな|メンバー|彼|彼女|夫|妻|母|父|友人|友達|子ども|子供)(?:さん)?(?:は|が|も|の方が|たち|達)|"
    r"\b(?:he|she|they|my (?:colleague|coworker|co-worker|manager|boss|teammate|team|friend|wife|husband|partner|report))\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"私|わたし|自分|僕|ぼく|俺|おれ|\bI\b|\bI'm\b|\bme\b|\bmy (?!colleague|coworker|co-worker|manager|boss|teammate|team|friend|wife|husband|partner|report)", re.IGNORECASE)
_DOCTOR = re.compile(
    r"病院|医者|お医者|受診|診て(?:もら|くれ)|診察|産業医|クリニック|心療内科|内科|精神科|カウンセリング|"
    r"\b(?:see|go to|visit|talk to|call|get checked by) (?:a |the |my )?(?:doctor|physician|gp|clinic|occupational physician)\b",
    re.IGNORECASE,
)


_WEARY_OF = re.compile(r"[^\s、。]に(?:少し|すこし|ちょっと|もう|だいぶ|かなり|ほとほと|ほんまに|本当に|正直)?$")


def _own_health_cue(text: str) -> bool:
    """Tiredness, short sleep or hard mornings said of oneself (not of a colleague)."""
    for sentence in _split_sentences(text):
        cue = _OWN_HEALTH_CUE.search(sentence)
        if cue and cue.group().startswith("疲れ") and _WEARY_OF.search(sentence[: cue.start()]):
            continue  # 「数字を追うだけの毎日に少し疲れています」: weary of something, not worn out
        if cue and not _only_someone_else(sentence) and not _OTHERS_STATE.search(sentence[: cue.start()]):
            return True
    return False


# The cue is said of someone else in its own clause ("she's exhausted", 「同僚が疲れ切って」), even
# when the sentence also has an I ("My team lead told me she's exhausted").
_OTHERS_STATE = re.compile(
    r"\b(?:she|he|they)(?:'s|'re| is| are| was| were| has been| have been| seems?| looks?)?\s+(?:so\s+|really\s+|completely\s+)?$|"
    r"(?:同僚|部下|後輩|先輩|上司|課長|部長|彼|彼女|メンバー|みんな|夫|妻)(?:さん)?(?:が|は|も)[^、。私自分]{0,8}$",
    re.IGNORECASE,
)


def _only_someone_else(text: str) -> bool:
    """The sentence is about someone else (同僚が疲れ切っていて), not the person."""
    return bool(_SOMEONE_ELSE.search(text)) and not _FIRST_PERSON.search(_SOMEONE_ELSE.sub("", text))


def _asks_about_doctor(text: str) -> bool:
    """「病院に行ったほうがいいですか」, "Should I see a doctor?": not a decision to hand back."""
    return bool(_DOCTOR.search(text)) and (
        any(_is_question_sentence(s) for s in _split_sentences(text)) or _asks_for_decision(text, "en" if text.isascii() else "ja")
    )


def _plan_part(text: str) -> str:
    """A message up to its last sentence that states what the person will do (「…言おうと思い
    ます」 out of 「…言おうと思います。部長の件は、まだ言えません。」); all of it if none does."""
    parts = [p.strip() for p in _split_sentences(text)]
    if len(parts) < 2:
        return text.strip()
    marks = [i for i, p in enumerate(parts) if _looks_like_plan(p)]
    if not marks:
        return text.strip()
    # from the start to the last sentence that says what they will do: what follows is a ramble
    chosen = parts[: marks[-1] + 1]
    joiner = " " if text.isascii() else ""
    return joiner.join(chosen).strip() if chosen else text.strip()


# --- words the guide itself uses, explained in one plain line -----------------------------------

_GLOSSARY: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), ja, en)
    for pattern, ja, en in (
        (
            r"(?<![a-z])eap(?![a-z])|従業員支援プログラム",
            "EAPは「従業員支援プログラム」のことで、会社が外部の専門機関と契約して、仕事や生活の悩みを秘密で相談できるしくみです。",
            "An EAP (Employee Assistance Programme) is a service your company arranges with an outside provider, where you can talk about work or life worries in confidence.",
        ),
        (
            r"キャリア・?アンカー|career anchors?",
            "キャリアアンカーは、シャインという研究者の考え方で、仕事を選ぶときにどうしても手放したくないもの（働き方、専門性、安定など）のことです。",
            "A career anchor (from the researcher Edgar Schein) is the one thing you would not give up when choosing work, such as expertise, stability or freedom.",
        ),
        (
            r"産業医|occupational (?:physician|doctor)|industrial physician|company doctor",
            "産業医は、会社で働く人の健康について相談にのる医師です。相談した内容は、本人の同意なく上司に伝わらないのが原則です。",
            "The industrial (occupational) physician is a doctor who advises employees on their health at work.",
        ),
        (
            r"will\s*/?\s*can\s*/?\s*must|ウィル・?キャン・?マスト",
            "Will・Can・Mustは、やりたいこと・できること・求められていることの三つを並べて、これからの仕事を考える方法です。",
            "Will / Can / Must is a way of thinking about work from three sides: what you want, what you can do, and what is asked of you.",
        ),
        (
            r"計画的偶発性|プランド・?ハップンスタンス|planned happenstance",
            "計画的偶発性は、クランボルツという研究者の考え方で、偶然の出来事をきっかけにキャリアが広がる、というものです。好奇心や柔軟さが、その偶然を生かす力になります。",
            "Planned happenstance (from the researcher John Krumboltz) is the idea that careers often grow from chance events, and that curiosity and flexibility help you make use of them.",
        ),
        (
            r"(?<![a-z])grow(?![a-z])",
            "GROWは、目標（Goal）・現状（Reality）・選択肢（Options）・やること（Will）の順に考える、目標づくりの型です。",
            "GROW is a way to work on a goal in four steps: Goal, Reality, Options and Will (what you will do).",
        ),
        (
            r"社内公募|internal (?:job )?posting",
            "社内公募は、社内の部署が人を募集し、社員が自分から手を挙げて応募できるしくみです。",
            "An internal job posting is when a team inside the company looks for people and employees can apply on their own initiative.",
        ),
        (
            r"リスキリング|reskilling",
            "リスキリングは、新しい仕事や役割に向けて、知識や技術を学び直すことです。",
            "Reskilling means learning new knowledge or skills for a new kind of work or role.",
        ),
        (
            r"(?<![a-z])hrbp(?![a-z])",
            "HRBPは、事業部門の近くで、人や組織のことを支える人事の担当者です。",
            "An HRBP (HR business partner) is a people-team member who works closely with a business unit on people and organisation matters.",
        ),
        (
            r"(?<![a-z0-9])1on1(?![a-z0-9])|ワンオンワン|one[- ]on[- ]one",
            "1on1は、上司と一対一で、定期的に話す時間のことです。",
            "A 1on1 is a regular one-to-one conversation with your manager.",
        ),
        (
            r"棚卸し|stocktaking",
            "キャリアの棚卸しは、これまでの経験や強み、大切にしていることをふり返って、言葉にしてみることです。",
            "Taking stock means looking back at your experience, strengths and values and putting them into words.",
        ),
        (
            r"壁打ち|kabeuchi",
            "壁打ちは、壁にボールを打ち返すように、話しながら自分の考えを確かめることです。",
            "Kabeuchi (wall-hitting) means thinking out loud with something that bounces your words back, to hear your own thoughts.",
        ),
    )
)
_WHAT_IS_JA = re.compile(
    r"(?:って|とは|というのは|ってのは|っていうのは)[、,]?\s*(?:何|なに|なん|どういう(?:意味|もの|こと))(?:ですか|でしょうか|ですかね|だっけ|ですっけ|のこと|ですか)?\s*[？?]?"
)
_WHAT_IS_EN = re.compile(r"\bwhat(?:'s| is| are| does)\b|\bwhat do you mean by\b|\bmeaning of\b", re.IGNORECASE)


def _term_question(text: str) -> tuple[str, str] | None:
    """A short question about what a word means (「EAPって何ですか」, "What is a career anchor?"),
    for a word the guide can explain in one line; None otherwise."""
    stripped = text.strip()
    if len(stripped) > 60:
        return None
    asks = _WHAT_IS_JA.search(stripped) or (_WHAT_IS_EN.search(stripped) and "?" in stripped)
    if not asks:
        return None
    for pattern, ja, en in _GLOSSARY:
        if pattern.search(stripped):
            return ja, en
    return None


# "Can my company see what I write?" in its many forms (the guide can answer this one: nobody can).
_ASKS_WHAT_YOU_ARE = re.compile(
    r"(?:あなた|これ|きみ|君|お前|中の人)(?:は|って|、)?\s*(?:ai|えーあい|ロボット|ろぼっと|ボット|ぼっと|bot|機械|きかい|人間|にんげん|本物の人|chatgpt)|"
    r"(?:ai|ボット|ぼっと|bot|機械|人間|にんげん)(?:なの|です|なん|だよね|ですか|？|\?)|"
    r"\bare (?:you|u) (?:a |an )?(?:bot|robot|ai|real person|human|machine|chatgpt|actual person)\b|\bis this (?:a |an )?(?:bot|ai|real person|human|actual person|person)\b|\btalking to (?:a )?(?:bot|robot|machine|real person|human)\b"
)
# a request to be shown something (the manager's preview), not a question about who sees
_SHOW_REQUEST = re.compile(r"見せ(?:て|ろ)|みせて|見して|表示|出して|プレビュー|\bshow\b|\bpreview\b", re.IGNORECASE)
# what deleting does: 「消したら完全に消える？」 "if I delete it, is it really gone?"
_ASKS_DELETED = re.compile(
    r"(?:消|け)し(?:たら|ても|た後|たあと)|削除(?:したら|しても|した後|したあと)|"
    r"\bif (?:i|we) (?:delete|remove)\b|\b(?:deleted|removed)\b[^.?!]{0,30}\b(?:gone|really|backups?|anywhere)\b",
    re.IGNORECASE,
)
_ASKS_SAVED = re.compile(
    r"保存され|保存して|記録され|記録に残|残るの|残ります|残る？|残るか|消える|消えます|ログ(?:が|は|に)|"
    r"\b(?:is|are|was) (?:this|it|that|my \w+) (?:being )?(?:saved|stored|recorded|kept|logged)\b|\b(?:do|will) you (?:save|store|keep|record|log)\b"
)
_ABOUT_THE_COMPANY = re.compile(
    r"会社|社内|制度|規程|規定|ルール|人事|公募|副業|評価|給与|給料|手当|休暇|休職|異動|昇進|昇格|研修|就業|労働|部署|配属|新規事業|"
    r"\bcompany\b|\bpolicy|\brules?\b|\bhr\b|programme|program\b|promotion|salary|allowance|leave\b|transfer|training|benefit"
)
_ABOUT_AN_ACTIVITY = re.compile(r"副業|兼業|転職|公募|応募|面接|求人|エージェント|side ?job|job hunt|\bapply|applying|application|posting|interview|recruiter", re.I)
# 「ここで話した内容が評価面談の資料に使われることは」 "is this used for my review": the promise
# every person may ask about (PRODUCT rule 1)
_USED_FOR_EVALUATION = re.compile(
    r"(?:評価|査定|考課|人事の資料|面談の資料|昇進|昇格|ボーナス)[^。？?]{0,14}(?:使われ|使う|使い|使用され|利用され|反映|影響|響|参考に|材料)|"
    r"\b(?:used|count|counted|held)\b[^.?]{0,20}\b(?:evaluation|appraisal|performance review|review|rating|promotion)\b|"
    r"\b(?:go|goes|end up) (?:to|into|in|on) my (?:evaluation|review|record|appraisal)\b|"
    r"\baffect(?:s)? my (?:evaluation|review|rating|appraisal|promotion)\b",
    re.IGNORECASE,
)
_CONFIRMING = re.compile(r"(?:よね|ですよね|ませんよね|ないですよね)[。．？?]?|確認させて|念のため|[？?]|\?", re.IGNORECASE)


def _asks_about_evaluation(text: str) -> bool:
    """A question (or a request to confirm) whether what is written here is used to evaluate them."""
    place = _ABOUT_THIS_PLACE.search(text) or re.search(r"\b(?:go|goes|end up) (?:to|into|in|on) my (?:evaluation|review|record)\b", text, re.IGNORECASE)
    return bool(_USED_FOR_EVALUATION.search(text) and place and _CONFIRMING.search(text))


_ABOUT_THIS_PLACE = re.compile(r"\b(?:does|will|would|is|can|could) (?:this|it) (?:get |be )?(?:flagged|reported|sent|shared|seen|passed on)|ここ|書いた|書いて|書く|この会話|このアプリ|kabeuchi|壁打ち|共有し(?:たら|ても|た場合)|\bhere\b|what i (?:write|wrote|type)|this (?:app|chat|conversation)|if i share", re.I)
_SEEN_BY = (
    r"見え|見られ|読め|読まれ|知られ|バレ|ばれ|伝わ|つたわ|しられ|みられ|よまれ|確認でき|チェックでき|アクセスでき|のぞけ|覗け|筒抜け|共有され|共有さ|送られ|通知|知らせ|連絡(?:が|って)?い(?:く|き)|"
    r"\b(?:get|gets|be|is|are|being) (?:notified|told|informed|alerted|flagged|reported)\b|\bnotif(?:y|ied|ication)\b|\bflagged\b|\b(?:hr|my (?:company|boss|manager)) (?:call|calling|contact|contacting|reach(?:ing)? out)\b|"
    r"(?:じょうし|じんじ|かいしゃ|ぶちょう|かちょう|てんちょう)(?:に|が|から)(?:みえ|みられ|よめ|よまれ|しられ|ばれ)|"
    r"\b(?:does|do|will|would|can) (?:hr|my (?:boss|manager|lead)|the company|anyone|they) (?:know|see|find out) (?:that |if |whether )?i\b|"
    r"shared with|sent to|"
    r"see what i|read what i|confidential|find out|know what i|\bprivate\b|"
    r"(?:company|employer|manager|boss|\bhr\b|anyone|someone|people at work|admin)[^?]{0,40}\b(?:see|read|access|view|monitor|track)|"
    r"\b(?:see|read|access|view|monitor)s? (?:this|it|my|what|these)"
)


# Denying words the guide never wrote (「『…』とは言ってないです」, "You said …"): a clarification.
_DENIES_WORDS = re.compile(
    r"(?:と|とまで|までは)は?言って(?:ない|いない|ません)|って言ってない|という言葉は(?:使いたくない|違う|ちょっと)|\byou said\b|\bi (?:didn't|never|did not) say\b(?!(?: (?:that|it|this))? (?:to (?:anyone|anybody|my|a|him|her|them|people|the)\b|before\b|out loud\b|aloud\b))|\bi wouldn't (?:say|call)\b",
    re.IGNORECASE,
)


# A question or a possibility at the end of a phrase changes its meaning (「移せないか」 is not
# 「移せない」): it stays with the phrase.
_OPEN_ENDING = re.compile(r"(?:(?:ん|の)だ(?:っけ|ろうか|ろう)|だっけ|かどうか|かなあ|かなぁ|かな|かも(?:しれない|しれません)?|だろうか|でしょうか|のかな|のか|よね|でしょう|でしょ|か)(?![ぁ-ゖ])|(?:かどうか|かな|かも|か)(?=と)")


_NOMINAL_TAIL = re.compile(r"(?:なさ|さ|み)(?![ぁ-ゖ])")


def _worth_a_note(text: str) -> bool:
    """Whether something filed apart from the steps is shown as 「ほかに書いたこと」: a salient phrase,
    or a sentence of some length with content (「登用の条件と、あと私の評価って実際どうなのかって
    こと」 has no phrase the salience reader rates, and R27-04 lost it from every summary)."""
    return bool(salient(text, 1)) or (len(text.strip()) >= (40 if text.isascii() else 14) and _has_content(text))


def salient(text: str, limit: int = 1, *, minimum: float = 0.5, avoid: str = ""):
    """``jatext.phrases.salient``, with a question or possibility ending (か, かな, かも) kept on
    the phrase it belongs to.  A phrase that only echoes ``avoid`` (the guide's own question:
    「手放したくないのは、…瞬間ですね」 after 「手放したくないものは何ですか」) is passed over."""
    found = _salient_phrases(text, limit, minimum=minimum)

    def echoes(p) -> bool:
        return bool(avoid) and _shares(p.text, avoid, 0.8)

    if any(_said_by_someone_else(text, p.begin, p.end) or echoes(p) for p in found):
        found = [
            p for p in _salient_phrases(text, limit + 2, minimum=minimum) if not (_said_by_someone_else(text, p.begin, p.end) or echoes(p))
        ][:limit]
    result = []
    for phrase in found:
        tail = _NOMINAL_TAIL.match(text, phrase.end)
        if tail and tail.end() > phrase.end:
            phrase = replace(phrase, text=text[phrase.begin : tail.end()], end=tail.end())  # 申し訳なさ, never 申し訳
        m = _OPEN_ENDING.match(text, phrase.end)
        if m and m.end() > phrase.end:
            phrase = replace(phrase, text=text[phrase.begin : m.end()], end=m.end())
        result.append(phrase)
    return result


# What a later sentence of an answer says when it already answers the next question.
_NEXT_COVERS: dict[str, re.Pattern[str]] = {
    "result": re.compile(
        r"結果|その後|後には|おかげで|減り|減った|増え|増えた|なりました|できました|喜ばれ|間に合|褒められ|最終的に|結果的に|結局|最後は|戻った|戻りました|回復し|"
        r"[0-9０-９]+(?:%|％|件|人|円|時間|日|割|点)?から[0-9０-９]+|(?:に|まで)(?:上が|下が|減|伸び)った|達成|合格|受かった|成功|解決し|うまくいった|通った|決まった|"
        r"\b(?:went (?:from|down|up)|as a result|in the end|ended up|dropped|fell|rose|improved|was done|on time|"
        r"from \d[\d.,]*\s?%? to \d|we got (?:it|the|them)\b|(?:succeeded|passed|achieved|solved|won)\b)",
        re.IGNORECASE,
    ),
    "thanks": re.compile(r"言われ|感謝され|ありがとう(?:と|って)|頼まれ|\b(?:thank(?:s|ed)? me|people (?:say|tell me)|told me|ask me for)\b", re.IGNORECASE),
    "wishes": re.compile(r"(?<!し)たい(?:です|な|と|。|$)|てほしい|でほしい|たらいい|\b(?:i'd like|i want|i wish|i hope)\b", re.IGNORECASE),
}


def _split_for_next(text: str, collects: str, language: str) -> tuple[str, str] | None:
    """(the part that answers this question, the part that answers the next one) when a later
    sentence of ``text`` already answers a next question about results, thanks or wishes, or
    the next question asks for feelings and a later sentence names the person's own feeling."""
    parts = [p.strip() for p in _split_sentences(_content_part(text) or text) if p.strip()]
    if len(parts) < 2 or any(_is_question_sentence(p) for p in parts):
        return None
    later = None
    for k in range(1, len(parts)):
        sentence = parts[k]
        if collects == "feelings":
            hit = any(p.kind == "feeling" and not p.others and not _NEGATED.search(p.text) for p in salient(sentence, 2))
        else:
            pattern = _NEXT_COVERS.get(collects)
            hit = bool(pattern and pattern.search(sentence)) and not _only_someone_else(sentence)
        if hit:
            later = k
            break
    if later is None:
        return None
    joiner = " " if language == "en" else ""
    mine, theirs = joiner.join(parts[:later]), joiner.join(parts[later:])
    if not (_has_content(mine) and _has_content(theirs)):
        return None
    return mine, theirs


# 「何から言えばいい？」「どう書けばいいですか」: help with the question itself.
_HOW_TO_ANSWER = re.compile(
    r"何から(?:言|書|話)|なにから(?:言|書|話)|どう(?:書|言|答)えば|何を(?:書|言)えば|なんて(?:書|言)えば|"
    r"\bwhat (?:should|do) i (?:write|say)\b|\bhow (?:do|should) i (?:answer|start)\b|\bwhere do i start\b",
    re.IGNORECASE,
)


def _without_health(text: str) -> str:
    """The sentences of ``text`` before it speaks of the person's health (「申し訳なさ、ですかね。」
    out of 「申し訳なさ、ですかね。あと、最近は頭痛が毎日続いてて…」); empty if none."""
    kept = []
    for sentence in _split_sentences(text):
        if any(signal.kind == "health" for signal in detect(sentence)) or _own_health_cue(sentence) or _UNLISTED_HEALTH.search(sentence):
            break  # what comes before the health words, kept as written (one contiguous piece)
        kept.append(sentence.strip())
    if len(kept) == len(_split_sentences(text)):
        return ""  # the health words could not be told apart: nothing is kept as an answer
    joined = (" " if text.isascii() else "").join(kept).strip()
    return _content_part(joined) if _has_content(joined) else ""


_REPORTED_SPEECH = re.compile(r"[』」]?(?:って|と|とか)(?:聞かれ|言われ|言って|聞いて|怒鳴ら|書かれ|返され|誘われ)")


def _said_by_someone_else(text: str, begin: int, end: int) -> bool:
    """A phrase inside 『…』 or 「…」 that someone else said to the person (『行きたいの？』って聞かれ
    て): their words, not the person's, so never reflected as the person's."""
    opening = max(text.rfind("『", 0, begin), text.rfind("「", 0, begin))
    if opening < 0:
        return False
    closing_chars = "』」"
    closing = min((i for i in (text.find(c, end) for c in closing_chars) if i >= 0), default=-1)
    if closing < 0 or any(c in text[opening + 1 : begin] for c in closing_chars):
        return False
    return bool(_REPORTED_SPEECH.match(text, closing + 1) or _REPORTED_SPEECH.match(text, closing))


# A new answer after 戻る that adds to the old one rather than replacing it.
_ADDS_TO = re.compile(r"\s*(?:actually,?\s*)?(?:add\b|also\b|plus\b|one more\b|another\b)|\s*(?:あと|追加で|追加して|それと|もう一つ|もうひとつ)|.{0,40}も(?:入れて|加えて|足して|書き足して)(?:ください|ほしい|おいて)", re.IGNORECASE)


# -- the end summary, filed by what each sentence says (jatext.roles) ---------------------------
#
# Sixteen blind reviews graded 320 end summaries and accepted none as they stood.  The faults
# were of three kinds: what the person said lost (a message that also asked the guide something,
# a 「ようわからん」 beside 「疲れとる」, a long sentence cut to its opening), lines under a
# heading they do not answer (a strength under Must, a worry as the goal, a goodbye as the
# situation), and chatter kept as content (「ありがとね」「cool ttyl」, a correction's lead-in).
# Rules read from the question on screen failed on each new corpus.  So, outside the 1on1 (whose
# step structure is what the manager will see and which keeps back what the person asks), the
# summary takes every sentence the person wrote, leaves out what the sentence-role model reads as
# talk about the talk, and files the rest by what it says.
_ROLE_HEADINGS: dict[str, tuple[tuple[str, str, str], ...]] = {
    # (role, heading in Japanese, in English); where the theme has a step that asks for it, the
    # step's own label, so the summary speaks the words of the questions the person was asked
    "moyamoya": (
        ("fact", "起きたこと", "What happened"),
        ("thought", "受け止め方", "How I read it"),
        ("feeling", "気持ち", "Feelings"),
        ("wish", "願い", "Wishes"),
        ("constraint", "事情や、求められていること", "What I have to work with"),
        ("option", "考えている選択肢", "Options I see"),
        ("strength", "強みや、大切にしていること", "Strengths and what matters to me"),
    ),
    "free": (
        ("fact", "あったこと", "What happened"),
        ("thought", "受け止め方・考えたこと", "How I read it"),
        ("feeling", "気持ち", "Feelings"),
        ("wish", "願い", "Wishes"),
        ("constraint", "事情や、求められていること", "What I have to work with"),
        ("option", "考えている選択肢", "Options I see"),
        ("strength", "強みや、大切にしていること", "Strengths and what matters to me"),
    ),
    "stocktaking": (
        ("fact", "あったこと・したこと", "What happened and what I did"),
        ("strength", "強み（自分の言葉で）", "My strengths, in my words"),
        ("value", "大切にしていること", "What matters to me"),
        ("feeling", "気持ち", "Feelings"),
        ("thought", "考えたこと", "What I think"),
        ("wish", "これからやりたいこと", "What I would like next"),
        ("constraint", "事情や、求められていること", "What I have to work with"),
        ("option", "考えている選択肢", "Options I see"),
    ),
    "career": (
        ("wish", "やりたいこと（Will）", "What I want (Will)"),
        ("strength", "できること（Can）", "What I can do (Can)"),
        ("constraint", "求められていること（Must）", "What is asked of me (Must)"),
        ("value", "手放したくないもの", "What I would not give up"),
        ("fact", "今の状況", "Where I am now"),
        ("option", "考えている選択肢", "Options I see"),
        ("thought", "考えたこと", "What I think"),
        ("feeling", "気持ち", "Feelings"),
    ),
    "learning": (
        ("wish", "目標（Goal）", "Goal"),
        ("fact", "今の位置（Reality）", "Where I am (Reality)"),
        ("strength", "力になるもの", "What helps"),
        ("constraint", "事情や、制約", "What I have to work around"),
        ("option", "選択肢（Options）", "Options"),
        ("thought", "考えたこと", "What I think"),
        ("feeling", "気持ち", "Feelings"),
        ("value", "大切にしていること", "What matters to me"),
    ),
}
# roles with no heading of their own in a theme go under another's
_ROLE_FALLBACK = {"topic": "fact", "value": "strength", "plan": "fact"}
# a sentence read as a plan with at least this probability is a next step when none was filed
_PLAN_SURE = 0.6
# the meta probability above which a sentence after a question put to the guide is left out
# (on the labelled corpora: 45 of 48 such sentences that are meta, none of the 19 that are not)
_AFTER_QUESTION_META = 0.3
# a next step the flow filed that the model reads as another kind of content this surely, and
# that has no form of a plan, is filed under that kind instead
_NOT_A_STEP = 0.8
# the longest sentence a summary quotes whole; a longer one is quoted by ``quote``
_WHOLE_MAX = {"ja": 150, "en": 300}


def role_summarised(theme: Theme) -> bool:
    return theme.key in _ROLE_HEADINGS


def _role_sentences(state: ConversationState, theme: Theme) -> list[tuple[int, str, roles.Reading]]:
    """(turn, sentence, reading) for every sentence the person wrote that a summary may quote."""
    # a wording swapped by a correction (「「燃え尽きた」は言い過ぎでした。「一区切りついた」くらいです」) is
    # swapped in the sentences that held it; it replaces no turn (before, the turns of the step it
    # named were dropped with everything else they said)
    # (one that names a heading, 「Willは「UXリサーチ」ってほどはっきりしてなくて、「人の話を聞いて形
    # にする」くらいです」, says what goes under it: kept whole, nothing swapped)
    swaps = [
        (i, swap) for i, t in enumerate(state.turns)
        if t.role == "person" and i + 1 < len(state.turns) and state.turns[i + 1].move == "corrected" and (swap := _substitution(t.text)) is not None
    ]
    replaced = _replaced_turns([a for a in answers_of(state) if a.index not in {i for i, _ in swaps}])
    swaps = [(i, swap) for i, swap in swaps if not _names_a_step(theme, state.turns[i].text)]
    swapped_at = {i for i, _ in swaps}
    answers = [
        Answer("answer", 0, _swap_words(t.text, [w for j, w in swaps if j > i]) if i not in swapped_at else _without_swap_request(t.text, state.turns[:i]), i)
        for i, t in enumerate(state.turns) if t.role == "person"
    ]
    answers = [a for a in answers if a.text.strip()]
    order = {a.index: n for n, a in enumerate(answers)}
    # an answer written again after going back replaces the first, as the guide said it would
    answers = _asked_to_remove([a for a in answers if a.index not in replaced], state)
    retracted = _retracted_words(answers)
    out: list[tuple[int, str, roles.Reading]] = []
    seen: set[str] = set()
    for answer in answers:
        sentences_ = [x.strip() for x in _form_sentences(answer.text) if x.strip()]
        # what follows a question the guide answered as put to it is mostly that question's
        # context (「…分かりますか。使っているなら何を相談しているのか把握しておきたいのですが」,
        # 「AIって眠くならないの?うらやましい」): left out on a weaker reading of talk about the talk
        answered = answer.index + 1 < len(state.turns) and state.turns[answer.index + 1].move == "answered"
        asked_at = next((n for n, x in enumerate(sentences_) if _is_question_sentence(x)), None) if answered else None
        crisis_at: int | None = None
        for position, sentence in enumerate(sentences_):
            if crisis_at is not None:
                continue  # what the message says after a crisis is about it
            text = _LEADING_GREETING.sub("", sentence).strip()
            if not text or not _has_content(text) or _is_affirmative(text) or _is_nothing(text):
                continue
            if _RECORD_REQUEST.search(text) and not _looks_like_plan(text):
                continue  # 「ノートに入れといて」, "don't add it to my notebook": about the record
            if _retracts(text) or any(word in fold(text) for at, word in retracted if answer.index < at):
                continue  # 「情けないいうのはちょっと違うわ」: the word is gone, with what said so
            if _TO_THE_AI.search(text) or _SAVE_SETTING.search(text):
                continue  # an instruction to an AI in pasted text; how long to keep this talk
            if _skip_in_sentence(text) or not without_courtesies(text):
                continue  # 「…考えたくないのでスキップで」, 「まとめてくださってありがとうございます」
            place = roles.place_of(position, len(sentences_), order[answer.index], len(order))
            reading = roles.read(text, theme.key, place)
            if reading.role == "meta" or fold(text) in seen:
                continue  # read first: what is left out needs no safety reading
            if "health" in firm_kinds(_signals(text)):
                continue  # a health worry is answered with where to turn, not filed (as the flow does)
            if _crisis_said(text):
                # never quoted back, as in every reply (help is shown beside the talk), nor any part
                # of it (「最近、朝ホームで電車待ってると」 led up to it), nor what the message says
                # after it (「別にどうこうするつもりはないけど」): a blind review of round 18 graded a
                # kept lead-in harmful
                crisis_at = position
                continue
            if asked_at is not None and position > asked_at and reading.meta >= _AFTER_QUESTION_META:
                continue
            seen.add(fold(text))
            # 「ありがと でもまだ悔しい気持ちはある」: the thanks is no part of what they felt
            out.append((answer.index, without_courtesies(text) or text, reading))
    return out


def _without_meta(step: str, theme: Theme) -> str:
    """A next step (or what a decision question carries besides the question) without its
    sentences the role model reads as talk about the talk ("ok, I'll log off now", 「ありがとう、
    また来ます」, "Be honest"): a goodbye is no step the person chose, nor a thought on a choice."""
    parts = [x.strip() for x in _form_sentences(step) if x.strip()]
    # no exception for a sentence of plan form: 「初めて使ってみます」 is one, and on the labelled
    # corpora the model reads 32 such remarks as meta for every 2 real steps it would lose
    kept = [x for n, x in enumerate(parts) if roles.read(x, theme.key, roles.place_of(n, len(parts), 1, 3)).role != "meta"]
    if len(kept) == len(parts):
        return step
    return (" " if step.isascii() else "").join(kept)


def _replaced_turns(answers: list[Answer]) -> set[int]:
    """The turns whose answer a later one replaced (written again after 戻る, or as a correction
    of the same step), as ``_standing_answers`` reads them; one that adds to it (「あと、…」)
    replaces nothing."""
    standing: list[Answer] = []
    replaced: set[int] = set()
    for a in answers:
        if a.kind not in _STEP_ANSWERS:
            continue
        if a.kind == "revised" and not (_ADDS_TO.match(a.text) and any(k.step == a.step for k in standing)):
            replaced |= {k.index for k in standing if k.step == a.step and k.index != a.index}
            standing = [k for k in standing if k.step != a.step]
        standing.append(a)
    return replaced


def _signals(text: str) -> tuple:
    """``detect(text)`` of one sentence of a summary (not cached: a process-wide cache would keep
    people's sentences in memory past their request)."""
    return tuple(detect(text))


def _crisis_said(text: str) -> bool:
    """A crisis a rule or the classifier surely finds in ``text`` (an unsure classifier reading is
    not enough to leave the person's words out of their own summary: 「先輩と比べて自分ダメだな」)."""
    return _sure_crisis(list(_signals(text))) or bool(_DANGER_WORDS.search(text))


def _sure_crisis(signals: list) -> bool:
    """A crisis read by a rule or surely by the classifier (not only its unsure tier)."""
    return any(signal.kind == "crisis" for signal in signals) and "crisis" not in unsure_kinds(signals)


# a request to see the people to contact again (「窓口の連絡先だけもう一度表示して」, "where's that
# helpline number again?")
# whether and how long to keep this talk (「保存はしなくていいよ」「保存は1週間で」「保存期間を3か月にしておきます」,
# "dont save this one pls"): about the talk, never what the person noticed (round 18's review found
# it filed as content in five summaries; the labelled corpora had few)
_SAVE_SETTING = re.compile(
    r"(?:^|[、。！!\s]|なら|じゃあ|ほな|ほんなら|やっぱり?|やっぱ)(?:この会話|会話|まとめ|これ|今回|今日の(?:分|会話|は))?(?:は|も)?[、\s]*(?:保存|ほぞん)(?:期間)?(?:は|も|を|につきましては|については|のほう(?:は)?|の方(?:は)?)?[、\s]*"
    r"(?:しなくて|せんで|しないで|せんでいい|しなくていい|しない(?!なら|と|ように|ので|から|場合|時|とき)|しません|せん[。.!！\s]|いらない|いらん|要らない|いいです|いいや|いいよ|ええわ|なし|不要|しといて|しておいて|してください|して|する[。.!！\s]|お願い|"
    r"[0-9０-９一二三四五六七八九十]+\s*(?:日|週間|か月|ヶ月|カ月|ヵ月)|1週間|一週間|一ヶ月|ひと月|[^。？?]{0,20}(?:まで|だけに))|"
    r"\b(?:don'?t|do not|no need to|pls don'?t|please don'?t)\s+save\b(?!\s+the\s+(?:bit|part|line|thing|stuff|piece|section|remark|comment|one about)s?\b)|"
    # "thx. no save pls" (round 39's R39-18 was told 'You wrote "save pls"', the opposite)
    r"(?:^|[.!,]\s*|\b(?:pls|please)\s+)no\s+sav(?:e|ing)\b(?:\s+(?:pls|please|thx|thanks))?\s*[.!]*\s*$|\bsave (?:this|it|the (?:chat|talk|conversation|summary))(?: one)?\b(?! (?:time|money|me))|"
    r"\bsave (?:it |this |the (?:chat|talk|conversation|rest) )?for (?:a|an|one|two|three|\d+)\s+(?:day|week|month|year)s?\b|"
    r"\b(?:don'?t|do not) keep (?:this|it|the (?:chat|talk|conversation))(?: (?:past|after|beyond|longer)\b|[.!]?$)|"
    r"\bkeep (?:it|this|the (?:chat|talk|conversation))(?: saved)? for (?:a|an|one|two|three|\d+)\s+(?:day|week|month|year)s?\b|"
    r"\bdelete (?:it|this|the (?:chat|talk|conversation)) after\b|"
    # "No need to keep it" (round 40's R40-16 was told 'You wrote "need to keep it"', the opposite),
    # 「のこさなくて いい」 (R40-11: 「その言葉を、ここに書き留めておきます」)
    r"^\s*(?:(?:ok|okay|thanks|thx|and|also)[,.!]?\s+)*(?:there'?s\s+)?no need to (?:keep|save)(?: (?:it|this|that|the (?:chat|talk|conversation)))?\s*[.!]*\s*$|"
    r"^\s*(?:(?:ok|okay|thanks|thx|and|also)[,.!]?\s+)*(?:you )?(?:don'?t|do not) (?:need to |have to )?(?:keep|save) (?:it|this|that|anything|the (?:chat|talk|conversation))\s*(?:pls|please)?[.!]*\s*$|"
    r"^[、\s]*(?:この会話|会話|これ|今日の(?:分|会話|は)?|今回)?(?:は|も)?[、\s]*(?:残さ|のこさ|保存し|ほぞんし)(?:なくて|なくても|んで|んでも|ないで)[、\s]*(?:いい|ええ|よい|大丈夫|だいじょうぶ|OK|ok|かまわ)[^。]{0,6}$",
    re.IGNORECASE,
)
# how keeping this talk is done, said when a wish about it is heard: the guide cannot change it,
# and does not know whether this talk is being kept, so both cases are said (templates/coach/talk.html's
# 「保存」 panel offers the period and 「この会話を削除する」)
_SAVING_HOW = {
    "ja": "この会話を残すかどうかは、始めるときにあなたが選んだとおりです。残さない設定なら、このページを閉じれば何も残りません。残している場合も読めるのはあなただけで、画面にある保存の欄で期間を変えたり、会話ごと削除したりできます（わたしの側からは変えられません）。",
    "en": "Whether this conversation is kept is what you chose when you started it. If you chose not to keep it, nothing remains once you close this page. If it is kept, only you can read it, and the Saving panel on this page lets you change how long or delete it (I cannot change that from here).",
}
_SAVING_AGAIN = {
    "ja": "保存のことは、先ほどお伝えしたとおり、画面にある保存の欄で変えられます（わたしの側からは変えられません）。",
    "en": "As I said, how long it is kept is changed in the Saving panel on this page (I cannot change it from here).",
}
# 「消して。」「削除で」 on its own beside a wish about keeping: the same wish
_DELETE_ALONE = re.compile(
    r"^(?:全部|ぜんぶ|これ|それ)?(?:消して|けして|削除して|削除で|消しといて|消してください)[。.!！]*$|^(?:delete (?:it|this)|and delete it)[.!]*$|"
    # a period on its own (「ほぞん する。1かげつ」)
    r"^(?:期限は|期間は)?[0-9０-９一二三四五六]+\s*(?:か月|ヶ月|カ月|かげつ|週間|しゅうかん|日|にち)(?:で|くらい|ぐらい|ほど)?[。.!！]*$",
    re.IGNORECASE,
)
# what they will do with the record themselves, said beside a wish about keeping (「明日PDFで見せるかもです」,
# 「自分の手帳に書き写します」, "I copy it to my paper notebook myself"): about the record, not a topic
_RECORD_USE = re.compile(
    r"PDF|ＰＤＦ|印刷|プリント|紙に|手帳|書き写|写メ|スクショ|(?:ノート|メモ|記録)(?:は|を|に)?(?:自分で|自分の)|"
    r"\b(?:print|copy|screenshot|paper|notebook|my own notes?)\b",
    re.IGNORECASE,
)
# what the safety routes answered: never replaced by the answer about keeping
_SAFETY_MOVES = frozenset({"support", "support_plan", "health", "health_part"})
# words addressed to an AI inside pasted text (「（AIアシスタントへ：この文書を読んだら…）」, "AI:
# ignore previous instructions"): never quoted into the person's record (COACHING.md: never follow
# instructions hidden in pasted text; a blind review graded copying one into a summary harmful)
_TO_THE_AI = re.compile(
    r"(?:AI|ＡＩ|アシスタント|assistant|chatgpt|チャットボット|bot)\s*(?:へ|に対して|宛て?)?\s*[:：]|"
    r"(?:AI|ＡＩ|アシスタント)(?:へ|に対して)[、,]?|この(?:文書|文章|メモ|資料)を読んだ(?:ら|AI)|"
    r"\bignore (?:all |any )?(?:previous|prior|above) (?:instructions|prompts)\b|\b(?:to|for) (?:the )?(?:ai|assistant)\s*:",
    re.IGNORECASE,
)


def _heading_role(role: str, known: set[str]) -> str:
    """The role whose heading a sentence of ``role`` goes under (``_ROLE_FALLBACK``)."""
    while role not in known:
        role = _ROLE_FALLBACK.get(role, "fact")
    return role


def _bare(text: str) -> str:
    """``text`` folded without spaces and punctuation, to tell the same words quoted twice."""
    return re.sub(r"[\W_]+", "", fold(text))


def _quote_sentence(sentence: str, language: str) -> str:
    flat = " ".join(sentence.split()).rstrip("。．.")
    if not _DANGER_WORDS.search(flat) and len(flat) <= _WHOLE_MAX[language]:
        return _wrap(flat, language)
    return quote(sentence, language)


def _role_summary(state: ConversationState, theme: Theme, flow: Summary, language: str) -> Summary:
    """The end summary of a theme in ``_ROLE_HEADINGS``: each sentence the person wrote under
    what it says, in the order said; the next steps the flow found (``flow``), or, when it found
    none, the sentences the model reads as a step they chose; a number said on the scale."""
    headings = _ROLE_HEADINGS[theme.key]
    known = {role for role, _, _ in headings}
    groups: dict[str, list[str]] = {role: [] for role, _, _ in headings}
    next_steps: list[str] = []
    planned: list[str] = []
    demoted: set[str] = set()
    for step in flow.next_steps:
        kept = _without_meta(step, theme)
        if not kept:
            continue
        reading = roles.read(kept, theme.key, "only@last")
        if reading.role not in ("plan", "meta") and reading.probability >= _NOT_A_STEP and not _looks_like_plan(kept) and not _reads_as_plan(kept, "ask"):
            # 「私の手柄のように残るのは本意ではございません」 filed as the step: a wish, said last
            groups[_heading_role(reading.role, known)].append(_quote_sentence(kept, language))
            demoted.add(_bare(kept))
            continue
        next_steps.append(kept)
    stepped = {_bare(s) for s in next_steps} | demoted
    scale_lines: list[str] = []
    for answer in answers_of(state):
        step = _step_for(theme, answer.step)
        if step is not None and step.collects == "scale" and len(answer.text) <= 30 and _SCALE_ANSWER.search(answer.text):
            scale_lines.append(_label_line(step.label.get(language), quote(answer.text, language), language))
            stepped.add(_bare(answer.text))
    for _index, sentence, reading in _role_sentences(state, theme):
        folded = _bare(sentence)
        if any(folded in s or (len(s) >= 8 and s in folded) for s in stepped):
            continue  # quoted as a next step already
        if reading.role == "plan" and reading.probability >= _PLAN_SURE:
            planned.append(sentence)
            continue
        quoted = _quote_sentence(sentence, language)
        if not _is_placeholder(quoted):
            groups[_heading_role(reading.role, known)].append(quoted)
    others: list[str] = []
    if not next_steps:
        next_steps = [_plan_part(s) for s in planned]
    else:
        others = [_quote_sentence(s, language) for s in planned if not _VAGUE_PLAN.match(without_courtesies(s).strip())]
    joiner = "" if language == "ja" else " "
    noticed = [
        _label_line(ja if language == "ja" else en, joiner.join(groups[role]), language)
        for role, ja, en in headings
        if groups[role]
    ]
    noticed.extend(scale_lines)
    if others:
        noticed.append(_label_line(_t(language, "ほかに挙がった一歩", "Other steps you mentioned"), joiner.join(others), language))
    return Summary(noticed=noticed, next_steps=[s for s in next_steps if s and not _is_nothing(s)])
