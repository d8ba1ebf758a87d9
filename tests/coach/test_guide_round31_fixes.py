"""Faults of round 31's blind review fixed in the eighteenth session.  The sentences here are new,
not the round's."""

from __future__ import annotations

import pytest

from tests.coach.test_guide_engine import play

CRISIS_JA = "正直、毎晩このまま朝が来なければいいと思ってしまいます。"
CRISIS_EN = "Some nights I think it would be easier for everyone if I just wasn't here."


@pytest.mark.parametrize(
    ("language", "messages", "expected"),
    [
        ("ja", ["仕事のことで少し話したいです。", CRISIS_JA, "その電話って、夜中でもつながるんでしょうか"], "よりそいホットライン"),
        ("ja", ["仕事のことで少し話したいです。", CRISIS_JA, "教えてもらった番号、土日もやってますか？"], "よりそいホットライン"),
        ("en", ["I want to talk about work.", CRISIS_EN, "does that number answer on weekends?"], "Yorisoi Hotline"),
    ],
)
def test_in_support_the_phone_on_screen_asked_about_by_its_hours_gets_them(guide, language, messages, expected):
    _, replies = play(guide, "free", messages, language)
    assert expected in replies[-1], replies[-1]
    assert "答えられません" not in replies[-1] and "cannot answer" not in replies[-1], replies[-1]


def test_outside_support_a_phone_call_at_night_is_the_persons_own_topic(guide):
    _, replies = play(guide, "moyamoya", ["夜に取引先から電話が来るのがしんどいです", "夜でも電話に出ないといけないんでしょうか？"])
    assert "ホットライン" not in replies[-1], replies[-1]
