"""REST: the review queue and the decisions, through the same selectors and services."""

from dataclasses import asdict

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from applications.api.serializers import DeclarationSerializer
from applications.enums import DeclarationStatus
from applications.selectors import declaration_get_for_user
from review.api.serializers import (
    BulkResultSerializer,
    BulkSerializer,
    DecisionSerializer,
    QueueItemSerializer,
    QueueQuerySerializer,
    TrailSerializer,
)
from review.selectors import review_queue
from review.services import DECISION_LABELS, review_bulk, review_decide
from tesuan.accounts.authority import Area, may_enter
from tesuan.exceptions import NotFound
from tesuan.orgs.models import Organisation


class CanReview(BasePermission):
    message = "仅机构管理员可以审核推荐。"
    code = "permission_denied"

    def has_permission(self, request, view) -> bool:
        return may_enter(request.user, Area.REVIEW)


PERMISSIONS = [*api_settings.DEFAULT_PERMISSION_CLASSES, CanReview]


class QueueView(ListAPIView):
    """What reached the admin's organisation; ``state`` pending (default), forwarded,
    not_recommended or all."""

    permission_classes = PERMISSIONS
    serializer_class = QueueItemSerializer

    @extend_schema(parameters=[QueueQuerySerializer])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        query = QueueQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        criteria = query.validated_data
        organisation = self.request.user.organisation
        child = None
        if "child" in criteria:
            child = (
                Organisation.objects.get_children(organisation).filter(pk=criteria["child"]).first()
            )
            if child is None:
                raise NotFound("未找到该下级机构。")
        return review_queue(
            user=self.request.user,
            organisation=organisation,
            state=criteria["state"],
            talent_type=criteria.get("talent_type", ""),
            child=child,
            search=criteria.get("q", ""),
            ordering=criteria["ordering"],
        )


class DecisionView(APIView):
    """审核通过并上报 (forward), 退回 (return) or 不予推荐 (not_recommend)."""

    permission_classes = PERMISSIONS

    @extend_schema(
        request=DecisionSerializer, responses=DeclarationSerializer, operation_id="review_decide"
    )
    def post(self, request, pk: int, decision: str):
        if decision not in DECISION_LABELS:
            raise NotFound("未知的操作。")
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = review_decide(
            actor=request.user,
            decision=decision,
            declaration_id=pk,
            text=data.validated_data["text"],
            override_reason=data.validated_data["override_reason"],
        )
        if decided.status == DeclarationStatus.DRAFT:
            # Returned to the applicant: a draft again, which no admin sees (docs/security.md).
            return Response(
                {"id": decided.pk, "status": decided.status, "detail": "已退回申报人修改。"}
            )
        declaration = declaration_get_for_user(user=request.user, declaration_id=pk)
        return Response(DeclarationSerializer(declaration, context={"request": request}).data)


class BulkView(APIView):
    permission_classes = PERMISSIONS

    @extend_schema(request=BulkSerializer, responses=BulkResultSerializer(many=True))
    def post(self, request):
        data = BulkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        results = review_bulk(
            actor=request.user,
            decision=data.validated_data["decision"],
            declaration_ids=data.validated_data["ids"],
            text=data.validated_data["text"],
            override_reason=data.validated_data["override_reason"],
        )
        return Response([asdict(result) for result in results], status=status.HTTP_200_OK)


class TrailView(APIView):
    """Every step of a declaration: level, decision, opinion, actor, time."""

    @extend_schema(responses=TrailSerializer(many=True))
    def get(self, request, pk: int):
        declaration = declaration_get_for_user(user=request.user, declaration_id=pk)
        steps = declaration.transitions.select_related("actor", "organisation", "to_organisation")
        return Response(TrailSerializer(steps, many=True).data)
