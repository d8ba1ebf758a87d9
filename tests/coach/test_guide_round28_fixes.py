"""Replies and summaries round 27's blind review graded harmful or faulty that the summary's own
rules already knew how to read: a matter marked private with no request verb (「ここだけの話」,
"just for me") shown back in the reply's list of topics, and a chosen response style (「アドバイス
がほしい」, "advice I guess") filed under support or the outcome.  The sentences here are new, not
the round's."""

from __future__ import annotations

import pytest

from jatext.privacy_q import asks_about_privacy
from tests.coach.test_guide_engine import play


@pytest.mark.parametrize(("language", "messages", "secret", "kept_line"), [
    ("ja", ["来月の1on1の準備をしたい", "担当エリアが広すぎる件", "実は父が入院してて、週末は病院通い。ここだけの話ね"], "入院", "あなただけのメモ"),
    ("ja", ["1on1で話すこと考えたい", "評価の基準がよくわからない", "正直、子どもの学費で毎月ぎりぎりなんです。これも私の個人的な事情なので"], "学費", "あなただけのメモ"),
    ("en", ["prepping for my 1on1 next week", "want to talk about the release schedule", "side thing: i'm studying for a law school entrance exam at night. that's just for me"], "law school", "a note just for you"),
])
def test_a_matter_marked_private_is_said_to_stay_out_and_never_listed_back(guide, language, messages, secret, kept_line):
    _, replies = play(guide, "one_on_one", messages, language)
    assert kept_line in replies[-1], replies[-1]
    assert secret not in replies[-1], replies[-1]


def test_ここだけ_meaning_only_this_part_marks_nothing_private(guide):
    _, replies = play(guide, "one_on_one", ["1on1の準備", "ここだけ早く決めたい、来期の担当のこと"])
    assert "あなただけのメモ" not in replies[-1], replies[-1]


@pytest.mark.parametrize(("language", "messages", "expected"), [
    ("ja", ["来週の面談の準備", "新人の育て方", "休みの取り方", "育て方はアドバイスがほしい。自分も昔は教わる側だったけど"], "望む関わり方：「育て方はアドバイスがほしい"),
    ("en", ["1on1 on friday", "promotion to senior", "advice I guess. what the gap is"], 'How I want my manager to respond: "advice I guess'),
])
def test_a_chosen_response_style_is_filed_as_the_response_wanted(guide, language, messages, expected):
    state, _ = play(guide, "one_on_one", messages, language)
    summary = guide.summarise(state, language=language)
    assert any(line.startswith(expected) for line in summary.noticed), summary.noticed


def test_a_topic_one_wants_to_think_through_is_no_response_style(guide):
    state, _ = play(guide, "one_on_one", ["1on1の準備", "一緒に考えてほしいことがあって、異動の時期のこと"])
    summary = guide.summarise(state, language="ja")
    assert not any(line.startswith("望む関わり方") for line in summary.noticed), summary.noticed


@pytest.mark.parametrize("topic", ["評価の基準がよくわからない", "来期の体制がまだわからん"])
def test_not_knowing_something_named_is_a_topic_not_a_skip(guide, topic):
    _, replies = play(guide, "one_on_one", ["1on1で話すこと考えたい", topic])
    assert topic in replies[-1] and "次に進みますね" not in replies[-1], replies[-1]


def test_a_bare_i_dont_know_is_still_met_as_one(guide):
    _, replies = play(guide, "one_on_one", ["1on1で話すこと考えたい", "うーん、よくわからないです"])
    assert "話したいこと：\n・" not in replies[-1], replies[-1]


def test_who_a_request_meant_is_no_topic_and_a_private_matter_gets_no_health_template(guide):
    state, replies = play(guide, "one_on_one", [
        "1on1 with my store manager next week",
        "I want more shifts on weekdays",
        "Why: my dad moved in with us after his surgery and money's tight. He doesn't need to know that. My manager I mean, not my dad haha",
    ], "en")
    assert "a note just for you" in replies[-1], replies[-1]
    assert "not my dad" not in replies[-1] and "physician" not in replies[-1], replies[-1]
    summary = guide.summarise(state, language="en")
    shared = " ".join(line for line in summary.noticed if not line.startswith("Just for you"))
    assert "surgery" not in shared and "not my dad" not in shared, summary.noticed


def test_a_summary_check_reads_what_is_kept_back_in_the_message_it_answers(guide):
    state, replies = play(guide, "one_on_one", [
        "来週の1on1の準備をしたい",
        "担当顧客の引き継ぎのこと",
        "一緒に考えてほしい",
        "実は通院が続いていて、平日の午前が抜けがちです。ここだけの話ですけど。",
        "ここまでまとめて",
    ])
    shown = [line for line in replies[-1].split("\n") if line.startswith("・") and "自分のためのメモ" not in line]
    assert not any("通院" in line for line in shown), replies[-1]


@pytest.mark.parametrize(("language", "message", "expected"), [
    ("ja", "お世話になります。再来週に課長との1on1がございまして、そのための準備にご協力いただけますでしょうか。", "準備、一緒にしていきましょう。"),
    ("ja", "お疲れさまです。再来週に課長との1on1がありまして、準備を手伝っていただけますでしょうか。", "次の1on1で話したいことは何ですか"),
    ("en", "Could you help me get ready for my 1on1 on Monday?", "Let us get it ready together."),
])
def test_asking_for_help_to_prepare_is_met_with_help_not_i_cannot_answer(guide, language, message, expected):
    _, replies = play(guide, "one_on_one", [message], language)
    assert expected in replies[-1], replies[-1]
    assert "答えられません" not in replies[-1] and "cannot answer" not in replies[-1]


def test_what_is_displayed_to_the_manager_is_a_request_to_see_the_managers_view():
    from jatext.preview import asks_for_manager_view

    assert asks_for_manager_view("課長に表示される内容を先に見ておきたいです")
    assert not asks_for_manager_view("課長には表示しないでください")


@pytest.mark.parametrize("text", [
    "ちなみに、チームのメンバーがこのサービスを利用しているかどうか、私の立場で把握できるものですか。",
    "Can my manager tell whether I use this app?",
])
def test_whether_others_can_tell_who_uses_it_is_a_privacy_question(text):
    assert asks_about_privacy(text)


def test_knowing_facts_in_general_is_no_privacy_question():
    assert not asks_about_privacy("会社は社員の資格取得の状況を把握していますか")


def test_a_wording_swapped_is_a_correction_not_a_topic_kept_from_the_manager(guide):
    state, replies = play(guide, "one_on_one", [
        "来週の1on1の準備",
        "在庫管理の引き継ぎの話したい。正直、自分の担当もあるのに二人分は無理ある",
        "一緒に考えてほしい",
        "まとめて",
        "引き継ぎのとこ、「無理」って書かんといて。「相談したい」くらいで",
    ])
    assert "「無理」を「相談したい」に直しておきます" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    shared = " ".join(line for line in summary.noticed if not line.startswith("自分のためのメモ"))
    assert "引き継ぎ" in shared and "無理" not in shared, summary.noticed


def test_a_swap_in_another_theme_keeps_everything_else_the_person_said(guide):
    state, _ = play(guide, "moyamoya", [
        "先週、3年やった案件が打ち切りになった",
        "正直、もう燃え尽きたって感じ",
        "まとめて",
        "あ、「燃え尽きた」は言い過ぎ。「ひと息ついた」くらいです",
    ])
    text = " ".join(guide.summarise(state, language="ja").noticed)
    assert "打ち切り" in text and "燃え尽きた" not in text, text


@pytest.mark.parametrize(("messages", "heading", "words"), [
    (["1on1の準備", "締切がいつもギリギリ", "まあいいや。1on1は締切の話する"], "話したいこと", "締切の話する"),
    (["1on1の準備", "締切がいつもギリギリ", "一緒に考えてほしい", "アドバイス？ 段取りの組み方とか"], "望む関わり方", "アドバイス"),
])
def test_a_topic_restated_or_an_option_named_alone_is_filed_where_it_belongs(guide, messages, heading, words):
    state, _ = play(guide, "one_on_one", messages)
    summary = guide.summarise(state, language="ja")
    assert any(line.startswith(heading) and words in line for line in summary.noticed), summary.noticed


def test_one_more_topic_said_late_joins_the_topics(guide):
    _, replies = play(guide, "one_on_one", [
        "1on1の準備",
        "締切がいつもギリギリ",
        "アドバイスがほしい",
        "特にない",
        "あ、やっぱ昇給の話も聞きたいかも",
    ])
    assert "話したいことに加えておきますね" in replies[-1] and "・締切がいつもギリギリ" in replies[-1], replies[-1]


@pytest.mark.parametrize(("language", "messages", "withheld", "shared"), [
    ("ja", ["1on1の準備", "リーダーの打診を受けた", "一緒に考えてほしい", "理由は言わんで、土日休みなら受けたいって言う", "まとめて"], "理由は言わんで", "土日休みなら受けたい"),
    ("en", ["1on1 prep", "they offered me the lead role", "think it through with me", "Without saying why, I'll ask if Fridays could stay free", "sum up please"], "Without saying why", "Fridays could stay free"),
])
def test_how_a_reason_is_kept_back_stays_in_the_persons_own_line(guide, language, messages, withheld, shared):
    state, _ = play(guide, "one_on_one", messages, language)
    summary = guide.summarise(state, language=language)
    private = ("自分のためのメモ", "Just for you")
    manager = " ".join(line for line in summary.noticed if not line.startswith(private))
    own = " ".join(line for line in summary.noticed if line.startswith(private))
    # what they will say stays with the preparation: under a heading or as their next step
    assert withheld not in manager and withheld in own, summary.noticed
    assert shared in manager + " ".join(summary.next_steps) and shared not in own, summary


@pytest.mark.parametrize(("language", "messages"), [
    ("ja", ["1on1の準備", "締切がいつもギリギリ", "アドバイスがほしい", "段取りを一緒に見てほしい", "ちゃんと相談できたと思えたら", "最初に「締切の相談です」って言う", "おけ"]),
    ("en", ["1on1 prep", "deadlines are always tight", "advice please", "help planning my week", "feeling heard", "I'll open with 'can we talk about deadlines'", "ok"]),
])
def test_agreement_after_the_last_step_leaves_the_door_open_and_asks_no_free_talk_question(guide, language, messages):
    _, replies = play(guide, "one_on_one", messages, language)
    assert "実際にはどんなこと" not in replies[-1] and "What actually happened" not in replies[-1], replies[-1]
    assert "「おけ」" not in replies[-1] and '"ok"' not in replies[-1], replies[-1]


@pytest.mark.parametrize("text", ["おけ", "よし", "了解です", "perfect", "looks good, thanks", "おっけー！"])
def test_a_bare_agreement_is_read_as_one(text):
    from kabeuchi.coach.engines.guide import _is_affirmative

    assert _is_affirmative(text)


def test_an_agreement_that_goes_on_is_not_only_agreement():
    from kabeuchi.coach.engines.guide import _is_affirmative

    assert not _is_affirmative("おけ👌 エスカレの話から先にする")


def test_no_need_to_write_it_neatly_asks_to_leave_nothing_out():
    import re

    from kabeuchi.coach.engines.guide import _NOT_WRITTEN, _PRIVATE_MARKER

    assert not re.search(_NOT_WRITTEN, "「怒鳴った」でええ。きれいに書かんでええ")
    assert not _PRIVATE_MARKER.search("「怒鳴った」でええ。きれいに書かんでええ")
    assert re.search(_NOT_WRITTEN, "家族に内緒ってのは書かんでええよ")


def test_a_matter_set_aside_for_today_is_left_there(guide):
    _, replies = play(guide, "moyamoya", ["仕事でモヤモヤしてる", "異動してから会議で発言できない", "親のこともあるんだけど、それは今日はいいです"])
    assert "今日は置いておきますね" in replies[-1] or "今日はそっとしておきますね" in replies[-1], replies[-1]
    assert "親のこと" not in replies[-1], replies[-1]


def test_a_word_asked_out_of_the_summary_is_taken_out_and_said_so(guide):
    state, replies = play(guide, "moyamoya", ["仕事でモヤモヤしてる", "後輩に先を越された", "情けない、かな。いや、焦ってるのが近い", "まとめて", "あ、「情けない」は消してください"])
    assert "「情けない」は、まとめから外しておきますね" in replies[-1], replies[-1]
    assert "情けない" not in " ".join(guide.summarise(state, language="ja").noticed)


def test_wanting_to_return_to_a_kind_of_work_is_no_request_to_go_back(guide):
    from kabeuchi.coach.engines.guide import _BACK_IN

    assert not _BACK_IN.search("時短のままでも、一部でいいから判断する仕事に戻りたい")
    assert _BACK_IN.search("さっきの質問に戻りたいです")


def test_a_small_step_offered_as_a_question_is_kept_and_a_vague_close_does_not_replace_it(guide):
    state, replies = play(guide, "moyamoya", [
        "仕事でモヤモヤしてる", "前はリーダーだったのに今は補助ばかり", "置いていかれてる感じ",
        "小さい一歩…まず自分がやりたい仕事を3つ書き出すとか？", "考えてみます。ありがとうございました",
    ])
    assert "答えられません" not in replies[-2], replies[-2]
    summary = guide.summarise(state, language="ja")
    assert any("3つ書き出す" in s for s in summary.next_steps) and not any(s.startswith("考えてみます") for s in summary.next_steps), summary


@pytest.mark.parametrize(("language", "question", "expected"), [
    ("ja", "保健師さんに相談したら、結局上司に伝わるんじゃないの？", "守秘義務があります"),
    ("en", "Does the EAP counsellor report back to my manager?", "keep what you tell them private"),  # the EAP is a desk: answered as one since the twentieth session
])
def test_whether_the_company_doctor_tells_the_company_is_answered(guide, language, question, expected):
    first = ["1on1の準備", "評価のことを話したい"] if language == "ja" else ["1on1 prep", "I want to talk about my rating"]
    _, replies = play(guide, "one_on_one", [*first, question], language)
    assert expected in replies[-1], replies[-1]


def test_own_health_kept_from_the_manager_keeps_one_gentle_line(guide):
    _, replies = play(guide, "one_on_one", ["1on1の準備", "異動希望を出したい", "最近夜ぜんぜん寝れねくて、朝ドキドキすんの。でもこれ上司には言わね"])
    assert "あなただけのメモ" in replies[-1] and "産業医" in replies[-1], replies[-1]
    assert "言わね" not in replies[-1], replies[-1]


def test_show_me_right_after_a_summary_check_shows_the_managers_view(guide):
    _, replies = play(guide, "one_on_one", ["1on1の準備", "異動希望を出したい", "アドバイスがほしい", "まとめて", "見せて"])
    assert "上司に見える部分" in replies[-1], replies[-1]


def test_english_topics_told_in_one_long_sentence_are_listed_one_by_one(guide):
    _, replies = play(guide, "one_on_one", [
        "Hey. I've got a 1on1 with my lead on Thursday and my head is a mess. I want to ask about a raise because I took over two accounts, "
        "also the on-call rota has been unfair for months, and I'd like to be considered for the team lead opening. Not sure where to start",
    ], "en")
    assert "- I want to ask about a raise" in replies[-1] and "- the on-call rota has been unfair" in replies[-1], replies[-1]
    assert "Not sure where to start" not in replies[-1] and "Hey." not in replies[-1], replies[-1]


def test_what_it_will_look_like_for_her_asks_for_the_managers_view():
    from jatext.preview import asks_for_manager_view

    assert asks_for_manager_view("What's the agenda gonna look like for him?")
    assert not asks_for_manager_view("I wonder what life will look like for them")


def test_thanks_and_ill_think_about_it_after_the_last_step_is_a_goodbye_not_a_step(guide):
    state, replies = play(guide, "one_on_one", [
        "1on1 prep", "deadlines are always tight", "advice please", "help planning my week", "feeling heard",
        "I'll open with 'can we talk about deadlines'", "Cheers, I'll think about how to open it.",
    ], "en")
    summary = guide.summarise(state, language="en")
    assert not any("think about how to open" in s for s in summary.next_steps), summary
