"""One redaction boundary: nothing a person wrote reaches a model except through
``kabeuchi.coach.gateway.ModelGateway``, and through it no name, e-mail address, phone number
or employee ID leaves in clear when the organisation's policy says so.

Three layers:
1. the source: every call of an engine's model methods, of the embeddings endpoint and every
   OpenAI client lives in the gateway or the engines (a new caller fails here);
2. the engine: every public method of the OpenAI-compatible engine is listed as sending or not,
   and each sending one is driven through the gateway against a recording server;
3. the endpoints: every page and API operation that calls a model, with a real local
   OpenAI-protocol server that records each request.
"""

from __future__ import annotations

import ast
import inspect
import json
import re
import unicodedata
from pathlib import Path

import pytest
from django.test import AsyncClient, Client
from django.urls import reverse

from kabeuchi.coach.engines.base import ConversationState, Turn
from kabeuchi.coach.state import state_to_json
from tests.fakes.openai_server import FakeOpenAIServer
from tests.talk.conftest import asse_events

ROOT = Path(__file__).resolve().parents[2]

# ---------------------------------------------------------------------------- 1. the source
MODEL_METHODS = {
    "stream_reply",
    "astream_reply",
    "reply",
    "areply",
    "record",
    "arecord",
    "fold",
    "summarise",
    "asummarise",
    "complete",
    "acomplete",
    "propose_entries",
    "embed",
    "embed_remote",
}
# Receivers that are the boundary itself (or the guide, which sends nothing anywhere).
SAFE_RECEIVERS = re.compile(
    r"^(gateway|self|self\.inner|model_gateway\(.*\)|ModelGateway\(.*\)|guide_engine\(\))$"
)
BOUNDARY_FILES = {"kabeuchi/coach/gateway.py"}
ENGINE_DIR = "kabeuchi/coach/engines/"
# A caller that receives its engine from its own callers; those pass model_gateway(...) (checked below).
PASS_THROUGH = {("kabeuchi/notebook/proposals.py", "engine")}


def _python_files():
    for path in sorted((ROOT / "kabeuchi").rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def test_only_the_gateway_and_the_engines_call_a_model():
    offending = []
    for name, source in _python_files():
        if name in BOUNDARY_FILES or name.startswith(ENGINE_DIR):
            continue
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in MODEL_METHODS
            ):
                receiver = ast.unparse(node.func.value)
                if SAFE_RECEIVERS.match(receiver) or (name, receiver) in PASS_THROUGH:
                    continue
                if name == "kabeuchi/opportunities/embeddings.py" and receiver == "client.embeddings":
                    continue
                offending.append(f"{name}:{node.lineno} {receiver}.{node.func.attr}(...)")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("embed_remote",)
            ):
                offending.append(f"{name}:{node.lineno} embed_remote(...)")
    assert offending == [], "model calls outside the gateway:\n" + "\n".join(offending)


def test_only_the_engine_and_the_embeddings_module_hold_an_openai_client():
    holders = {
        name
        for name, source in _python_files()
        if re.search(r"^\s*(import openai|from openai)", source, re.M) or "OpenAI(" in source
    }
    assert holders == {"kabeuchi/coach/engines/openai_compatible.py", "kabeuchi/opportunities/embeddings.py"}
    embeddings = (ROOT / "kabeuchi/opportunities/embeddings.py").read_text(encoding="utf-8")
    # embed_remote is called only by the gateway; similarity gets the gateway's embed
    assert "embed_remote(" not in embeddings.split("def embed_remote", 1)[1].split("\n\n\n", 1)[1]


def test_callers_that_pass_an_engine_on_pass_the_gateway():
    for name in ("kabeuchi/notebook/views.py", "kabeuchi/notebook/api.py"):
        source = (ROOT / name).read_text(encoding="utf-8")
        assert "proposals.propose(" in source and "engine=model_gateway(user=request.user)" in source
        assert "current_engine()" not in source


# ---------------------------------------------------------------------------- fixtures
SECRETS = {
    # the organisation's own members, by full name, surname, given name
    "馬場 文太": ("馬場", "文太"),
    "相田": ("相田",),
    # people Sudachi or an honorific finds
    "田中部長": ("田中",),
    "グエン・ヴァン・ナムさん": ("グエン", "ナム"),
    "Emily Chenさん": ("Emily", "Chen"),
    # contacts and ids
    "tanaka@sakura.example": ("tanaka@sakura.example", "tanaka@"),
    "ｔａｎａｋａ＠ｓａｋｕｒａ．ｅｘａｍｐｌｅ": ("ｔａｎａｋａ＠",),
    "090-1234-5678": ("090-1234-5678", "1234-5678"),
    "０９０ー１２３４ー５６７８": ("１２３４",),
    "E12345": ("E12345",),
    "S-0042": ("S-0042", "0042"),
    "社員番号１２３４５": ("１２３４５",),
}
FORBIDDEN = sorted({s for values in SECRETS.values() for s in values}, key=len, reverse=True)

MESSAGE = "田中部長と馬場さんにtanaka@sakura.exampleと090-1234-5678で連絡しました。E12345の件です。"
TURNS = (
    Turn("partner", "どんなことが気になっていますか。", step=0, move="open"),
    Turn("person", "馬場 文太課長に、グエン・ヴァン・ナムさんの件で詰められました。"),
    Turn("partner", "馬場課長とのことですね。", step=0, move="reply"),
    Turn("person", "Emily Chenさんと相田さんにも相談。ｔａｎａｋａ＠ｓａｋｕｒａ．ｅｘａｍｐｌｅ"),
    Turn("partner", "そうなのですね。", step=0, move="reply"),
    Turn("person", "電話は０９０ー１２３４ー５６７８、社員番号１２３４５、S-0042 です。"),
    Turn("partner", "ありがとうございます。", step=0, move="reply"),
)
STATE = ConversationState(theme="free", turns=TURNS, summary="馬場課長との関係について話した。")
# The model answers with every placeholder form it has seen in the request, in many brackets.
PLACEHOLDER = re.compile(r"［(人名|メール|電話|社員番号)(\d+)］")
FORMS = ("［{}{}］", "[{}{}]", "【{}{}】", "〔{}{}〕", "{}{}", "（{}{}）")


def _answer(body: dict) -> str:
    text = json.dumps(body, ensure_ascii=False)
    if "JSON" in text or "json" in text:
        found = sorted(set(PLACEHOLDER.findall(text)))
        noticed = [FORMS[i % len(FORMS)].format(*p) + "さんのこと" for i, p in enumerate(found)] or ["なし"]
        return json.dumps({"noticed": noticed, "next_steps": ["［人名1］さんと話す"]}, ensure_ascii=False)
    found = sorted(set(PLACEHOLDER.findall(text)))
    return "。".join(FORMS[i % len(FORMS)].format(*p) for i, p in enumerate(found)) + "。どう感じましたか。"


def _assert_nothing_in_clear(server) -> int:
    requests = [r for r in server.requests if r.method == "POST"]
    assert requests, "the model was never called"
    for request in requests:
        sent = request.body.decode("utf-8")
        sent = json.dumps(json.loads(sent), ensure_ascii=False)
        leaked = [s for s in FORBIDDEN if s in sent]
        assert leaked == [], f"{request.path} sent {leaked}"
    return len(requests)


def _no_placeholder_shown(text: str) -> None:
    for own in (MESSAGE, *(t.text for t in TURNS)):  # the person's own words may say 社員番号１２３４５
        text = text.replace(own, "").replace(json.dumps(own, ensure_ascii=False)[1:-1], "")
    assert not re.search(r"(人名|メール|電話|社員番号)\s*[0-9０-９]", text), text
    assert "その方" not in text  # every placeholder was known, so every one was put back


@pytest.fixture
def model(engine, settings):
    with FakeOpenAIServer(reply=_answer) as server:
        engine(
            "openai",
            KABEUCHI_AI_BASE_URL=server.url,
            KABEUCHI_AI_MODEL="fake-model",
            KABEUCHI_AI_API_KEY="test",
            KABEUCHI_AI_READ_TIMEOUT=5.0,
            KABEUCHI_AI_EXTERNAL=True,
            KABEUCHI_AI_FALLBACK_TO_GUIDE=False,
            KABEUCHI_AI_MAX_TURNS=2,  # every reply also folds older turns with the model
        )
        settings.KABEUCHI_EMBEDDINGS_BASE_URL = server.url
        yield server
    from kabeuchi.opportunities import embeddings

    embeddings._cache.clear()


def _saved_conversation(user):
    import datetime

    from django.utils import timezone

    from kabeuchi.coach.models import Conversation
    from kabeuchi.vault.actor import acting_as, person

    with acting_as(person(user.pk)):
        return Conversation.objects.create(
            owner=user,
            meta={"theme": "free", "retention_days": 30, "written": timezone.now().isoformat()},
            state=state_to_json(STATE),
            expires_at=timezone.now() + datetime.timedelta(days=30),
        )


def _token(user) -> str:
    from kabeuchi.accounts.services import access_token_create

    return access_token_create(user=user, name="boundary").secret


# ---------------------------------------------------------------------------- 2. the engine
# Every engine method that sends: the model methods above but the notebook and programme ones.
ENGINE_SENDS = MODEL_METHODS - {"propose_entries", "embed", "embed_remote"}
ENGINE_SENDS_NOTHING = {"start", "opening", "honesty_line", "close", "messages_for", "fitted"}


def test_every_public_engine_method_is_classified():
    from kabeuchi.coach.engines.openai_compatible import OpenAICompatibleEngine

    public = {
        name for name, _ in inspect.getmembers(OpenAICompatibleEngine, callable) if not name.startswith("_")
    }
    assert public == ENGINE_SENDS | ENGINE_SENDS_NOTHING, (
        "classify the new engine method and route it through the gateway"
    )


@pytest.mark.django_db(transaction=True)
async def test_every_sending_engine_method_through_the_gateway_sends_no_name_or_contact(cast, model):
    from asgiref.sync import sync_to_async

    from kabeuchi.coach.gateway import amodel_gateway

    gateway = await amodel_gateway(user=cast.aiko)
    assert gateway.redacts
    calls = {
        "stream_reply": lambda: "".join(gateway.stream_reply(STATE, MESSAGE, language="ja")),
        "reply": lambda: gateway.reply(STATE, MESSAGE, language="ja"),
        "record": lambda: gateway.record(STATE, MESSAGE, "返事", language="ja"),
        "fold": lambda: gateway.record(STATE, MESSAGE, "返事", language="ja"),
        "summarise": lambda: gateway.summarise(STATE, language="ja"),
    }
    acalls = {
        "astream_reply": lambda: _join(gateway.astream_reply(STATE, MESSAGE, language="ja")),
        "areply": lambda: gateway.areply(STATE, MESSAGE, language="ja"),
        "arecord": lambda: gateway.arecord(STATE, MESSAGE, "返事", language="ja"),
        "asummarise": lambda: gateway.asummarise(STATE, language="ja"),
    }
    # complete/acomplete take prepared messages: only the engine itself calls them (layer 1)
    assert set(calls) | set(acalls) | {"complete", "acomplete"} == ENGINE_SENDS
    results = []
    for call in calls.values():
        model.reset()
        results.append(await sync_to_async(call)())
        _assert_nothing_in_clear(model)
    for call in acalls.values():
        model.reset()
        results.append(await call())
        _assert_nothing_in_clear(model)
    for result in results:
        text = (
            result
            if isinstance(result, str)
            else json.dumps(
                state_to_json(result) if isinstance(result, ConversationState) else result.__dict__,
                ensure_ascii=False,
            )
        )
        _no_placeholder_shown(text)
    # and the kept state holds the person's own words, exactly
    kept = results[2]
    assert [t.text for t in kept.turns[: len(TURNS)]] == [t.text for t in TURNS]


async def _join(stream) -> str:
    return "".join([c async for c in stream])


# ---------------------------------------------------------------------------- 3. the endpoints
@pytest.mark.django_db(transaction=True)
async def test_no_endpoint_sends_a_name_or_contact_to_the_model(cast, model):
    from asgiref.sync import sync_to_async

    aiko = cast.aiko
    conversation = await sync_to_async(_saved_conversation)(aiko)
    token = await sync_to_async(_token)(aiko)
    page = AsyncClient()
    await page.aforce_login(aiko, backend="django.contrib.auth.backends.ModelBackend")
    api = AsyncClient()
    bearer = {"authorization": f"Bearer {token}", "accept-language": "ja"}
    unsaved = state_to_json(STATE)
    streams = {
        "page, unsaved reply": lambda: page.post(
            reverse("coach:talk-unsaved-message"),
            data=json.dumps({"message": MESSAGE, "state": unsaved}),
            content_type="application/json",
            headers={"accept-language": "ja"},
        ),
        "page, saved reply": lambda: page.post(
            reverse("coach:talk-message", args=[conversation.pk]),
            data=json.dumps({"message": MESSAGE}),
            content_type="application/json",
            headers={"accept-language": "ja"},
        ),
        "API, unsaved reply": lambda: api.post(
            "/api/v1/conversations/unsaved/messages",
            data=json.dumps({"message": MESSAGE, "state": unsaved}),
            content_type="application/json",
            headers=bearer,
        ),
        "API, saved reply": lambda: api.post(
            f"/api/v1/conversations/{conversation.pk}/messages",
            data=json.dumps({"message": MESSAGE}),
            content_type="application/json",
            headers=bearer,
        ),
    }
    sent = 0
    for label, call in streams.items():
        model.reset()
        events = await asse_events(await call())
        assert events[-1][0] == "done", (label, events[-1])
        sent += _assert_nothing_in_clear(model)
        # replies and folds both went out (MAX_TURNS=2 folds on every reply)
        assert len(model.chat_requests()) >= 2, label
        reply = "".join(d["text"] for k, d in events if k == "chunk")
        _no_placeholder_shown(reply)
        # (one person, one address: the full- and half-width forms share a placeholder)
        assert "馬場" in reply and "tanaka@sakura.example" in unicodedata.normalize("NFKC", reply), (
            label,
            reply,
        )
        if "state" in events[-1][1]:
            kept = json.dumps(events[-1][1]["state"], ensure_ascii=False)
            _no_placeholder_shown(kept)
            assert MESSAGE in kept
    assert sent >= 8


@pytest.mark.django_db(transaction=True)
def test_summaries_proposals_and_programme_matching_send_no_name_or_contact(cast, model, monkeypatch):
    from kabeuchi.coach.engines.openai_compatible import OpenAICompatibleEngine
    from kabeuchi.notebook.proposals import Proposal
    from kabeuchi.notebook.services import note_create
    from kabeuchi.opportunities import services as programmes
    from kabeuchi.vault.actor import acting_as, person

    aiko = cast.aiko
    conversation = _saved_conversation(aiko)
    page = Client()
    page.force_login(aiko, backend="django.contrib.auth.backends.ModelBackend")
    api = Client(headers={"authorization": f"Bearer {_token(aiko)}", "accept-language": "ja"})

    # An engine that proposes notebook entries with the model (none of ours does yet; one that
    # does is held to the same boundary).
    def propose_entries(self, state, *, language):
        text = self.complete([{"role": "user", "content": "\n".join(t.text for t in state.turns)}])
        quote = next(t.text for t in state.turns if t.role == "person")
        return [Proposal("strength", text[:20], quote)]

    monkeypatch.setattr(OpenAICompatibleEngine, "propose_entries", propose_entries, raising=False)
    with acting_as(person(aiko.pk)):
        note_create(
            user=aiko,
            title="馬場 文太課長との面談",
            body="tanaka@sakura.example 090-1234-5678 E12345 データ分析",
        )
    programmes.programme_import(
        organisation=cast.sakura,
        rows=[
            {
                "title": "データ分析講座",
                "kind": "reskilling",
                "description": "データ分析を学ぶ",
                "how_to_apply": "人事部へ",
                "apply_url": "https://example.com/a",
            }
        ],
    )
    calls = {
        "page, saved summary": lambda: page.post(
            reverse("coach:talk-summary", args=[conversation.pk]), headers={"accept-language": "ja"}
        ),
        "page, unsaved summary": lambda: page.post(
            reverse("coach:talk-unsaved-summary"),
            {"state": json.dumps(state_to_json(STATE))},
            headers={"accept-language": "ja"},
        ),
        "API, summary": lambda: api.post(f"/api/v1/conversations/{conversation.pk}/summary"),
        "page, notebook proposals": lambda: page.get(
            reverse("notebook:proposal-list", args=[conversation.pk])
        ),
        "API, notebook proposals": lambda: api.get(
            f"/api/v1/notebook/conversations/{conversation.pk}/proposals"
        ),
        "page, programmes": lambda: page.get(reverse("opportunities:programme-list")),
        "API, programmes": lambda: api.get("/api/v1/programmes"),
    }
    for label, call in calls.items():
        model.reset()
        response = call()
        assert response.status_code == 200, (label, response.status_code)
        assert model.requests, label
        _assert_nothing_in_clear(model)
        if "summary" in label:
            body = response.content.decode()
            if body.startswith("{"):
                body = json.dumps(response.json(), ensure_ascii=False)
            _no_placeholder_shown(body)
            assert "馬場" in body, label


@pytest.mark.django_db(transaction=True)
async def test_with_the_policy_off_the_gateway_sends_words_unchanged(cast, model):
    from asgiref.sync import sync_to_async

    from kabeuchi.coach.gateway import amodel_gateway
    from kabeuchi.org.services import policy_update

    await sync_to_async(policy_update)(
        organisation=cast.sakura, k=10, max_retention_days=365, pii_redaction="off"
    )
    gateway = await amodel_gateway(user=cast.aiko)
    assert not gateway.redacts
    await gateway.areply(STATE, MESSAGE, language="ja")
    assert "田中部長" in json.dumps(model.chat_requests()[-1].json, ensure_ascii=False)
