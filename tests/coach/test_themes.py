"""The guided themes: complete in both languages, open questions, grounded in a method."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kabeuchi.coach.themes import NEXT_STEP, THEMES, UnknownTheme, get_theme, theme_choices

DOCS = Path(__file__).resolve().parents[2] / "docs" / "coaching.md"
ALL_STEPS = [(theme.key, step) for theme in THEMES.values() for step in theme.steps]


def test_the_six_themes_of_the_issue_exist_in_order():
    assert list(THEMES) == ["free", "moyamoya", "stocktaking", "one_on_one", "career", "learning"]
    assert [title for _, title in theme_choices("ja")] == [
        "自由に話す",
        "モヤモヤ整理",
        "棚卸し",
        "1on1準備",
        "キャリアの方向性",
        "学びと目標",
    ]


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_every_theme_is_complete_in_both_languages(theme):
    # given a theme
    # when its texts are read in each language
    for language in ("ja", "en"):
        # then title, one-sentence description, opening and method are all there
        assert theme.title.get(language)
        assert theme.description.get(language).count("。" if language == "ja" else ". ") <= 1
        assert theme.opening.get(language)
        assert theme.method.get(language)
    assert len(theme.steps) >= 4
    assert len({s.key for s in theme.steps}) == len(theme.steps)


@pytest.mark.parametrize(("theme_key", "step"), ALL_STEPS, ids=[f"{k}.{s.key}" for k, s in ALL_STEPS])
def test_every_step_asks_one_open_question_in_each_language(theme_key, step):
    # given a step
    for question in (step.question, step.smaller):
        # when its questions are read
        ja, en = question.ja, question.en
        # then each language holds exactly one question, and never "why"
        assert len(re.findall(r"か。|？|でしょう。", ja)) == 1, ja
        assert en.count("?") == 1, en
        assert "なぜ" not in ja and "どうして" not in ja
        assert not re.search(r"\bwhy\b", en, re.IGNORECASE)
        # and it is open: not a yes/no "do you / are you" question
        assert not re.match(r"^(Do|Does|Are|Is|Did|Can|Have) ", en), en
    assert step.label.ja and step.label.en


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_every_flow_ends_with_a_small_step_the_person_chooses(theme):
    assert theme.steps[-1].collects == NEXT_STEP
    assert sum(1 for s in theme.steps if s.collects == NEXT_STEP) == 1


def test_free_talk_cycles_and_the_others_end():
    # given free talk and a guided theme
    free, moyamoya = get_theme("free"), get_theme("moyamoya")
    # when steps past the end are asked for
    # then free talk wraps around with a "what else" question, the guided theme ends
    assert free.step_at(len(free.steps)).key == "topic"
    assert "ほかに" in free.question_at(len(free.steps), "ja")
    assert moyamoya.step_at(len(moyamoya.steps)) is None


def test_one_on_one_lists_the_topics_back_for_the_response_style():
    theme = get_theme("one_on_one")
    style = theme.steps[theme.index_of("response_style")]
    assert style.lists_from == "topics"
    assert "アドバイス" in style.question.ja and "just listen" in style.question.en


def test_an_unknown_theme_is_refused_and_none_means_free_talk():
    assert get_theme(None).key == "free"
    assert get_theme("").key == "free"
    with pytest.raises(UnknownTheme):
        get_theme("astrology")


@pytest.mark.parametrize("theme", THEMES.values(), ids=list(THEMES))
def test_the_docs_say_which_method_grounds_each_theme(theme):
    # given the coaching documentation
    text = DOCS.read_text(encoding="utf-8")
    # when it is searched for the theme
    # then the theme has its own section naming it
    assert f"`{theme.key}`" in text
    assert theme.title.ja in text
