"""Requests to keep something from the manager in wordings round 25's blind review found unread
(all three were graded harmful: the secret reached the manager's part)."""

from __future__ import annotations

import re

import pytest

from kabeuchi.coach.engines.guide import _KEPT_FROM_THE_MANAGER, _NOT_WRITTEN
from tests.coach.test_guide_engine import play


@pytest.mark.parametrize("text", [
    "あとこれは課長には言いたくねぇんだけど、おふくろが最近ちょっと一人で置いとけなくて",  # eastern negation
    "支店長にはもちろん言わへんし、資料にも絶対入れんといて",  # Kansai 〜んといて
    "about my family in philippines, my mother situation, I dont want leader know. please not write",
])
def test_the_request_is_read(text):
    assert _KEPT_FROM_THE_MANAGER.search(text) or re.search(_NOT_WRITTEN, text)


@pytest.mark.parametrize("text", ["そうだよねえ、課長には話してみる", "課長には相談してみようかねえ"])
def test_the_particle_nee_is_no_negation(text):
    assert not _KEPT_FROM_THE_MANAGER.search(text)


def test_a_secret_asked_out_in_kansai_stays_out_of_the_managers_part(guide):
    state, _ = play(guide, "one_on_one", [
        "支店長との1on1、今回はちゃんと話したいことあるんですわ",
        "一個目は、担当先が増えすぎて一社一社ちゃんと見られへんってこと",
        "ここだけの話、エージェントに登録して一社面接受けてるんですわ。支店長にはもちろん言わへんし、資料にも絶対入れんといて",
        "まとめて",
    ])
    summary = guide.summarise(state, language="ja")
    assert not any("エージェント" in line for line in summary.noticed + summary.next_steps), summary


@pytest.mark.parametrize(("language", "theme", "opening", "question", "expected"), [
    ("en", "one_on_one", "I want talk about the night shift", "This is saved? who can read? my leader can read?", "Nobody at your company"),
    ("ja", "one_on_one", "シフトのことを話したいです", "てかここで話したことってセンター長に通知いったりする？？", "会社の誰も読めません"),
    ("en", "one_on_one", "My topic is the ML infra work", "quick q — does HR see any of this? like if they pull usage reports or whatever", "shows on no screen"),
])
def test_a_question_about_who_sees_is_answered_plainly_not_refused(guide, language, theme, opening, question, expected):
    state, replies = play(guide, theme, [opening, question], language)
    assert expected in replies[-1], replies[-1]
    assert "cannot answer" not in replies[-1] and "答えられません" not in replies[-1]
    assert question not in " ".join(guide.summarise(state, language=language).noticed)


def test_what_the_guide_is_comes_before_who_reads_it(guide):
    state, replies = play(guide, "free", ["Before I start: are you a real person or an AI? And who reads this?"], "en")
    lines = replies[-1].splitlines()
    assert "not an AI chatbot" in lines[0] and "Nobody at your company" in replies[-1], replies[-1]


def test_a_request_to_see_the_managers_part_still_shows_it(guide):
    state, replies = play(guide, "one_on_one", ["I want talk about the night shift", "ok so what will my leader see? show me please"], "en")
    assert "the part your manager could see" in replies[-1], replies[-1]


def test_the_opening_words_said_early_are_filed_there_and_not_asked_again(guide):
    # round 25: 「最初に言うのは…これでいく」 at another step, then 「1on1の最初に、どんな一言から始めますか」
    state, replies = play(guide, "one_on_one", [
        "来週、店長と1on1です。話したいのは2人抜けた分のシフトのこと",
        "一緒に考えてほしいです",
        "人を補充してほしい",
        "最初に言うのは 2人抜けた分どうするか の相談 これでいく",
    ])
    assert "どんな一言から始めますか" not in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert any("2人抜けた分どうするか" in line for line in summary.next_steps), summary


def test_a_score_said_early_is_filed_as_the_score(guide):
    state, replies = play(guide, "moyamoya", ["部活の顧問がしんどい", "土日も部活", "もやもや", "0〜10なら、しんどさ8"])
    assert "0から10で表すと" not in replies[-1], replies[-1]


@pytest.mark.parametrize("text", ["最初の一言どうしよ", "最初は不安でした"])
def test_wondering_about_the_opening_or_at_first_is_no_opening(guide, text):
    from kabeuchi.coach.engines.guide import Answer, _filed_where_named
    from kabeuchi.coach.themes import get_theme

    theme = get_theme("one_on_one")
    assert _filed_where_named(theme, Answer("answer", 1, text, 3)).step == 1


def test_the_opening_words_said_while_asked_how_the_manager_should_respond_are_no_new_topic(guide):
    state, replies = play(guide, "one_on_one", ["来週店長と面談があります。シフトのことを話したいです", "最初に言うのは シフトの相談 でいく"])
    assert "話したいことに加えて" not in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert any("シフトの相談" in line for line in summary.next_steps), summary


def test_what_follows_an_announced_secret_stays_out_of_the_topics(guide):
    # round 26: 「これは課長には知られたくないのですが、…お迎えがございます。今は有休をやりくりしております。」
    # listed 「今は有休をやりくりしております」 as a topic for the manager
    state, replies = play(guide, "one_on_one", [
        "来月、課長との1on1があります。",
        "最近気になっていることと申しますと、係の若手が次々と異動希望を出していることでしょうか。",
        "それと、これは課長には知られたくないのですが、昨年から母の介護が始まりまして、週に二度ほど夕方にデイサービスのお迎えがございます。今は有休をやりくりしております。",
    ])
    assert "有休" not in replies[-1] and "介護" not in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    shared = [line for line in summary.noticed if not line.startswith("自分のためのメモ")]
    assert not any("有休" in line or "介護" in line for line in shared + summary.next_steps), summary


def test_a_secret_announced_then_another_topic_keeps_the_other_topic():
    from kabeuchi.coach.engines.guide import _secret_told_on

    parts = ["これは課長には言いたくないんだけど、実は副業してる。", "週末だけ。", "あと、残業の話はしたい。"]
    assert _secret_told_on(parts) == {1}
    assert _secret_told_on(["言いにくいのですが、言うと決めました。", "介護休暇の取り方を相談したいのです。"]) == set()
