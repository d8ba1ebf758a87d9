"""AI proposals: quoted from the person's own words, written only on accept, never stored."""

import pytest
from django.apps import apps
from django.urls import reverse

from kabeuchi.coach import services as coach
from kabeuchi.coach.engines.base import ConversationState, Turn
from kabeuchi.coach.state import state_to_json
from kabeuchi.notebook import proposals
from kabeuchi.notebook.models import Experience, Goal, Strength, ValueRanking
from kabeuchi.vault.actor import acting_as, person

AIKO_SAYS = (
    "人の話をじっくり聞くのが得意です。去年は新人研修のプロジェクトを担当しました。"
    "成長できる環境が大切です。来年はチームリーダーに挑戦したいです。"
)
PARTNER_SAYS = "資料づくりが得意なのですね。"  # the partner's words must never be proposed


@pytest.fixture
def conversation(cast):
    with acting_as(person(cast.aiko.pk)):
        state, conversation = coach.conversation_start(user=cast.aiko, theme="free", retention_days=30, language="ja")
        state = state.adding(Turn("person", AIKO_SAYS), Turn("partner", PARTNER_SAYS))
        conversation.state = state_to_json(state)
        conversation.save()
    return conversation


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models()}


def test_guide_proposals_quote_the_persons_own_words_and_never_the_partners():
    # given a conversation where both the person and the partner spoke
    state = ConversationState(turns=(Turn("partner", PARTNER_SAYS), Turn("person", AIKO_SAYS)))
    # when proposals are made without a model
    found = proposals.propose(state=state)
    # then each kind is proposed, each quote is the person's exact words, none the partner's
    assert {p.kind for p in found} == {"strength", "experience", "value", "goal"}
    assert all(p.quote and p.quote in AIKO_SAYS for p in found)
    assert not any("資料づくり" in p.text or "資料づくり" in p.quote for p in found)
    strength = next(p for p in found if p.kind == "strength")
    assert strength.text == "人の話をじっくり聞く"
    assert next(p for p in found if p.kind == "value").value_key == "growth"


def test_an_engine_cannot_put_words_in_the_persons_mouth():
    # given an engine that proposes a strength with words the person never wrote
    class Inventive:
        def propose_entries(self, state, *, language):
            return [proposals.Proposal("strength", "交渉力", "私は交渉が得意です。"),
                    proposals.Proposal("goal", "研修を続ける", "去年は新人研修のプロジェクトを担当しました。")]

    state = ConversationState(turns=(Turn("person", AIKO_SAYS),))
    # when proposals are made with it
    found = proposals.propose(state=state, engine=Inventive())
    # then the invented quote is dropped and the real one kept
    assert "交渉力" not in {p.text for p in found}
    assert "研修を続ける" in {p.text for p in found}


def test_viewing_and_discarding_proposals_leaves_no_trace(conversation, client_for):
    # given aiko, signed in, with a saved conversation, and the row count of every table
    client = client_for("aiko")
    before = _row_counts()
    # when she looks at the proposals (and then discards them by leaving the page)
    response = client.get(reverse("notebook:proposal-list", kwargs={"conversation_id": conversation.pk}))
    api = client.get(reverse("api:notebook_proposal_list", kwargs={"conversation_id": conversation.pk}))
    # then she sees them with her own words, and not a single row was written anywhere
    assert response.status_code == 200 and api.status_code == 200
    assert "人の話をじっくり聞く" in response.content.decode()
    assert any(p["kind"] == "goal" for p in api.json())
    assert _row_counts() == before


def test_accepting_a_proposal_is_the_only_way_it_enters_the_notebook(conversation, cast, client_for):
    client = client_for("aiko")
    client.get(reverse("notebook:proposal-list", kwargs={"conversation_id": conversation.pk}))
    assert Strength.objects.filter(owner=cast.aiko).count() == 0
    # when aiko edits a proposed strength and accepts it
    response = client.post(reverse("notebook:proposal-accept"), {
        "conversation_id": str(conversation.pk), "kind": "strength", "text": "じっくり聴く力",
        "detail": "人の話をじっくり聞くのが得意です。",
    })
    # then exactly that, as edited, is in her notebook, and nothing else was added
    assert response.status_code == 302
    assert [s.name for s in Strength.objects.filter(owner=cast.aiko)] == ["じっくり聴く力"]
    assert not Experience.objects.filter(owner=cast.aiko).exists()
    assert not Goal.objects.filter(owner=cast.aiko).exists()
    # and accepting a value adds it to the end of her card sort
    client.post(reverse("notebook:proposal-accept"), {"kind": "value", "text": "成長", "value_key": "growth"})
    assert ValueRanking.objects.get(owner=cast.aiko).ranking == ["growth"]


@pytest.mark.parametrize("name", ["bunta", "chika", "daichi", "operator"])
def test_proposals_from_aikos_conversation_are_not_found_for_others(name, conversation, client_for):
    client = client_for(name)
    page = client.get(reverse("notebook:proposal-list", kwargs={"conversation_id": conversation.pk}))
    api = client.get(reverse("api:notebook_proposal_list", kwargs={"conversation_id": conversation.pk}))
    assert (page.status_code, api.status_code) == (404, 404)
    assert "じっくり" not in page.content.decode() + api.content.decode()
