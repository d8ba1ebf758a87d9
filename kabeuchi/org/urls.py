from django.urls import path

from kabeuchi.org import views, views_people

app_name = "org"
urlpatterns = [
    path("guideline/", views.guideline, name="guideline"),
    path("guideline/<slug:slug>/", views.guideline, name="guideline-org"),
    path("org/settings/", views.policy_edit, name="policy-edit"),
    path("org/sso/", views.sso_edit, name="sso-edit"),
    path("org/directory/", views.directory_edit, name="directory-edit"),
    path("org/invitations/", views.invitation_list, name="invitation-list"),
    path("org/invitations/<uuid:invitation_id>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("feedback/", views_people.feedback_give, name="feedback-give"),
    path("org/feedback/", views_people.feedback_list, name="feedback-list"),
    path("org/pilots/", views_people.pilot_list, name="pilot-list"),
    path("org/insights/", views_people.insights_report, name="insights-report"),
    path("pilots/", views_people.pilot_mine, name="pilot-mine"),
    path("pilots/join/<str:code>/", views_people.pilot_join, name="pilot-join"),
    path("pilots/<uuid:pilot_id>/leave/", views_people.pilot_leave, name="pilot-leave"),
]
