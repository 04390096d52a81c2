from django.urls import path
from rest_framework.routers import SimpleRouter

from applications.api.views import DeclarationViewSet
from tesuan.accounts.api import views as account_views
from tesuan.orgs.api.views import OrganisationViewSet

router = SimpleRouter()
router.register("users", account_views.UserViewSet, basename="user")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("declarations", DeclarationViewSet, basename="api-declaration")

urlpatterns = [
    path("auth/token/", account_views.TokenObtainView.as_view(), name="api-token"),
    path("me/", account_views.MeView.as_view(), name="api-me"),
    path("me/first-login/", account_views.FirstLoginView.as_view(), name="api-first-login"),
    path("me/password/", account_views.PasswordChangeView.as_view(), name="api-password"),
    path("me/contact/", account_views.ContactView.as_view(), name="api-contact"),
    *router.urls,
]
