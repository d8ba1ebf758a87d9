"""The organisation's directory: reading the CSV an administrator exports from Excel, and
replacing the directory with it, all or nothing.

The directory is the employer's org chart (name, kana reading, e-mail, department, team,
manager's e-mail), kept apart from who uses Kabeuchi (``DirectoryEntry``).  Importing it

- creates no account and invites nobody (PRODUCT rule 3: nobody is enrolled by default);
- answers the administrator with what the file held and nothing else: how many people the
  directory now lists, the problems of the file by Excel's row numbers, the columns that were
  not read.  Never how many rows match an account, and the page is the same byte for byte
  whoever has one (``tests/accounts/test_directory.py``, docs/privacy.md P41);
- ends the membership of a person whose address was in the directory and is not any more
  (a leaver): their account becomes a personal one and keeps everything they wrote
  (``services.memberships_end``).  The administrator is not told whether that happened.

Line numbers are Excel's: the header is row 1 and each record is one row, also when a cell
holds a line break (so they are counted by record, not by physical line).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kabeuchi.accounts.models import DirectoryEntry, Organisation

FIELDS = ("name", "kana", "email", "department", "team", "manager_email")
REQUIRED_COLUMNS = ("name", "email")
MAX_PEOPLE = 50_000
MAX_LENGTH = {"name": 120, "kana": 120, "department": 120, "team": 120, "email": 254, "manager_email": 254}
MAX_ERRORS_SHOWN = 100

# Header spellings, after folding (NFKC, lower case, no spaces, underscores, hyphens, dots or
# brackets).  Japanese first: these are what Japanese HR spreadsheets call the columns.
HEADERS = {
    "name": ("氏名", "名前", "社員名", "従業員名", "氏名漢字", "name", "fullname"),
    "kana": (
        "ふりがな", "フリガナ", "カナ", "かな", "よみがな", "ヨミガナ", "よみ", "ヨミ", "氏名カナ", "カナ氏名",
        "氏名フリガナ", "氏名ふりがな", "kana", "reading",
    ),
    "email": ("メールアドレス", "メール", "eメール", "電子メール", "email", "mail", "emailaddress", "mailaddress"),
    "department": ("部署", "部門", "部署名", "部門名", "所属", "所属部署", "department", "dept"),
    "team": ("チーム", "課", "グループ", "チーム名", "課名", "グループ名", "team", "group"),
    "manager_email": (
        "上司", "上司メール", "上司メールアドレス", "上長", "上長メール", "上長メールアドレス", "manageremail",
        "manager", "managermail",
    ),
}
_FOLD = re.compile(r"[\s_\-.・()（）\[\]【】「」:：]+")


def _fold_header(text: str) -> str:
    return _FOLD.sub("", unicodedata.normalize("NFKC", text or "")).lower()


_HEADER_FIELD = {_fold_header(alias): field for field, aliases in HEADERS.items() for alias in aliases}

COLUMN_LABELS = {  # how the page names a column: the Japanese header, then the English one
    "name": "氏名 / name",
    "kana": "ふりがな / kana",
    "email": "メールアドレス / email",
    "department": "部署 / department",
    "team": "チーム / team",
    "manager_email": "上司メール / manager_email",
}


@dataclass(frozen=True)
class RowError:
    line: int  # Excel's row number: the header is 1
    messages: tuple[str, ...]


@dataclass(frozen=True)
class DirectoryResult:
    """What an upload tells the administrator.  ``people`` is the number of rows of the file
    (the directory's size), never a number of accounts."""

    people: int
    errors: tuple[RowError, ...]
    ignored_columns: tuple[str, ...] = ()

    @property
    def errors_shown(self) -> tuple[RowError, ...]:
        return self.errors[:MAX_ERRORS_SHOWN]

    @property
    def errors_not_shown(self) -> int:
        return max(0, len(self.errors) - MAX_ERRORS_SHOWN)


@dataclass(frozen=True)
class Person:
    name: str
    kana: str
    email: str
    department: str
    team: str
    manager_email: str


# Only width is folded: half-width katakana (ｱｲﾀﾞ -> アイダ), full-width Latin and digits
# (ａｉｋｏ＠ -> aiko@) and the ideographic space.  Full NFKC would also rewrite characters
# people choose on purpose (① -> 1, ㈱ -> (株)).
_WIDTH = re.compile(r"[\uff01-\uff5e\uff61-\uff9f\u3000]+")


def _clean(value: str) -> str:
    return _WIDTH.sub(lambda m: unicodedata.normalize("NFKC", m.group()), value or "").strip()


@lru_cache(maxsize=65_536)  # each address is checked as a person's and again as a manager's
def _is_address(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _columns(header: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    """Which column index holds each field, the problems of the header, the ignored columns."""
    found: dict[str, int] = {}
    problems: list[str] = []
    ignored: list[str] = []
    for index, title in enumerate(header):
        field = _HEADER_FIELD.get(_fold_header(title))
        if field is None:
            if title.strip():
                ignored.append(title.strip())
            continue
        if field in found:
            problems.append(
                _("Two columns mean the same thing (%(first)s and %(second)s). Please keep one of them.")
                % {"first": header[found[field]].strip(), "second": title.strip()}
            )
            continue
        found[field] = index
    for field in REQUIRED_COLUMNS:
        if field not in found:
            problems.append(
                _("There is no column for %(column)s. Please add it to the header row (row 1).")
                % {"column": COLUMN_LABELS[field]}
            )
    return found, problems, ignored


def directory_parse(*, text: str) -> tuple[list[Person], list[RowError], list[str]]:
    """The people of a CSV text, the problems by Excel row, and the columns not read.

    Every problem is found in one pass, so the administrator can fix the whole file at once.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return [], [RowError(line=1, messages=(_("The file is empty. Row 1 should be the header row."),))], []
    except csv.Error:
        return [], [RowError(line=1, messages=(_("Row 1 could not be read as CSV."),))], []
    columns, header_problems, ignored = _columns(header)
    if header_problems:
        return [], [RowError(line=1, messages=tuple(header_problems))], ignored

    people: list[Person] = []
    lines: list[int] = []
    errors: list[RowError] = []
    first_line: dict[str, int] = {}
    line = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            line += 1
            errors.append(RowError(line=line, messages=(_("This row could not be read as CSV (a quote is not closed)."),)))
            break
        line += 1
        if not any(cell.strip() for cell in record):
            continue  # Excel writes empty rows as ",,,,": skip them, but count them
        if len(people) + len(errors) >= MAX_PEOPLE:
            errors.append(RowError(line=line, messages=(
                _("A directory can hold at most %(n)d people. Please contact us if you need more.") % {"n": MAX_PEOPLE},
            )))
            break
        values = {f: _clean(record[i]) if i < len(record) else "" for f, i in columns.items()}
        for field in ("email", "manager_email"):
            values[field] = values.get(field, "").lower()
        person = Person(**{f: values.get(f, "") for f in FIELDS})
        problems = _row_problems(person)
        if person.email and _is_address(person.email):
            seen = first_line.get(person.email)
            if seen is not None:
                problems.append(
                    _("The e-mail address %(email)s is already on row %(line)d. Each person can be listed once.")
                    % {"email": person.email, "line": seen}
                )
            else:
                first_line[person.email] = line
        if problems:
            errors.append(RowError(line=line, messages=tuple(problems)))
        else:
            people.append(person)
            lines.append(line)

    # Managers are checked once every row is known: a manager may be listed below their reports.
    for person, at in zip(people, lines, strict=True):
        if person.manager_email and person.manager_email not in first_line and _is_address(person.manager_email):
            errors.append(RowError(line=at, messages=(
                _("The manager's e-mail address %(email)s is not in this file. Please add a row for the manager, "
                  "or leave the cell empty.") % {"email": person.manager_email},
            )))
    errors.sort(key=lambda e: e.line)
    return people, errors, ignored


def _row_problems(person: Person) -> list[str]:
    problems: list[str] = []
    if not person.email:
        problems.append(_("The e-mail address is empty."))
    elif not _is_address(person.email):
        problems.append(_("“%(value)s” is not an e-mail address.") % {"value": person.email})
    if not person.name:
        problems.append(_("The name is empty."))
    for field in FIELDS:
        if len(getattr(person, field)) > MAX_LENGTH[field]:
            problems.append(
                _("%(column)s can be at most %(n)d characters.") % {"column": COLUMN_LABELS[field], "n": MAX_LENGTH[field]}
            )
    if person.manager_email:
        if not _is_address(person.manager_email):
            problems.append(
                _("The manager's e-mail address “%(value)s” is not an e-mail address. Please write the manager's "
                  "address, not their name.") % {"value": person.manager_email}
            )
        elif person.manager_email == person.email:
            problems.append(_("A person cannot be their own manager. Please leave the manager's cell empty."))
    return problems


def directory_import(*, organisation: Organisation, text: str, keep_email: str = "") -> DirectoryResult:
    """Replace the organisation's directory with the people in ``text``, or change nothing.

    Rows whose address is already listed are updated, new addresses added, addresses missing
    from the file removed.  A person whose address was listed and is missing now has left: if
    they have a membership here it ends (``services.memberships_end``), in the same
    transaction.  ``keep_email`` (the administrator uploading) may not be dropped that way: the
    upload is refused instead, so nobody removes their own access by mistake.
    """
    from kabeuchi.accounts.services import memberships_end

    people, errors, ignored = directory_parse(text=text)
    if not errors and not people:
        errors = [RowError(line=2, messages=(_("The file has a header row but nobody in it."),))]
    keep_email = (keep_email or "").strip().lower()
    with transaction.atomic():
        # Lock the organisation's row: two uploads at once apply one after the other.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        existing = {row.email: row for row in DirectoryEntry.objects.filter(organisation=organisation)}
        incoming = {p.email: p for p in people}
        if not errors and keep_email and keep_email in existing and keep_email not in incoming:
            errors = [RowError(line=1, messages=(
                _("Your own address (%(email)s) is not in this file. Removing it would end your own access to "
                  "these pages, so nothing was changed. Please add your row, or ask another administrator.")
                % {"email": keep_email},
            ))]
        if errors:
            return DirectoryResult(people=0, errors=tuple(errors), ignored_columns=tuple(ignored))
        now = timezone.now()
        changed, created = [], []
        for email, person in incoming.items():
            row = existing.get(email)
            if row is None:
                created.append(DirectoryEntry(organisation=organisation, **person.__dict__))
                continue
            if any(getattr(row, f) != getattr(person, f) for f in FIELDS):
                for f in FIELDS:
                    setattr(row, f, getattr(person, f))
                row.updated_at = now
                changed.append(row)
        gone = [row for email, row in existing.items() if email not in incoming]
        # A changed row is deleted and inserted again with its id and creation time: one
        # multi-row INSERT per 500, where bulk_update's CASE per field and row took 7 s for
        # 1,000 changed rows on PostgreSQL (bench/directory_import_bench.py).
        stale = [row.pk for row in gone] + [row.pk for row in changed]
        for start in range(0, len(stale), 500):
            DirectoryEntry.objects.filter(pk__in=stale[start : start + 500]).delete()
        DirectoryEntry.objects.bulk_create([*changed, *created], batch_size=500)
        memberships_end(organisation=organisation, emails=[row.email for row in gone])
    return DirectoryResult(people=len(incoming), errors=(), ignored_columns=tuple(ignored))

