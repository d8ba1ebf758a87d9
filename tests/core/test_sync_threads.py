"""Sync code under ASGI runs on KABEUCHI_SYNC_THREADS long-lived threads (kabeuchi.core.serving):
every sync call of one request on the same thread, the same few threads for every request, and
an async view holds no thread while it waits."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.sync import ThreadSensitiveContext, sync_to_async

from kabeuchi.core.serving import PinnedExecutor, _SyncThreads


def _thread() -> int:
    return threading.get_ident()


async def _one_request(pool: _SyncThreads) -> set[int]:
    async with ThreadSensitiveContext(executor=PinnedExecutor(pool)):
        seen = set()
        for _ in range(3):
            seen.add(await sync_to_async(_thread)())
            await asyncio.sleep(0)
        return seen


def test_one_request_stays_on_one_thread_and_requests_share_a_few_threads():
    pool = _SyncThreads(2)

    async def run():
        return await asyncio.gather(*(_one_request(pool) for _ in range(20)))

    per_request = asyncio.run(run())
    assert all(len(seen) == 1 for seen in per_request)
    used = set().union(*per_request)
    assert len(used) == 2  # spread over both threads, never a new one
    assert _thread() not in used


def test_a_request_waiting_on_async_io_does_not_hold_a_thread():
    pool = _SyncThreads(1)
    order = []

    async def slow():
        async with ThreadSensitiveContext(executor=PinnedExecutor(pool)):
            await sync_to_async(_thread)()
            await asyncio.sleep(0.2)  # a stream waiting for the model
            order.append("slow")

    async def quick():
        await asyncio.sleep(0.02)
        async with ThreadSensitiveContext(executor=PinnedExecutor(pool)):
            await sync_to_async(_thread)()
            order.append("quick")

    async def run():
        await asyncio.gather(slow(), quick())

    asyncio.run(run())
    assert order == ["quick", "slow"]


@pytest.mark.django_db(transaction=True)
def test_pages_through_the_served_application_use_the_pool(client):
    from config.asgi import django_application

    assert type(django_application).__name__ == "PooledASGIHandler"
