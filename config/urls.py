from django.urls import include, path

from kabeuchi.core.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("kabeuchi.core.urls")),
    path("", include("kabeuchi.accounts.urls")),
    path("", include("kabeuchi.notebook.urls")),
    path("", include("kabeuchi.coach.urls")),
    path("", include("kabeuchi.org.urls")),
    path("", include("kabeuchi.opportunities.urls")),
    path("", include("kabeuchi.oneonone.urls")),
]

# Pages get pages; every path under /api/ gets JSON {"detail": ...} (kabeuchi.core.api).
handler400 = "kabeuchi.core.api.error_400"
handler403 = "kabeuchi.core.api.error_403"
handler404 = "kabeuchi.core.views.error_404"
handler500 = "kabeuchi.core.api.error_500"
