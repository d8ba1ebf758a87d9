"""'My career so far': print view, Markdown and PDF with Japanese glyphs; my-data export."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from kabeuchi.core import mydata
from kabeuchi.notebook import services as nb
from kabeuchi.notebook.models import Experience
from tests.pdf import pdf_text, skip_without_cjk_font

NOTEBOOK_KINDS = {"experiences", "strengths", "values", "directions", "skills", "learning", "goals", "checkins"}


@pytest.fixture
def filled(cast):
    strength = nb.strength_create(user=cast.aiko, name="粘り強さ", description="最後までやり抜く")
    nb.experience_create(user=cast.aiko, title="基幹システム移行", start="2022-04", end="2023-03",
                         did="移行計画を立てた", learned="段取りの大切さ", strength_ids=[strength.pk])
    nb.direction_add(user=cast.aiko, kind="will", text="人を育てる仕事がしたい")
    nb.value_ranking_set(user=cast.aiko, ranking=["growth", "teamwork"])
    nb.skill_create(user=cast.aiko, name="要件定義", level=4)
    nb.learning_create(user=cast.aiko, what="統計学入門", on="2024-06-01", minutes=90, takeaway="平均に騙されない")
    nb.goal_create(user=cast.aiko, title="社内勉強会で発表する", progress=40, milestones=[{"text": "資料", "done": True}])
    nb.checkin_create(user=cast.aiko, energy=4, mood="good")
    return cast


def test_the_career_page_shows_everything_on_one_printable_page(filled, client_for):
    page = client_for("aiko").get(reverse("notebook:career")).content.decode()
    for words in ("基幹システム移行", "粘り強さ", "人を育てる仕事がしたい", "成長", "要件定義", "社内勉強会で発表する", "notebook-print.css"):
        assert words in page


def test_markdown_export_holds_the_career_in_japanese(filled, client_for):
    response = client_for("aiko").get(reverse("notebook:career-markdown"))
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/markdown")
    assert "### 基幹システム移行 (2022-04 – 2023-03)" in text
    assert "1. 成長" in text and "2. チームワーク" in text


def test_pdf_export_renders_japanese_glyphs(filled, client_for, tmp_path):
    # when aiko downloads her career as PDF
    response = client_for("aiko").get(reverse("notebook:career-pdf"))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "career.pdf"
    pdf.write_bytes(response.content)
    # then the text extracted from it is her Japanese text (real glyphs with a CJK font, not boxes)
    skip_without_cjk_font(pdf)
    text = pdf_text(pdf)
    assert "基幹システム移行" in text
    assert "人を育てる仕事がしたい" in text


def test_every_notebook_kind_is_in_the_export_and_can_be_deleted_one_by_one(filled, client_for):
    # given aiko's filled notebook
    client = client_for("aiko")
    # when she exports her data
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("accounts:mydata-export")).content))
    data = json.loads(archive.read("data.json"))
    # then every notebook kind is there, as JSON and Markdown, with her words
    assert NOTEBOOK_KINDS <= set(data)
    assert {f"{kind}.md" for kind in NOTEBOOK_KINDS} <= set(archive.namelist())
    assert data["experiences"][0]["strengths"] == ["粘り強さ"]
    assert data["values"][0]["ranking"] == ["growth", "teamwork"]
    assert "基幹システム移行" in archive.read("experiences.md").decode()
    # and each kind's items can be deleted one at a time
    for kind in NOTEBOOK_KINDS:
        for item in list(mydata.source(kind).list_items(filled.aiko)):
            response = client.post(reverse("accounts:mydata-item-delete", kwargs={"kind": kind, "item_id": item.id}))
            assert response.status_code == 302, kind
        assert mydata.source(kind).count(filled.aiko) == 0, kind
    assert not Experience.objects.filter(owner=filled.aiko).exists()
