"""Measure :func:`jatext.pii.redact` on ``jatext/data/pii_cases.tsv`` and ``pii_holdout.tsv``.

Run ``python -m jatext.evaluate_pii`` (``--verbose`` lists every leak and false redaction).
The held-out file was written after the redactor was first measured; docs/pii.md gives its
figures both before and after the fixes it prompted.

Two recall figures per PII type, because they answer different questions:

* *hidden* — every character of the expected span ended up inside some redacted span, so the
  original does not reach the provider.  This is the privacy figure.
* *exact* — a redacted span of the right type has exactly the expected bounds.  This is the
  quality figure (a name split into two placeholders is hidden but not exact).

Precision counts redacted spans that overlap some expected span, over all redacted spans; a
redaction that hits nothing expected (営業部長, お客さん) is a false redaction.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jatext.pii import Directory, PiiKind, redact

DATA_DIR = Path(__file__).resolve().parent / "data"
PII_CASES = DATA_DIR / "pii_cases.tsv"
PII_HOLDOUT = DATA_DIR / "pii_holdout.tsv"
PII_WORKPLACE = DATA_DIR / "pii_workplace.tsv"
PII_WORKPLACE_DIRECTORY = DATA_DIR / "pii_workplace_directory.json"
KINDS: tuple[PiiKind, ...] = ("person", "email", "phone", "employee_id")

_MARKUP = re.compile(r"\{\{(.+?)\|(person|email|phone|employee_id)\}\}")


@dataclass(frozen=True, slots=True)
class ExpectedSpan:
    kind: PiiKind
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class PiiCase:
    text: str
    expected: tuple[ExpectedSpan, ...]
    extra_names: tuple[str, ...]
    line: int


@dataclass(slots=True)
class TypeCounts:
    expected: int = 0
    hidden: int = 0
    exact: int = 0

    @property
    def hidden_recall(self) -> float:
        return self.hidden / self.expected if self.expected else 1.0

    @property
    def exact_recall(self) -> float:
        return self.exact / self.expected if self.expected else 1.0


@dataclass(slots=True)
class PiiReport:
    name: str = "pii_cases.tsv"
    cases: int = 0
    per_type: dict[PiiKind, TypeCounts] = field(
        default_factory=lambda: {kind: TypeCounts() for kind in KINDS}
    )
    predicted: int = 0
    predicted_hitting_expected: int = 0
    leaks: list[tuple[PiiCase, ExpectedSpan]] = field(default_factory=list)
    false_redactions: list[tuple[PiiCase, str]] = field(default_factory=list)
    # lines with nothing to redact, and how many of them got a replacement anyway
    free_lines: int = 0
    free_lines_touched: int = 0

    @property
    def false_replacement_rate(self) -> float:
        return self.free_lines_touched / self.free_lines if self.free_lines else 0.0

    @property
    def overall(self) -> TypeCounts:
        total = TypeCounts()
        for counts in self.per_type.values():
            total.expected += counts.expected
            total.hidden += counts.hidden
            total.exact += counts.exact
        return total

    @property
    def precision(self) -> float:
        return self.predicted_hitting_expected / self.predicted if self.predicted else 1.0


def parse_line(raw: str, line: int, *, first_column: str = "names") -> PiiCase:
    """Turn ``extra_names<TAB>text with {{original|kind}} markup`` into text and spans.
    With ``first_column="lang"`` the first column is a language code (the workplace sets)."""
    if "\t" not in raw:
        raise ValueError(f"line {line}: expected 'extra_names<TAB>text'")
    names, marked = raw.split("\t", 1)
    if first_column == "lang":
        names = ""
    pieces: list[str] = []
    expected: list[ExpectedSpan] = []
    cursor = 0
    length = 0
    for match in _MARKUP.finditer(marked):
        before = marked[cursor : match.start()]
        pieces.append(before)
        length += len(before)
        original, kind = match.group(1), match.group(2)
        expected.append(ExpectedSpan(kind, length, length + len(original), original))  # type: ignore[arg-type]
        pieces.append(original)
        length += len(original)
        cursor = match.end()
    pieces.append(marked[cursor:])
    text = "".join(pieces)
    if "{{" in text or "}}" in text:
        raise ValueError(f"line {line}: unparsed markup in {marked!r}")
    extra = tuple(name.strip() for name in names.split("|") if name.strip())
    return PiiCase(text=text, expected=tuple(expected), extra_names=extra, line=line)


def load_cases(path: Path = PII_CASES, *, first_column: str = "names") -> list[PiiCase]:
    cases: list[PiiCase] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.strip() and not raw.startswith("#"):
            cases.append(parse_line(raw, number, first_column=first_column))
    return cases


def load_directory(path: Path) -> Directory:
    """A member directory file: a JSON list of {"name", "kana", "romaji", "email"}."""
    people = json.loads(path.read_text(encoding="utf-8"))
    return Directory(
        [tuple(p.get(key) or "" for key in ("name", "kana", "romaji", "email")) for p in people]
    )


def evaluate(path: Path = PII_CASES, *, directory_path: Path | None = None) -> PiiReport:
    """Measure one labelled file.  With ``directory_path`` (the workplace sets: ``lang<TAB>text``
    lines and a member directory) each line is redacted as the model gateway does it, through
    a session with the directory as gazetteer."""
    report = PiiReport(name=path.name)
    directory = load_directory(directory_path) if directory_path is not None else None
    first_column = "lang" if directory_path is not None else "names"
    for case in load_cases(path, first_column=first_column):
        report.cases += 1
        redaction = redact(case.text, extra_names=directory if directory is not None else case.extra_names)
        covered = [False] * len(case.text)
        for entity in redaction.entities:
            for index in range(entity.start, entity.end):
                covered[index] = True
        for span in case.expected:
            counts = report.per_type[span.kind]
            counts.expected += 1
            if all(covered[span.start : span.end]):
                counts.hidden += 1
            else:
                report.leaks.append((case, span))
            if any(
                e.kind == span.kind and e.start == span.start and e.end == span.end
                for e in redaction.entities
            ):
                counts.exact += 1
        if not case.expected:
            report.free_lines += 1
            report.free_lines_touched += bool(redaction.entities)
        for entity in redaction.entities:
            report.predicted += 1
            if any(entity.start < span.end and span.start < entity.end for span in case.expected):
                report.predicted_hitting_expected += 1
            else:
                report.false_redactions.append((case, f"{entity.kind}: {entity.original}"))
    return report


def format_report(report: PiiReport, verbose: bool = False) -> str:
    lines = [
        f"{report.name}: {report.cases} sentences, {report.overall.expected} expected PII spans",
        f"  {'type':<12} {'expected':>8} {'hidden':>7} {'recall':>7} {'exact':>6} {'exact recall':>12}",
    ]
    rows: list[tuple[str, TypeCounts]] = [(kind, report.per_type[kind]) for kind in KINDS]
    rows.append(("overall", report.overall))
    for name, counts in rows:
        lines.append(
            f"  {name:<12} {counts.expected:>8} {counts.hidden:>7} {counts.hidden_recall:>7.3f} "
            f"{counts.exact:>6} {counts.exact_recall:>12.3f}"
        )
    lines.append(
        f"  precision: {report.precision:.3f} ({report.predicted_hitting_expected} of {report.predicted} "
        f"redacted spans hit expected PII; {len(report.false_redactions)} false redactions)"
    )
    lines.append(
        f"  lines with nothing to redact that got a replacement: {report.free_lines_touched} of "
        f"{report.free_lines} ({report.false_replacement_rate:.1%})"
    )
    if verbose:
        for case, span in report.leaks:
            lines.append(f"  LEAK  {span.kind:<11} line {case.line}: {span.text!r} in {case.text}")
        for case, what in report.false_redactions:
            lines.append(f"  FALSE line {case.line}: {what!r} in {case.text}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Recall and precision of jatext.pii on the labelled set.")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every leak and false redaction")
    parser.add_argument(
        "paths", nargs="*", type=Path, help="labelled TSV files (default: development and held-out sets)"
    )
    parser.add_argument("--directory", type=Path, help="member directory JSON: the files are workplace sets (lang<TAB>text)")
    args = parser.parse_args(argv)
    paths = args.paths or [path for path in (PII_CASES, PII_HOLDOUT) if path.exists()]
    if not args.paths and not args.directory:
        paths.append(PII_WORKPLACE)
    for index, path in enumerate(paths):
        if index:
            sys.stdout.write("\n")
        directory = args.directory or (PII_WORKPLACE_DIRECTORY if path == PII_WORKPLACE else None)
        sys.stdout.write(format_report(evaluate(path, directory_path=directory), verbose=args.verbose) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
