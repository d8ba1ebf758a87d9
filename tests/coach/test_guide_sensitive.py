"""A diagnosis, a medication, a disability, a pregnancy told while preparing a 1on1 stays in the
person's own line by default (jatext.sensitive), with no safety signal in it: round 22's blind
review found "I was diagnosed with ADHD in the spring … and I'm on medication now" filed under
"how I want my manager to respond". New sentences, not from any corpus or training file; each
test fails with the reader off (the last one shows that)."""

from __future__ import annotations

import pytest

from jatext.safety import detect
from kabeuchi.coach.engines import guide as guide_module

EN_DISCLOSURE = "I was diagnosed with dyslexia as an adult and reading long specs still takes me ages."
JA_DISCLOSURE = "実は今、妻と二人で不妊治療を続けていて、平日の午前に抜けることがあります。"

EN_TALK = [
    "My 1on1 is on Thursday. I'd like to talk about moving to the data platform team",
    "Just think it through with me",
    "A quieter desk would help me a lot. " + EN_DISCLOSURE,
]
JA_TALK = [
    "来週、部長と1on1です。話したいのは、来期の海外案件に手を挙げたいということです",
    "一緒に考えてほしいです",
    "出張の回数を少し調整してもらえると助かります。" + JA_DISCLOSURE,
]


def _shared(summary) -> str:
    return "\n".join(line for line in summary.noticed if not line.startswith(("自分のためのメモ", "Just for you"))) + "\n" + "\n".join(summary.next_steps)


def _own(summary) -> str:
    return "\n".join(line for line in summary.noticed if line.startswith(("自分のためのメモ", "Just for you")))


@pytest.fixture
def reader_off(monkeypatch):
    monkeypatch.setattr(guide_module, "_special_care", lambda text: False)


def test_the_sentences_carry_no_safety_signal():
    # the reader is what keeps them back: neither the safety rules nor its classifier read them
    assert detect(EN_DISCLOSURE) == [] and detect(JA_DISCLOSURE) == []


@pytest.mark.parametrize(("messages", "language", "word", "topic"), [
    (EN_TALK, "en", "dyslexia", "data platform"),
    (JA_TALK, "ja", "不妊治療", "海外案件"),
])
def test_a_private_disclosure_stays_in_the_persons_own_line(guide, talk, messages, language, word, topic):
    state, _ = talk(guide, "one_on_one", messages, language=language)
    summary = guide.summarise(state, language=language)
    assert word not in _shared(summary)
    assert word in _own(summary)
    assert topic in _shared(summary)  # the rest of the message is still theirs to share


def test_without_the_reader_the_disclosure_is_drafted_with_the_rest(reader_off):
    # what the summary's lines and the agenda draft keep of a message (split_sensitive)
    message = EN_TALK[2]
    assert guide_module.split_sensitive(message) == (message, "")


def test_with_the_reader_only_the_disclosure_is_kept_apart():
    assert guide_module.split_sensitive(EN_TALK[2]) == ("A quieter desk would help me a lot.", EN_DISCLOSURE)


def test_without_the_reader_the_japanese_disclosure_reaches_the_preparation(guide, talk, reader_off):
    state, _ = talk(guide, "one_on_one", JA_TALK)
    assert "不妊治療" in _shared(guide.summarise(state, language="ja"))
