"""The base of Kabeuchi's middleware: one class that runs on the sync and the async stack."""

from asgiref.sync import iscoroutinefunction, markcoroutinefunction


class DualMiddleware:
    """Sync- and async-capable: when the handler below is async, the instance is marked as a
    coroutine function and subclasses answer from ``__acall__`` (``self.is_async``)."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)
