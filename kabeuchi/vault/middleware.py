from collections.abc import Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse

from kabeuchi.vault.actor import Actor, acting_as, person

ANONYMOUS = Actor(kind="person", user_id=None, label="anonymous")


def _actor_for(user) -> Actor:
    if user is not None and user.is_authenticated:
        return person(user.pk, label=user.display_name or user.email)
    return ANONYMOUS


class ActorMiddleware:
    """Tell the vault who is asking, for the duration of the request.  Runs natively in both
    sync and async stacks, so streaming views are not pushed through a thread for it."""

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest):
        if self.is_async:
            return self.__acall__(request)
        with acting_as(_actor_for(getattr(request, "user", None))):
            return self.get_response(request)

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        user = await request.auser() if hasattr(request, "auser") else None
        with acting_as(_actor_for(user)):
            return await self.get_response(request)
