import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kabeuchi.org.services import policy_update


def test_guideline_is_readable_without_signing_in(client, db):
    response = client.get(reverse("org:guideline"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "k = 10" in body  # the enforced default threshold


def test_guideline_shows_the_organisations_enforced_settings_and_changes(client, cast):
    # given the organisation raises k and lowers the retention limit
    policy_update(organisation=cast.sakura, k=15, max_retention_days=90)
    # when anyone opens the guideline
    body = client.get(reverse("org:guideline-org", kwargs={"slug": "sakura"})).content.decode()
    # then the page shows exactly those values, and each change with its date
    assert "k = 15" in body
    assert "90" in body
    from django.utils import timezone

    assert timezone.localdate().strftime("%Y-%m-%d") in body
    # and another organisation's page is not affected
    assert "k = 10" in client.get(reverse("org:guideline-org", kwargs={"slug": "minato"})).content.decode()


def test_guideline_api_renders_the_same_settings(client, cast):
    policy_update(organisation=cast.sakura, k=12, max_retention_days=30)
    data = client.get("/api/v1/guideline?organisation=sakura").json()
    assert (data["k"], data["max_retention_days"]) == (12, 30)
    assert [c["setting"] for c in data["changes"]] == ["max_retention_days", "k"] or {c["setting"] for c in data["changes"]} == {"k", "max_retention_days"}
    notes = next(r for r in data["rows"] if r["label"] in ("Notes", "メモ"))
    assert notes["access"] == {"self": "full", "manager": "none", "people": "none", "admin": "none", "operator": "none"}


def test_guideline_table_follows_the_policy_code(client, db, monkeypatch):
    # given the access table in code changes
    from kabeuchi.core import mydata

    source = mydata.source("notes")
    changed = type(source)(**{**source.__dict__, "access": {**source.access, "manager": "shared"}})
    monkeypatch.setitem(mydata._sources, "notes", changed)
    # then the public page says so
    data = client.get("/api/v1/guideline").json()
    notes = next(r for r in data["rows"] if r["access"]["self"] == "full" and r["access"]["manager"] == "shared")
    assert notes


@pytest.mark.parametrize("k", [0, 4])
def test_k_can_never_go_below_five(cast, k):
    with pytest.raises(ValidationError):
        policy_update(organisation=cast.sakura, k=k, max_retention_days=90)


def test_retention_can_never_exceed_the_global_maximum(cast, settings):
    with pytest.raises(ValidationError):
        policy_update(organisation=cast.sakura, k=10, max_retention_days=settings.KABEUCHI_MAX_RETENTION_DAYS + 1)


def test_the_database_refuses_k_below_five_even_past_the_service(cast):
    from django.db import IntegrityError, transaction

    from kabeuchi.org.models import OrgPolicy

    with pytest.raises(IntegrityError), transaction.atomic():
        OrgPolicy.objects.filter(organisation=cast.sakura).update(k=3)


def test_admin_form_rejects_k_below_five_politely(cast, client_for):
    client = client_for("eita")
    response = client.post(reverse("org:policy-edit"), {"k": 3, "max_retention_days": 90})
    assert response.status_code == 400
    assert "5" in response.content.decode()
    # and the guideline still shows the enforced value
    assert "k = 10" in client_for("anon").get("/guideline/sakura/").content.decode()


def test_lowering_the_limit_narrows_the_retention_choices_people_get(cast, client_for):
    policy_update(organisation=cast.sakura, k=10, max_retention_days=90)
    data = client_for("aiko").get("/api/v1/me/preferences").json()
    assert data["retention_choices"] == [0, 30, 90]
    response = client_for("aiko").put(
        "/api/v1/me/preferences", data={"default_retention_days": 365}, content_type="application/json"
    )
    assert response.status_code == 400


def test_guideline_discloses_embeddings_when_configured(client, db, settings):
    settings.KABEUCHI_EMBEDDINGS_BASE_URL = "http://127.0.0.1:9/v1"
    data = client.get("/api/v1/guideline", HTTP_ACCEPT_LANGUAGE="en").json()
    assert "embedding" in data["ai_processing"]
    settings.KABEUCHI_EMBEDDINGS_BASE_URL = ""
    assert "embedding" not in client.get("/api/v1/guideline", HTTP_ACCEPT_LANGUAGE="en").json()["ai_processing"]


def test_guideline_counts_admin_invitations_per_month_without_uses(client, cast):
    from freezegun import freeze_time

    from kabeuchi.accounts import services as account_services

    # given sakura's admins made 9 single-use invitations in October and one for 5 in November
    with freeze_time("2026-10-10 03:00:00"):
        for _ in range(9):
            account_services.invitation_create(organisation=cast.sakura)
    with freeze_time("2026-11-02 03:00:00"):
        account_services.invitation_create(organisation=cast.sakura, max_uses=5)
    # when anyone opens the guideline (page and API)
    body = client.get(reverse("org:guideline-org", kwargs={"slug": "sakura"})).content.decode()
    data = client.get("/api/v1/guideline", {"organisation": "sakura"}).json()
    # then each month shows its exact count and seats, newest first
    assert data["invitations"][:2] == [
        {"period": "2026-11", "invitations": 1, "seats": 5},
        {"period": "2026-10", "invitations": 9, "seats": 9},
    ]
    assert "2026-10" in body and "2026-11" in body
    assert "招待 9 件" in body or "9 invitations" in body
    # and another organisation shows none of them
    assert client.get("/api/v1/guideline", {"organisation": "minato"}).json()["invitations"] == []


def test_guideline_states_the_mail_link_lifetimes_from_the_settings(client, db, settings):
    page = client.get("/guideline/").content.decode()
    assert "24時間以内に一度だけ" in page and "60分以内に一度だけ" in page
    assert "どのメールアドレスにも同じ応答" in page
    settings.KABEUCHI_SIGNUP_LINK_SECONDS = 48 * 3600
    settings.PASSWORD_RESET_TIMEOUT = 30 * 60
    page = client.get("/guideline/").content.decode()
    assert "48時間以内に一度だけ" in page and "30分以内に一度だけ" in page


def test_the_guideline_says_what_the_directory_holds_who_sees_it_and_how_it_decides_the_figures(client, cast):
    from kabeuchi.accounts.directory import directory_import

    # given the public guideline of an organisation without a directory
    url = "/guideline/sakura/"
    before = client.get(url).content.decode()
    assert "組織の名簿" in before and "ふりがな" in before and "管理者" in before
    assert "名簿をアップロードしています" not in before
    # when the organisation uploads its directory
    directory_import(organisation=cast.sakura, text="氏名,メールアドレス\n相田 愛子,aiko@sakura.example\n")
    # then the page says so, and how departments and teams are now chosen for the figures
    after = client.get(url).content.decode()
    assert "名簿をアップロードしています" in after
    assert "人以上" in after and "小さいチームは表示されません" in after
