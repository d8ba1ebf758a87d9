"""Questions about the help lines are answered from the list the help panel shows, and a request
for the contacts shows them again (round 24: "does the hotline answer at night?" in a crisis talk
got "I cannot answer that", and 「窓口の電話番号だけもう一回出して」 was taken as a goodbye; both were
graded harmful)."""

from __future__ import annotations

import pytest

from kabeuchi.coach import helplines
from tests.coach.test_guide_engine import play, play_on

CRISIS_OPENING = ["特にテーマはないんですけど、ちょっと吐き出したくて。", "正直、最近ずっと消えたいなって思うことはあります。"]


def test_in_a_crisis_talk_whether_a_hotline_answers_at_night_is_answered_with_its_hours(guide):
    state, _ = play(guide, "free", CRISIS_OPENING)
    state, replies = play_on(guide, state, ["よりそいホットラインって、夜でもつながるんですか"])
    assert "0120-279-338" in replies[-1] and "24時間" in replies[-1], replies[-1]
    assert "答えられません" not in replies[-1]
    assert "119" in replies[-1]


def test_a_line_that_does_not_answer_at_night_is_said_so_with_one_that_does(guide):
    state, _ = play(guide, "free", CRISIS_OPENING)
    state, replies = play_on(guide, state, ["いのちの電話って夜中もやってますか？"])
    assert "10:00〜22:00" in replies[-1], replies[-1]
    assert "よりそいホットライン（0120-279-338）" in replies[-1]


def test_in_english_the_hotline_hours_are_given(guide):
    state, _ = play(guide, "free", ["I just need to vent a bit.", "Honestly I keep thinking I want to disappear."], "en")
    state, replies = play_on(guide, state, ["Is the hotline open at night?"], "en")
    assert "Yorisoi Hotline (0120-279-338)" in replies[-1] and "24 hours" in replies[-1], replies[-1]
    assert "cannot answer" not in replies[-1]


def test_the_companys_desk_hours_are_left_to_the_company(guide):
    state, _ = play(guide, "one_on_one", ["来週店長と面談があります", "シフトのことを話したいです"])
    state, replies = play_on(guide, state, ["会社の相談窓口って土日もやってますか？"])
    assert "会社の案内で確かめてください" in replies[-1], replies[-1]
    assert "119" not in replies[-1] and "よりそい" not in replies[-1]


def test_a_request_for_the_desk_number_again_is_answered_and_not_kept_as_a_step(guide):
    state, _ = play(guide, "one_on_one", [
        "店長と面談があるっちゃけど、なん話したらいいかわからん",
        "シフトのことかな。先月から週4が週2に減らされて",
        "とりあえず店長には「シフトを週4に戻してほしい」だけ言う",
    ])
    state, replies = play_on(guide, state, ["窓口の電話番号だけもう一回出して"])
    assert "相談先を、この下にもう一度出しています" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="ja")
    assert not any("電話番号" in line for line in summary.noticed + summary.next_steps), summary


@pytest.mark.parametrize("text", [
    "夜になると不安になります",  # no line named
    "相談窓口に行ってみようと思います",  # a plan, not a question
    "電話で話すのは苦手です",
    "Our help desk is open until 6pm, I work there.",
])
def test_ordinary_talk_is_no_question_about_the_lines(text):
    assert not helplines.asks_about_hours(text)


def test_the_lines_the_guide_names_are_the_lines_the_panel_shows(settings):
    from django.utils import translation

    from kabeuchi.coach import support

    panel = support.CRISIS_LINES + support.WORK_LINES
    assert [line.number for line in panel] == [line.number for line in helplines.LINES]
    with translation.override("en"):
        for shown, named in zip(panel, helplines.LINES, strict=True):
            assert ("24 hours" in str(shown.hours)) == named.day_and_night, named.key
    with translation.override("ja"):
        for shown, named in zip(panel, helplines.LINES, strict=True):
            assert named.name["ja"] in str(shown.name) or str(shown.name) in named.name["ja"], named.key
