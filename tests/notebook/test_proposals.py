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


# --- only what the person said about themselves, in the right kind, once ------------------------


def _person(*texts: str) -> ConversationState:
    turns = []
    for text in texts:
        turns += [Turn("partner", "どんなことがありましたか。", step=0, move="ask"), Turn("person", text)]
    return ConversationState(turns=tuple(turns))


@pytest.mark.parametrize(
    "said",
    [
        "上司に詰めが甘いと言われた。",
        "先輩からは段取りが悪いとよく指摘されます。",
        "周りからは慎重すぎると思われているみたいです。",
        "上司は説明が得意です。",
        "田中さんは資料づくりが得意です。",
        "数字を扱うのが得意ではないです。",
        "人前で話すのは苦手です。",
        "甘いものが好きです。",
        "My manager told me I am good at details.",
    ],
)
def test_someone_elses_judgement_or_a_weakness_is_never_proposed_as_a_strength(said):
    found = proposals.propose(state=_person(said))
    assert [p for p in found if p.kind == "strength"] == [], found


@pytest.mark.parametrize(
    "said",
    [
        "上司に、来期はリーダーをやってほしいと言われました。",
        "部長からは売上を伸ばすことを求められています。",
        "来月までに資格を取るよう期待されています。",
        "My manager wants me to lead the team.",
    ],
)
def test_what_someone_else_wants_of_the_person_is_never_proposed_as_a_goal(said):
    found = proposals.propose(state=_person(said))
    assert [p for p in found if p.kind == "goal"] == [], found


@pytest.mark.parametrize("said", ["だいたい合ってます", "はい", "はい。", "うん、そうですね。", "合っている", "しっくりきます。", "Yes, that fits.", "わからない"])
def test_a_bare_confirmation_is_never_proposed(said):
    # given a summary check, answered with a bare confirmation, as every kind of turn
    state = ConversationState(turns=(
        Turn("partner", "ここまでをまとめてみます。このまとめで、しっくりきますか。", step=3, move="check"),
        Turn("person", said),
        Turn("partner", "ありがとうございます。では、続けますね。", step=3, move="resume"),
    ))
    # then nothing is proposed from it
    assert proposals.propose(state=state) == []
    assert proposals.propose(state=_person(said)) == []


def test_an_engine_cannot_propose_a_confirmation_or_someone_elses_judgement():
    class Careless:
        def propose_entries(self, state, *, language):
            return [
                proposals.Proposal("strength", "詰めが甘い", "上司に詰めが甘いと言われた。"),
                proposals.Proposal("goal", "だいたい合ってます", "だいたい合ってます"),
            ]

    state = _person("上司に詰めが甘いと言われた。", "だいたい合ってます")
    assert proposals.propose(state=state, engine=Careless()) == []


def test_the_persons_own_strength_and_thanks_are_still_proposed():
    found = proposals.propose(state=_person("資料をわかりやすくまとめるのが得意です。", "後輩の相談にのることで、よく感謝されます。"))
    assert {p.text for p in found if p.kind == "strength"} == {"資料をわかりやすくまとめる", "後輩の相談にのること"}


def test_words_written_where_help_was_needed_are_never_proposed():
    found = proposals.propose(state=_person("もう消えたいと思ってしまいます。", "上司に毎日怒鳴られていて、仕事を続けたいのに眠れない。"))
    assert found == []


def _career_state() -> ConversationState:
    from kabeuchi.coach.engines.guide import GuideEngine

    guide = GuideEngine()
    state = guide.start("career", language="ja")
    for message in (
        "新しいサービスの企画を自分で立ち上げてみたいです。",
        "関係者の意見を調整して、まとめるのが得意です。",
        "上司からは、チームの数字を安定させることを求められています。",
    ):
        state = guide.record(state, message, guide.reply(state, message, language="ja"), language="ja")
    return state


def test_will_can_and_must_are_proposed_each_in_its_own_box():
    # given a career conversation with the guide: what she wants, can do and is asked to do
    state = _career_state()
    # when proposals are made
    found = proposals.propose(state=state)
    by_kind = {p.kind: p.text for p in found}
    # then each answer is offered for its own box, and the Must is neither a goal nor a strength
    assert "企画を自分で立ち上げて" in by_kind["will"]
    assert "調整" in by_kind["can"]
    assert "求められています" in by_kind["must"]
    assert not any("数字を安定" in p.text for p in found if p.kind in ("goal", "strength", "will", "can"))
    assert {p.text for p in found if p.kind == "strength"} == {"関係者の意見を調整して、まとめる"}


def test_what_is_already_in_the_notebook_is_not_offered_again(conversation, cast, client_for):
    # given aiko accepts the proposed strength (renamed) and the goal
    client = client_for("aiko")
    url = reverse("notebook:proposal-list", kwargs={"conversation_id": conversation.pk})
    assert "人の話をじっくり聞く" in client.get(url).content.decode()
    client.post(reverse("notebook:proposal-accept"), {
        "conversation_id": str(conversation.pk), "kind": "strength", "text": "傾聴",
        "detail": "人の話をじっくり聞くのが得意です。",
    })
    client.post(reverse("notebook:proposal-accept"), {"kind": "goal", "text": "来年はチームリーダーに挑戦したい"})
    client.post(reverse("notebook:proposal-accept"), {"kind": "value", "text": "成長", "value_key": "growth"})
    # when she opens the proposals again
    api = client.get(reverse("api:notebook_proposal_list", kwargs={"conversation_id": conversation.pk})).json()
    # then what she accepted is not offered again, and the rest still is
    kinds = {p["kind"] for p in api}
    assert "strength" not in kinds and "goal" not in kinds
    assert "growth" not in {p["value_key"] for p in api}
    assert "experience" in kinds


def test_a_proposed_will_lands_in_the_will_box(cast, client_for):
    from kabeuchi.notebook.models import DirectionVersion

    client = client_for("aiko")
    response = client.post(reverse("notebook:proposal-accept"), {"kind": "will", "text": "新しいサービスの企画を立ち上げたい"})
    assert response.status_code == 302
    with acting_as(person(cast.aiko.pk)):
        assert [(v.kind, v.text) for v in DirectionVersion.objects.filter(owner=cast.aiko)] == [
            ("will", "新しいサービスの企画を立ち上げたい")
        ]
