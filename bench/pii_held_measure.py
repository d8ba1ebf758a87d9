"""Totals (never lines) of the workplace held halves, with and without the trained name tagger.

Run from the repository root: ``python bench/pii_held_measure.py``.  Prints only totals: person
recall (hidden and exact), other kinds, precision, name-free lines touched.  The held halves
(``names_fresh_held.tsv``, ``names_blind_heldout.tsv``) are measured here and in
tests/jatext/test_pii_workplace.py, never read line by line.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jatext import pii  # noqa: E402
from jatext.evaluate_pii import DATA_DIR, evaluate  # noqa: E402

SETS = (
    ("names_fresh_dev.tsv", "names_fresh_directory.json"),
    ("names_fresh_held.tsv", "names_fresh_directory.json"),
    ("names_blind_dev.tsv", "names_blind_directory.json"),
    ("names_blind_heldout.tsv", "names_blind_directory.json"),
    ("pii_workplace.tsv", "pii_workplace_directory.json"),
)


def main() -> None:
    for tagger in (False, True):
        pii._TAGGER_ENABLED = tagger
        pii._DETECT_CACHE.clear()
        print("rules + tagger" if tagger else "rules alone")
        for name, directory in SETS:
            report = evaluate(DATA_DIR / name, directory_path=DATA_DIR / directory)
            person = report.per_type["person"]
            others = "  ".join(
                f"{kind} {report.per_type[kind].hidden}/{report.per_type[kind].expected}"
                for kind in ("email", "phone", "employee_id")
            )
            print(
                f"  {name:<26} names {person.hidden_recall:.3f} ({person.hidden}/{person.expected}, exact "
                f"{person.exact_recall:.3f})  {others}  precision {report.precision:.3f} "
                f"({len(report.false_redactions)} false)  name-free touched {report.free_lines_touched}/"
                f"{report.free_lines} ({report.false_replacement_rate:.1%})"
            )


if __name__ == "__main__":
    main()
