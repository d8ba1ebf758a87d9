"""An invitation link answers the same before and after someone joins with it, so the admin who
made it (and keeps it) cannot learn whether a person joined (PRODUCT rule 3, privacy P11)."""

from __future__ import annotations

import re

from django.contrib.messages import get_messages
from django.test import Client

from kabeuchi.accounts import services
from kabeuchi.accounts.models import Membership, User
from tests.accounts.mailbox import signup_by_mail


def _normalised(response) -> tuple:
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return (
        response.status_code,
        response.get("Location", ""),
        body,
        [str(m) for m in get_messages(response.wsgi_request)],
    )


def _what_the_admin_sees(cast, client_for, link: str, token: str) -> list[tuple]:
    anonymous = Client()
    eita = client_for("eita")
    return [
        _normalised(anonymous.get(link)),
        _normalised(eita.get(link)),
        _normalised(eita.post(link)),
        # a sign-up attempt: the same "we sent you a link" page
        _normalised(anonymous.post(link, {"email": "probe@sakura.example"})),
        _normalised(eita.post(f"/api/v1/invitations/{token}/accept")),
    ]


def test_an_invitation_link_answers_the_same_before_and_after_the_person_joins(cast, client_for):
    # given a link for one person, made by the admin
    token = services.invitation_create(organisation=cast.sakura, max_uses=1).token
    link = f"/join/{token}/"
    before = _what_the_admin_sees(cast, client_for, link, token)
    # when the person joins with it
    joined = signup_by_mail(Client(), link, "naoko@sakura.example", display_name="新井 直子", password="lagoon-7-ferry")
    assert joined.status_code == 302
    assert Membership.objects.filter(user=User.objects.get(email="naoko@sakura.example"), organisation=cast.sakura).exists()
    # then the link answers the admin exactly as before
    after = _what_the_admin_sees(cast, client_for, link, token)
    for step, (a, b) in enumerate(zip(before, after, strict=True)):
        assert a == b, f"request {step} differs"
    assert before[0][0] == 200


def test_a_used_link_still_lets_nobody_else_join(cast):
    token = services.invitation_create(organisation=cast.sakura, max_uses=1).token
    first = User.objects.create_user("one@example.com", "pw-12345678-x")
    second = User.objects.create_user("two@example.com", "pw-12345678-x")
    services.invitation_accept(token=token, user=first)
    try:
        services.invitation_accept(token=token, user=second)
    except services.InvitationInvalid:
        pass
    else:  # pragma: no cover
        raise AssertionError("a used link let a second person join")
    assert not Membership.objects.filter(user=second).exists()


def test_a_withdrawn_link_answers_like_an_unknown_one(cast):
    created = services.invitation_create(organisation=cast.sakura)
    services.invitation_revoke(invitation=created.invitation)
    withdrawn = Client().get(f"/join/{created.token}/")
    unknown = Client().get("/join/no-such-token-at-all-xxxxxxxx/")
    assert withdrawn.status_code == unknown.status_code == 404
    assert _normalised(withdrawn)[2].replace(created.token, "T") == _normalised(unknown)[2].replace(
        "no-such-token-at-all-xxxxxxxx", "T"
    )
