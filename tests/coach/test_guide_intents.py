"""The guide reads what a message does (jatext.intents) where its rules found nothing.

The cases are the everyday forms a blind coach review found filed as answers (docs/reviews/
2026-11-26-guide-fresh-blind.tsv): a goodbye after a summary, a goodbye at night, a request to
go back said as a question, a skip said in passing.  Real answers that merely look like them
(「寂しかったし、少し焦りました」 ends like ありがとうございました) must stay answers.
"""

from __future__ import annotations

import pytest

from kabeuchi.coach.engines.guide import answers_of


def _last_move(state):
    return state.turns[-1].move


@pytest.mark.parametrize(
    ("theme", "before", "message"),
    [
        # after a summary check (F03): agreement and goodbye in one breath
        ("moyamoya", ["上司との1on1がいつも短く終わってしまうこと", "先週の1on1は10分で終わりました", "ちゃんと聞いてもらえていないと感じました"], "OKです、助かりました"),
        # at night, mid-flow (F08)
        ("moyamoya", ["配属がしっくりこない"], "寝ます、おやすみなさい"),
        ("free", ["I keep getting passed over for the lead role"], "Great, done for today. Cheers"),
    ],
)
def test_everyday_goodbyes_end_the_talk(guide, talk, theme, before, message):
    language = "en" if message.isascii() else "ja"
    state, _ = talk(guide, theme, before, language=language)
    answered = len(answers_of(state))
    state, replies = talk(guide, theme, [message], language=language, state=state)
    assert _last_move(state) == "end", replies[-1]
    # the goodbye is nobody's answer and never reaches the summary
    assert len(answers_of(state)) == answered
    assert message not in " ".join(guide.summarise(state, language=language).noticed)


def test_a_request_to_go_back_said_as_a_question_goes_back(guide, talk):
    state, _ = talk(guide, "moyamoya", ["同僚のことが気になっています", "同僚には、何もしないでって言われた"])
    step = state.step
    state, replies = talk(guide, "moyamoya", ["あ、一個前の質問もう一回いいですか"], state=state)
    assert _last_move(state) == "back", replies[-1]
    assert state.step == step - 1
    assert "答えられません" not in replies[-1]


@pytest.mark.parametrize(
    "answer",
    ["寂しかったし、少し焦りました", "先週の1on1は10分で終わりました", "事前に話したいことを送っておいたときは少しましでした"],
)
def test_answers_that_end_like_a_thank_you_stay_answers(guide, talk, answer):
    state, _ = talk(guide, "moyamoya", ["上司との1on1がいつも短く終わってしまうこと"])
    before = len(answers_of(state))
    state, replies = talk(guide, "moyamoya", [answer], state=state)
    assert _last_move(state) not in ("end", "back", "skip"), replies[-1]
    assert len(answers_of(state)) == before + 1


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ja", "同期の女の子が、課長から毎晩のようにLINEで「今何してる？」って送られてきてて困ってる"),
        ("en", 'My team lead told me to "just quit already, nobody wants you here".'),
    ],
)
def test_mistreatment_read_only_by_the_classifier_names_the_desk_and_keeps_the_answer(guide, talk, language, message):
    # a colleague's mistreatment, seen by the person (F16 of the blind review: no desk was named)
    state, _ = talk(guide, "moyamoya", ["職場のこと" if language == "ja" else "work stuff"], language=language)
    state, replies = talk(guide, "moyamoya", [message], language=language, state=state)
    assert ("相談窓口" in replies[-1]) if language == "ja" else ("desk" in replies[-1])
    # nothing is decided for them, and what they wrote stays their answer
    assert any(a.text == message for a in answers_of(state))


@pytest.mark.parametrize(
    ("language", "messages", "feeling"),
    [
        ("ja", ["上司との1on1がいつも短いこと", "先週の1on1は10分で終わって、正直悔しかった", "聞いてもらえてないのかなと思った", "はい"], "悔しかった"),
        ("en", ["Meetings are all in Japanese", "By the time I understand, the decision is made", "Not angry. Frustrated, I guess", "Yes"], "Frustrated"),
    ],
)
def test_a_feeling_already_named_is_not_asked_for_again(guide, talk, language, messages, feeling):
    # F17 and F21 of the blind review: "How did you feel?" right after "Frustrated"
    state, replies = talk(guide, "moyamoya", messages, language=language)
    asked_feelings = [r for r in replies if "どんな気持ち" in r or "How did you feel" in r or "feel then" in r]
    assert not asked_feelings, replies
    assert feeling in replies[-1]


def test_a_plain_form_step_said_in_support_mode_becomes_the_next_step(guide, talk):
    # F01 of the blind review: the chosen step was filed as ほかに書いたこと
    state, replies = talk(guide, "moyamoya", ["職場のこと", "上司にみんなの前で怒鳴られた", "次は前日に見直しの時間30分とる"])
    assert state.turns[-1].move == "support_plan", replies[-1]
    assert guide.summarise(state, language="ja").next_steps == ["次は前日に見直しの時間30分とる"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ja", "来週上司と1on1あるんですけど、何話せばいいかわかんなくて"),
        ("ja", "来週の1on1の準備したい"),
        ("en", "Prepping for a 1on1 with my manager on Thursday"),
    ],
)
def test_wanting_to_prepare_a_1on1_is_helped_to_topics_not_filed_as_one(guide, talk, language, message):
    # F03, F06, F19 of the blind review
    state, replies = talk(guide, "one_on_one", [message], language=language)
    assert not answers_of(state), replies[-1]
    assert ("1行に1つずつ" in replies[-1]) if language == "ja" else ("one per line" in replies[-1])


@pytest.mark.parametrize(
    ("language", "message", "items"),
    [
        ("en", "Topics: my targets, and the travel budget", ["my targets", "the travel budget"]),
        ("ja", "話したいこと：評価、異動、後輩の育成", ["評価", "異動", "後輩の育成"]),
    ],
)
def test_a_labelled_topic_list_on_one_line_is_split_into_topics(guide, talk, language, message, items):
    state, replies = talk(guide, "one_on_one", [message], language=language)
    bullet = "・" if language == "ja" else "- "
    assert all(f"{bullet}{item}" in replies[-1] for item in items), replies[-1]


def test_going_back_to_add_a_topic_keeps_the_first_one(guide, talk):
    # F03 of the blind review: 「話したいこともう一個あった」 replaced the topic it meant to add to
    state, replies = talk(
        guide,
        "one_on_one",
        ["担当クライアントがずっと同じで、成長できているか", "ただ聞いてほしい", "あ、さっきのとこ戻っていいですか。話したいこともう一個あった", "後輩の育成のこと"],
    )
    assert state.turns[-3].move == "back_add", replies[-2]
    topics = [line for line in guide.summarise(state, language="ja").noticed if line.startswith("話したいこと")]
    assert "担当クライアント" in topics[0] and "後輩の育成のこと" in topics[0]
    assert "話したいこともう一個あった" not in "\n".join(guide.summarise(state, language="ja").noticed)


def test_a_topic_given_when_asked_how_the_manager_should_respond_joins_the_topics(guide, talk):
    state, replies = talk(guide, "one_on_one", ["評価のこと", "担当クライアントがずっと同じで、自分が成長してるのか気になる"])
    assert state.turns[-1].move == "topic_added", replies[-1]
    assert "・担当クライアントがずっと同じで、自分が成長してるのか気になる" in replies[-1]
    assert "どう関わってほしいですか" in replies[-1]


def test_a_crisis_read_by_the_classifier_in_support_mode_puts_people_first_again(guide, talk):
    # support mode after a harassment disclosure is no reason to answer a crisis line with an echo
    state, replies = talk(guide, "moyamoya", ["職場のこと", "上司にみんなの前で怒鳴られた", "朝になったら自分がいなくなってればいいのに"])
    assert state.turns[-3].move.startswith("support")
    assert "人と話すことが大切です" in replies[-1] and "相談先" in replies[-1]


def test_taking_a_crisis_line_back_is_met_without_closing_the_door(guide, talk):
    state, replies = talk(guide, "moyamoya", ["職場のこと", "朝になったら自分がいなくなってればいいのに", "大げさだった ごめん"])
    assert "謝らなくて大丈夫です" in replies[-1] and "相談先" in replies[-1]
    assert state.turns[-1].move == "support"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("ja", "産業医に相談したら、上司に伝わりますか？"),
        ("en", "If I talk to the company doctor, will my manager find out?"),
    ],
)
def test_whether_the_industrial_physician_tells_the_manager_is_answered(guide, talk, language, message):
    # asked twice in the 2026-11-27 blind corpus and left unanswered both times
    state, replies = talk(guide, "moyamoya", ["最近眠れなくて" if language == "ja" else "I cannot sleep lately", message], language=language)
    assert ("守秘義務" in replies[-1]) if language == "ja" else ("confidentiality" in replies[-1])
    assert not any(a.text == message for a in answers_of(state))


# --- what a summary files (second 2026-11-27 session; cases from conversations_fresh_round3.json)


def test_a_dialect_goodbye_after_the_closing_offer_ends_and_is_no_next_step(guide, talk):
    # given a モヤモヤ整理 that reached the closing offer with a step the person chose
    state, _ = talk(
        guide,
        "moyamoya",
        [
            "来月の大口の案件、急に課長に引き継げって言われた",
            "理由の説明もなしやった",
            "説明なしで決められたのが納得いかへん",
            "悔しいし、アホらしなった",
            "理由だけでも聞かせてほしかった",
            "6くらい",
            "ちゃんと話を聞いてもらえたときは少しまし",
            "次の1on1で、理由を聞きたいってとこだけ言うてみる",
        ],
    )
    if state.turns[-1].move != "close":
        state, _ = talk(guide, "moyamoya", ["それで大丈夫です"], state=state)
    # when they say goodbye in dialect
    state, replies = talk(guide, "moyamoya", ["おおきに。ちょっとスッとしたわ。ほな"], state=state)
    # then the talk ends, and the goodbye is neither an answer nor the next step
    summary = guide.summarise(state, language="ja")
    assert "おおきに" not in " ".join(summary.noticed + summary.next_steps)
    assert any("理由を聞きたい" in step for step in summary.next_steps)


@pytest.mark.parametrize(
    "message",
    [
        "これって課長に直接言うたほうがええんかな？言わんほうが大人なんかな",  # a question to the guide in dialect
        "ya",  # a nod
    ],
)
def test_a_non_answer_the_flow_moved_past_is_kept_out_of_the_summary(guide, talk, message):
    language = "en" if message.isascii() else "ja"
    theme = "career" if language == "en" else "moyamoya"
    first = "liked building the dashboard for store managers. they actually used it" if language == "en" else "急に担当を外された"
    state, _ = talk(guide, theme, [first, message], language=language)
    summary = guide.summarise(state, language=language)
    assert message[:12] not in " ".join(summary.noticed + summary.next_steps)
    assert all(message[:12] not in a.text for a in answers_of(state))


def test_an_answer_that_names_its_step_is_filed_there(guide, talk):
    # given a Will/Can/Must talk where Must is answered while another question was asked
    state, _ = talk(
        guide,
        "career",
        ["お客さんのレビュー読んで改善案考えてるときは楽しい", "Mustは…家賃と、来年結婚するのでいきなり年収が下がるのは無理"],
    )
    noticed = guide.summarise(state, language="ja").noticed
    line = next(line for line in noticed if "家賃" in line)
    assert line.startswith("求められていること（Must）"), noticed


def test_a_step_chosen_under_another_question_becomes_the_next_step(guide, talk):
    # given a learning talk where the concrete step comes as an option
    state, _ = talk(
        guide,
        "learning",
        [
            "英語をやりたい。接客で詰まるのがくやしい",
            "外国のお客さんにも落ち着いて案内できている",
            "前にアプリは3日くらい続いた",
            "よく聞かれるフレーズだけ覚えるならいけそう",
            "明日の休憩で、今週聞かれた質問3つを英語でメモする",
        ],
    )
    summary = guide.summarise(state, language="ja")
    assert any("質問3つを英語でメモする" in step for step in summary.next_steps), summary


def test_an_english_quote_inside_the_persons_words_nests_as_single_quotes(guide, talk):
    state, replies = talk(
        guide,
        "stocktaking",
        ["At my old firm I led a merger of two IT teams.", 'Honestly I did nothing beyond "lots of meetings" and it worked.'],
        language="en",
    )
    for line in guide.summarise(state, language="en").noticed:
        assert line.count('"') % 2 == 0, line
    assert "'lots of meetings'" in " ".join(guide.summarise(state, language="en").noticed)


# --- questions about the guide itself (round-4 blind review: the HR line given to them)


@pytest.mark.parametrize(
    ("message", "language", "expected", "not_expected"),
    [
        ("これってAIが答えてるの？", "ja", "AIのチャットではなく", "人事"),
        ("are you a bot? is this saved?", "en", "not an AI chatbot", "HR"),
        ("ここに書いたの保存されるんですか", "ja", "あなたが選んだとおり", "人事"),
        ("副業って会社にバレますか？", "ja", "会社の規程", "上司に見えるのは"),
        ("will my boss find out if I apply for an internal posting?", "en", "its rules", "1on1 agenda"),
        ("ここに書いたこと、上司に見られたりしない？", "ja", "会社の誰も読めません", "規程"),
        ("この質問って、あと何個くらいあるの？", "ja", "問いをひとつずつ", "人事"),  # what this talk is (jatext.asks: process)
    ],
)
def test_questions_about_the_guide_get_an_honest_answer_not_the_hr_line(guide, talk, message, language, expected, not_expected):
    first = "My manager and I keep clashing" if language == "en" else "上司との関係がしんどい"
    state, replies = talk(guide, "moyamoya", [first, message], language=language)
    assert expected in replies[-1] and not_expected not in replies[-1], replies[-1]


@pytest.mark.parametrize(
    ("before", "message", "language"),
    [
        (["上司に毎日みんなの前で怒鳴られて、辞めろと言われています"], "スキップで", "ja"),
        (["A senior guy on my team keeps making comments about my body at drinks"], "Can we skip this question? I'm tired", "en"),
    ],
)
def test_a_skip_in_support_mode_goes_on_without_that_question(guide, talk, before, message, language):
    state, _ = talk(guide, "moyamoya", before, language=language)
    assert state.turns[-1].move.startswith("support"), state.turns[-1].move
    state, replies = talk(guide, "moyamoya", [message], language=language, state=state)
    assert state.turns[-1].move in ("skip", "close"), replies[-1]
    assert "答えられません" not in replies[-1] and "not something I can answer" not in replies[-1]


def test_an_unsure_crisis_reading_shows_help_gently_and_a_sure_one_stops_the_flow(guide, talk):
    from jatext.safety import Signal
    from kabeuchi.coach.engines import guide as module

    ordinary = "上司は気づいていないんだと思いました。"
    state, _ = talk(guide, "moyamoya", ["残業が減りません。", "今月は毎晩22時まで会社にいました。"])
    # an unsure crisis reading of an ordinary line (the classifier below its stop probability; which
    # lines read so changes with every retraining, so the reading is given here)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "detect", lambda text: [Signal(kind="crisis", cue="classifier-unsure")] if text == ordinary else [])
        state, replies = talk(guide, "moyamoya", [ordinary], state=state)
    assert state.turns[-1].move != "support" and "相談先" in replies[-1]
    state, _ = talk(guide, "moyamoya", ["残業が減りません。"])
    state, replies = talk(guide, "moyamoya", ["最近ほんとに死にたいって思う"], state=state)
    assert state.turns[-1].move == "support"


def test_mistreatment_and_health_both_read_by_the_classifier_name_the_desk_not_the_body(guide, talk, monkeypatch):
    # the round-5 blind review's one harmful grade: daily public put-downs read by the classifier
    # as harassment (0.99) and, just above its threshold, health; the body line won and the desk
    # was never named
    from jatext.safety import Signal
    from kabeuchi.coach.engines import guide as module

    state, _ = talk(guide, "moyamoya", ["なんか仕事行くのがしんどい"])
    both = [Signal(kind="harassment", cue="classifier"), Signal(kind="health", cue="classifier")]
    monkeypatch.setattr(module, "detect", lambda text: both)
    reply = guide.reply(state, "毎日みんなの前で嫌味を言われる。録音もある", language="ja")
    assert "ハラスメントの相談窓口" in reply and "産業医" not in reply, reply


def test_thanks_with_relief_after_help_is_shown_is_no_goodbye(guide, talk):
    # given a person who wrote of wanting to disappear and was shown help
    state, _ = talk(guide, "moyamoya", ["異動してから毎日モヤモヤしてます。", "正直、もう消えてしまいたいって思うことがあります。"])
    assert _last_move(state).startswith("support")
    # when they thank the guide and say they are a little calmer (the classifier reads a goodbye)
    state, replies = talk(guide, "moyamoya", ["ありがとうございます。ちょっと落ち着きました。"], state=state)
    # then the guide stays beside them: no goodbye, the door to help stays open
    assert _last_move(state) != "end", replies[-1]
    assert "ありがとうございました" not in replies[-1].splitlines()[0]


@pytest.mark.parametrize("message", ["ありがと でもまだ悔しい気持ちはある", "ありがとうございます、でも正直まだ納得はしてないです"])
def test_thanks_before_something_more_does_not_end_the_talk(guide, talk, message):
    state, _ = talk(guide, "moyamoya", ["同期が先に昇進しました。"])
    state, replies = talk(guide, "moyamoya", [message], state=state)
    assert _last_move(state) != "end", replies[-1]
