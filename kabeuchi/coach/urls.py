from django.urls import path

from kabeuchi.coach import views, views_feedback

app_name = "coach"
urlpatterns = [
    path("feedback/talk/", views_feedback.feedback_talk, name="feedback-talk"),
    path("feedback/talk/messages/", views_feedback.feedback_talk_message, name="feedback-talk-message"),
    path("feedback/talk/review/", views_feedback.feedback_talk_review, name="feedback-talk-review"),
    path("feedback/talk/send/", views_feedback.feedback_talk_send, name="feedback-talk-send"),
    path("feedback/talk/discard/", views_feedback.feedback_talk_discard, name="feedback-talk-discard"),
    path("talk/", views.talk_list, name="talk-list"),
    path("talk/start/", views.talk_start, name="talk-start"),
    path("talk/unsaved/", views.talk_unsaved, name="talk-unsaved"),
    path("talk/unsaved/messages/", views.talk_unsaved_message, name="talk-unsaved-message"),
    path("talk/unsaved/summary/", views.talk_unsaved_summary, name="talk-unsaved-summary"),
    path("talk/unsaved/summary/keep/", views.talk_unsaved_summary_keep, name="talk-unsaved-summary-keep"),
    path("talk/<uuid:conversation_id>/", views.talk_detail, name="talk-detail"),
    path("talk/<uuid:conversation_id>/messages/", views.talk_message, name="talk-message"),
    path("talk/<uuid:conversation_id>/retention/", views.talk_retention, name="talk-retention"),
    path("talk/<uuid:conversation_id>/delete/", views.talk_delete, name="talk-delete"),
    path("talk/<uuid:conversation_id>/summary/", views.talk_summary, name="talk-summary"),
    path("talk/<uuid:conversation_id>/summary/keep/", views.talk_summary_keep, name="talk-summary-keep"),
    path("talk/<uuid:conversation_id>/summary/edit/", views.talk_summary_edit, name="talk-summary-edit"),
    path(
        "talk/<uuid:conversation_id>/summary/discard/",
        views.talk_summary_discard,
        name="talk-summary-discard",
    ),
]
