"""The bounded context: what a model sees per turn, and folding older turns into a summary."""

from __future__ import annotations

import pytest

from kabeuchi.coach import context
from kabeuchi.coach.engines.base import ConversationState, EngineUnavailable, Turn

SYSTEM = "SYSTEM PROMPT"


def long_state(exchanges: int, *, theme: str = "free") -> ConversationState:
    turns = [Turn("partner", "最初の問いです。", step=0, move="open")]
    for i in range(exchanges):
        turns.append(Turn("person", f"{i}番目のメッセージ：上司と評価の話をしました。"))
        turns.append(Turn("partner", f"{i}番目の返事です。どんな気持ちでしたか。", move="reply"))
    return ConversationState(theme=theme, turns=tuple(turns))


def test_only_the_last_n_turns_are_sent_after_the_system_message():
    # given a long conversation
    state = long_state(30)
    # when the messages for a new turn are built with a window of 4
    messages = context.build_messages(state, "新しいメッセージ", system=SYSTEM, language="ja", max_turns=4)
    # then the system message comes first, then the last 4 turns, then the new message
    assert messages[0]["role"] == "system" and messages[0]["content"].startswith(SYSTEM)
    assert [m["role"] for m in messages[1:]] == ["user", "assistant", "user", "assistant", "user"]
    assert messages[1]["content"].startswith("28番目")
    assert messages[-1] == {"role": "user", "content": "新しいメッセージ"}
    assert not any("0番目のメッセージ" in m["content"] for m in messages)


def test_each_turn_is_cut_to_its_character_budget_keeping_beginning_and_end():
    # given a very long message
    message = "はじめ" + "あ" * 5000 + "おわり"
    # when it is sent with a budget of 200 characters
    messages = context.build_messages(
        ConversationState(), message, system=SYSTEM, language="ja", turn_chars=200
    )
    sent = messages[-1]["content"]
    # then it fits, and keeps how it began and how it ended
    assert len(sent) <= 200
    assert sent.startswith("はじめ") and sent.endswith("おわり") and " … " in sent


def test_the_rolling_summary_rides_in_the_one_system_message_and_is_capped():
    # given a state with a long rolling summary
    state = ConversationState(summary="要約" * 1000)
    # when the messages are built
    messages = context.build_messages(state, "こんにちは", system=SYSTEM, language="ja", summary_chars=300)
    # then there is exactly one system message, holding the capped summary under its heading
    assert [m["role"] for m in messages].count("system") == 1
    assert "## これまでの話の要約" in messages[0]["content"]
    assert len(messages[0]["content"]) < len(SYSTEM) + 300 + 50


def test_a_window_starting_with_the_partner_moves_that_turn_into_the_system_message():
    # given a conversation that starts with the partner's opening
    state = ConversationState(turns=(Turn("partner", "今、どんなことが心にありますか。", move="open"),))
    # when the first reply is requested
    messages = context.build_messages(state, "仕事のこと", system=SYSTEM, language="ja")
    # then the conversation proper starts with the user (strict chat templates need that),
    # and the opening question is still given to the model
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "今、どんなことが心にありますか。" in messages[0]["content"]


def test_a_retried_message_is_not_sent_twice_and_roles_alternate():
    # given a state that kept the person's message after a failed reply
    state = ConversationState(
        turns=(
            Turn("partner", "問い", move="open"),
            Turn("person", "前に送ったけど返事がなかったもの"),
            Turn("person", "もう一度送ります"),
        )
    )
    # when the same last message is retried
    messages = context.build_messages(state, "もう一度送ります", system=SYSTEM, language="ja")
    # then it appears once, and the earlier unanswered message is joined into the same user turn
    users = [m for m in messages if m["role"] == "user"]
    assert len(users) == 1
    assert users[0]["content"].count("もう一度送ります") == 1
    assert "前に送ったけど" in users[0]["content"]


def test_fold_moves_the_overflow_into_the_summary_and_keeps_the_window():
    # given 41 turns and a window of 8
    state = long_state(20)
    # when it is folded
    folded = context.fold(state, keep_turns=8, summary_chars=400, language="ja")
    # then everything but the last 8 turns is covered by the summary
    assert folded.folded == len(state.turns) - 8
    assert folded.recent_turns == state.turns[-8:]
    assert folded.summary.startswith("これまでに本人が書いた言葉：")
    assert "上司" in folded.summary and "評価" in folded.summary
    # and folding again changes nothing
    assert context.fold(folded, keep_turns=8, summary_chars=400, language="ja") == folded


def test_the_extractive_summary_keeps_the_persons_recent_words_within_budget():
    # given 60 turns with a different word in each of the person's messages
    nouns = "予算 採用 研修 評価 異動 残業 会議 資料 顧客 品質 納期 契約 面談 目標 昇進 育成 企画 営業 開発 広報 総務 経理 監査 出張 在宅 通勤 福利 休暇 健診 表彰".split()
    turns = []
    for noun in nouns:
        turns.append(Turn("person", f"{noun}のことで悩んでいます"))
        turns.append(Turn("partner", "そうなのですね。", move="reply"))
    # when it is folded a bit at a time, as a conversation would be, with a small budget
    current = ConversationState()
    for turn in turns:
        current = context.fold(current.adding(turn), keep_turns=8, summary_chars=60, language="ja")
    # then the summary stays within its budget and holds the most recent words, not the oldest
    assert len(current.summary) <= 60
    assert nouns[-5] in current.summary
    assert nouns[0] not in current.summary
    # and the partner's words are not in it (only the person's own words are kept)
    assert "そうなのですね" not in current.summary


def test_fold_uses_the_summarizer_and_falls_back_when_it_is_unavailable():
    # given a summarizer that works, and one that is down
    state = long_state(10)
    seen = {}

    def working(previous, turns):
        seen["turns"] = len(turns)
        return "モデルが書いた要約"

    def down(previous, turns):
        raise EngineUnavailable("timeout")

    # when the state is folded with each
    by_model = context.fold(state, keep_turns=8, summary_chars=300, summarizer=working)
    fallback = context.fold(state, keep_turns=8, summary_chars=300, summarizer=down)
    # then the model's summary is used when it answers, the extractive one when it does not
    assert by_model.summary == "モデルが書いた要約"
    assert seen["turns"] == len(state.turns) - 8
    assert fallback.summary.startswith("これまでに本人が書いた言葉：")
    assert fallback.folded == by_model.folded


def test_an_earlier_model_summary_is_kept_when_the_fallback_adds_words():
    state = ConversationState(turns=long_state(10).turns, summary="本人は評価に不満がある。")
    folded = context.fold(state, keep_turns=8, summary_chars=300, language="ja")
    assert folded.summary.startswith("本人は評価に不満がある。\nこれまでに本人が書いた言葉：")


@pytest.mark.parametrize("exchanges", [5, 100, 400])
def test_the_request_size_stops_growing_with_the_conversation(exchanges):
    # given conversations of different lengths, folded as they went
    state = ConversationState()
    for i in range(exchanges):
        state = state.adding(
            Turn("person", f"{i}回目の話：チームの進め方と評価の基準について考えています。" * 3)
        )
        state = state.adding(Turn("partner", "どんなところが気になりますか。" * 2, move="reply"))
        state = context.fold(state, keep_turns=8, summary_chars=800, language="ja")
    # when the next request is built
    messages = context.build_messages(
        state, "次の話です", system=SYSTEM, language="ja", max_turns=8, summary_chars=800
    )
    # then its size is bounded by the budgets, whatever the length
    budget = len(SYSTEM) + 800 + 100 + 9 * 1200
    assert context.approx_size(messages) < budget
    assert len(messages) <= 1 + 8 + 1


def test_clip_leaves_short_text_alone():
    assert context.clip("  短い  ", 50) == "短い"
