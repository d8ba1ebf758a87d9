from django.urls import path

from kabeuchi.org import views

app_name = "org"
urlpatterns = [
    path("guideline/", views.guideline, name="guideline"),
    path("guideline/<slug:slug>/", views.guideline, name="guideline-org"),
    path("org/settings/", views.policy_edit, name="policy-edit"),
    path("org/invitations/", views.invitation_list, name="invitation-list"),
    path("org/invitations/<uuid:invitation_id>/revoke/", views.invitation_revoke, name="invitation-revoke"),
]
