"""Energy check-ins (one tap, a chart drawn from a served file, a table of the same data) and
the values card sort."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from kabeuchi.notebook.models import CheckIn, ValueRanking
from kabeuchi.notebook.values import VALUES


def test_one_tap_records_a_check_in_shown_as_chart_data_and_a_table(cast, client_for):
    client = client_for("aiko")
    # when aiko taps energy 2 with the mood "tired"
    response = client.post(reverse("notebook:checkin"), {"energy": "2", "mood": "tired"})
    assert response.status_code == 302
    # then it is stored sealed and shown on her trend page as chart data and as a table row
    checkin = CheckIn.objects.get(owner=cast.aiko)
    assert checkin.reading == {"energy": 2, "mood": "tired"}
    page = client.get(reverse("notebook:energy")).content.decode()
    assert 'id="energy-data" type="application/json"' in page
    assert '"energy": 2' in page
    assert "<table>" in page and "<td>2</td>" in page


def test_the_chart_library_is_served_by_the_app_with_its_licence_and_no_inline_script(cast, client_for):
    client = client_for("aiko")
    client.post(reverse("notebook:checkin"), {"energy": "4"})
    page = client.get(reverse("notebook:energy")).content.decode()
    assert f'src="{settings.STATIC_URL}vendor/chartjs/chart.umd.min.js"' in page
    assert finders.find("vendor/chartjs/chart.umd.min.js") and finders.find("vendor/chartjs/LICENSE.md")
    assert finders.find("kabeuchi/energy-chart.js")
    # every script on the page is a file or JSON data: the CSP (script-src 'self') holds
    for chunk in page.split("<script")[1:]:
        assert chunk.lstrip().startswith(("src=", 'id="energy-data" type="application/json"')), chunk[:80]


def test_a_check_in_outside_one_to_five_is_refused(cast, client_for):
    client_for("aiko").post(reverse("notebook:checkin"), {"energy": "9"})
    assert not CheckIn.objects.filter(owner=cast.aiko).exists()


def test_there_are_about_thirty_values_in_japanese_and_english():
    assert 28 <= len(VALUES) <= 32
    assert len({v.key for v in VALUES}) == len(VALUES)
    assert all(v.ja and v.en and v.hint_ja and v.hint_en for v in VALUES)


def test_the_card_sort_saves_the_chosen_values_in_rank_order(cast, client_for):
    client = client_for("aiko")
    # when aiko ranks three cards
    response = client.post(reverse("notebook:values"), {"balance": "2", "growth": "1", "fun": "3"})
    # then the ranking is stored in that order
    assert response.status_code == 302
    assert ValueRanking.objects.get(owner=cast.aiko).ranking == ["growth", "balance", "fun"]
    # and giving two cards the same rank is refused with a sentence
    response = client.post(reverse("notebook:values"), {"growth": "1", "fun": "1"})
    assert response.status_code == 400
    assert ValueRanking.objects.get(owner=cast.aiko).ranking == ["growth", "balance", "fun"]
