"""1on1 preparation: agendas, shares that open only for their recipient while live and leave
no read receipt, exports, notes after the meeting, drafts from the person's own words."""

from __future__ import annotations

import datetime
import hashlib
import re
import uuid

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kabeuchi.core import mydata
from kabeuchi.oneonone import access, services
from kabeuchi.oneonone.drafting import agenda_draft
from kabeuchi.oneonone.models import Agenda, Share
from kabeuchi.vault.actor import acting_as, person, reading_a_share
from kabeuchi.vault.models import AccessRecord
from tests.pdf import pdf_text, skip_without_cjk_font

SHARED_TOPIC = "新しいプロジェクトの進め方について相談したい"
PRIVATE_TOPIC = "本当は異動も考えている-PRIVATE-9c1"
PRIVATE_SUPPORT = "体調のことは今は言いたくない-PRIVATE-2b7"


def _agenda(cast) -> Agenda:
    with acting_as(person(cast.aiko.pk)):
        return services.agenda_create(
            user=cast.aiko,
            content={
                "meeting_on": "2026-12-01",
                "since": "リリースが終わった",
                "topics": [
                    {"category": "work", "text": SHARED_TOPIC, "style": "think"},
                    {"category": "career", "text": PRIVATE_TOPIC, "style": "listen"},
                ],
                "support": PRIVATE_SUPPORT,
                "first_words": "今日は二つ話したいです",
            },
        )


def _share(cast, agenda, *, recipient=None, days=7, keys=("topic-0",)):
    with acting_as(person(cast.aiko.pk)):
        return services.share_create(
            user=cast.aiko, agenda_id=agenda.pk, item_keys=list(keys), recipient=recipient or cast.bunta, days=days
        )


def _link(token: str) -> str:
    return reverse("oneonone:shared-view", kwargs={"token": token})


def _normalised(response, token: str) -> bytes:
    """A page without the per-response CSRF token and its own address, to compare 404 pages."""
    body = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", response.content)
    return body.replace(token.encode(), b"TOKEN")


def test_manager_sees_only_the_items_aiko_shared_with_the_response_style(cast, client_for):
    # given aiko shares one of her two topics with bunta
    agenda = _agenda(cast)
    new = _share(cast, agenda)
    # when bunta opens the link, signed in
    response = client_for("bunta").get(_link(new.token))
    # then he sees that topic and how she would like him to respond, and nothing else
    assert response.status_code == 200
    body = response.content.decode()
    assert SHARED_TOPIC in body
    assert "response-style" in body
    assert PRIVATE_TOPIC not in body and PRIVATE_SUPPORT not in body and "リリース" not in body
    assert response["Cache-Control"] == "no-store"


def test_the_api_gives_the_manager_the_same_snapshot(cast, client_for):
    agenda = _agenda(cast)
    new = _share(cast, agenda)
    data = client_for("bunta").get(f"/api/v1/shared/{new.token}").json()
    assert [(i["kind"], i["text"], i["style"]) for i in data["items"]] == [("topic", SHARED_TOPIC, "think")]
    assert "opened" not in str(data).lower()


@pytest.mark.parametrize("name", ["chika", "eita", "daichi", "operator", "aiko"])
def test_nobody_but_the_recipient_opens_a_share(name, cast, client_for):
    # given a live share for bunta
    new = _share(cast, _agenda(cast))
    # when anyone else opens the link
    client = client_for(name)
    response = client.get(_link(new.token))
    missing = client.get(_link("no-such-token"))
    # then it is "not found", exactly like a link that never existed
    assert response.status_code == missing.status_code == 404
    assert _normalised(response, new.token) == _normalised(missing, "no-such-token")
    assert SHARED_TOPIC.encode() not in response.content
    assert client.get(f"/api/v1/shared/{new.token}").status_code == 404


def test_revoked_and_expired_links_give_the_same_404_as_a_missing_one(cast, client_for):
    agenda = _agenda(cast)
    revoked = _share(cast, agenda)
    expired = _share(cast, agenda)
    bunta = client_for("bunta")
    assert bunta.get(_link(revoked.token)).status_code == 200
    # when aiko revokes one and the other expires
    services.share_revoke(user=cast.aiko, agenda_id=agenda.pk, share_id=revoked.share.pk)
    Share.objects.filter(pk=expired.share.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    # then both answer exactly like a link that never existed
    missing = bunta.get(_link("no-such-token"))
    for token in (revoked.token, expired.token):
        response = bunta.get(_link(token))
        assert response.status_code == 404
        assert _normalised(response, token) == _normalised(missing, "no-such-token")
        assert bunta.get(f"/api/v1/shared/{token}").json() == bunta.get("/api/v1/shared/no-such-token").json()
    # and revoking removed the snapshot itself
    assert not Share.objects.filter(pk=revoked.share.pk).exists()


def _row_counts() -> dict[str, int]:
    counts = {m._meta.label: m.objects.count() for m in apps.get_models()}
    from kabeuchi.vault.models import DataKey

    counts["vault.DataKey"] = DataKey.objects.count()
    return counts


def test_opening_a_share_writes_no_row_anywhere_so_there_is_no_read_receipt(cast, client_for):
    # given a live share for bunta
    agenda = _agenda(cast)
    new = _share(cast, agenda)
    bunta = client_for("bunta")
    bunta.get("/")  # the session exists before we count
    before = _row_counts()
    # when bunta opens it, by link, from his list and through the API, several times
    for _ in range(2):
        assert bunta.get(_link(new.token)).status_code == 200
        assert bunta.get(reverse("oneonone:shared-view-id", kwargs={"share_id": new.share.pk})).status_code == 200
        assert bunta.get(f"/api/v1/shared/{new.token}").status_code == 200
        assert bunta.get(reverse("oneonone:shared-list")).status_code == 200
    # then no row changed in any table: no access record, no "opened" flag, nothing
    assert _row_counts() == before
    assert not AccessRecord.objects.filter(owner=cast.aiko).exists()
    share = Share.objects.get(pk=new.share.pk)
    assert share.updated_at == new.share.updated_at
    # and what aiko sees of her share is the same as before it was opened
    page = client_for("aiko").get(reverse("oneonone:agenda-preview", kwargs={"agenda_id": agenda.pk}))
    assert b"open until" in page.content or "まで".encode() in page.content
    log = client_for("aiko").get(reverse("accounts:access-log"))
    assert "馬場".encode() not in log.content


def test_a_share_context_still_records_any_other_read_of_the_owners_content(cast):
    # given aiko's note, and bunta reading a share of hers
    from kabeuchi.notebook.models import Note

    with acting_as(person(cast.aiko.pk)):
        note_id = Note.objects.create(owner=cast.aiko, title="", body="mine").pk
    with reading_a_share(recipient_id=cast.bunta.pk, owner_id=cast.aiko.pk, purpose=access.SHARE_PURPOSE):
        # when something other than the share snapshot is opened inside that context
        assert Note.objects.get(pk=note_id).body == "mine"
    # then it is recorded, as a read by another account
    record = AccessRecord.objects.get(owner=cast.aiko)
    assert record.actor_kind == "person" and record.purpose == "notebook.note"


def test_a_share_is_a_snapshot_later_edits_stay_private(cast, client_for):
    agenda = _agenda(cast)
    new = _share(cast, agenda)
    with acting_as(person(cast.aiko.pk)):
        services.agenda_update(
            user=cast.aiko, agenda_id=agenda.pk,
            content={"topics": [{"category": "work", "text": "書き直した内容", "style": "advice"}]},
        )
    body = client_for("bunta").get(_link(new.token)).content.decode()
    assert SHARED_TOPIC in body and "書き直した内容" not in body


def test_only_the_token_hash_is_stored(cast):
    new = _share(cast, _agenda(cast))
    row = Share.objects.get(pk=new.share.pk)
    assert row.token_hash == hashlib.sha256(new.token.encode()).hexdigest()
    assert new.token not in row.token_hash


def test_shares_go_only_to_people_in_the_same_organisation_for_1_to_30_days(cast, client_for):
    agenda = _agenda(cast)
    # a share to daichi's address is made like any other (no oracle), but never opens for him
    to_daichi = services.share_recipient(user=cast.aiko, to_manager=False, email="daichi@minato.example")
    new = _share(cast, agenda, recipient=to_daichi)
    assert client_for("daichi").get(_link(new.token)).status_code == 404
    chika = services.share_recipient(user=cast.aiko, to_manager=False, email="Chika@sakura.example ")
    assert chika.email == "chika@sakura.example" and chika.user is None
    assert services.share_recipient(user=cast.aiko, to_manager=True).user == cast.bunta
    with pytest.raises(ValidationError):
        services.share_recipient(user=cast.aiko, to_manager=False, email="not an address")
    with pytest.raises(ValidationError):
        services.share_recipient(user=cast.bunta, to_manager=True)  # bunta has no manager
    for days in (0, 31):
        with pytest.raises(ValidationError):
            _share(cast, agenda, days=days)
    with pytest.raises(ValidationError):
        _share(cast, agenda, keys=())


def test_the_recipients_list_shows_only_live_shares_sent_to_them_without_times(cast, client_for):
    agenda = _agenda(cast)
    live = _share(cast, agenda)
    ended = _share(cast, agenda)
    Share.objects.filter(pk=ended.share.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    _share(cast, agenda, recipient=services.Recipient(email="chika@sakura.example"))
    entries = access.shared_with_me_list(user=cast.bunta)
    assert [e.share_id for e in entries] == [str(live.share.pk)]
    page = client_for("bunta").get(reverse("oneonone:shared-list")).content.decode()
    assert str(live.share.pk) in page and str(ended.share.pk) not in page
    assert client_for("daichi").get("/api/v1/shared").json() == []


def test_the_pdf_export_renders_japanese_text(cast, client_for, tmp_path):
    agenda = _agenda(cast)
    response = client_for("aiko").get(reverse("oneonone:agenda-export-pdf", kwargs={"agenda_id": agenda.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "agenda.pdf"
    pdf.write_bytes(response.content)
    skip_without_cjk_font(pdf)
    text = pdf_text(pdf)
    assert SHARED_TOPIC in "".join(text.split())
    assert "今日は二つ話したいです" in "".join(text.split())


def test_the_markdown_export_holds_the_agenda_but_not_the_notes_after(cast, client_for):
    agenda = _agenda(cast)
    services.agenda_after_save(user=cast.aiko, agenda_id=agenda.pk, notes="AFTER-NOTE-secret", clarity=4)
    text = client_for("aiko").get(reverse("oneonone:agenda-export-markdown", kwargs={"agenda_id": agenda.pk})).content.decode()
    assert SHARED_TOPIC in text and PRIVATE_SUPPORT in text
    assert "AFTER-NOTE-secret" not in text


def test_notes_after_the_1on1_are_only_for_the_owner_and_clarity_is_1_to_5(cast, client_for):
    agenda = _agenda(cast)
    with pytest.raises(ValidationError):
        services.agenda_after_save(user=cast.aiko, agenda_id=agenda.pk, clarity=6)
    services.agenda_after_save(
        user=cast.aiko, agenda_id=agenda.pk, notes="すっきりした", actions=["来週までに資料を読む"], clarity=5
    )
    url = reverse("oneonone:agenda-after", kwargs={"agenda_id": agenda.pk})
    assert "すっきりした" in client_for("aiko").get(url).content.decode()
    for name in ("bunta", "chika", "daichi", "operator"):
        assert client_for(name).get(url).status_code == 404
    # and a shared link never carries them
    new = _share(cast, agenda, keys=("since", "topic-0", "topic-1", "support", "first_words"))
    assert "すっきりした" not in client_for("bunta").get(_link(new.token)).content.decode()


def test_a_next_action_can_become_a_goal_in_the_notebook(cast):
    notebook_services = pytest.importorskip("kabeuchi.notebook.services")
    if not hasattr(notebook_services, "goal_create"):
        pytest.skip("the notebook has no goals yet")
    agenda = _agenda(cast)
    services.agenda_after_save(user=cast.aiko, agenda_id=agenda.pk, actions=["英語の勉強を始める"])
    with acting_as(person(cast.aiko.pk)):
        goal = services.action_to_goal(user=cast.aiko, agenda_id=agenda.pk, index=0)
        assert goal.title == "英語の勉強を始める"
        assert Agenda.objects.get(pk=agenda.pk).after["actions"][0]["goal"] is True


def test_my_data_exports_agendas_with_what_i_shared_and_deleting_removes_the_shares(cast):
    agenda = _agenda(cast)
    _share(cast, agenda)
    source = mydata.source("agendas")
    with acting_as(person(cast.aiko.pk)):
        [item] = list(source.list_items(cast.aiko))
    assert item.data["agenda"]["topics"][0]["text"] == SHARED_TOPIC
    [shared] = item.data["shares"]
    assert shared["with_email"] == "bunta@sakura.example" and shared["until"]
    assert [i["text"] for i in shared["items"]] == [SHARED_TOPIC]
    assert not any("open" in key for key in shared)  # no read receipts, even for the owner
    assert "bunta" not in source.to_markdown(item) or "馬場" in source.to_markdown(item)
    # when aiko deletes the agenda
    source.delete_item(user=cast.aiko, item_id=str(agenda.pk))
    # then its shares are gone too
    assert not Share.objects.exists()


def test_a_draft_uses_only_the_persons_own_words_and_saves_nothing(cast, settings):
    from kabeuchi.coach import engine_config
    from kabeuchi.coach import services as coach
    from kabeuchi.coach.state import state_to_json

    settings.KABEUCHI_AI_ENGINE = "guide"
    engine_config._engine.cache_clear()
    engine = engine_config.guide_engine()
    with acting_as(person(cast.aiko.pk)):
        state, conversation = coach.conversation_start(user=cast.aiko, theme="one_on_one", retention_days=30, language="ja")
        for message in ("チームの体制変更\nキャリアのこと", "ただ聞いてほしいです", "レビューの時間がほしい"):
            reply = engine.reply(state, message, language="ja")
            state = engine.record(state, message, reply, language="ja")
        conversation.state = state_to_json(state)
        conversation.save()
        before = Agenda.objects.count()
        draft = agenda_draft(user=cast.aiko)
    assert [t["text"] for t in draft["topics"]] == ["チームの体制変更", "キャリアのこと"]
    assert {t["style"] for t in draft["topics"]} == {"listen"}
    assert draft["topics"][1]["category"] == "career"
    assert "レビューの時間がほしい" in draft["support"]
    assert Agenda.objects.count() == before


def _prepared_in_english(cast, settings, messages):
    """aiko prepares a 1on1 with the guide in English and saves it: (agenda draft, summary)."""
    from kabeuchi.coach import engine_config
    from kabeuchi.coach import services as coach
    from kabeuchi.coach.state import state_to_json

    settings.KABEUCHI_AI_ENGINE = "guide"
    engine_config._engine.cache_clear()
    engine = engine_config.guide_engine()
    with acting_as(person(cast.aiko.pk)):
        state, conversation = coach.conversation_start(user=cast.aiko, theme="one_on_one", retention_days=30, language="en")
        for message in messages:
            reply = engine.reply(state, message, language="en")
            state = engine.record(state, message, reply, language="en")
        conversation.state = state_to_json(state)
        conversation.save()
        draft = agenda_draft(user=cast.aiko)
        summary = engine.summarise(state, language="en")
    return draft, summary


def test_a_draft_never_carries_health_told_while_preparing(cast, settings):
    # the blind review of 2026-11-27 (H12): a stomach pain told while preparing sat under "how I
    # want my manager to respond" in an agenda the person meant to print
    health = "I have had stomach pain most days for a month."
    draft, summary = _prepared_in_english(
        cast, settings, ("I want to talk about my workload", "Think it through with me", "Fewer late meetings would help. " + health)
    )
    assert "stomach" not in str(draft)
    assert [t["text"] for t in draft["topics"]] == ["I want to talk about my workload"]
    assert draft["support"] == "Fewer late meetings would help."
    # and the summary keeps it as theirs, apart from the lines of the preparation
    [own] = [line for line in summary.noticed if "stomach" in line]
    assert own.startswith("Just for you")


def test_a_draft_never_carries_a_diagnosis_told_while_preparing(cast, settings):
    # round 22 (R22-09): a diagnosis and a medication, with no safety signal in them, were filed
    # under "how I want my manager to respond"; jatext.sensitive keeps them the person's own
    told = "I was diagnosed with dyslexia as an adult and reading long specs still takes me ages."
    draft, _ = _prepared_in_english(
        cast, settings, ("I want to talk about the review process", "Think it through with me", "Written summaries before meetings would help. " + told)
    )
    assert "dyslexia" not in str(draft)
    assert draft["support"] == "Written summaries before meetings would help."


def test_another_persons_agenda_is_not_found(cast, client_for):
    agenda = _agenda(cast)
    for name in ("bunta", "chika", "daichi", "operator"):
        client = client_for(name)
        for url_name in ("agenda-edit", "agenda-preview", "agenda-after", "agenda-export-markdown"):
            assert client.get(reverse(f"oneonone:{url_name}", kwargs={"agenda_id": agenda.pk})).status_code == 404
        assert client.get(reverse("oneonone:agenda-edit", kwargs={"agenda_id": uuid.uuid4()})).status_code == 404


def test_a_recipient_who_left_the_organisation_reads_nothing_more(cast, client_for):
    new = _share(cast, _agenda(cast))
    membership = cast.bunta.membership
    membership.organisation = cast.minato
    membership.save()
    assert client_for("bunta").get(_link(new.token)).status_code == 404


def test_the_agenda_list_needs_a_bounded_number_of_queries(cast, client_for, django_assert_max_num_queries):
    for _ in range(30):
        _agenda(cast)
    client = client_for("aiko")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("oneonone:agenda-list"))
    assert response.status_code == 200 and response.content.count(b'class="note"') == 30


def test_aiko_can_share_through_the_api_with_someone_she_names_in_her_organisation(cast, client_for):
    agenda = _agenda(cast)
    aiko = client_for("aiko")
    url = f"/api/v1/agendas/{agenda.pk}/shares"
    body = {"items": ["topic-0"], "to_manager": False, "email": "chika@sakura.example", "days": 3}
    created = aiko.post(url, data=body, content_type="application/json")
    assert created.status_code == 201
    link = created.json()["link"]
    assert client_for("chika").get(link).status_code == 200
    assert client_for("bunta").get(link).status_code == 404
    # someone outside her organisation: the share is made the same way, and never opens for him
    outside = aiko.post(url, data={**body, "email": "daichi@minato.example"}, content_type="application/json")
    assert outside.status_code == 201
    assert client_for("daichi").get(outside.json()["link"]).status_code == 404
    # a malformed address is refused with a whole-sentence reason
    refused = aiko.post(url, data={**body, "email": "chika"}, content_type="application/json")
    assert refused.status_code == 400 and refused.json()["detail"].endswith((".", "。"))
    listed = aiko.get(url).json()
    assert {s["recipient"] for s in listed} == {"chika@sakura.example", "daichi@minato.example"}
    assert all("opened" not in s for s in listed)


def test_an_empty_agenda_is_refused_with_a_sentence_and_nothing_is_saved(cast, client_for):
    data = {"topic-TOTAL_FORMS": "1", "topic-INITIAL_FORMS": "1", "topic-0-text": "", "topic-0-category": "work",
            "topic-0-style": "think"}
    response = client_for("aiko").post(reverse("oneonone:agenda-create"), data=data)
    assert response.status_code == 400
    assert not Agenda.objects.exists()


def test_aiko_writes_her_notes_after_the_1on1_through_the_page(cast, client_for):
    agenda = _agenda(cast)
    url = reverse("oneonone:agenda-after", kwargs={"agenda_id": agenda.pk})
    response = client_for("aiko").post(url, data={"notes": "話せてよかった", "actions": "資料を読む\n\n面談を申し込む", "clarity": "4"})
    assert response.status_code == 302
    with acting_as(person(cast.aiko.pk)):
        after = Agenda.objects.get(pk=agenda.pk).after
    assert after == {
        "notes": "話せてよかった",
        "actions": [{"text": "資料を読む", "goal": False}, {"text": "面談を申し込む", "goal": False}],
        "clarity": 4,
    }


def _guided(cast, theme: str, messages: tuple[str, ...], *, keep_steps: list[str] | None = None):
    from kabeuchi.coach import engine_config
    from kabeuchi.coach import services as coach
    from kabeuchi.coach.state import state_to_json

    engine = engine_config.guide_engine()
    with acting_as(person(cast.aiko.pk)):
        state, conversation = coach.conversation_start(user=cast.aiko, theme=theme, retention_days=30, language="ja")
        for message in messages:
            state = engine.record(state, message, engine.reply(state, message, language="ja"), language="ja")
        conversation.state = state_to_json(state)
        conversation.save()
        if keep_steps is not None:
            coach.summary_keep(user=cast.aiko, conversation_id=conversation.pk, noticed=[], next_steps=keep_steps)
    return conversation


def test_a_draft_from_a_conversation_with_nothing_in_it_says_so_plainly(cast, client_for, settings):
    from kabeuchi.coach import engine_config
    from kabeuchi.oneonone.drafting import DRAFTED, NO_CONVERSATIONS, NOTHING_IN_CONVERSATIONS

    settings.KABEUCHI_AI_ENGINE = "guide"
    engine_config._engine.cache_clear()
    client = client_for("aiko")
    # given aiko has no saved conversation: the draft says there was nothing to draft from
    with acting_as(person(cast.aiko.pk)):
        assert agenda_draft(user=cast.aiko)["status"] == NO_CONVERSATIONS
    # given a 1on1-preparation conversation where she only passed and said she did not know
    _guided(cast, "one_on_one", ("わからない", "スキップ"))
    with acting_as(person(cast.aiko.pk)):
        draft = agenda_draft(user=cast.aiko)
    # then every field is empty and the draft says so, instead of claiming it came from her words
    assert draft["status"] == NOTHING_IN_CONVERSATIONS
    assert (draft["since"], draft["topics"], draft["support"], draft["first_words"]) == ("", [], "", "")
    page = client.get(reverse("oneonone:agenda-create") + "?from=conversations").content.decode()
    assert "下書きにできる言葉がありませんでした" in page
    assert "あなた自身の言葉から作りました" not in page
    assert client.get(reverse("api:agenda_draft_get")).json()["status"] == NOTHING_IN_CONVERSATIONS
    assert DRAFTED != NOTHING_IN_CONVERSATIONS


def test_a_draft_carries_the_next_steps_the_person_chose(cast, settings):
    from kabeuchi.coach import engine_config
    from kabeuchi.oneonone.drafting import DRAFTED

    settings.KABEUCHI_AI_ENGINE = "guide"
    engine_config._engine.cache_clear()
    # given a kept summary with the steps she chose, and a conversation whose last step she answered
    _guided(cast, "moyamoya", ("企画の仕事が減りそうで不安です。",), keep_steps=["金曜に上司へ相談の時間をお願いする"])
    with acting_as(person(cast.aiko.pk)):
        draft = agenda_draft(user=cast.aiko)
    # then the draft carries them, in her words, as something to talk about
    assert draft["status"] == DRAFTED
    assert any("金曜に上司へ相談の時間をお願いする" in t["text"] for t in draft["topics"])


def test_a_draft_never_carries_what_she_asked_to_keep_from_the_manager(cast, settings):
    # the blind review of round 12 (T10): 「『いっぱいいっぱい』は上司には言わないでおきたい」
    from kabeuchi.coach import engine_config
    from kabeuchi.coach import services as coach
    from kabeuchi.coach.state import state_to_json

    settings.KABEUCHI_AI_ENGINE = "guide"
    engine_config._engine.cache_clear()
    engine = engine_config.guide_engine()
    with acting_as(person(cast.aiko.pk)):
        state, conversation = coach.conversation_start(user=cast.aiko, theme="one_on_one", retention_days=30, language="ja")
        for message in ("先輩が来月辞めて、その仕事が私に来そうです。今でもいっぱいいっぱいなので。", "まず聞いてほしいです。", "「いっぱいいっぱい」は上司には言わないでおきたいです。"):
            reply = engine.reply(state, message, language="ja")
            state = engine.record(state, message, reply, language="ja")
        conversation.state = state_to_json(state)
        conversation.save()
        draft = agenda_draft(user=cast.aiko)
    assert "いっぱいいっぱい" not in str(draft)
    assert any("先輩が来月辞めて" in t["text"] for t in draft["topics"])


def test_the_draft_holds_what_the_guide_showed_as_the_managers_part(cast, settings):
    # the guide's answer to "show me what my lead would see" and the agenda draft read the same
    # (guide.for_the_manager): the topics it listed are the draft's topics, one by one, and a line
    # the person asked to take out is in neither (before, the draft kept the whole first message as
    # one topic and ignored the request)
    messages = (
        "1on1 with my lead on Friday. Topics: the release checklist, and pairing with the new hire",
        "Think it through with me on both",
        "Fewer context switches would help. Also the on-call rota, honestly it is unfair.",
        "Take out the bit about the on-call rota",
        "Before I share anything, show me exactly what my lead would see.",
    )
    draft, _ = _prepared_in_english(cast, settings, messages)
    assert [t["text"] for t in draft["topics"]] == ["the release checklist", "pairing with the new hire"]
    assert "on-call" not in str(draft)
    assert draft["support"] == "Fewer context switches would help."
