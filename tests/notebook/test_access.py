"""Nobody but aiko reaches aiko's notebook: pages and API give 404, the same as missing."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kabeuchi.notebook import services as nb
from kabeuchi.notebook.models import Experience, Goal, LearningEntry, Skill, Strength

OTHERS = ("bunta", "chika", "daichi", "operator")


@pytest.fixture
def aikos(cast):
    strength = nb.strength_create(user=cast.aiko, name="聴く力-aiko-only", description="")
    return {
        "experiences": nb.experience_create(user=cast.aiko, title="新人研修-aiko-only", start="2023-04", strength_ids=[strength.pk]),
        "strengths": strength,
        "skills": nb.skill_create(user=cast.aiko, name="SQL-aiko-only", level=3),
        "learning": nb.learning_create(user=cast.aiko, what="統計-aiko-only", on="2024-01-05", minutes=45),
        "goals": nb.goal_create(user=cast.aiko, title="発表-aiko-only"),
    }


@pytest.mark.parametrize("kind", ["experiences", "strengths", "skills", "learning", "goals"])
@pytest.mark.parametrize("name", OTHERS)
def test_others_get_not_found_for_each_of_aikos_entries(kind, name, aikos, client_for):
    # given one of aiko's entries
    item = aikos[kind]
    client = client_for(name)
    # when someone else opens, changes or deletes it through a page or the API
    page = client.get(reverse("notebook:entry-edit", kwargs={"kind": kind, "item_id": item.pk}))
    delete = client.post(reverse("notebook:entry-delete", kwargs={"kind": kind, "item_id": item.pk}))
    api_get = client.get(reverse("api:notebook_entry_get", kwargs={"kind": kind, "item_id": item.pk}))
    api_delete = client.delete(reverse("api:notebook_entry_delete", kwargs={"kind": kind, "item_id": item.pk}))
    missing = client.get(reverse("notebook:entry-edit", kwargs={"kind": kind, "item_id": uuid.uuid4()}))
    # then every answer is the same 404 as for a missing entry, and the entry is still there
    assert [r.status_code for r in (page, delete, api_get, api_delete, missing)] == [404] * 5
    assert b"aiko-only" not in page.content + api_get.content
    assert type(item).objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("name", OTHERS)
def test_others_see_none_of_aikos_words_on_their_own_notebook_pages(name, aikos, cast, client_for):
    # given aiko has a notebook, and a direction and a check-in too
    nb.direction_add(user=cast.aiko, kind="will", text="Will-aiko-only")
    client = client_for(name)
    # when someone else opens their own notebook pages and API lists
    urls = [reverse("notebook:home"), reverse("notebook:career"), reverse("notebook:career-markdown"),
            reverse("notebook:direction", kwargs={"kind": "will"}), reverse("notebook:energy"),
            reverse("api:notebook_direction_list")]
    urls += [reverse("api:notebook_entry_list", kwargs={"kind": kind}) for kind in aikos]
    # then none of aiko's words are there
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"aiko-only" not in response.content, url


def test_an_entry_cannot_be_linked_to_another_persons_strength(aikos, cast):
    # given aiko's strength
    strength = aikos["strengths"]
    # when daichi tries to link it to an experience of his
    with pytest.raises(ValidationError):
        nb.experience_create(user=cast.daichi, title="営業", start="2022-01", strength_ids=[strength.pk])
    # then nothing of his was written
    assert not Experience.objects.filter(owner=cast.daichi).exists()


def test_the_owner_can_edit_and_delete_her_entries(aikos, client_for):
    client = client_for("aiko")
    response = client.post(
        reverse("notebook:entry-edit", kwargs={"kind": "skills", "item_id": aikos["skills"].pk}),
        {"name": "SQL と分析", "level": "4"},
    )
    assert response.status_code == 302
    skill = Skill.objects.get(pk=aikos["skills"].pk)
    assert (skill.name, skill.rating) == ("SQL と分析", {"level": 4})
    for kind, model in (("goals", Goal), ("learning", LearningEntry), ("strengths", Strength)):
        client.post(reverse("notebook:entry-delete", kwargs={"kind": kind, "item_id": aikos[kind].pk}))
        assert not model.objects.filter(pk=aikos[kind].pk).exists()


def test_a_form_error_is_shown_as_a_sentence_and_nothing_is_saved(cast, client_for):
    response = client_for("aiko").post(
        reverse("notebook:entry-create", kwargs={"kind": "experiences"}),
        {"title": "異動", "start": "2024-10", "end": "2024-01"},
    )
    assert response.status_code == 400
    assert not Experience.objects.filter(owner=cast.aiko).exists()
    assert "end month cannot be before" in response.content.decode() or "終了" in response.content.decode()
