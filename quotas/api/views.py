"""REST: the quota dashboard, allocations and deadlines."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from quotas import services
from quotas.selectors import campaign_current, quota_dashboard, quota_home, quota_proposals
from tesuan.accounts.authority import is_admin, organisations_actable_by
from tesuan.enums import TalentType
from tesuan.exceptions import NotFound


class CanManageQuotas(BasePermission):
    message = "仅机构管理员可以管理推荐指标。"
    code = "permission_denied"

    def has_permission(self, request, view) -> bool:
        return is_admin(request.user)


PERMISSIONS = [*api_settings.DEFAULT_PERMISSION_CLASSES, CanManageQuotas]


class QuotaLineSerializer(serializers.Serializer):
    organisation_id = serializers.IntegerField(source="organisation.pk")
    organisation = serializers.CharField(source="organisation.name")
    talent_type = serializers.CharField()
    allocated = serializers.IntegerField(allow_null=True)
    forwarded = serializers.IntegerField()
    remaining = serializers.IntegerField(allow_null=True)


class DashboardLineSerializer(QuotaLineSerializer):
    controlled = serializers.BooleanField()


class AllocationSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    talent_type = serializers.ChoiceField(choices=TalentType.choices)
    allocated = serializers.IntegerField(min_value=0)


class DeadlineSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    due_date = serializers.DateField()


class ExtensionSerializer(serializers.Serializer):
    organisation = serializers.IntegerField()
    until = serializers.DateField()
    reason = serializers.CharField(allow_blank=True)


def _campaign():
    campaign = campaign_current()
    if campaign is None:
        raise NotFound("当前没有正在进行的申报年度。")
    return campaign


def _organisation(user, pk: int):
    found = organisations_actable_by(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该机构，或您无权管理。")
    return found


class DashboardView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(responses=DashboardLineSerializer(many=True))
    def get(self, request):
        home = quota_home(user=request.user)
        if home is None:
            raise NotFound("未找到本机构。")
        lines = quota_dashboard(campaign=_campaign(), organisation=home)
        return Response(DashboardLineSerializer(lines, many=True).data)


class ProposalSerializer(serializers.Serializer):
    organisation_id = serializers.IntegerField(source="organisation.pk")
    organisation = serializers.CharField(source="organisation.name")
    talent_type = serializers.CharField()
    allocated = serializers.IntegerField()


class ProposalsView(APIView):
    """Last year's allocations offered for this year; POST confirms all the user may allocate."""

    permission_classes = PERMISSIONS

    @extend_schema(responses=ProposalSerializer(many=True))
    def get(self, request):
        proposals = quota_proposals(user=request.user, campaign=_campaign())
        return Response(ProposalSerializer(proposals, many=True).data)

    @extend_schema(request=None, responses=QuotaLineSerializer(many=True))
    def post(self, request):
        confirmed = services.quota_confirm_proposals(actor=request.user, campaign=_campaign())
        return Response(QuotaLineSerializer(confirmed, many=True).data)


class AllocationView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(request=AllocationSerializer, responses=QuotaLineSerializer)
    def put(self, request):
        data = AllocationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        quota = services.quota_allocate(
            actor=request.user,
            campaign=_campaign(),
            organisation=_organisation(request.user, data.validated_data["organisation"]),
            talent_type=data.validated_data["talent_type"],
            allocated=data.validated_data["allocated"],
        )
        return Response(QuotaLineSerializer(quota).data)


class DeadlineView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(request=DeadlineSerializer, responses=None)
    def put(self, request):
        data = DeadlineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        deadline = services.deadline_set(
            actor=request.user,
            campaign=_campaign(),
            organisation=_organisation(request.user, data.validated_data["organisation"]),
            due_date=data.validated_data["due_date"],
        )
        return Response({"organisation": deadline.organisation_id, "due_date": deadline.due_date})


class ExtensionView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(request=ExtensionSerializer, responses=None)
    def post(self, request):
        data = ExtensionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        deadline = services.deadline_extend(
            actor=request.user,
            campaign=_campaign(),
            organisation=_organisation(request.user, data.validated_data["organisation"]),
            until=data.validated_data["until"],
            reason=data.validated_data["reason"],
        )
        return Response(
            {
                "organisation": deadline.organisation_id,
                "due_date": deadline.due_date,
                "extended_until": deadline.extended_until,
                "extension_reason": deadline.extension_reason,
                "extensions": [
                    {
                        "previous_date": extension.previous_date,
                        "until": extension.until,
                        "reason": extension.reason,
                        "extended_by": extension.extended_by.name,
                        "extended_at": extension.extended_at,
                    }
                    for extension in deadline.extensions.select_related("extended_by")
                ],
            }
        )
