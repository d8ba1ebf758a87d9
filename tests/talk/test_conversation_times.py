"""A saved conversation's row keeps no time of day (docs/privacy.md P8): the operator who reads
the table learns on which day its owner last wrote, not when, and the owner's list still shows
the conversation they touched last first."""

from __future__ import annotations

import pytest
from django.utils import timezone
from freezegun import freeze_time

from kabeuchi.coach import services
from kabeuchi.coach.access import conversation_list
from kabeuchi.coach.engines.base import Turn
from kabeuchi.coach.models import Conversation
from kabeuchi.vault.actor import acting_as, person

pytestmark = pytest.mark.django_db


def _times(pk):
    return Conversation.objects.filter(pk=pk).values_list("created_at", "updated_at", "expires_at").get()


def test_a_saved_conversation_keeps_only_days_and_the_list_keeps_its_order(cast):
    aiko = cast.aiko
    with acting_as(person(aiko.pk)):
        with freeze_time("2026-11-20 05:37:11"):  # 14:37:11 in Tokyo
            state, first = services.conversation_start(user=aiko, theme="free", retention_days=30, language="ja")
        with freeze_time("2026-11-20 06:02:45"):
            _, second = services.conversation_start(user=aiko, theme="free", retention_days=30, language="ja")
        with freeze_time("2026-11-20 09:58:03"):  # 18:58 Tokyo: back to the first one
            services._record_saved(
                user=aiko, conversation_id=first.pk, base=state,
                state=state.adding(Turn("person", "続きです"), Turn("partner", "はい")),
            )
    for pk in (first.pk, second.pk):
        for moment in _times(pk):
            local = timezone.localtime(moment)
            assert (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0), moment
    created, updated, expires = _times(first.pk)
    assert timezone.localtime(updated).date().isoformat() == "2026-11-20"
    assert timezone.localtime(expires).date().isoformat() == "2026-12-21"  # the end of 12-20
    # the owner's list: the one written last comes first, with no time to sort by
    assert [c.pk for c in conversation_list(user=aiko)] == [first.pk, second.pk]
