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
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace

from jatext.normalize import fold
from jatext.tokens import cues, keywords
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
_ASKING = frozenset({"open", "ask", "smaller", "deepen", "resume", "skip", "back", "again", "close"})
_STEP_ANSWERS = frozenset({"answer", "more", "revised"})
# Partner moves that accept the message before them as an answer.
_ACCEPTING = frozenset({"ask", "check", "close", "deepen"})

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
    r"^(はい|うん|ええ|そうです|そうですね|そう|合って|あって|大丈夫|だいじょうぶ|しっくり|その通り|そのとおり|ok|okay|yes|yeah|yep|right|correct|that fits|it fits|fits|looks right|sounds right)"
)
_NEGATIVE = re.compile(
    r"^(違います|違う|ちがいます|ちがう|違って|ちょっと違|少し違|いいえ|いや|no|nope|not quite|not really)[、,。.\s]*"
)
_NOTHING = frozenset(
    fold(w)
    for w in (
        "特にない",
        "特にないです",
        "特になし",
        "特にありません",
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
    r"(べき|ほうがいい|方がいい|ほうが良い|方が良い|ほうがよい|方がよい|どっちがいい|どちらがいい|どっちが良い|どちらが良い|どうすればいい|どうしたらいい|正解|決めてほしい|決めてください)"
)
_QUESTIONISH_JA = re.compile(r"(か|かな|かね|でしょうか|ですか|の|？|\?)\s*[。．…]*\s*$")
_DECISION_EN = re.compile(
    r"\b(should i|shall i|do you think i should|what should i|would it be better|is it better|tell me what to do|which is better|what would you do)\b",
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
_NUMBER = re.compile(r"(?<![0-9])(10|[0-9])(?![0-9])")
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
    (elaborating ``step`` after a gentle second look), "correction" (to a summary) or
    "aside" (thinking about a decision). ``index`` is the position of the person's turn."""

    kind: str
    step: int
    text: str
    index: int = -1


class GuideEngine(BaseEngine):
    """Guided reflection without a model. Replies take about a millisecond."""

    name = "guide"
    is_model = False

    _CACHE_SIZE = 256

    def __init__(self, config=None) -> None:
        super().__init__(config)
        self._cache: OrderedDict[tuple, Move] = OrderedDict()
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
        move = self.plan(state, message, language=language)
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
        check_language(language)
        theme = _theme(state)
        answers = answers_of(state)
        if not answers:
            return self._summary_without_flow(state, language)
        per_step: dict[int, list[str]] = {}
        noticed_extra: list[str] = []
        for a in answers:
            if a.kind == "revised" and _has_content(a.text):
                per_step[a.step] = [a.text]  # answered again after 戻る: the new answer replaces the old
            elif a.kind in ("answer", "more"):
                # a bare "はい" says nothing to keep, unless answers are the point (feedback)
                if _has_content(a.text) and (theme.plain_answers or not _is_affirmative(a.text)):
                    per_step.setdefault(a.step, []).append(a.text)
            elif a.kind == "correction" and _has_content(a.text) and not _is_affirmative(a.text):
                noticed_extra.append(
                    _label_line(_t(language, "補足", "Added"), quote(a.text, language), language)
                )
            elif a.kind == "aside" and keywords(a.text, 1):
                noticed_extra.append(
                    _label_line(
                        _t(language, "選ぶときに考えたこと", "On the choice"),
                        quote(a.text, language),
                        language,
                    )
                )
        noticed: list[str] = []
        next_steps: list[str] = []
        for index in sorted(per_step):
            step = _step_for(theme, index)
            if step is None:
                continue
            texts = per_step[index]
            if step.collects == NEXT_STEP:
                for text in texts:
                    next_steps.extend(_items(text))
                continue
            if all(_is_nothing(t) for t in texts):
                continue
            noticed.append(
                _label_line(step.label.get(language), " ".join(quote(t, language) for t in texts), language)
            )
        noticed.extend(noticed_extra)
        return Summary(noticed=noticed, next_steps=[s for s in next_steps if not _is_nothing(s)])

    # -- planning ------------------------------------------------------------------------

    def plan(self, state: ConversationState, message: str, *, language: Language) -> Move:
        """Decide the reply to ``message``. Pure and deterministic; cached briefly because the
        same decision is needed by ``stream_reply`` and then by ``record``."""
        check_language(language)
        key = (state, message, language)
        with self._lock:
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                return cached
        move = _Planner(self, state, message, language).plan()
        with self._lock:
            self._cache[key] = move
            while len(self._cache) > self._CACHE_SIZE:
                self._cache.popitem(last=False)
        return move

    def _summary_without_flow(self, state: ConversationState, language: Language) -> Summary:
        """A conversation the guide did not lead (a model engine had it): list the person's key
        words in order, without pretending to know which question they answered."""
        words: list[str] = []
        seen: set[str] = set()
        for turn in state.turns:
            if turn.role != "person":
                continue
            for word in keywords(turn.text, 3):
                if fold(word) not in seen:
                    seen.add(fold(word))
                    words.append(word)
        if not words:
            return Summary()
        label = _t(language, "話の中に出てきた言葉", "Words you used")
        return Summary(
            noticed=[_label_line(label, _quote_words(words[:12], language), language)], next_steps=[]
        )


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

    # The shape of every reply: optional reflection lines, then at most one question.
    def plan(self) -> Move:
        text = self.message.strip()
        if not text:
            return self._move(
                "again",
                self.step,
                [self._t("ゆっくりで大丈夫です。", "Take your time."), self.question(self.step)],
            )
        command = fold(re.sub(r"[\s。．.!！?？]+$", "", text)).strip()
        if command in _SKIP:
            return self._skip()
        if command in _BACK:
            return self._back()
        if _asks_for_decision(text, self.language):
            return self._decide(text)
        if self.last_move == "check":
            return self._after_check(text)
        if self.last_move == "decide":
            return self._after_decide(text)
        found = cues(text)
        if "unsure" in found and _mostly_unsure(text):
            return self._unsure()
        return self._answer(text, found)

    # -- moves ---------------------------------------------------------------------------

    def _skip(self) -> Move:
        if self.last_move == "check":  # "skip" the summary check: go on with the question it held back
            lead = self._t("わかりました。では、続けますね。", "All right. Let us go on.")
            if self._past_end(self.step):
                return self._move("close", self.step, [lead, *self._closing()])
            return self._move("resume", self.step, [lead, self.question(self.step)])
        nxt = self.step + 1
        lead = self._t("わかりました。この問いは飛ばしますね。", "All right, let us skip this one.")
        if self._past_end(nxt) and not self._past_end(self.step):
            return self._move("close", nxt, [lead, *self._closing()])
        return self._move("skip", nxt, [lead, self.question(nxt)])

    def _back(self) -> Move:
        if self.step == 0:
            return self._move(
                "back",
                0,
                [self._t("これが最初の問いです。", "This is the first question."), self.question(0)],
            )
        prev = self.step - 1
        return self._move(
            "back",
            prev,
            [self._t("ひとつ前の問いに戻りますね。", "Let us go back one question."), self.question(prev)],
        )

    def _after_check(self, text: str) -> Move:
        negative = _NEGATIVE.match(fold(text.strip()))
        rest = text.strip()[negative.end() :] if negative else text
        words = keywords(rest, 3)
        if negative and not words and self.last_move == "check" and not self._rechecked():
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
        if _is_affirmative(text) or not words:
            lead = self._t("ありがとうございます。では、続けますね。", "Thank you. Let us go on.")
        else:
            said = (
                quote(rest.strip(" 、,。."), self.language)
                if len(rest.strip()) <= 40
                else _quote_words(words, self.language)
            )
            lead = self._t(
                f"{said}ですね。まとめに書き加えておきます。", f"{said} — I will add that to the summary."
            )
        if self._past_end(self.step):
            return self._move("close", self.step, [lead, *self._closing()])
        return self._move("resume", self.step, [lead, self.question(self.step)])

    def _rechecked(self) -> bool:
        """True when the last two partner turns were both summary checks (asked once already)."""
        partner = [t for t in self.state.turns if t.role == "partner"][-2:]
        return len(partner) == 2 and all(t.move == "check" for t in partner)

    def _after_decide(self, text: str) -> Move:
        lines = [self._reflect(text)]
        lines.append(
            self._t(
                "大事な手がかりだと思います。では、先ほどの流れに戻りますね。",
                "That seems worth keeping in mind. Let us return to where we were.",
            )
        )
        if self._past_end(self.step):
            lines.append(self._t("ほかに、どんなことが心にありますか。", "What else is on your mind?"))
        else:
            lines.append(self.question(self.step))
        return self._move("resume", self.step, lines)

    def _decide(self, text: str) -> Move:
        words = keywords(text, 2)
        if words:
            topic = self._t(
                f"{_quote_words(words, 'ja')}について、どうするか考えているのですね。",
                f"You are weighing {_quote_words(words, 'en')}.",
            )
        else:
            topic = self._t(
                "大事な選択について、考えているのですね。", "You are weighing an important choice."
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
        return self._move(
            "decide",
            self.step,
            [
                topic,
                self._t(
                    "どうするかを決めるのは、あなた自身です。わたしは答えを出すのではなく、考えるお手伝いをします。",
                    "The decision is yours. I will not give you an answer, but I can help you think it through.",
                ),
                questions[self.partner_count % len(questions)],
            ],
        )

    def _unsure(self) -> Move:
        if self.last_move == "deepen":  # the step was answered; the second look is optional
            nxt = self.step + 1
            lead = self._t(
                "わからない、というのも大切な答えです。では、次の問いに進みますね。",
                "Not knowing is a fine answer too. Let us go on to the next question.",
            )
            if self._past_end(nxt):
                return self._move("close", nxt, [lead, *self._closing()])
            return self._move("skip", nxt, [lead, self.question(nxt)])
        if self.last_move == "smaller" or self._past_end(self.step):
            nxt = self.step + 1
            lead = self._t(
                "無理に答えなくて大丈夫です。この問いはここまでにして、次に進みますね。",
                "There is no need to force an answer. Let us leave this one here and move on.",
            )
            if self._past_end(nxt) and not self._past_end(self.step):
                return self._move("close", nxt, [lead, *self._closing()])
            return self._move("skip", nxt, [lead, self.question(nxt)])
        step = self.step_def(self.step)
        smaller = step.smaller.get(self.language) if step is not None else self.question(self.step)
        return self._move(
            "smaller",
            self.step,
            [
                self._t(
                    "わからない、というのも大切な答えです。急がなくて大丈夫です。",
                    "Not knowing is a fine answer too. There is no hurry.",
                ),
                self._t(
                    f"もう少し小さな問いにしてみますね。{smaller}", f"Here is a smaller question. {smaller}"
                ),
            ],
        )

    def _answer(self, text: str, found: set[str]) -> Move:
        if self._invites_second_look(found):
            look = self._second_look(text, really_only="really" in found and "but" not in found)
            if look is not None:
                before, notice = look
                # Reflect the first half only; the second half is what the notice is about.
                lines = [self._reflect(before)] if keywords(before, 1) else []
                return self._move("deepen", self.step, [*lines, *notice])
        nxt = self.step + 1
        next_step = self.step_def(nxt)
        if next_step is not None and next_step.lists_from and not self._past_end(nxt):
            lines = []  # the next question lists their items back: that is the reflection
        else:
            lines = [self._reflect(text)]
        if "feeling" in found and not self._step_collects(self.step, "feelings"):
            lines.append(
                self._t("その気持ちも、ここに置いておきましょう。", "That feeling has a place here too.")
            )
        if "unsure" in found:
            lines.append(
                self._t(
                    "「わからない」と感じていることも、大切な手がかりだと思います。",
                    "Feeling unsure is worth noticing too.",
                )
            )
        if _is_nothing(text) and self._step_collects(self.step, NEXT_STEP):
            lines = [
                self._t(
                    "今は何もしない、というのも一つの選び方です。",
                    "Choosing to do nothing for now is a choice too.",
                )
            ]
        if self._past_end(nxt) and not self._past_end(self.step):
            return self._move("close", nxt, [*lines, *self._closing()])
        if self._due_for_check():
            return self._move("check", nxt, [*lines, *self._check_lines()])
        return self._move("ask", nxt, [*lines, self.question(nxt)])

    # -- pieces --------------------------------------------------------------------------

    def _reflect(self, text: str) -> str:
        number = (
            _NUMBER.search(text)
            if (self._step_collects(self.step, "scale") or self._step_collects(self.step, "reality"))
            else None
        )
        if number is not None and len(text) <= 20:
            return self._t(f"「{number.group(1)}」くらいなのですね。", f"About {number.group(1)}, then.")
        words = keywords(text, 3)
        if not words:
            return self._t("書いてくださって、ありがとうございます。", "Thank you for writing that.")
        variant = self.partner_count % 3
        if self.language == "en":
            q = _quote_words(words, "en")
            return (f"You wrote {q}.", f"{q} — those are your words.", f"I hear {q}.")[variant]
        q = _quote_words(words, "ja")
        return (
            f"{q}という言葉が出てきましたね。",
            f"{q}と書いてくださったのですね。",
            f"{q}。あなたの言葉として受け取りました。",
        )[variant]

    def _invites_second_look(self, found: set[str]) -> bool:
        """Once per step. 本当は always invites one; a plain でも/けど only where the step asks
        for thoughts, feelings or wishes (in a story of what happened it is just a connective)."""
        if self.last_move == "deepen" or self._past_end(self.step):
            return False
        if "really" in found:
            return True
        step = self.step_def(self.step)
        return "but" in found and step is not None and step.collects not in _NARRATIVE

    def _second_look(self, text: str, *, really_only: bool = False) -> tuple[str, list[str]] | None:
        """The text before the cue word, and the lines that notice what came after it."""
        pattern = _SECOND_HALF_EN if self.language == "en" else _SECOND_HALF_JA
        matches = list(pattern.finditer(text))
        if not matches and self.language == "en":
            matches = list(_SECOND_HALF_JA.finditer(text))
        # 本当は outranks でも: the wish behind the words is what the person pointed at.
        really = [m for m in matches if m.group(1).lower() in _REALLY_WORDS]
        if really_only or really:
            matches = really
        if not matches:
            return None
        match = matches[-1]
        marker = match.group(1)
        before = text[: match.start()]
        rest = _SENTENCE_END.split(text[match.end() :].lstrip("、, "), maxsplit=1)[0]
        words = keywords(rest, 2) if rest.strip() else []
        if not words:
            if text[match.end() :].strip(" 、,。.…") == "":
                return before, [
                    self._t(f"「{marker}」で言葉が止まっていますね。", f'Your words stop at "{marker}".'),
                    self._t(
                        f"「{marker}」のあとに続く言葉があるとしたら、どんなことでしょう。",
                        f'If the sentence went on after "{marker}", what might follow?',
                    ),
                ]
            return None
        q_ja, q_en = _quote_words(words, "ja"), _quote_words(words, "en")
        if marker.lower() in _REALLY_WORDS:
            return before, [
                self._t(
                    f"「{marker}」のあとに、{q_ja}と書いてくださいました。",
                    f'After "{marker}" you wrote {q_en}.',
                ),
                self._t(f"{q_ja}には、どんな思いがありますか。", f"What is there for you in {q_en}?"),
            ]
        return before, [
            self._t(
                f"「{marker}」のあとの{q_ja}という言葉も、気になりました。",
                f'I noticed {q_en}, after "{marker}".',
            ),
            self._t(f"{q_ja}について、どんなことを感じていますか。", f"What do you feel about {q_en}?"),
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

    def _due_for_check(self) -> bool:
        """Every ``summary_every`` accepted answers (counted since the last summary)."""
        if self.theme.plain_answers:
            return False
        asked = 0
        for turn in reversed(self.state.turns):
            if turn.role != "partner":
                continue
            if turn.move == "check":
                break
            if turn.move == "ask":
                asked += 1
        return asked + 1 >= self.engine.config.summary_every

    def _check_lines(self) -> list[str]:
        answers = answers_of(self.state) + [self._current_answer()]
        since = _answers_since_last_check(self.state, answers)
        per_step: dict[int, list[str]] = {}
        for a in since:
            if not _has_content(a.text):
                continue
            if a.kind == "revised":
                per_step[a.step] = [a.text]
            elif not (_is_affirmative(a.text) or _is_nothing(a.text)):
                per_step.setdefault(a.step, []).append(a.text)
        lines = [
            self._t(
                "ここまでを、あなたの言葉でまとめてみます。",
                "Here is what you have said so far, in your own words:",
            )
        ]
        for index in sorted(per_step):
            step = _step_for(self.theme, index)
            if step is None:
                continue
            quoted = " ".join(quote(t, self.language) for t in per_step[index])
            lines.append(
                ("・" if self.language == "ja" else "- ")
                + _label_line(step.label.get(self.language), quoted, self.language)
            )
        lines.append(
            self._t(
                "このまとめで、しっくりきますか。違うところがあれば、そのまま書いてください。",
                "Does this fit? If anything is off, just write it.",
            )
        )
        return lines

    def question(self, index: int) -> str:
        """The question for step ``index``, with the items it lists (1on1 topics) if any."""
        step = self.step_def(index)
        if step is None:
            return ""
        if index < len(self.theme.steps) or self.theme.cycle:
            text = self.theme.question_at(index, self.language)
        else:
            extra = index - len(self.theme.steps)
            text = FREE.question_at(extra if extra else len(FREE.steps), self.language)
        if step.lists_from:
            items = self._items_of(step.lists_from)
            if items:
                bullet = "・" if self.language == "ja" else "- "
                listed = "\n".join(bullet + item for item in items[:6])
                text = f"{self._t('話したいこと：', 'Your topics:')}\n{listed}\n{text}"
        return text

    def _current_answer(self) -> Answer:
        kind = {"deepen": "more", "back": "revised"}.get(self.last_move, "answer")
        return Answer(kind, self.step, self.message, len(self.state.turns))

    def step_def(self, index: int) -> Step | None:
        return _step_for(self.theme, index)

    def _items_of(self, key: str) -> list[str]:
        source = self.theme.index_of(key)
        if source is None:
            return []
        latest = ""
        for a in answers_of(self.state) + [self._current_answer()]:
            if a.step == source and a.kind in ("answer", "revised"):
                latest = a.text
        return _items(latest)

    def _step_collects(self, index: int, collects: str) -> bool:
        step = self.step_def(index)
        return step is not None and step.collects == collects

    def _past_end(self, index: int) -> bool:
        return not self.theme.cycle and index >= len(self.theme.steps)

    def _move(self, kind: str, step: int, lines: list[str]) -> Move:
        return Move(kind, step, "\n".join(line for line in lines if line))

    def _t(self, ja: str, en: str) -> str:
        return en if self.language == "en" else ja


# --- reading the flow back from the turns ------------------------------------------------------


def answers_of(state: ConversationState) -> list[Answer]:
    """What the person wrote, placed in the guided flow, read from the guide's recorded moves.

    A person's message is an answer to the step the guide had asked about when the guide's
    next move accepted it (moved on, summed up, closed, or took a second look). Messages the
    guide did not accept (skip, back, "I don't know") are not answers.
    """
    turns = state.turns
    result: list[Answer] = []
    for i, turn in enumerate(turns):
        if turn.role != "person" or i == 0:
            continue
        before = turns[i - 1]
        after = turns[i + 1] if i + 1 < len(turns) else None
        if before.role != "partner" or after is None or after.role != "partner" or before.step is None:
            continue
        if before.move == "check" and after.move in ("resume", "close"):
            result.append(Answer("correction", before.step, turn.text, i))
        elif before.move == "decide" and after.move == "resume":
            result.append(Answer("aside", before.step, turn.text, i))
        elif before.move in _ASKING and after.move in _ACCEPTING:
            kind = {"deepen": "more", "back": "revised"}.get(before.move, "answer")
            result.append(Answer(kind, before.step, turn.text, i))
    return result


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


def quote(text: str, language: str) -> str:
    """The person's answer in their own words: whole if short, else its first sentence if
    short, else its key words. A list (one item per line) is quoted item by item."""
    items = _items(text)
    if len(items) > 1 and all(len(item) <= 40 for item in items):
        return (
            "".join(_wrap(item, language) for item in items[:6])
            if language == "ja"
            else ", ".join(_wrap(item, language) for item in items[:6])
        )
    flat = " ".join(text.split())
    if len(flat) <= 60:
        return _wrap(flat.rstrip("。."), language)
    first = _SENTENCE_END.split(text.strip(), maxsplit=1)[0].strip()
    if 0 < len(first) <= 60:
        return _wrap(first, language)
    words = keywords(text, 4)
    return _quote_words(words, language) if words else _wrap(flat[:57] + "…", language)


def _wrap(text: str, language: str) -> str:
    return f'"{text}"' if language == "en" else f"「{text}」"


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


def _has_content(text: str) -> bool:
    """Anything beyond punctuation, symbols and spaces."""
    return bool(re.sub(r"[\W_]+", "", text))


def _is_affirmative(text: str) -> bool:
    folded = fold(text.strip())
    return len(folded) <= 20 and bool(_AFFIRMATIVE.match(folded))


def _is_nothing(text: str) -> bool:
    return fold(re.sub(r"[\s。．.!！、,]+", "", text)) in {fold(re.sub(r"\s+", "", w)) for w in _NOTHING}


def _mostly_unsure(text: str) -> bool:
    """ "I don't know" as the whole answer, not a sentence that merely contains わからない."""
    return len(text.strip()) <= 30 and len(keywords(text, 3)) <= 1


def _asks_for_decision(text: str, language: str) -> bool:
    if _DECISION_EN.search(text):
        return True
    stripped = text.strip()
    return bool(_DECISION_JA.search(stripped) and _QUESTIONISH_JA.search(stripped))
