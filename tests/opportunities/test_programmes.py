"""Programmes: import all-or-nothing with a per-row report; private ranking with a reason."""

from __future__ import annotations

import pytest

from kabeuchi.opportunities import matching, services
from kabeuchi.opportunities.models import Programme

GOOD = "kind,title,description,eligibility,how_to_apply,apply_url,starts_on,ends_on\n" \
    "posting,データ分析チーム 社内公募,データ分析と機械学習で事業を支えるチームです,入社2年以上,人事部 公募窓口,https://intra.example/koubo,2026-04-01,2026-05-31\n" \
    "reskilling,営業のための話し方講座,顧客との対話と提案の練習,,研修ポータルから申し込み,,,\n"
BAD_ROW = "mentoring,,説明,,,,2026-13-01,\n"


def test_a_csv_with_one_bad_row_imports_nothing_and_reports_the_row(cast):
    rows = services.parse_rows(data=GOOD + BAD_ROW, filename="p.csv")
    result = services.programme_import(organisation=cast.sakura, rows=rows)
    assert result.created == 0 and Programme.objects.count() == 0
    assert [e.row for e in result.errors] == [4]  # Excel's row: the header is row 1
    text = " ".join(result.errors[0].messages)
    assert "title" in text and "how_to_apply" in text and "starts_on" in text


def test_csv_errors_name_the_row_excel_shows_across_empty_rows_and_line_breaks_in_a_cell(cast):
    lines = GOOD.splitlines()
    multiline = 'reskilling,"話し方講座\n（2回目）",説明,,研修ポータル,,,'
    data = "\n".join([lines[0], lines[1], "", ",,,,,,,", multiline, BAD_ROW.strip()]) + "\n"
    result = services.programme_import(organisation=cast.sakura, rows=services.parse_rows(data=data, filename="p.csv"))
    assert [e.row for e in result.errors] == [6]  # header 1, good 2, empty 3 and 4, two-line cell 5


def test_a_good_csv_and_json_import_everything(cast):
    assert services.programme_import(organisation=cast.sakura, rows=services.parse_rows(data=GOOD)).created == 2
    data = '[{"kind": "hrbp", "title": "HRBPとの1on1", "description": "キャリアの相談", "how_to_apply": "hrbp@sakura.example"}]'
    assert services.programme_import(organisation=cast.sakura, rows=services.parse_rows(data=data, filename="p.json")).created == 1
    assert Programme.objects.filter(organisation=cast.sakura).count() == 3


def test_bad_json_is_a_whole_sentence_error(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="JSON"):
        services.parse_rows(data="[{", filename="p.json")


def test_ranking_uses_the_persons_own_words_and_quotes_them():
    docs = [
        matching.Doc("a", "営業のための話し方講座 顧客との対話"),
        matching.Doc("b", "データ分析チーム 社内公募 データ分析と機械学習"),
        matching.Doc("c", "副業の規程"),
    ]
    profile = [matching.ProfileText("your notes", "いつかデータ分析の仕事がしたい。今は営業の数字を追っている。")]
    ranked = matching.rank(matching.Index(docs), profile)
    assert ranked[0].id == "b"
    assert "データ分析" in ranked[0].quote and "データ" in "".join(ranked[0].terms)


def test_the_ranking_page_records_nothing_and_quotes_aiko(cast, client_for):
    from kabeuchi.notebook.models import Note
    from kabeuchi.vault.actor import acting_as, person

    services.programme_import(organisation=cast.sakura, rows=services.parse_rows(data=GOOD))
    with acting_as(person(cast.aiko.pk)):
        Note.objects.create(owner=cast.aiko, title="やりたいこと", body="データ分析の仕事に挑戦したい。")
    from django.apps import apps

    aiko = client_for("aiko")
    counts = {m._meta.label: m.objects.count() for m in apps.get_models()}
    page = aiko.get("/programmes/").content.decode()
    assert page.index("データ分析チーム") < page.index("話し方講座")
    assert "データ分析の仕事に挑戦したい" in page
    # nothing about the visit was written anywhere
    assert counts == {m._meta.label: m.objects.count() for m in apps.get_models()}
    # and chika's pages say nothing about who saw what
    manage = client_for("chika").get("/org/programmes/").content.decode()
    assert cast.aiko.display_name not in manage


def test_embeddings_from_an_openai_compatible_server_are_used_when_configured(cast, settings):
    from kabeuchi.coach.gateway import model_gateway
    from kabeuchi.opportunities import embeddings
    from tests.fakes.openai_server import FakeOpenAIServer

    with FakeOpenAIServer() as server:
        settings.KABEUCHI_EMBEDDINGS_BASE_URL = server.url
        similarity = embeddings.similarity(
            programme_keys=[("1", "x"), ("2", "x")], programme_texts=["データ分析", "営業"], person_text="データ分析",
            embed=model_gateway(organisation=cast.sakura).embed,
        )
        assert similarity is not None and similarity.shape == (2,)
        assert any(r.path.endswith("/embeddings") for r in server.requests) if hasattr(server.requests[0], "path") else True
    embeddings._cache.clear()


def test_an_oversized_import_file_is_refused_not_truncated(cast, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from kabeuchi.opportunities.models import Programme

    header = "title,kind,description\n"
    body = header + "".join(f"講座{i},reskilling,{'説明' * 40}\n" for i in range(30000))
    assert len(body.encode()) > 5_000_000
    upload = SimpleUploadedFile("big.csv", body.encode(), content_type="text/csv")
    response = client_for("chika").post(reverse("opportunities:programme-import"), {"file": upload})
    assert response.status_code == 400
    assert "5MB" in response.content.decode() or "5 MB" in response.content.decode()
    assert not Programme.objects.exists()


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(lambda text: text.encode("cp932"), id="shift_jis-from-excel"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="utf8-with-bom"),
        pytest.param(lambda text: text.encode("utf-8"), id="utf8"),
    ],
)
def test_programme_import_reads_excels_shift_jis_and_a_bom_like_the_directory(cast, client_for, encoded):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    # given the same sheet saved by Excel in each encoding (①: a character only CP932 has)
    data = encoded(GOOD.replace("社内公募", "社内公募①").replace("\n", "\r\n"))
    # when the people team imports it
    response = client_for("chika").post(
        reverse("opportunities:programme-import"), {"file": SimpleUploadedFile("p.csv", data, content_type="text/csv")}
    )
    # then both programmes are there, their titles as written
    assert response.status_code == 302
    assert sorted(Programme.objects.values_list("title", flat=True)) == ["データ分析チーム 社内公募①", "営業のための話し方講座"]


def test_a_programme_changed_or_removed_shows_at_once_though_the_list_is_kept_between_requests(cast):
    """selectors.index_for keeps the organisation's programmes between requests and reads them
    again when one changed (count and last change): an edit or a removal is never served stale."""
    from kabeuchi.opportunities import selectors

    services.programme_import(organisation=cast.sakura, rows=services.parse_rows(data=GOOD))
    before = {r.programme.title for r in selectors.programmes_for_person(organisation=cast.sakura, profile=[])}
    assert "営業のための話し方講座" in before
    talk = Programme.objects.get(title="営業のための話し方講座")
    services.programme_save(organisation=cast.sakura, programme=talk, kind="reskilling", title="話し方講座（改訂）",
                            description="顧客との対話", how_to_apply="研修ポータル")
    after = {r.programme.title for r in selectors.programmes_for_person(organisation=cast.sakura, profile=[])}
    assert "話し方講座（改訂）" in after and "営業のための話し方講座" not in after
    services.programme_delete(programme=Programme.objects.get(title="データ分析チーム 社内公募"))
    assert {r.programme.title for r in selectors.programmes_for_person(organisation=cast.sakura, profile=[])} == {"話し方講座（改訂）"}
