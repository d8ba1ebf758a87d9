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

handler404 = "kabeuchi.core.views.error_404"
handler500 = "kabeuchi.core.views.error_500"
