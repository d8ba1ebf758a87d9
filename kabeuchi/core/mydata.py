"""The registry of a person's data kinds, used by export and deletion.

Each app that stores private content registers a ``DataSource`` in its AppConfig.ready().
Export and "delete everything" walk this registry, so a new kind of content cannot be
forgotten by either: a test fails when a model with an encrypted field has no source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Item:
    kind: str
    id: str
    title: str
    created_at: Any
    data: dict[str, Any]


@dataclass(frozen=True)
class DataSource:
    kind: str  # e.g. "notes"
    label: Promise | str  # shown to the person
    description: Promise | str  # one sentence for the data guideline
    access: dict[str, str]  # role -> kabeuchi.core.policy.Access value
    retention: str  # key of the retention text on the data guideline
    models: tuple[type, ...]  # the models holding this kind, for the coverage test
    list_items: Callable[[Any], Iterable[Item]]  # (user) -> items, all of them
    delete_item: Callable[..., None] | None  # (user=, item_id=) -> None, 404 when not theirs
    to_markdown: Callable[[Item], str]
    count: Callable[[Any], int]


_sources: dict[str, DataSource] = {}


def register(source: DataSource) -> None:
    _sources[source.kind] = source


def sources() -> list[DataSource]:
    return list(_sources.values())


def source(kind: str) -> DataSource | None:
    return _sources.get(kind)
