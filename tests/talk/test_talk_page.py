"""What the conversation page shows around the talk: progress, the summary check, help,
the first line in the list, the kept summary.  Read from recorded moves, never from words."""

import json

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse

from kabeuchi.coach import services
from kabeuchi.coach.engines.base import Turn
from kabeuchi.coach.state import state_to_json
from kabeuchi.vault.actor import acting_as, person
from tests.talk.conftest import asse_events
from tests.talk.test_conversations import _client_for, _unsaved_state

ANSWERS = (
    "チームの方針が急に変わって、企画の仕事が減りそうでモヤモヤしています。",
    "会議で突然、来月から別の案件に移ると言われました。",
    "自分の企画が評価されていないのかなと受け止めました。",
)


@pytest.mark.django_db(transaction=True)
async def test_each_reply_says_where_the_person_is_and_when_a_summary_asks_whether_it_fits(cast, engine):
    # given an unsaved モヤモヤ整理 conversation with the guide
    engine("guide")
    state = await sync_to_async(_unsaved_state)(cast.aiko)
    client = await _client_for(cast.aiko)
    pages = []
    # when aiko answers three questions
    for message in ANSWERS:
        response = await client.post(
            reverse("coach:talk-unsaved-message"),
            data=json.dumps({"message": message, "state": state}), content_type="application/json",
        )
        done = (await asse_events(response))[-1]
        assert done[0] == "done"
        state = done[1]["state"]
        pages.append(done[1]["page"])
    # then each reply moved the progress on, and the third asked whether the summary fits
    assert [p["progress"]["number"] for p in pages] == [2, 3, 4]
    assert all(p["progress"]["total"] == 8 for p in pages)
    assert pages[0]["progress"]["label"] == "起きたこと"
    assert [p["check"] for p in pages] == [False, False, True]
    # and what the page is told carries none of her words
    assert not any(word in json.dumps(pages, ensure_ascii=False) for word in ("企画", "案件", "評価"))


@pytest.mark.django_db(transaction=True)
async def test_a_saved_conversation_reply_also_tells_the_page_what_to_show(cast, engine):
    engine("guide")

    def start():
        with acting_as(person(cast.aiko.pk)):
            return services.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")[1]

    conversation = await sync_to_async(start)()
    client = await _client_for(cast.aiko)
    response = await client.post(
        reverse("coach:talk-message", kwargs={"conversation_id": conversation.pk}),
        data=json.dumps({"message": ANSWERS[0]}), content_type="application/json",
    )
    done = (await asse_events(response))[-1]
    assert done[1]["page"]["progress"]["number"] == 2 and done[1]["page"]["check"] is False


def test_the_list_names_conversations_by_their_first_line_and_shows_a_kept_summary(cast, client_for):
    # given two saved conversations of the same theme, one with a kept summary
    with acting_as(person(cast.aiko.pk)):
        for first, keep in (("異動の話が出ていて迷っています", True), ("わからない", False)):
            state, conversation = services.conversation_start(
                user=cast.aiko, theme="free", retention_days=30, language="ja"
            )
            turns = [Turn("person", first), Turn("partner", "そうなのですね。", step=1, move="ask")]
            if first == "わからない":
                turns += [Turn("person", "評価面談が近くて落ち着きません"), Turn("partner", "はい。", step=1, move="ask")]
            conversation.state = state_to_json(state.adding(*turns))
            conversation.save()
            if keep:
                services.summary_keep(
                    user=cast.aiko, conversation_id=conversation.pk, noticed=["迷いの中身が見えた"], next_steps=[]
                )
    # when she opens the list
    page = client_for("aiko").get(reverse("coach:talk-list")).content.decode()
    # then each is named by her own first line (a quick reply is not a first line)
    assert "異動の話が出ていて迷っています" in page
    assert "評価面談が近くて落ち着きません" in page
    assert "迷いの中身が見えた" in page


def test_after_a_reload_help_that_was_shown_stays_inline(cast, client_for):
    with acting_as(person(cast.aiko.pk)):
        state, conversation = services.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")
        conversation.state = state_to_json(state.adding(
            Turn("person", "もう消えたい"), Turn("partner", "話してくださって、ありがとうございます。", step=0, move="support")
        ))
        conversation.save()
    page = client_for("aiko").get(reverse("coach:talk-detail", kwargs={"conversation_id": conversation.pk})).content.decode()
    assert '<li class="support"' in page
    inline_help = page.split('<li class="support"')[1].split("</ol>")[0]
    assert 'href="tel:' in inline_help
    # and for someone who cannot call, where to find consultations by LINE and chat (round 19)
    assert 'href="https://www.mhlw.go.jp/mamorouyokokoro/"' in inline_help and "LINEやチャット" in inline_help
    assert 'rel="noopener noreferrer"' in inline_help  # the ministry's page learns nothing of where she came from
    always = page.split('class="help-always"')[1].split("</details>")[0]
    assert "mamorouyokokoro" in always


@pytest.mark.parametrize("name", ["bunta", "chika", "daichi"])
def test_a_kept_summary_cannot_be_edited_or_discarded_by_anyone_else(name, cast, client_for):
    with acting_as(person(cast.aiko.pk)):
        _, conversation = services.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")
        services.summary_keep(user=cast.aiko, conversation_id=conversation.pk, noticed=["わたしだけのまとめ"], next_steps=[])
    client = client_for(name)
    edit = client.get(reverse("coach:talk-summary-edit", kwargs={"conversation_id": conversation.pk}))
    discard = client.post(reverse("coach:talk-summary-discard", kwargs={"conversation_id": conversation.pk}))
    assert (edit.status_code, discard.status_code) == (404, 404)
    with acting_as(person(cast.aiko.pk)):
        conversation.refresh_from_db()
        assert conversation.kept_summary["noticed"] == ["わたしだけのまとめ"]


def test_the_streamed_help_for_a_crisis_carries_the_chat_page_and_other_help_does_not():
    from kabeuchi.coach.support import CHAT_PAGE, support_of_kinds

    assert support_of_kinds(("crisis",)).as_json()["chat"]["url"] == CHAT_PAGE
    assert support_of_kinds(("harassment",)).as_json()["chat"] is None
