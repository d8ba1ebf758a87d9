from django.urls import path

from kabeuchi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/sso/", views.sso_start, name="sso-start"),
    path("accounts/sso/callback/", views.sso_callback, name="sso-callback"),
    path("accounts/sso/confirm/", views.sso_confirm, name="sso-confirm"),
    path("accounts/logout/", views.logout_view, name="logout"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/signup/complete/<str:token>/", views.signup_complete, name="signup-complete"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("accounts/password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-sent"),
    path(
        "accounts/password/reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"
    ),
    path("accounts/password/reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("join/<str:token>/", views.invitation_join, name="invitation-join"),
    path("welcome/", views.welcome, name="welcome"),
    path("me/settings/", views.settings_view, name="settings"),
    path("me/tokens/", views.token_list, name="token-list"),
    path("me/tokens/<uuid:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("me/data/", views.mydata_view, name="mydata"),
    path("me/data/export.zip", views.mydata_export, name="mydata-export"),
    path("me/data/<slug:kind>/<uuid:item_id>/delete/", views.mydata_item_delete, name="mydata-item-delete"),
    path("me/delete/", views.account_delete, name="account-delete"),
    path("me/access-log/", views.access_log, name="access-log"),
    path("me/left/", views.left_notice, name="left-notice"),
]
