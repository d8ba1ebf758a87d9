"""Opt-in pilots: the people team invites, employees join themselves, nobody learns who.

The people team gets a count only from the monthly differentially private release
(``insights.snapshot_release``): the lower end of a noisy 95 % range ("at least 15"), shown once
it reaches k.  Nothing here counts participations live, so watching the page after each join
shows the same figure until the next month's release, and the figure itself is noisy.
A person's own participations are readable only by that person (``pilot_list_mine``).
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils.translation import gettext as _

from kabeuchi.accounts.models import Membership, Organisation
from kabeuchi.org.models import Pilot, PilotParticipation

BAND = 5


@dataclass(frozen=True)
class PilotForPeople:
    id: str
    name: str
    description: str
    starts_on: datetime.date
    ends_on: datetime.date
    department: str
    code: str
    joined_at_least: int | None  # None: not released yet, or the noisy range starts below k


@dataclass(frozen=True)
class PilotForMember:
    id: str
    name: str
    description: str
    starts_on: datetime.date
    ends_on: datetime.date
    code: str
    joined: bool


def joined_band(low: int | None, *, k: int) -> int | None:
    """"At least N" from the low end of a released noisy range (already a multiple of five)."""
    if low is None or low < k:
        return None
    return low - low % BAND


def pilot_create(
    *, organisation: Organisation, name: str, starts_on: datetime.date, ends_on: datetime.date,
    description: str = "", department: str = "",
) -> Pilot:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end date must be on or after the start date.")]})
    return Pilot.objects.create(
        organisation=organisation, name=name.strip(), description=description.strip(), starts_on=starts_on,
        ends_on=ends_on, department=department.strip(), code=secrets.token_urlsafe(9),
    )


def pilot_list_for_people(*, organisation: Organisation, k: int) -> list[PilotForPeople]:
    """Pilots with the figure of the latest monthly release; never a live count."""
    from kabeuchi.org.insights import pilot_figures

    rows = Pilot.objects.filter(organisation=organisation).order_by("-starts_on", "name")
    released = pilot_figures(organisation=organisation)
    figures = released[1] if released else {}
    return [
        PilotForPeople(
            id=str(p.pk), name=p.name, description=p.description, starts_on=p.starts_on, ends_on=p.ends_on,
            department=p.department, code=p.code,
            joined_at_least=joined_band(figures[str(p.pk)].low if str(p.pk) in figures else None, k=k),
        )
        for p in rows
    ]


TAG_SALT = "kabeuchi.org.pilot-participation"


def participant_tag(user_id) -> str:
    """The keyed hash a pilot place is stored under instead of the account id (HMAC-SHA256 with
    a key derived from ``SECRET_KEY``): the server can compute it for the person, a copy of the
    database cannot be read back to people.  Rotating the secret key forgets everyone's pilot
    places (their counts go with them)."""
    from django.utils.crypto import salted_hmac

    return salted_hmac(TAG_SALT, str(user_id), algorithm="sha256").hexdigest()


def pilot_places_delete(*, user_ids, organisation=None) -> None:
    """Delete the pilot places of these accounts (a deleted account, or members who left)."""
    rows = PilotParticipation.objects.filter(tag__in=[participant_tag(u) for u in user_ids])
    if organisation is not None:
        rows = rows.filter(pilot__organisation=organisation)
    rows.delete()


def pilot_list_mine(*, user, membership: Membership) -> list[PilotForMember]:
    """Pilots I joined, and open invitations addressed to everyone or to my department."""
    mine = set(PilotParticipation.objects.filter(tag=participant_tag(user.pk)).values_list("pilot_id", flat=True))
    today = datetime.date.today()
    rows = Pilot.objects.filter(organisation=membership.organisation).order_by("-starts_on", "name")
    return [
        PilotForMember(
            id=str(p.pk), name=p.name, description=p.description, starts_on=p.starts_on, ends_on=p.ends_on,
            code=p.code, joined=p.pk in mine,
        )
        for p in rows
        if p.pk in mine or (p.ends_on >= today and p.department in ("", membership.department))
    ]


def pilot_by_code(*, membership: Membership, code: str) -> Pilot:
    pilot = Pilot.objects.filter(organisation=membership.organisation, code=code.strip()).first()
    if pilot is None:
        raise Http404
    return pilot


def pilot_join(*, user, membership: Membership, code: str) -> Pilot:
    pilot = pilot_by_code(membership=membership, code=code)
    if pilot.ends_on < datetime.date.today():
        raise ValidationError(_("This pilot has ended."))
    try:
        with transaction.atomic():
            PilotParticipation.objects.create(pilot=pilot, tag=participant_tag(user.pk))
    except IntegrityError:
        pass  # already joined: joining twice is the same as joining once
    return pilot


def pilot_leave(*, user, pilot_id) -> None:
    deleted, _rows = PilotParticipation.objects.filter(tag=participant_tag(user.pk), pilot_id=pilot_id).delete()
    if not deleted:
        raise Http404
