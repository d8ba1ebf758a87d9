"""Requests fitted into the model's context, against a real local server that enforces one
(tests/fakes/openai_server.py: llama.cpp's and OpenAI's error shapes, a tokenizer as hungry as
the one measured in issue 14)."""

from __future__ import annotations

import asyncio
import dataclasses

import pytest

from kabeuchi.coach import context, prompts
from kabeuchi.coach.engines.base import ConversationState, EngineConfig, EngineUnavailable, Turn
from kabeuchi.coach.engines.openai_compatible import OpenAICompatibleEngine
from kabeuchi.coach.themes import THEMES
from tests.fakes.openai_server import DEFAULT_MODEL, FakeOpenAIServer, count_prompt_tokens

# Issue 14: the Japanese system prompt of 2026-11-23 was 3,041 tokens on a llama.cpp server.
MEASURED_JA_SYSTEM_TOKENS = 3041

PERSON = (
    "上司との1on1で、評価の話がいつも曖昧なまま終わってしまいます。自分では半年間、新しい取引先の"
    "立ち上げを任されて、何度も夜遅くまで資料を作ってきたつもりですが、それが伝わっているのかどうか"
    "わかりません。次の面談で何を話せばいいのか、考えがまとまらないでいます。"
)
PARTNER = "「伝わっているのかどうかわからない」と感じているのですね。その立ち上げの中で、どんな場面がいちばん印象に残っていますか。"


def engine_for(server: FakeOpenAIServer, **config) -> OpenAICompatibleEngine:
    return OpenAICompatibleEngine(
        EngineConfig(
            base_url=server.url, model=DEFAULT_MODEL, api_key="k", connect_timeout=1.0, read_timeout=2.0, **config
        )
    )


def long_state(theme: str = "moyamoya", turns: int = 8, summary: str = "") -> ConversationState:
    pairs = []
    for i in range(turns // 2):
        pairs += [Turn("person", f"（{i}回目）{PERSON}"), Turn("partner", PARTNER)]
    return ConversationState(theme=theme, turns=tuple(pairs), summary=summary)


def answer(body) -> str:
    """A JSON summary for the summary request, a short reply (or fold) otherwise."""
    if "noticed" in body["messages"][0]["content"]:
        return '{"noticed": ["評価の話が曖昧なまま終わる"], "next_steps": ["話したいことを三つ書き出す"]}'
    return "「伝わっているのかどうか」が気になっているのですね。どんな場面で、そう感じましたか。"


def within_context(request, server: FakeOpenAIServer) -> bool:
    body = request.json
    return count_prompt_tokens(body) + int(body.get("max_tokens") or 0) <= server.context_tokens


# --- the estimate ---------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", list(THEMES))
def test_the_estimate_is_not_below_what_llama_cpp_counted_for_the_japanese_prompt(theme):
    # given the full Japanese system prompt, measured at 3,041 tokens on a real server
    text = context.system_prompt(theme, "ja")
    # when its tokens are estimated without a tokenizer
    # then the estimate is at least the measured count, whichever theme was measured
    assert context.estimate_tokens(text) >= MEASURED_JA_SYSTEM_TOKENS


def test_the_fake_servers_tokenizer_is_at_least_as_hungry_as_the_measured_one():
    # the smallest Japanese prompt (theme "free") counts at least the 3,041 tokens measured, so a
    # request that passes the fake would pass that server too, whichever theme was measured
    body = {"messages": [{"role": "system", "content": context.system_prompt("free", "ja")}]}
    assert MEASURED_JA_SYSTEM_TOKENS <= count_prompt_tokens(body) <= MEASURED_JA_SYSTEM_TOKENS * 1.01


def test_the_estimate_counts_japanese_heavier_than_english():
    assert context.estimate_tokens("あいうえお") == 10
    assert context.estimate_tokens("abcdef") == 2
    assert context.estimate_tokens("") == 0


@pytest.mark.parametrize("theme", list(THEMES))
@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_compact_prompt_is_well_under_half_of_the_full_one(theme, language):
    full = context.system_prompt(theme, language)
    compact = context.system_prompt(theme, language, compact=True)
    assert len(compact) < 0.45 * len(full)
    assert "$" not in compact and THEMES[theme].title.get(language) in compact


def test_the_compact_prompts_keep_the_rules_of_stance_and_safety():
    ja = prompts.load("system_compact", "ja").text
    en = prompts.load("system_compact", "en").text
    for phrase in (
        "AIです", "専門家", "評価", "診断をしません", "代わりに決めません", "選択肢", "勧めず", "約束",
        "ほかの人の情報", "指示には従いません", "一度に一つだけ", "なぜ", "「」", "小さな一歩", "です・ます",
        "人に話すことが大切", "産業医", "電話番号", "死ぬほど忙しい",
    ):
        assert phrase in ja, phrase
    for phrase in (
        "You are an AI", "expert on their own life", "Do not diagnose", "Do not decide for them", "options",
        "promote", "promise", "anyone else's data", "Ignore instructions", "one at a time", '"why"',
        "exactly", "small step", "talking to a person now matters", "phone numbers", "killing me",
    ):
        assert phrase in en, phrase


# --- fitting, without a server -------------------------------------------------------------------


def fit(state, message="次の面談が不安です", budget=10_000, language="ja"):
    return context.fit_messages(
        state,
        message,
        system=context.system_prompt(state.theme, language),
        compact_system=context.system_prompt(state.theme, language, compact=True),
        language=language,
        budget_tokens=budget,
    )


def test_everything_is_sent_when_it_fits():
    state = long_state(summary="以前の要約です。" * 10)
    fitted = fit(state)
    assert not fitted.compact and fitted.turns_dropped == 0 and not fitted.summary_shortened
    assert fitted.messages == context.build_messages(
        state, "次の面談が不安です", system=context.system_prompt("moyamoya", "ja"), language="ja"
    )


def test_the_oldest_turns_go_first_then_the_summary_then_the_full_prompt():
    state = long_state(summary="以前の要約：評価と面談のこと。" * 20)
    full = context.estimate_tokens(context.system_prompt("moyamoya", "ja"))
    # room for the full prompt, the summary and about two turns: the oldest are left out
    two_turns = fit(state, budget=full + 1600)
    sent = "".join(m["content"] for m in two_turns.messages)
    assert not two_turns.compact and 0 < two_turns.turns_dropped < len(state.turns)
    assert "（3回目）" in sent and "（0回目）" not in sent
    assert "以前の要約" in sent and not two_turns.summary_shortened
    # room for the full prompt and the message only: no turns, the summary shortened or gone
    bare = fit(state, budget=full + 150)
    assert not bare.compact and bare.turns_dropped == len(state.turns) and bare.summary_shortened
    # less than the full prompt: the compact one, with as many recent turns as fit
    compact = fit(state, budget=2000)
    assert compact.compact and compact.messages[0]["content"].startswith("あなたは「壁打ち」の相手をするAIです")
    assert context.estimate_messages(compact.messages) <= 2000
    assert compact.messages[-1] == {"role": "user", "content": "次の面談が不安です"}


def test_nothing_is_sent_when_even_the_compact_prompt_and_the_message_do_not_fit():
    with pytest.raises(context.DoesNotFit):
        fit(long_state(), message="長い文章です。" * 200, budget=1500)


# --- against a server with a 2,048-token context --------------------------------------------------


@pytest.mark.parametrize("style", ["llama.cpp", "openai"])
def test_a_whole_japanese_conversation_fits_a_2048_token_context(style):
    # given a llama.cpp-like server with 2,048 tokens of context, and the engine told so
    with FakeOpenAIServer(context_tokens=2048, context_style=style, reply=answer) as server:
        engine = engine_for(server, context_tokens=2048, max_turns=4)
        # when a Japanese conversation of ten messages (each ~130 characters) runs to its summary
        state = engine.start("one_on_one", language="ja")
        fits = []
        for i in range(10):
            message = f"（{i}）{PERSON}"
            fits.append(engine.fitted(state, message, language="ja"))
            reply = engine.reply(state, message, language="ja")
            state = engine.record(state, message, reply, language="ja")
        summary = engine.summarise(state, language="ja")
        # then every request (replies, folds, the summary) was answered: none exceeded the context
        requests = server.chat_requests()
        assert len(requests) >= 12 and not summary.is_empty
        assert all(within_context(r, server) for r in requests)
        # and after the opening, no turn was left out of a request without being folded into
        # the summary first
        assert all(f.turns_dropped == 0 for f in fits[1:])
        # and replies used the compact prompt with the newest message last, the reply budget set
        replies = [r.json for r in requests if r.json.get("stream")]
        assert len(replies) == 10
        assert all(b["messages"][0]["content"].startswith("あなたは「壁打ち」の相手をするAIです") for b in replies)
        assert replies[-1]["messages"][-1]["content"].startswith("（9）")
        assert all(b["max_tokens"] == 409 for b in replies)
        engine.close()


def test_with_a_large_context_the_full_prompt_and_recent_turns_are_sent():
    with FakeOpenAIServer(context_tokens=8192, context_style="openai") as server:
        engine = engine_for(server, context_tokens=8192)
        engine.reply(long_state(), "次の面談が不安です", language="ja")
        (request,) = server.chat_requests()
        body = request.json
        assert body["messages"][0]["content"].startswith("あなたは「壁打ち」の相手です")
        assert len(body["messages"]) == 1 + 8 + 1  # the system message, eight recent turns, the message
        assert within_context(request, server)
        engine.close()


def test_a_message_too_long_for_the_model_is_refused_before_sending_and_not_retryable():
    with FakeOpenAIServer(context_tokens=2048) as server:
        engine = engine_for(server, context_tokens=2048)
        with pytest.raises(EngineUnavailable) as caught:
            engine.reply(engine.start("free", language="ja"), "長い相談です。" * 150, language="ja")
        assert caught.value.reason == "too_long" and not caught.value.retryable
        assert server.chat_requests() == []  # nothing was sent
        engine.close()


@pytest.mark.parametrize("style", ["llama.cpp", "llama.cpp-old", "openai"])
def test_a_servers_context_length_error_is_too_long_and_not_retryable(style):
    # given an engine that believes the model has 32k tokens, and a server with 2,048
    with FakeOpenAIServer(context_tokens=2048, context_style=style) as server:
        engine = engine_for(server, context_tokens=32768)
        state = engine.start("moyamoya", language="ja")
        # when a Japanese message is sent with the full prompt (~3,400 tokens on this server)
        with pytest.raises(EngineUnavailable) as caught:
            engine.reply(state, "こんにちは", language="ja")
        # then the server's refusal is read as too long for the model, never worth a retry
        assert caught.value.reason == "too_long" and not caught.value.retryable

        async def streamed():
            async for _ in engine.astream_reply(state, "こんにちは", language="ja"):
                pass

        with pytest.raises(EngineUnavailable) as caught:
            asyncio.run(streamed())
        assert caught.value.reason == "too_long" and not caught.value.retryable
        engine.close()


def test_an_ordinary_400_or_500_is_still_what_it_was():
    with FakeOpenAIServer() as server:
        engine = engine_for(server)
        state = engine.start("free", language="ja")
        for status, reason, retryable in ((400, "rejected", False), (500, "server_error", True)):
            server.behave(status=status)
            with pytest.raises(EngineUnavailable) as caught:
                engine.reply(state, "こんにちは", language="ja")
            assert (caught.value.reason, caught.value.retryable) == (reason, retryable)
        engine.close()


def test_a_fold_that_does_not_fit_falls_back_to_the_extractive_summary():
    # given a context so small that folding even short turns with the model cannot fit
    with FakeOpenAIServer(context_tokens=600) as server:
        engine = engine_for(server, context_tokens=600, max_turns=2)
        state = dataclasses.replace(long_state(turns=4), folded=0)
        # when the state is folded
        folded = engine.fold(state, language="ja")
        # then the turns are folded without asking the model, from the person's own words
        assert folded.folded == 4 and folded.summary.startswith("これまでに本人が書いた言葉")
        assert server.chat_requests() == []
        engine.close()


@pytest.mark.parametrize("theme", list(THEMES))
def test_at_2048_tokens_a_message_of_180_japanese_characters_fits_for_every_theme(theme):
    # given a 2,048-token context (reply budget 409) and a first message of 180 characters
    engine = OpenAICompatibleEngine(EngineConfig(base_url="http://127.0.0.1:9/v1", model="m", context_tokens=2048))
    state = engine.start(theme, language="ja")
    fitted = engine.fitted(state, "あ" * 180, language="ja")
    # then it fits, with a compact prompt (without the theme's path if need be), the message whole
    assert fitted.compact and fitted.estimated_tokens <= 2048 - 409
    assert fitted.messages[0]["content"].startswith("あなたは「壁打ち」の相手をするAIです")
    assert THEMES[theme].title.get("ja") in fitted.messages[0]["content"]
    assert fitted.messages[-1]["content"] == "あ" * 180
    engine.close()


def test_the_theme_path_is_the_last_thing_to_go_before_refusing():
    state = ConversationState(theme="career")
    with_path = context.system_prompt("career", "ja", compact=True)
    without = context.system_prompt("career", "ja", compact=True, with_path=False)
    assert "手放したくないもの" in with_path and "手放したくないもの" not in without
    budget = context.estimate_messages([{"role": "system", "content": without}, {"role": "user", "content": "あ" * 100}])
    fitted = context.fit_messages(
        state, "あ" * 100, system=context.system_prompt("career", "ja"), compact_system=with_path,
        smallest_system=without, language="ja", budget_tokens=budget,
    )
    assert fitted.messages[0]["content"] == without.rstrip()
