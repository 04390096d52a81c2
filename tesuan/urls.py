from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from tesuan.accounts.api.permissions import ReadsApiDocs


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask for /favicon.ico where a page names no icon (a PDF, an image)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("", include("portal.urls")),
    path("", include("tesuan.accounts.urls")),
    path("", include("tesuan.orgs.urls")),
    path("", include("applications.urls")),
    path("", include("quotas.urls")),
    path("", include("selection.urls")),
    path("", include("review.urls")),
    path("", include("tesuan.audit.urls")),
    path("", include("tesuan.notices.urls")),
    path("", include("tesuan.workdays.urls")),
    path("", include("tesuan.help.urls")),
    path("api/v1/", include("tesuan.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The same page as drf-spectacular's, with its inline style moved to a static file.
        # Shown (under 帮助) and served to those who use the API only (``Area.API_DOCS``).
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema",
            template_name="api/docs.html",
            permission_classes=[IsAuthenticated, ReadsApiDocs],
        ),
        name="api-docs",
    ),
]
