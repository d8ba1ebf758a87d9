"""The engine interface: choosing engines by path, the data types, the error contract."""

from __future__ import annotations

import dataclasses
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from kabeuchi.coach.engines import base
from kabeuchi.coach.engines.base import (
    ConversationState,
    EngineConfig,
    EngineConfigurationError,
    EngineUnavailable,
    Summary,
    Turn,
    get_engine,
)
from kabeuchi.coach.engines.fake import FakeEngine
from kabeuchi.coach.engines.guide import GuideEngine
from kabeuchi.coach.engines.openai_compatible import OpenAICompatibleEngine

ROOT = Path(__file__).resolve().parents[2]


def test_the_guide_is_the_engine_when_none_is_named():
    # given no engine path
    # when an engine is built
    engine = get_engine(None, EngineConfig())
    # then it is the embedded guide, which is not a model
    assert isinstance(engine, GuideEngine)
    assert engine.name == "guide"
    assert engine.is_model is False


def test_engines_are_chosen_by_alias_or_dotted_path(engine_config):
    # given aliases and full dotted paths
    # when engines are built from them
    by_alias = get_engine("openai", engine_config)
    by_path = get_engine("kabeuchi.coach.engines.openai_compatible.OpenAICompatibleEngine", engine_config)
    fake = get_engine("fake")
    # then each is the class it names, with the configuration given
    assert isinstance(by_alias, OpenAICompatibleEngine) and by_alias.is_model
    assert isinstance(by_path, OpenAICompatibleEngine)
    assert by_path.config is engine_config
    assert isinstance(fake, FakeEngine)


@pytest.mark.parametrize(
    "path",
    [
        "nothing",
        "kabeuchi.coach.engines.missing.Engine",
        "kabeuchi.coach.engines.guide.Nope",
        "kabeuchi.coach.themes.Theme",
    ],
)
def test_an_unknown_or_wrong_engine_path_is_a_configuration_error(path):
    # given a path that names no engine class
    # when an engine is built from it
    # then a configuration error says so
    with pytest.raises(EngineConfigurationError):
        get_engine(path)


def test_the_openai_engine_needs_a_base_url_and_a_model():
    # given configurations missing the server or the model
    # when the engine is built
    # then it is refused with a configuration error
    with pytest.raises(EngineConfigurationError, match="base URL"):
        get_engine("openai", EngineConfig(model="m"))
    with pytest.raises(EngineConfigurationError, match="model"):
        get_engine("openai", EngineConfig(base_url="http://127.0.0.1:1/v1"))


@pytest.mark.parametrize(
    "changes", [{"max_turns": 1}, {"turn_chars": 10}, {"read_timeout": 0}, {"summary_every": 1}]
)
def test_nonsense_configuration_is_refused(changes):
    # given a configuration value that cannot work
    # when the configuration is built
    # then it is refused at once, not at the first request
    with pytest.raises(EngineConfigurationError):
        EngineConfig(**changes)


def test_the_api_key_never_shows_in_the_configurations_repr():
    # given a configuration with a key
    config = EngineConfig(api_key="sk-very-secret", default_headers=(("api-key", "also-secret"),))
    # when it is printed (logs, tracebacks)
    text = repr(config)
    # then the secrets are not in it
    assert "sk-very-secret" not in text
    assert "also-secret" not in text


def test_engine_unavailable_is_retryable_unless_the_request_was_rejected_or_too_long():
    # given every reason code
    # when errors are made with each
    errors = {reason: EngineUnavailable(reason) for reason in EngineUnavailable.REASONS}
    # then only a rejected request and one too long for the model's context are not worth retrying
    assert {r for r, e in errors.items() if not e.retryable} == {"rejected", "too_long"}
    assert errors["timeout"].reason == "timeout"


def test_engine_unavailable_refuses_an_unknown_reason():
    # given a reason code that does not exist
    # when an error is made with it
    # then it is refused, so callers can rely on the list of codes
    with pytest.raises(ValueError):
        EngineUnavailable("busy")


def test_engine_unavailable_survives_pickling_with_its_fields():
    # given an error with all its fields
    error = EngineUnavailable("rate_limited", "HTTP 429", retry_after=3.0, engine="openai")
    # when it is pickled and read back (a task queue does this)
    copy = pickle.loads(pickle.dumps(error))
    # then nothing is lost
    assert (copy.reason, copy.detail, copy.retryable, copy.retry_after, copy.engine) == (
        "rate_limited",
        "HTTP 429",
        True,
        3.0,
        "openai",
    )


def test_conversation_state_is_plain_frozen_data():
    # given a state built with a list of turns
    state = ConversationState(theme="moyamoya", turns=[Turn("person", "こんにちは")], summary="", step=2)
    # when it is inspected and changed
    # then turns are a tuple, the state is immutable, and adding returns a new state
    assert isinstance(state.turns, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        state.step = 3  # type: ignore[misc]
    longer = state.adding(Turn("partner", "はい"))
    assert len(longer.turns) == 2 and len(state.turns) == 1
    assert dataclasses.asdict(longer)["turns"][1] == {
        "role": "partner",
        "text": "はい",
        "step": None,
        "move": "",
        "key": "",
    }


def test_a_turn_has_a_known_role():
    # given a role that is neither person nor partner
    # when a turn is made
    # then it is refused
    with pytest.raises(ValueError):
        Turn("system", "…")  # type: ignore[arg-type]


def test_folded_must_count_existing_turns():
    # given a state claiming more folded turns than it has
    # when it is built
    # then it is refused
    with pytest.raises(ValueError):
        ConversationState(turns=(Turn("person", "a"),), folded=2)


def test_an_empty_summary_says_so():
    assert Summary().is_empty
    assert not Summary(noticed=["a"]).is_empty


def test_every_engine_starts_with_an_opening_turn_in_both_languages(engine_config):
    # given every engine
    engines = [GuideEngine(), FakeEngine(), OpenAICompatibleEngine(engine_config)]
    for engine in engines:
        for language in base.LANGUAGES:
            # when a conversation starts
            state = engine.start("career", language=language)
            # then it holds one partner turn with the theme's opening and first question
            (turn,) = state.turns
            assert turn.role == "partner" and turn.move == "open" and turn.step == 0
            assert state.theme == "career"
            assert (
                ("やってみたい" in turn.text) if language == "ja" else ("would you like to try" in turn.text)
            )


def test_the_engines_import_without_django():
    # given a fresh interpreter without Django settings
    code = (
        "import sys\n"
        "import kabeuchi.coach.engines.guide, kabeuchi.coach.engines.openai_compatible, kabeuchi.coach.engines.fake\n"
        "import kabeuchi.coach.context, kabeuchi.coach.prompts, kabeuchi.coach.themes\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django was imported'\n"
    )
    # when the engine modules are imported
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    # then they load, and Django is not among the modules
    assert result.returncode == 0, result.stderr
