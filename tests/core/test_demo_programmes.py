"""``kabeuchi demo`` gives the demo company career programmes, once, so the programmes page and its
matching can be tried on the quick start's two commands."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from kabeuchi.accounts.models import Organisation, User
from kabeuchi.accounts.services import preferences_update
from kabeuchi.opportunities.models import Programme

pytestmark = pytest.mark.django_db


def test_the_demo_company_has_programmes_once_and_a_member_sees_them(client):
    call_command("demo", "--no-serve", stdout=None)
    call_command("demo", "--no-serve", stdout=None)  # every start of the demo runs this again
    sakura = Organisation.objects.get(slug="sakura")
    assert Programme.objects.filter(organisation=sakura).count() == 5
    assert set(Programme.objects.values_list("kind", flat=True)) == {"posting", "reskilling", "side_job", "mentoring", "consultation"}
    assert not Programme.objects.exclude(organisation=sakura).exists()
    aiko = User.objects.get(email="aiko@sakura.example")
    preferences_update(user=aiko, default_retention_days=30, guideline_read=True)  # past the welcome page
    client.force_login(aiko, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/programmes/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    page = response.content.decode()
    assert "社内メンター制度" in page and "キャリアコンサルタントとの面談" in page
