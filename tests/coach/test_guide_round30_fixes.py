"""Faults of round 29's blind review (and round 28's left open) fixed in the seventeenth session:
the business greeting filed as a topic or read as a crisis, a topic named in a frame
(「議題といたしましては…」) filed as the opening words, a reason after a request to keep something
back added to the topics, and in a crisis: help in another language, a request not to save, and
an explicit stop kept as a next step.  The sentences here are new, not the rounds'."""

from __future__ import annotations

import pytest

from jatext.safety import detect, rule_kinds
from tests.coach.test_guide_engine import play

TOPICS_QUESTION = "次の1on1で話したいことは何ですか"


def test_a_greeting_and_a_request_for_help_are_no_topic(guide):
    _, replies = play(guide, "one_on_one", ["いつもお世話になっております。再来週に課長と面談がありまして、準備を手伝っていただけますでしょうか。"])
    assert "お世話になって" not in replies[-1], replies[-1]
    assert TOPICS_QUESTION in replies[-1], replies[-1]


@pytest.mark.parametrize(
    ("message", "topic"),
    [
        ("今回の議題は、新人教育の進め方でございます。", "新人教育の進め方"),
        ("議題としましては、在宅勤務の日数の件です。通勤が片道二時間かかるので、週二日に増やしていただきたいと考えております。", "在宅勤務の日数の件"),
    ],
)
def test_a_topic_named_in_a_frame_is_listed_without_the_frame_and_is_no_opening_line(guide, message, topic):
    _, replies = play(guide, "one_on_one", ["面談の準備をしたいです", message])
    assert f"・{topic}\n" in replies[-1], replies[-1]
    assert "最初に伝えること" not in replies[-1], replies[-1]


def test_a_summary_asked_for_after_a_connective_is_shown(guide):
    _, replies = play(guide, "one_on_one", [
        "1on1の準備",
        "担当エリアの変更について",
        "一緒に考えていただきたいです",
        "それでは、まとめを拝見できますでしょうか。",
    ])
    assert "担当エリアの変更について" in replies[-1], replies[-1]
    assert "答えられません" not in replies[-1], replies[-1]


def test_the_reason_after_a_request_to_keep_something_back_is_no_topic(guide):
    state, replies = play(guide, "one_on_one", [
        "面談の準備をお願いします",
        "営業目標の見直しについて",
        "一緒に考えていただければと思います",
        "実を申しますと、ここ数週間は胃の具合が悪く、通院しております。",
        "ただ、この件は部長には申し上げないでいただけますでしょうか。昇格の選考時期でもございますので。",
    ])
    assert "昇格の選考" not in replies[-1], replies[-1]
    manager_side = [line for line in guide.summarise(state, language="ja").noticed if "自分のためのメモ" not in line]
    assert not any("昇格の選考" in line for line in manager_side), manager_side


CRISIS_EN = "Lately I keep thinking everyone would be better off if I was gone."


def test_in_a_crisis_help_in_another_language_is_answered_with_the_line_that_has_it(guide):
    _, replies = play(guide, "moyamoya", [CRISIS_EN, "Is there anyone I can talk to in English? My Japanese is not good enough for calls."], language="en")
    assert "0120-279-338" in replies[-1] and "press 2" in replies[-1], replies[-1]
    assert "not something I can answer" not in replies[-1], replies[-1]


def test_in_a_crisis_help_in_another_language_is_answered_in_japanese_too(guide):
    _, replies = play(guide, "moyamoya", ["もう消えてしまいたいと思う日があります。", "日本語で電話するのは不安です。英語で相談できるところはありますか。"])
    assert "0120-279-338" in replies[-1] and "「2」" in replies[-1], replies[-1]


def test_a_weak_japanese_said_about_work_is_no_request_for_a_helpline(guide):
    _, replies = play(guide, "moyamoya", [CRISIS_EN, "At work I feel my Japanese is weak, so meetings are hard for me."], language="en")
    assert "0120-279-338" not in replies[-1], replies[-1]


def test_in_a_crisis_a_request_not_to_save_is_answered_about_saving(guide):
    _, replies = play(guide, "moyamoya", [CRISIS_EN, "Please don't save any of this."], language="en")
    assert "only you can read it" in replies[-1], replies[-1]


def test_in_a_crisis_an_explicit_stop_is_a_goodbye_and_no_next_step(guide):
    state, replies = play(guide, "moyamoya", [CRISIS_EN, "Thanks. I will stop here for tonight."], language="en")
    assert "next step" not in replies[-1], replies[-1]
    assert "contact one of the people below today" in replies[-1], replies[-1]
    assert not guide.summarise(state, language="en").next_steps


@pytest.mark.parametrize("text", ["最近ずっと寝つき悪くて", "寝付きも悪いし、疲れが残ってる"])
def test_sleep_trouble_without_a_particle_is_read_by_a_rule(text):
    assert "health" in rule_kinds(text)


def test_a_polite_way_of_asking_the_manager_is_kept_as_how_they_should_respond(guide):
    state, _ = play(guide, "one_on_one", ["面談の準備をお願いします", "営業目標の見直しについて", "助言をいただければと思います"])
    noticed = guide.summarise(state, language="ja").noticed
    assert any(line.startswith("望む関わり方") and "助言をいただければ" in line for line in noticed), noticed


def test_a_matter_asked_not_to_be_stressed_stays_out_of_the_preparation(guide):
    state, replies = play(guide, "one_on_one", [
        "来月の面談の準備",
        "後輩の育成の進め方",
        "一緒に考えてほしい",
        "介護で早退が多いのは、あんまり強調しないでほしい。甘えてると思われたくないし",
    ])
    assert "書きません" in replies[-1], replies[-1]
    manager_side = [line for line in guide.summarise(state, language="ja").noticed if "自分のためのメモ" not in line]
    assert not any("早退" in line for line in manager_side), manager_side


def test_not_knowing_what_to_talk_about_is_no_topic(guide):
    _, replies = play(guide, "one_on_one", ["今度の面談なんやけど、いっつも何話そか迷うねん"])
    assert "・今度の面談" not in replies[-1], replies[-1]
    assert "たとえば" in replies[-1], replies[-1]


@pytest.mark.parametrize("text", ["課長から主任試験受けへんかって言われてて", "新しいプロジェクトのリーダーやらないかと声をかけられた"])
def test_an_invitation_is_no_mistreatment(text):
    assert "harassment" not in {s.kind for s in detect(text)}


@pytest.mark.parametrize("text", ["上司から毎週のように辞めないかって言われる", "面談のたびに辞めへんかと言われてしんどい"])
def test_being_pressed_to_quit_is_still_read(text):
    assert "harassment" in {s.kind for s in detect(text)}


def test_whether_a_small_workplace_has_a_physician_is_answered(guide):
    _, replies = play(guide, "one_on_one", ["面談の準備", "夜勤の回数のこと", "産業医って、うちみたいな二十人くらいの事務所にもいるんですか？"])
    assert "50人以上" in replies[-1] and "地域産業保健センター" in replies[-1], replies[-1]
    assert "答えられません" not in replies[-1], replies[-1]


def test_how_to_reach_the_physician_is_answered(guide):
    _, replies = play(guide, "one_on_one", ["面談の準備", "異動の希望", "産業医の面談って、誰に言えば予約できるんでしょうか"])
    assert "人事や総務" in replies[-1], replies[-1]


def test_a_plan_naming_the_health_office_stays_a_plan(guide):
    _, replies = play(guide, "moyamoya", ["最近ずっと後輩との関係がもやもやする", "来週、健康管理室に予約を入れてみます。"])
    assert "人事や総務" not in replies[-1], replies[-1]


def test_no_time_for_a_doctor_after_the_physician_line_is_answered_and_not_filed(guide):
    state, replies = play(guide, "one_on_one", [
        "面談の準備したい",
        "人が足りない件",
        "上に掛け合ってほしい",
        "正直もう限界近くて、ここ一か月ずっと眠れてないし胃も痛い",
        "医者行く暇なんてないよ",
    ])
    assert "後回し" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert not any("医者行く暇" in line for line in summary.noticed + summary.next_steps), summary


def test_after_the_body_is_asked_to_stay_unwritten_the_summary_holds_nothing_about_it(guide):
    state, replies = play(guide, "one_on_one", [
        "面談の準備をしたい",
        "人員が足りない件",
        "具体的に動いてほしい",
        "正直、自分もきつい。ここ二週間休みなしで、腰も痛いし、飯もあんま食べれん",
        "まとめて",
        "自分の体のことは載せなくていいです",
    ])
    assert "書きません" in replies[-1], replies[-1]
    text = "\n".join(guide.summarise(state, language="ja").noticed)
    assert "腰" not in text and "食べれん" not in text, text


def test_a_step_said_after_the_last_question_is_a_next_step(guide):
    state, _ = play(guide, "one_on_one", [
        "面談の準備をしたい",
        "評価の基準について",
        "アドバイスがほしい",
        "評価シートの書き方を教えてほしい",
        "納得して帰れたらいい",
        "最初は「評価の基準を確認したいです」って言う",
        "よし。明日、評価シートの見本をもらっとく",
    ])
    summary = guide.summarise(state, language="ja")
    assert any("見本をもらっとく" in step for step in summary.next_steps), summary
    assert not any("見本をもらっとく" in line for line in summary.noticed), summary.noticed


def test_a_contrast_with_the_guides_own_examples_corrects_nothing(guide):
    _, replies = play(guide, "one_on_one", ["1on1の準備をしたいんですけど、何を話せばいいか", "残業が多い件", "しんどいわ最近。仕事じゃなくて家のことで"])
    assert "置き換えておきます" not in replies[-1], replies[-1]


def test_in_a_crisis_while_preparing_a_1on1_keep_it_here_is_kept_and_not_a_next_step(guide):
    state, replies = play(guide, "one_on_one", [
        "1on1 next week, I want to prepare",
        "workload in my team",
        "Lately I keep thinking everyone would be better off if I was gone.",
        "I will not put this in the 1on1 agenda. Please keep it only here.",
    ], language="en")
    assert "stays out of the 1on1 preparation" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="en")
    assert not any("agenda" in step for step in summary.next_steps), summary.next_steps


@pytest.mark.parametrize(
    "first",
    ["1on1 あした", "来週部長と面談があります。", "Hi, I have a 1on1 with my lead on Friday and I want to use it better this time."],
)
def test_the_meeting_told_is_no_topic(guide, first):
    language = "en" if first.isascii() else "ja"
    _, replies = play(guide, "one_on_one", [first], language=language)
    assert ("・" + first[:4]) not in replies[-1] and ("- " + first[:4]) not in replies[-1], replies[-1]
    assert "たとえば" in replies[-1] or "Common topics" in replies[-1], replies[-1]


@pytest.mark.parametrize("first", ["明日の1on1で昇給の相談をしたい", "来週面談あるんやけど、残業が多すぎる"])
def test_the_meeting_told_with_a_topic_keeps_the_topic(guide, first):
    _, replies = play(guide, "one_on_one", [first])
    assert "たとえば" not in replies[-1], replies[-1]


def test_a_goodbye_that_asks_not_to_save_is_answered_about_saving(guide):
    _, replies = play(guide, "moyamoya", ["仕事のやる気が出ない", "今日のは保存しなくていいです。終わります"])
    assert "読めるのはあなただけ" in replies[-1], replies[-1]


def test_a_summary_declined_with_a_question_mark_is_not_shown(guide):
    _, replies = play(guide, "free", ["定年後のことを考えてる", "孫の世話もあるしな", "まとめ？いらんよ"])
    assert "まとめは作らずにおきますね" in replies[-1], replies[-1]


def test_ready_to_write_after_the_privacy_answer_is_no_goodbye(guide):
    _, replies = play(guide, "moyamoya", ["これって会社の人に見られたりしますか？", "そっか、よかった。じゃあ安心して書けます"])
    assert "ありがとうございました" not in replies[-1], replies[-1]
    assert "よかったです" in replies[-1], replies[-1]


def test_a_description_that_ends_in_owaru_is_no_goodbye(guide):
    _, replies = play(guide, "moyamoya", ["職場のことでモヤモヤ", "部長に何を言っても「検討する」で終わる"])
    assert "ありがとうございました" not in replies[-1], replies[-1]


def test_a_plain_question_without_a_mark_is_put_to_the_guide(guide):
    state, replies = play(guide, "free", ["定年が近い", "65まで働いたら年金いくらになるか、分かるか"])
    assert "答えられません" in replies[-1], replies[-1]


def test_a_suspicion_of_monitoring_is_answered_plainly(guide):
    _, replies = play(guide, "free", ["会社が入れたツールだろ、これ。どうせ監視用なんじゃないのか"])
    assert "会社の誰も読めません" in replies[-1], replies[-1]


def test_a_rewording_asked_politely_is_applied(guide):
    state, replies = play(guide, "career", [
        "今後のキャリアを考えたいです。営業10年目で、このままでいいのか迷っています。",
        "まとめてください",
        "「このままでいいのか迷っている」は「今の経験を次に生かしたい」に言い換えてもらえますか。",
    ])
    assert "答えられません" not in replies[-1], replies[-1]
    text = "\n".join(guide.summarise(state, language="ja").noticed)
    assert "今の経験を次に生かしたい" in text and "迷っています" not in text, text


def test_change_to_something_like_is_applied(guide):
    state, replies = play(guide, "one_on_one", [
        "1on1 next week, want to prepare",
        "Meetings are all in Japanese and I miss half of it.",
        "Summary please",
        "Change 'miss half of it' to something softer, like 'sometimes miss details'.",
    ], language="en")
    text = " ".join(guide.summarise(state, language="en").noticed)
    assert "sometimes miss details" in text and "miss half of it" not in text, text


def test_a_request_that_names_the_next_message_keeps_it_back(guide):
    state, replies = play(guide, "one_on_one", [
        "1on1じゅんび",
        "残業のこと",
        "一緒に考えてほしい",
        "先に言っとくけど、次のは課長には出さんで",
        "実は来年の春に地元に戻るかもしれん。親の店を継ぐかどうか迷っとる",
    ])
    assert "このあと書くこと" in replies[-2], replies[-2]
    assert "地元" not in replies[-1] and "あなただけのメモ" in replies[-1], replies[-1]
    manager_side = [line for line in guide.summarise(state, language="ja").noticed if "自分のためのメモ" not in line]
    assert not any("地元" in line or "店を継ぐ" in line for line in manager_side), manager_side
