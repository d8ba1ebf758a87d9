"""The end summary filed by what each sentence says (guide._role_summary, jatext.roles).

Sixteen blind reviews accepted none of the guide's end summaries.  Their faults, as behaviours:
what the person said was lost when the same message asked the guide something or said 「わから
ん」 beside a feeling; long sentences were cut to their opening; answers sat under the heading of
the question on screen although they said something else (a strength under Will); goodbyes and
remarks about the talk were kept as content.  Each test here fails on the guide before the role
model (commit 95143ca), except the crisis test, which guards what that guide already did."""

from __future__ import annotations

from kabeuchi.coach.engines.guide import role_summarised
from kabeuchi.coach.themes import THEMES


def _summary(guide, talk, theme, messages, language="ja"):
    state, _ = talk(guide, theme, messages, language=language)
    summary = guide.summarise(state, language=language)
    return summary, "\n".join(summary.noticed), "\n".join(summary.next_steps)


def _line(noticed: str, heading: str) -> str:
    return next((line for line in noticed.split("\n") if line.startswith(heading)), "")


def test_facts_told_beside_a_question_to_the_guide_are_kept(guide, talk):
    _, noticed, _ = _summary(guide, talk, "moyamoya", [
        "最近、配送センターの仕事がしんどいです",
        "先月から夜勤のリーダーが一人減って、毎週土曜は僕が一人で回してます。これって会社の人に見られたりしませんか?",
        "正直、疲れてます",
        "ちゃんと休める週末がほしい",
        "来週、センター長にシフトの相談をしてみます",
    ])
    assert "毎週土曜は僕が一人で回してます" in noticed
    assert "見られたり" not in noticed  # the question to the guide is no part of what they noticed


def test_a_feeling_said_beside_i_dont_know_is_kept(guide, talk):
    _, noticed, _ = _summary(guide, talk, "moyamoya", [
        "最近モヤモヤしてます", "夜勤の人が足りなくて、先月は新人が二人辞めました",
        "気持ち?うーん、ようわからん。疲れてるのは疲れてるけど", "週に一回は早く帰りたい", "来週、主任にシフトの相談をしてみます",
    ])
    assert "疲れてるのは疲れてる" in _line(noticed, "気持ち")
    assert "ようわからん" not in noticed


def test_a_strength_said_when_asked_what_they_want_is_filed_under_can(guide, talk):
    _, noticed, _ = _summary(guide, talk, "career", [
        "I'm good at SQL and people always ask me to pull their reports.",
        "My manager expects me to take over the billing system next quarter.",
        "I want to move into product management someday.",
        "I will ask the PM lead for a 30-minute chat next week.",
    ], language="en")
    can = _line(noticed, "What I can do (Can)")
    will = _line(noticed, "What I want (Will)")
    assert "good at SQL" in can, noticed
    assert "good at SQL" not in will
    assert "product management" in will


def test_goodbyes_and_remarks_about_the_talk_are_not_kept(guide, talk):
    summary, noticed, steps = _summary(guide, talk, "stocktaking", [
        "こんにちは。初めて使ってみます",
        "去年、新人研修の資料を全部作り直しました。説明がわかりやすくなったと言われました",
        "資料をつくるのは得意だと思います",
        "人の役に立っているときがいちばん自分らしいです",
        "まとめありがとうございます。だいたい合ってます",
        "来月、チームの勉強会で一回話してみます",
        "今日はここまでにします。ありがとうございました",
    ])
    text = noticed + steps
    for chatter in ("初めて使ってみます", "だいたい合ってます", "今日はここまで", "ありがとうございました"):
        assert chatter not in text, (chatter, summary)
    assert "資料をつくるのは得意" in _line(noticed, "強み")
    assert "チームの勉強会で一回話してみます" in steps


def test_a_crisis_sentence_is_never_quoted_in_the_summary(guide, talk):
    _, noticed, steps = _summary(guide, talk, "free", [
        "仕事が全然覚えられなくて、毎日店長に怒られてます",
        "最近、朝が来なければいいのにって寝る前に思います",
        "母には少しだけ話せるかもしれません",
    ])
    assert "朝が来なければ" not in noticed + steps
    assert "毎日店長に怒られてます" in noticed


def test_the_1on1_preparation_keeps_its_steps():
    # its structure (topics, how the manager should respond …) is what the manager will see, and
    # what is kept back from the manager is decided per step: it is not filed by sentence
    assert not role_summarised(THEMES["one_on_one"])
    assert all(role_summarised(THEMES[key]) for key in ("moyamoya", "free", "stocktaking", "career", "learning"))


def test_no_part_of_a_crisis_sentence_and_nothing_said_after_it_is_quoted(guide, talk):
    # round 18's review graded a kept lead-in (「最近、朝ホームで電車待ってると」) and the minimising
    # line after it harmful: the summary keeps neither
    _, noticed, steps = _summary(guide, talk, "free", [
        "決算が終わって、やっと一息つけました",
        "最近、帰りの駅のホームで、このまま一歩前に出たら全部終わって楽になれるのかなって考えてしまう。まあ何もしないけど",
        "週末は実家に帰ってみます",
    ])
    text = noticed + steps
    assert "ホーム" not in text and "何もしないけど" not in text and "楽になれる" not in text
    assert "決算が終わって" in text


def test_how_long_to_keep_the_talk_is_not_kept_as_content(guide, talk):
    _, noticed, steps = _summary(guide, talk, "moyamoya", [
        "最近、仕事がつまらなく感じます",
        "先月、担当していた案件が別の課に移りました",
        "保存は1週間でお願いします。ちょっと寂しいです",
        "来週、課長に次の案件の相談をしてみます。今日の分は保存しなくていいです",
    ])
    assert "保存" not in noticed + steps
    assert "寂しい" in noticed


def test_a_request_to_see_the_contacts_again_is_answered_with_where_they_are(guide, talk):
    _, replies = talk(guide, "one_on_one", [
        "1on1の準備をしたいです",
        "話したいことは、仕事の割り振りです",
        "窓口の連絡先だけもう一度表示してもらえますか",
    ])
    assert "答えられません" not in replies[-1] and "相談先を、この下にもう一度出しています" in replies[-1]
    _, replies = talk(guide, "moyamoya", ["Work has been rough.", "Where's that helpline number again?"], language="en")
    assert "cannot answer" not in replies[-1] and "people you can contact are shown again below" in replies[-1]
