"""わたしのデータ: every item listed has a delete control; deleting shows first what goes, in full,
and deletes only on confirmation; nobody else can see or delete it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kabeuchi.notebook import services as notes
from kabeuchi.notebook.models import Note
from kabeuchi.oneonone import services as oneonone
from kabeuchi.oneonone.models import Agenda, Share
from kabeuchi.vault.actor import acting_as, person


def _delete_url(kind, item_id) -> str:
    return reverse("accounts:mydata-item-delete", kwargs={"kind": kind, "item_id": item_id})


@pytest.fixture
def items(cast):
    note = notes.note_create(user=cast.aiko, title="迷い", body="異動したい気持ち-DELETE-ME")
    with acting_as(person(cast.aiko.pk)):
        agenda = oneonone.agenda_create(
            user=cast.aiko, content={"topics": [{"category": "work", "text": "進め方の相談-AGENDA", "style": "think"}]}
        )
        oneonone.share_create(user=cast.aiko, agenda_id=agenda.pk, item_keys=["topic-0"], recipient=cast.bunta, days=7)
    return {"notes": note, "agendas": agenda}


def test_every_item_on_my_data_has_a_delete_control(cast, client_for, items):
    # when aiko opens わたしのデータ
    body = client_for("aiko").get(reverse("accounts:mydata")).content.decode()
    # then each of her items has its own way to be deleted
    for kind, item in items.items():
        assert _delete_url(kind, item.pk) in body, kind


def test_deleting_one_item_shows_first_what_goes_and_deletes_only_when_confirmed(cast, client_for, items):
    aiko = client_for("aiko")
    # when she asks to delete the note
    shown = aiko.get(_delete_url("notes", items["notes"].pk))
    # then she sees its whole content, and nothing is deleted yet
    assert shown.status_code == 200 and "異動したい気持ち-DELETE-ME" in shown.content.decode()
    assert Note.objects.filter(pk=items["notes"].pk).exists()
    # when she confirms
    done = aiko.post(_delete_url("notes", items["notes"].pk))
    # then that note, and only that, is gone
    assert done.status_code == 302 and done["Location"] == reverse("accounts:mydata")
    assert not Note.objects.filter(pk=items["notes"].pk).exists()
    assert Agenda.objects.filter(pk=items["agendas"].pk).exists()


def test_deleting_an_agenda_says_its_shares_go_too(cast, client_for, items):
    aiko = client_for("aiko")
    shown = aiko.get(_delete_url("agendas", items["agendas"].pk)).content.decode()
    assert "進め方の相談-AGENDA" in shown and "馬場 文太" in shown
    aiko.post(_delete_url("agendas", items["agendas"].pk))
    assert not Agenda.objects.exists() and not Share.objects.exists()


@pytest.mark.parametrize("name", ["bunta", "chika", "eita", "daichi"])
def test_nobody_else_sees_or_deletes_my_item(cast, client_for, items, name):
    other = client_for(name)
    for kind, item in items.items():
        assert other.get(_delete_url(kind, item.pk)).status_code == 404
        assert other.post(_delete_url(kind, item.pk)).status_code == 404
    assert Note.objects.filter(pk=items["notes"].pk).exists() and Agenda.objects.filter(pk=items["agendas"].pk).exists()
