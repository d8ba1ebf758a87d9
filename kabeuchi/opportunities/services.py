"""Writes of programmes: create/update one, and import many (all or nothing)."""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from kabeuchi.accounts.models import Organisation
from kabeuchi.opportunities.models import Kind, Programme

FIELDS = ("kind", "title", "description", "eligibility", "how_to_apply", "apply_url", "starts_on", "ends_on")
REQUIRED = ("kind", "title", "description", "how_to_apply")
MAX_ROWS = 5000


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based data row (the CSV header is not counted)
    messages: tuple[str, ...]


@dataclass(frozen=True)
class ImportResult:
    created: int
    errors: tuple[RowError, ...]


def _date(value: str, label: str, problems: list[str]) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        problems.append(_("%(field)s is not a date like 2026-04-01.") % {"field": label})
        return None


def programme_clean(raw: dict) -> tuple[dict, list[str]]:
    """Check one programme's fields; returns the clean values and whole-sentence problems."""
    problems: list[str] = []
    values = {name: str(raw.get(name) or "").strip() for name in FIELDS}
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        problems.append(_("Unknown column(s): %(names)s.") % {"names": ", ".join(unknown)})
    for name in REQUIRED:
        if not values[name]:
            problems.append(_("%(field)s is missing.") % {"field": name})
    if values["kind"] and values["kind"] not in Kind.values:
        problems.append(
            _("kind must be one of: %(kinds)s.") % {"kinds": ", ".join(Kind.values)}
        )
    if len(values["title"]) > 200:
        problems.append(_("title can be at most 200 characters."))
    if values["apply_url"]:
        try:
            URLValidator(schemes=["http", "https"])(values["apply_url"])
        except ValidationError:
            problems.append(_("apply_url is not a web address starting with https://."))
    starts = _date(values["starts_on"], "starts_on", problems)
    ends = _date(values["ends_on"], "ends_on", problems)
    if starts and ends and ends < starts:
        problems.append(_("ends_on is before starts_on."))
    values["starts_on"], values["ends_on"] = starts, ends
    return values, problems


def programme_save(*, organisation: Organisation, programme: Programme | None = None, **raw) -> Programme:
    values, problems = programme_clean(raw)
    if problems:
        raise ValidationError(problems)
    programme = programme or Programme(organisation=organisation)
    for name, value in values.items():
        setattr(programme, name, value)
    programme.save()
    return programme


def programme_delete(*, programme: Programme) -> None:
    programme.delete()


def parse_rows(*, data: str, filename: str = "") -> list[dict]:
    """CSV (with a header row) or JSON (a list of objects), decided by name or first character."""
    text = data.lstrip("\ufeff")
    if filename.lower().endswith(".json") or text.lstrip()[:1] in ("[", "{"):
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValidationError(_("The file is not valid JSON (line %(line)d).") % {"line": error.lineno}) from error
        if isinstance(parsed, dict):
            parsed = parsed.get("programmes", [parsed])
        if not isinstance(parsed, list) or not all(isinstance(item, dict) for item in parsed):
            raise ValidationError(_("The JSON must be a list of programmes."))
        return parsed
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        raise ValidationError(_("The CSV file needs a header row."))
    rows = []
    # Excel's row numbers: the header is row 1, a cell with a line break stays one row, an empty
    # row is skipped but counted (the number a people team sees next to the row in Excel)
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        row = {name: (cells[i] if i < len(cells) else None) for i, name in enumerate(header)}
        row[EXCEL_ROW] = number
        rows.append(row)
    return rows


EXCEL_ROW = "\x00excel_row"  # kept beside a CSV row's values: its row number in Excel


def programme_import(*, organisation: Organisation, rows: list[dict]) -> ImportResult:
    """Import every row, or none: when any row has a problem, nothing is saved."""
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("Please import at most %(n)d programmes at a time.") % {"n": MAX_ROWS})
    cleaned, errors = [], []
    for number, raw in enumerate(rows, start=1):
        number = raw.pop(EXCEL_ROW, number) if isinstance(raw, dict) else number
        values, problems = programme_clean(raw)
        if problems:
            errors.append(RowError(row=number, messages=tuple(problems)))
        cleaned.append(values)
    if errors:
        return ImportResult(created=0, errors=tuple(errors))
    with transaction.atomic():
        Programme.objects.bulk_create([Programme(organisation=organisation, **values) for values in cleaned])
    return ImportResult(created=len(cleaned), errors=())
