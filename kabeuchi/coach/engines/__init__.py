"""Reflection engines behind one interface (see ``base``): ``guide`` (embedded, no model),
``openai`` (any OpenAI-compatible chat server) and ``fake`` (tests)."""

from kabeuchi.coach.engines.base import (
    BaseEngine,
    ConversationState,
    EngineConfig,
    EngineConfigurationError,
    EngineError,
    EngineUnavailable,
    ReplyChunk,
    Summary,
    Turn,
    get_engine,
)

__all__ = [
    "BaseEngine",
    "ConversationState",
    "EngineConfig",
    "EngineConfigurationError",
    "EngineError",
    "EngineUnavailable",
    "ReplyChunk",
    "Summary",
    "Turn",
    "get_engine",
]
