"""Faults of round 37's blind review (held aside, then graded) fixed in the twentieth session.  The
sentences here are new, not the round's."""

from __future__ import annotations

import pytest

from kabeuchi.coach.engines.guide import _asks_for_decision, _asks_summary, _removal_targets
from tests.coach.test_guide_engine import play


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("scratch that last part about feeling stuck, I don't want it saved", "feeling stuck"),
        ("ok scratch the sales team thing from before. too early", "sales team"),
        ("cut the bit about my commute please", "my commute"),
    ],
)
def test_scratch_and_cut_are_removals(text, target):
    """"scratch that last part about being annoyed" and "scratch the analytics team thing" were
    answered as kept notes or reflected, and the summary kept them (R37-05, R37-17)."""
    assert _removal_targets(text) == [target]


def test_a_thing_named_for_removal_takes_only_what_names_it(guide):
    """"the analytics team thing" also took the goal about 「…the data team…」 by its word "team"."""
    state, replies = play(guide, "learning", [
        "goal: learn SQL so I can pull reports without asking the finance team",
        "maybe one day move to the marketing team",
        "ok scratch the marketing team thing, too early",
    ], "en")
    assert "taken out" in replies[-1], replies[-1]
    summary = guide.summarise(state, language="en")
    lines = " ".join([*summary.noticed, *summary.next_steps])
    assert "marketing team" not in lines and "finance team" in lines, lines


@pytest.mark.parametrize("question", ["研修の費用は会社負担ですか？就業時間中に受けてもいいんでしょうか。", "Can I take the course during work hours?"])
def test_leave_asked_of_the_company_is_no_leave_asked_of_the_guide(guide, question):
    """「業務時間内に受けてもいいんでしょうか」 got 「もちろんです」 (R37-11)."""
    _, replies = play(guide, "learning", ["統計を学びたい" if not question.isascii() else "I want to learn statistics.", question], "ja" if not question.isascii() else "en")
    assert "もちろんです" not in replies[-1] and "Of course" not in replies[-1], replies[-1]


def test_which_pays_more_is_a_decision_question():
    assert _asks_for_decision("正直なところ、今の会社に残るか転職するか、どっちが得や", "ja")
    assert not _asks_for_decision("どっちが得かは自分で調べてみる", "ja")


@pytest.mark.parametrize("text", ["ほんでまとめは？", "で、まとめは?"])
def test_a_short_where_is_the_summary_asks_for_it(text):
    assert _asks_summary(text)
    assert not _asks_summary("まとめは来週でいいや")
