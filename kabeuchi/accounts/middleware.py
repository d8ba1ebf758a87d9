from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.shortcuts import redirect
from django.urls import reverse


def _needs_welcome(user) -> bool:
    prefs = getattr(user, "preferences", None)
    return prefs is None or not prefs.guideline_read


class OnboardingMiddleware:
    """Send a signed-in person to the privacy screen until they have read it once."""

    ALWAYS_OPEN = ("/static/", "/api/", "/guideline", "/accounts/", "/language/", "/welcome/", "/me/delete/", "/join/")
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        if not request.path.startswith(self.ALWAYS_OPEN):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and _needs_welcome(user):
                return redirect(reverse("accounts:welcome"))
        return self.get_response(request)

    async def __acall__(self, request):
        if not request.path.startswith(self.ALWAYS_OPEN):
            user = await request.auser()
            if user.is_authenticated and await sync_to_async(_needs_welcome)(user):
                return redirect(reverse("accounts:welcome"))
        return await self.get_response(request)
