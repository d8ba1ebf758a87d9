"""Asked while preparing a 1on1 to see what the manager would see (「課長に見える部分だけ見せて」),
the guide shows the part of a draft the manager could see, as the agenda draft would hold it, with
what stays in the person's own line apart and who decides what is shared. Rounds 22 and 23 found
the request in 13 of 40 conversations, answered "I cannot answer that", with a privacy boilerplate
or with the whole summary. New sentences, from no corpus or data file."""

from __future__ import annotations

import pytest

from kabeuchi.coach.engines import guide as guide_module
from kabeuchi.coach.engines.guide import for_the_manager, topic_items

JA_TALK = [
    "来週、所長と1on1です。話したいのは、①検査工程の人の配置、②新人の教え方、の2つです",
    "①はアドバイスがほしいです。②は一緒に考えてほしいです",
    "実は取引先から誘いを受けていて、少し揺れています。これは所長には絶対に言わないでください",
]
JA_ASK = "所長に行くほうの中身、いまどうなってるか見せてください"

EN_TALK = [
    "1on1 with my lead on Friday. Topics: the release checklist, and pairing with the new hire",
    "Think it through with me on both",
]
EN_ASK = "Before I share anything, show me exactly what my lead would see."


def _parts(reply: str, private_label: str) -> tuple[str, str]:
    lines = reply.split("\n")
    shared = "\n".join(line for line in lines if not line.lstrip("・- ").startswith(private_label))
    private = "\n".join(line for line in lines if line.lstrip("・- ").startswith(private_label))
    return shared, private


def test_the_managers_part_is_shown_without_what_is_kept_back(guide, talk):
    state, replies = talk(guide, "one_on_one", [*JA_TALK, JA_ASK])
    view = replies[-1]
    shared, private = _parts(view, "あなただけのメモ")
    assert "上司に見える部分" in view and "まだ誰にも共有されていません" in view
    assert "検査工程の人の配置" in shared and "新人の教え方" in shared
    assert "アドバイスがほしい" in shared
    assert "取引先" not in shared
    assert "チェックを入れたものだけが共有されます" in view


def test_the_view_is_what_the_draft_would_hold(guide, talk):
    # each topic the view lists is a topic the draft takes (kabeuchi.oneonone.drafting splits the
    # same answers with the same topic_items), and nothing kept back is in either
    state, replies = talk(guide, "one_on_one", [*JA_TALK, JA_ASK])
    found, _ = for_the_manager(state)
    shared, _ = _parts(replies[-1], "あなただけのメモ")
    items = topic_items(found["topics"])
    assert items == ["①検査工程の人の配置", "②新人の教え方"]
    assert all(f"「{item}」" in shared for item in items)
    assert not any("取引先" in text for text in found.values())


def test_the_request_is_no_answer_and_the_talk_goes_on(guide, talk):
    state, replies = talk(guide, "one_on_one", [*JA_TALK, JA_ASK, "はい、それで大丈夫です"])
    summary = guide.summarise(state, language="ja")
    assert "見せてください" not in "\n".join(summary.noticed + summary.next_steps)
    assert "上司に見える部分" not in replies[-1]  # an "OK" after it is not answered with it again


def test_in_english(guide, talk):
    _, replies = talk(guide, "one_on_one", [*EN_TALK, EN_ASK], language="en")
    view = replies[-1]
    assert "the part your manager could see" in view and "Nothing has been shared" in view
    assert "release checklist" in view
    assert "only the items you tick are shared" in view


def test_with_nothing_said_yet_it_says_so(guide, talk):
    _, replies = talk(guide, "one_on_one", ["課長に見える部分って、いまどうなってますか？見せてください"])
    assert "上司に見える部分に入ることは、いまのところまだありません" in replies[-1]


def test_without_the_reader_the_request_is_not_answered_with_the_view(guide, talk, monkeypatch):
    monkeypatch.setattr(guide_module, "asks_for_manager_view", lambda text: False)
    _, replies = talk(guide, "one_on_one", [*JA_TALK, JA_ASK])
    assert "上司に見える部分" not in replies[-1]


# 「課長に見える文面に「リハビリ」って単語が入ってないか確認させてください」 (round 23's R23-10 asked it
# of 「MBA」): the word stays out of the manager's part, of the summary's lines and of the draft, and
# the reply says so. New sentences.
@pytest.mark.parametrize(("messages", "language", "word", "said"), [
    (
        ["来週、課長と1on1です。話したいのは、在宅勤務の日数のことです", "一緒に考えてほしいです",
         "水曜の午前だけ外せると助かります。リハビリのことです",
         "課長に見える文面に「リハビリ」って単語が入ってないか確認させてください"],
        "ja", "リハビリ", "「リハビリ」が入っているところは、上司に見える部分には入れず",
    ),
    (
        ["1on1 with my lead on Friday. Topics: the release checklist, and my workload", "Think it through with me on both",
         "Wednesday mornings off would help, that is when the physio sessions are.",
         "Show me what my lead would see, and make sure the word \"physio\" isn't in it"],
        "en", "physio", 'Anything with "physio" in it stays out',
    ),
])
def test_a_word_asked_to_stay_out_of_the_managers_part_does(guide, talk, messages, language, word, said):
    state, replies = talk(guide, "one_on_one", messages, language=language)
    shared, private = _parts(replies[-1], "あなただけのメモ" if language == "ja" else "Just for you")
    assert said in replies[-1]
    assert word not in shared.replace(said, "")
    found, _ = for_the_manager(state)
    assert not any(word in text for text in found.values())
    summary = guide.summarise(state, language=language)
    assert not any(word in line for line in summary.noticed if not line.startswith(("自分のためのメモ", "Just for you")))
