"""Replies round 27's blind review graded harmful besides the kept-back class: a question about who
may use the EAP, after a crisis message, met with "I cannot answer that"; "is it safe to write this
here?" met with a crisis line and no answer; and a confirmation filed as an answer (round 26).
The sentences here are new, not the round's."""

from __future__ import annotations

import pytest

from jatext.privacy_q import asks_about_privacy
from tests.coach.test_guide_engine import play


@pytest.mark.parametrize(("language", "question", "expected"), [
    ("ja", "契約社員でも産業医って使えるんですか？", "派遣元の担当の方か、会社のお知らせ"),
    ("en", "can contractors use the EAP too?", "your agency contact or the company's notice"),
])
def test_who_may_use_the_companys_support_is_answered(guide, language, question, expected):
    _, replies = play(guide, "moyamoya", ["仕事のことでずっともやもやしてる" if language == "ja" else "I keep feeling stuck at work", question], language)
    assert expected in replies[-1], replies[-1]
    assert "答えられません" not in replies[-1] and "cannot answer" not in replies[-1]


def test_after_a_crisis_message_the_outside_lines_are_said_to_be_open_to_anyone(guide):
    _, replies = play(guide, "moyamoya", [
        "最近ずっとしんどい",
        "朝起きるたびに、もう目が覚めなければいいのにって思ってしまう",
        "パートでもEAPって利用できるの？",
    ])
    assert "外の相談先は、どなたでも使えます" in replies[-1], replies[-1]


def test_an_anonymity_question_about_the_desk_is_no_question_of_who_may_use_it(guide):
    _, replies = play(guide, "one_on_one", ["残業のことを話したい", "相談窓口って、名前を出さずに相談できるんですか？"])
    assert "派遣元" not in replies[-1], replies[-1]


@pytest.mark.parametrize("text", [
    "実はもう退職代行のサイトまで見てる。ここに書いても大丈夫ですか",
    "これ書いても平気？",
    "Is it safe to write about my second job here?",
])
def test_is_it_safe_to_write_here_is_a_question_about_privacy(text):
    assert asks_about_privacy(text)


def test_is_it_safe_to_write_here_is_answered_first(guide):
    _, replies = play(guide, "career", [
        "定年後のことを考えたいです",
        "実は、知り合いの会社から誘われている。社内の誰にも話していない。ここに書いて大丈夫か。",
    ])
    assert replies[-1].startswith("ここに書いたことは"), replies[-1]


@pytest.mark.parametrize(("language", "confirm"), [
    ("ja", "はい、それで大丈夫です。家のことが入っていないのも確認できました。"),
    ("en", "Yes, that's right. Good to see the family bit isn't in there."),
])
def test_a_confirmation_of_what_was_shown_is_no_answer(guide, language, confirm):
    first = ["来週の1on1で、担当替えの希望を話したい", "まとめて"] if language == "ja" else ["I want to ask about changing teams in my 1on1", "sum it up please"]
    state, replies = play(guide, "one_on_one", [*first, confirm], language)
    summary = guide.summarise(state, language=language)
    assert not any(("確認できました" in line) or ("Good to see" in line) for line in summary.noticed), summary
