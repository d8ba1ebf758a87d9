import json


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
