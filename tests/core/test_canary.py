"""Unique strings written through every private field never appear in the raw database."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

from kabeuchi.core import mydata
from kabeuchi.vault.fields import _EncryptedField


def encrypted_fields() -> list[tuple[type, str]]:
    return [
        (model, f.name)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if isinstance(f, _EncryptedField)
    ]


def test_every_model_with_private_fields_is_in_the_export_and_deletion_registry():
    registered = {model for source in mydata.sources() for model in source.models}
    unregistered = {model.__name__ for model, _ in encrypted_fields()} - {m.__name__ for m in registered}
    assert not unregistered, f"private content that export/delete would miss: {unregistered}"


def _in_a_year():
    import datetime

    from django.utils import timezone

    return timezone.now() + datetime.timedelta(days=365)


# The plain (non-private) fields each private model needs, so a row can be written.
REQUIRED = {
    "notebook.Note": lambda: {},
    "notebook.Strength": lambda: {},
    "notebook.Experience": lambda: {},
    "notebook.ValueRanking": lambda: {},
    "notebook.DirectionVersion": lambda: {"kind": "will"},
    "notebook.Skill": lambda: {},
    "notebook.LearningEntry": lambda: {},
    "notebook.Goal": lambda: {},
    "notebook.CheckIn": lambda: {},
    "coach.Conversation": lambda: {"expires_at": _in_a_year()},
    "oneonone.Agenda": lambda: {},
    "oneonone.Share": lambda: _oneonone_share_fields(),
}


def _oneonone_share_fields() -> dict:
    from kabeuchi.accounts.models import User
    from kabeuchi.oneonone.models import Agenda

    aiko = User.objects.get(email="aiko@sakura.example")
    return {
        "agenda": Agenda.objects.create(owner=aiko, content={"topics": []}),
        "recipient": User.objects.get(email="bunta@sakura.example"),
        "token_hash": uuid.uuid4().hex,
        "expires_at": _in_a_year(),
    }


def _is_json(model, name: str) -> bool:
    from kabeuchi.vault.fields import EncryptedJSONField

    return isinstance(model._meta.get_field(name), EncryptedJSONField)


def _raw_database_bytes() -> bytes:
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        path = Path(connection.settings_dict["NAME"])
        data = b""
        for suffix in ("", "-wal"):
            candidate = Path(str(path) + suffix)
            if candidate.exists():
                data += candidate.read_bytes()
        return data
    if connection.vendor == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            pytest.skip("pg_dump is not installed (Debian package postgresql-client)")
        s = connection.settings_dict
        cmd = [pg_dump, "--data-only", "-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"], s["NAME"]]
        return subprocess.run(cmd, check=True, capture_output=True, env={"PGPASSWORD": s["PASSWORD"] or ""}).stdout
    pytest.skip(f"no raw reader for {connection.vendor}")


@pytest.mark.django_db(transaction=True)
def test_private_text_never_reaches_the_database_in_plaintext(cast):
    # given a unique canary written through every encrypted field of every private model
    canaries: list[str] = []
    for model, _field in encrypted_fields():
        values = {}
        for f in model._meta.get_fields():
            if isinstance(f, _EncryptedField):
                canary = f"CANARY-{uuid.uuid4().hex}-本音"
                canaries.append(canary)
                values[f.name] = canary
        owner_field = next(f for f in model._meta.get_fields() if isinstance(f, _EncryptedField)).owner_field
        values[owner_field] = cast.aiko
        assert model._meta.label in REQUIRED, f"add the required plain fields of {model._meta.label} to REQUIRED"
        values.update(REQUIRED[model._meta.label]())
        model.objects.create(**{k: ({"text": v} if _is_json(model, k) and isinstance(v, str) else v) for k, v in values.items()})
    assert canaries, "no private fields found: the test would prove nothing"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
    # when the raw database is read
    raw = _raw_database_bytes()
    assert b"aiko@sakura.example" in raw, "the raw read did not see the database's contents"
    # then no canary is there, in UTF-8 or UTF-16, whole or in part
    for canary in canaries:
        for encoded in (canary.encode("utf-8"), canary.encode("utf-16-le"), canary[7:27].encode()):
            assert encoded not in raw
