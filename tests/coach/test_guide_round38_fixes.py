"""Faults of round 38's blind review (held aside, then graded) fixed in the twentieth session.  The
sentences here are new, not the round's."""

from __future__ import annotations

import pytest

from jatext.preview import asks_for_manager_view
from tests.coach.test_guide_engine import play
from tests.coach.test_guide_round36_fixes import _shared


def test_forget_it_is_a_removal(guide):
    """「プライドの話は忘れてください」 was written down and probed (R38-08)."""
    state, replies = play(guide, "moyamoya", ["後輩に追い抜かれて、正直プライドが傷ついた", "仕事量も増えている", "プライドの話は忘れてください。"])
    assert "外しておきます" in replies[-1], replies[-1]
    lines = " ".join(guide.summarise(state, language="ja").noticed)
    assert "プライド" not in lines and "仕事量" in lines, lines


def test_a_quote_and_so_on_takes_the_remark_not_a_word_out_of_it(guide):
    """「「無駄だった」云々は外してください」 cut the word and left 「強いて言えば、と言われるのが嫌ですね」."""
    state, replies = play(guide, "moyamoya", ["研究テーマが打ち切りになりそう", "正直、無駄だったと思われるのが一番つらい", "「無駄だった」云々は外してください。"])
    assert "外しておきます" in replies[-1], replies[-1]
    lines = " ".join(guide.summarise(state, language="ja").noticed)
    assert "無駄" not in lines and "思われるのが一番つらい" not in lines and "打ち切り" in lines, lines


@pytest.mark.parametrize(
    "request_",
    ["でもこれは課長にはまだ言わんといて", "あ、それは上司には言わなくていいです。自分で整理したいだけなので"],
)
def test_a_request_with_mada_or_need_not_keeps_back_what_it_points_at(guide, request_):
    """R38-01 (「まだ言わんといて」) and R38-16 (「言わなくていいです」) left what they pointed at in the
    manager's part."""
    state, _ = play(guide, "one_on_one", ["人手が足りない件", "実は他部署の公募がちょっと気になってて。", request_])
    shared = _shared(state)
    assert "公募" not in shared and "人手" in shared, shared


def test_a_team_lead_named_by_initials_is_the_manager():
    assert asks_for_manager_view("要点をGLに見せる形で出してください。")
    assert asks_for_manager_view("SVに見せる用のまとめ出して")


@pytest.mark.parametrize("text", ["thx. no save pls", "pls no save", "no saving please"])
def test_no_save_is_a_wish_about_keeping_never_quoted_as_save(guide, text):
    """"thx. no save pls" was answered 'You wrote "save pls"' (round 39's R39-18, graded harmful)."""
    _, replies = play(guide, "stocktaking", ["I organised the office move last year.", text], "en")
    assert '"save pls"' not in replies[-1] and "Saving panel" in replies[-1], replies[-1]


def test_no_saving_a_project_is_no_wish_about_keeping(guide):
    _, replies = play(guide, "moyamoya", ["the release slipped again", "honestly there is no saving this project"], "en")
    assert "Saving panel" not in replies[-1], replies[-1]
