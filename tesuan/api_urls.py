"""The REST API (/api/v1/): each app's own URL module. The procedure's routes come before the
queue's, whose ``review/declarations/<pk>/<decision>/`` would otherwise take theirs."""

from django.urls import include, path

urlpatterns = [
    path("", include("tesuan.accounts.api.urls")),
    path("", include("tesuan.orgs.api.urls")),
    path("", include("applications.api.urls")),
    path("", include("selection.api.urls")),
    path("", include("review.api.urls")),
    path("", include("quotas.api.urls")),
    path("", include("tesuan.audit.api.urls")),
    path("", include("tesuan.notices.api.urls")),
    path("", include("tesuan.workdays.api.urls")),
]
