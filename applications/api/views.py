"""REST: the same services as the HTML views, errors as JSON with a stable code."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from applications import personal_data, services
from applications.api.serializers import (
    AssessmentSerializer,
    DeclarationCreateSerializer,
    DeclarationDraftSerializer,
    DeclarationSerializer,
    DeclarationSubmitSerializer,
    DeclarationSummarySerializer,
    DocumentRenderSerializer,
    DocumentRequestSerializer,
    ProofMaterialSerializer,
    RevealedSerializer,
    RevealRequestSerializer,
    UploadSerializer,
)
from applications.documents import services as document_services
from applications.documents.selectors import document_render_get_for_user
from applications.eligibility import declaration_assess
from applications.models import DocumentRender
from applications.selectors import declaration_get_for_user, declaration_summaries_visible_to
from tesuan.downloads import attachment_response


class DeclarationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """申报信息: an applicant's own; an admin's subtree (read and 退回 only)."""

    serializer_class = DeclarationSummarySerializer

    def get_queryset(self):
        return declaration_summaries_visible_to(user=self.request.user)

    def _detail(self, declaration_id, status_code=status.HTTP_200_OK) -> Response:
        declaration = declaration_get_for_user(
            user=self.request.user, declaration_id=declaration_id
        )
        return Response(
            DeclarationSerializer(declaration, context={"request": self.request}).data,
            status=status_code,
        )

    @extend_schema(responses=DeclarationSerializer)
    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(request=DeclarationCreateSerializer, responses={201: DeclarationSerializer})
    def create(self, request):
        data = DeclarationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        declaration = services.declaration_create(actor=request.user, **data.validated_data)
        return self._detail(declaration.pk, status.HTTP_201_CREATED)

    @extend_schema(request=DeclarationDraftSerializer, responses=DeclarationSerializer)
    def partial_update(self, request, pk=None):
        data = DeclarationDraftSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        version = changes.pop("version")
        declaration = services.declaration_save_draft(
            actor=request.user, declaration_id=pk, version=version, changes=changes
        )
        # The draft as just written under its row lock: reading it again gives the same row.
        return Response(DeclarationSerializer(declaration, context={"request": request}).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        services.declaration_delete(actor=request.user, declaration_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=DeclarationSubmitSerializer, responses=DeclarationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        data = DeclarationSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.declaration_submit(actor=request.user, declaration_id=pk, **data.validated_data)
        return self._detail(pk)

    @extend_schema(responses=AssessmentSerializer)
    @action(detail=True, methods=["get"])
    def problems(self, request, pk=None):
        declaration = declaration_get_for_user(user=request.user, declaration_id=pk)
        return Response(declaration_assess(declaration).as_dict())

    @extend_schema(
        request={"multipart/form-data": UploadSerializer}, responses=DeclarationSerializer
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def photo(self, request, pk=None):
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.declaration_photo_set(
            actor=request.user, declaration_id=pk, upload=data.validated_data["file"]
        )
        return self._detail(pk)

    @extend_schema(
        request={"multipart/form-data": UploadSerializer}, responses={201: ProofMaterialSerializer}
    )
    @action(
        detail=True, methods=["post"], url_path="proof-materials", parser_classes=[MultiPartParser]
    )
    def proof_materials(self, request, pk=None):
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        proof = services.proof_material_add(
            actor=request.user, declaration_id=pk, upload=data.validated_data["file"]
        )
        return Response(ProofMaterialSerializer(proof).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RevealRequestSerializer, responses=RevealedSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """查看完整号码: the full ID or mobile number, for an admin who may see the declaration;
        every call is recorded in the audit log."""
        data = RevealRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        revealed = personal_data.declaration_reveal(
            actor=request.user, declaration_id=pk, **data.validated_data
        )
        return Response(RevealedSerializer(revealed).data)

    @extend_schema(request=DocumentRequestSerializer, responses={202: DocumentRenderSerializer})
    @action(detail=True, methods=["post"])
    def documents(self, request, pk=None):
        """打印申报表: render the form as PDF or DOCX; poll ``status_url`` until it is done."""
        data = DocumentRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        render = document_services.document_request(
            actor=request.user, declaration_id=pk, file_format=data.validated_data["format"]
        )
        return Response(
            DocumentRenderSerializer(render, context={"request": request}).data,
            status=status.HTTP_202_ACCEPTED,
        )


class DocumentViewSet(viewsets.GenericViewSet):
    """申报表文件: the status of one's own render requests, and the finished files."""

    serializer_class = DocumentRenderSerializer
    queryset = DocumentRender.objects.none()  # for the schema; reads go through the selector

    @extend_schema(responses=DocumentRenderSerializer)
    def retrieve(self, request, pk=None):
        render = document_render_get_for_user(user=request.user, render_id=pk)
        return Response(DocumentRenderSerializer(render, context={"request": request}).data)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        render = document_render_get_for_user(user=request.user, render_id=pk)
        stream = document_services.document_open(actor=request.user, render=render)
        return attachment_response(
            stream,
            content_type=document_services.CONTENT_TYPES[render.format],
            filename=document_services.document_download_name(render),
        )
