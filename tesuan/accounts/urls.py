from django.contrib.auth import views as auth_views
from django.urls import path

from tesuan.accounts import two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/login/otp/", two_factor_views.login_otp, name="login_otp"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/first-login/", views.first_login, name="first_login"),
    path("accounts/me/", views.me, name="me"),
    path("accounts/me/contact/", views.me_contact, name="me_contact"),
    path("accounts/me/password/", views.me_password, name="me_password"),
    path("accounts/me/totp/", two_factor_views.totp_setup, name="totp_setup"),
    path("accounts/me/totp/disable/", two_factor_views.totp_disable, name="totp_disable"),
    path("manage/users/", views.user_list, name="user_list"),
    path("manage/users/new/", views.user_create, name="user_create"),
    path("manage/users/<int:user_id>/edit/", views.user_update, name="user_update"),
    path(
        "manage/users/<int:user_id>/reset-totp/",
        two_factor_views.user_reset_totp,
        name="user_reset_totp",
    ),
    path(
        "manage/users/<int:user_id>/reset-password/",
        views.user_reset_password,
        name="user_reset_password",
    ),
]
