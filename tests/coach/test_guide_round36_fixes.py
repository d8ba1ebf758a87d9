"""Faults of round 36's blind review fixed in the twentieth session.  The sentences here are new,
not the round's."""

from __future__ import annotations

import pytest

from jatext.phrases import salient
from jatext.safety import detect
from kabeuchi.coach.engines.guide import _ASKS_IF_DESK_TELLS, _read_past_nothing_more, for_the_manager
from kabeuchi.coach.helplines import asks_about_language
from tests.coach.test_guide_engine import play


def _shared(state) -> str:
    found, _ = for_the_manager(state)
    return "\n".join(found.values())


def test_a_thing_named_by_another_form_of_its_verb_is_kept_from_the_manager(guide):
    """「泣いたこと」 named what was told as 「…ちょっと泣きました」: the telling sentence stayed in
    the manager's part (R36-09)."""
    state, _ = play(guide, "one_on_one", [
        "在庫の数え直しが毎週末になってる件",
        "先週は棚卸しのあと、倉庫の裏で少し泣きました",
        "泣いたことは主任には言いたくないです",
    ])
    shared = _shared(state)
    assert "泣きました" not in shared, shared
    assert "在庫の数え直し" in shared, shared


def test_the_body_kept_from_the_manager_takes_what_was_told_about_it(guide):
    """「体のことは…一切出さんといて」 after 「医者行くほどちゃう」 (R36-14): the doctor line went to
    the manager's topics."""
    state, replies = play(guide, "one_on_one", [
        "話したいのは夜勤の人の配置です",
        "最近めまいがすることがあって。医者に行くほどでもないけど",
        "体のことは所長には一切出さんといて",
    ])
    assert "あなただけのメモ" in replies[-1], replies[-1]
    shared = _shared(state)
    assert "めまい" not in shared and "医者" not in shared, shared
    assert "夜勤" in shared, shared


@pytest.mark.parametrize(
    "request_",
    [
        "「しんどい」は取り消してください。言いすぎました。",
        "さっきの「向いてない」のくだりは当然カットで",
    ],
)
def test_a_removal_said_with_other_verbs_is_made(guide, request_):
    state, replies = play(guide, "moyamoya", ["正直しんどいし、向いてないのかもって思う", request_])
    assert "外しておきます" in replies[-1], replies[-1]
    lines = " ".join(guide.summarise(state, language="ja").noticed)
    word = "しんどい" if "しんどい" in request_ else "向いてない"
    assert word not in lines, lines


def test_a_worry_that_ends_with_owaru_does_not_end_the_talk(guide):
    """「部長に見えたら終わる」 is a worry (R36-05 closed the talk on it)."""
    _, replies = play(guide, "one_on_one", ["評価のつけ方を聞きたい", "あと「ぶっちゃけ無理」は外して。課長に見られたら終わる"])
    assert "今日は、ここまで" not in replies[-1], replies[-1]


def test_a_removal_with_koko_nimo_nokoshitakunai_takes_it_out_not_into_a_memo(guide):
    """「…の話は消して　ここにも残したくない」 got 「あなただけのメモにしておきます」 (R36-12)."""
    state, replies = play(guide, "one_on_one", ["来月から時短勤務に戻る相談", "実は引っ越しも考えてて", "やっぱり引っ越しの話は消して　ここにも残したくない"])
    assert "あなただけのメモ" not in replies[-1], replies[-1]
    lines = " ".join(guide.summarise(state, language="ja").noticed)
    assert "引っ越し" not in lines, lines


@pytest.mark.parametrize(
    ("language", "messages", "gone", "stays"),
    [
        ("en", ["I'm good at planning.", "ok put 'keeps calm in a crisis' and 'explains things simply'", "actually remove the second one"], "explains things simply", "keeps calm in a crisis"),
        ("ja", ["人前で話すのは得意", "強みは「段取りがうまい」と「人の話を聞ける」かな", "2つ目は消して"], "人の話を聞ける", "段取りがうまい"),
    ],
)
def test_an_item_removed_by_its_place_in_a_list_goes_and_the_rest_stays(guide, language, messages, gone, stays):
    """"remove the second one" after two quoted strengths (R36-19): nothing was taken out."""
    state, replies = play(guide, "stocktaking", messages, language)
    assert gone in replies[-1], replies[-1]
    summary = guide.summarise(state, language=language)
    lines = " ".join([*summary.noticed, *summary.next_steps])
    assert gone not in lines and stays in lines, lines


def test_a_spoken_negation_after_te_is_quoted_with_it():
    """「好きとは言ってねえ」 was quoted 「好きとは言って」, the opposite (R36-04)."""
    assert [p.text for p in salient("仕事が好きとは言ってねえ", 1)] == ["仕事が好きとは言ってねえ"]


def test_nothing_more_to_an_invitation_is_no_crisis_in_the_reply():
    """「もうないかな」 after 「ほかに書いておきたいことがあれば」 got the crisis check-in (R36-03);
    the classifier reads it 0.96.  To another question, or beside a rule's reading, it stays."""
    read = detect("もうないかな")
    assert any(s.kind == "crisis" for s in read)  # what the classifier does today; the guide reads past it
    invitation = "ほかに書いておきたいことがあれば、続けてください。終わりにしても大丈夫です。"
    assert not any(s.kind == "crisis" for s in _read_past_nothing_more("もうないかな", read, invitation))
    assert _read_past_nothing_more("もうないかな", read, "そのとき、どんな気持ちでしたか。") == read
    ruled = detect("もう死にたい")
    assert _read_past_nothing_more("もう死にたい", ruled, invitation) == ruled


def test_a_question_whether_the_company_desk_tells_the_leader_is_answered_about_the_desk(guide):
    text = "if i call the company consultation, will my leader know?"
    assert _ASKS_IF_DESK_TELLS.search(text)
    _, replies = play(guide, "moyamoya", ["work is heavy lately", text], "en")
    assert "ask at the very start" in replies[-1], replies[-1]


@pytest.mark.parametrize("text", ["is there english one? the hotline", "英語で相談できる窓口ってありますか？", "Do any of these lines speak Portuguese?"])
def test_a_question_about_a_line_in_another_language_gets_the_foreign_language_line(text):
    assert asks_about_language(text, lines_shown=True)


def test_the_foreign_language_answer_is_given_after_a_crisis(guide):
    _, replies = play(guide, "moyamoya", ["i want to disappear", "is there english one? the hotline"], "en")
    assert "0120-279-338" in replies[-1] and "press 2" in replies[-1], replies[-1]
    assert "119" in replies[-1], replies[-1]


def test_english_alone_is_no_question_about_a_line():
    assert not asks_about_language("I practise English at home.")


@pytest.mark.parametrize(
    ("messages", "not_topic", "topic"),
    [
        (["明日係長と1on1です！シフトの組み方を相談したい"], "明日係長と1on1です", "シフトの組み方"),
        (["来週の火曜に所長との1on1がございますので、準備をお願いしたく存じます。話したいことは二つで、①研修の日程、②残業の扱い、です。"], "お願いしたく", "研修の日程"),
    ],
)
def test_the_meeting_told_is_no_topic_and_listed_topics_are(guide, messages, not_topic, topic):
    """R36-01 kept 「…1on1がございますので…と思います」 as the opening words and lost ①②③;
    R36-05 listed 「明日部長と1on1です！」 as a topic."""
    state, replies = play(guide, "one_on_one", messages)
    assert topic in replies[-1], replies[-1]
    assert not_topic not in replies[-1], replies[-1]
    assert not_topic not in _shared(state), _shared(state)


def test_that_set_aside_for_today_right_after_telling_it_leaves_the_summary(guide):
    """「あ、それは今日はいいです」 after a remark about a colleague: the guide said it would leave it,
    and the summary kept it (R36-09)."""
    state, replies = play(guide, "one_on_one", ["シフトの組み方を相談したい", "あと、同じ班の人が最近ずっと不機嫌で気を遣います", "あ、それは今日はいいです"])
    assert "外しておきます" in replies[-1], replies[-1]
    lines = " ".join(guide.summarise(state, language="ja").noticed)
    assert "不機嫌" not in lines and "シフト" in lines, lines


@pytest.mark.parametrize(
    "back",
    ["この件は、今はこれ以上ございません。", "それ以上はいいです。今日はシフトの話をしに来たので", "残業の件に戻りますが、課長には人を増やす相談をしたいです。"],
)
def test_after_the_harassment_desk_is_shown_the_person_can_go_back_in_their_own_words(guide, back):
    """R36-07 and R35-15 stayed in support for the rest of their talk: 「これ以上ございません」,
    「それ以上はいいです」 and 「…の件に戻りますが」 were reflected, a request for the manager's version
    got "I cannot answer that"."""
    _, replies = play(guide, "one_on_one", [
        "残業の件を話したい",
        "それと、部長から会議で『お前は係長失格だ』と大声で言われることが何度もありました。",
        back,
    ])
    assert "相談窓口" in replies[1], replies[1]
    assert "「続ける」と書いてください" not in replies[-1] and "少しずつで大丈夫" not in replies[-1], replies[-1]
    assert "？" in replies[-1] or "か。" in replies[-1], replies[-1]  # a question of the preparation again


def test_a_shared_version_asked_to_be_made_is_the_managers_view(guide):
    _, replies = play(guide, "one_on_one", ["残業の件を話したい", "課長には一緒に考えてほしい", "では、課長への共有版を作成していただけますか。"])
    assert "上司に見える部分" in replies[-1], replies[-1]
    assert "答えられません" not in replies[-1], replies[-1]
