"""A 1on1 share "to my manager" follows the organisation's directory, by address, and never
tells the owner whether the manager has an account (docs/privacy.md P22, P41)."""

from __future__ import annotations

import re

from django.urls import reverse

from kabeuchi.accounts.directory import directory_import
from kabeuchi.oneonone import services
from kabeuchi.oneonone.access import access_share, shared_with_me_list
from kabeuchi.vault.actor import acting_as, person

# aiko's manager in the directory is haruka, who is not bunta (her manager in Kabeuchi before)
DIRECTORY = (
    "氏名,ふりがな,メールアドレス,部署,チーム,上司メール\n"
    "相田 愛子,あいだ あいこ,aiko@sakura.example,開発部,プラットフォーム,haruka@sakura.example\n"
    "小宮山 遥,こみやま はるか,haruka@sakura.example,開発部,プラットフォーム,\n"
    "馬場 文太,ばば ぶんた,bunta@sakura.example,開発部,プラットフォーム,\n"
    "江藤 英太,えとう えいた,eita@sakura.example,情報システム部,,\n"
)


def _agenda(user):
    with acting_as(person(user.pk)):
        return services.agenda_create(
            user=user, content={"topics": [{"category": "career", "text": "来期の役割について", "style": "think"}]}
        )


def _normalised(response) -> str:
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r"/shared/[A-Za-z0-9_\-]{20,}/", "/shared/LINK/", html)
    return re.sub(r"/1on1/[0-9a-f\-]{36}/", "/1on1/AGENDA/", html)


def test_my_manager_is_the_one_the_directory_names(cast):
    # given the directory names haruka as aiko's manager
    directory_import(organisation=cast.sakura, text=DIRECTORY)
    # when aiko shares "with my manager"
    recipient = services.share_recipient(user=cast.aiko, to_manager=True)
    # then it is for haruka's address, with her name from the directory; no account was looked up
    assert (recipient.user, recipient.email, recipient.name) == (None, "haruka@sakura.example", "小宮山 遥")


def test_without_a_directory_the_manager_set_in_kabeuchi_is_used(cast):
    recipient = services.share_recipient(user=cast.aiko, to_manager=True)
    assert recipient.user == cast.bunta


def test_a_share_to_my_directory_manager_opens_only_for_them_once_they_join(cast):
    from tests.conftest import _person

    directory_import(organisation=cast.sakura, text=DIRECTORY)
    agenda = _agenda(cast.aiko)
    with acting_as(person(cast.aiko.pk)):
        new = services.share_create(
            user=cast.aiko, agenda_id=agenda.pk, item_keys=["topic-0"],
            recipient=services.share_recipient(user=cast.aiko, to_manager=True), days=7,
        )
    # bunta, her manager in Kabeuchi before the directory, gets nothing
    assert shared_with_me_list(user=cast.bunta) == []
    # haruka, once she joins the organisation, opens it
    haruka = _person("haruka@sakura.example", "小宮山 遥", cast.sakura, "member")
    shared = access_share(user=haruka, token=new.token)
    assert [item.text for item in shared.items] == ["来期の役割について"]
    assert new.share.recipient_label == "小宮山 遥 <haruka@sakura.example>"


def _share_pages(client, agenda_id) -> list[str]:
    pages = [_normalised(client.get(reverse("oneonone:agenda-preview", args=[agenda_id])))]
    response = client.post(
        reverse("oneonone:share-create", args=[agenda_id]), {"recipient": "manager", "days": 7, "items": ["topic-0"]}
    )
    assert response.status_code == 200
    pages.append(_normalised(response))
    return pages


def test_sharing_with_my_manager_looks_the_same_whether_or_not_they_have_an_account(cast, client_for):
    from kabeuchi.accounts.models import User
    from kabeuchi.oneonone.models import Share
    from tests.conftest import _person

    # given the directory, and haruka without an account
    directory_import(organisation=cast.sakura, text=DIRECTORY)
    agenda = _agenda(cast.aiko)
    client = client_for("aiko")
    without = _share_pages(client, agenda.pk)
    Share.objects.all().delete()
    # when haruka has an account
    _person("haruka@sakura.example", "小宮山 遥", cast.sakura, "member")
    with_account = _share_pages(client, agenda.pk)
    # then aiko reads the same pages, naming her manager as the directory does
    assert without == with_account
    assert "小宮山 遥" in without[0] and "小宮山 遥" in without[1]
    assert User.objects.filter(email="haruka@sakura.example").exists()
