from django.urls import path

from kabeuchi.opportunities import views

app_name = "opportunities"
urlpatterns = [
    path("programmes/", views.programme_list, name="programme-list"),
    path("org/programmes/", views.programme_manage, name="programme-manage"),
    path("org/programmes/import/", views.programme_import, name="programme-import"),
    path("org/programmes/<uuid:programme_id>/", views.programme_edit, name="programme-edit"),
    path("org/programmes/<uuid:programme_id>/delete/", views.programme_delete, name="programme-delete"),
]
