from django.urls import path
from rest_framework.routers import SimpleRouter

from applications.api.views import DeclarationViewSet, DocumentViewSet
from quotas.api import views as quota_views
from review.api import exports as export_views
from review.api import selection as selection_views
from review.api import views as review_views
from tesuan.accounts.api import views as account_views
from tesuan.audit.api.views import AuditEntryListView
from tesuan.notices.api.views import NoticeListView, NoticeReadView
from tesuan.orgs.api.views import OrganisationViewSet
from tesuan.workdays.api import views as workday_views

router = SimpleRouter()
router.register("users", account_views.UserViewSet, basename="user")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("declarations", DeclarationViewSet, basename="api-declaration")
router.register("documents", DocumentViewSet, basename="api-document")

urlpatterns = [
    path("auth/token/", account_views.TokenObtainView.as_view(), name="api-token"),
    path("me/", account_views.MeView.as_view(), name="api-me"),
    path("me/first-login/", account_views.FirstLoginView.as_view(), name="api-first-login"),
    path("me/password/", account_views.PasswordChangeView.as_view(), name="api-password"),
    path("me/contact/", account_views.ContactView.as_view(), name="api-contact"),
    path("review/queue/", review_views.QueueView.as_view(), name="api-review-queue"),
    path("review/bulk/", review_views.BulkView.as_view(), name="api-review-bulk"),
    path(
        "review/candidates/", selection_views.CandidatesView.as_view(), name="api-review-candidates"
    ),
    path("review/exports/", export_views.ExportsView.as_view(), name="api-review-exports"),
    path("review/exports/<int:pk>/", export_views.ExportView.as_view(), name="api-review-export"),
    path(
        "review/exports/<int:pk>/download/",
        export_views.ExportDownloadView.as_view(),
        name="api-review-export-download",
    ),
    path("review/panels/", selection_views.PanelsView.as_view(), name="api-panels"),
    path("review/panels/<int:pk>/", selection_views.PanelView.as_view(), name="api-panel"),
    path(
        "review/panels/<int:pk>/<str:change>/",
        selection_views.PanelChangeView.as_view(),
        name="api-panel-change",
    ),
    path("review/sheets/", selection_views.SheetsView.as_view(), name="api-sheets"),
    path(
        "review/sheets/<int:panel_id>/<str:action>/",
        selection_views.SheetActionView.as_view(),
        name="api-sheet-action",
    ),
    path("review/publicity/", selection_views.PublicityView.as_view(), name="api-publicity"),
    path(
        "review/publicity/<int:pk>/objections/",
        selection_views.ObjectionView.as_view(),
        name="api-publicity-objections",
    ),
    path(
        "review/objections/<int:pk>/resolve/",
        selection_views.ResolutionView.as_view(),
        name="api-objection-resolve",
    ),
    path(
        "review/declarations/<int:pk>/discipline/",
        selection_views.DisciplineView.as_view(),
        name="api-discipline",
    ),
    path(
        "review/declarations/<int:pk>/classified/",
        selection_views.ClassifiedView.as_view(),
        name="api-classified",
    ),
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
    path("quotas/proposals/", quota_views.ProposalsView.as_view(), name="api-quota-proposals"),
    path("quotas/deadline/", quota_views.DeadlineView.as_view(), name="api-quota-deadline"),
    path(
        "quotas/deadline/extension/",
        quota_views.ExtensionView.as_view(),
        name="api-quota-extension",
    ),
    path("audit/", AuditEntryListView.as_view(), name="api-audit"),
    path("notices/", NoticeListView.as_view(), name="api-notices"),
    path("notices/<int:pk>/read/", NoticeReadView.as_view(), name="api-notice-read"),
    path("calendar/days/", workday_views.CalendarDaysView.as_view(), name="api-calendar-days"),
    path(
        "calendar/days/<int:pk>/", workday_views.CalendarDayView.as_view(), name="api-calendar-day"
    ),
    *router.urls,
]
