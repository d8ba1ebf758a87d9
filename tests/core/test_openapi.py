"""The API's OpenAPI schema is kept as a snapshot, so every change to the API is reviewed.

Regenerate after an intended change:  KABEUCHI_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/core/test_openapi.py
"""

import json
import os
from pathlib import Path

from django.test import Client

SNAPSHOT = Path(__file__).parent / "openapi.snapshot.json"


def test_openapi_schema_matches_the_snapshot(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    text = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("KABEUCHI_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(text)
    assert text == SNAPSHOT.read_text(), "the API changed: review it, then regenerate the snapshot (see docstring)"


def test_every_operation_requires_authentication_except_the_public_guideline_and_the_anonymous_spend(db):
    # spending a feedback token must carry no credentials: the token authorises it (docs/privacy.md)
    schema = Client().get("/api/v1/openapi.json").json()
    public = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            if not operation.get("security"):
                public.append(f"{method.upper()} {path}")
    assert public == ["GET /api/v1/guideline", "POST /api/v1/feedback/spend"]
