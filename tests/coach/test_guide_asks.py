"""A message put to the guide gets the answer it asks for (jatext.asks), not "I cannot answer
that": leave to talk, what this talk is, who can tell that one uses it, what happens to the
record, a summary, a document written for them, a decision. Sentences from the blind corpora the
reviews graded (development data); each test fails on ffbaf18, where the rules answered all of
them "I cannot answer that" or with the company-programmes line, except the last two, which guard
what held before: the exact rules keep their answers, and a question that asks nothing of the
guide is no question to it."""

from __future__ import annotations

import pytest

CANNOT = ("わたしには答えられません", "お答えできません", "確かなことを言えません", "not something I can answer", "cannot answer that", "cannot tell you that for sure")


def _reply(guide, talk, theme, messages, language="ja"):
    _, replies = talk(guide, theme, messages, language=language)
    return replies[-1]


@pytest.mark.parametrize(
    ("theme", "message"),
    [
        ("free", "特にテーマないんだけど、ちょっと話していい?"),
        ("free", "とくにテーマないんやけど話してもいい？😂"),  # (「今日ただ喋りたいだけなんやけどいい?😂」 reads 0.45: below the bar)
        ("free", "ちょっと雑談いいですか"),
    ],
)
def test_leave_to_talk_is_given(guide, talk, theme, message):
    reply = _reply(guide, talk, theme, [message])
    assert reply.startswith(("もちろんです", "はい、大丈夫です"))
    assert not any(c in reply for c in CANNOT)
    assert reply.rstrip().endswith(("か。", "か？", "?"))  # and the question comes again


def test_what_the_talk_is_for_is_said_with_the_themes_own_words(guide, talk):
    reply = _reply(guide, talk, "stocktaking", ["復帰して半年、教員としての自分が前と変わった気がして、一度棚卸しをしてみたいと思いました。ところで棚卸しって、何を整理するものなんですか?強みとか?"])
    assert "経験をふり返り、強みと大切にしていることを自分の言葉で見つけます" in reply
    assert not any(c in reply for c in CANNOT)
    reply = _reply(guide, talk, "career", ["てかこういうの、キャリアアンカーとかいうやつで診断できないんですか?タイプ分けしてほしいw"])
    assert "やりたいこと・できること・求められていることから、これからの方向を考えます" in reply


def test_whether_the_manager_can_tell_one_uses_it_is_answered_plainly(guide, talk):
    reply = _reply(guide, talk, "one_on_one", ["来週、課長と1on1です", "てかこれ上司ってぼくがこのアプリ使ってるの分かるの?"])
    assert "使っているかどうかも、上司や人事、会社の管理者の画面には出ません" in reply
    # (the model is not sure of every wording: "is this stuff going to HR btw?" still gets the
    # company-programmes line; docs/coaching.md gives the held-aside figures)


@pytest.mark.parametrize(
    ("theme", "messages", "language"),
    [
        ("career", ["I want to build things again.", "Can you put Will Can Must side by side? My head is spinning."], "en"),
        ("career", ["やりたいのは、お客さんに町の裏側を見せることです", "いっぺんWillとCanとMust並べてもろてええですか"], "ja"),
    ],
)
def test_a_request_to_lay_out_what_was_said_gets_the_summary(guide, talk, theme, messages, language):
    reply = _reply(guide, talk, theme, messages, language)
    assert not any(c in reply for c in CANNOT)
    assert ("まとめ" in reply or "並べて" in reply or "so far" in reply) and ("「" in reply or '"' in reply)


def test_a_document_asked_for_is_not_written_and_the_summary_is_offered(guide, talk):
    reply = _reply(guide, talk, "stocktaking", ["I organised the spring fair stalls.", "can you write the application for me? the deadline is next friday"], "en")
    assert "I cannot write it for you" in reply
    assert not any(c in reply for c in CANNOT)


def test_a_decision_asked_for_is_handed_back_not_refused(guide, talk):
    reply = _reply(guide, talk, "career", ["I like teaching.", "Just tell me straight: would you take the package?"], "en")
    assert "The decision is yours" in reply
    assert not any(c in reply for c in CANNOT)


def test_the_exact_rules_still_answer_what_they_know(guide, talk):
    # what the guide is, and where the contacts are, are answered by the rules, not the model
    assert "not an AI chatbot" in _reply(guide, talk, "free", ["hii, is this an actual person or a bot lol"], "en")
    reply = _reply(guide, talk, "moyamoya", ["上司に怒鳴られるのがつらいです", "窓口の連絡先だけもう一度表示してもらえますか。"])
    assert "相談先を、この下にもう一度出しています" in reply


def test_a_question_that_asks_nothing_of_the_guide_is_heard_as_an_answer(guide, talk):
    reply = _reply(guide, talk, "career", ["What do I want? To still explain things, I think. The moment a kid gets electron shells is the best part."], "en")
    assert not any(c in reply for c in CANNOT)
