"""REST for the exported files (人选一览表, 专家评议结果汇总表, 推荐正式函, 书面材料包): start a job,
follow it, download the file — the same services and scoping as the browser (``selection.export_jobs``)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from selection import export_jobs
from selection.api.views import PROCEDURE_PERMISSIONS
from selection.enums import ExportKind
from selection.models import ExportJob
from tesuan.downloads import attachment_response
from tesuan.enums import TalentType

KIND_HELP = "，".join(f"{value}：{label}" for value, label in ExportKind.choices)


class ExportRequestSerializer(serializers.Serializer):
    # A string, not a choice: its enum would collide in the schema with Organisation.kind; the
    # service refuses an unknown kind with the same ``invalid`` code.
    kind = serializers.CharField(help_text=KIND_HELP)
    talent_type = serializers.ChoiceField(
        choices=TalentType.choices, required=False, allow_blank=True, default=""
    )
    panel = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="kind 为 panel_summary 时必填"
    )


class ExportJobSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True, help_text=KIND_HELP)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    status_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "kind",
            "kind_display",
            "organisation",
            "talent_type",
            "panel",
            "status",
            "status_display",
            "progress",
            "error",
            "requested_at",
            "finished_at",
            "status_url",
            "download_url",
        ]
        read_only_fields = fields

    def _url(self, name: str, job: ExportJob) -> str:
        url = reverse(name, args=[job.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_status_url(self, job: ExportJob) -> str:
        return self._url("api-review-export", job)

    def get_download_url(self, job: ExportJob) -> str:
        return self._url("api-review-export-download", job)


class ExportsView(APIView):
    """GET: the organisation's recent export_jobs. POST: start one → 202 with its status URL."""

    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(responses=ExportJobSerializer(many=True))
    def get(self, request):
        recent = export_jobs.export_jobs_of(user=request.user)[:50]
        return Response(ExportJobSerializer(recent, many=True, context={"request": request}).data)

    @extend_schema(request=ExportRequestSerializer, responses={202: ExportJobSerializer})
    def post(self, request):
        payload = ExportRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        job = export_jobs.export_request(
            actor=request.user,
            kind=payload.validated_data["kind"],
            talent_type=payload.validated_data["talent_type"],
            panel_id=payload.validated_data["panel"],
        )
        data = ExportJobSerializer(job, context={"request": request}).data
        return Response(
            data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["status_url"]}
        )


class ExportView(APIView):
    """The status and progress of a job of one's own organisation (404 for anyone else)."""

    @extend_schema(responses=ExportJobSerializer)
    def get(self, request, pk: int):
        job = export_jobs.export_job_get_for_user(user=request.user, job_id=pk)
        return Response(ExportJobSerializer(job, context={"request": request}).data)


class ExportDownloadView(APIView):
    """The finished file; 409 ``export_not_ready`` while it is being made or when it failed."""

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        job = export_jobs.export_job_get_for_user(user=request.user, job_id=pk)
        return attachment_response(
            export_jobs.export_open(actor=request.user, job=job),
            content_type=export_jobs.export_content_type(job),
            filename=export_jobs.export_download_name(job),
        )
