"""The JSON API of the organisation side gives the same answers as the pages."""

from __future__ import annotations

import json

from freezegun import freeze_time

from tests.org.token_helpers import spend, take_token


def test_chika_gets_no_feedback_and_no_snapshot_before_a_release(cast, client_for):
    aiko, chika = client_for("aiko"), client_for("chika")
    key, ticket, _ = take_token(aiko)
    assert spend(key, ticket, {"safe": "yes", "useful": "yes", "comment": "ok"}).status_code == 204
    assert chika.get("/api/v1/org/feedback").json() == []
    assert chika.get("/api/v1/org/insights").json() == []
    # a second submission this month is refused with a whole sentence
    _, none, again = take_token(aiko)
    assert none is None and again.status_code == 400 and again.json()["detail"].endswith((".", "。"))


def test_import_through_the_api_is_all_or_nothing(cast, client_for):
    chika = client_for("chika")
    rows = [
        {"kind": "mentoring", "title": "メンター制度", "description": "先輩と話す", "how_to_apply": "人事部"},
        {"kind": "posting", "title": "", "description": "x", "how_to_apply": "y"},
    ]
    bad = chika.post("/api/v1/org/programmes/import", data=json.dumps(rows), content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"][0]["row"] == 2
    assert chika.get("/api/v1/org/programmes").json() == []
    good = chika.post("/api/v1/org/programmes/import", data=json.dumps(rows[:1]), content_type="application/json")
    assert good.status_code == 201 and good.json()["created"] == 1


def test_the_release_command_fails_closed_when_the_budget_is_spent(cast):
    from io import StringIO

    from django.core.management import call_command

    with freeze_time("2026-11-02"):
        call_command("release_period", period="2026-10", stdout=StringIO())
        err = StringIO()
        call_command("release_period", period="2026-10", stdout=StringIO(), stderr=err)
    assert "budget" in err.getvalue()
