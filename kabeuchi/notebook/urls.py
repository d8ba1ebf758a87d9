from django.urls import path

from kabeuchi.notebook import views

app_name = "notebook"
urlpatterns = [
    path("notes/", views.note_list, name="note-list"),
    path("notes/<uuid:note_id>/", views.note_edit, name="note-edit"),
    path("notes/<uuid:note_id>/delete/", views.note_delete, name="note-delete"),
]
