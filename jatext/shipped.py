"""A model shipped in ``jatext/data``, read once on first use (the safety, intent and role models)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


class Shipped(Generic[T]):
    """``shipped()`` reads the file at ``path`` with ``read`` once (thread-safe) and returns the
    same object afterwards; ``shipped(other)`` reads another file every time (tests, trainers)."""

    def __init__(self, path: Path, read: Callable[[Path], T]) -> None:
        self.path = path
        self._read = read
        self._lock = threading.Lock()
        self._value: T | None = None

    def __call__(self, path: Path | None = None) -> T:
        if path is not None and path != self.path:
            return self._read(path)
        if self._value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._read(self.path)
        return self._value
