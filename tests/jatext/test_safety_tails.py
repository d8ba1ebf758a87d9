"""What follows a concession is scored on its own for harassment and health (jatext.safety_model.tails)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jatext import safety_model
from jatext.safety import detect


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Shadow the Django cache reset in tests/conftest.py: jatext needs no Django, and must not."""
    yield


def kinds(text: str) -> set[str]:
    return {signal.kind for signal in detect(text)}


def test_the_part_after_a_concession_is_a_piece_of_its_own() -> None:
    assert safety_model.tails("関係ないかもしれないけど、課長に毎日みんなの前で怒鳴られてる。") == ["課長に毎日みんなの前で怒鳴られてる"]
    assert safety_model.tails("I know it's nothing, but I can't sleep at all.") == ["i can't sleep at all"]
    assert safety_model.tails("忙しいけど、元気") == []  # shorter than a clause worth reading alone
    assert safety_model.tails("忙しいけど元気です") == []  # no comma: one clause


@pytest.mark.parametrize(
    "text",
    [
        # round 31 (blind, graded): a hedge before the account diluted it to nothing
        "…てかさ、関係ねぇかもしんないけど、エリアマネージャーが来るたびにみんなの前で『だからお前はダメなんだ』とか『女はすぐ泣く』とか言われんの。もう半年くらい。それで自信なくなってんのかも",
        # round 16 (blind): the same, with the hesitation first
        "あと…言うか迷ってるけど、同じ班の先輩(男の人)が、制服のスカートのこととか体のこと毎回言ってくるわけ。二人で飲みに行こうってしつこくて、断ったら次の日から引き継ぎ教えてくれんくなった",
    ],
)
def test_harassment_told_after_a_hedge_is_read(text: str) -> None:
    assert "harassment" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "特に話したいテーマがあるわけじゃないけど、誰かと話したくて。",
        "店長やって十年になるんじゃけど、この先どうしようかと思うてね",
    ],
)
def test_a_tail_never_raises_a_crisis(text: str) -> None:
    assert "crisis" not in kinds(text)
    model = safety_model.load()
    whole = model.probabilities(text)
    assert whole[0] == pytest.approx(max(model.probabilities(p)[0] for p in safety_model.pieces(text)))
