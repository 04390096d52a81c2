from django.urls import path
from rest_framework.routers import SimpleRouter

from tesuan.accounts.api import views

router = SimpleRouter()
router.register("users", views.UserViewSet, basename="user")

urlpatterns = [
    path("auth/token/", views.TokenObtainView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("me/first-login/", views.FirstLoginView.as_view(), name="api-first-login"),
    path("me/password/", views.PasswordChangeView.as_view(), name="api-password"),
    path("me/contact/", views.ContactView.as_view(), name="api-contact"),
    *router.urls,
]
