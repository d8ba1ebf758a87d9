import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from kabeuchi.notebook import access
from kabeuchi.notebook import values as value_cards
from kabeuchi.notebook.access import (
    access_checkin,
    access_direction_version,
    access_experience,
    access_goal,
    access_learning,
    access_note,
    access_skill,
    access_strength,
)
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
from kabeuchi.notebook.moods import MOODS

TITLE_MAX = 200


def _clean(title: str, body: str) -> tuple[str, str]:
    title, body = title.strip(), body.strip()
    errors = {}
    if len(title) > TITLE_MAX:
        errors["title"] = _("The title can be at most %(max)d characters (now %(count)d).") % {
            "max": TITLE_MAX,
            "count": len(title),
        }
    if not body:
        errors["body"] = _("Please write something before saving.")
    elif len(body) > settings.KABEUCHI_MAX_TEXT_CHARS:
        errors["body"] = _("A note can be at most %(max)d characters (now %(count)d).") % {
            "max": settings.KABEUCHI_MAX_TEXT_CHARS,
            "count": len(body),
        }
    if errors:
        raise ValidationError(errors)
    return title, body


def note_create(*, user, title: str, body: str) -> Note:
    title, body = _clean(title, body)
    with transaction.atomic():
        return Note.objects.create(owner=user, title=title, body=body)


def note_update(*, user, note_id, title: str, body: str) -> Note:
    title, body = _clean(title, body)
    with transaction.atomic():
        note = access_note(user=user, note_id=note_id)
        note.title, note.body = title, body
        note.save()
    return note


def note_delete(*, user, note_id) -> None:
    access_note(user=user, note_id=note_id).delete()


# --- career notebook ------------------------------------------------------------------------
# Every write below is keyword-only and atomic, and reaches rows only through access.py, so a
# person can only ever change their own notebook.  Errors are whole sentences, keyed by field.

SHORT_MAX = 200
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


class _Errors(dict):
    def text(self, field: str, value: str, *, required: bool = True, limit: int | None = None) -> str:
        value = (value or "").strip()
        limit = limit or settings.KABEUCHI_MAX_TEXT_CHARS
        if required and not value:
            self[field] = _("Please fill this in.")
        elif len(value) > limit:
            self[field] = _("This can be at most %(max)d characters (now %(count)d).") % {"max": limit, "count": len(value)}
        return value

    def pattern(self, field: str, value: str, rule: re.Pattern, message: str, *, required: bool) -> str:
        value = (value or "").strip()
        if (value or required) and not rule.match(value):
            self[field] = message
        return value

    def number(self, field: str, value, low: int, high: int) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = low - 1
        if not low <= number <= high:
            self[field] = _("Please choose a number from %(low)d to %(high)d.") % {"low": low, "high": high}
        return number

    def check(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _month(errors: _Errors, field: str, value: str, *, required: bool) -> str:
    return errors.pattern(field, value, _MONTH, _("Please give a month as YYYY-MM, for example 2024-04."), required=required)


def _strengths_of(*, user, strength_ids) -> list[Strength]:
    ids = [str(i) for i in strength_ids or []]
    found = list(Strength.objects.filter(owner=user, pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"strengths": _("One of the chosen strengths could not be found.")})
    return found


def _experience_fields(*, title, start, end, did, learned) -> dict:
    errors = _Errors()
    values = {
        "title": errors.text("title", title, limit=SHORT_MAX),
        "did": errors.text("did", did, required=False),
        "learned": errors.text("learned", learned, required=False),
    }
    start = _month(errors, "start", start, required=True)
    end = _month(errors, "end", end, required=False)
    if not errors and end and end < start:
        errors["end"] = _("The end month cannot be before the start month.")
    errors.check()
    return {**values, "period": {"start": start, "end": end}}


def experience_create(*, user, title: str, start: str, end: str = "", did: str = "", learned: str = "", strength_ids=()) -> Experience:
    fields = _experience_fields(title=title, start=start, end=end, did=did, learned=learned)
    with transaction.atomic():
        strengths = _strengths_of(user=user, strength_ids=strength_ids)
        experience = Experience.objects.create(owner=user, **fields)
        experience.strengths.set(strengths)
    return experience


def experience_update(*, user, experience_id, title: str, start: str, end: str = "", did: str = "", learned: str = "", strength_ids=()) -> Experience:
    fields = _experience_fields(title=title, start=start, end=end, did=did, learned=learned)
    with transaction.atomic():
        experience = access_experience(user=user, experience_id=experience_id)
        strengths = _strengths_of(user=user, strength_ids=strength_ids)
        for name, value in fields.items():
            setattr(experience, name, value)
        experience.save()
        experience.strengths.set(strengths)
    return experience


def experience_delete(*, user, experience_id) -> None:
    with transaction.atomic():
        access_experience(user=user, experience_id=experience_id).delete()


def _strength_fields(*, name, description) -> dict:
    errors = _Errors()
    values = {"name": errors.text("name", name, limit=SHORT_MAX), "description": errors.text("description", description, required=False)}
    errors.check()
    return values


def strength_create(*, user, name: str, description: str = "", experience_ids=()) -> Strength:
    fields = _strength_fields(name=name, description=description)
    with transaction.atomic():
        strength = Strength.objects.create(owner=user, **fields)
        strength.experiences.set(_experiences_of(user=user, experience_ids=experience_ids))
    return strength


def strength_update(*, user, strength_id, name: str, description: str = "", experience_ids=()) -> Strength:
    fields = _strength_fields(name=name, description=description)
    with transaction.atomic():
        strength = access_strength(user=user, strength_id=strength_id)
        strength.name, strength.description = fields["name"], fields["description"]
        strength.save()
        strength.experiences.set(_experiences_of(user=user, experience_ids=experience_ids))
    return strength


def _experiences_of(*, user, experience_ids) -> list[Experience]:
    ids = [str(i) for i in experience_ids or []]
    found = list(Experience.objects.filter(owner=user, pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"experiences": _("One of the chosen experiences could not be found.")})
    return found


def strength_delete(*, user, strength_id) -> None:
    with transaction.atomic():
        access_strength(user=user, strength_id=strength_id).delete()


def value_ranking_set(*, user, ranking: list[str]) -> ValueRanking:
    """Replace the card sort with ``ranking`` (value keys, best first; an empty list clears it)."""
    ranking = [str(key) for key in ranking]
    if any(key not in value_cards.BY_KEY for key in ranking):
        raise ValidationError({"ranking": _("One of the chosen values is not in the card set.")})
    if len(set(ranking)) != len(ranking):
        raise ValidationError({"ranking": _("Each value can be chosen only once.")})
    if len(ranking) > value_cards.MAX_CHOSEN:
        raise ValidationError({"ranking": _("Please choose at most %(max)d values.") % {"max": value_cards.MAX_CHOSEN}})
    with transaction.atomic():
        row = ValueRanking.objects.select_for_update().filter(owner=user).first()
        if row is None:
            return ValueRanking.objects.create(owner=user, ranking=ranking)
        row.ranking = ranking
        row.save()
    return row


def value_ranking_delete(*, user) -> None:
    with transaction.atomic():
        row = ValueRanking.objects.filter(owner=user).first() if user.is_authenticated else None
        if row is None:
            raise Http404
        row.delete()


def direction_add(*, user, kind: str, text: str) -> DirectionVersion:
    """A new dated version of Will/Can/Must or a direction; earlier versions stay."""
    if kind not in DirectionVersion.Kind.values:
        raise Http404
    errors = _Errors()
    text = errors.text("text", text)
    errors.check()
    with transaction.atomic():
        return DirectionVersion.objects.create(owner=user, kind=kind, text=text)


def direction_version_delete(*, user, version_id) -> None:
    with transaction.atomic():
        access_direction_version(user=user, version_id=version_id).delete()


def _skill_fields(*, name, level) -> dict:
    errors = _Errors()
    values = {"name": errors.text("name", name, limit=SHORT_MAX), "rating": {"level": errors.number("level", level, 1, 5)}}
    errors.check()
    return values


def skill_create(*, user, name: str, level: int) -> Skill:
    fields = _skill_fields(name=name, level=level)
    with transaction.atomic():
        return Skill.objects.create(owner=user, **fields)


def skill_update(*, user, skill_id, name: str, level: int) -> Skill:
    fields = _skill_fields(name=name, level=level)
    with transaction.atomic():
        skill = access_skill(user=user, skill_id=skill_id)
        skill.name, skill.rating = fields["name"], fields["rating"]
        skill.save()
    return skill


def skill_delete(*, user, skill_id) -> None:
    with transaction.atomic():
        access_skill(user=user, skill_id=skill_id).delete()


def _learning_fields(*, what, on, minutes, takeaway) -> dict:
    errors = _Errors()
    values = {"what": errors.text("what", what, limit=SHORT_MAX), "takeaway": errors.text("takeaway", takeaway, required=False)}
    on = errors.pattern("on", on, _DATE, _("Please give a date as YYYY-MM-DD."), required=True)
    minutes = errors.number("minutes", minutes, 0, 24 * 60)
    errors.check()
    return {**values, "details": {"on": on, "minutes": minutes}}


def learning_create(*, user, what: str, on: str, minutes: int, takeaway: str = "") -> LearningEntry:
    fields = _learning_fields(what=what, on=on, minutes=minutes, takeaway=takeaway)
    with transaction.atomic():
        return LearningEntry.objects.create(owner=user, **fields)


def learning_update(*, user, learning_id, what: str, on: str, minutes: int, takeaway: str = "") -> LearningEntry:
    fields = _learning_fields(what=what, on=on, minutes=minutes, takeaway=takeaway)
    with transaction.atomic():
        entry = access_learning(user=user, learning_id=learning_id)
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.save()
    return entry


def learning_delete(*, user, learning_id) -> None:
    with transaction.atomic():
        access_learning(user=user, learning_id=learning_id).delete()


def _goal_fields(*, title, due, progress, milestones) -> dict:
    errors = _Errors()
    title = errors.text("title", title, limit=SHORT_MAX)
    due = errors.pattern("due", due, _DATE, _("Please give a date as YYYY-MM-DD."), required=False)
    progress = errors.number("progress", progress, 0, 100)
    cleaned = []
    for item in milestones or []:
        text = str(item.get("text", "")).strip()
        if text:
            cleaned.append({"text": text[:SHORT_MAX], "done": bool(item.get("done"))})
    if len(cleaned) > 50:
        errors["milestones"] = _("A goal can have at most 50 milestones.")
    errors.check()
    return {"title": title, "plan": {"due": due, "progress": progress, "milestones": cleaned}}


def goal_create(*, user, title: str, due: str = "", progress: int = 0, milestones=()) -> Goal:
    fields = _goal_fields(title=title, due=due, progress=progress, milestones=milestones)
    with transaction.atomic():
        return Goal.objects.create(owner=user, **fields)


def goal_update(*, user, goal_id, title: str, due: str = "", progress: int = 0, milestones=()) -> Goal:
    fields = _goal_fields(title=title, due=due, progress=progress, milestones=milestones)
    with transaction.atomic():
        goal = access_goal(user=user, goal_id=goal_id)
        goal.title, goal.plan = fields["title"], fields["plan"]
        goal.save()
    return goal


def goal_delete(*, user, goal_id) -> None:
    with transaction.atomic():
        access_goal(user=user, goal_id=goal_id).delete()


def checkin_create(*, user, energy: int, mood: str = "") -> CheckIn:
    errors = _Errors()
    energy = errors.number("energy", energy, 1, 5)
    if mood and mood not in MOODS:
        errors["mood"] = _("Please choose one of the moods shown.")
    errors.check()
    with transaction.atomic():
        return CheckIn.objects.create(owner=user, reading={"energy": energy, "mood": mood or ""})


def checkin_delete(*, user, checkin_id) -> None:
    with transaction.atomic():
        access_checkin(user=user, checkin_id=checkin_id).delete()


def proposal_accept(*, user, kind: str, text: str, detail: str = "", start: str = "", value_key: str = ""):
    """Write one accepted (perhaps edited) proposal into the notebook, the only way a proposal
    ever gets there.  ``detail`` is the person's own words it came from, kept beside the entry."""
    if kind == "strength":
        return strength_create(user=user, name=text, description=detail)
    if kind == "experience":
        return experience_create(user=user, title=text, start=start, did=detail)
    if kind == "goal":
        return goal_create(user=user, title=text)
    if kind in ("will", "can", "must"):  # the box the question asked about; a new dated version
        return direction_add(user=user, kind=kind, text=text)
    if kind == "value":
        with transaction.atomic():
            current = list(access.value_ranking(user=user))
            if value_key in current:
                return access.value_ranking_row(user=user)
            return value_ranking_set(user=user, ranking=[*current, value_key])
    raise ValidationError({"kind": _("This kind of proposal is not known.")})
