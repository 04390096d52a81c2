from django.urls import path

from applications import views
from applications.documents import views as document_views

app_name = "applications"

urlpatterns = [
    path("declarations/", views.declaration_list, name="declaration_list"),
    path("declarations/new/", views.declaration_create, name="declaration_create"),
    path("declarations/<int:declaration_id>/", views.declaration_detail, name="declaration_detail"),
    path(
        "declarations/<int:declaration_id>/edit/", views.declaration_edit, name="declaration_edit"
    ),
    path(
        "declarations/<int:declaration_id>/submit/",
        views.declaration_submit,
        name="declaration_submit",
    ),
    path(
        "declarations/<int:declaration_id>/delete/",
        views.declaration_delete,
        name="declaration_delete",
    ),
    path(
        "declarations/<int:declaration_id>/print/",
        views.declaration_print,
        name="declaration_print",
    ),
    path(
        "declarations/<int:declaration_id>/photo/",
        views.declaration_photo,
        name="declaration_photo",
    ),
    path(
        "declarations/<int:declaration_id>/documents/",
        document_views.document_list,
        name="document_list",
    ),
    path(
        "declarations/<int:declaration_id>/documents/request/",
        document_views.document_request,
        name="document_request",
    ),
    path(
        "declarations/<int:declaration_id>/documents/<int:render_id>/",
        document_views.document_download,
        name="document_download",
    ),
    path(
        "declarations/<int:declaration_id>/reveal/",
        views.declaration_reveal,
        name="declaration_reveal",
    ),
    path(
        "declarations/<int:declaration_id>/proofs/<int:material_id>/",
        views.proof_download,
        name="proof_download",
    ),
    path(
        "declarations/<int:declaration_id>/proofs/<int:material_id>/delete/",
        views.proof_remove,
        name="proof_remove",
    ),
]
