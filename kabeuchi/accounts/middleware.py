from asgiref.sync import sync_to_async
from django.shortcuts import redirect
from django.urls import reverse

from kabeuchi.core.dual import DualMiddleware


def _first_stop(user) -> str | None:
    """Where a signed-in person must go first, if anywhere: the privacy screen until they have
    read it once, then the notice that they left their organisation until they have read it."""
    prefs = getattr(user, "preferences", None)
    if prefs is None or not prefs.guideline_read:
        return "accounts:welcome"
    if prefs.left_organisation:
        return "accounts:left-notice"
    return None


class OnboardingMiddleware(DualMiddleware):
    """Send a signed-in person to the privacy screen until they have read it once, and someone
    whose membership ended to the notice that says so (their data pages stay open)."""

    ALWAYS_OPEN = ("/static/", "/api/", "/guideline", "/accounts/", "/language/", "/welcome/", "/me/delete/", "/join/",
                   "/manifest.webmanifest", "/sw.js")
    OPEN_TO_LEAVERS = ("/me/",)  # export, deletion, settings: what the notice points to

    def _open(self, request, stop: str) -> bool:
        return stop == "accounts:left-notice" and request.path.startswith(self.OPEN_TO_LEAVERS)

    def __call__(self, request):
        if self.is_async:
            return self.__acall__(request)
        if not request.path.startswith(self.ALWAYS_OPEN):
            user = getattr(request, "user", None)
            stop = _first_stop(user) if user is not None and user.is_authenticated else None
            if stop and not self._open(request, stop):
                return redirect(reverse(stop))
        return self.get_response(request)

    async def __acall__(self, request):
        if not request.path.startswith(self.ALWAYS_OPEN):
            user = await request.auser()
            stop = await sync_to_async(_first_stop)(user) if user.is_authenticated else None
            if stop and not self._open(request, stop):
                return redirect(reverse(stop))
        return await self.get_response(request)
