"""The cast's organisations existed long before the months these tests release.

``periods.period_validate`` refuses a month before the organisation existed; the root cast is
created "now", while the tests freeze time in earlier months.
"""

from __future__ import annotations

import datetime

import pytest


@pytest.fixture
def cast(cast):
    from kabeuchi.accounts.models import Organisation

    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    Organisation.objects.filter(pk__in=[cast.sakura.pk, cast.minato.pk]).update(created_at=long_ago)
    cast.sakura.refresh_from_db()
    cast.minato.refresh_from_db()
    return cast
