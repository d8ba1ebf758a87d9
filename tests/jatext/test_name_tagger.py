"""The trained person-name tagger (jatext.name_tagger) and how detect() combines it with the rules."""

from __future__ import annotations

import json

import pytest

from jatext import name_tagger, pii
from jatext.pii import redact


@pytest.fixture
def rules_only(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pii, "_TAGGER_ENABLED", False)


def test_the_model_ships_inside_the_package() -> None:
    assert name_tagger.available()
    assert name_tagger.MODEL_PATH.stat().st_size < 1_000_000
    settings = json.loads(name_tagger.SETTINGS_PATH.read_text(encoding="utf-8"))
    assert 0.5 <= settings["threshold"] < 1.0


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("昨日、ヴォルコフと会って話した。", "ヴォルコフ"),  # an unknown foreign name with no cue
        ("F・R・チェスニーはそこで生まれた。", "F・R・チェスニー"),  # initials and a name
    ],
)
def test_the_tagger_adds_names_the_rules_miss(text: str, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert name not in redact(text).text
    monkeypatch.setattr(pii, "_TAGGER_ENABLED", False)
    assert name in redact(text).text


@pytest.mark.parametrize(
    "text",
    [
        "週末は林の中のキャンプ場に行った。",  # one kanji, no title
        "吉田屋の弁当が美味しい。",  # a shop
        "HRBPさんに相談した。",  # all capitals: a role
        "Had my 1on1 with the team.",  # capitalised by position
        "ブラウンのジャケットを買った。",  # also an ordinary word, no cue
        "田中工業さんとの取引が終わる。",  # a firm
    ],
)
def test_the_rules_refusals_apply_to_the_tagger(text: str) -> None:
    assert redact(text).text == text


def test_the_tagger_only_adds(rules_only: None) -> None:
    text = "田中さんとヴォルコフが来た。"
    rules = pii._rule_detect(text)
    pii._TAGGER_ENABLED = True
    both = pii.detect(text)
    for span in rules:
        assert any(o.start <= span.start and span.end <= o.end for o in both)
