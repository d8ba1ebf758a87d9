"""The OpenAI-compatible engine against a real local HTTP server, through the real openai SDK."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time

import pytest

from kabeuchi.coach.engines.base import ConversationState, EngineConfig, EngineUnavailable, Turn
from kabeuchi.coach.engines.openai_compatible import OpenAICompatibleEngine
from tests.fakes.openai_server import DEFAULT_MODEL, Behaviour, FakeOpenAIServer, echo


def failure(engine, state, message="こんにちは") -> tuple[EngineUnavailable, list[str]]:
    """Stream a reply that is expected to fail; return the error and the chunks seen before it."""
    seen: list[str] = []
    with pytest.raises(EngineUnavailable) as caught:
        for chunk in engine.stream_reply(state, message, language="ja"):
            seen.append(chunk)
    return caught.value, seen


@pytest.fixture
def state(openai_engine) -> ConversationState:
    return openai_engine.start("moyamoya", language="ja")


# --- streaming --------------------------------------------------------------------------------


def test_streamed_chunks_arrive_in_order_and_make_the_whole_reply(openai_server, openai_engine, state):
    # given a server that echoes the message in 3-character tokens
    openai_server.behave(reply=echo, chunk_chars=3)
    # when a reply is streamed
    chunks = list(openai_engine.stream_reply(state, "上司との面談のことで話したいです", language="ja"))
    # then it arrives in several chunks, in order, making the whole reply
    assert len(chunks) > 5
    assert "".join(chunks) == "echo: 上司との面談のことで話したいです"


def test_chunks_are_passed_on_as_they_arrive_not_at_the_end(openai_server, openai_engine, state):
    # given a server that waits 50 ms between tokens (10 tokens: half a second in all)
    openai_server.behave(reply="あ" * 40, chunk_chars=4, token_delay=0.05)
    # when a reply is streamed
    start = time.perf_counter()
    stream = openai_engine.stream_reply(state, "こんにちは", language="ja")
    first = next(stream)
    first_at = time.perf_counter() - start
    rest = list(stream)
    total = time.perf_counter() - start
    # then the first chunk is in hand long before the last one was sent
    assert first and rest
    assert first_at < total / 3, (first_at, total)


def test_the_request_carries_the_model_the_prompt_and_nothing_about_the_person(
    openai_server, openai_engine, state
):
    # given a conversation
    # when a reply is requested
    openai_engine.reply(state, "評価のことでモヤモヤしています", language="ja")
    (request,) = openai_server.chat_requests()
    body = request.json
    # then the body names the model, streams, and holds the theme's prompt and the message
    assert body["model"] == DEFAULT_MODEL and body["stream"] is True
    assert body["messages"][0]["role"] == "system" and "モヤモヤ整理" in body["messages"][0]["content"]
    assert body["messages"][-1] == {"role": "user", "content": "評価のことでモヤモヤしています"}
    # and no field that could identify the person
    assert not {"user", "metadata", "safety_identifier", "store"} & set(body)
    # and the configured key is used, with the SDK's own retries switched off
    assert request.headers["authorization"] == "Bearer test-key"
    assert request.headers.get("x-stainless-retry-count") == "0"


def test_async_streaming_gives_the_same_reply_and_maps_errors(openai_server, openai_engine, state):
    # given a server that echoes
    openai_server.behave(reply=echo)

    async def run():
        chunks = [c async for c in openai_engine.astream_reply(state, "非同期です", language="ja")]
        openai_server.queue(Behaviour(status=500))
        try:
            async for _ in openai_engine.astream_reply(state, "失敗します", language="ja"):
                pass
        except EngineUnavailable as exc:
            return chunks, exc
        return chunks, None

    # when a reply streams, and then one fails, asynchronously
    chunks, error = asyncio.run(run())
    # then the first is complete and the second raises a mapped error
    assert "".join(chunks) == "echo: 非同期です"
    assert error is not None and error.reason == "server_error"


# --- failures -----------------------------------------------------------------------------------


def test_a_server_that_never_answers_is_a_timeout(openai_server, engine_config, state):
    # given a server that hangs, and a read timeout of 0.3 s
    engine = OpenAICompatibleEngine(dataclasses.replace(engine_config, read_timeout=0.3))
    openai_server.behave(hang=True)
    # when a reply is requested
    start = time.perf_counter()
    error, seen = failure(engine, state)
    # then it fails quickly as a retryable timeout, with nothing shown
    assert error.reason == "timeout" and error.retryable
    assert seen == []
    assert time.perf_counter() - start < 2.0


def test_a_stream_that_stalls_midway_is_a_timeout(openai_server, engine_config, state):
    engine = OpenAICompatibleEngine(dataclasses.replace(engine_config, read_timeout=0.3))
    openai_server.behave(hang_after=2)
    error, seen = failure(engine, state)
    assert error.reason == "timeout"
    assert len(seen) == 2


def test_429_is_rate_limited_with_the_servers_retry_after(openai_server, openai_engine, state):
    # given a server that answers 429 with Retry-After
    openai_server.queue(Behaviour(status=429, retry_after="7"))
    # when a reply is requested
    error, _ = failure(openai_engine, state)
    # then the error says rate_limited, retryable, and when to try again
    assert (error.reason, error.retryable, error.retry_after) == ("rate_limited", True, 7.0)


def test_500_is_a_server_error_and_the_sdk_does_not_retry_on_its_own(openai_server, openai_engine, state):
    # given a server that fails with 500 once and would then succeed
    openai_server.queue(Behaviour(status=500))
    # when a reply is requested
    error, _ = failure(openai_engine, state)
    # then it is a server error, and exactly one request was made (retrying is the person's choice)
    assert error.reason == "server_error" and error.retryable
    assert len(openai_server.chat_requests()) == 1
    # and a retry by the person works
    assert openai_engine.reply(state, "こんにちは", language="ja")


def test_a_broken_stream_is_a_bad_response_and_its_partial_text_is_not_a_reply(
    openai_server, openai_engine, state
):
    # given a server that closes the connection after 3 tokens
    openai_server.behave(break_after=3)
    # when the reply is streamed
    error, seen = failure(openai_engine, state)
    # then the partial text was seen, but the stream ends in a bad_response error the caller must act on
    assert error.reason == "bad_response" and error.retryable
    assert len(seen) == 3
    # and asking for the whole reply gives no partial text at all
    with pytest.raises(EngineUnavailable):
        openai_engine.reply(state, "こんにちは", language="ja")
    # and the state was not touched: the message can be sent again
    assert len(state.turns) == 1


def test_garbage_in_the_stream_is_a_bad_response(openai_server, openai_engine, state):
    openai_server.behave(garbage_after=2)
    error, seen = failure(openai_engine, state)
    assert error.reason == "bad_response"
    assert len(seen) == 2


def test_an_empty_reply_is_a_bad_response(openai_server, openai_engine, state):
    openai_server.behave(empty=True)
    error, seen = failure(openai_engine, state)
    assert error.reason == "bad_response" and "empty" in error.detail
    assert seen == []


def test_a_stream_that_never_says_it_finished_is_a_bad_response(openai_server, openai_engine, state):
    openai_server.behave(no_finish=True)
    error, _ = failure(openai_engine, state)
    assert error.reason == "bad_response"


def test_a_server_that_is_not_there_is_unreachable(state):
    # given a port where nothing listens any more
    with FakeOpenAIServer() as gone:
        url = gone.url
    engine = OpenAICompatibleEngine(EngineConfig(base_url=url, model="m", connect_timeout=0.5))
    # when a reply is requested
    error, _ = failure(engine, state)
    # then it is unreachable, and worth retrying later
    assert error.reason == "unreachable" and error.retryable


def test_a_wrong_key_is_rejected_and_not_worth_retrying(state):
    with FakeOpenAIServer(api_key="right-key") as server:
        engine = OpenAICompatibleEngine(
            EngineConfig(base_url=server.url, model=DEFAULT_MODEL, api_key="wrong-key")
        )
        error, _ = failure(engine, state)
    assert error.reason == "rejected" and not error.retryable


def test_error_details_never_contain_the_persons_words(openai_server, openai_engine, state):
    # given failures of every kind
    secret = "誰にも言っていない秘密の話"
    for behaviour in (
        Behaviour(status=500),
        Behaviour(status=429),
        Behaviour(break_after=1),
        Behaviour(garbage_after=0),
    ):
        openai_server.queue(behaviour)
        error, _ = failure(openai_engine, state, secret)
        # then the error text (which may be logged) does not carry the message
        assert secret not in str(error) and secret not in error.detail


# --- bounded context ------------------------------------------------------------------------------


def test_turn_200_sends_about_as_much_as_turn_10(openai_server, openai_engine):
    # given a 200-turn conversation in which older turns are folded by the model
    openai_server.behave(reply="そうなのですね。そのとき、どんなことを感じましたか。")
    state = openai_engine.start("free", language="ja")
    sizes: dict[int, tuple[int, int]] = {}
    for turn in range(1, 201):
        message = f"{turn}回目です。今日も上司との会議のことを考えていて、評価の基準がよくわからないと感じています。"
        before = len(openai_server.chat_requests())
        reply = openai_engine.reply(state, message, language="ja")
        reply_request = openai_server.chat_requests()[before]
        sizes[turn] = (reply_request.prompt_chars, len(reply_request.body))
        state = openai_engine.record(state, message, reply, language="ja")
    # when the reply requests of turn 10 and turn 200 are compared
    chars_ratio = sizes[200][0] / sizes[10][0]
    bytes_ratio = sizes[200][1] / sizes[10][1]
    # then turn 200 sends no more than 1.2 times what turn 10 sent
    assert chars_ratio <= 1.2, sizes
    assert bytes_ratio <= 1.2, sizes
    # and the model was asked to fold (a non-streamed request) as the conversation grew
    folds = [r for r in openai_server.chat_requests() if not r.json.get("stream")]
    assert folds and state.folded == len(state.turns) - openai_engine.config.max_turns


def test_folding_falls_back_to_extractive_when_the_model_fails(openai_server, openai_engine):
    # given a state just long enough to fold, and a model that fails the fold request
    state = openai_engine.start("free", language="ja")
    for i in range(4):
        state = state.adding(
            Turn("person", f"異動の話{i}で悩んでいます"), Turn("partner", "はい", move="reply")
        )
    openai_server.queue(Behaviour(status=500))
    # when the next exchange is recorded
    after = openai_engine.record(state, "最後の話", "返事", language="ja")
    # then the older turns were folded with the person's own words instead
    assert after.folded == len(after.turns) - openai_engine.config.max_turns
    assert after.summary.startswith("これまでに本人が書いた言葉：")
    assert "異動" in after.summary


def test_the_fold_request_is_bounded_and_contains_only_this_conversation(openai_server, openai_engine):
    state = openai_engine.start("free", language="ja")
    for _ in range(5):
        state = state.adding(Turn("person", "長い話です。" * 500), Turn("partner", "はい", move="reply"))
    openai_server.behave(reply="本人は長い話をした。")
    after = openai_engine.record(state, "続き", "返事", language="ja")
    (fold_request,) = [r for r in openai_server.chat_requests() if not r.json.get("stream")]
    assert fold_request.json["messages"][0]["content"].startswith("あなたは「壁打ち」の会話のメモ係です。")
    assert fold_request.prompt_chars < 12 * openai_engine.config.turn_chars
    assert after.summary == "本人は長い話をした。"


# --- the end-of-conversation summary -----------------------------------------------------------------


def test_summarise_reads_the_models_json_even_inside_a_code_fence(openai_server, openai_engine, state):
    # given a model that answers with fenced JSON
    payload = {"noticed": ["評価の基準を知りたいと気づいた"], "next_steps": ["金曜に上司に聞く"]}
    openai_server.behave(reply="```json\n" + json.dumps(payload, ensure_ascii=False) + "\n```")
    state = state.adding(
        Turn("person", "評価の基準が知りたい"),
        Turn("partner", "どんなことがわかると良いですか。", move="reply"),
    )
    # when the conversation is summarised
    summary = openai_engine.summarise(state, language="ja")
    # then the lists are read, and the request was not streamed
    assert summary.noticed == payload["noticed"] and summary.next_steps == payload["next_steps"]
    (request,) = openai_server.chat_requests()
    assert not request.json.get("stream")
    assert "評価の基準が知りたい" in request.json["messages"][1]["content"]


def test_summarise_garbage_is_a_bad_response(openai_server, openai_engine, state):
    openai_server.behave(reply="ごめんなさい、まとめられません")
    state = state.adding(Turn("person", "話"), Turn("partner", "はい", move="reply"))
    with pytest.raises(EngineUnavailable) as caught:
        openai_engine.summarise(state, language="ja")
    assert caught.value.reason == "bad_response"


def test_summarise_with_nothing_said_asks_nothing(openai_server, openai_engine, state):
    assert openai_engine.summarise(state, language="ja").is_empty
    assert openai_server.chat_requests() == []


def test_an_async_record_folds_too(openai_server, openai_engine):
    state = openai_engine.start("free", language="en")
    for i in range(4):
        state = state.adding(
            Turn("person", f"I keep thinking about the reorg {i}"), Turn("partner", "I see.", move="reply")
        )
    openai_server.behave(reply="The person keeps thinking about the reorg.")
    after = asyncio.run(openai_engine.arecord(state, "more", "reply", language="en"))
    assert after.summary == "The person keeps thinking about the reorg."
    assert after.folded == len(after.turns) - openai_engine.config.max_turns
