"""Bad input gets a clear message in the person's language and the right status; nothing is
half-saved and nothing typed is lost."""

import json

from django.test import Client
from django.urls import reverse

from kabeuchi.accounts import services
from kabeuchi.notebook.models import Note
from tests.conftest import PASSWORD


def test_an_overlong_note_is_refused_and_the_text_stays_in_the_form(cast, client_for, settings):
    text = "あ" * (settings.KABEUCHI_MAX_TEXT_CHARS + 1)
    response = client_for("aiko").post(reverse("notebook:note-list"), {"title": "長い", "body": text})
    assert response.status_code == 400
    body = response.content.decode()
    assert text in body  # what she typed is still there
    assert "長い" in body
    assert not Note.objects.exists()


def test_an_overlong_note_through_the_api_gets_a_japanese_message(cast, client_for, settings):
    response = client_for("aiko").post(
        "/api/v1/notes", data=json.dumps({"body": "x" * (settings.KABEUCHI_MAX_TEXT_CHARS + 1)}),
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 400
    assert "文字" in response.json()["detail"]
    assert not Note.objects.exists()


def test_malformed_json_gets_422_with_a_message(cast, client_for):
    response = client_for("aiko").post("/api/v1/notes", data="{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert response.json()["detail"]
    assert not Note.objects.exists()


def test_missing_fields_get_422_in_english_when_asked(cast, client_for):
    response = client_for("aiko").post(
        "/api/v1/notes", data=json.dumps({"title": "x"}), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert "expected form" in response.json()["detail"]


def test_a_forged_csrf_token_is_refused_with_a_page_that_explains(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.aiko, backend="django.contrib.auth.backends.ModelBackend")
    client.get(reverse("notebook:note-list"))
    response = client.post(reverse("notebook:note-list"), {"body": "x", "csrfmiddlewaretoken": "forged" * 8})
    assert response.status_code == 403
    assert "フォーム" in response.content.decode()
    assert not Note.objects.exists()


def test_the_api_refuses_a_session_write_without_csrf(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.aiko, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/api/v1/notes", data=json.dumps({"body": "x"}), content_type="application/json")
    assert response.status_code == 403
    assert not Note.objects.exists()


def test_a_personal_access_token_works_without_csrf_and_acts_as_its_owner(cast):
    secret = services.access_token_create(user=cast.aiko, name="script").secret
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/notes", data=json.dumps({"body": "from a script"}), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 201
    note_id = response.json()["id"]
    assert client.get(f"/api/v1/notes/{note_id}", HTTP_AUTHORIZATION=f"Bearer {secret}").json()["body"] == "from a script"
    # a token cannot mint more tokens
    minted = client.post("/api/v1/me/tokens", data=json.dumps({"name": "x"}), content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert minted.status_code == 401
    # and reads through a token are the owner's: nothing in the access log
    from kabeuchi.vault.models import AccessRecord

    assert not AccessRecord.objects.filter(owner=cast.aiko).exists()


def test_a_revoked_or_wrong_token_gets_401(cast):
    created = services.access_token_create(user=cast.aiko, name="script")
    services.access_token_revoke(user=cast.aiko, token_id=created.token.pk)
    for secret in (created.secret, "kbc_wrong"):
        assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_the_api_answers_unknown_paths_with_json_404(db):
    response = Client().get("/api/v1/does-not-exist")
    assert response.status_code == 404


def test_wrong_password_via_api_account_delete_keeps_the_account(cast, client_for):
    response = client_for("aiko").post(
        "/api/v1/me/delete", data=json.dumps({"password": "wrong", "confirm": True}), content_type="application/json"
    )
    assert response.status_code == 400
    response = client_for("aiko").post(
        "/api/v1/me/delete", data=json.dumps({"password": PASSWORD, "confirm": False}), content_type="application/json"
    )
    assert response.status_code == 400
