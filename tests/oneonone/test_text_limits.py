"""Text over the limit is never cut: the page says the limit before anyone types (no maxlength for
the browser to cut with), and a text over it comes back whole with the server's message."""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from kabeuchi.oneonone.models import Agenda
from kabeuchi.org.models import FeedbackPending


def test_the_agenda_page_says_the_limit_and_gives_the_browser_nothing_to_cut_with(cast, client_for):
    body = client_for("aiko").get(reverse("oneonone:agenda-create")).content.decode()
    textareas = re.findall(r"<textarea[^>]*>", body)
    assert textareas
    for tag in textareas:
        assert "maxlength" not in tag, tag
        assert f'data-max-chars="{settings.KABEUCHI_MAX_TEXT_CHARS}"' in tag, tag
    # the limit is said next to the field, before anyone types
    assert f"{settings.KABEUCHI_MAX_TEXT_CHARS:,}" in body and 'class="help char-limit"' in body


def test_an_over_long_text_comes_back_whole_with_the_servers_message(cast, client_for):
    # given a text one character over the limit, with a marker at its very end
    limit = settings.KABEUCHI_MAX_TEXT_CHARS
    text = "あ" * limit + "末"
    # when aiko saves it
    with translation.override("en"):
        response = client_for("aiko").post(
            reverse("oneonone:agenda-create"),
            {"since": text, "topic-TOTAL_FORMS": "0", "topic-INITIAL_FORMS": "0"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    # then nothing is saved, and she is told why
    assert response.status_code == 400
    assert not Agenda.objects.exists()
    body = response.content.decode()
    assert 'class="error"' in body
    assert str(limit) in re.sub(r"[,\s]", "", " ".join(re.findall(r'<p class="error"[^>]*>(.*?)</p>', body)))
    # and every character she wrote is still in the field
    assert text in body


def test_feedback_over_the_limit_is_refused_not_cut(cast, client_for):
    from kabeuchi.org.feedback import TEXT_LIMIT
    from tests.org.token_helpers import spend, take_token

    key, ticket, _ = take_token(client_for("aiko"))
    response = spend(key, ticket, {"safe": "yes", "useful": "yes", "comment": "い" * (TEXT_LIMIT + 1)})
    assert response.status_code == 400 and response.json()["detail"].endswith((".", "。"))
    assert not FeedbackPending.objects.exists()
    # exactly the limit is fine, with the same token (a refused text does not use it up)
    response = spend(key, ticket, {"safe": "yes", "useful": "yes", "comment": "い" * TEXT_LIMIT})
    assert response.status_code == 204
