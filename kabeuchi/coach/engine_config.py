"""Build the configured reflection engine from Django settings (the engines never read them)."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

from kabeuchi.coach.engines.base import BaseEngine, EngineConfig, get_engine


def engine_config() -> EngineConfig:
    return EngineConfig(
        base_url=settings.KABEUCHI_AI_BASE_URL,
        api_key=settings.KABEUCHI_AI_API_KEY,
        model=settings.KABEUCHI_AI_MODEL,
        connect_timeout=settings.KABEUCHI_AI_CONNECT_TIMEOUT,
        read_timeout=settings.KABEUCHI_AI_READ_TIMEOUT,
        max_turns=settings.KABEUCHI_AI_MAX_TURNS,
        context_tokens=settings.KABEUCHI_AI_CONTEXT_TOKENS,
        max_reply_tokens=settings.KABEUCHI_AI_REPLY_TOKENS or None,
    )


@lru_cache(maxsize=4)
def _engine(path: str, config: EngineConfig) -> BaseEngine:
    return get_engine(path, config)


def current_engine() -> BaseEngine:
    """The engine chosen by KABEUCHI_AI_ENGINE, built once per configuration."""
    return _engine(settings.KABEUCHI_AI_ENGINE, engine_config())


def guide_engine() -> BaseEngine:
    return _engine("guide", EngineConfig())
