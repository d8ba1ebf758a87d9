"""Whole phrases of the person's text: bunsetsu, clauses, negation kept, idioms never lifted."""

from __future__ import annotations

import pytest

from jatext.phrases import ends_on_boundary, phrases, salient, sentences


def texts(found):
    return [p.text for p in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("腹が立つし、一回ちゃんと話したい。", ["腹が立つ", "一回ちゃんと話したい"]),
        ("アドバイスより、まずは否定されずに聞いてほしいです。", ["アドバイスより、まずは否定されずに聞いてほしい"]),
        ("否定されずに受け止めてもらえたら嬉しいです。", ["否定されずに受け止めてもらえたら嬉しい"]),
        ("自分だけのせいにはしたくないけど、責任逃れとも思われたくない。", ["自分だけのせいにはしたくない", "責任逃れとも思われたくない"]),
        ("わかりません", ["わかりません"]),
    ],
)
def test_it_reflects_whole_phrases_with_their_negation_and_object(text, expected):
    # given a message  # when the salient phrases are picked  # then they are whole phrases as written
    assert texts(salient(text, 2)) == expected


def test_numbers_keep_their_units_and_limits():
    found = texts(phrases("副業の収入って、年20万円以下なら確定申告しなくていいんですよね？"))
    assert any("20万円以下" in p for p in found)
    assert "円以下" not in found


@pytest.mark.parametrize(
    "text",
    ["死ぬほど忙しいです", "毎日締め切りに殺されそうです", "消えたい気分（笑）", "上司に机を叩かれた"],
)
def test_a_danger_word_inside_an_idiom_is_never_offered(text):
    assert not any(w in p for p in texts(salient(text, 3)) for w in ("死", "殺", "消え", "叩"))


def test_another_persons_feeling_is_not_the_persons_own():
    found = phrases("最近、隣の席の同僚が不安そうなんです。")
    assert all(p.kind != "feeling" for p in found)
    own = phrases("私も正直ちょっと不安です。")
    assert any(p.kind == "feeling" for p in own)


def test_every_phrase_is_a_slice_of_the_text_ending_on_a_boundary():
    text = "前みたいに、ちゃんと自分の仕事だって思えたらいいのかな。数字じゃなくて、お客さんに顔を覚えてもらえるような。"
    for p in phrases(text):
        assert text[p.begin : p.end] == p.text
        assert ends_on_boundary(text, p.end)


def test_a_quote_that_drops_a_negation_does_not_end_on_a_boundary():
    text = "否定されずに聞いてほしい"
    assert not ends_on_boundary(text, len("否定され"))
    assert not ends_on_boundary("腹が立たない", len("腹が立た"))


def test_english_is_split_into_sentences_and_clauses_not_keywords():
    text = "Last sprint review was rough, and I felt like nobody listened. I want to ask whether I can move teams."
    assert len(sentences(text)) == 2
    found = texts(phrases(text))
    assert "Last sprint review was rough" in found
    assert all(len(p.split()) >= 2 for p in found)
    assert not any(p.endswith(("whether", "ask")) for p in found)


def test_a_denied_feeling_is_not_the_one_reflected():
    # F17 of the blind review: "Not angry. Frustrated, I guess" came back as "Not angry"
    from jatext.phrases import salient

    assert [p.text for p in salient("Not angry. Frustrated, I guess", 1)] == ["Frustrated, I guess"]


@pytest.mark.parametrize(
    ("text", "never", "instead"),
    [
        # words about the talk, not about the person (round-14 review: each was the reflection)
        ("申し訳ありません、先ほどのご質問に戻らせてください。先月担当していた方が亡くなって、訪問予定の3日前でした。", "申し訳ありません", "訪問予定の3日前でした"),
        ("焦るっていうか、置いてかれとる感じ。同期はみんな外資に行った", "焦るっていう", None),
        ("うまく言葉にできるか分かりませんが、最近ずっと引っかかっていることがあって悩んでいます", "うまく言葉にできるか分かりません", None),
        ("OK, thank you. So far I did 11 interviews. One man cried.", "far I did 11 interviews", "So far I did 11 interviews"),
        ("If I must choose one thing: being useful with my speciality. Not money. Not title.", "Not money", "being useful with my speciality"),
    ],
)
def test_words_about_the_talk_are_not_what_is_reflected(text, never, instead):
    top = [p.text for p in salient(text, 2, minimum=1.2)] or [""]
    assert never not in top, top
    if instead is not None:
        assert instead in [p.text for p in salient(text, 3, minimum=0.0)]


def test_a_feeling_of_being_sorry_is_still_a_feeling():
    assert "申し訳ない" in [p.text for p in salient("気持ちとしては、申し訳ない、が7割、楽しみ、が3割くらいです", 2)]


def test_english_lines_without_a_full_stop_are_each_a_sentence():
    # one sentence per line and no full stops (phone typing): every line is read, not only the last
    text = "so for the 1on1 i wanna talk about onboarding\nalso need access to staging\nbtw i had a recruiter call"
    assert [text[b:e] for b, e in sentences(text)] == text.split("\n")
    text = "Hello there. I am fine!\nok"
    assert [text[b:e] for b, e in sentences(text)] == ["Hello there.", "I am fine!", "ok"]
