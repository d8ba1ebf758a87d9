"""Feedback free text is scrubbed of names in every script, e-mail local parts, id shapes and the
organisation's units, and the same way for members and non-members: reading back one's own
scrubbed draft must not tell whether a colleague is a member (PRODUCT rule 3)."""

from __future__ import annotations

import pytest
from freezegun import freeze_time

from kabeuchi.org import feedback
from kabeuchi.org.models import FeedbackPending

# chika is a member of Sakura; 新井 直子 has no account; 小野 大輔 is in another organisation.
MEMBER = {"kanji": "千葉 千佳", "surname": "千葉", "given": "千佳", "kana": "チバ", "hiragana": "ちか",
          "romaji": "Chiba", "lower": "chika", "local": "chika.chiba", "local2": "c_chiba"}
NOT_A_MEMBER = {"kanji": "新井 直子", "surname": "新井", "given": "直子", "kana": "アライ", "hiragana": "なおこ",
                "romaji": "Arai", "lower": "naoko", "local": "naoko.arai", "local2": "n_arai"}
OTHER_ORGANISATION = {"kanji": "小野 大輔", "surname": "小野", "given": "大輔", "kana": "オノ", "hiragana": "だいすけ",
                      "romaji": "Ono", "lower": "daisuke", "local": "daisuke.ono", "local2": "d_ono"}

TEXTS = [
    "{kanji}さんに言われたことが気になった",
    "{surname}が担当している案件で",
    "{given}さんと話してから使った",
    "{kana}さんに相談した",
    "{kana}が言っていた",
    "{hiragana}さんに教えてもらった",
    "{romaji}-san recommended it",
    "{romaji} と {lower} から聞いた",
    "連絡は {local} か {local2} まで",
    "{lower}@sakura.example に聞いてください",
]
FORMS = ("kanji", "surname", "given", "kana", "hiragana", "romaji", "lower", "local", "local2")


@pytest.fixture
def elsewhere(cast):
    from kabeuchi.accounts import services
    from kabeuchi.accounts.models import User

    user = User.objects.create_user("daisuke.ono@minato.example", "pw-12345678-x", display_name="小野 大輔")
    services.membership_create(user=user, organisation=cast.minato)
    return user


@pytest.mark.parametrize("template", TEXTS)
def test_a_members_name_and_a_non_members_name_are_scrubbed_alike(cast, elsewhere, template):
    # when the same sentence names a member, someone without an account, or someone elsewhere
    scrubbed = {
        who: feedback.feedback_scrub(template.format(**forms), organisation=cast.sakura)
        for who, forms in (("member", MEMBER), ("not a member", NOT_A_MEMBER), ("elsewhere", OTHER_ORGANISATION))
    }
    # then none of their names is left
    for who, forms in (("member", MEMBER), ("not a member", NOT_A_MEMBER), ("elsewhere", OTHER_ORGANISATION)):
        for form in FORMS:
            assert forms[form] not in scrubbed[who], (who, form, scrubbed[who])
    # and the three results are the same: the draft does not tell who is a member
    assert scrubbed["member"] == scrubbed["not a member"] == scrubbed["elsewhere"]


@pytest.mark.parametrize("name", ["大地", "真理"])
def test_a_name_that_is_also_a_plain_word_is_treated_alike_for_members_and_others(cast, name):
    # the honest limit (docs/privacy.md P30): a bare name that is also an ordinary word may stay,
    # but then it stays for everyone: making daichi or a new 真理 a member changes nothing
    text = f"{name}が担当している案件で困った"
    before = feedback.feedback_scrub(text, organisation=cast.sakura)
    from kabeuchi.accounts import services
    from kabeuchi.accounts.models import User

    user = User.objects.create_user("plain-word@sakura.example", "pw-12345678-x", display_name=f"{name} 一郎")
    services.membership_create(user=user, organisation=cast.sakura)
    assert feedback.feedback_scrub(text, organisation=cast.sakura) == before


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("E12345 の人と S-0042 の人が", ("E12345", "S-0042")),
        ("社員番号 123456 です", ("123456",)),
        ("プラットフォームの雰囲気と人事部の対応", ("プラットフォーム", "人事部")),
        ("情報システム部にいる", ("情報システム部",)),
        ("営業二課と開発3部", ("営業二課", "開発3部")),
        ("電話は 090-1234-5678", ("090-1234-5678",)),
    ],
)
def test_ids_phones_and_the_organisations_units_are_scrubbed(cast, text, gone):
    scrubbed = feedback.feedback_scrub(text, organisation=cast.sakura)
    for secret in gone:
        assert secret not in scrubbed, scrubbed


def test_plain_feedback_is_left_as_written(cast):
    text = "Kabeuchi は使いやすかった。AI の返事が safe で良かった。ミーティングの前に使いたい。"
    assert feedback.feedback_scrub(text, organisation=cast.sakura) == text


def test_what_is_stored_is_the_scrubbed_text(cast):
    with freeze_time("2026-10-15"):
        feedback.feedback_submit(
            user=cast.aiko, organisation=cast.sakura, safe="no", useful="no",
            uneasy="Chiba と chika.chiba と E12345", comment="チバさんとプラットフォームの件",
        )
    answers = FeedbackPending.objects.get().answers
    for secret in ("Chiba", "chika", "E12345", "チバ", "プラットフォーム"):
        assert secret not in answers["uneasy"] + answers["comment"]
