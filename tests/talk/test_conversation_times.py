"""A saved conversation's row says nothing of its owner's use that sealing does not hide
(docs/privacy.md P8 and C7).  Whoever reads the table (the operator, a backup, a DBA) learns
that a person has a saved conversation, the day it was started and the day it will be deleted;
not which theme they chose, how long they keep it, how often or when they wrote, how much they
wrote (to within a power of two), or whether they kept a summary.  The owner's list still shows
the conversation they wrote to last first."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time

from kabeuchi.coach import services
from kabeuchi.coach.access import conversation_list
from kabeuchi.coach.engines.base import Turn
from kabeuchi.coach.models import Conversation
from kabeuchi.coach.themes import THEMES
from kabeuchi.vault.actor import acting_as, person
from kabeuchi.vault.models import AccessRecord
from tests.migrating import migrate

pytestmark = pytest.mark.django_db

# What the row may hold in the clear, and why: the primary key, the owner (access), the day it
# was started, the day it expires (the purge), a random compare-and-swap token, and three
# sealed values.
COLUMNS = {"id", "owner_id", "created_at", "expires_at", "version", "meta", "state", "kept_summary"}


def _raw_rows() -> list[dict]:
    table = Conversation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (a fixed table name)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _aware(raw) -> datetime.datetime:
    """A time as the database driver returns it (SQLite: text or naive UTC; PostgreSQL: aware)."""
    moment = raw if isinstance(raw, datetime.datetime) else datetime.datetime.fromisoformat(raw)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=datetime.UTC)


def _is_midnight(raw) -> bool:
    local = timezone.localtime(_aware(raw))
    return (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


def test_a_saved_conversation_keeps_only_days_and_the_list_keeps_its_order(cast):
    aiko = cast.aiko
    with acting_as(person(aiko.pk)):
        with freeze_time("2026-11-20 05:37:11"):  # 14:37:11 in Tokyo
            state, first = services.conversation_start(user=aiko, theme="free", retention_days=30, language="ja")
        with freeze_time("2026-11-20 06:02:45"):
            _, second = services.conversation_start(user=aiko, theme="free", retention_days=30, language="ja")
        with freeze_time("2026-11-20 09:58:03"):  # 18:58 Tokyo: back to the first one
            services._record_saved(
                user=aiko, conversation_id=first.pk, base=state,
                state=state.adding(Turn("person", "続きです"), Turn("partner", "はい")),
            )
    rows = _raw_rows()
    assert len(rows) == 2
    for row in rows:
        assert set(row) == COLUMNS
        assert _is_midnight(row["created_at"]) and _is_midnight(row["expires_at"]), row
    first_row = next(r for r in rows if str(r["id"]).replace("-", "") == first.pk.hex)
    assert timezone.localtime(_aware(first_row["expires_at"])).date().isoformat() == "2026-12-21"  # the end of 12-20
    # the owner's list: the one written last comes first, with no time or counter in the row
    with acting_as(person(aiko.pk)):
        listed = conversation_list(user=aiko)
        assert [c.pk for c in listed] == [first.pk, second.pk]
        assert timezone.localtime(listed[0].updated_on).date().isoformat() == "2026-11-20"


def test_the_row_tells_neither_theme_nor_retention_nor_how_much_was_said(cast):
    """Every theme and retention gives sealed values of the same sizes; a short exchange and a
    kept summary do not change them; the version is no count of writes."""
    aiko, bunta = cast.aiko, cast.bunta
    started = []
    for user in (aiko, bunta):
        with acting_as(person(user.pk)):
            for theme, days in zip(THEMES, [30, 90, 365, 30, 90, 365, 30], strict=False):
                for language in ("ja", "en"):
                    started.append((user, *services.conversation_start(user=user, theme=theme, retention_days=days, language=language)))
    rows = _raw_rows()
    assert len(rows) == len(started) >= 20

    def sizes(column):
        return {len(bytes(r[column])) for r in rows}

    # at the start: one size per sealed column, whatever the theme, language or retention
    assert len(sizes("meta")) == 1 and len(sizes("state")) == 1 and len(sizes("kept_summary")) == 1
    start_state, start_meta, start_summary = sizes("state"), sizes("meta"), sizes("kept_summary")
    # nothing in the clear names a theme or a retention
    for row in rows:
        clear = " ".join(str(v) for k, v in row.items() if k not in {"meta", "state", "kept_summary"})
        assert not any(key in clear for key in THEMES), clear
    # a few exchanges, a kept summary and a changed retention on aiko's first conversation
    user, base, conversation = started[0]
    versions = {conversation.version}
    with acting_as(person(user.pk)):
        for i in range(3):
            latest = services.conversation_state(conversation=Conversation.objects.get(pk=conversation.pk))
            services._record_saved(
                user=user, conversation_id=conversation.pk, base=latest,
                state=latest.adding(Turn("person", f"はい{i}"), Turn("partner", "なるほど")),
            )
            versions.add(Conversation.objects.get(pk=conversation.pk).version)
        services.summary_keep(user=user, conversation_id=conversation.pk, noticed=["少し整理できた"], next_steps=["来週話す"])
        services.conversation_retention_set(user=user, conversation_id=conversation.pk, retention_days=365)
        versions.add(Conversation.objects.get(pk=conversation.pk).version)
        reread = Conversation.objects.get(pk=conversation.pk)
        assert (reread.retention_days, reread.theme, reread.kept_summary["next_steps"]) == (365, "free", ["来週話す"])
    rows = _raw_rows()
    assert sizes("meta") == start_meta and sizes("kept_summary") == start_summary
    assert sizes("state") == start_state  # three short exchanges still fit the first size
    # five writes, five unrelated random versions: none of them counts anything
    assert len(versions) == 5 and min(versions) > 2**20


def test_a_discarded_summary_leaves_the_row_as_it_was_before(cast):
    aiko = cast.aiko
    with acting_as(person(aiko.pk)):
        _, conversation = services.conversation_start(user=aiko, theme="career", retention_days=30, language="ja")
        before = len(bytes(_raw_rows()[0]["kept_summary"]))
        services.summary_keep(user=aiko, conversation_id=conversation.pk, noticed=["a"], next_steps=["b"])
        services.summary_discard(user=aiko, conversation_id=conversation.pk)
        assert Conversation.objects.get(pk=conversation.pk).kept_summary == {}
    assert len(bytes(_raw_rows()[0]["kept_summary"])) == before


def test_the_owner_reading_their_list_leaves_no_access_record(cast):
    aiko = cast.aiko
    with acting_as(person(aiko.pk)):
        services.conversation_start(user=aiko, theme="career", retention_days=30, language="ja")
        services.conversation_start(user=aiko, theme="learning", retention_days=90, language="en")
        assert {c.theme for c in conversation_list(user=aiko)} == {"career", "learning"}
    assert not AccessRecord.objects.exists()


LATEST = None
BEFORE = [("coach", "0003_conversation_day_times")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_theme_and_retention_and_keeps_the_lists_order(cast):
    """Rows saved before: their theme, retention and order move into the sealed value, and no
    person's content is opened to do it (no access record)."""
    aiko, bunta = cast.aiko, cast.bunta
    try:
        old = migrate(BEFORE)
        Old = old.get_model("coach", "Conversation")  # noqa: N806
        day = datetime.datetime(2026, 11, 20, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))
        expires = day + datetime.timedelta(days=31)
        made = []
        for user, theme, days, updated, touched in [
            (aiko, "career", 30, day, 2), (aiko, "one_on_one", 90, day, 5), (aiko, "free", 365, day - datetime.timedelta(days=3), 9),
            (bunta, "learning", 30, day, 1),
        ]:
            with acting_as(person(user.pk)):
                row = Old.objects.create(owner_id=user.pk, theme=theme, retention_days=days, expires_at=expires,
                                         touched=touched, title="x", state={"theme": theme, "turns": []}, version=3)
            Old.objects.filter(pk=row.pk).update(updated_at=updated)
            made.append(row.pk)
        migrate(LATEST)
        assert not AccessRecord.objects.exists()
        with acting_as(person(aiko.pk)):
            listed = conversation_list(user=aiko)
            # the later day first, then the higher write counter within a day
            assert [c.pk for c in listed] == [made[1], made[0], made[2]]
            assert [(c.theme, c.retention_days) for c in listed] == [("one_on_one", 90), ("career", 30), ("free", 365)]
            assert listed[0].title == "1on1準備"
        for row in _raw_rows():
            assert set(row) == COLUMNS
    finally:
        migrate(LATEST)


def test_the_pages_that_list_conversations_show_the_day_of_the_last_message(cast, client_for):
    """The day shown in the talk list and on the notebook's 'ideas from a conversation' comes from
    the sealed value now (a plain column used to hold it)."""
    from django.urls import reverse

    aiko = cast.aiko
    pages = [reverse(name) for name in ("coach:talk-list", "notebook:home")]  # the URLconf (and the API's schemas) load outside the frozen clock
    with freeze_time("2026-11-20 05:37:11"), acting_as(person(aiko.pk)):
        state, conversation = services.conversation_start(user=aiko, theme="career", retention_days=30, language="ja")
    with freeze_time("2026-11-24 03:00:00"), acting_as(person(aiko.pk)):
        services._record_saved(
            user=aiko, conversation_id=conversation.pk, base=state,
            state=state.adding(Turn("person", "続きです"), Turn("partner", "はい")),
        )
    client = client_for("aiko")
    with freeze_time("2026-11-25 03:00:00"):
        for url in pages:
            page = client.get(url).content.decode()
            assert "2026-11-24" in page, url
            assert "キャリアの方向性" in page, url


def test_a_retention_change_is_written_even_while_messages_keep_arriving(cast, monkeypatch):
    """The compare-and-swap loses on every attempt (a message recorded each time): the person's
    choice is written anyway, never an error, and the conversation's turns are untouched."""
    aiko = cast.aiko
    with acting_as(person(aiko.pk)):
        state, conversation = services.conversation_start(user=aiko, theme="career", retention_days=30, language="ja")
        turns_before = Conversation.objects.get(pk=conversation.pk).state["turns"]
        real_filter = Conversation.objects.filter

        def racing_filter(*args, **kwargs):  # every version-checked update finds a newer version
            if "version" in kwargs:
                kwargs["version"] = -1
            return real_filter(*args, **kwargs)

        monkeypatch.setattr(Conversation.objects, "filter", racing_filter)
        services.conversation_retention_set(user=aiko, conversation_id=conversation.pk, retention_days=365)
        monkeypatch.undo()
        row = Conversation.objects.get(pk=conversation.pk)
        assert row.retention_days == 365 and row.state["turns"] == turns_before
