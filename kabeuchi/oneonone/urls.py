from django.urls import path

from kabeuchi.oneonone import views

app_name = "oneonone"
urlpatterns = [
    path("1on1/", views.agenda_list, name="agenda-list"),
    path("1on1/new/", views.agenda_create, name="agenda-create"),
    path("1on1/<uuid:agenda_id>/", views.agenda_edit, name="agenda-edit"),
    path("1on1/<uuid:agenda_id>/preview/", views.agenda_preview, name="agenda-preview"),
    path("1on1/<uuid:agenda_id>/share/", views.share_create, name="share-create"),
    path("1on1/<uuid:agenda_id>/shares/<uuid:share_id>/revoke/", views.share_revoke, name="share-revoke"),
    path("1on1/<uuid:agenda_id>/export.md", views.agenda_export_markdown, name="agenda-export-markdown"),
    path("1on1/<uuid:agenda_id>/export.pdf", views.agenda_export_pdf, name="agenda-export-pdf"),
    path("1on1/<uuid:agenda_id>/print/", views.agenda_print, name="agenda-print"),
    path("1on1/<uuid:agenda_id>/after/", views.agenda_after, name="agenda-after"),
    path("1on1/<uuid:agenda_id>/after/actions/<int:index>/goal/", views.action_goal, name="action-goal"),
    path("1on1/<uuid:agenda_id>/delete/", views.agenda_delete, name="agenda-delete"),
    path("shared/", views.shared_list, name="shared-list"),
    path("shared/item/<uuid:share_id>/", views.shared_view_id, name="shared-view-id"),
    path("shared/<str:token>/", views.shared_view, name="shared-view"),
]
