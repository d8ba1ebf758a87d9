"""Courtesies are taken off the ends of what a person said, whole clauses only; content stays as
written (jatext.courtesy)."""

import pytest

from jatext.courtesy import is_courtesy, without_courtesies


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("よし、面談までに人事に聞いとく。ありがとね、助かった", "よし、面談までに人事に聞いとく。"),
        ("ありがと ちょっと楽になった", ""),  # relief right after thanks is about the talk
        ("ありがと でもまだ不安はある", "でもまだ不安はある"),
        ("ありがと ちょっとすっきりした 仕事戻ります", ""),
        ("ありがとさん。また来っかもしんねぇ", ""),
        ("話せてよかった おやすみ", ""),
        ("話せてすっきりしました〜ありがとうございました🙏", ""),
        ("メモする🔥 来週店長に話聞く ありがとうございましたー！またきまーす👋", "メモする🔥 来週店長に話聞く"),
        ("資料を作ってみましょうかな。今日はこのへんで、どうも", "資料を作ってみましょうかな。"),
        ("長々とすみません。少し整理できました。ありがとうございました。", "少し整理できました。"),
        ("thank you friend 🙏 bye", ""),
        ("perfect thx. wish me luck 🤞", ""),
        ("I will ask HR this week. Thank you, this was very helpful. Goodbye.", "I will ask HR this week."),
        ("来週の1on1で件数だけ見せてみる。ありがと、ちょっとすっきりした", "来週の1on1で件数だけ見せてみる。"),
        ("振り返りノート、新人さんとやってみよかな。寝るわ", "振り返りノート、新人さんとやってみよかな。"),
        ("朝礼のあとにでも言うわ。話せてよかった、ありがとね。孫が呼びよるけえこれで", "朝礼のあとにでも言うわ。"),
        ("明日の会議からやってみます。要約おねがいします", "明日の会議からやってみます。"),
        ("gonna go eat ramen now 🍜 byeee", ""),
        # why they came and that it may come out jumbled: about the talk, not about them
        ("業務のことで少し整理したくて来ました。うまくまとまらないかもしれませんが。", ""),
        ("うまく言えないけど、上司が怖い", "上司が怖い"),
        ("整理したくて来ました。課長に異動希望を出すか迷ってます", "課長に異動希望を出すか迷ってます"),
        ("ありがとうございました。少し落ち着きました。", ""),
        # leave-takings with what they go to do, and Kansai thanks
        ("おっけ、サンキュー。夜勤前にちょっと寝るわ", ""),
        ("ほな現場戻るわ。おおきに", ""),
        ("今日はこのあたりで失礼いたします。聞いていただいて、ありがとうございました。", ""),
        ("現場に戻りたい", "現場に戻りたい"),
        ("ちょっと寝る時間がない", "ちょっと寝る時間がない"),
        # thanks for the summary, before a correction
        ("まとめていただきありがとうございます。ただ一点、違います", "ただ一点、違います"),
        ("まとめてくれてありがと。合ってる", "合ってる"),
        # nothing taken off: what is there stays exactly, marks and emoji included
        ("わかんないです😂", "わかんないです😂"),
        ("本当に助かったのは先輩の一言", "本当に助かったのは先輩の一言"),
        ("また来週課長に話す", "また来週課長に話す"),
        ("安心しました", "安心しました"),
        ("ほなそれで 今度同期に話してみるわ", "ほなそれで 今度同期に話してみるわ"),
        ("I think I want to say yes", "I think I want to say yes"),
        ("上司と話せてよかった", "上司と話せてよかった"),
        ("ちょっとすっきりした", "ちょっとすっきりした"),
        ("資料はこれで", "資料はこれで"),
        ("寝る前にストレッチしてる", "寝る前にストレッチしてる"),
    ],
)
def test_courtesies_come_off_the_ends_and_content_stays(text, expected):
    assert without_courtesies(text) == expected


@pytest.mark.parametrize("clause", ["ありがとうございました", "おつかれさまでした！", "See you next time", "Thanks again", "おやすみなさい"])
def test_courtesies_on_their_own(clause):
    assert is_courtesy(clause)


@pytest.mark.parametrize("clause", ["助かったのは課長の一言", "またやりたい", "Thanks to her I got the job", "bye the way it broke"])
def test_content_that_begins_like_a_courtesy(clause):
    assert not is_courtesy(clause)


@pytest.mark.parametrize(
    ("text", "goodbye"),
    [
        ("もう寝る", True),
        ("寝るわ", True),
        ("おおきに。ほな", True),
        ("ありがと、じゃあな", True),
        ("おやすみなさい", True),
        ("ありがとうございました", False),  # thanks alone is no leave-taking
        ("夜寝るのが遅い", False),  # not a courtesy clause
        ("ほな、次いこか", False),  # ほな leading a plan
    ],
)
def test_a_leave_taking_at_the_end_is_a_goodbye(text, goodbye):
    from jatext.courtesy import ends_with_goodbye

    assert ends_with_goodbye(text) is goodbye
