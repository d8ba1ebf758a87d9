"""The guided themes a conversation can follow, in Japanese and English.

Each theme is a short, ordered flow of open questions grounded in a named coaching method
(docs/coaching.md says which and why). Every step has one open question, a smaller question
for when the person does not know (a permission to answer something easier), and the label
under which the person's answer appears in the end-of-conversation summary.

The guide engine walks these steps literally; the model engine receives the same steps in its
system prompt as a path to follow loosely. Plain data, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class Text(NamedTuple):
    """A string in both languages of the product."""

    ja: str
    en: str

    def get(self, language: str) -> str:
        return self.en if language == "en" else self.ja


# what a response style is chosen for, before it (「育て方は」「人員不足の件、」「評価については」)
_ABOUT = r"(?:[^。！!？?\n「」]{1,16}?(?:は|には|については|の件[、,は]?|って)[、,\s]*)?"
# the style said as a choice, not 「一緒に考えてほしいことがあって」
_STYLE_END = r"(?=[。．！!、,\s…ー〜~]|$|です|かな|かも|な|ね|よ|けど|と(?:思|言)|とは|んよ|んや|のよ|だけ)"


# how people name the small step when they offer one (「小さい一歩…まず…書き出すとか？」 "Small step: …")
_SMALL_STEP_NAMES = (
    r"(?:小さ(?:な|い)|次の|最初の)一歩(?:目)?(?:は|って|なら|…|\.\.\.|、|：|:)",
    r"(?:my |a |one )?(?:small|next|first) step(?: is| would be|:|,| -)",
)


@dataclass(frozen=True)
class Step:
    """One step of a guided flow.

    ``collects`` names what the answer holds ("facts", "feelings", "next_step" …). Answers of
    steps that collect ``"next_step"`` become the summary's next steps; all others become
    what the person noticed. ``lists_from`` names an earlier step whose answer, split into
    items, is shown back to the person before this step's question (1on1 topics). ``again``
    replaces the question when a cycling theme comes back to this step.
    """

    key: str
    collects: str
    label: Text
    question: Text
    smaller: Text
    lists_from: str | None = None
    again: Text | None = None
    # how people name this step when they answer it out of turn (regular expressions matched at the
    # start of a message, after a short interjection): 「最初に言うのは…」 "I'll open with…", 「しんどさ8」
    names: tuple[str, ...] = ()
    # the earlier step this question builds on (「それが1つ小さくなるとしたら」 needs a number on the
    # scale), and the question asked instead when that step holds nothing to build on (round 31: "one
    # point smaller" after a scale never given, "Of these" after no options were listed)
    builds_on: str | None = None
    unbuilt: Text | None = None


@dataclass(frozen=True)
class Theme:
    key: str
    title: Text
    description: Text
    opening: Text
    method: Text
    steps: tuple[Step, ...]
    cycle: bool = False
    # What the guide says after the last step, instead of its usual offer of a summary.
    closing: Text | None = None
    # Answers are the point (feedback): a bare "yes" is kept in the summary, and there is no
    # summing-up midway, because the person reviews everything at the end.
    plain_answers: bool = False

    def step_at(self, index: int) -> Step | None:
        """The step at ``index``; cycling themes wrap around, others end (``None``)."""
        if index < 0:
            return None
        if self.cycle:
            return self.steps[index % len(self.steps)]
        return self.steps[index] if index < len(self.steps) else None

    def question_at(self, index: int, language: str) -> str:
        step = self.step_at(index)
        if step is None:
            return ""
        if self.cycle and index >= len(self.steps) and step.again is not None:
            return step.again.get(language)
        return step.question.get(language)

    def index_of(self, key: str) -> int | None:
        for i, step in enumerate(self.steps):
            if step.key == key:
                return i
        return None

    def title_for(self, language: str) -> str:
        return self.title.get(language)


# The closing step every flow ends with; "next_step" answers become the summary's next steps.
NEXT_STEP = "next_step"

_SMALL_STEP_SMALLER = Text(
    "5分でできることがあるとしたら、どんなことでしょう。",
    "If there were something you could do in five minutes, what might it be?",
)

FREE = Theme(
    key="free",
    title=Text("自由に話す", "Free talk"),
    description=Text(
        "決まった流れなしに、いま心にあることを話せます。",
        "Talk about whatever is on your mind, without a set path.",
    ),
    opening=Text(
        "ここでは、決まった流れなしに話せます。うまくまとまっていなくても大丈夫です。",
        "Here you can talk without a set path. It does not need to be tidy.",
    ),
    method=Text(
        "傾聴（リフレクティブ・リスニング）と、事実・気持ち・願い・小さな一歩のサイクル",
        "Reflective listening, cycling through facts, feelings, wishes and a small step",
    ),
    cycle=True,
    steps=(
        Step(
            key="topic",
            collects="topic",
            label=Text("話したいこと", "On my mind"),
            question=Text("今、どんなことが心にありますか。", "What is on your mind right now?"),
            smaller=Text(
                "今日いちばん心に残っていることは何ですか。", "What has stayed with you most today?"
            ),
            again=Text("ほかに、どんなことが心にありますか。", "What else is on your mind?"),
        ),
        Step(
            key="facts",
            collects="facts",
            label=Text("あったこと", "What happened"),
            question=Text("そのことについて、実際にはどんなことがありましたか。", "What actually happened?"),
            smaller=Text("それは、いつ、どこでのことでしたか。", "When and where was it?"),
        ),
        Step(
            key="feelings",
            collects="feelings",
            label=Text("気持ち", "Feelings"),
            question=Text("そのとき、どんな気持ちになりましたか。", "How did you feel then?"),
            smaller=Text(
                "一言で表すとしたら、どんな気持ちに近いですか。",
                "If you put it in one word, what feeling is closest?",
            ),
        ),
        Step(
            key="wishes",
            collects="wishes",
            label=Text("願い", "Wishes"),
            question=Text(
                "本当は、どうなったらいいなと思いますか。", "What would you like to happen instead?"
            ),
            smaller=Text(
                "少しでも良くなったとしたら、何が変わっていそうですか。",
                "If it got a little better, what would be different?",
            ),
        ),
        Step(
            key="small_step",
            collects=NEXT_STEP,
            names=_SMALL_STEP_NAMES,
            label=Text("小さな一歩", "A small step"),
            question=Text(
                "そのために、どんな小さな一歩なら踏み出せそうですか。思いつかなければ、それでも大丈夫です。",
                "What small step could you take towards that? If nothing comes to mind, that is fine too.",
            ),
            smaller=_SMALL_STEP_SMALLER,
        ),
    ),
)

MOYAMOYA = Theme(
    key="moyamoya",
    title=Text("モヤモヤ整理", "Sort out what is on my mind"),
    description=Text(
        "気になっていることを、事実・受け止め方・気持ち・願いに分けて整理します。",
        "Untangle what is bothering you into what happened, how you read it, how you feel and what you wish for.",
    ),
    opening=Text(
        "頭の中のモヤモヤを、事実・気持ち・願いに分けて、少しずつ整理していきましょう。",
        "Let us sort out what is on your mind, a little at a time: what happened, how you feel, what you wish for.",
    ),
    method=Text(
        "事実・解釈・感情・願いの切り分けと、スケーリング・例外探し（解決志向）",
        "Separating facts, interpretations, feelings and wishes; scaling and exceptions (solution-focused)",
    ),
    steps=(
        Step(
            key="concern",
            collects="concern",
            label=Text("気になっていること", "What is on my mind"),
            question=Text(
                "今、どんなことがモヤモヤしていますか。思いつくまま書いてみてください。",
                "What is weighing on you right now? Write it as it comes.",
            ),
            smaller=Text(
                "最近、ため息が出たのはどんな場面でしたか。",
                "In what moment did you last sigh at work?",
            ),
        ),
        Step(
            key="facts",
            collects="facts",
            label=Text("起きたこと", "What happened"),
            question=Text(
                "そのことで、実際に起きたことは何でしたか。見たこと・聞いたことだけを書いてみてください。",
                "What actually happened? Try writing only what you saw and heard.",
            ),
            smaller=Text("誰が、何を言ったり、したりしましたか。", "Who said or did what?"),
        ),
        Step(
            key="interpretation",
            collects="interpretation",
            label=Text("受け止め方", "How I read it"),
            question=Text(
                "その出来事を、あなたはどう受け止めましたか。「きっと〜だろう」と考えたことがあれば、それも書いてみてください。",
                'How did you read what happened? If you thought "they must be ...", write that too.',
            ),
            smaller=Text(
                "そのとき、頭に浮かんだのはどんな言葉でしたか。",
                "What words went through your head at that moment?",
            ),
        ),
        Step(
            key="feelings",
            collects="feelings",
            label=Text("気持ち", "Feelings"),
            question=Text(
                "そのとき、どんな気持ちがありましたか。いくつあっても大丈夫です。",
                "What feelings were there? There can be more than one.",
            ),
            smaller=Text(
                "一言で表すとしたら、どんな気持ちに近いですか。",
                "If you put it in one word, what feeling is closest?",
            ),
        ),
        Step(
            key="wishes",
            collects="wishes",
            label=Text("願い", "Wishes"),
            question=Text("本当は、どうなったらいいと思いますか。", "What would you really like instead?"),
            smaller=Text(
                "少しでも楽になったとしたら、何が変わっていそうですか。",
                "If it felt a little lighter, what would be different?",
            ),
        ),
        Step(
            key="scale",
            collects="scale",
            names=(
                r"(?:0|０)\s*[〜～~ー\-]\s*(?:10|１０)\s*(?:で|なら|だと|でいうと|で言うと)",
                r"(?:しんどさ|モヤモヤ|もやもや|大きさ|つらさ)(?:は|が)?\s*[0-9０-９]",
                r"10点中|１０点中",
                r"(?:about |maybe |probably |like )?(?:a )?\d+\s*(?:/|out of)\s*10\b",
            ),
            label=Text("今の大きさ（0〜10）", "How big it is (0-10)"),
            question=Text(
                "今のモヤモヤの大きさを0から10で表すと、いくつくらいですか。",
                "On a scale from 0 to 10, how big does it feel right now?",
            ),
            smaller=Text(
                "大きい・中くらい・小さい、で言うとどれに近いですか。",
                "Which is it closer to: big, medium or small?",
            ),
        ),
        Step(
            key="exception",
            collects="exception",
            label=Text("少し小さくなるとき", "When it is a little smaller"),
            question=Text(
                "それが1つ小さくなるとしたら、何が違っていそうですか。",
                "If it were one point smaller, what would be different?",
            ),
            builds_on="scale",
            unbuilt=Text(
                "それが少しでも小さくなるとしたら、何が違っていそうですか。",
                "If it felt even a little smaller, what would be different?",
            ),
            smaller=Text(
                "前に少しでもましだったのは、どんなときでしたか。",
                "When was it a little better before?",
            ),
        ),
        Step(
            key="small_step",
            collects=NEXT_STEP,
            names=_SMALL_STEP_NAMES,
            label=Text("小さな一歩", "A small step"),
            question=Text(
                "そのために、今週できそうな小さな一歩はどんなことですか。なければ、それでも大丈夫です。",
                "What small step could you take this week? If there is none, that is fine.",
            ),
            smaller=_SMALL_STEP_SMALLER,
        ),
    ),
)

STOCKTAKING = Theme(
    key="stocktaking",
    title=Text("棚卸し", "Taking stock"),
    description=Text(
        "経験をふり返り、強みと大切にしていることを自分の言葉で見つけます。",
        "Look back on your experience to name your strengths and values in your own words.",
    ),
    opening=Text(
        "これまでの経験をふり返って、あなたの強みや大切にしていることを、あなた自身の言葉で見つけていきましょう。",
        "Let us look back at your experience and find your strengths and values, in your own words.",
    ),
    method=Text(
        "STAR（状況・課題・行動・結果）でのエピソード整理、エネルギーの源、周りからの感謝、価値観の言語化",
        "STAR episodes (situation, task, action, result), sources of energy, what others thank you for, naming values",
    ),
    steps=(
        Step(
            key="situation",
            collects="situation",
            label=Text("印象に残っている仕事（状況と役割）", "A piece of work (situation and role)"),
            question=Text(
                "これまでの仕事で印象に残っている出来事を、ひとつ思い浮かべてください。それは、どんな状況で、あなたはどんな役割でしたか。",
                "Think of one piece of work that stayed with you. What was the situation, and what was your part in it?",
            ),
            smaller=Text(
                "最近の仕事で、うまくいったと感じたのはどんなことでしたか。",
                "What recent piece of work felt like it went well?",
            ),
        ),
        Step(
            key="action",
            collects="action",
            label=Text("したこと", "What I did"),
            question=Text("そのとき、あなたは実際にどんなことをしましたか。", "What did you actually do?"),
            smaller=Text("最初にとりかかったのは、どんなことでしたか。", "What was the first thing you did?"),
        ),
        Step(
            key="result",
            collects="result",
            label=Text("結果", "What came of it"),
            question=Text("その結果、どうなりましたか。", "What came of it?"),
            smaller=Text(
                "終わったあと、周りの人はどんな反応でしたか。",
                "How did the people around you react afterwards?",
            ),
        ),
        Step(
            key="energy",
            collects="energy",
            label=Text("力がわくとき", "What gives me energy"),
            question=Text(
                "仕事の中で、時間を忘れるほど夢中になれるのは、どんなときですか。",
                "When at work do you lose track of time?",
            ),
            smaller=Text(
                "終わったあとに、疲れより満足が残るのはどんな仕事ですか。",
                "Which tasks leave you satisfied rather than tired?",
            ),
        ),
        Step(
            key="thanks",
            collects="thanks",
            label=Text("感謝されること", "What people thank me for"),
            question=Text(
                "周りの人から、どんなことで「ありがとう」と言われることが多いですか。",
                "What do people most often thank you for?",
            ),
            smaller=Text(
                "よく頼まれごとをされるのは、どんなことですか。",
                "What do people tend to ask you for help with?",
            ),
        ),
        Step(
            key="strengths",
            collects="strengths",
            label=Text("強み（自分の言葉で）", "My strengths, in my words"),
            question=Text(
                "ここまでをふり返って、あなたの強みを自分の言葉で表すと、どんな言葉になりますか。",
                "Looking back over this, how would you name your strengths in your own words?",
            ),
            smaller=Text(
                "ここまでに書いた言葉の中で、しっくりくるのはどれですか。",
                "Which of the words you have written so far feel right?",
            ),
        ),
        Step(
            key="values",
            collects="values",
            label=Text("大切にしていること", "What matters to me"),
            question=Text(
                "いちばん「自分らしい」と感じられた瞬間に、あなたが大切にしていたものは何でしたか。",
                "In the moments you felt most yourself, what mattered most to you?",
            ),
            smaller=Text(
                "これだけは譲れない、と思うことは何ですか。", "What is one thing you would not give up?"
            ),
        ),
        Step(
            key="small_step",
            collects=NEXT_STEP,
            names=_SMALL_STEP_NAMES,
            label=Text("小さな一歩", "A small step"),
            question=Text(
                "見つけた強みや大切にしたいことを、今週どこかで少し使ってみるとしたら、どんな場面が考えられますか。",
                "Where this week could you use one of these strengths a little?",
            ),
            smaller=Text(
                "明日の予定の中で、少し試せそうなのはどの場面ですか。",
                "Which moment in tomorrow's plans could you try it in?",
            ),
        ),
    ),
)

ONE_ON_ONE = Theme(
    key="one_on_one",
    title=Text("1on1準備", "Preparing a 1on1"),
    description=Text(
        "話したいこと、上司に望む関わり方、最初に伝える一言を準備します。",
        "Prepare your topics, how you want your manager to respond, and your opening words.",
    ),
    opening=Text(
        "次の1on1で話したいことと、上司にどう関わってほしいかを、一緒に整理しましょう。",
        "Let us get ready for your next 1on1: what you want to talk about, and how you would like your manager to respond.",
    ),
    method=Text(
        "本人が主役の1on1（話題は自分で決める）と、話題ごとに望む関わり方（助言・一緒に考える・聴く）の明確化",
        "A 1on1 owned by the member: own topics, and the wanted response per topic (advice, thinking together, listening)",
    ),
    steps=(
        Step(
            key="topics",
            collects="topics",
            label=Text("話したいこと", "Topics"),
            # 「まあいいや。1on1は締切の話する」 "for the 1on1 I'll talk about the rota": the topic restated
            names=(
                r"(?:[^。！!？?、,\s]{1,8}[。！!、,]\s*)?(?:1on1|１on１|面談|ワンオンワン)(?:では|で|は)[、,\s]*[^。！!？?]{1,24}?(?:の話|のこと|の件|について)(?:を|は)?[、,\s]*(?:する|したい|します|しよ|話す|話したい|話します|相談|聞きたい)",
                r"(?:in|for) the 1on1,? i(?:'ll| will| want to|'d like to) (?:talk|bring up|raise|ask) (?:about )?",
            ),
            question=Text(
                "次の1on1で話したいことは何ですか。いくつでも、1行に1つずつ書いてみてください。",
                "What would you like to talk about in your next 1on1? Write one topic per line, as many as you like.",
            ),
            smaller=Text(
                "最近、誰かに聞いてほしいと思ったのはどんなことですか。",
                "What have you recently wished someone would listen to?",
            ),
        ),
        Step(
            key="response_style",
            collects="response_style",
            label=Text("望む関わり方", "How I want my manager to respond"),
            lists_from="topics",
            # one of the offered ways, chosen at the start of a message, after what it is about
            # (「育て方はアドバイスがほしい」 "advice I guess. what the gap is to senior"): round 27's
            # review found four such answers filed under support or the outcome
            names=(
                _ABOUT + r"(?:アドバイス|助言)(?:が|を|は|も)?(?:ほしい|欲しい|もらいたい|もらえたら|もらえれば|ください|がいい|かな)" + _STYLE_END,
                _ABOUT + r"(?:ただ|とりあえず|まずは|話を)*聞いて(?:ほしい|欲しい|もらいたい|もらえたら|もらえれば|くれれば|くれたら)" + _STYLE_END,
                _ABOUT + r"一緒に考えて(?:ほしい|欲しい|もらいたい|もらえたら|もらえれば|くれれば|いただきたい)" + _STYLE_END,
                # the option's word alone (「アドバイス？ スケジュールの組み方とか」「聞くだけでええ」)
                _ABOUT + r"(?:アドバイス|助言)(?:[？?]|で(?:いい|ええ|お願い)|(?=[。．！!、,\s…]|$))",
                _ABOUT + r"(?:ただ|話を)*(?:聞く|聞いてもらう|聴く)だけ(?:で)?(?:いい|ええ|十分|よか)?" + _STYLE_END,
                r"(?:(?:probably |maybe |mostly )?(?:advice|give (?:me )?advice|think (?:it )?through (?:with me|together)|just listen(?:ing)?)\b)",
            ),
            question=Text(
                "それぞれの話題について、上司にはどう関わってほしいですか。「アドバイスがほしい」「一緒に考えてほしい」「ただ聞いてほしい」から選んでも、自分の言葉で書いても大丈夫です。",
                "For each topic, how would you like your manager to respond? You can pick from give advice, think it through with me, or just listen, or put it your own way.",
            ),
            smaller=Text(
                "いちばん大事な話題だけで大丈夫です。どんな関わり方だと話しやすそうですか。",
                "Just the most important topic is fine. What kind of response would make it easier to talk?",
            ),
        ),
        Step(
            key="support",
            collects="support",
            label=Text("ほしい支援", "Support I need"),
            question=Text(
                "上司や周りから、どんな支援があると助かりますか。",
                "What support from your manager or others would help?",
            ),
            smaller=Text(
                "今いちばん時間がかかっているのは何ですか。", "What is taking you the most time right now?"
            ),
        ),
        Step(
            key="outcome",
            collects="outcome",
            label=Text("終わったときに望む状態", "What would make it worth it"),
            question=Text(
                "1on1が終わったとき、どんな状態になっていたら「話せてよかった」と思えそうですか。",
                "When the 1on1 ends, what would make you feel it was worth it?",
            ),
            smaller=Text(
                "ひとつだけ持ち帰れるとしたら、何を持ち帰りたいですか。",
                "If you could take away just one thing, what would it be?",
            ),
        ),
        Step(
            key="first_words",
            collects=NEXT_STEP,
            names=(
                r"最初(?:に|の)?(?:言う|話す|伝える|切り出す|言い出す|聞く)(?:の|こと|ん)(?:は|って|…|・・・|:|：)",
                r"最初の(?:一言|ひとこと|ひと言|セリフ|せりふ)(?:は|って)(?![^。]*[？?])",
                r"(?:一言目|第一声|切り出し)(?:は|って)",
                # (「最初は何から言うたらええかね」 asks; it names nothing)
                r"最初は(?![^。]*(?:何|なに|どこ|どれ|どう)から)(?=[^。？?]*(?:から(?:にする|いく|入る|話す|始め|言う|言います|言お|切り出)|でいく|にする|にします|[』」](?:って|と)(?:言う|言います|言お|切り出す))(?![^。]*[？?か]$))",
                r"(?:i'?ll|i will|i'?m going to|i'?m gonna) (?:open|start|begin) (?:with|by)",
                r"(?:first|to start)[, ]+i(?:'ll| will) say",
                r"i will say first",
                r"my (?:opening|first) (?:line|words?|sentence) (?:is|will be)",
                # 「最初は『今後のキャリアのことで相談させてください』で」 "First sentence maybe: '…'"
                # (round 31: each was filed under the question on screen and the opening asked again)
                r"最初(?:は|の(?:一言|ひとこと|言葉|セリフ)(?:は)?)[、\s]*[『「][^』」]{2,}[』」]",
                r"(?:first|opening) (?:sentence|line|words?)(?: (?:maybe|probably|then|will be|is))?\s*[:：]",
            ),
            label=Text("最初に伝えること", "What I will say first"),
            question=Text(
                "1on1の最初に、どんな一言から始めますか。", "What will you say first, to open the 1on1?"
            ),
            smaller=Text(
                "「今日は〇〇について話したいです」の〇〇に入るのは何ですか。",
                'In "Today I would like to talk about ...", what goes in the gap?',
            ),
        ),
    ),
)

CAREER = Theme(
    key="career",
    title=Text("キャリアの方向性", "Career direction"),
    description=Text(
        "やりたいこと・できること・求められていることから、これからの方向を考えます。",
        "Think about where to go next from what you want, what you can do and what is asked of you.",
    ),
    opening=Text(
        "これからのキャリアについて、やりたいこと・できること・求められていることから考えてみましょう。答えを出すためではなく、見えてくるものを確かめるための時間です。",
        "Let us think about where your career might go, from what you want, what you can do and what is asked of you. Not to reach an answer, but to see what shows up.",
    ),
    method=Text(
        "Will / Can / Must、キャリア・アンカー（シャイン）、計画的偶発性理論（クランボルツ）",
        "Will / Can / Must, career anchors (Schein), planned happenstance (Krumboltz)",
    ),
    steps=(
        Step(
            key="will",
            collects="will",
            label=Text("やりたいこと（Will）", "What I want (Will)"),
            question=Text(
                "これから、どんなことをやってみたいですか。小さなことでも大丈夫です。",
                "What would you like to try from here on? Small things count.",
            ),
            smaller=Text(
                "最近、少しでも気になったことや、面白そうだと思ったことは何ですか。",
                "What has caught your curiosity lately, even a little?",
            ),
        ),
        Step(
            key="can",
            collects="can",
            label=Text("できること（Can）", "What I can do (Can)"),
            question=Text(
                "今、自信をもってできることや、これまで積み重ねてきたことは何ですか。",
                "What can you do with confidence, or what have you built up over the years?",
            ),
            smaller=Text(
                "人から「さすが」と言われたのは、どんなことでしたか。",
                'What has someone told you "you are good at this" about?',
            ),
        ),
        Step(
            key="must",
            collects="must",
            label=Text("求められていること（Must）", "What is asked of me (Must)"),
            question=Text(
                "今の仕事で、求められていることや引き受けていることは何ですか。",
                "What is asked of you in your current role?",
            ),
            smaller=Text(
                "今週の予定で、いちばん大きいものは何ですか。",
                "What is the biggest item on your plate this week?",
            ),
        ),
        Step(
            key="overlap",
            collects="overlap",
            label=Text("重なりとずれ", "Where they meet and part"),
            question=Text(
                "3つを並べてみて、重なっているところや、ずれているところはどこですか。",
                "Looking at the three together, where do they overlap, and where do they pull apart?",
            ),
            smaller=Text(
                "3つの中で、いちばん書きやすかったのはどれでしたか。",
                "Which of the three was easiest to write about?",
            ),
        ),
        Step(
            key="anchor",
            collects="anchor",
            label=Text("手放したくないもの", "What I would not give up"),
            question=Text(
                "仕事を選ぶとき、これだけは手放したくないというものは何ですか。",
                "When choosing work, what is the one thing you would not give up?",
            ),
            smaller=Text(
                "仕事で「これは違う」と感じるのは、どんなときですか。",
                "When does work feel wrong to you?",
            ),
        ),
        Step(
            key="happenstance",
            collects="happenstance",
            label=Text("偶然から広がったこと", "Chance that opened a door"),
            question=Text(
                "これまでに、思いがけない出来事や出会いが今につながったのは、どんなことでしたか。",
                "What unexpected event or encounter has led you to where you are now?",
            ),
            smaller=Text(
                "たまたま引き受けた仕事で、意外と楽しかったのはどんなことですか。",
                "What task you took on by chance turned out to be surprisingly enjoyable?",
            ),
        ),
        Step(
            key="small_step",
            collects=NEXT_STEP,
            names=_SMALL_STEP_NAMES,
            label=Text("小さな一歩", "A small step"),
            question=Text(
                "気になることに今週ほんの少し近づくとしたら、どんなことができそうですか。",
                "If you moved one small step closer to what interests you this week, what could it be?",
            ),
            smaller=Text(
                "そのことについて話を聞いてみるとしたら、誰が思い浮かびますか。",
                "If you asked someone about it, who comes to mind?",
            ),
        ),
    ),
)

LEARNING = Theme(
    key="learning",
    title=Text("学びと目標", "Learning and goals"),
    description=Text(
        "目標から今週の小さな一歩まで、GROWの流れで考えます。",
        "Go from a goal to a small step for this week, following GROW.",
    ),
    opening=Text(
        "学びたいことや目標について、目標・現状・選択肢・やることの順に考えていきましょう。",
        "Let us think about what you want to learn or achieve: the goal, where you are, the options, and what you will do.",
    ),
    method=Text(
        "GROWモデル（Goal・Reality・Options・Will）とスケーリング、リソース探し",
        "The GROW model (goal, reality, options, will) with scaling and resources",
    ),
    steps=(
        Step(
            key="goal",
            collects="goal",
            label=Text("目標（Goal）", "Goal"),
            question=Text(
                "学びや仕事で、これから叶えたいことは何ですか。",
                "What would you like to achieve in your learning or work?",
            ),
            smaller=Text(
                "半年後、少しでもできるようになっていたら嬉しいことは何ですか。",
                "What would you be glad to be a little better at in six months?",
            ),
        ),
        Step(
            key="picture",
            collects="picture",
            label=Text("叶ったときの様子", "When it has come true"),
            question=Text(
                "それが叶ったとき、どんな様子になっていますか。",
                "When it has come true, what does it look like?",
            ),
            smaller=Text(
                "そのとき、周りの人はどんなことに気づきそうですか。",
                "What would the people around you notice?",
            ),
        ),
        Step(
            key="reality",
            collects="reality",
            label=Text("今の位置（Reality）", "Where I am (Reality)"),
            question=Text(
                "0から10で表すと、今の自分はどのあたりにいると感じますか。",
                "On a scale from 0 to 10, where do you feel you are now?",
            ),
            smaller=Text(
                "すでにできていることを一つ挙げるとしたら、何ですか。",
                "What is one thing you can already do?",
            ),
        ),
        Step(
            key="resources",
            collects="resources",
            label=Text("力になるもの", "What helps"),
            question=Text(
                "これまでに、どんなことや誰が力になってくれましたか。",
                "What or who has helped you so far?",
            ),
            smaller=Text(
                "前に何かを身につけたとき、役に立ったのはどんなやり方でしたか。",
                "When you learned something before, what way of learning worked?",
            ),
        ),
        Step(
            key="options",
            collects="options",
            label=Text("選択肢（Options）", "Options"),
            question=Text(
                "1つ上げるために、どんなやり方が考えられますか。思いつくだけ挙げてみてください。",
                "What could you do to move up one point? List as many ideas as come.",
            ),
            builds_on="reality",
            unbuilt=Text(
                "今より一歩進むために、どんなやり方が考えられますか。思いつくだけ挙げてみてください。",
                "What could you do to get one step further? List as many ideas as come.",
            ),
            smaller=Text(
                "時間もお金も気にしなくてよいとしたら、何をしてみたいですか。",
                "If time and money did not matter, what would you try?",
            ),
        ),
        Step(
            key="will",
            collects=NEXT_STEP,
            label=Text("今週やること（Will）", "This week (Will)"),
            question=Text(
                "その中から、今週始められることを一つ選ぶとしたら、どれですか。",
                "Of these, which one could you start this week?",
            ),
            builds_on="options",
            unbuilt=Text(
                "今週始められることを一つ挙げるとしたら、何ですか。",
                "What is one thing you could start this week?",
            ),
            smaller=Text(
                "15分でできる形にするとしたら、どうなりますか。",
                "What would it look like as something you could do in fifteen minutes?",
            ),
        ),
    ),
)

# Feedback about Kabeuchi itself, talked through instead of filled in as a form.  Reached only
# from the feedback page (kabeuchi/org/feedback_talk.py), always unsaved, never counted as a
# theme choice; the steps mirror the anonymous feedback form.
FEEDBACK = Theme(
    key="feedback",
    title=Text("フィードバックを話してみる", "Talk your feedback through"),
    description=Text(
        "Kabeuchiを使ってみてどうだったかを、短い問いに沿って話します。",
        "Say how Kabeuchi has felt to you, following a few short questions.",
    ),
    opening=Text(
        "Kabeuchiを使ってみて、どうだったかを聞かせてください。この会話は保存されません。最後に、送る内容をあなたが確かめてから、匿名で送るか、やめるかを選べます。",
        "Tell us how Kabeuchi has felt to you. This conversation is not saved. At the end you see what would be sent, and choose whether to send it anonymously or let it go.",
    ),
    method=Text(
        "匿名フィードバックの4つの問い（安心・役立ち・不安・そのほか）",
        "The four questions of the anonymous feedback form (safety, usefulness, unease, anything else)",
    ),
    steps=(
        Step(
            key="safe",
            collects="safe",
            label=Text("安心して使えたか", "Feeling safe"),
            question=Text(
                "Kabeuchiを、安心して使えましたか。そう感じた理由もあれば教えてください。",
                "Did you feel safe using Kabeuchi? If you can, say what made you feel that way.",
            ),
            smaller=Text(
                "使っているとき、少しでも身構えたことはありましたか。",
                "Was there a moment when you held back, even a little?",
            ),
        ),
        Step(
            key="useful",
            collects="useful",
            label=Text("役に立ったか", "Usefulness"),
            question=Text(
                "使ってみて、役に立ちましたか。どんなときにそう感じましたか。",
                "Was it useful? When did you feel that?",
            ),
            smaller=Text(
                "使ったあとに、何か少しでも変わったことはありましたか。",
                "Did anything change, even a little, after you used it?",
            ),
        ),
        Step(
            key="uneasy",
            collects="uneasy",
            label=Text("不安に感じたこと", "What made me uneasy"),
            question=Text(
                "使っていて、不安に感じたことや、気になったことはありましたか。",
                "Did anything make you uneasy, or bother you?",
            ),
            smaller=Text(
                "もう一度使うとしたら、ためらいそうなのはどんなところですか。",
                "If you used it again, what might make you hesitate?",
            ),
        ),
        Step(
            key="comment",
            collects="comment",
            label=Text("そのほか", "Anything else"),
            question=Text(
                "ほかに、人事の担当者に伝えたいことはありますか。なければ「なし」で大丈夫です。",
                'Anything else you would like to tell the people team? If not, "nothing" is fine.',
            ),
            smaller=Text(
                "ひとつだけ変えられるとしたら、何を変えてほしいですか。",
                "If one thing could change, what would you want it to be?",
            ),
        ),
    ),
    plain_answers=True,
    closing=Text(
        "ありがとうございました。下の「送る内容を確かめる」から、あなたの言葉から作った文面を確かめられます。直してから匿名で送るか、送らずに終えるかを選べます。",
        'Thank you. Use "See what would be sent" below to check the text made from your words. You can change it, then send it anonymously or let it go.',
    ),
)

THEMES: dict[str, Theme] = {t.key: t for t in (FREE, MOYAMOYA, STOCKTAKING, ONE_ON_ONE, CAREER, LEARNING)}
# Themes that work like any other but are not offered in the list of /talk/ (nor the API, nor
# the organisation's theme counts): each is reached from its own page.
UNLISTED_THEMES: dict[str, Theme] = {FEEDBACK.key: FEEDBACK}
DEFAULT_THEME = FREE.key


class UnknownTheme(KeyError):
    pass


def get_theme(key: str | None) -> Theme:
    """The theme called ``key`` (``None`` or "" means free talk)."""
    if not key:
        return FREE
    try:
        return THEMES[key] if key in THEMES else UNLISTED_THEMES[key]
    except KeyError:
        raise UnknownTheme(f"No theme called {key!r}; themes are {', '.join(THEMES)}.") from None


def theme_choices(language: str) -> list[tuple[str, str]]:
    """(key, title) pairs in display order, for forms and the API."""
    return [(t.key, t.title.get(language)) for t in THEMES.values()]
