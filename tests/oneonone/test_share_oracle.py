"""The 1on1 share form must not tell whether a colleague has an account (PRODUCT rule 3).

Every step answers a share to an address that has an account exactly as one that has none:
same status, same page (modulo the CSRF token, the link's token, the agenda's id and the address
typed), same messages.  The share to an address nobody has is made, and never opens."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages
from django.urls import reverse
from freezegun import freeze_time

from kabeuchi.oneonone import services
from kabeuchi.vault.actor import acting_as, person

HAS_ACCOUNT = "chika@sakura.example"
NO_ACCOUNT = "chiaki@sakura.example"


def _agenda(cast):
    with acting_as(person(cast.aiko.pk)):
        return services.agenda_create(
            user=cast.aiko,
            content={"topics": [{"category": "work", "text": "進め方を相談したい", "style": "think"}]},
        )


def _normalised(response, *, address: str) -> tuple:
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    body = re.sub(r"/shared/[A-Za-z0-9_\-]{20,}/", "/shared/TOKEN/", body)
    body = body.replace(address, "ADDRESS")
    body = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID", body)
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    return response.status_code, response.get("Location", ""), body, messages


def _share_form_steps(cast, client_for, address: str) -> list[tuple]:
    """What aiko sees, step by step, sharing with ``address``."""
    agenda = _agenda(cast)
    aiko = client_for("aiko")
    url = reverse("oneonone:share-create", kwargs={"agenda_id": agenda.pk})
    form = {"recipient": "person", "email": address, "days": "7"}
    with freeze_time("2026-11-20 10:00:00"):
        # step 1: the address, but no item ticked
        no_items = aiko.post(url, form)
        # step 2: with an item: the link is made
        made = aiko.post(url, {**form, "items": ["topic-0"]})
        # and her list of what she shared, with whom, until when
        listed = aiko.get(reverse("oneonone:agenda-preview", kwargs={"agenda_id": agenda.pk}))
    return [_normalised(r, address=address) for r in (no_items, made, listed)]


def test_the_share_form_answers_the_same_for_a_colleague_with_and_without_an_account(cast, client_for):
    # when aiko shares with chika (who has an account) and with an address nobody has
    with_account = _share_form_steps(cast, client_for, HAS_ACCOUNT)
    without_account = _share_form_steps(cast, client_for, NO_ACCOUNT)
    # then every step looks exactly the same
    for step, (a, b) in enumerate(zip(with_account, without_account, strict=True)):
        assert a == b, f"step {step} differs"
    # and chika's name is never shown to aiko, before or after sharing
    for _status, _location, body, messages in with_account:
        assert "千葉" not in body and "千佳" not in body and not any("千葉" in m for m in messages)


def test_the_share_form_step_one_is_a_refusal_for_the_missing_item_either_way(cast, client_for):
    # given the first step for both addresses
    [(status_a, _, body_a, _), *_] = _share_form_steps(cast, client_for, HAS_ACCOUNT)
    [(status_b, _, body_b, _), *_] = _share_form_steps(cast, client_for, NO_ACCOUNT)
    # then both ask for an item and neither says whether the person was found
    assert status_a == status_b == 400
    assert body_a == body_b


def test_a_share_to_an_address_opens_only_for_the_member_with_that_address(cast, client_for):
    agenda = _agenda(cast)
    with acting_as(person(cast.aiko.pk)):
        to_chika = services.share_create(
            user=cast.aiko, agenda_id=agenda.pk, item_keys=["topic-0"], days=7,
            recipient=services.share_recipient(user=cast.aiko, to_manager=False, email=HAS_ACCOUNT),
        )
        to_nobody = services.share_create(
            user=cast.aiko, agenda_id=agenda.pk, item_keys=["topic-0"], days=7,
            recipient=services.share_recipient(user=cast.aiko, to_manager=False, email=NO_ACCOUNT),
        )
    link = reverse("oneonone:shared-view", kwargs={"token": to_chika.token})
    assert client_for("chika").get(link).status_code == 200
    for name in ("aiko", "bunta", "eita", "daichi"):
        assert client_for(name).get(link).status_code == 404
    nobody = reverse("oneonone:shared-view", kwargs={"token": to_nobody.token})
    for name in ("aiko", "bunta", "chika", "eita", "daichi"):
        assert client_for(name).get(nobody).status_code == 404
    # the row holds no account and no address, only a keyed hash of it
    row = type(to_chika.share).objects.get(pk=to_chika.share.pk)
    assert row.recipient_id is None and HAS_ACCOUNT not in row.recipient_hash


def test_the_api_answers_the_same_for_a_colleague_with_and_without_an_account(cast, client_for):
    aiko = client_for("aiko")

    def steps(address):
        agenda = _agenda(cast)
        url = f"/api/v1/agendas/{agenda.pk}/shares"
        body = {"to_manager": False, "email": address, "days": 3}
        with freeze_time("2026-11-20 10:00:00"):
            no_items = aiko.post(url, data={**body, "items": []}, content_type="application/json")
            made = aiko.post(url, data={**body, "items": ["topic-0"]}, content_type="application/json")
        out = made.json()
        for key in ("id", "link"):
            out.pop(key, None)
        out["recipient"] = out["recipient"].replace(address, "ADDRESS")
        return no_items.status_code, no_items.json(), made.status_code, out

    assert steps(HAS_ACCOUNT) == steps(NO_ACCOUNT)


def test_a_share_keeps_no_time_of_day(cast):
    # when aiko shares late in the evening (Tokyo)
    agenda = _agenda(cast)
    with freeze_time("2026-11-20 14:41:07"), acting_as(person(cast.aiko.pk)):  # 23:41:07 in Tokyo
        new = services.share_create(user=cast.aiko, agenda_id=agenda.pk, item_keys=["topic-0"], recipient=cast.bunta, days=1)
    row = type(new.share).objects.get(pk=new.share.pk)
    # then the row says only the day, and the share lasts until the end of the next day
    from django.utils import timezone

    for moment in (row.created_at, row.updated_at, row.expires_at):
        local = timezone.localtime(moment)
        assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)
    assert timezone.localtime(row.created_at).date().isoformat() == "2026-11-20"
    assert timezone.localtime(row.expires_at).date().isoformat() == "2026-11-22"
