import datetime
import json
import logging

import pytest
from django.apps import apps
from django.core import mail
from django.test import AsyncClient
from django.urls import reverse
from django.utils import timezone

from kabeuchi.coach import services
from kabeuchi.coach.engines import fake
from kabeuchi.coach.engines.base import EngineUnavailable
from kabeuchi.coach.models import Conversation
from kabeuchi.coach.state import state_to_json
from kabeuchi.vault.actor import acting_as, person
from kabeuchi.vault.models import AccessRecord
from tests.talk.conftest import asse_events


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


async def _client_for(user) -> AsyncClient:
    client = AsyncClient()
    await client.aforce_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _unsaved_state(user, theme="moyamoya"):
    state, conversation = services.conversation_start(user=user, theme=theme, retention_days=0, language="ja")
    assert conversation is None
    return state_to_json(state)


@pytest.mark.django_db(transaction=True)
async def test_a_do_not_save_conversation_writes_nothing_and_logs_no_words(cast, engine, caplog):
    # given a conversation that is not saved, and every log record captured
    engine("guide")
    caplog.set_level(logging.DEBUG)
    from asgiref.sync import sync_to_async

    state = await sync_to_async(_unsaved_state)(cast.aiko)
    before = await sync_to_async(_row_counts)()
    client = await _client_for(cast.aiko)
    canary = "CANARY-本音-上司に言えない-41c9"
    # when aiko talks for three turns
    for _ in range(3):
        response = await client.post(
            reverse("coach:talk-unsaved-message"),
            data=json.dumps({"message": f"{canary} 異動したいけれど迷っています", "state": state}),
            content_type="application/json",
        )
        assert response.status_code == 200
        events = await asse_events(response)
        assert events[-1][0] == "done"
        state = events[-1][1]["state"]
    # then the state came back to the page with her words, and the database holds nothing new
    assert sum(1 for t in state["turns"] if t["role"] == "person") == 3
    after = await sync_to_async(_row_counts)()
    changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
    # sessions may be touched by the login itself; nothing else may change
    changed.pop("sessions.Session", None)
    assert changed == {}
    assert await sync_to_async(Conversation.objects.count)() == 0
    # and no log record holds her words
    for record in caplog.records:
        assert canary not in record.getMessage()
        assert canary not in str(record.args)


@pytest.mark.django_db(transaction=True)
async def test_a_saved_conversation_streams_and_keeps_the_exchange(cast, engine):
    from asgiref.sync import sync_to_async

    engine("fake")

    def start():
        with acting_as(person(cast.aiko.pk)):
            return services.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")[1]

    conversation = await sync_to_async(start)()
    client = await _client_for(cast.aiko)
    response = await client.post(
        reverse("coach:talk-message", kwargs={"conversation_id": conversation.pk}),
        data=json.dumps({"message": "チームの方針にモヤモヤしています"}), content_type="application/json",
    )
    assert response["Content-Type"].startswith("text/event-stream")
    events = await asse_events(response)
    chunks = [data["text"] for kind, data in events if kind == "chunk"]
    # then the reply arrived in several pieces, in order
    assert len(chunks) > 1
    assert "".join(chunks).startswith("（fake）「チームの方針にモヤモヤしています」")

    def stored():
        with acting_as(person(cast.aiko.pk)):
            return Conversation.objects.get(pk=conversation.pk).state["turns"]

    turns = await sync_to_async(stored)()
    assert [t["role"] for t in turns] == ["partner", "person", "partner"]
    assert turns[1]["text"] == "チームの方針にモヤモヤしています"
    # and nobody but aiko read it
    assert not await sync_to_async(AccessRecord.objects.exists)()


@pytest.mark.django_db(transaction=True)
async def test_a_failed_reply_keeps_the_message_unrecorded_and_retry_works(cast, engine):
    from asgiref.sync import sync_to_async

    engine("fake", KABEUCHI_AI_FALLBACK_TO_GUIDE=False)

    def start():
        with acting_as(person(cast.aiko.pk)):
            return services.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")[1]

    conversation = await sync_to_async(start)()
    client = await _client_for(cast.aiko)
    url = reverse("coach:talk-message", kwargs={"conversation_id": conversation.pk})
    fake.script.append(EngineUnavailable("timeout"))
    # when the engine times out
    events = await asse_events(await client.post(url, data=json.dumps({"message": "聞いてほしい"}), content_type="application/json"))
    # then the person is told, in Japanese, and offered a retry
    kind, data = events[-1]
    assert kind == "error" and data["retryable"] is True and "もう一度" in data["message"]

    def turns():
        with acting_as(person(cast.aiko.pk)):
            return Conversation.objects.get(pk=conversation.pk).state["turns"]

    assert len(await sync_to_async(turns)()) == 1  # nothing recorded
    # and sending the same message again works
    events = await asse_events(await client.post(url, data=json.dumps({"message": "聞いてほしい"}), content_type="application/json"))
    assert events[-1][0] == "done"
    assert len(await sync_to_async(turns)()) == 3


@pytest.mark.django_db(transaction=True)
async def test_the_guide_takes_over_when_the_model_fails_and_fallback_is_on(cast, engine):
    from asgiref.sync import sync_to_async

    engine("fake", KABEUCHI_AI_FALLBACK_TO_GUIDE=True)
    state = await sync_to_async(_unsaved_state)(cast.aiko, "free")
    fake.script.append(EngineUnavailable("server_error"))
    client = await _client_for(cast.aiko)
    events = await asse_events(await client.post(
        reverse("coach:talk-unsaved-message"), data=json.dumps({"message": "迷っています", "state": state}),
        content_type="application/json",
    ))
    kinds = [k for k, _ in events]
    assert kinds[0] == "notice" and kinds[-1] == "done"
    assert "ガイド" in events[0][1]["text"]


@pytest.mark.django_db(transaction=True)
async def test_crisis_words_bring_up_human_help_and_notify_nobody(cast, engine):
    from asgiref.sync import sync_to_async

    from kabeuchi.org.services import policy_update

    engine("fake")
    await sync_to_async(policy_update)(
        organisation=cast.sakura, k=10, max_retention_days=365, consultation_desk="社員相談窓口 内線1234", eap="EAP 0120-000-000"
    )
    state = await sync_to_async(_unsaved_state)(cast.aiko)
    before = await sync_to_async(_row_counts)()
    client = await _client_for(cast.aiko)
    events = await asse_events(await client.post(
        reverse("coach:talk-unsaved-message"), data=json.dumps({"message": "もう消えたいです", "state": state}),
        content_type="application/json", headers={"accept-language": "ja"},
    ))
    kind, help_ = events[0]
    # then help comes first: hotlines, the company's desk and EAP, with the date they were checked
    assert kind == "support" and help_["kinds"] == ["crisis"]
    assert "0120-279-338" in [line["number"] for line in help_["crisis_lines"]]
    assert help_["consultation_desk"] == "社員相談窓口 内線1234" and help_["eap"] == "EAP 0120-000-000"
    # and the flow stops: the engine was not asked, the reply is the reviewed one
    assert fake.outbox == []
    reply = "".join(d["text"] for k, d in events if k == "chunk")
    assert "119" in reply
    # and nothing was sent, written or recorded anywhere
    assert mail.outbox == []
    after = await sync_to_async(_row_counts)()
    after.pop("sessions.Session", None), before.pop("sessions.Session", None)
    assert before == after


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("text", ["今週は死ぬほど忙しい", "締め切りに殺されそうです", "死ぬほど笑いました"])
async def test_colloquial_exaggeration_raises_no_alarm(cast, engine, text):
    from asgiref.sync import sync_to_async

    engine("fake")
    state = await sync_to_async(_unsaved_state)(cast.aiko)
    client = await _client_for(cast.aiko)
    events = await asse_events(await client.post(
        reverse("coach:talk-unsaved-message"), data=json.dumps({"message": text, "state": state}), content_type="application/json",
    ))
    assert "support" not in [k for k, _ in events]
    assert len(fake.outbox) == 1


def test_harassment_and_health_show_help_beside_the_reply(cast):
    from kabeuchi.coach.support import support_for

    help_ = support_for("上司に毎日怒鳴られていて、最近は夜も眠れない", consultation_desk="desk")
    assert set(help_.kinds) == {"harassment", "health"}
    assert help_.crisis is False and help_.crisis_lines == ()
    assert help_.work_lines and help_.consultation_desk == "desk"


def test_the_hotline_numbers_were_checked_within_six_months():
    from kabeuchi.coach.support import CHECKED_ON

    assert (timezone.localdate() - CHECKED_ON).days <= 183, "re-check the public hotline numbers against the official pages"


def test_an_empty_or_overlong_message_is_refused_with_a_message(cast, client_for, settings):
    client = client_for("aiko")
    state = _unsaved_state(cast.aiko)
    for message, status in (("   ", 400), ("あ" * (settings.KABEUCHI_MAX_TEXT_CHARS + 1), 400)):
        response = client.post(
            reverse("coach:talk-unsaved-message"), data=json.dumps({"message": message, "state": state}),
            content_type="application/json",
        )
        assert response.status_code == status
        assert response.json()["detail"]


def test_a_tampered_state_is_refused_politely(cast, client_for):
    response = client_for("aiko").post(
        reverse("coach:talk-unsaved-message"), data=json.dumps({"message": "x", "state": {"turns": "nope"}}),
        content_type="application/json",
    )
    assert response.status_code == 400


def test_expired_conversations_are_purged_and_others_kept(cast):
    with acting_as(person(cast.aiko.pk)):
        _, old = services.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")
        _, fresh = services.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")
    Conversation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    # an expired conversation is already gone for its owner, before the purge
    assert services.access_conversation(user=cast.aiko, conversation_id=fresh.pk) is not None
    from kabeuchi.coach.jobs import run_purge_once

    assert run_purge_once() == 1
    assert list(Conversation.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not AccessRecord.objects.exists()  # the purge opens nothing


def test_retention_can_be_changed_within_the_organisations_limit(cast, client_for):
    from kabeuchi.org.services import policy_update

    policy_update(organisation=cast.sakura, k=10, max_retention_days=90)
    with acting_as(person(cast.aiko.pk)):
        _, conversation = services.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")
    client = client_for("aiko")
    url = reverse("coach:talk-retention", kwargs={"conversation_id": conversation.pk})
    client.post(url, {"retention_days": 365})
    assert Conversation.objects.get(pk=conversation.pk).retention_days == 30
    client.post(url, {"retention_days": 90})
    assert Conversation.objects.get(pk=conversation.pk).retention_days == 90


def test_keeping_the_summary_of_an_unsaved_conversation_makes_a_note(cast, client_for):
    from kabeuchi.notebook.models import Note

    client = client_for("aiko")
    response = client.post(
        reverse("coach:talk-unsaved-summary-keep"), {"noticed": "企画に関わりたい\nチームは好き", "next_steps": "上司に話す"}
    )
    assert response.status_code == 302
    with acting_as(person(cast.aiko.pk)):
        note = Note.objects.get(owner=cast.aiko)
        assert "企画に関わりたい" in note.body and "上司に話す" in note.body
    assert Conversation.objects.count() == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("earlier", "kinds"), [
    ([], ["harassment", "health"]),
    (["最近ずっと消えたいなって思うことがあります"], ["crisis"]),
])
async def test_asking_for_the_contacts_shows_them_again_without_stopping_the_talk(cast, engine, earlier, kinds):
    # given a guide conversation, with or without a crisis said earlier in it
    from asgiref.sync import sync_to_async

    from kabeuchi.coach.engines.base import Turn
    from kabeuchi.coach.state import state_from_json

    engine("guide")
    state = state_from_json(await sync_to_async(_unsaved_state)(cast.aiko))
    for text in earlier:
        state = state.adding(Turn("person", text), Turn("partner", "話してくださって、ありがとうございます。", step=state.step, move="support"))
    client = await _client_for(cast.aiko)
    # when she asks for the desk's number again, with no signal in the message itself
    events = await asse_events(await client.post(
        reverse("coach:talk-unsaved-message"),
        data=json.dumps({"message": "窓口の電話番号だけもう一回出して", "state": state_to_json(state)}),
        content_type="application/json", headers={"accept-language": "ja"},
    ))
    # then the help is shown for what the talk was about, and the guide's reply says where it is
    kind, help_ = events[0]
    assert kind == "support" and help_["kinds"] == kinds and help_["notes"] == [] and help_["asked"] is True
    reply = "".join(d["text"] for k, d in events if k == "chunk")
    assert "もう一度出しています" in reply, reply
    assert events[-1][0] == "done"
