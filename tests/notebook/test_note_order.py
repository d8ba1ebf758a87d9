"""A person's notes keep no count of how often they were changed (docs/privacy.md C7): the last
change is sealed with the note, and the list, the note changed last first, is sorted after
opening."""

from __future__ import annotations

import pytest
from django.db import connection

from kabeuchi.notebook import access
from kabeuchi.notebook import services as nb
from kabeuchi.notebook.models import Note
from kabeuchi.vault.actor import acting_as, person

pytestmark = pytest.mark.django_db


def _raw() -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {Note._meta.db_table}")  # noqa: S608 (a fixed table name)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_the_note_table_counts_no_writes_and_the_list_shows_the_last_changed_first(cast):
    aiko = cast.aiko
    with acting_as(person(aiko.pk)):
        first = nb.note_create(user=aiko, title="一つ目", body="a")
        second = nb.note_create(user=aiko, title="二つ目", body="b")
        third = nb.note_create(user=aiko, title="三つ目", body="c")
        for i in range(4):  # the first note is changed four times
            nb.note_update(user=aiko, note_id=first.pk, title="一つ目", body=f"a{i}")
        assert [n.pk for n in access.note_list(user=aiko)] == [first.pk, third.pk, second.pk]
    rows = _raw()
    assert len(rows) == 3
    assert not any("touch" in column or "count" in column for column in rows[0])
    # the sealed time is one size for every note, however often it was written
    assert len({len(bytes(r["written"])) for r in rows}) == 1
