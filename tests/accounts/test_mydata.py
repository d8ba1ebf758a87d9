import io
import json
import zipfile

from django.urls import reverse

from kabeuchi.accounts.models import User
from kabeuchi.notebook import services as notes
from kabeuchi.notebook.models import Note
from kabeuchi.vault.models import DataKey
from tests.conftest import PASSWORD


def test_export_holds_everything_as_json_and_markdown(cast, client_for):
    # given aiko has two notes
    notes.note_create(user=cast.aiko, title="迷い", body="異動したい気持ちと、今のチームが好きな気持ち")
    notes.note_create(user=cast.aiko, title="", body="1on1で話したいこと")
    # when she exports
    response = client_for("aiko").get(reverse("accounts:mydata-export"))
    # then the ZIP has JSON and readable Markdown with her words
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"README.md", "data.json", "notes.md"} <= set(archive.namelist())
    data = json.loads(archive.read("data.json"))
    assert {n["body"] for n in data["notes"]} == {"異動したい気持ちと、今のチームが好きな気持ち", "1on1で話したいこと"}
    assert "異動したい気持ち" in archive.read("notes.md").decode()
    # and no one else's data is in it
    assert data["account"]["email"] == "aiko@sakura.example"


def test_export_of_another_person_holds_none_of_aikos_words(cast, client_for):
    notes.note_create(user=cast.aiko, title="", body="aiko-only-words")
    response = client_for("bunta").get(reverse("accounts:mydata-export"))
    assert b"aiko-only-words" not in zipfile.ZipFile(io.BytesIO(response.content)).read("data.json")


def test_deleting_one_item(cast, client_for):
    note = notes.note_create(user=cast.aiko, title="", body="to go")
    response = client_for("aiko").post(reverse("accounts:mydata-item-delete", kwargs={"kind": "notes", "item_id": note.pk}))
    assert response.status_code == 302
    assert not Note.objects.filter(pk=note.pk).exists()


def test_account_deletion_shows_what_will_go_first(cast, client_for):
    notes.note_create(user=cast.aiko, title="", body="one")
    notes.note_create(user=cast.aiko, title="", body="two")
    body = client_for("aiko").get(reverse("accounts:account-delete")).content.decode()
    assert ": 2" in body


def test_account_deletion_needs_the_password_and_confirmation(cast, client_for):
    client = client_for("aiko")
    response = client.post(reverse("accounts:account-delete"), {"password": "wrong", "understood": "on"})
    assert response.status_code == 400
    response = client.post(reverse("accounts:account-delete"), {"password": PASSWORD})
    assert response.status_code == 400
    assert User.objects.filter(pk=cast.aiko.pk).exists()


def test_account_deletion_removes_everything_and_the_key(cast, client_for):
    notes.note_create(user=cast.aiko, title="", body="one")
    client = client_for("aiko")
    response = client.post(reverse("accounts:account-delete"), {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 200
    assert not User.objects.filter(pk=cast.aiko.pk).exists()
    assert not Note.objects.filter(owner_id=cast.aiko.pk).exists()
    assert not DataKey.objects.filter(owner_id=cast.aiko.pk).exists()
    assert client.get(reverse("accounts:settings")).status_code == 302  # signed out
    # others are untouched
    assert User.objects.filter(pk=cast.bunta.pk).exists()


def test_the_access_log_is_empty_for_normal_use(cast, client_for):
    notes.note_create(user=cast.aiko, title="", body="mine")
    client = client_for("aiko")
    client.get(reverse("notebook:note-list"))
    client.get(reverse("accounts:mydata-export"))
    body = client.get(reverse("accounts:access-log")).content.decode()
    assert "<table" not in body


def test_the_access_log_shows_a_system_jobs_read(cast, client_for):
    from kabeuchi.vault.actor import system_job

    note = notes.note_create(user=cast.aiko, title="", body="mine")
    from kabeuchi.vault import crypto

    crypto.cache.clear()
    with system_job("retention purge"):
        _ = Note.objects.get(pk=note.pk).body
    body = client_for("aiko").get(reverse("accounts:access-log")).content.decode()
    assert "retention purge" in body
    # and nobody else sees aiko's log
    assert "retention purge" not in client_for("bunta").get(reverse("accounts:access-log")).content.decode()
