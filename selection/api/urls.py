from django.urls import path

from selection.api import exports, views

urlpatterns = [
    path("review/candidates/", views.CandidatesView.as_view(), name="api-review-candidates"),
    path("review/exports/", exports.ExportsView.as_view(), name="api-review-exports"),
    path("review/exports/<int:pk>/", exports.ExportView.as_view(), name="api-review-export"),
    path(
        "review/exports/<int:pk>/download/",
        exports.ExportDownloadView.as_view(),
        name="api-review-export-download",
    ),
    path("review/panels/", views.PanelsView.as_view(), name="api-panels"),
    path("review/panels/<int:pk>/", views.PanelView.as_view(), name="api-panel"),
    path(
        "review/panels/<int:pk>/<str:change>/",
        views.PanelChangeView.as_view(),
        name="api-panel-change",
    ),
    path("review/reviewers/", views.PoolView.as_view(), name="api-pool"),
    path("review/reviewers/new/", views.PoolReviewerCreateView.as_view(), name="api-pool-create"),
    path("review/reviewers/<int:pk>/", views.PoolReviewerView.as_view(), name="api-pool-reviewer"),
    path("review/sheets/", views.SheetsView.as_view(), name="api-sheets"),
    path("review/sheets/<int:panel_id>/", views.SheetView.as_view(), name="api-sheet"),
    path(
        "review/sheets/<int:panel_id>/<str:action>/",
        views.SheetActionView.as_view(),
        name="api-sheet-action",
    ),
    path("review/publicity/", views.PublicityView.as_view(), name="api-publicity"),
    path(
        "review/publicity/<int:pk>/objections/",
        views.ObjectionView.as_view(),
        name="api-publicity-objections",
    ),
    path(
        "review/objections/<int:pk>/resolve/",
        views.ResolutionView.as_view(),
        name="api-objection-resolve",
    ),
    path(
        "review/declarations/<int:pk>/discipline/",
        views.DisciplineView.as_view(),
        name="api-discipline",
    ),
    path(
        "review/declarations/<int:pk>/classified/",
        views.ClassifiedView.as_view(),
        name="api-classified",
    ),
]
