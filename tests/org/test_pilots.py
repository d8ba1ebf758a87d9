"""Opt-in pilots: people join themselves; the people team sees a count from k, never who."""

from __future__ import annotations

import datetime

from kabeuchi.accounts import services as account_services
from kabeuchi.accounts.models import User
from kabeuchi.org import pilots
from kabeuchi.org.models import PilotParticipation


def _pilot(org, **kw):
    today = datetime.date.today()
    return pilots.pilot_create(organisation=org, name="1on1 準備パイロット", starts_on=today, ends_on=today + datetime.timedelta(days=60), **kw)


def _join(org, pilot, n):
    for i in range(n):
        user = User.objects.create_user(f"p{i}@sakura.example", "pw-12345678-x", display_name=f"参加者{i}")
        membership = account_services.membership_create(user=user, organisation=org, role="member", department="営業部", team="")
        pilots.pilot_join(user=user, membership=membership, code=pilot.code)


def test_the_people_team_sees_no_live_count_and_an_at_least_figure_from_k(cast):
    # the count comes only with the monthly DP release (tests/org/test_insights_attacks.py)
    pilot = _pilot(cast.sakura)
    _join(cast.sakura, pilot, 10)
    assert pilots.pilot_list_for_people(organisation=cast.sakura, k=10)[0].joined_at_least is None
    assert pilots.joined_band(None, k=10) is None and pilots.joined_band(5, k=10) is None
    assert pilots.joined_band(10, k=10) == 10 and pilots.joined_band(15, k=10) == 15


def test_nobody_sees_who_joined(cast, client_for):
    # given aiko joined a pilot
    pilot = _pilot(cast.sakura)
    pilots.pilot_join(user=cast.aiko, membership=cast.aiko.membership, code=pilot.code)
    # then no page of chika's, eita's or bunta's names her
    for who, url in (("chika", "/org/pilots/"), ("bunta", "/pilots/"), ("eita", "/pilots/"), ("chika", "/pilots/")):
        page = client_for(who).get(url).content.decode()
        assert cast.aiko.display_name not in page and cast.aiko.email not in page
    # and the participation row has no time and no account id: only a keyed hash of it, which
    # the database alone cannot turn back into a person (the black-box attack's C7)
    assert {f.column for f in PilotParticipation._meta.concrete_fields} == {"id", "pilot_id", "tag"}
    row = PilotParticipation.objects.get()
    assert str(cast.aiko.pk) not in row.tag and str(cast.aiko.pk).replace("-", "") not in row.tag
    assert row.tag == pilots.participant_tag(cast.aiko.pk) != pilots.participant_tag(cast.bunta.pk)


def test_deleting_the_account_deletes_her_pilot_places(cast):
    from kabeuchi.accounts.services import account_delete

    pilot = _pilot(cast.sakura)
    pilots.pilot_join(user=cast.aiko, membership=cast.aiko.membership, code=pilot.code)
    pilots.pilot_join(user=cast.bunta, membership=cast.bunta.membership, code=pilot.code)
    account_delete(user=cast.aiko)
    assert list(PilotParticipation.objects.values_list("tag", flat=True)) == [pilots.participant_tag(cast.bunta.pk)]


def test_a_member_joins_sees_and_leaves_her_own_pilot(cast, client_for):
    pilot = _pilot(cast.sakura)
    aiko = client_for("aiko")
    assert aiko.post(f"/pilots/join/{pilot.code}/").status_code == 302
    assert "You joined this pilot." in aiko.get("/pilots/").content.decode() or "参加" in aiko.get("/pilots/").content.decode()
    assert PilotParticipation.objects.filter(tag=pilots.participant_tag(cast.aiko.pk)).count() == 1
    assert aiko.post(f"/pilots/{pilot.pk}/leave/").status_code == 302
    assert not PilotParticipation.objects.exists()


def test_a_department_invitation_is_shown_only_to_that_department(cast):
    _pilot(cast.sakura, department="営業部")
    assert pilots.pilot_list_mine(user=cast.aiko, membership=cast.aiko.membership) == []
    assert len(pilots.pilot_list_mine(user=cast.daichi, membership=cast.daichi.membership)) == 0  # other organisation


def test_another_organisations_code_does_not_work(cast, client_for):
    pilot = _pilot(cast.sakura)
    assert client_for("daichi").post(f"/pilots/join/{pilot.code}/").status_code == 404


def test_my_pilots_are_in_my_data_and_can_be_left_from_there(cast):
    from kabeuchi.core import mydata

    pilot = _pilot(cast.sakura)
    pilots.pilot_join(user=cast.aiko, membership=cast.aiko.membership, code=pilot.code)
    source = mydata.source("pilots")
    assert [item.title for item in source.list_items(cast.aiko)] == [pilot.name]
    assert list(source.list_items(cast.bunta)) == []
    source.delete_item(user=cast.aiko, item_id=str(pilot.pk))
    assert source.count(cast.aiko) == 0
