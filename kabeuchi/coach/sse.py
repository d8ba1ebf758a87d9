"""Server-Sent Events: the one place that turns reply events into a streamed HTTP response."""

import json

from django.http import StreamingHttpResponse

from kabeuchi.core import turns


def sse_response(events) -> StreamingHttpResponse:
    """Stream ``services.Event`` items as ``event: <kind>`` / ``data: <json>`` blocks."""

    async def stream():
        async for event in events:
            turns.give_up()  # the first event is ready: the next request may go (kabeuchi.core.turns)
            yield f"event: {event.kind}\ndata: {json.dumps(event.data, ensure_ascii=False)}\n\n"

    response = StreamingHttpResponse(stream(), content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # proxies must pass each event on at once
    return response
