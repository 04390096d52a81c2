from django.urls import reverse
from rest_framework import serializers

from applications.enums import DeclarationStatus, RenderStatus, applicant_actions
from applications.models import Declaration, DocumentRender, ProofMaterial
from applications.personal_data import basic_masked, shows_in_full
from applications.schema import CONTENT_FIELDS
from tesuan.enums import TalentType
from tesuan.serializers import BuiltOnceModelSerializer


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DeclarationSummarySerializer(BuiltOnceModelSerializer):
    applicant = NamedSerializer(read_only=True)
    campaign = serializers.IntegerField(source="campaign.year", read_only=True)
    # A method field: a callable ``source`` makes DRF inspect its signature on every row.
    status_display = serializers.SerializerMethodField()

    class Meta:
        model = Declaration
        fields = [
            "id",
            "applicant",
            "campaign",
            "talent_type",
            "status",
            "status_display",
            "version",
            "updated_at",
            "submitted_at",
        ]
        read_only_fields = fields

    def get_status_display(self, declaration: Declaration) -> str:
        # The enum's label directly: ``get_status_display`` rebuilds a dict of the choices per row.
        return str(DeclarationStatus(declaration.status).label)


class ProofMaterialSerializer(BuiltOnceModelSerializer):
    name = serializers.CharField(source="original_name")

    class Meta:
        model = ProofMaterial
        fields = ["id", "name", "size", "uploaded_at"]


class DeclarationSerializer(DeclarationSummarySerializer):
    organisation = NamedSerializer(read_only=True)
    recommending_organisation = NamedSerializer(read_only=True, allow_null=True)
    has_photo = serializers.SerializerMethodField()
    proof_materials = ProofMaterialSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta(DeclarationSummarySerializer.Meta):
        fields = [
            *DeclarationSummarySerializer.Meta.fields,
            "organisation",
            "recommending_organisation",
            *CONTENT_FIELDS,
            "has_photo",
            "proof_materials",
            "actions",
            "created_at",
        ]
        read_only_fields = fields

    def to_representation(self, declaration: Declaration) -> dict:
        """The ID and mobile numbers come masked to anyone but the applicant: an admin asks for
        them through ``reveal``, which is audited."""
        data = super().to_representation(declaration)
        request = self.context.get("request")
        if request is None or not shows_in_full(viewer=request.user, declaration=declaration):
            data["basic"] = basic_masked(data["basic"])
        return data

    def get_has_photo(self, declaration: Declaration) -> bool:
        return bool(declaration.photo)

    def get_actions(self, declaration: Declaration) -> list[str]:
        request = self.context.get("request")
        if request is None or declaration.applicant_id != request.user.pk:
            return ["view", "print"]
        return list(applicant_actions(declaration.status))


class RevealRequestSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=[("id_number", "证件号码"), ("mobile", "手机号码")])
    purpose = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class RevealedSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField()


class DeclarationCreateSerializer(serializers.Serializer):
    talent_type = serializers.ChoiceField(choices=TalentType.choices)


class DeclarationDraftSerializer(serializers.Serializer):
    """保存: any subset of the sections, with the version the client loaded. Values are kept as
    sent, valid or not; the problems endpoint says what is wrong."""

    version = serializers.IntegerField()
    talent_type = serializers.CharField(required=False)
    recommending_organisation = serializers.CharField(
        required=False, allow_blank=True, allow_null=True
    )
    basic = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    work_history = serializers.ListField(child=serializers.DictField(), required=False)
    achievements = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    publications = serializers.ListField(child=serializers.DictField(), required=False)
    awards = serializers.ListField(child=serializers.DictField(), required=False)
    conditions = serializers.ListField(child=serializers.CharField(), required=False)
    retirement_explanation = serializers.CharField(required=False, allow_blank=True)


class DeclarationSubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class ProblemSerializer(serializers.Serializer):
    section = serializers.CharField()
    field = serializers.CharField()
    message = serializers.CharField()
    code = serializers.CharField()


class FindingSerializer(serializers.Serializer):
    code = serializers.CharField()
    severity = serializers.ChoiceField(choices=["blocking", "warning", "note"])
    message = serializers.CharField()


class AssessmentSerializer(serializers.Serializer):
    can_submit = serializers.BooleanField()
    problems = ProblemSerializer(many=True)
    findings = FindingSerializer(many=True)


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class DocumentRequestSerializer(serializers.Serializer):
    format = serializers.CharField(help_text="pdf 或 docx")


class DocumentRenderSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    status_url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = DocumentRender
        fields = [
            "id",
            "declaration",
            "format",
            "status",
            "status_display",
            "error",
            "requested_at",
            "finished_at",
            "status_url",
            "download_url",
        ]
        read_only_fields = fields

    def _url(self, name: str, render: DocumentRender) -> str:
        url = reverse(name, args=[render.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_status_url(self, render: DocumentRender) -> str:
        return self._url("api-document-detail", render)

    def get_download_url(self, render: DocumentRender) -> str | None:
        if render.status != RenderStatus.DONE:
            return None
        return self._url("api-document-download", render)
