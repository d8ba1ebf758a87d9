"""The organisation's directory: 10,000 people uploaded from Excel.  Target: < 10 s.

    .venv/bin/python bench/directory_import_bench.py [--people 10000]

Builds a throwaway test database (the test settings; ``KABEUCHI_TEST_DATABASE_URL`` for
PostgreSQL), makes an organisation with 300 members whose addresses are in the directory, and
times, through the administrator's page (Django's test client: upload, decoding, parsing,
checks, one transaction) and as the page would show them:

1. the first upload of a Shift_JIS (CP932) file of ``--people`` rows with Japanese headers;
2. the same file again (nothing changes);
3. a re-upload where 10 % moved team and 1 % left (their memberships end);
4. a file with one bad row at the end (nothing changes; the error names Excel's row).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

HEADER = "氏名,ふりがな,メールアドレス,部署,チーム,上司メール\r\n"
FAMILY = [("佐藤", "さとう"), ("鈴木", "すずき"), ("高橋", "たかはし"), ("田中", "たなか"), ("伊藤", "いとう"), ("渡辺", "わたなべ")]
GIVEN = [("太郎", "たろう"), ("花子", "はなこ"), ("一郎", "いちろう"), ("美咲", "みさき"), ("健", "けん"), ("陽菜", "ひな")]


def sheet(people: int, *, moved: int = 0, left: int = 0, bad_last: bool = False) -> bytes:
    rows = []
    for i in range(people - left):
        family, given = FAMILY[i % len(FAMILY)], GIVEN[(i // len(FAMILY)) % len(GIVEN)]
        department = f"第{i % 40 + 1}部"
        team = f"{(i // 40) % 8 + 1}課" if i >= moved else "新設課"
        manager = "" if i < 40 else f"p{i % 40}@sakura.example"
        rows.append(f"{family[0]} {given[0]},{family[1]} {given[1]},p{i}@sakura.example,{department},{team},{manager}\r\n")
    if bad_last:
        rows[-1] = rows[-1].replace("@sakura.example,", "@@sakura,", 1)
    return (HEADER + "".join(rows)).encode("cp932")


def upload(client: Client, data: bytes) -> tuple[float, int]:
    started = time.perf_counter()
    response = client.post("/org/directory/", {"file": SimpleUploadedFile("名簿.csv", data, content_type="text/csv")})
    return time.perf_counter() - started, response.status_code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=10_000)
    people = parser.parse_args().people
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from kabeuchi.accounts import services
        from kabeuchi.accounts.models import DirectoryEntry, Membership, User

        sakura = services.organisation_create(name="さくら工業", slug="sakura")
        admin = services.user_create(email="p0@sakura.example", password="bench-password-42")
        services.membership_create(user=admin, organisation=sakura, role="admin")
        prefs = services.preferences_get(user=admin)
        prefs.guideline_read = True
        prefs.save()
        for i in range(people - 300, people):  # 300 members, the last rows (the last 1 % leave below)
            user = User.objects.create_user(f"p{i}@sakura.example", None)
            services.membership_create(user=user, organisation=sakura)
        client = Client()
        client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
        first = sheet(people)
        print(f"{connection.vendor}; {people} people, file {len(first) / 1e6:.2f} MB (Shift_JIS)")
        for label, data, expected in (
            ("first upload", first, 302),
            ("same file again", first, 302),
            ("10% moved, 1% left", sheet(people, moved=people // 10, left=people // 100), 302),
            ("one bad row at the end", sheet(people, bad_last=True), 400),
        ):
            seconds, status = upload(client, data)
            assert status == expected, (label, status)
            print(f"{label:24s} {seconds:6.2f} s  (HTTP {status}; directory {DirectoryEntry.objects.count()}, "
                  f"members {Membership.objects.count()})")
        print("target: < 10 s for each")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
