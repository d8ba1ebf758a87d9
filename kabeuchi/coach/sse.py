"""Server-Sent Events: the one place that turns reply events into a streamed HTTP response.

While the next event is slow to come (a model that takes its time before the first word, or
stalls between words), a comment line ``: keep-alive`` goes out every
``KABEUCHI_SSE_KEEPALIVE_SECONDS`` (default 15), so proxies and load balancers that cut an idle
connection (nginx's ``proxy_read_timeout`` is 60 s) keep the stream open.  SSE readers ignore
comment lines (talk.js's parser and any EventSource-style client).
"""

import asyncio
import contextvars
import json
from contextlib import suppress

from django.conf import settings
from django.http import StreamingHttpResponse

from kabeuchi.core import turns

KEEP_ALIVE = ": keep-alive\n\n"
_END = object()


async def with_keep_alive(events, interval: float):
    """``events`` as they come, with ``KEEP_ALIVE`` whenever none came for ``interval`` seconds.

    The next event is awaited in a task, which is waited on (never cancelled) while a
    keep-alive goes out, so the model call it is in the middle of is not disturbed.  Every such
    task runs in one context copied from this request once: the event source sees a single,
    continuous context for its whole life, as when it is iterated directly (contextvars it
    sets, e.g. the request's turn and asgiref's thread-sensitive executor, carry from one event
    to the next).  If the response is abandoned (the client left), the pending step is
    cancelled and the event source closed, as without keep-alives."""
    source = aiter(events)
    context = contextvars.copy_context()
    loop = asyncio.get_running_loop()

    async def step():
        try:
            return await anext(source)
        except StopAsyncIteration:
            return _END  # a task cannot end with Stop(Async)Iteration cleanly

    pending = None
    try:
        while True:
            pending = loop.create_task(step(), context=context)
            while True:
                done, _ = await asyncio.wait({pending}, timeout=interval)
                if done:
                    break
                yield KEEP_ALIVE
            finished, pending = pending, None
            event = finished.result()
            if event is _END:
                return
            yield event
    finally:
        if pending is not None:
            pending.cancel()
            with suppress(asyncio.CancelledError, Exception):
                await pending
        aclose = getattr(source, "aclose", None)
        if aclose is not None:
            with suppress(Exception):
                await aclose()


def sse_response(events) -> StreamingHttpResponse:
    """Stream ``services.Event`` items as ``event: <kind>`` / ``data: <json>`` blocks."""
    interval = settings.KABEUCHI_SSE_KEEPALIVE_SECONDS

    async def stream():
        source = with_keep_alive(events, interval) if interval > 0 else events
        async for event in source:
            if event is KEEP_ALIVE:
                yield KEEP_ALIVE
                continue
            turns.give_up()  # the first event is ready: the next request may go (kabeuchi.core.turns)
            yield f"event: {event.kind}\ndata: {json.dumps(event.data, ensure_ascii=False)}\n\n"

    response = StreamingHttpResponse(stream(), content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"  # proxies must pass each event on at once
    return response
