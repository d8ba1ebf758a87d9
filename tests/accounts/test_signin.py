import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kabeuchi.accounts import services
from kabeuchi.accounts.models import Invitation, Membership, User
from tests.accounts.mailbox import signup_by_mail
from tests.conftest import PASSWORD


def test_a_person_signs_in_and_out_with_a_password(cast):
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": "aiko@sakura.example", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:settings")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_a_wrong_password_gets_a_clear_message_and_keeps_the_address(cast):
    response = Client().post(reverse("accounts:login"), {"username": "aiko@sakura.example", "password": "nope"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "aiko@sakura.example" in body
    assert "パスワード" in body or "password" in body


def test_repeated_failures_are_throttled(cast):
    client = Client()
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "aiko@sakura.example", "password": "nope"})
    response = client.post(reverse("accounts:login"), {"username": "aiko@sakura.example", "password": PASSWORD})
    assert response.status_code == 429
    assert client.get(reverse("accounts:settings")).status_code == 302  # still signed out


def test_passwords_are_hashed_with_argon2_in_production_settings():
    from config import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_the_user_model_keeps_no_last_login():
    assert "last_login" not in {f.name for f in User._meta.get_fields()}


def test_changing_the_password(cast, client_for):
    client = client_for("aiko")
    response = client.post(
        reverse("accounts:password-change"),
        {"old_password": PASSWORD, "new_password1": "a-new-and-long-one-83", "new_password2": "a-new-and-long-one-83"},
    )
    assert response.status_code == 302
    cast.aiko.refresh_from_db()
    assert cast.aiko.check_password("a-new-and-long-one-83")


def test_signup_as_an_individual_without_organisation(db):
    client = Client()
    response = signup_by_mail(client, reverse("accounts:signup"), "solo@example.jp", display_name="ひとり")
    assert response.status_code == 302 and response.url == reverse("accounts:welcome")
    user = User.objects.get(email="solo@example.jp")
    assert not Membership.objects.filter(user=user).exists()
    # the first page is the privacy screen, until it is read
    assert client.get(reverse("core:home")).url == reverse("accounts:welcome")
    client.post(reverse("accounts:welcome"), {"default_retention_days": 90})
    assert client.get(reverse("core:home")).status_code == 200
    assert user.preferences.__class__.objects.get(user=user).default_retention_days == 90


def test_a_weak_password_is_refused_and_the_form_keeps_what_was_typed(db):
    client = Client()
    response = signup_by_mail(client, reverse("accounts:signup"), "solo@example.jp", display_name="ひとり", password="12345678")
    assert response.status_code == 400
    body = response.content.decode()
    assert "solo@example.jp" in body and "ひとり" in body
    assert not User.objects.filter(email="solo@example.jp").exists()


def test_joining_through_an_invitation_link(cast):
    # given an invitation of Sakura
    created = services.invitation_create(organisation=cast.sakura, department="開発部")
    client = Client()
    # when a new person opens it and signs up
    url = reverse("accounts:invitation-join", kwargs={"token": created.token})
    assert "さくら工業" in client.get(url).content.decode()
    response = signup_by_mail(client, url, "new@sakura.example")
    # then they are a member, and the link is used up: it still opens the same (so whoever holds
    # it cannot tell that someone joined), but a second person cannot join with it
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="new@sakura.example")
    assert (membership.organisation, membership.role, membership.department) == (cast.sakura, "member", "開発部")
    assert Client().get(url).status_code == 200
    second = signup_by_mail(Client(), url, "other@sakura.example")
    assert second.status_code == 404 and not Membership.objects.filter(user__email="other@sakura.example").exists()


def test_a_signed_in_individual_joins_with_a_link(db):
    org = services.organisation_create(name="Org", slug="org")
    user = services.user_create(email="solo@example.jp", password="a-long-passphrase-19")
    user.preferences.guideline_read = True
    user.preferences.save()
    created = services.invitation_create(organisation=org)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    url = reverse("accounts:invitation-join", kwargs={"token": created.token})
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Membership.objects.get(user=user).organisation == org


@pytest.mark.parametrize("spoil", ["expired", "revoked", "used", "unknown"])
def test_an_unusable_invitation_gets_one_polite_not_found(cast, spoil):
    created = services.invitation_create(organisation=cast.sakura)
    token = created.token
    if spoil == "expired":
        Invitation.objects.filter(pk=created.invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    elif spoil == "revoked":
        services.invitation_revoke(invitation=created.invitation)
    elif spoil == "used":
        Invitation.objects.filter(pk=created.invitation.pk).update(uses=1)
    else:
        token = "x" * 32
    url = reverse("accounts:invitation-join", kwargs={"token": token})
    if spoil == "used":
        # the link still opens the same (P11); the invitation is refused when the account is made
        response = signup_by_mail(Client(), url, "new@sakura.example")
    else:
        response = Client().post(url, {"email": "new@sakura.example"})
    assert response.status_code == 404
    assert not User.objects.filter(email="new@sakura.example").exists()  # nothing half-saved


def test_someone_in_an_organisation_cannot_join_a_second_one(cast, client_for):
    created = services.invitation_create(organisation=cast.minato)
    response = client_for("aiko").post(reverse("accounts:invitation-join", kwargs={"token": created.token}))
    assert response.status_code == 409
    assert Membership.objects.get(user=cast.aiko).organisation == cast.sakura
    # and the link was not used up by the refused attempt
    assert Invitation.objects.get(pk=created.invitation.pk).uses == 0


def test_only_the_hash_of_an_invitation_token_is_stored(cast):
    created = services.invitation_create(organisation=cast.sakura)
    assert created.token not in Invitation.objects.get(pk=created.invitation.pk).token_hash
