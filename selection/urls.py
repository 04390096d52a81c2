from django.urls import path

from selection import views

app_name = "selection"

urlpatterns = [
    path("review/candidates/", views.candidate_list, name="candidates"),
    path("review/exports/", views.export_list, name="exports"),
    path("review/exports/start/", views.export_start, name="export_start"),
    path("review/exports/<int:job_id>/", views.export_detail, name="export"),
    path("review/exports/<int:job_id>/download/", views.export_download, name="export_download"),
    path("review/panels/", views.panel_list, name="panels"),
    path("review/panels/<int:panel_id>/", views.panel_detail, name="panel"),
    path("review/panels/<int:panel_id>/<str:change>/", views.panel_change, name="panel_change"),
    path("review/reviewers/", views.pool_list, name="pool"),
    path("review/sheets/", views.sheet_list, name="sheets"),
    path("review/sheets/<int:panel_id>/", views.sheet_detail, name="sheet"),
    path(
        "review/sheets/<int:panel_id>/<int:declaration_id>/",
        views.sheet_candidate,
        name="sheet_candidate",
    ),
    path(
        "review/sheets/<int:panel_id>/<int:declaration_id>/photo/",
        views.photo_for_reviewer,
        name="sheet_photo",
    ),
    path(
        "review/sheets/<int:panel_id>/<int:declaration_id>/proofs/<int:material_id>/",
        views.proof_for_reviewer,
        name="sheet_proof",
    ),
    path("review/publicity/", views.publicity_list, name="publicity_list"),
    path("review/publicity/<int:period_id>/", views.publicity_detail, name="publicity"),
    path(
        "review/<int:declaration_id>/procedure/<str:step>/", views.procedure_step, name="procedure"
    ),
]
