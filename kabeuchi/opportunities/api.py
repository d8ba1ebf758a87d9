"""Programmes as JSON: the same services and selectors as the pages."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.http import Http404
from ninja import Router, Schema, Status

from kabeuchi.core.schemas import InputSchema
from kabeuchi.opportunities import selectors, services
from kabeuchi.opportunities.profile import profile_for
from kabeuchi.org.access import access_member, access_people_team

router = Router(tags=["programmes"])


class ProgrammeIO(Schema):
    kind: str
    title: str
    description: str
    eligibility: str = ""
    how_to_apply: str
    apply_url: str = ""
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None


class ProgrammeIn(ProgrammeIO, InputSchema):
    """ProgrammeIO as a request body: a JSON object with these fields only."""


class ProgrammeOut(ProgrammeIO):
    id: uuid.UUID


class RankedOut(ProgrammeOut):
    reason_quote: str = ""
    reason_source: str = ""
    shared_words: list[str] = []


class RowErrorOut(Schema):
    row: int
    messages: list[str]


class ImportOut(Schema):
    created: int
    errors: list[RowErrorOut]


def _out(p) -> dict:
    return {"id": p.pk, **{f: getattr(p, f) for f in services.FIELDS}}


def _raw(payload: ProgrammeIO) -> dict:
    data = payload.dict()
    return {k: (v.isoformat() if hasattr(v, "isoformat") else ("" if v is None else v)) for k, v in data.items()}


@router.get("/programmes", response=list[RankedOut])
def programme_ranked(request):
    """Programmes ranked for the person asking, from their own notebook; nothing is recorded."""
    membership = access_member(user=request.user)
    ranked = selectors.programmes_for_person(organisation=membership.organisation, profile=profile_for(user=request.user))
    return [
        {**_out(r.programme), "reason_quote": r.match.quote if r.match else "", "reason_source": r.match.source if r.match else "",
         "shared_words": list(r.match.terms) if r.match else []}
        for r in ranked
    ]


@router.get("/org/programmes", response=list[ProgrammeOut])
def programme_list(request):
    membership = access_people_team(user=request.user)
    return [_out(p) for p in selectors.programme_list(organisation=membership.organisation)]


@router.post("/org/programmes", response={201: ProgrammeOut})
def programme_create(request, payload: ProgrammeIn):
    membership = access_people_team(user=request.user)
    return Status(201, _out(services.programme_save(organisation=membership.organisation, **_raw(payload))))


@router.put("/org/programmes/{uuid:programme_id}", response=ProgrammeOut)
def programme_update(request, programme_id: uuid.UUID, payload: ProgrammeIn):
    membership = access_people_team(user=request.user)
    programme = selectors.programme_get(organisation=membership.organisation, programme_id=programme_id)
    if programme is None:
        raise Http404
    return _out(services.programme_save(organisation=membership.organisation, programme=programme, **_raw(payload)))


@router.delete("/org/programmes/{uuid:programme_id}", response={204: None})
def programme_delete(request, programme_id: uuid.UUID):
    membership = access_people_team(user=request.user)
    programme = selectors.programme_get(organisation=membership.organisation, programme_id=programme_id)
    if programme is None:
        raise Http404
    services.programme_delete(programme=programme)
    return Status(204, None)


@router.post("/org/programmes/import", response={201: ImportOut, 400: ImportOut})
def programme_import(request, payload: list[dict]):
    """Import a list of programmes, all or nothing; 400 with a per-row report when any row is bad."""
    membership = access_people_team(user=request.user)
    result = services.programme_import(organisation=membership.organisation, rows=payload)
    body = ImportOut(created=result.created, errors=[RowErrorOut(row=e.row, messages=list(e.messages)) for e in result.errors])
    if result.errors:
        return Status(400, body)
    return Status(201, body)


__all__ = ["router", "ValidationError"]
