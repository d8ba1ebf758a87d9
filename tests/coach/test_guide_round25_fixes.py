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
