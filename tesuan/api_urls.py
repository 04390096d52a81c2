from django.urls import path
from rest_framework.routers import SimpleRouter

from applications.api.views import DeclarationViewSet
from quotas.api import views as quota_views
from review.api import views as review_views
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
    path("review/queue/", review_views.QueueView.as_view(), name="api-review-queue"),
    path("review/bulk/", review_views.BulkView.as_view(), name="api-review-bulk"),
    path(
        "review/declarations/<int:pk>/trail/",
        review_views.TrailView.as_view(),
        name="api-review-trail",
    ),
    path(
        "review/declarations/<int:pk>/<str:decision>/",
        review_views.DecisionView.as_view(),
        name="api-review-decision",
    ),
    path("quotas/", quota_views.DashboardView.as_view(), name="api-quota-dashboard"),
    path("quotas/allocation/", quota_views.AllocationView.as_view(), name="api-quota-allocation"),
    path("quotas/deadline/", quota_views.DeadlineView.as_view(), name="api-quota-deadline"),
    path(
        "quotas/deadline/extension/",
        quota_views.ExtensionView.as_view(),
        name="api-quota-extension",
    ),
    *router.urls,
]
