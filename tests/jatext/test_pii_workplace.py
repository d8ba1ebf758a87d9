"""Name and contact redaction on workplace text, with the organisation's member directory.

Runs on ``jatext/data/pii_workplace.tsv`` (written during development, so not blind) and, when
present, on the development half of the blind workplace set (``KABEUCHI_PII_BLIND_DIR``,
default /work/blind/dev: ``names_dev.tsv`` and ``names_directory.json``).  Thresholds are the
issue's goals: names ≥ 0.95 recall, e-mail/phone/employee id 1.00, precision ≥ 0.95.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from jatext.evaluate_pii import PII_WORKPLACE, PII_WORKPLACE_DIRECTORY, evaluate, format_report


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Shadow the Django cache reset in tests/conftest.py: jatext needs no Django."""
    yield


def _sets() -> list[tuple[Path, Path]]:
    sets = [(PII_WORKPLACE, PII_WORKPLACE_DIRECTORY)]
    blind = Path(os.environ.get("KABEUCHI_PII_BLIND_DIR", "/work/blind/dev"))
    if (blind / "names_dev.tsv").exists() and (blind / "names_directory.json").exists():
        sets.append((blind / "names_dev.tsv", blind / "names_directory.json"))
    return sets


@pytest.mark.parametrize(("path", "directory"), _sets(), ids=lambda p: p.name)
def test_workplace_names_and_contacts_are_found(path: Path, directory: Path) -> None:
    report = evaluate(path, directory_path=directory)
    summary = format_report(report, verbose=True)
    assert report.per_type["person"].hidden_recall >= 0.95, summary
    for kind in ("email", "phone", "employee_id"):
        assert report.per_type[kind].hidden_recall == 1.0, summary
    assert report.precision >= 0.95, summary
