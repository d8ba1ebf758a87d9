"""The model's second opinion on safety: it adds kinds, never removes one, and fails safe."""

from __future__ import annotations

import asyncio

import pytest

from kabeuchi.coach import safety_second_opinion as second_opinion


@pytest.fixture(autouse=True)
def _switched_on(settings) -> None:
    settings.KABEUCHI_SAFETY_SECOND_OPINION = True


class _Engine:
    """A model engine stand-in that records what it was asked and answers from a script."""

    is_model = True

    def __init__(self, answer: str | BaseException = '{"kinds": []}', delay: float = 0.0) -> None:
        self.answer = answer
        self.delay = delay
        self.asked: list[list[dict[str, str]]] = []

    async def acomplete(self, messages, *, max_tokens=None):
        self.asked.append(messages)
        if self.delay:
            await asyncio.sleep(self.delay)
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer


async def test_the_model_can_add_a_kind_the_local_check_missed() -> None:
    # given a message the local check finds nothing in
    engine = _Engine('{"kinds": ["harassment"]}')
    # when
    help_ = await second_opinion.support_for(engine, "今日は少し話を聞いてほしいです。")
    # then
    assert help_ is not None and help_.kinds == ("harassment",)
    assert help_.work_lines


async def test_the_model_never_removes_a_kind_the_local_check_found() -> None:
    engine = _Engine('{"kinds": []}')
    help_ = await second_opinion.support_for(engine, "上司に毎日怒鳴られて、夜も眠れない。")
    assert help_ is not None and {"harassment", "health"} <= set(help_.kinds)


async def test_a_local_crisis_is_shown_without_asking_the_model() -> None:
    engine = _Engine('{"kinds": []}')
    help_ = await second_opinion.support_for(engine, "もう死にたい。")
    assert help_ is not None and help_.crisis
    assert engine.asked == []


@pytest.mark.parametrize("answer", [RuntimeError("server down"), "I cannot help with that", '{"kinds": "crisis"}'])
async def test_errors_and_unreadable_answers_leave_the_local_result(answer) -> None:
    engine = _Engine(answer)
    assert await second_opinion.support_for(engine, "今日は会議が三つあった。") is None
    help_ = await second_opinion.support_for(engine, "上司に毎日怒鳴られています。")
    assert help_ is not None and "harassment" in help_.kinds


async def test_a_slow_model_is_cut_off_and_adds_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(second_opinion, "TIMEOUT_SECONDS", 0.05)
    engine = _Engine('{"kinds": ["crisis"]}', delay=1.0)
    assert await second_opinion.support_for(engine, "今日は会議が三つあった。") is None


async def test_the_model_sees_the_redacted_message_only() -> None:
    engine = _Engine('{"kinds": ["crisis"]}')
    help_ = await second_opinion.support_for(engine, "山田太郎さんに連絡したい。090-1234-5678 です。")
    assert help_ is not None and help_.crisis
    sent = engine.asked[0][-1]["content"]
    assert "090-1234-5678" not in sent
    assert "山田" not in sent


async def test_the_guide_engine_is_never_asked() -> None:
    engine = _Engine('{"kinds": ["crisis"]}')
    engine.is_model = False
    assert await second_opinion.support_for(engine, "今日は会議が三つあった。") is None
    assert engine.asked == []


def test_unknown_kinds_in_the_answer_are_ignored() -> None:
    assert second_opinion._parse('Sure: {"kinds": ["crisis", "fun", 3]}') == {"crisis"}


async def test_it_is_off_unless_the_setting_switches_it_on(settings) -> None:
    settings.KABEUCHI_SAFETY_SECOND_OPINION = False
    engine = _Engine('{"kinds": ["crisis"]}')
    assert await second_opinion.support_for(engine, "今日は会議が三つあった。") is None
    assert engine.asked == []
