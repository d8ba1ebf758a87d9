"""The notebook page reads a person's whole notebook with a fixed number of queries."""

from django.urls import reverse

from tests.notebook.factories import fill_notebook

# session, user, preferences/membership lookups, one query per kind, one data-key lookup.
MAX_QUERIES = 20


def test_the_notebook_page_uses_a_bounded_number_of_queries(cast, client_for, django_assert_max_num_queries):
    # given aiko with a notebook of a few hundred entries
    fill_notebook(cast.aiko, experiences=60, strengths=10, directions=30, skills=20, learning=200, goals=10, checkins=60)
    client = client_for("aiko")
    # when she opens the notebook page, her career page and her energy trend
    # then each is read with a small number of queries that does not grow with the entries
    for name in ("notebook:home", "notebook:career", "notebook:energy"):
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(reverse(name))
        assert response.status_code == 200


def test_the_query_count_does_not_grow_with_the_notebook(cast, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("aiko")
    fill_notebook(cast.aiko, experiences=3, strengths=2, directions=2, skills=2, learning=3, goals=2, checkins=2)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("notebook:home"))
    fill_notebook(cast.aiko, experiences=40, strengths=10, directions=12, skills=20, learning=80, goals=10, checkins=40)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("notebook:home"))
    assert len(large.captured_queries) == len(small.captured_queries)
