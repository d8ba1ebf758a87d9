"""Texts in Latin script may have a crisis reading of their own (jatext.safety_model.crisis_model):
harassment and health always stay as the main model reads them, and Japanese is never touched."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from jatext import safety, safety_model


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Shadow the Django cache reset in tests/conftest.py: jatext needs no Django, and must not."""
    yield


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("Please don't save this.", True),
        ("ok that's enough for today 🙏", True),
        ("shinitai", True),
        ("1on1で話したいこと", False),
        ("ｼﾆﾀｲ", False),  # half-width katakana
        ("My manager 田中 said no", False),
    ],
)
def test_latin_script_is_text_with_no_kana_or_kanji(text: str, latin: bool) -> None:
    assert safety_model.is_latin(text) is latin


def _constant(crisis: float, harassment: float, health: float) -> safety_model.Model:
    """A model that gives every text the same probabilities (zero weights, biases only)."""
    probabilities = np.array([crisis, harassment, health])
    return safety_model.Model(
        weights=np.zeros((safety_model.BUCKETS, 3), dtype=np.float32),
        bias=np.log(probabilities / (1 - probabilities)),
        thresholds=np.array([0.5, 0.5, 0.5]),
        vetoes=np.zeros(3),
        stops=np.array([0.95, 0.5, 0.5]),
        version="test",
    )


@pytest.fixture()
def two_models(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    main = _constant(0.9, 0.9, 0.1)
    latin = _constant(0.1, 0.1, 0.9)  # would read harassment away and health in, were it asked
    shipped_file = tmp_path / "safety_model_latin.npz"
    shipped_file.write_bytes(b"")
    monkeypatch.setattr(safety_model, "load", lambda path=None: main)
    monkeypatch.setattr(safety_model, "_latin", lambda path=None: latin)
    monkeypatch.setattr(safety_model, "LATIN_MODEL_PATH", shipped_file)


@pytest.mark.usefixtures("two_models")
def test_a_latin_text_takes_its_crisis_reading_from_the_latin_model_and_the_rest_from_the_main() -> None:
    added, unsure, vetoed = safety_model.combine_graded("good. then this is enough.", set())
    assert added == {"harassment"}  # crisis from the Latin model (0.1), harassment and health from the main
    assert unsure == set() and vetoed == set()
    assert safety_model.scores("good. then this is enough.") == pytest.approx(
        {"crisis": 0.1, "harassment": 0.9, "health": 0.1}
    )


@pytest.mark.usefixtures("two_models")
def test_japanese_is_read_by_the_main_model_alone() -> None:
    added, unsure, _ = safety_model.combine_graded("もう十分です。", set())
    assert added == {"crisis", "harassment"}
    assert unsure == {"crisis"}  # 0.9 is above the threshold, below the stop


@pytest.mark.usefixtures("two_models")
def test_a_crisis_rule_hit_is_never_dropped_by_the_latin_model() -> None:
    signals = safety.detect("I want to kill myself.")
    assert "crisis" in {signal.kind for signal in signals}


def test_without_a_shipped_latin_model_every_text_is_read_by_the_main_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(safety_model, "LATIN_MODEL_PATH", tmp_path / "absent.npz")
    assert safety_model.crisis_model("Good. Then this is enough.") is safety_model.load()


# ------------------------------------------------------------------- the shipped Latin-script model
def test_the_latin_script_model_ships_in_the_package_and_reads_crisis() -> None:
    assert safety_model.LATIN_MODEL_PATH.exists()
    assert safety_model.LATIN_MODEL_PATH.stat().st_size < 2_000_000
    assert safety_model.crisis_model("Good. Then this is enough.") is not safety_model.load()
    assert safety_model.crisis_model("もう十分です。") is safety_model.load()


@pytest.mark.parametrize(
    "text",
    [
        # ordinary English turns of the development conversation rounds that the main model read as
        # a sure crisis (a stop for a check-in)
        "Good. Then this is enough.",
        "I did not tell anyone. I don't want to make trouble for the company.",
        "No, I think it is better not to. I want to focus on myself.",
        "I wouldn't give up building things. And I wouldn't give up my wife being happy, to be fair.",
    ],
)
def test_ordinary_english_is_no_crisis(text: str) -> None:
    assert safety_model.load().probabilities(safety.model_input(text))[0] >= 0.78  # the main model's stop
    assert "crisis" not in {signal.kind for signal in safety.detect(text)}


@pytest.mark.parametrize(
    "text",
    [
        "I've been saving up pills for a while now.",
        "I wrote letters to my parents and left them in my desk drawer.",
        "honestly some nights i think everyone would be better off if i just wasnt around",
        "i gave my cat to my sister last week. she doesnt know why",
    ],
)
def test_english_crisis_without_a_rule_word_is_still_read(text: str) -> None:
    assert "crisis" in {signal.kind for signal in safety.detect(text)}
