"""The data guideline says what leaves for a model and whether names are replaced, from the
same policy the model gateway enforces."""

import pytest
from django.utils import translation

from kabeuchi.coach.gateway import model_gateway
from kabeuchi.org.guideline import ai_processing_text
from kabeuchi.org.selectors import policy_for_organisation
from kabeuchi.org.services import policy_update


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_the_guideline_says_names_are_replaced_exactly_when_the_gateway_replaces_them(cast, settings, engine):
    # given an outside model and the organisation's default ("auto")
    engine("openai", KABEUCHI_AI_BASE_URL="http://127.0.0.1:9", KABEUCHI_AI_MODEL="m", KABEUCHI_AI_EXTERNAL=True)
    policy = policy_for_organisation(organisation=cast.sakura)
    # then both the gateway and the page say names are replaced
    assert model_gateway(user=cast.aiko).redacts
    assert "placeholders" in ai_processing_text(policy)
    # when the organisation turns redaction off
    policy_update(organisation=cast.sakura, k=10, max_retention_days=365, pii_redaction="off")
    policy = policy_for_organisation(organisation=cast.sakura)
    # then neither does
    assert not model_gateway(user=cast.aiko).redacts
    text = ai_processing_text(policy)
    assert "placeholders" not in text and "as you write them" in text


def test_with_the_guide_and_no_embeddings_nothing_is_said_about_replacing(cast, settings, engine):
    engine("guide", KABEUCHI_EMBEDDINGS_BASE_URL="")
    text = ai_processing_text(policy_for_organisation(organisation=cast.sakura))
    assert "placeholders" not in text and "as you write them" not in text
