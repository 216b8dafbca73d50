from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_family

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/tokens/", views.token_create, name="token_create"),
    path("profile/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("children/new/", views.child_new, name="child_new"),
    path("children/<int:child_id>/", views_family.child_detail, name="child_detail"),
    path("children/<int:child_id>/login-link/", views_family.child_login_link, name="child_login_link"),
    path("children/<int:child_id>/password/", views_family.child_password, name="child_password"),
    path("children/<int:child_id>/guardians/", views_family.child_guardian_invite, name="child_guardian_invite"),
    path(
        "children/<int:child_id>/guardians/<int:guardianship_id>/remove/",
        views_family.child_guardian_remove,
        name="child_guardian_remove",
    ),
    path("children/<int:child_id>/pause/", views_family.child_pause, name="child_pause"),
    path("children/<int:child_id>/settings/", views_family.child_settings, name="child_settings"),
    path("children/<int:child_id>/export/", views_family.child_export, name="child_export"),
    path("children/<int:child_id>/erase/", views_family.child_erase, name="child_erase"),
    path("login-link/<str:token>/", views_family.login_link, name="login_link"),
    path("privacy/", views_family.privacy_page, name="privacy"),
    path("profile/data/", views_family.my_data, name="my_data"),
    path("profile/data/export/", views_family.my_export, name="my_export"),
    path("profile/data/exports/<int:export_id>/", views_family.export_download, name="export_download"),
    path("profile/erase/", views_family.my_erase, name="my_erase"),
    path("guardian/confirm/<str:token>/", views.guardian_confirm, name="guardian_confirm"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path("password-reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
