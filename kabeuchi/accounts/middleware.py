from django.shortcuts import redirect
from django.urls import reverse


class OnboardingMiddleware:
    """Send a signed-in person to the privacy screen until they have read it once."""

    ALWAYS_OPEN = ("/static/", "/api/", "/guideline", "/accounts/", "/language/", "/welcome/", "/me/delete/", "/join/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(self.ALWAYS_OPEN):
            prefs = getattr(user, "preferences", None)
            if prefs is None or not prefs.guideline_read:
                return redirect(f"{reverse('accounts:welcome')}")
        return self.get_response(request)
