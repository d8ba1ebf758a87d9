"""Bad input never destroys data: every API write takes only a JSON object of its schema's
fields, and every error under /api/ is JSON in the person's language."""

import json

import pytest
from django.test import Client

from kabeuchi.accounts import services


def _token_client(user) -> Client:
    secret = services.access_token_create(user=user, name="script").secret
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def agenda_with_notes(cast):
    client = _token_client(cast.aiko)
    agenda = client.post(
        "/api/v1/agendas", data=json.dumps({"topics": [{"text": "評価面談の準備"}]}), content_type="application/json"
    ).json()
    saved = client.put(
        f"/api/v1/agendas/{agenda['id']}/after",
        data=json.dumps({"notes": "話せた", "actions": [{"text": "資料を読む"}]}),
        content_type="application/json",
    )
    assert saved.status_code == 200
    return client, agenda["id"]


@pytest.mark.parametrize("body", ["null", "[]", '[{"notes": ""}]', '"text"', "5", "true", '{"notes": 5}',
                                  '{"notes": "x", "unknown": 1}', '{"actions": [{"text": "t", "extra": 1}]}',
                                  '{"clarity": false}', '{"clarity": "3"}', '{"actions": [{"text": "t", "goal": "yes"}]}'])
def test_a_bad_body_is_refused_and_the_saved_notes_stay(agenda_with_notes, body):
    # given a 1on1 with notes and actions saved after it
    client, agenda_id = agenda_with_notes
    # when a script sends something that is not an object of the schema's fields
    response = client.put(f"/api/v1/agendas/{agenda_id}/after", data=body, content_type="application/json",
                          HTTP_ACCEPT_LANGUAGE="ja")
    # then it is refused with a Japanese message and nothing changed
    assert response.status_code == 422
    assert "形式" in response.json()["detail"]
    after = client.get(f"/api/v1/agendas/{agenda_id}").json()["after"]
    assert after == {"notes": "話せた", "actions": [{"text": "資料を読む", "goal": False}], "clarity": None}


def test_the_refusal_is_in_english_when_asked(agenda_with_notes):
    client, agenda_id = agenda_with_notes
    response = client.put(f"/api/v1/agendas/{agenda_id}/after", data="null", content_type="application/json",
                          HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422
    assert "expected form" in response.json()["detail"]


def test_malformed_json_is_a_422_in_json(cast):
    response = _token_client(cast.aiko).post("/api/v1/notes", data="{not json", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_an_unknown_method_gets_a_json_405_with_allow(cast):
    response = _token_client(cast.aiko).put("/api/v1/me", data="{}", content_type="application/json",
                                            HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert response["Allow"] == "GET"


def test_an_unknown_api_path_gets_json_404(cast):
    response = _token_client(cast.aiko).get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_a_server_error_in_an_operation_is_json(cast, monkeypatch):
    from kabeuchi.accounts import api as accounts_api

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(accounts_api.selectors, "data_kind_summary", broken, raising=False)
    monkeypatch.setattr(accounts_api, "_prefs_out", lambda user: broken())
    client = _token_client(cast.aiko)
    client.raise_request_exception = False
    response = client.get("/api/v1/me/preferences", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert response.json()["detail"].startswith("Something went wrong")


def test_the_500_and_403_handlers_answer_json_under_api(rf):
    from kabeuchi.core import api

    assert api.error_500(rf.get("/api/v1/me")).status_code == 500
    assert json.loads(api.error_500(rf.get("/api/v1/me")).content)["detail"]
    assert json.loads(api.error_403(rf.get("/api/v1/me")).content)["detail"]
    assert json.loads(api.error_400(rf.get("/api/v1/me")).content)["detail"]


def test_a_csrf_refusal_through_the_api_is_json_in_japanese(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.aiko, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/api/v1/notes", data=json.dumps({"body": "x"}), content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 403
    assert "もう一度" in response.json()["detail"] or "再" in response.json()["detail"]


def test_a_valid_token_with_a_stale_session_cookie_is_not_refused_for_csrf(cast):
    # given a script whose cookie jar still holds a session that signs nobody in
    client = _token_client(cast.aiko)
    client.cookies["sessionid"] = "stale-session-key"
    # when it writes with its token
    response = client.post("/api/v1/notes", data=json.dumps({"body": "x"}), content_type="application/json")
    # then the token is used
    assert response.status_code == 201


def test_schema_names_are_unique_and_every_operation_lists_its_errors(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "ThemeOut" in schema["components"]["schemas"] and "ThemeCountOut" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            if operation.get("security"):
                assert {"401", "429"} <= codes, (method, path)
            if "requestBody" in operation:
                assert {"413", "422"} <= codes, (method, path)


def test_dates_and_nested_objects_in_their_json_form_are_accepted(cast):
    client = _token_client(cast.aiko)
    response = client.post("/api/v1/agendas", data=json.dumps(
        {"meeting_on": "2026-12-01", "topics": [{"text": "異動の相談", "category": "career"}]}
    ), content_type="application/json")
    assert response.status_code == 201
    assert response.json()["content"]["meeting_on"] == "2026-12-01"
