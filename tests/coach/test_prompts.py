"""Prompt files: versioned, in both languages, and honest about what leaves the system."""

from __future__ import annotations

import pytest

from kabeuchi.coach import context, prompts
from kabeuchi.coach.themes import THEMES


@pytest.mark.parametrize("name", prompts.NAMES)
@pytest.mark.parametrize("language", prompts.LANGUAGES)
def test_every_prompt_exists_with_a_version(name, language):
    # given a prompt name and a language
    # when the prompt is loaded
    prompt = prompts.load(name, language)
    # then it has a version from its first line and a body without that line
    assert prompt.version
    assert not prompt.text.startswith("version:")
    assert prompt.ref == f"{name}.{language}@{prompt.version}"


def test_versions_lists_every_prompt():
    assert set(prompts.versions()) == {f"{n}.{lang}" for n in prompts.NAMES for lang in prompts.LANGUAGES}


def test_an_unknown_prompt_or_language_is_an_error():
    with pytest.raises(prompts.PromptError):
        prompts.load("jailbreak", "ja")
    with pytest.raises(prompts.PromptError):
        prompts.load("system", "fr")


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_system_prompt_is_filled_in_for_every_theme(theme, language):
    # given a theme
    # when its system prompt is rendered
    text = context.system_prompt(theme, language)
    # then no placeholder is left and the theme's title and first question are there
    assert "$" not in text
    assert THEMES[theme].title.get(language) in text
    assert THEMES[theme].steps[0].question.get(language) in text


def test_the_system_prompts_ask_for_the_stance_of_the_product():
    # given the system prompts
    ja = prompts.load("system", "ja").text
    en = prompts.load("system", "en").text
    # when they are read
    # then they forbid judging, diagnosing and deciding, ask one open question, and say it is an AI
    for phrase in ("診断をしません", "代わりに決めません", "評価", "一度に一つだけ", "AIです", "なぜ"):
        assert phrase in ja
    for phrase in ("Do not diagnose", "Do not decide for them", "one at a time", "You are an AI", '"why"'):
        assert phrase in en
    # and they never let the model invent hotline numbers
    assert "電話番号" in ja and "phone numbers" in en


def test_the_prompts_module_states_exactly_what_leaves_the_system():
    # given the prompts module documentation
    doc = prompts.__doc__ or ""
    # when it is read
    # then it lists what is sent and what is not
    for phrase in (
        "What leaves the system",
        "rolling summary",
        "max_turns",
        "turn_chars",
        "notebook",
        "name",
        "organisation",
        "user",
    ):
        assert phrase in doc


def test_render_leaves_unknown_dollars_alone():
    prompt = prompts.Prompt("x", "ja", "1", "料金は$5、テーマは$theme_title")
    assert prompt.render(theme_title="棚卸し") == "料金は$5、テーマは棚卸し"
