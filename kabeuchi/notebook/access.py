"""Reads of notebook content.  "Missing" and "not yours" give the same 404.

Every read of a person's notebook goes through here.  Lists return rows already ordered the
way the person sees them; ordering is done in Python after opening, because sealed values
cannot be ordered by the database.  Where the order is by when a row was written, it is by the
day and then the owner's per-owner counter (``seq``; notes by their sealed last change): rows keep no
time of day (docs/privacy.md P8).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.http import Http404

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


def _owned(model, *, user, pk):
    row = model.objects.filter(pk=pk, owner=user).first() if user.is_authenticated else None
    if row is None:
        raise Http404
    return row


def access_note(*, user, note_id) -> Note:
    return _owned(Note, user=user, pk=note_id)


def note_list(*, user) -> list[Note]:
    """The owner's notes, the one changed last first: the time is sealed (``Note.written``), so
    the order is made here, after opening, not by SQL."""
    return sorted(Note.objects.filter(owner=user), key=lambda note: datetime.datetime.fromisoformat(note.written), reverse=True)


# --- career notebook ------------------------------------------------------------------------
def access_experience(*, user, experience_id) -> Experience:
    return _owned(Experience, user=user, pk=experience_id)


def access_strength(*, user, strength_id) -> Strength:
    return _owned(Strength, user=user, pk=strength_id)


def access_skill(*, user, skill_id) -> Skill:
    return _owned(Skill, user=user, pk=skill_id)


def access_learning(*, user, learning_id) -> LearningEntry:
    return _owned(LearningEntry, user=user, pk=learning_id)


def access_goal(*, user, goal_id) -> Goal:
    return _owned(Goal, user=user, pk=goal_id)


def access_checkin(*, user, checkin_id) -> CheckIn:
    return _owned(CheckIn, user=user, pk=checkin_id)


def access_direction_version(*, user, version_id) -> DirectionVersion:
    return _owned(DirectionVersion, user=user, pk=version_id)


def _period_key(experience: Experience) -> tuple[str, str]:
    period = experience.period or {}
    return (period.get("start", ""), period.get("end", "") or "9999-99")


def experience_list(*, user) -> list[Experience]:
    """Newest first by when it happened (start month), with linked strengths prefetched."""
    rows = list(Experience.objects.filter(owner=user).prefetch_related(
        Prefetch("strengths", queryset=Strength.objects.filter(owner=user).order_by("created_at", "seq"))
    ))
    return sorted(rows, key=_period_key, reverse=True)


def strength_list(*, user, evidence: bool = True) -> list[Strength]:
    """Oldest first (the order the person named them), with evidence experiences prefetched
    unless ``evidence`` is False (the programmes' matching reads names and descriptions only)."""
    rows = Strength.objects.filter(owner=user).order_by("created_at", "seq")
    if evidence:
        rows = rows.prefetch_related(Prefetch("experiences", queryset=Experience.objects.filter(owner=user)))
    return list(rows)


def value_ranking(*, user) -> list[str]:
    """The person's chosen value keys, best first (empty when they have not sorted yet)."""
    row = ValueRanking.objects.filter(owner=user).first() if user.is_authenticated else None
    return list(row.ranking) if row else []


def value_ranking_row(*, user) -> ValueRanking | None:
    return ValueRanking.objects.filter(owner=user).first()


def direction_versions(*, user, kind: str | None = None) -> list[DirectionVersion]:
    """Versions newest first, of one kind or of all."""
    rows = DirectionVersion.objects.filter(owner=user)
    if kind is not None:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("-created_at", "-seq"))


def skill_list(*, user) -> list[Skill]:
    return sorted(Skill.objects.filter(owner=user).order_by("created_at", "seq"), key=lambda s: -int(s.rating.get("level", 0)))


def learning_list(*, user) -> list[LearningEntry]:
    """Newest first by the date the person gave."""
    rows = list(LearningEntry.objects.filter(owner=user).order_by("-created_at", "-seq"))
    return sorted(rows, key=lambda e: e.details.get("on", ""), reverse=True)


def learning_recent(*, user, limit: int) -> list[LearningEntry]:
    """The most recently logged entries (by when they were written down): one bounded query,
    so a page does not open a thousand entries to show twenty."""
    return list(LearningEntry.objects.filter(owner=user).order_by("-created_at", "-seq")[:limit])


def learning_totals(*, user) -> tuple[int, int]:
    """(entries, minutes) over the whole log; opens only each entry's small details value."""
    rows = LearningEntry.objects.filter(owner=user).only("id", "owner", "details")
    minutes = count = 0
    for row in rows:
        count += 1
        minutes += int(row.details.get("minutes", 0) or 0)
    return count, minutes


def goal_list(*, user) -> list[Goal]:
    return list(Goal.objects.filter(owner=user).order_by("created_at", "seq"))


def checkin_list(*, user) -> list[CheckIn]:
    """Oldest first, as a trend reads."""
    return list(CheckIn.objects.filter(owner=user).order_by("created_at", "seq"))


@dataclass(frozen=True)
class Notebook:
    """Everything on the notebook page, read with a fixed number of queries."""

    experiences: list[Experience]  # each with .linked_strengths
    strengths: list[Strength]  # each with .evidence
    values: list[str]
    directions: dict[str, DirectionVersion | None]  # kind -> current version
    skills: list[Skill]
    recent_learning: list[LearningEntry]  # the last LEARNING_RECENT logged
    learning_count: int
    goals: list[Goal]


LEARNING_RECENT = 20


def _experiences_and_strengths(*, user) -> tuple[list[Experience], list[Strength]]:
    """Both lists with their links, in three queries and one instance per row: each experience
    gets ``linked_strengths`` and each strength ``evidence`` (its experiences, newest written
    first), the same objects the other list holds, so every sealed title is opened once.
    (``experience_list`` and ``strength_list`` each prefetch the other side: five queries and a
    second copy of every linked row, a tenth of the notebook page's time.)"""
    strengths = list(Strength.objects.filter(owner=user).order_by("created_at", "seq"))
    experiences = list(Experience.objects.filter(owner=user))
    strength_by_pk = {s.pk: s for s in strengths}
    experience_by_pk = {e.pk: e for e in experiences}
    for row in (*strengths, *experiences):
        row.linked_strengths, row.evidence = [], []
    links = Experience.strengths.through.objects.filter(experience__owner=user).values_list("experience_id", "strength_id")
    for experience_id, strength_id in links:
        experience, strength = experience_by_pk.get(experience_id), strength_by_pk.get(strength_id)
        if experience is not None and strength is not None:
            experience.linked_strengths.append(strength)
            strength.evidence.append(experience)
    order = {s.pk: n for n, s in enumerate(strengths)}
    newest_written = {e.pk: (e.created_at, e.seq) for e in experiences}
    for experience in experiences:
        experience.linked_strengths.sort(key=lambda s: order[s.pk])
    for strength in strengths:
        strength.evidence.sort(key=lambda e: newest_written[e.pk], reverse=True)
    return sorted(experiences, key=_period_key, reverse=True), strengths


def notebook_get(*, user) -> Notebook:
    """The notebook page's data.  The learning log, the one kind that grows into the thousands,
    is summarised (count and the latest entries) rather than opened whole."""
    experiences, strengths = _experiences_and_strengths(user=user)
    current: dict[str, DirectionVersion | None] = {kind: None for kind in DirectionVersion.Kind.values}
    for version in direction_versions(user=user):  # newest first: the first of a kind is current
        current[version.kind] = current[version.kind] or version
    return Notebook(
        experiences=experiences,
        strengths=strengths,
        values=value_ranking(user=user),
        directions=current,
        skills=skill_list(user=user),
        recent_learning=learning_recent(user=user, limit=LEARNING_RECENT),
        learning_count=LearningEntry.objects.filter(owner=user).count(),
        goals=goal_list(user=user),
    )
