"""The feedback conversation: talked through with the guide, never saved, sent only by choice.

Nothing of the conversation is stored; what the person chooses to send goes through the form's
own function (``feedback.feedback_submit``), so the once-a-month rule, scrubbing, waiting and
release in batches of k apply unchanged.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from asgiref.sync import sync_to_async
from django.apps import apps
from django.test import AsyncClient
from django.urls import reverse

from kabeuchi.org.models import FeedbackPending
from tests.talk.conftest import asse_events

ANSWERS = (
    "はい、安心して使えました",
    "1on1の準備が楽になって、役に立ちました",
    "馬場 文太さんに内容を見られないか不安でした。連絡は aiko@sakura.example まで",
    "もっと気軽に使える時間がほしいです",
)


@pytest.fixture
def use_engine(settings):
    """Serve the sounding board with a given engine: ``use_engine("fake")``."""
    from kabeuchi.coach import engine_config
    from kabeuchi.coach.engines import fake

    def use(path: str) -> None:
        settings.KABEUCHI_AI_ENGINE = path
        engine_config._engine.cache_clear()

    fake.reset()
    yield use
    fake.reset()
    engine_config._engine.cache_clear()


def _row_counts() -> dict[str, int]:
    from kabeuchi.vault.models import DataKey

    counts = {m._meta.label: m.objects.count() for m in apps.get_models()}
    counts["vault.DataKey"] = DataKey.objects.count()
    return counts


def _changed(before: dict[str, int], after: dict[str, int], ignore=()) -> dict[str, tuple[int, int]]:
    changed = {label: (before[label], after[label]) for label in before if before[label] != after[label]}
    changed.pop("sessions.Session", None)  # signing in and flash messages may touch the session
    for label in ignore:
        changed.pop(label, None)
    return changed


def _sync_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _send_with_token(user, answers):
    """What feedback-token.js does: a blind token (signed in), then the answers (no credentials)."""
    from tests.org.token_helpers import spend, take_token

    key, ticket, _ = take_token(_sync_client(user))
    return spend(key, ticket, answers)


async def _client_for(user) -> AsyncClient:
    client = AsyncClient()
    await client.aforce_login(user, backend="django.contrib.auth.backends.ModelBackend")
    await client.get("/")  # the session exists before anything is counted
    return client


def _state_in(page: str) -> dict:
    found = re.search(r'<script id="talk-state" type="application/json">(.*?)</script>', page, re.S)
    assert found, "the page holds the conversation's state"
    return json.loads(found.group(1))


async def _talk(client, answers=ANSWERS) -> dict:
    """Open the feedback conversation and answer each question; returns the page-held state."""
    page = await client.get(reverse("coach:feedback-talk"))
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    state = _state_in(page.content.decode())
    assert state["theme"] == "feedback"
    for answer in answers:
        response = await client.post(
            reverse("coach:feedback-talk-message"),
            data=json.dumps({"message": answer, "state": state}),
            content_type="application/json",
        )
        assert response.status_code == 200
        events = await asse_events(response)
        assert events[-1][0] == "done"
        state = events[-1][1]["state"]
    return state


async def _review(client, state) -> tuple[str, dict[str, str]]:
    response = await client.post(reverse("coach:feedback-talk-review"), {"state": json.dumps(state)})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    fields = {
        name: html.unescape(re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', page, re.S).group(1)).strip()
        for name in ("uneasy", "comment")
    }
    return page, fields


@pytest.mark.django_db(transaction=True)
async def test_the_conversation_writes_no_row_and_sending_stores_only_the_feedback(cast, use_engine):
    # given a model engine configured for the sounding board (the feedback talk uses the guide anyway)
    use_engine("fake")
    client = await _client_for(cast.aiko)
    before = await sync_to_async(_row_counts)()
    # when aiko talks her feedback through and looks at what would be sent
    state = await _talk(client)
    replies = [t["text"] for t in state["turns"] if t["role"] == "partner"]
    assert not any(r.startswith("（fake）") for r in replies)  # the built-in guide answered
    assert sum(1 for t in state["turns"] if t["role"] == "person") == len(ANSWERS)
    page, fields = await _review(client, state)
    # then nothing at all was written: no conversation, no usage or theme mark, no feedback (the
    # organisation's public token key for the month is made on first use; it is nobody's row)
    assert _changed(before, await sync_to_async(_row_counts)(), ignore=("org.FeedbackTokenKey",)) == {}
    # and the draft is built from her own answers
    assert "不安" in fields["uneasy"]
    assert "1on1の準備" in fields["comment"]
    # a signed-in POST of the answers is refused (it would tie them to her) and writes nothing
    response = await client.post(
        reverse("coach:feedback-talk-send"),
        {"safe": "yes", "useful": "yes", "uneasy": fields["uneasy"], "comment": fields["comment"]},
    )
    assert response.status_code == 400
    assert _changed(before, await sync_to_async(_row_counts)(), ignore=("org.FeedbackTokenKey",)) == {}
    # when she sends it as the page's script does: a blind token, then the answers without credentials
    await sync_to_async(_send_with_token)(cast.aiko, {
        "safe": "yes", "useful": "yes", "uneasy": fields["uneasy"], "comment": fields["comment"],
    })
    # then exactly one anonymous submission is waiting, with the form's once-a-month mark
    changed = _changed(before, await sync_to_async(_row_counts)())
    assert changed.pop("org.FeedbackPending") == (0, 1)
    assert changed.pop("org.PeriodMark") == (0, 1)
    assert changed.pop("org.SpentToken") == (0, 1)
    changed.pop("org.FeedbackTokenKey", None)  # the month's public key: made here or by her home page before
    changed.pop("org.PeriodSecret", None)  # the month's key, made by the first mark of the month
    assert changed == {}
    row = await sync_to_async(FeedbackPending.objects.get)()
    assert row.answers["safe"] == "yes" and "1on1の準備" in row.answers["comment"]
    assert str(cast.aiko.pk) not in json.dumps(row.answers, ensure_ascii=False)


@pytest.mark.django_db(transaction=True)
async def test_a_second_send_in_the_same_month_is_refused_politely(cast, use_engine):
    use_engine("guide")
    client = await _client_for(cast.aiko)
    # given aiko already sent this month's feedback through the short form
    sent = await sync_to_async(_send_with_token)(cast.aiko, {"safe": "yes", "useful": "somewhat", "comment": "ok"})
    assert sent.status_code == 204
    # when she asks for a second token (say, from a page opened earlier in another browser)
    from tests.org.token_helpers import take_token

    _, ticket, response = await sync_to_async(take_token)(await sync_to_async(_sync_client)(cast.aiko))
    # then it is refused with a kind sentence, and only the first one waits
    assert ticket is None and response.status_code == 400
    detail = response.json()["detail"]
    assert "今月はすでにフィードバックを送っています" in detail or "already sent feedback this month" in detail
    assert await sync_to_async(FeedbackPending.objects.count)() == 1
    # and the conversation itself is not offered again this month
    again = await client.get(reverse("coach:feedback-talk"))
    assert again.status_code == 302 and again["Location"] == reverse("org:feedback-give")


@pytest.mark.django_db(transaction=True)
async def test_names_and_contacts_are_scrubbed_from_what_is_shown_and_what_is_sent(cast, use_engine):
    use_engine("guide")
    client = await _client_for(cast.aiko)
    state = await _talk(client)
    # when the draft is shown
    page, fields = await _review(client, state)
    # then the colleague's name and her address are already replaced
    for secret in ("馬場", "文太", "aiko@sakura.example"):
        assert secret not in page
    # and even if she writes a name back in while editing, it is scrubbed before it is stored
    await sync_to_async(_send_with_token)(
        cast.aiko, {"safe": "somewhat", "useful": "yes", "uneasy": fields["uneasy"], "comment": "千葉 千佳さん 090-1234-5678"},
    )
    stored = json.dumps((await sync_to_async(FeedbackPending.objects.get)()).answers, ensure_ascii=False)
    for secret in ("馬場", "文太", "千葉", "千佳", "aiko@sakura.example", "090-1234-5678"):
        assert secret not in stored


@pytest.mark.django_db(transaction=True)
async def test_discarding_leaves_nothing(cast, use_engine):
    use_engine("guide")
    client = await _client_for(cast.aiko)
    before = await sync_to_async(_row_counts)()
    state = await _talk(client)
    _, fields = await _review(client, state)
    # when she lets it go instead of sending
    response = await client.post(reverse("coach:feedback-talk-discard"), fields, follow=True)
    # then she is told, nothing was written anywhere, and she can still send feedback this month
    assert response.status_code == 200
    assert _changed(before, await sync_to_async(_row_counts)(), ignore=("org.FeedbackTokenKey",)) == {}
    assert 'name="safe"' in response.content.decode()  # the form is still offered
    from kabeuchi.org.feedback import feedback_given

    assert not await sync_to_async(feedback_given)(user=cast.aiko, organisation=cast.sakura)


@pytest.mark.django_db(transaction=True)
async def test_the_feedback_theme_is_not_a_theme_of_the_sounding_board(cast, use_engine):
    use_engine("guide")
    client = await _client_for(cast.aiko)
    before = await sync_to_async(_row_counts)()
    # the list of themes on /talk/ and in the API does not offer it
    listing = (await client.get(reverse("coach:talk-list"))).content.decode()
    assert 'value="feedback"' not in listing and 'value="moyamoya"' in listing
    # and it cannot be started there, saved or not, so it never writes a conversation or a theme mark
    started = await client.post(reverse("coach:talk-start"), {"theme": "feedback", "retention_days": 30})
    assert started.status_code == 302 and started["Location"] == reverse("coach:talk-list")
    unsaved = await client.get(reverse("coach:talk-unsaved") + "?theme=feedback")
    assert unsaved.status_code == 302 and unsaved["Location"] == reverse("coach:talk-list")
    assert _changed(before, await sync_to_async(_row_counts)()) == {}
    # and the feedback page offers the conversation instead
    give = (await client.get(reverse("org:feedback-give"))).content.decode()
    assert reverse("coach:feedback-talk") in give


@pytest.mark.django_db(transaction=True)
async def test_only_a_feedback_conversation_is_accepted(cast, use_engine):
    use_engine("guide")
    client = await _client_for(cast.aiko)
    from kabeuchi.coach.engine_config import guide_engine
    from kabeuchi.coach.state import state_to_json

    other = state_to_json(guide_engine().start("moyamoya", language="ja"))
    response = await client.post(
        reverse("coach:feedback-talk-message"),
        data=json.dumps({"message": "こんにちは", "state": other}),
        content_type="application/json",
    )
    assert response.status_code == 400
    review = await client.post(reverse("coach:feedback-talk-review"), {"state": json.dumps(other)})
    assert review.status_code == 400
