"""Reads of programmes (not private: the organisation publishes them) and the per-person ranking."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import Count, Max

from kabeuchi.accounts.models import Organisation
from kabeuchi.opportunities import embeddings
from kabeuchi.opportunities.matching import Doc, Index, Match, ProfileText, rank
from kabeuchi.opportunities.models import Programme

_indexes: dict[str, tuple[tuple, Index, dict[str, Programme]]] = {}
_lock = threading.Lock()


def programme_list(*, organisation: Organisation) -> list[Programme]:
    return list(Programme.objects.filter(organisation=organisation))


def programme_get(*, organisation: Organisation, programme_id) -> Programme | None:
    return Programme.objects.filter(organisation=organisation, pk=programme_id).first()


def _doc_text(p: Programme) -> str:
    return "\n".join((p.title, p.get_kind_display(), p.description, p.eligibility))


def index_for(*, organisation: Organisation) -> tuple[Index, dict[str, Programme]]:
    """The organisation's BM25 index and its programmes, read again only when a programme changed
    (one small query a request to know: how many, and the last change).  What is kept is the
    organisation's published programmes, nothing of any person."""
    stamp = tuple(Programme.objects.filter(organisation=organisation).aggregate(n=Count("id"), m=Max("updated_at")).values())
    key = str(organisation.pk)
    with _lock:
        cached = _indexes.get(key)
    if cached is None or cached[0] != stamp:
        programmes = programme_list(organisation=organisation)
        cached = (stamp, Index([Doc(id=str(p.pk), text=_doc_text(p)) for p in programmes]), {str(p.pk): p for p in programmes})
        with _lock:
            _indexes[key] = cached
    return cached[1], dict(cached[2])


@dataclass(frozen=True)
class Ranked:
    programme: Programme
    match: Match | None


def programmes_for_person(*, organisation: Organisation, profile: list[ProfileText]) -> list[Ranked]:
    """Every programme, the ones matching the person's words first.  Computed, shown, forgotten."""
    index, by_id = index_for(organisation=organisation)
    similarity = None
    if embeddings.configured():
        from kabeuchi.coach.gateway import model_gateway  # the one way words leave for a model

        ordered = [by_id[i] for i in index.ids]
        similarity = embeddings.similarity(
            programme_keys=[(str(p.pk), p.updated_at.isoformat()) for p in ordered],
            programme_texts=[_doc_text(p) for p in ordered],
            person_text="\n".join(piece.text for piece in profile)[:4000],
            embed=model_gateway(organisation=organisation).embed,
        )
    matches = rank(index, profile, limit=len(index.ids), similarity=similarity)
    seen = {m.id for m in matches}
    ranked = [Ranked(programme=by_id[m.id], match=m) for m in matches]
    ranked += [Ranked(programme=p, match=None) for pid, p in by_id.items() if pid not in seen]
    return ranked
