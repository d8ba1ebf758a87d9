"""Will / Can / Must and direction: each rewrite is a new dated version; earlier ones stay."""

import datetime

from django.urls import reverse
from django.utils import timezone

from kabeuchi.notebook import access
from kabeuchi.notebook.models import DirectionVersion


def test_rewriting_will_keeps_earlier_versions_newest_first(cast, client_for):
    client = client_for("aiko")
    url = reverse("notebook:direction", kwargs={"kind": "will"})
    # given aiko wrote her Will, and rewrote it later
    client.post(url, {"text": "専門性を深めたい"})
    DirectionVersion.objects.filter(owner=cast.aiko).update(created_at=timezone.now() - datetime.timedelta(days=200))
    response = client.post(url, {"text": "チームを支える役割に挑戦したい"})
    assert response.status_code == 302
    # when she opens the Will page
    page = client.get(url).content.decode()
    # then both versions are kept, the newest first, and the form starts from the current one
    versions = access.direction_versions(user=cast.aiko, kind="will")
    assert [v.text for v in versions] == ["チームを支える役割に挑戦したい", "専門性を深めたい"]
    assert page.index("チームを支える役割に挑戦したい</p>") < page.index("専門性を深めたい</p>")
    assert page.count("<time") == 2
    # and the notebook shows only the current version as her Will
    home = client.get(reverse("notebook:home")).content.decode()
    assert "チームを支える役割に挑戦したい" in home and "専門性を深めたい" not in home


def test_each_kind_keeps_its_own_versions(cast, client_for):
    client = client_for("aiko")
    client.post(reverse("notebook:direction", kwargs={"kind": "year3"}), {"text": "3年後はPM"})
    client.post(reverse("notebook:direction", kwargs={"kind": "must"}), {"text": "品質を守る"})
    assert [v.text for v in access.direction_versions(user=cast.aiko, kind="year3")] == ["3年後はPM"]
    assert client.get(reverse("notebook:direction", kwargs={"kind": "year9"})).status_code == 404


def test_an_empty_version_is_refused_with_a_sentence(cast, client_for):
    response = client_for("aiko").post(reverse("notebook:direction", kwargs={"kind": "can"}), {"text": "   "})
    assert response.status_code == 400
    assert not DirectionVersion.objects.filter(owner=cast.aiko).exists()
