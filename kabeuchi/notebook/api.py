import datetime
import uuid
from typing import Literal

from ninja import Router, Schema, Status

from kabeuchi.core.schemas import InputSchema
from kabeuchi.notebook import access, career, proposals, services
from kabeuchi.notebook.values import VALUES

router = Router(tags=["notes"])


class NoteIn(InputSchema):
    title: str = ""
    body: str


class NoteOut(Schema):
    id: uuid.UUID
    title: str
    body: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


@router.get("", response=list[NoteOut])
def note_list(request):
    return access.note_list(user=request.user)


@router.post("", response={201: NoteOut})
def note_create(request, payload: NoteIn):
    return Status(201, services.note_create(user=request.user, title=payload.title, body=payload.body))


@router.get("/{note_id}", response=NoteOut)
def note_get(request, note_id: uuid.UUID):
    return access.access_note(user=request.user, note_id=note_id)


@router.put("/{note_id}", response=NoteOut)
def note_update(request, note_id: uuid.UUID, payload: NoteIn):
    return services.note_update(user=request.user, note_id=note_id, title=payload.title, body=payload.body)


@router.delete("/{note_id}", response={204: None})
def note_delete(request, note_id: uuid.UUID):
    services.note_delete(user=request.user, note_id=note_id)
    return Status(204, None)


# --- career notebook: /api/v1/notebook --------------------------------------------------------
# The same services and access functions as the pages.  The five entry kinds share typed
# operations; each kind's fields are those of its service (see ENTRY_FIELDS).

career_router = Router(tags=["notebook"])

EntryKind = Literal["experiences", "strengths", "skills", "learning", "goals"]


class ExperienceOut(Schema):
    id: uuid.UUID
    title: str
    start: str
    end: str
    did: str
    learned: str
    strength_ids: list[uuid.UUID]
    created_at: datetime.datetime
    updated_at: datetime.datetime


class StrengthOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    experience_ids: list[uuid.UUID]
    created_at: datetime.datetime
    updated_at: datetime.datetime


class SkillOut(Schema):
    id: uuid.UUID
    name: str
    level: int
    created_at: datetime.datetime
    updated_at: datetime.datetime


class LearningOut(Schema):
    id: uuid.UUID
    what: str
    on: str
    minutes: int
    takeaway: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


class Milestone(Schema):
    text: str
    done: bool = False


class GoalOut(Schema):
    id: uuid.UUID
    title: str
    due: str
    progress: int
    milestones: list[Milestone]
    created_at: datetime.datetime
    updated_at: datetime.datetime


class EntryIn(InputSchema):
    """Fields of one entry; each kind uses its own (others are ignored):
    experiences: title, start, end, did, learned, strength_ids; strengths: name, description,
    experience_ids; skills: name, level; learning: what, on, minutes, takeaway; goals: title,
    due, progress, milestones."""

    title: str = ""
    start: str = ""
    end: str = ""
    did: str = ""
    learned: str = ""
    strength_ids: list[uuid.UUID] = []
    name: str = ""
    description: str = ""
    experience_ids: list[uuid.UUID] = []
    level: int = 0
    what: str = ""
    on: str = ""
    minutes: int = 0
    takeaway: str = ""
    due: str = ""
    progress: int = 0
    milestones: list[Milestone] = []


EntryOut = ExperienceOut | StrengthOut | SkillOut | LearningOut | GoalOut


def _out(kind: str, row) -> dict:
    stamp = {"id": row.pk, "created_at": row.created_at, "updated_at": row.updated_at}
    if kind == "experiences":
        return {**stamp, "title": row.title, "start": row.period.get("start", ""), "end": row.period.get("end", ""),
                "did": row.did, "learned": row.learned, "strength_ids": [s.pk for s in row.strengths.all()]}
    if kind == "strengths":
        return {**stamp, "name": row.name, "description": row.description, "experience_ids": [e.pk for e in row.experiences.all()]}
    if kind == "skills":
        return {**stamp, "name": row.name, "level": int(row.rating.get("level", 0))}
    if kind == "learning":
        return {**stamp, "what": row.what, "on": row.details.get("on", ""), "minutes": int(row.details.get("minutes", 0)),
                "takeaway": row.takeaway}
    return {**stamp, "title": row.title, **row.plan}


def _fields(kind: str, p: EntryIn) -> dict:
    if kind == "experiences":
        return {"title": p.title, "start": p.start, "end": p.end, "did": p.did, "learned": p.learned, "strength_ids": p.strength_ids}
    if kind == "strengths":
        return {"name": p.name, "description": p.description, "experience_ids": p.experience_ids}
    if kind == "skills":
        return {"name": p.name, "level": p.level}
    if kind == "learning":
        return {"what": p.what, "on": p.on, "minutes": p.minutes, "takeaway": p.takeaway}
    return {"title": p.title, "due": p.due, "progress": p.progress, "milestones": [m.dict() for m in p.milestones]}


_LIST = {
    "experiences": access.experience_list, "strengths": access.strength_list, "skills": access.skill_list,
    "learning": access.learning_list, "goals": access.goal_list,
}
_GET = {
    "experiences": lambda user, i: access.access_experience(user=user, experience_id=i),
    "strengths": lambda user, i: access.access_strength(user=user, strength_id=i),
    "skills": lambda user, i: access.access_skill(user=user, skill_id=i),
    "learning": lambda user, i: access.access_learning(user=user, learning_id=i),
    "goals": lambda user, i: access.access_goal(user=user, goal_id=i),
}
_CREATE = {
    "experiences": services.experience_create, "strengths": services.strength_create, "skills": services.skill_create,
    "learning": services.learning_create, "goals": services.goal_create,
}
_UPDATE = {
    "experiences": lambda user, i, f: services.experience_update(user=user, experience_id=i, **f),
    "strengths": lambda user, i, f: services.strength_update(user=user, strength_id=i, **f),
    "skills": lambda user, i, f: services.skill_update(user=user, skill_id=i, **f),
    "learning": lambda user, i, f: services.learning_update(user=user, learning_id=i, **f),
    "goals": lambda user, i, f: services.goal_update(user=user, goal_id=i, **f),
}
_DELETE = {
    "experiences": lambda user, i: services.experience_delete(user=user, experience_id=i),
    "strengths": lambda user, i: services.strength_delete(user=user, strength_id=i),
    "skills": lambda user, i: services.skill_delete(user=user, skill_id=i),
    "learning": lambda user, i: services.learning_delete(user=user, learning_id=i),
    "goals": lambda user, i: services.goal_delete(user=user, goal_id=i),
}


@career_router.get("/entries/{kind}", response=list[EntryOut])
def notebook_entry_list(request, kind: EntryKind):
    return [_out(kind, row) for row in _LIST[kind](user=request.user)]


@career_router.post("/entries/{kind}", response={201: EntryOut})
def notebook_entry_create(request, kind: EntryKind, payload: EntryIn):
    row = _CREATE[kind](user=request.user, **_fields(kind, payload))
    return Status(201, _out(kind, row))


@career_router.get("/entries/{kind}/{item_id}", response=EntryOut)
def notebook_entry_get(request, kind: EntryKind, item_id: uuid.UUID):
    return _out(kind, _GET[kind](request.user, item_id))


@career_router.put("/entries/{kind}/{item_id}", response=EntryOut)
def notebook_entry_update(request, kind: EntryKind, item_id: uuid.UUID, payload: EntryIn):
    return _out(kind, _UPDATE[kind](request.user, item_id, _fields(kind, payload)))


@career_router.delete("/entries/{kind}/{item_id}", response={204: None})
def notebook_entry_delete(request, kind: EntryKind, item_id: uuid.UUID):
    _DELETE[kind](request.user, item_id)
    return Status(204, None)


class ValuesIO(Schema):
    ranking: list[str]  # value keys, best first (GET /notebook/value-cards lists them)


class ValuesIn(ValuesIO, InputSchema):
    """ValuesIO as a request body: a JSON object with these fields only."""


class ValueCard(Schema):
    key: str
    ja: str
    en: str


@career_router.get("/value-cards", response=list[ValueCard])
def notebook_value_cards(request):
    return [{"key": v.key, "ja": v.ja, "en": v.en} for v in VALUES]


@career_router.get("/values", response=ValuesIO)
def notebook_values_get(request):
    return {"ranking": access.value_ranking(user=request.user)}


@career_router.put("/values", response=ValuesIO)
def notebook_values_put(request, payload: ValuesIn):
    return {"ranking": list(services.value_ranking_set(user=request.user, ranking=payload.ranking).ranking)}


DirectionKind = Literal["will", "can", "must", "year1", "year3", "year5"]


class DirectionIn(InputSchema):
    kind: DirectionKind
    text: str


class DirectionOut(Schema):
    id: uuid.UUID
    kind: str
    text: str
    created_at: datetime.datetime


@career_router.get("/directions", response=list[DirectionOut])
def notebook_direction_list(request, kind: DirectionKind | None = None):
    """Every version, newest first (the first of each kind is the current one)."""
    return access.direction_versions(user=request.user, kind=kind)


@career_router.post("/directions", response={201: DirectionOut})
def notebook_direction_add(request, payload: DirectionIn):
    return Status(201, services.direction_add(user=request.user, kind=payload.kind, text=payload.text))


class CheckInIn(InputSchema):
    energy: int
    mood: str = ""


class CheckInOut(Schema):
    id: uuid.UUID
    energy: int
    mood: str
    created_at: datetime.datetime


def _checkin(c) -> dict:
    return {"id": c.pk, "energy": int(c.reading.get("energy", 0)), "mood": c.reading.get("mood", ""), "created_at": c.created_at}


@career_router.get("/checkins", response=list[CheckInOut])
def notebook_checkin_list(request):
    return [_checkin(c) for c in access.checkin_list(user=request.user)]


@career_router.post("/checkins", response={201: CheckInOut})
def notebook_checkin_create(request, payload: CheckInIn):
    return Status(201, _checkin(services.checkin_create(user=request.user, energy=payload.energy, mood=payload.mood)))


class ProposalOut(Schema):
    kind: str
    text: str
    quote: str
    value_key: str


@career_router.get("/conversations/{conversation_id}/proposals", response=list[ProposalOut])
def notebook_proposal_list(request, conversation_id: uuid.UUID):
    """Computed now from the saved conversation and not stored anywhere."""
    from kabeuchi.coach.access import access_conversation
    from kabeuchi.coach.gateway import model_gateway
    from kabeuchi.coach.state import state_from_json

    conversation = access_conversation(user=request.user, conversation_id=conversation_id)
    language = "ja" if (request.LANGUAGE_CODE or "ja").startswith("ja") else "en"
    return proposals.propose(
        state=state_from_json(conversation.state), engine=model_gateway(user=request.user), language=language,
        accepted=proposals.accepted_keys(user=request.user),
    )


class ProposalAcceptIn(InputSchema):
    kind: Literal["strength", "experience", "value", "goal", "will", "can", "must"]
    text: str
    detail: str = ""
    start: str = ""  # YYYY-MM, for an experience
    value_key: str = ""


class ProposalAcceptOut(Schema):
    kind: str
    id: uuid.UUID


@career_router.post("/proposals/accept", response={201: ProposalAcceptOut})
def notebook_proposal_accept(request, payload: ProposalAcceptIn):
    row = services.proposal_accept(user=request.user, **payload.dict())
    return Status(201, {"kind": payload.kind, "id": row.pk})


@career_router.get("/career.md")
def notebook_career_markdown(request):
    from django.http import HttpResponse

    language = "ja" if (request.LANGUAGE_CODE or "ja").startswith("ja") else "en"
    return HttpResponse(career.markdown(career.context(user=request.user, language=language)), content_type="text/markdown; charset=utf-8")
