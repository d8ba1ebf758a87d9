from django.urls import path

from kabeuchi.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.language_set, name="language-set"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
]
