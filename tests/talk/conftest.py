import json

import pytest

from kabeuchi.coach import engine_config
from kabeuchi.coach.engines import fake


def sse_events(response) -> list[tuple[str, dict]]:
    """Parse a streamed SSE response into (event, data) pairs."""
    raw = b"".join(response.streaming_content) if hasattr(response, "streaming_content") else response.content
    events = []
    for block in raw.decode().split("\n\n"):
        kind, data = "message", ""
        for row in block.splitlines():
            if row.startswith("event: "):
                kind = row[7:]
            elif row.startswith("data: "):
                data += row[6:]
        if data:
            events.append((kind, json.loads(data)))
    return events


async def asse_events(response) -> list[tuple[str, dict]]:
    chunks = [chunk async for chunk in response.streaming_content]

    class Wrapped:
        content = b"".join(chunks)

    return sse_events(Wrapped())


@pytest.fixture
def engine(settings):
    """Use a given engine for the test: ``engine("fake")``."""

    def use(path: str, **extra):
        settings.KABEUCHI_AI_ENGINE = path
        for key, value in extra.items():
            setattr(settings, key, value)
        engine_config._engine.cache_clear()

    fake.reset()
    yield use
    fake.reset()
    engine_config._engine.cache_clear()
