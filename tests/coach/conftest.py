"""Shared fixtures for the coach engine tests. None of them needs Django."""

from __future__ import annotations

import pytest

from kabeuchi.coach.engines import fake
from kabeuchi.coach.engines.base import EngineConfig
from kabeuchi.coach.engines.guide import GuideEngine
from kabeuchi.coach.engines.openai_compatible import OpenAICompatibleEngine
from tests.fakes.openai_server import DEFAULT_MODEL, FakeOpenAIServer


@pytest.fixture(autouse=True)
def _fresh_caches(request):
    """The root conftest's cache reset, made safe for ``-p no:django``.

    The engine tests need no Django and are run without it; the root fixture imports Django's
    cache, which then fails. With pytest-django active this does what the root fixture does,
    so Django-backed tests in this folder keep their fresh caches.
    """
    if not request.config.pluginmanager.hasplugin("django"):
        yield
        return
    from django.core.cache import cache

    from kabeuchi.vault import crypto

    crypto.cache.clear()
    cache.clear()
    yield
    crypto.cache.clear()
    cache.clear()


@pytest.fixture(autouse=True)
def _empty_fake_outbox():
    fake.reset()
    yield
    fake.reset()


@pytest.fixture
def guide() -> GuideEngine:
    return GuideEngine()


@pytest.fixture
def openai_server():
    """A real OpenAI-compatible HTTP server on a free port of 127.0.0.1, for this test only."""
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def engine_config(openai_server) -> EngineConfig:
    return EngineConfig(
        base_url=openai_server.url,
        model=DEFAULT_MODEL,
        api_key="test-key",
        connect_timeout=1.0,
        read_timeout=1.0,
    )


@pytest.fixture
def openai_engine(engine_config):
    engine = OpenAICompatibleEngine(engine_config)
    yield engine
    engine.close()


def converse(engine, theme: str, messages: list[str], *, language: str = "ja", state=None):
    """Run ``messages`` through ``engine`` from the opening (or from ``state``); return the final
    state and the replies."""
    state = state if state is not None else engine.start(theme, language=language)
    replies = []
    for message in messages:
        reply = engine.reply(state, message, language=language)
        state = engine.record(state, message, reply, language=language)
        replies.append(reply)
    return state, replies


@pytest.fixture
def talk():
    """``talk(engine, theme, messages, language="ja") -> (state, replies)``."""
    return converse
