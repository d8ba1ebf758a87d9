"""Name and contact redaction on workplace text, with the organisation's member directory.

Runs on ``jatext/data/pii_workplace.tsv`` (written during development, so not blind) and on the
development half of the blind workplace set (``jatext/data/names_blind_dev.tsv``, written by an
outside author; the rules were developed on it afterwards).  Thresholds are the issue's goals:
names ≥ 0.95 recall, e-mail/phone/employee id 1.00, precision ≥ 0.95.

The other half (``names_blind_heldout.tsv``) was never used for development: it was measured once,
and its test below only keeps the figures from getting worse (docs/pii.md).  Do not tune on it.

A third, fresh blind set by another outside author (``names_fresh_dev.tsv``, ``names_fresh_held.tsv``,
``names_fresh_directory.json``): its development half runs with the goals above; its held half was
never read line by line, and its test holds the figures *measured* after the third round, rounded
down — floors, not goals, and not tuned to.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from jatext.evaluate_pii import DATA_DIR, PII_WORKPLACE, PII_WORKPLACE_DIRECTORY, evaluate, format_report

BLIND_DIRECTORY = DATA_DIR / "names_blind_directory.json"
FRESH_DIRECTORY = DATA_DIR / "names_fresh_directory.json"


@pytest.fixture(autouse=True)
def _fresh_caches() -> Iterator[None]:
    """Shadow the Django cache reset in tests/conftest.py: jatext needs no Django."""
    yield


def _sets() -> list[tuple[Path, Path]]:
    return [
        (PII_WORKPLACE, PII_WORKPLACE_DIRECTORY),
        (DATA_DIR / "names_blind_dev.tsv", BLIND_DIRECTORY),
        (DATA_DIR / "names_fresh_dev.tsv", FRESH_DIRECTORY),
    ]


@pytest.mark.parametrize(("path", "directory"), _sets(), ids=lambda p: p.name)
def test_workplace_names_and_contacts_are_found(path: Path, directory: Path) -> None:
    report = evaluate(path, directory_path=directory)
    summary = format_report(report, verbose=True)
    assert report.per_type["person"].hidden_recall >= 0.95, summary
    for kind in ("email", "phone", "employee_id"):
        assert report.per_type[kind].hidden_recall == 1.0, summary
    assert report.precision >= 0.95, summary


@pytest.mark.parametrize(
    ("path", "directory", "free_lines"),
    [
        (DATA_DIR / "names_blind_dev.tsv", BLIND_DIRECTORY, 100),
        (DATA_DIR / "names_fresh_dev.tsv", FRESH_DIRECTORY, 60),
    ],
    ids=["blind_dev", "fresh_dev"],
)
def test_name_free_lines_of_the_development_halves_are_left_alone(
    path: Path, directory: Path, free_lines: int
) -> None:
    # the goal: no more than 3% of name-free sentences get any replacement (blind dev: 1
    # of 110; fresh dev: 0 of 66)
    report = evaluate(path, directory_path=directory)
    assert report.free_lines >= free_lines
    assert report.false_replacement_rate <= 0.03, format_report(report, verbose=True)


def test_the_held_aside_half_does_not_get_worse() -> None:
    # First measured at names 0.970, phone 0.75, employee id 0.923, precision 0.956, 10 of 109
    # name-free lines replaced; after the second round (totals only, lines never read): names
    # 0.987, phone and employee id 1.00, precision 0.971, 7 of 109; with the trained name tagger
    # (jatext.name_tagger) names 0.991 (231/233), the rest unchanged.  The false-replacement rate
    # is still above the 3% goal (docs/pii.md); these floors stop a regression.
    report = evaluate(DATA_DIR / "names_blind_heldout.tsv", directory_path=BLIND_DIRECTORY)
    summary = format_report(report, verbose=False)
    assert report.per_type["person"].expected >= 200
    assert report.per_type["person"].hidden_recall >= 0.99, summary
    assert report.per_type["email"].hidden_recall == 1.0, summary
    assert report.per_type["phone"].hidden_recall == 1.0, summary
    assert report.per_type["employee_id"].hidden_recall == 1.0, summary
    assert report.precision >= 0.969, summary
    assert report.false_replacement_rate <= 0.065, summary


def test_the_fresh_held_half_does_not_get_worse() -> None:
    # Measured (totals only, lines never read), not tuned: before the third round names 0.931,
    # phone 0.778, employee id 1.00, precision 0.982, 2 of 76 name-free lines replaced; after it
    # names 0.951 (97/102), e-mail 1.00, phone 0.778 (7/9), employee id 1.00, precision 0.983,
    # 2 of 76.  Phone is below the 1.00 goal (docs/pii.md); these floors stop a regression.
    report = evaluate(DATA_DIR / "names_fresh_held.tsv", directory_path=FRESH_DIRECTORY)
    summary = format_report(report, verbose=False)
    assert report.per_type["person"].expected >= 100
    assert report.per_type["person"].hidden_recall >= 0.95, summary
    assert report.per_type["email"].hidden_recall == 1.0, summary
    assert report.per_type["phone"].hidden_recall >= 0.77, summary
    assert report.per_type["employee_id"].hidden_recall == 1.0, summary
    assert report.precision >= 0.98, summary
    assert report.false_replacement_rate <= 0.027, summary
