"""The OpenAI-compatible engine end to end: browser endpoint → Kabeuchi → a real local server
speaking the OpenAI streaming protocol → back as Server-Sent Events."""

import json
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import AsyncClient
from django.urls import reverse

from kabeuchi.coach import services
from kabeuchi.coach.state import state_to_json
from tests.fakes.openai_server import Behaviour, FakeOpenAIServer
from tests.talk.conftest import asse_events


@pytest.fixture
def server():
    with FakeOpenAIServer(reply="お話しくださって、ありがとうございます。そのとき、どんな気持ちでしたか。") as s:
        yield s


def _use_openai(engine, server, **extra):
    options = {
        "KABEUCHI_AI_BASE_URL": server.url, "KABEUCHI_AI_MODEL": "fake-model", "KABEUCHI_AI_API_KEY": "test",
        "KABEUCHI_AI_READ_TIMEOUT": 2.0, **extra,
    }
    engine("openai", **options)


async def _post(user, state, message):
    client = AsyncClient()
    await client.aforce_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = await client.post(
        reverse("coach:talk-unsaved-message"), data=json.dumps({"message": message, "state": state}),
        content_type="application/json", headers={"accept-language": "ja"},
    )
    return await asse_events(response)


def _state(user):
    state, _ = services.conversation_start(user=user, theme="free", retention_days=0, language="ja")
    return state_to_json(state)


@pytest.mark.django_db(transaction=True)
async def test_model_tokens_stream_through_to_the_page(cast, engine, server):
    from asgiref.sync import sync_to_async

    _use_openai(engine, server)
    server.behave(chunk_chars=3, token_delay=0.01)
    events = await _post(cast.aiko, await sync_to_async(_state)(cast.aiko), "異動するか迷っています")
    chunks = [d["text"] for k, d in events if k == "chunk"]
    assert len(chunks) > 5
    assert "".join(chunks) == "お話しくださって、ありがとうございます。そのとき、どんな気持ちでしたか。"
    # and what reached the model is this conversation only: her message, no name, no e-mail
    sent = json.dumps(server.chat_requests()[0].json, ensure_ascii=False)
    assert "異動するか迷っています" in sent
    assert "aiko@sakura.example" not in sent and "相田" not in sent


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("behaviour", "reason"),
    [(Behaviour(status=429), "rate_limited"), (Behaviour(status=500), "server_error"), (Behaviour(break_after=3), "bad_response")],
)
async def test_model_failures_keep_the_message_and_offer_a_retry(cast, engine, server, behaviour, reason):
    from asgiref.sync import sync_to_async

    _use_openai(engine, server, KABEUCHI_AI_FALLBACK_TO_GUIDE=False)
    server.queue(behaviour)
    state = await sync_to_async(_state)(cast.aiko)
    events = await _post(cast.aiko, state, "聞いてほしいことがあります")
    kind, data = events[-1]
    assert kind == "error" and data["reason"] == reason and data["retryable"]
    # and a retry with the same state succeeds
    events = await _post(cast.aiko, state, "聞いてほしいことがあります")
    assert events[-1][0] == "done"


@pytest.mark.django_db(transaction=True)
async def test_a_slow_model_times_out_and_the_guide_takes_over(cast, engine, server):
    from asgiref.sync import sync_to_async

    _use_openai(engine, server, KABEUCHI_AI_FALLBACK_TO_GUIDE=True, KABEUCHI_AI_READ_TIMEOUT=0.5)
    server.queue(Behaviour(hang=True))
    try:
        events = await _post(cast.aiko, await sync_to_async(_state)(cast.aiko), "キャリアのことで迷っています")
    finally:
        server.release()
    kinds = [k for k, _ in events]
    assert kinds[0] == "notice" and kinds[-1] == "done"
    assert "".join(d["text"] for k, d in events if k == "chunk")


def test_chat_command_answers_one_message_as_json(tmp_path):
    # given the command line, the guide engine and a crisis message
    env = {"DJANGO_SETTINGS_MODULE": "config.settings_test", "PATH": "/usr/bin:/bin", "KABEUCHI_DATA_DIR": str(tmp_path),
           "KABEUCHI_AI_ENGINE": "guide"}
    run = subprocess.run(
        [sys.executable, "-m", "kabeuchi.cli", "chat", "--json", "--theme", "moyamoya"],
        input="もう消えてしまいたいです", capture_output=True, text=True, env=env, cwd=django_settings.BASE_DIR,
    )
    # then one JSON object comes back, with the reply and the signal, and nothing else
    out = json.loads(run.stdout)
    assert out["signals"] == ["crisis"] and out["engine"] == "guide"
    assert "119" in out["reply"]
    ordinary = subprocess.run(
        [sys.executable, "-m", "kabeuchi.cli", "chat", "--json"], input="今週は死ぬほど忙しかったです",
        capture_output=True, text=True, env=env, cwd=django_settings.BASE_DIR,
    )
    assert json.loads(ordinary.stdout)["signals"] == []


@pytest.mark.django_db(transaction=True)
async def test_names_and_contacts_never_reach_an_outside_model_and_come_back_in_the_reply(cast, engine, server):
    from asgiref.sync import sync_to_async

    # given the model is outside the company, so redaction is on (the organisation left it on "auto")
    _use_openai(engine, server, KABEUCHI_AI_EXTERNAL=True)
    server.behave(reply=lambda body: "［人名1］さんとのことですね。［メール1］へ送る前に、どんな気持ちですか。", chunk_chars=2)
    state = await sync_to_async(_state)(cast.aiko)
    # when aiko writes about a colleague with contact details
    events = await _post(cast.aiko, state, "田中部長に tanaka@sakura.example と 090-1234-5678 で連絡しました。社員番号12345の件です。")
    # then the model saw placeholders only
    sent = json.dumps(server.chat_requests()[0].json, ensure_ascii=False)
    for secret in ("田中", "tanaka@sakura.example", "090-1234-5678", "12345"):
        assert secret not in sent
    assert "［人名1］" in sent
    # and aiko reads her own words back, even though placeholders were split across chunks
    reply = "".join(d["text"] for k, d in events if k == "chunk")
    assert reply == "田中さんとのことですね。tanaka@sakura.exampleへ送る前に、どんな気持ちですか。"
    # and the state she keeps holds her words, not placeholders
    done = events[-1][1]["state"]
    assert "田中部長に" in done["turns"][-2]["text"] and "［" not in json.dumps(done, ensure_ascii=False)


@pytest.mark.django_db(transaction=True)
async def test_an_organisation_can_turn_redaction_off_for_an_inside_model(cast, engine, server):
    from asgiref.sync import sync_to_async

    from kabeuchi.org.services import policy_update

    _use_openai(engine, server, KABEUCHI_AI_EXTERNAL=True)
    await sync_to_async(policy_update)(organisation=cast.sakura, k=10, max_retention_days=365, pii_redaction="off")
    await _post(cast.aiko, await sync_to_async(_state)(cast.aiko), "田中部長に相談しました")
    assert "田中部長" in json.dumps(server.chat_requests()[0].json, ensure_ascii=False)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("fallback", [True, False])
async def test_a_message_too_long_for_the_model_is_told_plainly_and_not_offered_as_a_retry(cast, engine, fallback):
    from asgiref.sync import sync_to_async

    # given a llama.cpp-like server with 2,048 tokens of context, and Kabeuchi told it has 32k
    with FakeOpenAIServer(context_tokens=2048, context_style="llama.cpp") as small:
        _use_openai(engine, small, KABEUCHI_AI_FALLBACK_TO_GUIDE=fallback, KABEUCHI_AI_CONTEXT_TOKENS=32768)
        state = await sync_to_async(_state)(cast.aiko)
        # when a Japanese message is sent (the full prompt alone is over 2,048 tokens there)
        events = await _post(cast.aiko, state, "評価のことで聞いてほしいことがあります")
    # then, with or without the guide as a fallback, the person reads why, in Japanese, and no
    # "try again": the same request can never succeed
    kinds = [k for k, _ in events]
    assert "notice" not in kinds and "chunk" not in kinds
    kind, data = events[-1]
    assert kind == "error" and data["reason"] == "too_long" and data["retryable"] is False
    assert "長さを超えています" in data["message"] and "残っています" in data["message"]


@pytest.mark.django_db(transaction=True)
async def test_with_the_context_size_set_the_same_server_answers(cast, engine):
    from asgiref.sync import sync_to_async

    # given the same server, and Kabeuchi told its real context size
    with FakeOpenAIServer(context_tokens=2048, context_style="llama.cpp", reply="どんなことが気になっていますか。") as small:
        _use_openai(engine, small, KABEUCHI_AI_FALLBACK_TO_GUIDE=False, KABEUCHI_AI_CONTEXT_TOKENS=2048)
        state = await sync_to_async(_state)(cast.aiko)
        events = await _post(cast.aiko, state, "評価のことで聞いてほしいことがあります")
        # then the reply arrives, asked with the compact prompt
        assert events[-1][0] == "done"
        (reply,) = [r for r in small.chat_requests() if r.json.get("stream")]
        assert reply.json["messages"][0]["content"].startswith("あなたは「壁打ち」の相手をするAIです")
        # and a message the model cannot hold is refused before anything is sent
        sent = len(small.chat_requests())
        events = await _post(cast.aiko, state, "長い相談です。" * 150)
        assert events[-1][0] == "error" and events[-1][1]["reason"] == "too_long"
        assert len(small.chat_requests()) == sent
