"""The fake engine: an outbox of what it received, deterministic replies, scripted failures."""

from __future__ import annotations

import asyncio

import pytest

from kabeuchi.coach.engines import fake
from kabeuchi.coach.engines.base import EngineUnavailable, Summary, get_engine


def test_the_fake_records_every_request_in_its_outbox():
    # given a fake engine and a started conversation
    engine = get_engine("fake")
    state = engine.start("free", language="ja")
    # when it replies and summarises
    engine.reply(state, "最近、残業が多いです", language="ja")
    engine.summarise(state, language="en")
    # then the outbox holds both requests, with the state and message they carried
    assert [(s.kind, s.message, s.language) for s in fake.outbox] == [
        ("reply", "最近、残業が多いです", "ja"),
        ("summarise", "", "en"),
    ]
    assert fake.outbox[0].state is state


def test_the_fake_reply_is_deterministic_and_streamed_in_chunks():
    # given the same message twice
    engine = get_engine("fake")
    state = engine.start("free", language="ja")
    # when the fake streams its reply
    first = list(engine.stream_reply(state, "評価のことで悩んでいます", language="ja"))
    second = list(engine.stream_reply(state, "評価のことで悩んでいます", language="ja"))
    # then the replies are equal, come in several chunks, and quote the message
    assert first == second
    assert len(first) > 1
    assert "評価のことで悩んでいます" in "".join(first)


def test_a_scripted_reply_and_a_scripted_failure_come_in_order():
    # given a script with a reply and then an outage
    fake.script.extend(["台本どおりの返事です。", EngineUnavailable("timeout")])
    engine = get_engine("fake")
    state = engine.start("free", language="ja")
    # when it is asked twice
    reply = engine.reply(state, "一回目", language="ja")
    # then the first gets the scripted text and the second raises the scripted error
    assert reply == "台本どおりの返事です。"
    with pytest.raises(EngineUnavailable) as caught:
        engine.reply(state, "二回目", language="ja")
    assert caught.value.reason == "timeout"
    assert len(fake.outbox) == 2


def test_a_scripted_summary_is_returned_as_is():
    # given a scripted summary
    wanted = Summary(noticed=["自分で決めたいと気づいた"], next_steps=["金曜に上司に話す"])
    fake.script.append(wanted)
    engine = get_engine("fake")
    # when the fake summarises
    # then it returns exactly that
    assert engine.summarise(engine.start("free", language="ja"), language="ja") == wanted


def test_the_async_stream_of_the_fake_matches_the_sync_one():
    # given a fake engine
    engine = get_engine("fake")
    state = engine.start("free", language="en")

    async def collect():
        return [c async for c in engine.astream_reply(state, "I feel stuck", language="en")]

    # when the reply is streamed asynchronously (through the base class's worker thread)
    chunks = asyncio.run(collect())
    # then it equals the sync reply
    assert "".join(chunks) == engine.reply(state, "I feel stuck", language="en")


def test_reset_empties_outbox_and_script():
    # given a used fake
    fake.script.append("x")
    get_engine("fake").summarise(get_engine("fake").start("free", language="ja"), language="ja")
    # when it is reset
    fake.reset()
    # then nothing is left
    assert fake.outbox == [] and fake.script == []
