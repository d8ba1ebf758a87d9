"""Round 40 (written blind this session, graded while held aside, now development data): harmful
replies fixed in the twenty-second session.  The sentences here are new, not the round's; every
test fails on the code before this session (29b1c43)."""

from __future__ import annotations

import re

from kabeuchi.coach.engines.guide import _NOT_WRITTEN
from tests.coach.test_guide_engine import play
from tests.coach.test_guide_round39_keptback import _shared


def test_no_need_to_keep_it_after_a_request_drops_the_matter_everywhere(guide):
    """R40-16: "No need to keep it" right after "Please dont put the visa thing in the version for
    manager" was answered 'You wrote "need to keep it"', the opposite, and the visa line stayed in
    the notes."""
    state, replies = play(guide, "one_on_one", [
        "Topics: 1) the release schedule 2) my housing allowance paperwork is stuck with HR",
        "Keep the housing thing out of whatever my manager sees.",
        "No need to keep it either.",
    ], language="en")
    assert "not keep that anywhere" in replies[-1] and '"need to keep it"' not in replies[-1], replies[-1]
    summary = guide.summarise(state, language="en")
    assert "housing" not in "\n".join(summary.noticed), summary.noticed
    assert "need to keep" not in "\n".join(summary.noticed), summary.noticed
    assert "release schedule" in _shared(summary)


def test_nokosanakute_ii_after_a_request_is_not_written_down(guide):
    """R40-11: 「のこさなくて いい」 after a request was answered 「その言葉を、ここに書き留めておきます」."""
    state, replies = play(guide, "one_on_one", [
        "話したいのは、新人の教え方です",
        "あと、住宅手当の申請が人事で止まってます",
        "住宅手当の件は、課長には見せないでください",
        "残さなくていいです",
    ])
    assert ("メモにも残しません" in replies[-1] or "まとめにも書きません" in replies[-1]) and "書き留め" not in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert "住宅手当" not in "\n".join(summary.noticed), summary.noticed
    assert "新人の教え方" in _shared(summary)


def test_nokosanakute_ii_alone_is_about_keeping_the_talk(guide):
    """The same words with no request before them are about this conversation (the guide cannot
    change that; the page can), never an answer to file (before: 「…。その言葉を、ここに書き留めて
    おきます」)."""
    _, replies = play(guide, "moyamoya", ["最近、朝がしんどい", "のこさなくて いい"])
    assert "始めるときにあなたが選んだ" in replies[-1] and "書き留め" not in replies[-1], replies[-1]


def test_no_need_to_keep_it_alone_is_about_keeping_the_talk(guide):
    _, replies = play(guide, "free", ["I want to think about my next year at work.", "No need to keep it"], language="en")
    assert "when you started it" in replies[-1] and '"need to keep it"' not in replies[-1], replies[-1]


def test_wait_that_points_back_at_the_topic_just_added(guide):
    """R40-01: 「いや待って、それ課長に言うのはまだ早いわ。…上司に見せる方には入れんといて」 kept the
    rumour it points at in the topics the reply listed and in the summary."""
    state, replies = play(guide, "one_on_one", [
        "話したいのは、今期の案件の進め方です",
        "あとな、隣の部署のリーダー枠が空くって噂があって、ちょっと気になってんねん",
        "いや待って、それ課長に言うのはまだ早いわ。上司に見せる方には入れんといて",
    ])
    assert "リーダー枠" not in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert "リーダー枠" not in _shared(summary) and "案件の進め方" in _shared(summary), _shared(summary)


def test_a_chat_line_asked_for_in_crisis_support_is_answered(guide):
    """R40-12: 「じゃあ外のほうにする。チャットのやつある？」 in crisis support was answered 「それは、
    わたしには答えられません」."""
    _, replies = play(guide, "free", ["もう全部終わりにしたいって、最近ずっと思ってる", "外の相談先にする。LINEのとこある？"])
    assert "答えられません" not in replies[-1] and "チャット" in replies[-1], replies[-1]


def test_the_x_thing_scratch_it_is_a_removal_not_a_crisis(guide):
    """R40-20: "the team thing from before — scratch it. not ready. don't want it anywhere" was read
    by the classifier alone as a crisis (support contacts, "if you want to disappear") and the wish
    to leave the team stayed in the summary."""
    state, replies = play(guide, "one_on_one", [
        "1on1 tomorrow with my lead.",
        "Topics: the Q3 roadmap. Also maybe moving to the platform team.",
        "the platform team thing from before - scratch it. not ready. don't want it anywhere",
    ], language="en")
    assert "taken out" in replies[-1] and "disappear" not in replies[-1], replies[-1]
    noticed = "\n".join(guide.summarise(state, language="en").noticed)
    assert "platform" not in noticed and "roadmap" in noticed, noticed


def test_a_name_said_earlier_asked_not_to_be_kept_leaves_the_summary(guide):
    """R40-02: 「さっき先輩の名前だしちゃったんですけど、それ残らないようにできますか？」 was answered
    「それは、わたしには答えられません」 and the name stayed in the summary."""
    state, replies = play(guide, "moyamoya", [
        "最近ずっとモヤモヤしてて",
        "先週、佐藤さんに会議でみんなの前で資料のミスを指摘されて、へこんでます",
        "あの、さっき名前出しちゃったんですけど、残らないようにできますか？",
    ])
    assert "佐藤さん" in replies[-1] and "残しません" in replies[-1] and "答えられません" not in replies[-1], replies[-1]
    assert "佐藤" not in "\n".join(guide.summarise(state, language="ja").noticed)


def test_customers_are_nobody_to_take_back():
    from kabeuchi.coach.engines.guide import _names_taken_back

    earlier = ["お客さんに怒られた。田中さんがフォローしてくれた", "皆さんの前で言われた"]
    assert _names_taken_back("さっきの名前、消してください", earlier) == ["田中さん"]
    assert _names_taken_back("田中さんの名前は消して", earlier) == []  # named: the other readers take it
    assert _names_taken_back("名前が覚えられない", earlier) == []


def test_a_thought_of_not_being_here_said_to_be_only_a_thought_keeps_the_door_open(guide):
    """R40-17: "I'm not going to do anything stupid. It's just a thought that shows up." after a
    crisis check-in got 「では、このまま続けましょう」 and the next 1on1 question."""
    _, replies = play(guide, "free", [
        "Work has been rough lately.",
        "Some nights I think my family would be better off if I wasn't around anymore.",
        "Relax, I won't do anything. It's only a thought that pops up sometimes.",
    ], language="en")
    assert "need to be in danger" in replies[-1] and "Let us go on" not in replies[-1], replies[-1]
    _, replies = play(guide, "free", [
        "最近しんどい",
        "家族は自分がいなくても困らないんじゃないかって、夜にふと思う",
        "何かするつもりはないです。ふと思うだけで",
    ])
    assert "危ない状態でなくても" in replies[-1] and "このまま続けましょう" not in replies[-1], replies[-1]


def test_is_it_serious_right_after_a_health_line_gets_an_honest_answer(guide):
    """R40-19: "you think its serious?" after headaches and a numb arm got 「答えられません」."""
    _, replies = play(guide, "learning", [
        "I want to study for the AWS exam.",
        "also, for a month my chest gets tight in the mornings and I feel dizzy on the stairs",
        "is it something serious?",
    ], language="en")
    assert "cannot answer" not in replies[-1] and "doctor" in replies[-1] and "119" in replies[-1], replies[-1]


def test_a_doctor_felt_as_too_much_is_met_not_reflected(guide):
    """R40-08: 「病院とか大げさかなって思ってて」 after a health line was reflected and the strengths
    question came next."""
    _, replies = play(guide, "stocktaking", [
        "強みを整理したいです",
        "関係ないけど、ここ2ヶ月ずっと眠りが浅くて、朝に動悸がします",
        "でも医者に行くのは大げさかなって",
    ])
    assert "大げさではない" in replies[-1], replies[-1]


def test_the_body_kept_out_of_the_notes_outside_a_1on1(guide):
    """R40-08: 「体調のことはノートに入れないでください。強みだけで」 was echoed and asked about, and
    the summary kept the sleep and the health-room step."""
    state, replies = play(guide, "stocktaking", [
        "印象に残ってるのは、去年の展示会の準備を一人で回したことです",
        "関係ないけど、ここ2ヶ月ずっと眠りが浅くて、朝に動悸がします",
        "今週中に健康管理室に予約の電話をしてみます",
        "体調のことはノートに入れないでください。強みだけで",
        "展示会では、締め切りから逆算して段取りを組みました",
    ])
    assert "外し" in replies[-2] and "実際にはどんな" not in replies[-2], replies[-2]
    summary = guide.summarise(state, language="ja")
    text = "\n".join([*summary.noticed, *summary.next_steps])
    assert "眠り" not in text and "健康管理室" not in text and "展示会" in text, text


def test_a_matter_named_then_where_it_should_not_go(guide):
    """R40-13: 「あ、この外資の話、キャリアノートには入れないでもらえます？」 named nothing the readers
    knew, and both the check in the same reply and the end summary kept the offer."""
    state, replies = play(guide, "career", [
        "同業の競合から声がかかってて、ちょっと揺れてる",
        "Canは営業企画と数字の分析です",
        "あ、この競合の話、ノートには入れないでもらえます？",
        "Willは、もっと企画の上流をやりたい",
    ])
    assert "外し" in replies[2], replies[2]
    noticed = "\n".join(guide.summarise(state, language="ja").noticed)
    assert "競合" not in noticed and "営業企画" in noticed, noticed


def test_removal_wordings_of_round_40(guide):
    """「先輩のとこは消していいです」 (R40-14), "can you not save the part about the party" (R40-15) and
    「…には部長のことは書かんどって」 (R40-03) were not read as requests."""
    state, _ = play(guide, "stocktaking", [
        "印象に残ってるのは、ツアーの受付を一人で回した日",
        "でもそのあと先輩に勝手に変えたらだめって言われてしゅんとした",
        "先輩のとこは消していいです",
        "よく言われるのは、話しかけやすいって",
    ])
    noticed = "\n".join(guide.summarise(state, language="ja").noticed)
    assert "先輩" not in noticed and "ツアーの受付" in noticed, noticed
    state, _ = play(guide, "moyamoya", [
        "my team lead makes comments about my clothes",
        "at the summer party he sat next to me all night and kept touching my arm",
        "can you not save the part about the party. i dont want it written anywhere",
        "i just want to do my job in peace",
    ], language="en")
    assert "party" not in "\n".join(guide.summarise(state, language="en").noticed)
    assert re.search(_NOT_WRITTEN, "課長への1on1のメモには部長のことは書かんどって")


def test_going_back_to_the_work_after_support_keeps_the_step_and_ends_on_goodbye(guide):
    """After the reply above, "…call tomorrow. can we go back to the work thing for a bit" (a long
    message: the return was read only in 40 characters) stayed in support, and "i'm done for tonight"
    was reflected instead of ending (round 21's R21-19, replayed this session)."""
    state, replies = play(guide, "moyamoya", [
        "nobody at work notices what my team does",
        "Some nights I think my family would be better off if I wasn't around anymore.",
        "I won't do anything. It's just a thought that pops up.",
        "maybe i'll call the helpline tomorrow after work. can we go back to the work thing for a bit",
        "i'm done for tonight",
    ], language="en")
    assert "next step" in replies[3] and "return to the questions" in replies[3], replies[3]
    assert state.turns[-1].move == "end", replies[-1]
    assert any("helpline" in x for x in guide.summarise(state, language="en").next_steps)
