from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from kabeuchi.vault.actor import Actor, acting_as, person


class ActorMiddleware:
    """Tell the vault who is asking, for the duration of the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            actor = person(user.pk, label=user.display_name or user.email)
        else:
            actor = Actor(kind="person", user_id=None, label="anonymous")
        with acting_as(actor):
            return self.get_response(request)
