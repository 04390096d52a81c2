from django.urls import path

from review import selection_views, views

app_name = "review"

urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/bulk/", views.bulk, name="bulk"),
    path("review/candidates/", selection_views.candidate_list, name="candidates"),
    path("review/exports/", selection_views.export_list, name="exports"),
    path("review/exports/start/", selection_views.export_start, name="export_start"),
    path("review/exports/<int:job_id>/", selection_views.export_detail, name="export"),
    path(
        "review/exports/<int:job_id>/download/",
        selection_views.export_download,
        name="export_download",
    ),
    path("review/panels/", selection_views.panel_list, name="panels"),
    path("review/panels/<int:panel_id>/", selection_views.panel_detail, name="panel"),
    path(
        "review/panels/<int:panel_id>/<str:change>/",
        selection_views.panel_change,
        name="panel_change",
    ),
    path("review/sheets/", selection_views.sheet_list, name="sheets"),
    path("review/sheets/<int:panel_id>/", selection_views.sheet_detail, name="sheet"),
    path(
        "review/sheets/<int:panel_id>/<int:declaration_id>/",
        selection_views.sheet_candidate,
        name="sheet_candidate",
    ),
    path(
        "review/sheets/<int:panel_id>/<int:declaration_id>/photo/",
        selection_views.photo_for_reviewer,
        name="sheet_photo",
    ),
    path(
        "review/sheets/<int:panel_id>/<int:declaration_id>/proofs/<int:material_id>/",
        selection_views.proof_for_reviewer,
        name="sheet_proof",
    ),
    path("review/publicity/", selection_views.publicity_list, name="publicity_list"),
    path("review/publicity/<int:period_id>/", selection_views.publicity_detail, name="publicity"),
    path("review/<int:declaration_id>/", views.declaration, name="declaration"),
    path(
        "review/<int:declaration_id>/procedure/<str:step>/", views.procedure_step, name="procedure"
    ),
    path("review/<int:declaration_id>/<str:decision>/", views.decide, name="decide"),
]
