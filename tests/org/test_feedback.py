"""Anonymous feedback: no link to the sender, once per month, released only in batches of k."""

from __future__ import annotations

import pytest
from django.db import connection
from freezegun import freeze_time

from kabeuchi.accounts import services as account_services
from kabeuchi.org import feedback
from kabeuchi.org.models import FeedbackPending, FeedbackResponse, PeriodMark, PeriodSecret
from kabeuchi.org.release import period_release


def _members(org, n, prefix="m"):
    from kabeuchi.accounts.models import User

    people = []
    for i in range(n):
        user = User.objects.create_user(f"{prefix}{i}@sakura.example", "pw-12345678-x", display_name=f"社員{i}")
        account_services.membership_create(user=user, organisation=org, role="member", department="営業部", team="東")
        people.append(user)
    return people


def _submit(users, org, comment=""):
    for i, user in enumerate(users):
        feedback.feedback_submit(user=user, organisation=org, safe="yes", useful="somewhat", comment=comment or f"voice-{i}")


def test_feedback_rows_carry_no_user_ip_or_precise_time(cast):
    # given the columns of every table that holds feedback
    for model in (FeedbackPending, FeedbackResponse):
        columns = {f.column for f in model._meta.concrete_fields}
        # then there is no user, address or time among them
        assert columns == {"id", "organisation_id", "period", "answers"}
    with freeze_time("2026-10-15 10:42:00"):
        feedback.feedback_submit(user=cast.aiko, organisation=cast.sakura, safe="yes", useful="yes", comment="ok")
    row = FeedbackPending.objects.get()
    assert str(cast.aiko.pk) not in str(row.answers)
    # and the once-a-month mark is a keyed hash, not an id
    mark = PeriodMark.objects.get()
    assert str(cast.aiko.pk) not in mark.tag and cast.aiko.email not in mark.tag


def test_free_text_is_scrubbed_of_names_and_contacts(cast):
    # when aiko names a colleague and gives contact details
    with freeze_time("2026-10-15"):
        feedback.feedback_submit(
            user=cast.aiko, organisation=cast.sakura, safe="no", useful="no",
            comment="馬場 文太さんに言われた。連絡は aiko@sakura.example か 090-1234-5678 まで",
        )
    text = FeedbackPending.objects.get().answers["comment"]
    # then none of it is stored
    for secret in ("馬場", "文太", "aiko@sakura.example", "090-1234-5678"):
        assert secret not in text


def test_one_submission_per_person_per_month(cast):
    with freeze_time("2026-10-15"):
        feedback.feedback_submit(user=cast.aiko, organisation=cast.sakura, safe="yes", useful="yes")
        from django.utils import translation

        with translation.override("en"), pytest.raises(Exception, match="already"):
            feedback.feedback_submit(user=cast.aiko, organisation=cast.sakura, safe="no", useful="no")
    # and next month she can again
    with freeze_time("2026-11-03"):
        feedback.feedback_submit(user=cast.aiko, organisation=cast.sakura, safe="no", useful="no")
    assert FeedbackPending.objects.count() == 2


@pytest.mark.parametrize(("sent", "shown"), [(9, 0), (10, 10)])
def test_nine_submissions_show_nothing_and_ten_show_all(cast, sent, shown):
    # given k = 10 and this many submissions in October
    people = _members(cast.sakura, sent)
    with freeze_time("2026-10-15"):
        _submit(people, cast.sakura)
    # when October is released
    with freeze_time("2026-11-02"):
        period_release(organisation=cast.sakura, period="2026-10")
    # then the people team sees all of them or none
    batches = feedback.feedback_batches(organisation=cast.sakura)
    assert sum(len(b.voices) for b in batches) == shown  # each sent one text here
    assert all(b.at_least == 10 for b in batches)
    if shown:
        assert batches[0].period == "2026-10"
        assert sorted(batches[0].voices) == sorted(f"voice-{i}" for i in range(sent))
    # and the period's secret and marks are gone either way
    assert not PeriodSecret.objects.exists() and not PeriodMark.objects.exists()


def test_a_small_batch_waits_and_joins_the_next_release(cast):
    people = _members(cast.sakura, 10)
    with freeze_time("2026-10-15"):
        _submit(people[:6], cast.sakura)
    with freeze_time("2026-11-02"):
        period_release(organisation=cast.sakura, period="2026-10")
        _submit(people[6:], cast.sakura)
    assert feedback.feedback_batches(organisation=cast.sakura) == []
    with freeze_time("2026-12-01"):
        period_release(organisation=cast.sakura, period="2026-11")
    assert [len(b.voices) for b in feedback.feedback_batches(organisation=cast.sakura)] == [10]


def test_insertion_order_does_not_reveal_submission_order(cast):
    # given 40 submissions in a known order
    people = _members(cast.sakura, 40)
    with freeze_time("2026-10-15"):
        for i, user in enumerate(people):
            feedback.feedback_submit(user=user, organisation=cast.sakura, safe="yes", useful="yes", comment=f"#{i:02d}")
    with freeze_time("2026-11-02"):
        period_release(organisation=cast.sakura, period="2026-10")
    # when reading released rows in the database's own physical order (rowid on SQLite)
    table = FeedbackResponse._meta.db_table
    with connection.cursor() as cursor:
        order = "rowid" if connection.vendor == "sqlite" else "ctid"
        cursor.execute(f"SELECT answers FROM {table} ORDER BY {order}")  # noqa: S608
        physical = [row[0] for row in cursor.fetchall()]
    import json

    numbers = [int(json.loads(a)["comment"][1:]) if isinstance(a, str) else int(a["comment"][1:]) for a in physical]
    # then the stored order is not the submission order (chance of equality: 1/40!)
    assert numbers != list(range(40))
    # and neither is the order the page shows
    voices = feedback.feedback_batches(organisation=cast.sakura)[0].voices
    assert list(voices) != [f"#{i:02d}" for i in range(40)]


def test_members_are_told_how_feedback_stays_anonymous_and_chika_sees_only_batches(cast, client_for):
    page = client_for("aiko").get("/feedback/").content.decode()
    assert 'id="how-anonymous"' in page and "IP" in page
    # chika sees nothing before a release
    assert "voice-" not in client_for("chika").get("/org/feedback/").content.decode()
