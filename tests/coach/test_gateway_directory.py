"""Redaction covers the organisation's directory: names and kana readings of everyone it lists,
whether or not they joined (docs/pii.md, docs/privacy.md P15, P41)."""

from __future__ import annotations

import json

import pytest

from kabeuchi.accounts.directory import directory_import
from kabeuchi.coach.engines.base import ConversationState
from tests.fakes.openai_server import FakeOpenAIServer

# 小宮山 遥 is in the directory but has no account; the person writes her name in kana and
# with a nickname made from the reading.
DIRECTORY = (
    "氏名,ふりがな,メールアドレス,部署,チーム,上司メール\n"
    "相田 愛子,あいだ あいこ,aiko@sakura.example,開発部,,\n"
    "小宮山 遥,こみやま はるか,haruka@sakura.example,開発部,,\n"
)
MESSAGE = "昨日こみやまはるかに相談した。はるかっちは優しかった。"
FORBIDDEN = ("こみやまはるか", "はるかっち")


@pytest.fixture
def model(engine):
    with FakeOpenAIServer(reply="［人名1］さんに相談できたのですね。") as server:
        engine(
            "openai", KABEUCHI_AI_BASE_URL=server.url, KABEUCHI_AI_MODEL="fake-model", KABEUCHI_AI_API_KEY="test",
            KABEUCHI_AI_READ_TIMEOUT=5.0, KABEUCHI_AI_EXTERNAL=True, KABEUCHI_AI_FALLBACK_TO_GUIDE=False,
        )
        yield server


def _sent(server) -> str:
    return "".join(json.dumps(r.json, ensure_ascii=False) for r in server.chat_requests())


def _reply(user) -> str:
    from kabeuchi.coach.gateway import model_gateway

    gateway = model_gateway(user=user)
    assert gateway.redacts
    return gateway.reply(ConversationState(theme="free", turns=(), summary=""), MESSAGE, language="ja")


def test_names_and_kana_readings_of_the_directory_never_reach_the_model(cast, model):
    # given, before any directory, the kana reading of a colleague who never joined goes out as written
    _reply(cast.aiko)
    assert all(name in _sent(model) for name in FORBIDDEN)
    model.reset()
    # when the organisation uploads its directory
    directory_import(organisation=cast.sakura, text=DIRECTORY)
    # then her reading and the nickname made from it are replaced before the request leaves,
    reply = _reply(cast.aiko)
    sent = _sent(model)
    assert sent and not [name for name in FORBIDDEN if name in sent]
    # and the person reads her name back, not a placeholder
    assert "人名" not in reply and "こみやまはるか" in reply


def test_the_gazetteer_follows_a_new_upload(cast):
    from kabeuchi.coach.gateway import member_directory

    before = member_directory(cast.sakura.pk)
    directory_import(organisation=cast.sakura, text=DIRECTORY)
    after = member_directory(cast.sakura.pk)
    assert after is not before
    assert after.find("こみやまはるか") and not before.find("こみやまはるか")
    assert member_directory(cast.sakura.pk) is after  # unchanged: not rebuilt
