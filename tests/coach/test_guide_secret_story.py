"""What a request to keep something from the manager keeps back besides what names it: the
secret told just before a request that points back at it, a request said in a clause of a message
typed with spaces for stops, a plan to see a doctor (round 26's blind review graded each harmful
when it reached the manager's part).  The sentences here are new, not the round's."""

from __future__ import annotations

import pytest

from jatext.keptback import spoken_clauses
from kabeuchi.coach.engines.guide import (
    _KEPT_FROM_THE_MANAGER,
    _PRIVATE_MARKER,
    _REMOVE_EN,
    _story_of_request,
    kept_from_the_manager,
    split_sensitive,
)
from tests.coach.test_guide_engine import play


def _managers_part(guide, state, language):
    summary = guide.summarise(state, language=language)
    private = ("自分のためのメモ", "Just for you")
    return " ".join(line for line in summary.noticed if not line.startswith(private)), summary


def test_the_secret_a_pointing_request_follows_stays_out(guide):
    state, _ = play(guide, "one_on_one", [
        "I have a 1on1 with my team lead on Monday",
        "main topic: the on-call rota is unfair, I did 5 weekends in a row",
        "oh and one more thing. i've been doing paid tutoring on weekday evenings, no approval. please don't put this anywhere she can see",
        "can you sum up?",
    ], "en")
    shared, summary = _managers_part(guide, state, "en")
    assert "tutoring" not in shared, summary
    assert "on-call rota" in shared, summary


def test_a_request_that_names_its_thing_takes_nothing_said_before_it(guide):
    state, _ = play(guide, "one_on_one", [
        "課長との1on1の準備をしたいです",
        "話したいのは、来期の担当替えの希望です",
        "最初の一言は『担当のことで相談があります』にします。同期の件は1on1では話さないことにします。",
        "まとめて",
    ])
    kept = kept_from_the_manager(state)
    assert not any("担当のことで相談があります" in x for x in kept), kept


def test_a_request_in_a_clause_typed_with_spaces_keeps_that_message_back(guide):
    state, _ = play(guide, "one_on_one", [
        "係長と面談があるでなに話すか決めたい",
        "話したいのは新人の教え方のことだわ",
        "日曜は消防団の当番やっとるで休みの融通きかせてほしいけど 消防団のことは別に言わんでええわ いろいろ聞かれるのかなわんで",
        "まとめてちょう",
    ])
    shared, summary = _managers_part(guide, state, "ja")
    assert "消防団" not in shared, summary
    assert "新人の教え方" in shared, summary


def test_spoken_clauses_cut_only_where_a_clause_ends():
    assert spoken_clauses("日曜は当番やっとるで休みの融通きかせてほしいけど 当番のことは別に言わんでええわ あれこれ聞かれるのかなわんで") == [
        "日曜は当番やっとるで休みの融通きかせてほしいけど", "当番のことは別に言わんでええわ", "あれこれ聞かれるのかなわんで",
    ]
    # a topic before the space is no clause: 「評価の方は 一緒に考えてほしい」 stays one
    assert spoken_clauses("フロント以外の件は アドバイスほしい 評価の方は 一緒に考えてほしい感じ") == [
        "フロント以外の件は アドバイスほしい", "評価の方は 一緒に考えてほしい感じ",
    ]
    assert spoken_clauses("了解です。ありがとうございます") == ["了解です。ありがとうございます"]


@pytest.mark.parametrize(("text", "private"), [
    ("まず今週中に、近くで診てもらえる病院を探してみます。面談では残業の回数から話します", "診てもらえる"),
    ("I'll see a doctor on Saturday. In the 1on1 I'll start with the overtime numbers.", "doctor"),
])
def test_a_plan_to_see_a_doctor_is_kept_apart(text, private):
    shared, apart = split_sensitive(text)
    assert private in apart and private not in shared
    assert shared


@pytest.mark.parametrize("text", [
    "I really don't want that in anything he sees.",
    "i dont want this in what my manager reads",
])
def test_not_wanting_it_in_what_the_manager_sees_is_a_request(text):
    assert _KEPT_FROM_THE_MANAGER.search(text)


def test_a_line_to_drop_is_named_up_to_the_comma():
    m = _REMOVE_EN.search("One tweak: drop the line about her rushing to fix things, that's a note for me, not for her.")
    assert m and m.group("target").strip() == "her rushing to fix things"


@pytest.mark.parametrize(("text", "secret"), [
    ("話したいのは残業のこと。実は週末に家業の手伝いでお金もらってる。ここだけの話ね", "家業"),
    ("Main thing is the release schedule. also, I drive for a delivery app at night. thats just for me, not for the agenda", "delivery app"),
    ("あと、もう転職サイトも見とる。でもそれ係長に言うたら終わるし、ここでだけの話にして", "転職サイト"),
])
def test_a_word_that_marks_a_matter_private_keeps_it_back(text, secret):
    kept = _story_of_request(text)
    assert any(secret in x for x in kept), kept
    assert not any(("残業" in x) or ("release schedule" in x) for x in kept), kept


@pytest.mark.parametrize("text", [
    "家族にはまだ内緒だけど、課長には資格の勉強を応援してほしい。",
    "課長が前に「ここだけの話、来期は組織が変わる」って言ってた件を聞きたい。",
    "My manager told me 'keep this between us' about the reorg, and I want to follow up on it.",
    "This is a private matter, but I'm fine with my manager knowing.",
])
def test_someone_elses_secret_or_one_kept_from_others_is_no_request(text):
    assert not [x for x in _story_of_request(text) if x.strip(" 。.") in text and len(x) > 4 and _PRIVATE_MARKER.search(x)], _story_of_request(text)
