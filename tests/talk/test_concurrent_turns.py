"""Messages sent at once to one saved conversation: no acknowledged turn may be lost.

An acknowledged turn is one whose stream ended with the "done" event: the page then clears the
text box, so the person believes it is kept.  Several "tabs" (threads, each with its own event
loop and client) send messages to the same conversation while a "settings tab" changes the
retention period and keeps and discards the summary.  Every acknowledged message must be in the
stored conversation, followed by its own reply, in the order its tab sent it.

Runs on SQLite, and on PostgreSQL when KABEUCHI_TEST_DATABASE_URL is set (as the whole suite).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest
from django.db import connections
from django.test import AsyncClient
from django.urls import reverse

from kabeuchi.coach import services
from kabeuchi.coach.models import Conversation
from kabeuchi.vault.actor import acting_as, person
from tests.talk.conftest import asse_events

TABS = 6
MESSAGES_PER_TAB = 6


def _start(user) -> Conversation:
    with acting_as(person(user.pk)):
        return services.conversation_start(user=user, theme="free", retention_days=30, language="ja")[1]


def _stored(user, conversation_id) -> Conversation:
    with acting_as(person(user.pk)):
        conversation = Conversation.objects.get(pk=conversation_id)
        conversation.state  # open while acting as the owner  # noqa: B018
        conversation.kept_summary  # noqa: B018
        return conversation


def _tab(user, url: str, tab: int, acknowledged: list[str], failures: list, go: threading.Barrier) -> None:
    async def send_all() -> None:
        client = AsyncClient()
        await client.aforce_login(user, backend="django.contrib.auth.backends.ModelBackend")
        go.wait()
        for n in range(MESSAGES_PER_TAB):
            text = f"tab{tab}-message{n} 異動について迷っています"
            response = await client.post(url, data=json.dumps({"message": text}), content_type="application/json")
            events = await asse_events(response) if response.status_code == 200 else []
            if events and events[-1][0] == "done":
                acknowledged.append(text)
            else:
                failures.append((text, response.status_code, events[-1:]))

    try:
        asyncio.run(send_all())
    finally:
        connections.close_all()


def _settings_tab(user, conversation_id, stop: threading.Event, go: threading.Barrier) -> None:
    """Changes retention and keeps/discards the summary while the messages are recorded."""
    try:
        go.wait()
        i = 0
        while not stop.is_set():
            with acting_as(person(user.pk)):
                services.conversation_retention_set(
                    user=user, conversation_id=conversation_id, retention_days=(30, 90)[i % 2]
                )
                services.summary_keep(user=user, conversation_id=conversation_id, noticed=[f"気づき{i}"], next_steps=[])
            i += 1
            time.sleep(0.002)  # a person clicking fast; far faster than anyone can
        with acting_as(person(user.pk)):
            services.conversation_retention_set(user=user, conversation_id=conversation_id, retention_days=90)
            services.summary_keep(user=user, conversation_id=conversation_id, noticed=["最後の気づき"], next_steps=[])
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_no_acknowledged_turn_is_lost_when_tabs_send_at_once(cast, engine):
    # given a saved conversation, and the fake engine (which streams from worker threads)
    engine("fake")
    conversation = _start(cast.aiko)
    url = reverse("coach:talk-message", kwargs={"conversation_id": conversation.pk})
    acknowledged: list[str] = []
    failures: list = []
    go = threading.Barrier(TABS + 1)
    stop = threading.Event()
    # when six tabs send six messages each at once, while a seventh changes settings
    tabs = [
        threading.Thread(target=_tab, args=(cast.aiko, url, tab, acknowledged, failures, go)) for tab in range(TABS)
    ]
    settings_tab = threading.Thread(target=_settings_tab, args=(cast.aiko, conversation.pk, stop, go))
    for thread in [*tabs, settings_tab]:
        thread.start()
    for thread in tabs:
        thread.join(timeout=120)
    stop.set()
    settings_tab.join(timeout=60)
    # then every acknowledged message is stored exactly once, followed by its own reply
    stored = _stored(cast.aiko, conversation.pk)
    turns = stored.state["turns"]
    said = [t["text"] for t in turns if t["role"] == "person"]
    print(f"\n{connections['default'].vendor}: sent {TABS * MESSAGES_PER_TAB}, "
          f"acknowledged {len(acknowledged)}, stored {len(said)}, refused {len(failures)}")
    assert sorted(said) == sorted(acknowledged), f"lost: {sorted(set(acknowledged) - set(said))}"
    assert len(acknowledged) + len(failures) == TABS * MESSAGES_PER_TAB
    # (a refusal is allowed only as a clear error event that keeps the text; with these few
    # writers there is normally none)
    for _text, status, last in failures:
        assert status == 200 and last[0][0] == "error" and last[0][1]["reason"] == "not_recorded", failures
    for i, turn in enumerate(turns[1:], start=1):
        expected_role = "person" if i % 2 == 1 else "partner"
        assert turn["role"] == expected_role
        if expected_role == "partner":
            assert turns[i - 1]["text"][:20].split()[0] in turn["text"]
    # and each tab's messages are in the order it sent them (a refused one, allowed above, is
    # not stored: the person still has its text)
    refused = {text for text, _status, _last in failures}
    for tab in range(TABS):
        mine = [s for s in said if s.startswith(f"tab{tab}-")]
        sent = [f"tab{tab}-message{n} 異動について迷っています" for n in range(MESSAGES_PER_TAB)]
        assert mine == [text for text in sent if text not in refused]
    # and the settings tab's last changes were not clobbered by the replies being recorded
    assert stored.retention_days == 90
    assert stored.kept_summary["noticed"] == ["最後の気づき"]
    assert stored.version >= len(said)


@pytest.mark.django_db(transaction=True)
def test_an_exchange_recorded_after_another_is_appended_not_overwritten(cast, engine):
    # given two replies made from the same state (two tabs), recorded one after the other
    from kabeuchi.coach.engines.base import Turn

    conversation = _start(cast.aiko)
    with acting_as(person(cast.aiko.pk)):
        base = services.conversation_state(conversation=Conversation.objects.get(pk=conversation.pk))
        first = base.adding(Turn("person", "一つ目"), Turn("partner", "返事1"))
        second = base.adding(Turn("person", "二つ目"), Turn("partner", "返事2"))
        # when both are recorded
        services._record_saved(user=cast.aiko, conversation_id=conversation.pk, base=base, state=first)
        services._record_saved(user=cast.aiko, conversation_id=conversation.pk, base=base, state=second)
    # then both exchanges are kept, each in one piece, in the order they were recorded
    texts = [t["text"] for t in _stored(cast.aiko, conversation.pk).state["turns"]]
    assert texts[1:] == ["一つ目", "返事1", "二つ目", "返事2"]


@pytest.mark.django_db(transaction=True)
async def test_a_reply_that_cannot_be_recorded_is_refused_and_not_acknowledged(cast, engine, monkeypatch):
    # given a conversation whose row changes on every attempt to record (a pathological race)
    from asgiref.sync import sync_to_async

    engine("fake")
    conversation = await sync_to_async(_start)(cast.aiko)
    monkeypatch.setattr(services, "RECORD_ATTEMPTS", 0)
    client = AsyncClient()
    await client.aforce_login(cast.aiko, backend="django.contrib.auth.backends.ModelBackend")
    # when aiko sends a message
    response = await client.post(
        reverse("coach:talk-message", kwargs={"conversation_id": conversation.pk}),
        data=json.dumps({"message": "聞いてほしい"}), content_type="application/json",
    )
    events = await asse_events(response)
    # then there is no "done": a whole sentence in Japanese says her message is kept, and nothing was stored
    kind, data = events[-1]
    assert kind == "error" and data["retryable"] is True and data["discard"] is True
    assert "保存できませんでした" in data["message"] and "もう一度" in data["message"]
    stored = await sync_to_async(_stored)(cast.aiko, conversation.pk)
    assert len(stored.state["turns"]) == 1
