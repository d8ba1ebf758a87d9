"""The fake OpenAI server itself, through the official SDK: the tests above rely on it."""

from __future__ import annotations

import math
import time

import openai
import pytest
from openai import OpenAI

from tests.fakes.openai_server import DEFAULT_MODEL, Behaviour, FakeOpenAIServer, embedding_for


@pytest.fixture
def client(openai_server):
    with OpenAI(base_url=openai_server.url, api_key="x", max_retries=0, timeout=2.0) as c:
        yield c


def test_it_lists_its_model(client):
    assert [m.id for m in client.models.list()] == [DEFAULT_MODEL]
    assert client.models.retrieve(DEFAULT_MODEL).id == DEFAULT_MODEL


def test_embeddings_are_deterministic_unit_vectors_as_floats_or_base64(client):
    # given two requests for the same text, one as floats and one in the SDK's default base64
    as_floats = client.embeddings.create(model="e", input=["棚卸し", "1on1"], encoding_format="float")
    as_base64 = client.embeddings.create(model="e", input=["棚卸し", "1on1"])
    # when the vectors are compared
    a, b = as_floats.data[0].embedding, as_base64.data[0].embedding
    # then they are the same unit vector, and different texts differ
    assert len(a) == 16 and math.isclose(sum(v * v for v in a), 1.0, rel_tol=1e-6)
    assert all(math.isclose(x, y, rel_tol=1e-5, abs_tol=1e-6) for x, y in zip(a, b, strict=True))
    assert as_floats.data[1].embedding != a
    assert embedding_for("棚卸し", 16) == pytest.approx(a)


def test_a_non_streamed_completion_has_text_and_usage(openai_server, client):
    openai_server.behave(reply="こんにちは。")
    completion = client.chat.completions.create(
        model=DEFAULT_MODEL, messages=[{"role": "user", "content": "あいう"}]
    )
    assert completion.choices[0].message.content == "こんにちは。"
    assert completion.usage.prompt_tokens == 3


def test_a_stream_ends_with_a_finish_reason_and_optional_usage(openai_server, client):
    openai_server.behave(reply="abcdefgh", chunk_chars=2)
    chunks = list(
        client.chat.completions.create(
            model=DEFAULT_MODEL,
            messages=[{"role": "user", "content": "x"}],
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "abcdefgh"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].usage.completion_tokens == 8


def test_latency_before_the_first_token_is_applied(openai_server, client):
    openai_server.behave(first_token_delay=0.2, reply="ok")
    start = time.perf_counter()
    stream = client.chat.completions.create(
        model=DEFAULT_MODEL, messages=[{"role": "user", "content": "x"}], stream=True
    )
    first_text = next(c for c in stream if c.choices and c.choices[0].delta.content)
    assert first_text and time.perf_counter() - start >= 0.2


def test_queued_behaviours_apply_once_each_before_the_default(openai_server, client):
    openai_server.queue(Behaviour(status=429), Behaviour(status=503))
    with pytest.raises(openai.RateLimitError):
        client.chat.completions.create(model=DEFAULT_MODEL, messages=[{"role": "user", "content": "1"}])
    with pytest.raises(openai.InternalServerError):
        client.chat.completions.create(model=DEFAULT_MODEL, messages=[{"role": "user", "content": "2"}])
    assert client.chat.completions.create(
        model=DEFAULT_MODEL, messages=[{"role": "user", "content": "3"}]
    ).choices
    assert [r.messages[0]["content"] for r in openai_server.chat_requests()] == ["1", "2", "3"]


def test_a_hung_request_is_let_go_when_the_server_stops():
    # given a server holding a request forever
    server = FakeOpenAIServer().start()
    server.behave(hang=True)
    client = OpenAI(base_url=server.url, api_key="x", max_retries=0, timeout=0.2)
    with pytest.raises(openai.APITimeoutError):
        client.chat.completions.create(model=DEFAULT_MODEL, messages=[{"role": "user", "content": "x"}])
    # when it is stopped
    start = time.perf_counter()
    server.stop()
    # then stopping does not wait for the hung handler
    assert time.perf_counter() - start < 2.0
