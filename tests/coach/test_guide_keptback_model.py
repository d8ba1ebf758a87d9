"""A request to keep something from the manager, in wordings the guide's rules do not know, read
by jatext.keptback: the guide says it stays out, and neither the summary's lines for the manager
nor the agenda draft hold it (rounds 19 and 20 graded such a request filed in the preparation
harmful). New sentences, not from any corpus or training file; each fails with the model off."""

from __future__ import annotations

import pytest

from kabeuchi.coach.engines import guide as guide_module

KEPT_LINE = "1on1の準備には入れず、あなただけのメモにしておきます"


def _shared(summary) -> str:
    return "\n".join(line for line in summary.noticed if not line.startswith(("自分のためのメモ", "Just for you"))) + "\n" + "\n".join(summary.next_steps)


@pytest.fixture
def model_off(monkeypatch):
    monkeypatch.setattr(guide_module, "_read_kept_back", lambda said: [])
    monkeypatch.setattr(guide_module._Planner, "_read_as_kept", lambda self, text, kinds: None)


CONVERSATION = [
    "来週、課長と1on1です。話したいのは、新しい検査装置の立ち上げ担当のことです",
    "実は、知り合いの会社から一緒にやらないかって誘われてて、ちょっと揺れてます。これは課長に見せる方には含めないでください",
    "装置の件は、一緒に考えてほしいです",
    "最初は「立ち上げの進め方で相談があります」と言います",
]


def test_a_request_in_new_words_is_acknowledged_and_kept_out_of_the_preparation(guide, talk):
    state, replies = talk(guide, "one_on_one", CONVERSATION)
    assert KEPT_LINE in replies[1]
    summary = guide.summarise(state, language="ja")
    shared = _shared(summary)
    assert "誘われて" not in shared and "含めないで" not in shared
    assert "検査装置" in shared
    assert any("誘われて" in line for line in summary.noticed if line.startswith("自分のためのメモ"))


def test_without_the_model_the_same_request_reaches_the_preparation(guide, talk, model_off):
    # the test above is not passing by the rules alone: with the model off the secret is filed
    # (「ここだけの話にしといてください」 was the request here until the rules learnt 「ここだけの話」
    # from round 27's review)
    state, replies = talk(guide, "one_on_one", CONVERSATION)
    assert KEPT_LINE not in replies[1]
    assert "誘われて" in _shared(guide.summarise(state, language="ja"))


def test_an_english_request_that_points_back_keeps_the_message_before(guide, talk):
    state, _ = talk(guide, "one_on_one", [
        "I'd like to talk about getting more time for code reviews",
        "Also I've been interviewing with a startup in Fukuoka",
        "keep the Fukuoka part between us please",
        "I want him to think it through with me",
    ], language="en")
    shared = _shared(guide.summarise(state, language="en"))
    assert "Fukuoka" not in shared and "startup" not in shared
    assert "code reviews" in shared


def test_a_correction_or_a_question_about_who_sees_it_is_not_taken_for_a_request(guide, talk):
    _, replies = talk(guide, "one_on_one", [
        "来週、部長と1on1です。話したいのは、来期の予算の配分のことです",
        "これって部長にも見えるんですか？",
    ])
    assert KEPT_LINE not in replies[1]
    _, replies = talk(guide, "one_on_one", [
        "1on1 on Friday. Topics: the migration delay, and hiring a second tester",
        "Actually, don't call it a delay. It's a change the client asked for.",
    ], language="en")
    assert "stays out of the 1on1 preparation" not in replies[1]


FAR_CONVERSATION = [
    "来週の1on1では、新人の教育担当の件を相談したいです",
    "実は先月、別の会社の二次面接を受けました",
    "教育担当は正直ちょっと荷が重いです",
    "シフトの組み方も一緒に考えてほしいです",
    "あ、面接のことは課長には内緒にしてください",
]


def test_a_request_three_messages_later_keeps_back_what_it_names(guide, talk):
    # round 21's 「面接の件は外して」 came messages after the interview was told: the model reads
    # each message with the requests of up to keptback.FAR messages after the next one
    state, _ = talk(guide, "one_on_one", FAR_CONVERSATION)
    summary = guide.summarise(state, language="ja")
    shared = _shared(summary)
    assert "二次面接" not in shared
    assert "教育担当" in shared and "シフト" in shared
    assert any("二次面接" in line for line in summary.noticed if line.startswith("自分のためのメモ"))


def test_read_only_with_the_next_message_the_far_request_is_missed(guide, talk, monkeypatch):
    # the test above is the far reading's work: with no message read past the next one (and
    # without the named matter looked for in every message, ``_named_by_read_requests``, which
    # since the twenty-second session keeps it back too), the interview reaches the preparation
    monkeypatch.setattr(guide_module.keptback, "FAR", 0)
    monkeypatch.setattr(guide_module, "_named_by_read_requests", lambda said: [])
    state, _ = talk(guide, "one_on_one", FAR_CONVERSATION)
    assert "二次面接" in _shared(guide.summarise(state, language="ja"))


def test_a_late_request_about_its_own_message_leaves_the_opening_topics_shared(guide, talk):
    # a development conversation (round 17, T04): the request 「でもこれは課長との紙には載せんで
    # よかけんね」 points at the job site told with it, not at the topics three messages before
    # (a model trained on short exchanges only kept those back too)
    state, _ = talk(guide, "one_on_one", [
        "来週の火曜、課長と1on1あるっちゃけど、毎回なん話せばいいかわからんまま終わるけん、今回はちょっと準備しときたいと思って",
        "3つくらいあって、1個目はパートさんの人手不足。年末の繁忙期に向けて今のシフトじゃ絶対回らん。",
        "人手不足の件は、アドバイスっていうより、一緒に考えてほしい",
        "評価のことは、まず聞いてほしいだけかな",
        "3個目言うとくと、実は先月転職サイトに登録して、何社かからスカウト来とる。でもこれは課長との紙には載せんでよかけんね。自分の胸にしまっとく話やけん",
    ])
    shared = _shared(guide.summarise(state, language="ja"))
    assert "転職サイト" not in shared
    assert "人手不足" in shared and "繁忙期" in shared


# The reply that adds a topic shows the list the manager's preparation will hold: what the reader
# keeps back in that message is never on it, as the summary never files it (round 23's R23-01: the
# reason told after the request was added to the topics; R23-08 and R23-16: the secret itself, when
# the request was in a wording the rules do not know, was listed). New sentences; the English one
# needed the rules to read "My lead must not know this." and what it points back to.
@pytest.mark.parametrize(("messages", "language", "hidden", "listed"), [
    (
        [
            "来週、所長と1on1です。話したいのは、①検査工程の人の配置、②新人の教え方、の2つです",
            "あと、実は取引先から転職の誘いを受けていて、少し考えています。でも所長にはまだ絶対に知られたくないです。ここに来て一年で辞めたがってると思われたら困るので。",
        ],
        "ja",
        ("取引先から転職", "一年で辞めたがって"),
        ("検査工程の人の配置",),
    ),
    pytest.param(
        [
            "1on1 with my lead tomorrow. Topics: 1) the release checklist, 2) pairing with the new hire",
            "Also I've started a part-time master's degree at night. My lead must not know this. The recruiter for the program asked me not to share it anyway.",
        ],
        "en",
        ("master's degree",),
        ("release checklist",),
    ),
])
def test_the_topic_list_in_the_reply_never_shows_what_the_message_keeps_back(guide, talk, messages, language, hidden, listed):
    _, replies = talk(guide, "one_on_one", messages, language=language)
    for words in hidden:
        assert words not in replies[-1]
    for words in listed:
        assert words in replies[-1]


# "Nobody at work knows yet." after the thing itself: kept from the manager by implication (16 of
# 23 such sentences of the blind development exchanges are labelled a request), with the sentence
# before it; but not when the person says the manager will be told. New sentences.
@pytest.mark.parametrize(("messages", "language", "hidden", "kept"), [
    (["1on1 with my lead on Friday. Topics: the release checklist, and pairing with the new hire",
      "Think it through with me on both",
      "I might move to Osaka next spring for family reasons. Nobody at work knows yet."], "en", "Osaka", True),
    (["来週、課長と1on1です。話したいのは、在宅勤務の日数のことです", "一緒に考えてほしいです",
      "実は来年の春に地元に戻るかもしれません。職場ではまだ誰にも言っていません。"], "ja", "地元に戻る", True),
    (["来週、課長と1on1です。話したいのは、在宅勤務の日数のことです", "一緒に考えてほしいです",
      "実は来年の春に地元に戻るかもしれません。職場では誰にも言ってないけど、課長にだけは伝えたいです。"], "ja", "地元に戻る", False),
])
def test_nobody_at_work_knows_keeps_what_it_follows_from_the_manager(guide, talk, messages, language, hidden, kept):
    state, _ = talk(guide, "one_on_one", messages, language=language)
    shared = _shared(guide.summarise(state, language=language))
    assert (hidden not in shared) is kept
