"""The notebook's JSON API calls the same services as the pages."""

import json

import pytest
from django.urls import reverse

from kabeuchi.notebook.models import DirectionVersion

PAYLOADS = {
    "experiences": {"title": "新規事業の立ち上げ", "start": "2021-10", "did": "顧客インタビュー"},
    "strengths": {"name": "巻き込み力", "description": "人をつなぐ"},
    "skills": {"name": "Python", "level": 3},
    "learning": {"what": "簿記3級", "on": "2025-02-11", "minutes": 120, "takeaway": "数字の流れ"},
    "goals": {"title": "簿記2級", "progress": 20, "milestones": [{"text": "教材を買う", "done": True}]},
}


def _send(client, method, url, body):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("kind", sorted(PAYLOADS))
def test_each_kind_round_trips_through_the_api(kind, cast, client_for):
    client = client_for("aiko")
    # when aiko creates, reads, updates, lists and deletes an entry of this kind
    created = _send(client, "post", reverse("api:notebook_entry_create", kwargs={"kind": kind}), PAYLOADS[kind])
    assert created.status_code == 201, created.content
    item = created.json()
    url = reverse("api:notebook_entry_get", kwargs={"kind": kind, "item_id": item["id"]})
    assert client.get(url).json() == item
    changed = {**PAYLOADS[kind], **({"name": "変更"} if "name" in PAYLOADS[kind] else {"title": "変更"} if "title" in PAYLOADS[kind] else {"what": "変更"})}
    updated = _send(client, "put", url, changed)
    assert updated.status_code == 200, updated.content
    listed = client.get(reverse("api:notebook_entry_list", kwargs={"kind": kind})).json()
    assert [entry["id"] for entry in listed] == [item["id"]]
    assert "変更" in json.dumps(listed, ensure_ascii=False)
    # then deleting it leaves nothing
    assert client.delete(url).status_code == 204
    assert client.get(url).status_code == 404


def test_invalid_input_gets_a_sentence_and_writes_nothing(cast, client_for):
    response = _send(client_for("aiko"), "post", reverse("api:notebook_entry_create", kwargs={"kind": "skills"}),
                     {"name": "SQL", "level": 9})
    assert response.status_code == 400
    assert response.json()["errors"]["level"]


def test_directions_keep_every_version_through_the_api(cast, client_for):
    client = client_for("aiko")
    for text in ("最初の考え", "今の考え"):
        assert _send(client, "post", reverse("api:notebook_direction_add"), {"kind": "can", "text": text}).status_code == 201
    listed = client.get(reverse("api:notebook_direction_list") + "?kind=can").json()
    assert [v["text"] for v in listed] == ["今の考え", "最初の考え"]
    assert DirectionVersion.objects.filter(owner=cast.aiko).count() == 2


def test_values_and_check_ins_through_the_api(cast, client_for):
    client = client_for("aiko")
    cards = client.get(reverse("api:notebook_value_cards")).json()
    assert len(cards) == 30
    put = _send(client, "put", reverse("api:notebook_values_put"), {"ranking": ["autonomy", "growth"]})
    assert put.json() == {"ranking": ["autonomy", "growth"]}
    assert client.get(reverse("api:notebook_values_get")).json() == {"ranking": ["autonomy", "growth"]}
    assert _send(client, "put", reverse("api:notebook_values_put"), {"ranking": ["not-a-card"]}).status_code == 400
    made = _send(client, "post", reverse("api:notebook_checkin_create"), {"energy": 5, "mood": "good"})
    assert made.status_code == 201
    assert [c["energy"] for c in client.get(reverse("api:notebook_checkin_list")).json()] == [5]
