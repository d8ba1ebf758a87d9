from django.urls import path

from kabeuchi.notebook import views

app_name = "notebook"
urlpatterns = [
    path("notes/", views.note_list, name="note-list"),
    path("notes/<uuid:note_id>/", views.note_edit, name="note-edit"),
    path("notes/<uuid:note_id>/delete/", views.note_delete, name="note-delete"),
    # the career notebook
    path("notebook/", views.notebook_home, name="home"),
    path("notebook/values/", views.values_edit, name="values"),
    path("notebook/direction/<str:kind>/", views.direction_edit, name="direction"),
    path("notebook/energy/", views.energy_trend, name="energy"),
    path("notebook/energy/check-in/", views.checkin_create, name="checkin"),
    path("notebook/proposals/accept/", views.proposal_accept, name="proposal-accept"),
    path("notebook/proposals/<uuid:conversation_id>/", views.proposal_list, name="proposal-list"),
    path("notebook/career/", views.career_view, name="career"),
    path("notebook/career/my-career.md", views.career_markdown, name="career-markdown"),
    path("notebook/career/my-career.pdf", views.career_pdf, name="career-pdf"),
    path("notebook/<str:kind>/new/", views.entry_create, name="entry-create"),
    path("notebook/<str:kind>/<uuid:item_id>/", views.entry_edit, name="entry-edit"),
    path("notebook/<str:kind>/<uuid:item_id>/delete/", views.entry_delete, name="entry-delete"),
]
