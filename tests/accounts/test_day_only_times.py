"""When someone joined, or made an API token, is usage: those rows keep only the day, and a
token's expiry is the end of a day (docs/privacy.md P8), so an operator reading the tables
cannot tell the time of day."""

from __future__ import annotations

import pytest
from django.utils import timezone
from freezegun import freeze_time

from kabeuchi.accounts import services
from kabeuchi.accounts.models import AccessToken, Membership, User

pytestmark = pytest.mark.django_db


def _no_time_of_day(moment):
    local = timezone.localtime(moment)
    return (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


def test_joining_and_making_a_token_keep_only_the_day(cast):
    with freeze_time("2026-11-20 05:37:11"):  # 14:37:11 in Tokyo
        user = User.objects.create_user("late@sakura.example", "pw-12345678-x", display_name="late")
        services.membership_create(user=user, organisation=cast.sakura, department="開発部", team="プラットフォーム")
        services.access_token_create(user=user, name="laptop")
    joined = User.objects.filter(pk=user.pk).values_list("date_joined", flat=True).get()
    rows = [
        *Membership.objects.filter(user=user).values_list("created_at", "updated_at").get(),
        *AccessToken.objects.filter(user=user).values_list("created_at", "updated_at", "expires_at").get(),
        joined,
    ]
    assert all(_no_time_of_day(moment) for moment in rows), rows
    assert timezone.localtime(joined).date().isoformat() == "2026-11-20"
    # the token lasts to the end of its 90th day: its expiry does not tell the time either
    expires = AccessToken.objects.filter(user=user).values_list("expires_at", flat=True).get()
    assert timezone.localtime(expires).date().isoformat() == "2027-02-19"  # 00:00 after 2027-02-18
