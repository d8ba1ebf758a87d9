"""The organisation's directory: upload from Excel, all or nothing, errors by Excel row, no
accounts made or revealed, and leavers (docs/privacy.md P41)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kabeuchi.accounts.directory import directory_import, directory_parse
from kabeuchi.accounts.models import DirectoryEntry, Membership, Preferences, User

URL = "/org/directory/"

# The cast as the employer's Excel sheet lists them, plus two colleagues who never joined.
ROWS_JA = [
    ("氏名", "ふりがな", "メールアドレス", "部署", "チーム", "上司メール"),
    ("馬場 文太", "ばば ぶんた", "bunta@sakura.example", "開発部", "プラットフォーム", ""),
    ("相田 愛子", "あいだ あいこ", "aiko@sakura.example", "開発部", "プラットフォーム", "bunta@sakura.example"),
    ("千葉 千佳", "ちば ちか", "chika@sakura.example", "人事部", "", ""),
    ("江藤 英太", "えとう えいた", "eita@sakura.example", "情報システム部", "", ""),
    ("小宮山 遥", "こみやま はるか", "haruka@sakura.example", "開発部", "プラットフォーム", "bunta@sakura.example"),
    ("髙橋 ①郎", "たかはし いちろう", "ichiro@sakura.example", "営業部", "第一課", ""),
]


def without(email: str, rows=ROWS_JA) -> list[tuple]:
    """The sheet after ``email`` left: their row gone, and nobody's manager any more."""
    return [(*r[:5], "" if r[5] == email else r[5]) for r in rows if r[2] != email]


def csv_text(rows) -> str:
    return "".join(",".join(row) + "\r\n" for row in rows)


def upload(client, data: bytes, name: str = "directory.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def _page_text(response) -> str:
    """The page as the administrator reads it, without what differs per request (the CSRF
    token)."""
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


# --- reading the file ---------------------------------------------------------------------------


def test_a_shift_jis_file_from_excel_with_japanese_headers_is_imported(cast, client_for):
    # given the sheet saved by Excel as "CSV (comma delimited)": Shift_JIS (CP932, which has ① and 髙)
    data = csv_text(ROWS_JA).encode("cp932")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    # when the administrator uploads it
    response = upload(client_for("eita"), data)
    # then every row is in the directory, read correctly
    assert response.status_code == 302
    assert DirectoryEntry.objects.filter(organisation=cast.sakura).count() == 6
    ichiro = DirectoryEntry.objects.get(email="ichiro@sakura.example")
    assert (ichiro.name, ichiro.kana, ichiro.department, ichiro.team) == ("髙橋 ①郎", "たかはし いちろう", "営業部", "第一課")
    aiko = DirectoryEntry.objects.get(email="aiko@sakura.example")
    assert aiko.manager_email == "bunta@sakura.example"
    page = client_for("eita").get(URL).content.decode()
    assert "6" in page


def test_a_utf8_file_with_a_bom_and_english_headers_is_imported(cast, client_for):
    # given "CSV UTF-8 (comma delimited)" from Excel: a byte order mark, and English headers
    rows = [("name", "kana", "email", "department", "team", "manager_email"), *ROWS_JA[1:]]
    data = b"\xef\xbb\xbf" + csv_text(rows).encode("utf-8")
    # when uploaded
    response = upload(client_for("eita"), data)
    # then the BOM is not part of the first header, and everyone is read
    assert response.status_code == 302
    assert DirectoryEntry.objects.filter(organisation=cast.sakura).count() == 6


def test_header_spellings_people_use_are_understood():
    # given other spellings Japanese spreadsheets use, and a column that is not read
    text = "名前,フリガナ,メール,部門,課,上司,社員番号\n相田 愛子,アイダ アイコ,AIKO@sakura.example,開発部,一課,,E123\n"
    # when parsed
    people, errors, ignored = directory_parse(text=text)
    # then the row is read, the address in lower case, and the extra column is named as ignored
    assert errors == []
    assert people[0].email == "aiko@sakura.example" and people[0].kana == "アイダ アイコ" and people[0].team == "一課"
    assert ignored == ["社員番号"]


def test_half_width_katakana_and_full_width_latin_are_read_as_people_mean_them():
    text = "氏名,カナ,メールアドレス\n相田 愛子,ｱｲﾀﾞ ｱｲｺ,ａｉｋｏ＠ｓａｋｕｒａ．ｅｘａｍｐｌｅ\n"
    people, errors, _ = directory_parse(text=text)
    assert errors == []
    assert people[0].kana == "アイダ アイコ" and people[0].email == "aiko@sakura.example"


def test_errors_are_reported_by_excel_row_politely_in_japanese(cast, client_for):
    # given a sheet with a bad address on row 3, a cell with a line break on row 4 (still one
    # Excel row), a duplicate on row 6 and an unknown manager on row 7
    text = (
        "氏名,ふりがな,メールアドレス,部署,チーム,上司メール\r\n"  # row 1
        "馬場 文太,ばば ぶんた,bunta@sakura.example,開発部,,\r\n"  # row 2
        "相田 愛子,あいだ あいこ,aiko@sakura,開発部,,\r\n"  # row 3: not an address
        '"千葉\n千佳",ちば ちか,chika@sakura.example,人事部,,\r\n'  # row 4 (two physical lines)
        ",,,,,\r\n"  # row 5: empty, skipped but counted
        "馬場 文太,ばば ぶんた,BUNTA@sakura.example,開発部,,\r\n"  # row 6: duplicate of row 2
        "小宮山 遥,こみやま はるか,haruka@sakura.example,開発部,,boss@sakura.example\r\n"  # row 7
        ",,ichiro@sakura.example,,,\r\n"  # row 8: no name
    )
    # when uploaded in Japanese (the default language)
    response = upload(client_for("eita"), text.encode("cp932"))
    # then nothing changed, and each problem names its Excel row in a whole Japanese sentence
    assert response.status_code == 400
    assert not DirectoryEntry.objects.exists()
    page = response.content.decode()
    assert "何も変更していません" in page
    assert "3行目" in page and "aiko@sakura" in page and "メールアドレスではありません" in page
    assert "6行目" in page and "2行目にもあります" in page
    assert "7行目" in page and "boss@sakura.example" in page and "このファイルにありません" in page
    assert "8行目" in page and "氏名が空です" in page
    assert "4行目" not in page and "5行目" not in page


def test_the_row_numbers_are_excels_in_the_parser():
    text = "氏名,メールアドレス\n相田,aiko@x.example\n\"a\nb\",bad\n\n千葉,aiko@x.example\n"
    _, errors, _ = directory_parse(text=text)
    assert [e.line for e in errors] == [3, 5]


def test_a_missing_required_column_is_named_and_nothing_changes(cast, client_for):
    # given a directory already uploaded
    upload(client_for("eita"), csv_text(ROWS_JA).encode("utf-8"))
    # when a file without an address column is uploaded
    response = upload(client_for("eita"), "氏名,部署\n相田 愛子,開発部\n".encode("cp932"))
    # then row 1 is named, and the directory is as it was
    assert response.status_code == 400
    page = response.content.decode()
    assert "1行目" in page and "メールアドレス / email" in page and "列がありません" in page
    assert DirectoryEntry.objects.filter(organisation=cast.sakura).count() == 6


def test_errors_are_reported_in_english_for_an_english_administrator(cast, client_for):
    client = client_for("eita")
    client.post(reverse("core:language-set"), {"language": "en"})
    response = upload(client, b"name,email\nAiko,aiko@\n")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Row 2:" in page and "is not an e-mail address." in page


def test_one_bad_row_among_many_changes_nothing(cast):
    # given a good directory
    assert not directory_import(organisation=cast.sakura, text=csv_text(ROWS_JA)).errors
    before = sorted(DirectoryEntry.objects.values_list("email", "department", "updated_at"))
    # when a new file changes every department but has one bad manager address on row 10,000
    rows = [ROWS_JA[0]] + [(f"社員{i}", "", f"p{i}@sakura.example", "新部署", "", "") for i in range(9998)]
    rows.append(("最後", "", "last@sakura.example", "新部署", "", "nobody@sakura.example"))
    result = directory_import(organisation=cast.sakura, text=csv_text(rows))
    # then the error names row 10,000 and the directory is exactly as before
    assert [e.line for e in result.errors] == [10000]
    assert sorted(DirectoryEntry.objects.values_list("email", "department", "updated_at")) == before


def test_a_file_over_five_megabytes_is_refused_before_it_is_read(cast, client_for):
    body = csv_text(ROWS_JA[:1]) + "".join(f"社員{i},,p{i}@sakura.example,{'部署' * 40},,\r\n" for i in range(30000))
    assert len(body.encode("cp932")) > 5_000_000
    response = upload(client_for("eita"), body.encode("cp932"))
    assert response.status_code == 400
    assert "5 MB" in response.content.decode() or "5MB" in response.content.decode()
    assert not DirectoryEntry.objects.exists()


def test_utf16_and_binary_files_are_refused_with_advice(cast, client_for):
    response = upload(client_for("eita"), csv_text(ROWS_JA).encode("utf-16"))
    assert response.status_code == 400 and "UTF-16" in response.content.decode()
    response = upload(client_for("eita"), bytes(range(256)) * 4)
    assert response.status_code == 400
    assert not DirectoryEntry.objects.exists()


# --- replacing ----------------------------------------------------------------------------------


def test_a_new_upload_updates_adds_and_removes_rows(cast):
    # given the directory
    directory_import(organisation=cast.sakura, text=csv_text(ROWS_JA))
    kept = DirectoryEntry.objects.get(email="chika@sakura.example")
    # when a new file moves haruka, drops ichiro and adds someone
    rows = [r for r in ROWS_JA if r[2] != "ichiro@sakura.example"]
    rows = [(*r[:3], "営業部", *r[4:]) if r[2] == "haruka@sakura.example" else r for r in rows]
    rows.append(("新井 新", "あらい しん", "shin@sakura.example", "開発部", "", ""))
    result = directory_import(organisation=cast.sakura, text=csv_text(rows))
    # then the directory is the new file, and unchanged rows were left as they were
    assert result.people == 6 and not result.errors
    emails = set(DirectoryEntry.objects.values_list("email", flat=True))
    assert "ichiro@sakura.example" not in emails and "shin@sakura.example" in emails
    assert DirectoryEntry.objects.get(email="haruka@sakura.example").department == "営業部"
    assert DirectoryEntry.objects.get(email="chika@sakura.example").updated_at == kept.updated_at


def test_directories_of_two_organisations_stay_apart(cast):
    directory_import(organisation=cast.sakura, text=csv_text(ROWS_JA))
    directory_import(organisation=cast.minato, text="氏名,メールアドレス\n大地 大輔,daichi@minato.example\n")
    assert DirectoryEntry.objects.filter(organisation=cast.sakura).count() == 6
    assert DirectoryEntry.objects.filter(organisation=cast.minato).count() == 1


# --- nothing about accounts ---------------------------------------------------------------------


def test_uploading_creates_no_accounts_and_invites_nobody(cast, client_for):
    from kabeuchi.accounts.models import Invitation

    users, memberships, invitations = User.objects.count(), Membership.objects.count(), Invitation.objects.count()
    upload(client_for("eita"), csv_text(ROWS_JA).encode("cp932"))
    assert (User.objects.count(), Membership.objects.count(), Invitation.objects.count()) == (
        users, memberships, invitations
    )
    assert not User.objects.filter(email__in=["haruka@sakura.example", "ichiro@sakura.example"]).exists()


def _scenario(client_for, *, with_accounts: bool):
    """Upload the directory and a second file that drops two people, as eita; return every
    page he reads on the way."""
    from kabeuchi.accounts import services
    from tests.conftest import _person

    if with_accounts:
        # haruka and ichiro joined Kabeuchi (ichiro even as a manager of someone's share)
        sakura = Membership.objects.get(user__email="eita@sakura.example").organisation
        _person("haruka@sakura.example", "小宮山 遥", sakura, "member")
        _person("ichiro@sakura.example", "髙橋 一郎", sakura, "member")
        assert services.directory_lists(organisation=sakura, email="haruka@sakura.example")
    client = client_for("eita")
    pages = []
    response = upload(client, csv_text(ROWS_JA).encode("cp932"))
    pages.append((response.status_code, response["Location"]))
    pages.append(_page_text(client.get(URL)))
    dropped = [r for r in ROWS_JA if r[2] not in ("haruka@sakura.example", "ichiro@sakura.example")]
    response = upload(client, csv_text(dropped).encode("cp932"))
    pages.append((response.status_code, response["Location"]))
    pages.append(_page_text(client.get(URL)))
    bad = [*ROWS_JA, ("誰か", "", "haruka@sakura.example", "", "", "")]
    response = upload(client, csv_text(bad).encode("cp932"))
    pages.append((response.status_code, _page_text(response)))
    pages.append(_page_text(client.get(reverse("org:insights-report"))))
    pages.append(_page_text(client.get(reverse("org:invitation-list"))))
    return pages


@pytest.mark.django_db
def test_the_pages_are_identical_whether_or_not_directory_people_have_accounts(client_for, cast, django_db_blocker):
    # given the same uploads, once where two colleagues have accounts and once where they do not
    with_accounts = _scenario(client_for, with_accounts=True)
    assert not Membership.objects.filter(user__email__in=["haruka@sakura.example", "ichiro@sakura.example"]).exists()
    assert Preferences.objects.filter(left_organisation=True).count() == 2
    Membership.objects.filter(user__email__in=["haruka@sakura.example", "ichiro@sakura.example"]).delete()
    User.objects.filter(email__in=["haruka@sakura.example", "ichiro@sakura.example"]).delete()
    DirectoryEntry.objects.all().delete()
    without = _scenario(client_for, with_accounts=False)
    # then the administrator reads exactly the same pages, including after two of them left
    assert with_accounts == without
    assert without[0] == without[2] == (302, URL) and without[4][0] == 400
    assert "人" in without[1]


# --- leavers ------------------------------------------------------------------------------------


def test_a_member_missing_from_a_new_upload_leaves_and_keeps_everything(cast, client_for):
    from kabeuchi.notebook import services as nb
    from kabeuchi.notebook.models import Note
    from kabeuchi.vault.actor import acting_as, person

    # given aiko with a note and a place in the directory
    with acting_as(person(cast.aiko.pk)):
        nb.note_create(user=cast.aiko, title="メモ", body="転職も考えている")
    directory_import(organisation=cast.sakura, text=csv_text(ROWS_JA))
    # when a new upload no longer lists her
    result = directory_import(
        organisation=cast.sakura, text=csv_text([r for r in ROWS_JA if r[2] != "aiko@sakura.example"])
    )
    # then her membership ended, her account and note are hers, and nobody else changed
    assert not result.errors
    assert not Membership.objects.filter(user=cast.aiko).exists()
    assert User.objects.filter(pk=cast.aiko.pk, is_active=True).exists()
    assert Note.objects.filter(owner=cast.aiko).count() == 1
    assert Membership.objects.filter(organisation=cast.sakura).count() == 3
    assert Preferences.objects.get(user=cast.aiko).left_organisation
    # and at her next request she is told, calmly, in Japanese, what it means
    client = client_for("aiko")
    response = client.get(reverse("core:home"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:left-notice")
    notice = client.get(response["Location"]).content.decode()
    assert "個人のアカウント" in notice and "あなただけのもの" in notice
    assert reverse("accounts:mydata") in notice and reverse("accounts:account-delete") in notice
    # she can take everything with her without dismissing the notice first
    assert client.get(reverse("accounts:mydata-export")).status_code == 200
    assert "転職も考えている".encode() in _zip_text(client.get(reverse("accounts:mydata-export")).content)
    # and once read, it does not come back
    client.post(reverse("accounts:left-notice"))
    assert client.get(reverse("core:home")).status_code == 200
    assert not Preferences.objects.get(user=cast.aiko).left_organisation


def _zip_text(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist())


def test_people_never_in_the_directory_do_not_leave_on_the_first_upload(cast):
    # given a first directory that lists only bunta and aiko
    text = csv_text(ROWS_JA[:3])
    directory_import(organisation=cast.sakura, text=text)
    # then chika and eita (not listed yet) keep their memberships: nobody left a directory
    assert Membership.objects.filter(organisation=cast.sakura).count() == 4


def test_the_uploading_administrator_cannot_drop_themselves(cast, client_for):
    upload(client_for("eita"), csv_text(ROWS_JA).encode("utf-8"))
    response = upload(client_for("eita"), csv_text([r for r in ROWS_JA if r[2] != "eita@sakura.example"]).encode())
    assert response.status_code == 400
    assert "eita@sakura.example" in response.content.decode()
    assert Membership.objects.filter(user=cast.eita, role="admin").exists()
    assert DirectoryEntry.objects.filter(email="eita@sakura.example").exists()


def test_a_leaver_no_longer_reads_shares_and_reports_lose_the_manager_relation(cast):
    from kabeuchi.oneonone import services as oo
    from kabeuchi.oneonone.access import shared_with_me_list
    from kabeuchi.vault.actor import acting_as, person

    # given aiko shared an agenda with bunta, her manager
    with acting_as(person(cast.aiko.pk)):
        agenda = oo.agenda_create(
            user=cast.aiko, content={"topics": [{"category": "work", "text": "来期のこと", "style": "think"}]}
        )
        oo.share_create(user=cast.aiko, agenda_id=agenda.pk, item_keys=["topic-0"], recipient=cast.bunta, days=7)
    assert len(shared_with_me_list(user=cast.bunta)) == 1
    directory_import(organisation=cast.sakura, text=csv_text(ROWS_JA))
    # when bunta leaves the directory
    result = directory_import(organisation=cast.sakura, text=csv_text(without("bunta@sakura.example")))
    assert not result.errors
    # then the share no longer opens for him, and aiko has no manager relation to him any more
    assert shared_with_me_list(user=cast.bunta) == []
    assert Membership.objects.get(user=cast.aiko).manager is None


def test_a_leaver_back_in_the_directory_rejoins_at_company_sign_in(cast):
    from kabeuchi.accounts import services

    sso = services.sso_configure(
        organisation=cast.sakura, issuer="https://id.example", client_id="kabeuchi", client_secret="s",
        domains=["sakura.example"],
    )
    # given haruka signed in once with her company account
    directory_import(organisation=cast.sakura, text=csv_text(ROWS_JA))
    haruka = services.sso_sign_in(sso=sso, subject="haruka-1", email="haruka@sakura.example")
    assert Membership.objects.filter(user=haruka, organisation=cast.sakura).exists()
    # when she leaves the directory, she still reaches her personal account the same way
    assert not directory_import(organisation=cast.sakura, text=csv_text(without("haruka@sakura.example"))).errors
    assert services.sso_sign_in(sso=sso, subject="haruka-1", email="haruka@sakura.example") == haruka
    assert not Membership.objects.filter(user=haruka).exists()
    # and someone the directory does not list cannot join through company sign-in
    with pytest.raises(services.SsoRefused):
        services.sso_sign_in(sso=sso, subject="stranger-1", email="stranger@sakura.example")
    # back in the directory, she is back in the organisation and the notice is gone
    directory_import(organisation=cast.sakura, text=csv_text(ROWS_JA))
    services.sso_sign_in(sso=sso, subject="haruka-1", email="haruka@sakura.example")
    assert Membership.objects.filter(user=haruka, organisation=cast.sakura).exists()
    assert not Preferences.objects.get(user=haruka).left_organisation


def test_only_administrators_of_the_organisation_reach_the_upload(cast, client_for):
    data = csv_text(ROWS_JA).encode()
    for name in ("aiko", "bunta", "chika", "daichi", "operator"):
        assert upload(client_for(name), data).status_code == 404
    assert upload(client_for("anon"), data).status_code == 302
    assert not DirectoryEntry.objects.exists()
