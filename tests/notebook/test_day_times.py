"""Notebook rows, 1on1 agendas and shares, and data keys keep no time of day (docs/privacy.md P8).

An operator reading the tables learns on which day a person wrote something, never at what
time; the person's lists still read exactly as before (newest first, or in the order they were
written), because within a day they are ordered by per-owner counters, not by a time."""

from __future__ import annotations

import datetime

import pytest
from django.db import connections, router
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from freezegun import freeze_time

from kabeuchi.notebook import access
from kabeuchi.notebook import services as nb
from kabeuchi.notebook.models import (
    CheckIn,
    DirectionVersion,
    Experience,
    Goal,
    LearningEntry,
    Note,
    Skill,
    Strength,
    ValueRanking,
)
from kabeuchi.oneonone import access as oneonone_access
from kabeuchi.oneonone import services as oneonone
from kabeuchi.oneonone.models import Agenda, Share
from kabeuchi.vault.actor import acting_as, person
from kabeuchi.vault.models import DataKey
from tests.migrating import migrate

# one Tokyo day (2026-11-20): 09:30, 14:37 and 22:58 local
MORNING, AFTERNOON, NIGHT = "2026-11-20 00:30:00", "2026-11-20 05:37:11", "2026-11-20 13:58:03"
PERSONAL = (Note, Strength, Experience, ValueRanking, DirectionVersion, Skill, LearningEntry, Goal, CheckIn, Agenda, Share)


def _aware(value) -> datetime.datetime:
    """A value as the database driver gives it (SQLite: text in UTC; PostgreSQL: aware)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value.replace(tzinfo=datetime.UTC) if timezone.is_naive(value) else value


def _raw_times(model, *, where: str = "", params=()) -> list[datetime.datetime]:
    """Every stored time of ``model``'s rows, read with SQL, past the ORM and DayTimestampField."""
    fields = [f.column for f in model._meta.concrete_fields if f.name in ("created_at", "updated_at")]
    db = connections[router.db_for_read(model)]
    with db.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(fields)} FROM {model._meta.db_table} {where}", list(params))  # noqa: S608
        return [_aware(v) for row in cursor.fetchall() for v in row]


def _time_of_day(moment: datetime.datetime) -> tuple:
    local = timezone.localtime(moment)
    return local.hour, local.minute, local.second, local.microsecond


def _agenda(user, text):
    return oneonone.agenda_create(user=user, content={"topics": [{"category": "work", "text": text, "style": "think"}]})


def _write_one_of_each(cast):
    aiko = cast.aiko
    with acting_as(person(aiko.pk)):
        with freeze_time(MORNING):
            note = nb.note_create(user=aiko, title="朝", body="朝のメモ")
            strength = nb.strength_create(user=aiko, name="聴く力")
            nb.experience_create(user=aiko, title="新人研修", start="2023-04", strength_ids=[strength.pk])
            nb.value_ranking_set(user=aiko, ranking=["growth", "autonomy"])
            agenda = _agenda(aiko, "進め方")
        with freeze_time(AFTERNOON):
            nb.direction_add(user=aiko, kind="will", text="支える人に")
            nb.skill_create(user=aiko, name="SQL", level=3)
            nb.learning_create(user=aiko, what="統計", on="2026-11-20", minutes=30)
            nb.goal_create(user=aiko, title="発表する")
            oneonone.share_create(user=aiko, agenda_id=agenda.pk, item_keys=["topic-0"], recipient=cast.bunta, days=7)
        with freeze_time(NIGHT):
            nb.checkin_create(user=aiko, energy=2, mood="calm")
            nb.note_update(user=aiko, note_id=note.pk, title="朝", body="夜に書き足した")
            oneonone.agenda_update(user=aiko, agenda_id=agenda.pk, content={"topics": [{"category": "work", "text": "夜", "style": "think"}]})


def test_rows_written_at_any_time_of_a_day_keep_only_the_day(cast):
    # when aiko writes in her notebook and prepares a 1on1 in the morning, afternoon and night
    with freeze_time(MORNING):
        assert not DataKey.objects.filter(owner_id=cast.aiko.pk).exists()
    _write_one_of_each(cast)
    # then every stored time, read past the ORM, is 00:00 of that day in Tokyo
    for model in PERSONAL:
        moments = _raw_times(model)
        assert moments, model
        assert {_time_of_day(m) for m in moments} == {(0, 0, 0, 0)}, (model.__name__, moments)
        assert {timezone.localtime(m).date().isoformat() for m in moments} == {"2026-11-20"}, model.__name__
    # and so does her data key, made at her first sealed write of the day
    keys = _raw_times(DataKey)
    assert keys and {_time_of_day(m) for m in keys} == {(0, 0, 0, 0)}, keys
    # and her export dates each item by her own day (Tokyo), not by the UTC date of its 00:00
    from kabeuchi.notebook import mydata

    [checkin] = mydata._checkins(cast.aiko)
    assert checkin.title == "2026-11-20"
    assert checkin.data["created_at"].startswith("2026-11-20T00:00:00+09:00")


def test_lists_written_within_one_day_keep_the_order_the_person_sees(cast):
    aiko = cast.aiko
    times = iter(f"2026-11-20 {h:02d}:{m:02d}:00" for h in range(0, 15) for m in (5, 35))  # all 2026-11-20 in Tokyo
    with acting_as(person(aiko.pk)):
        def at(make):
            with freeze_time(next(times)):
                return make()

        first = at(lambda: nb.note_create(user=aiko, title="一つ目", body="a"))
        second = at(lambda: nb.note_create(user=aiko, title="二つ目", body="b"))
        third = at(lambda: nb.note_create(user=aiko, title="三つ目", body="c"))
        at(lambda: nb.note_update(user=aiko, note_id=first.pk, title="一つ目", body="書き直し"))
        strengths = [at(lambda i=i: nb.strength_create(user=aiko, name=f"強み{i}")) for i in range(4)]
        versions = [at(lambda i=i: nb.direction_add(user=aiko, kind="will", text=f"版{i}")) for i in range(3)]
        skills = [at(lambda i=i: nb.skill_create(user=aiko, name=f"スキル{i}", level=3)) for i in range(3)]
        learning = [at(lambda i=i: nb.learning_create(user=aiko, what=f"学習{i}", on="2026-11-20", minutes=10)) for i in range(3)]
        goals = [at(lambda i=i: nb.goal_create(user=aiko, title=f"目標{i}")) for i in range(3)]
        checkins = [at(lambda i=i: nb.checkin_create(user=aiko, energy=i + 1)) for i in range(3)]
        agendas = [at(lambda i=i: _agenda(aiko, f"議題{i}")) for i in range(3)]
        shares = [at(lambda: oneonone.share_create(user=aiko, agenda_id=agendas[0].pk, item_keys=["topic-0"],
                                                    recipient=cast.bunta, days=7).share) for _ in range(2)]
    # the rows of each kind were written at different times, yet store the same day ...
    for model in (Note, Strength, DirectionVersion, Skill, LearningEntry, Goal, CheckIn, Agenda, Share):
        assert len(set(_raw_times(model))) == 1, model.__name__
    # ... and every list reads as it did when it was ordered by the exact time
    ids = lambda rows: [r.pk for r in rows]  # noqa: E731
    assert ids(access.note_list(user=aiko)) == ids([first, third, second])  # changed last first
    assert ids(access.strength_list(user=aiko)) == ids(strengths)  # in the order she named them
    assert ids(access.direction_versions(user=aiko, kind="will")) == ids(versions[::-1])
    assert access.notebook_get(user=aiko).directions["will"].pk == versions[-1].pk  # the current one
    assert ids(access.skill_list(user=aiko)) == ids(skills)
    assert ids(access.learning_list(user=aiko)) == ids(learning[::-1])
    assert ids(access.learning_recent(user=aiko, limit=2)) == ids(learning[::-1][:2])
    assert ids(access.goal_list(user=aiko)) == ids(goals)
    assert ids(access.checkin_list(user=aiko)) == ids(checkins)
    assert ids(oneonone_access.agenda_list(user=aiko)) == ids(agendas[::-1])
    assert ids(oneonone_access.share_list(user=aiko)) == ids(shares[::-1])


LATEST = None  # every app's newest migration (later migrations, such as single sign-on's, come back too)
BEFORE = [("notebook", "0002_career_notebook"), ("oneonone", "0002_share_to_an_address"), ("vault", "0001_initial"),
          ("accounts", "0003_day_only_join_times")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_rounds_existing_rows_to_the_day_and_keeps_their_order(cast):
    aiko, bunta = cast.aiko, cast.bunta
    with acting_as(person(aiko.pk)):
        notes = [nb.note_create(user=aiko, title=f"メモ{i}", body="本文") for i in range(3)]
        strengths = [nb.strength_create(user=aiko, name=f"強み{i}") for i in range(3)]
        versions = [nb.direction_add(user=aiko, kind="can", text=f"版{i}") for i in range(3)]
        checkins = [nb.checkin_create(user=aiko, energy=i + 1) for i in range(3)]
        agendas = [_agenda(aiko, f"議題{i}") for i in range(3)]
    with acting_as(person(bunta.pk)):
        bunta_strength = nb.strength_create(user=bunta, name="任せる力")
    from kabeuchi.accounts.models import AccessToken
    from kabeuchi.accounts.services import access_token_create

    token = access_token_create(user=aiko, name="laptop").token
    try:
        # given the rows as the previous release kept them: exact times, in an order of their own
        old = migrate(BEFORE)

        def at(hour, minute=0, day=20):  # Tokyo time
            return datetime.datetime(2026, 11, day, hour, minute, 17, 123456, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))

        def stamp(model_name, app, rows_and_times):
            model = old.get_model(app, model_name)
            for row, (created, updated) in rows_and_times:
                model.objects.filter(pk=row.pk).update(created_at=created, updated_at=updated)

        # notes made 1, 0, 2 (over two days) and last changed 2, 1, 0 within one day
        stamp("Note", "notebook", [(notes[0], (at(10), at(21))), (notes[1], (at(9, day=19), at(20))),
                                   (notes[2], (at(11), at(19)))])
        # strengths named 2, 0, 1 within one day; versions written 1, 2, 0; check-ins 2, 1, 0; agendas 0, 2, 1
        stamp("Strength", "notebook", list(zip(strengths, [(at(8), at(8)), (at(23), at(23)), (at(7), at(7))], strict=True)))
        stamp("DirectionVersion", "notebook", list(zip(versions, [(at(18), at(18)), (at(6), at(6)), (at(12), at(12))], strict=True)))
        stamp("CheckIn", "notebook", list(zip(checkins, [(at(22), at(22)), (at(13), at(13)), (at(1), at(1))], strict=True)))
        stamp("Agenda", "oneonone", list(zip(agendas, [(at(0, 5), at(9)), (at(16), at(16)), (at(14), at(14))], strict=True)))
        stamp("Strength", "notebook", [(bunta_strength, (at(17), at(17)))])
        old.get_model("vault", "DataKey").objects.update(created_at=at(15, 42))
        old.get_model("accounts", "AccessToken").objects.filter(pk=token.pk).update(expires_at=at(15, 42, day=27))

        # when the migrations run
        migrate(LATEST)

        # then nothing holds a time of day any more ...
        for model in (*PERSONAL, DataKey):
            assert {_time_of_day(m) for m in _raw_times(model)} <= {(0, 0, 0, 0)}, model.__name__
        assert timezone.localtime(Note.objects.get(pk=notes[1].pk).created_at).date().isoformat() == "2026-11-19"
        expires = timezone.localtime(AccessToken.objects.get(pk=token.pk).expires_at)
        assert (expires.date().isoformat(), _time_of_day(expires)) == ("2026-11-28", (0, 0, 0, 0))  # the end of 11-27
        # ... and every list reads as it did before, with per-owner counters from 1
        ids = lambda rows: [r.pk for r in rows]  # noqa: E731
        assert ids(access.note_list(user=aiko)) == ids([notes[0], notes[1], notes[2]])
        assert ids(access.strength_list(user=aiko)) == ids([strengths[2], strengths[0], strengths[1]])
        assert ids(access.direction_versions(user=aiko, kind="can")) == ids([versions[0], versions[2], versions[1]])
        assert ids(access.checkin_list(user=aiko)) == ids([checkins[2], checkins[1], checkins[0]])
        assert ids(oneonone_access.agenda_list(user=aiko)) == ids([agendas[1], agendas[2], agendas[0]])
        assert sorted(Strength.objects.filter(owner=aiko).values_list("seq", flat=True)) == [1, 2, 3]
        assert Strength.objects.get(pk=bunta_strength.pk).seq == 1
        # and the next write continues the order
        with acting_as(person(aiko.pk)):
            newest = nb.strength_create(user=aiko, name="新しい強み")
            nb.note_update(user=aiko, note_id=notes[2].pk, title="メモ2", body="書き直し")
        assert access.strength_list(user=aiko)[-1].pk == newest.pk
        assert access.note_list(user=aiko)[0].pk == notes[2].pk
    finally:
        migrate(LATEST)


# Times on a person's rows that are not DayTimestampFields, and why each keeps no time of day.
ROUNDED_ELSEWHERE = {
    "coach.Conversation.expires_at": "the end of a day (coach.services._expiry)",
    "oneonone.Share.expires_at": "the end of a day (oneonone.services.share_create)",
    "accounts.AccessToken.expires_at": "the end of a day (accounts.services.access_token_create)",
}


def test_no_row_of_a_person_keeps_a_plain_time():
    """A structural guard: a new model (or field) linked to a person with a plain DateTimeField
    fails here until its times keep only the day or it is listed above with the reason."""
    from django.apps import apps
    from django.conf import settings
    from django.db import models

    from kabeuchi.core.timestamps import DayTimestampField

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    plain = []
    for model in apps.get_models():
        linked = model is user_model or model is DataKey or any(
            f.is_relation and f.related_model is user_model for f in model._meta.concrete_fields
        )
        if not linked:
            continue
        for field in model._meta.concrete_fields:
            name = f"{model._meta.app_label}.{model.__name__}.{field.name}"
            if isinstance(field, models.DateTimeField) and not isinstance(field, DayTimestampField):
                if name not in ROUNDED_ELSEWHERE:
                    plain.append(name)
    assert plain == []
