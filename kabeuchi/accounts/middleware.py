from asgiref.sync import sync_to_async
from django.shortcuts import redirect
from django.urls import reverse

from kabeuchi.core.dual import DualMiddleware


def _needs_welcome(user) -> bool:
    prefs = getattr(user, "preferences", None)
    return prefs is None or not prefs.guideline_read


class OnboardingMiddleware(DualMiddleware):
    """Send a signed-in person to the privacy screen until they have read it once."""

    ALWAYS_OPEN = ("/static/", "/api/", "/guideline", "/accounts/", "/language/", "/welcome/", "/me/delete/", "/join/",
                   "/manifest.webmanifest", "/sw.js")

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
