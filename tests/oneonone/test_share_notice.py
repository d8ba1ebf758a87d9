"""The optional e-mail notice of a 1on1 share (kabeuchi.oneonone.services.share_notice_send).

Chosen per share, off by default.  The mail holds the sharer's name, the link and fixed wording
in Japanese and English; a canary planted in every field of the agenda must never appear in it
(docs/privacy.md P43)."""

from __future__ import annotations

import email
import json
import logging
import re
from email import policy as email_policy

import pytest
from django.core import mail
from django.urls import reverse

from kabeuchi.oneonone import services
from kabeuchi.oneonone.models import Share
from kabeuchi.vault.actor import acting_as, person
from tests.oneonone.test_share_oracle import HAS_ACCOUNT, NO_ACCOUNT, _normalised

CANARY = "CANARY-notice-本音-91ab"
MEETING_ON = "2026-12-03"


def _agenda(cast):
    with acting_as(person(cast.aiko.pk)):
        return services.agenda_create(
            user=cast.aiko,
            content={
                "meeting_on": MEETING_ON,
                "since": f"{CANARY} since",
                "topics": [
                    {"category": "career", "text": f"{CANARY} 異動を考えている", "style": "listen"},
                    {"category": "work", "text": f"{CANARY} 業務量", "style": "advice"},
                ],
                "support": f"{CANARY} support",
                "first_words": f"{CANARY} first words",
            },
        )


def _share_url(agenda) -> str:
    return reverse("oneonone:share-create", kwargs={"agenda_id": agenda.pk})


ALL_ITEMS = ["since", "topic-0", "topic-1", "support", "first_words"]


def _assert_content_free(message) -> None:
    text = message.subject + "\n" + message.body
    assert CANARY not in text and "CANARY" not in text
    for word in ("異動", "業務量", "support", "since", "first words", MEETING_ON, "12/03", "12月3日"):
        assert word not in text, word


def test_no_mail_is_sent_unless_the_person_ticks_it(cast, client_for):
    # given aiko's agenda
    agenda = _agenda(cast)
    # when she shares with her manager without ticking the notice
    response = client_for("aiko").post(_share_url(agenda), {"items": ALL_ITEMS, "recipient": "manager", "days": "7"})
    # then the share is made and nobody gets a mail
    assert response.status_code == 200
    assert Share.objects.filter(owner=cast.aiko).count() == 1
    assert mail.outbox == []
    # and the checkbox is there, unticked, on the form
    preview = client_for("aiko").get(reverse("oneonone:agenda-preview", kwargs={"agenda_id": agenda.pk})).content.decode()
    box = re.search(r'<input type="checkbox" name="notify"[^>]*>', preview)
    assert box and "checked" not in box.group(0)


def test_the_notice_names_the_sharer_and_carries_the_link_and_nothing_of_the_agenda(cast, client_for):
    # given aiko's agenda with a canary in every field
    agenda = _agenda(cast)
    # when she shares every item with bunta, her manager, and ticks the notice
    response = client_for("aiko").post(
        _share_url(agenda), {"items": ALL_ITEMS, "recipient": "manager", "days": "7", "notify": "on"}
    )
    assert response.status_code == 200
    link = re.search(r'id="share-link" readonly value="([^"]+)"', response.content.decode()).group(1)
    assert 'id="share-notice"' in response.content.decode()
    # then bunta gets exactly one mail, in Japanese first and then English
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bunta@sakura.example"]
    assert message.subject.startswith("相田 愛子さんから1on1の準備が共有されました")
    assert "相田 愛子 shared a 1on1 preparation with you" in message.subject
    body = message.body
    assert body.index("相田 愛子さんから1on1の準備が共有されました") < body.index("shared a 1on1 preparation with you")
    # with the link, once per language
    assert body.count(link) == 2
    # and nothing of what she wrote, not even the date of the meeting
    _assert_content_free(message)
    assert not message.attachments and not getattr(message, "alternatives", [])
    # and the link in the mail opens the share for bunta
    opened = client_for("bunta").get(link.removeprefix("http://testserver"))
    assert opened.status_code == 200 and CANARY in opened.content.decode()


@pytest.mark.parametrize("address", [HAS_ACCOUNT, NO_ACCOUNT])
def test_a_notice_to_a_typed_address_goes_there_whether_or_not_it_has_an_account(address, cast, client_for):
    agenda = _agenda(cast)
    response = client_for("aiko").post(
        _share_url(agenda), {"items": ["topic-0"], "recipient": "person", "email": address, "days": "7", "notify": "on"}
    )
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [[address]]
    _assert_content_free(mail.outbox[0])


def test_the_page_answers_the_same_with_a_notice_for_an_address_with_and_without_an_account(cast, client_for):
    # the notice must not undo P22: what aiko sees does not depend on whether the address has an account
    pages = []
    for address in (HAS_ACCOUNT, NO_ACCOUNT):
        agenda = _agenda(cast)
        response = client_for("aiko").post(
            _share_url(agenda), {"items": ["topic-0"], "recipient": "person", "email": address, "days": "7", "notify": "on"}
        )
        pages.append(_normalised(response, address=address))
    assert pages[0] == pages[1]


def test_the_api_sends_the_notice_only_when_asked(cast, client_for):
    agenda = _agenda(cast)
    url = reverse("api:share_create", kwargs={"agenda_id": agenda.pk})
    aiko = client_for("aiko")
    # when aiko shares through the API without asking for a notice
    plain = aiko.post(url, data=json.dumps({"items": ["topic-0"], "to_manager": True}), content_type="application/json")
    # then no mail leaves
    assert plain.status_code == 201 and plain.json()["notice"] == "not_requested"
    assert mail.outbox == []
    # when she asks for it
    notified = aiko.post(
        url, data=json.dumps({"items": ALL_ITEMS, "to_manager": True, "notify": True}), content_type="application/json"
    )
    # then bunta gets the content-free notice with the link the API returned
    assert notified.status_code == 201 and notified.json()["notice"] == "sent"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["bunta@sakura.example"]
    assert notified.json()["link"] in mail.outbox[0].body
    _assert_content_free(mail.outbox[0])


class _RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"bunta@sakura.example": (550, b"no")})


def test_a_mail_that_cannot_be_sent_keeps_the_share_and_says_so(cast, client_for, settings, caplog):
    # given a mail server that refuses
    settings.EMAIL_BACKEND = f"{__name__}._RefusingBackend"
    agenda = _agenda(cast)
    # when aiko shares with a notice
    with caplog.at_level(logging.DEBUG):
        response = client_for("aiko").post(
            _share_url(agenda), {"items": ["topic-0"], "recipient": "manager", "days": "7", "notify": "on"}
        )
    # then the share stands, the link is shown, and she is told to send it herself
    assert response.status_code == 200
    assert Share.objects.filter(owner=cast.aiko).count() == 1
    page = response.content.decode()
    assert 'id="share-link"' in page and 'id="share-notice"' in page
    # and the log says why, without the address or the link
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "SMTPRecipientsRefused" in logged
    assert "bunta@" not in logged and "/shared/" not in logged


def test_notices_are_limited_per_person_and_the_share_is_still_made(cast, client_for, settings):
    settings.KABEUCHI_SHARE_NOTICES_PER_PERSON = 2
    agenda = _agenda(cast)
    aiko = client_for("aiko")
    url = reverse("api:share_create", kwargs={"agenda_id": agenda.pk})
    body = json.dumps({"items": ["topic-0"], "to_manager": True, "notify": True})
    answers = [aiko.post(url, data=body, content_type="application/json").json()["notice"] for _ in range(3)]
    assert answers == ["sent", "sent", "paused"]
    assert len(mail.outbox) == 2
    assert Share.objects.filter(owner=cast.aiko).count() == 3


def test_the_demo_writes_the_notice_to_a_file_without_the_agenda(cast, client_for, settings, tmp_path):
    # given the demo's file backend (var/mail/)
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    agenda = _agenda(cast)
    # when aiko shares with a notice
    client_for("aiko").post(_share_url(agenda), {"items": ALL_ITEMS, "recipient": "manager", "days": "7", "notify": "on"})
    # then one file holds the mail: raw and decoded, nothing of the agenda
    files = list(tmp_path.iterdir())
    assert len(files) == 1
    raw = files[0].read_bytes()
    assert b"CANARY" not in raw
    parsed = email.message_from_bytes(raw, policy=email_policy.default)
    assert parsed["To"] == "bunta@sakura.example"
    text = parsed["Subject"] + parsed.get_body(("plain",)).get_content()
    assert "相田 愛子さんから1on1の準備が共有されました" in text
    assert CANARY not in text and MEETING_ON not in text


@pytest.mark.parametrize("name", ["anon", "bunta", "chika", "eita", "daichi", "operator"])
def test_nobody_else_can_share_aikos_agenda_or_send_a_notice_of_it(name, cast, client_for):
    agenda = _agenda(cast)
    client = client_for(name)
    page = client.post(_share_url(agenda), {"items": ["topic-0"], "recipient": "manager", "days": "7", "notify": "on"})
    api = client.post(
        reverse("api:share_create", kwargs={"agenda_id": agenda.pk}),
        data=json.dumps({"items": ["topic-0"], "to_manager": True, "notify": True}), content_type="application/json",
    )
    assert page.status_code in (302, 404) and api.status_code in (401, 404)
    assert mail.outbox == []
    assert not Share.objects.exists()


def test_the_data_guideline_says_a_share_notice_names_the_sharer_and_nothing_else(db, client):
    page = client.get("/guideline/").content.decode()
    assert "共有相手への短いお知らせ" in page
    assert "あなたが書いた内容が入ることはありません" in page
