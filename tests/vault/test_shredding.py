"""Crypto-shredding: once a person's data key is destroyed, no copy of their content opens."""

import pytest
from django.db import connection

from kabeuchi.accounts.services import account_delete
from kabeuchi.notebook.models import Note
from kabeuchi.vault import crypto
from kabeuchi.vault.actor import acting_as, person
from kabeuchi.vault.models import DataKey
from kabeuchi.vault.services import VaultError


def _hex(value) -> str:
    return str(value).replace("-", "")


def _backup(table: str) -> list[dict]:
    """A copy of a table as raw column values, the way a database backup holds it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
        names = [col[0] for col in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _restore(table: str, rows: list[dict]) -> None:
    with connection.cursor() as cursor:
        for row in rows:
            columns = ", ".join(row)
            marks = ", ".join(["%s"] * len(row))
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_a_deleted_persons_content_does_not_decrypt_from_an_old_copy(cast):
    # given aiko and bunta each wrote a note, and a copy of the database was taken
    with acting_as(person(cast.aiko.pk)):
        aiko_note = Note.objects.create(owner=cast.aiko, title="t", body="aiko's private words")
    with acting_as(person(cast.bunta.pk)):
        bunta_note = Note.objects.create(owner=cast.bunta, title="t", body="bunta's private words")
    old_users = _backup("accounts_user")
    old_notes = _backup("notebook_note")
    old_keys = _backup("vault_datakey")
    # when aiko deletes her account
    account_delete(user=cast.aiko)
    assert not Note.objects.filter(pk=aiko_note.pk).exists()
    assert not DataKey.objects.filter(owner_id=cast.aiko.pk).exists()
    # and the old copy of the content is restored next to the current key table
    _restore("accounts_user", [row for row in old_users if _hex(row["id"]) == cast.aiko.pk.hex])
    _restore("notebook_note", [row for row in old_notes if _hex(row["id"]) == aiko_note.pk.hex])
    crypto.cache.clear()
    # then nothing of hers decrypts, for anyone, while bunta's content is unaffected
    restored = Note.objects.get(pk=aiko_note.pk)
    with acting_as(person(cast.aiko.pk)), pytest.raises(VaultError):
        _ = restored.body
    with pytest.raises(VaultError):
        _ = Note.objects.get(pk=aiko_note.pk).title
    with acting_as(person(cast.bunta.pk)):
        assert Note.objects.get(pk=bunta_note.pk).body == "bunta's private words"
    # and (the control) it is the key table alone that decides: with the old key table it would open,
    # which is why keys live in their own database with short-lived backups (docs/privacy.md).
    _restore("vault_datakey", [row for row in old_keys if _hex(row["owner_id"]) == cast.aiko.pk.hex])
    crypto.cache.clear()
    assert Note.objects.get(pk=aiko_note.pk).body == "aiko's private words"
