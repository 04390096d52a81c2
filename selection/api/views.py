"""REST for the selection procedure: panels, score sheets, publicity, discipline opinions,
classified marks and the 人选一览表 — the same services and selectors as the browser."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from quotas.selectors import campaign_current
from review.api.views import PERMISSIONS as ADMIN_PERMISSIONS
from selection import discipline, exports, panels, pool, publicity
from selection.panels import CandidateResult
from tesuan.accounts.authority import AREA_REFUSALS, Area, may_enter
from tesuan.enums import TalentType
from tesuan.exceptions import NotFound
from tesuan.forms import ROW_ID
from tesuan.serializers import IdField


class IsReviewer(BasePermission):
    message = AREA_REFUSALS[Area.SCORING]
    code = "permission_denied"

    def has_permission(self, request, view) -> bool:
        return may_enter(request.user, Area.SCORING)


class RunsProcedure(BasePermission):
    """A recommending level's admin: a basic unit runs no procedure (``Area.PROCEDURE``)."""

    message = AREA_REFUSALS[Area.PROCEDURE]
    code = "permission_denied"

    def has_permission(self, request, view) -> bool:
        return may_enter(request.user, Area.PROCEDURE)


REVIEWER_PERMISSIONS = [*api_settings.DEFAULT_PERMISSION_CLASSES, IsReviewer]
PROCEDURE_PERMISSIONS = [*ADMIN_PERMISSIONS, RunsProcedure]


def _campaign():
    campaign = campaign_current()
    if campaign is None:
        raise NotFound("当前没有正在进行的申报年度。")
    return campaign


class CriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=50)
    weight = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=Decimal("0.01"))
    max_score = serializers.IntegerField(read_only=True)


class ResultSerializer(serializers.Serializer):
    declaration_id = serializers.IntegerField(source="declaration.pk")
    name = serializers.CharField(source="declaration.applicant.name")
    rank = serializers.IntegerField(allow_null=True)
    reviewers = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    sd = serializers.FloatField(allow_null=True)
    disagreement = serializers.BooleanField()
    votes_for = serializers.IntegerField()
    votes_against = serializers.IntegerField()
    passed = serializers.BooleanField()


class PanelSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=100)
    talent_type = serializers.ChoiceField(choices=TalentType.choices)
    criteria = CriterionSerializer(many=True, required=False)
    pass_numerator = serializers.IntegerField(min_value=1, default=2)
    pass_denominator = serializers.IntegerField(min_value=1, default=3)
    closed_at = serializers.DateTimeField(read_only=True)


class PanelDetailSerializer(PanelSerializer):
    members = serializers.SerializerMethodField()
    candidates = serializers.SerializerMethodField()
    results = serializers.SerializerMethodField()

    def get_members(self, panel) -> list[dict]:
        return [
            {
                "reviewer_id": m.reviewer_id,
                "name": m.reviewer.name,
                "submitted": m.submitted_at is not None,
            }
            for m in panel.members.select_related("reviewer")
        ]

    def get_candidates(self, panel) -> list[int]:
        return list(panel.candidates.values_list("declaration_id", flat=True))

    def get_results(self, panel) -> list[dict]:
        results: list[CandidateResult] = panels.panel_results(panel)
        return ResultSerializer(results, many=True).data


class IdsSerializer(serializers.Serializer):
    ids = serializers.ListField(child=IdField(), allow_empty=False)


class PanelsView(APIView):
    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(responses=PanelSerializer(many=True))
    def get(self, request):
        return Response(
            PanelSerializer(panels.panels_managed_by(user=request.user), many=True).data
        )

    @extend_schema(request=PanelSerializer, responses={201: PanelDetailSerializer})
    def post(self, request):
        data = PanelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        criteria = [(c["name"], c["weight"]) for c in values.get("criteria", [])] or None
        panel = panels.panel_create(
            actor=request.user,
            campaign=_campaign(),
            talent_type=values["talent_type"],
            name=values["name"],
            criteria=criteria,
            pass_numerator=values["pass_numerator"],
            pass_denominator=values["pass_denominator"],
        )
        return Response(PanelDetailSerializer(panel).data, status=status.HTTP_201_CREATED)


class PanelView(APIView):
    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(responses=PanelDetailSerializer)
    def get(self, request, pk: int):
        return Response(
            PanelDetailSerializer(panels.panel_get_for_admin(actor=request.user, panel_id=pk)).data
        )


class PanelChangeView(APIView):
    """``members`` (reviewer ids), ``candidates`` (declaration ids) or ``close``."""

    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(
        request=IdsSerializer, responses=PanelDetailSerializer, operation_id="review_panel_change"
    )
    def post(self, request, pk: int, change: str):
        if change == "close":
            panels.panel_close(actor=request.user, panel_id=pk)
        elif change in ("members", "candidates"):
            data = IdsSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            if change == "members":
                panels.panel_add_members(
                    actor=request.user, panel_id=pk, reviewer_ids=data.validated_data["ids"]
                )
            else:
                panels.panel_add_candidates(
                    actor=request.user, panel_id=pk, declaration_ids=data.validated_data["ids"]
                )
        else:
            raise NotFound("未知的操作。")
        return Response(
            PanelDetailSerializer(panels.panel_get_for_admin(actor=request.user, panel_id=pk)).data
        )


class PoolReviewerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    username = serializers.CharField()
    name = serializers.CharField()
    organisation = serializers.CharField(source="organisation.name")


class ReviewerCreateSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=64, allow_blank=True)
    name = serializers.CharField(max_length=50, allow_blank=True)
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")


class PoolView(APIView):
    """评委专家库 of the admin's organisation. GET: its reviewers; POST ``ids``: add reviewers of
    the organisation's subtree or of the pools above it."""

    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(responses=PoolReviewerSerializer(many=True))
    def get(self, request):
        reviewers = pool.pool_reviewers(organisation=request.user.organisation)
        return Response(PoolReviewerSerializer(reviewers, many=True).data)

    @extend_schema(request=IdsSerializer, responses=PoolReviewerSerializer(many=True))
    def post(self, request):
        data = IdsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pool.pool_add(actor=request.user, reviewer_ids=data.validated_data["ids"])
        reviewers = pool.pool_reviewers(organisation=request.user.organisation)
        return Response(PoolReviewerSerializer(reviewers, many=True).data)


class PoolReviewerView(APIView):
    """DELETE: take a reviewer out of the pool (the panels they sit on keep them)."""

    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        pool.pool_remove(actor=request.user, reviewer_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PoolReviewerCreateView(APIView):
    """POST: a new 评议专家 account of the organisation, entered in its pool; the answer holds its
    one-time password, given only this once."""

    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(request=ReviewerCreateSerializer, responses={201: None})
    def post(self, request):
        data = ReviewerCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reviewer, password = pool.pool_reviewer_create(actor=request.user, **data.validated_data)
        return Response(
            {**PoolReviewerSerializer(reviewer).data, "password": password},
            status=status.HTTP_201_CREATED,
        )


class ScoreSerializer(serializers.Serializer):
    declaration = serializers.IntegerField()
    scores = serializers.DictField(
        child=serializers.CharField(allow_blank=True), help_text="评分项 id → 得分"
    )
    recommend = serializers.BooleanField(allow_null=True, default=None)


class SheetSerializer(serializers.Serializer):
    entries = serializers.ListField(
        child=ScoreSerializer(),
        help_text="每位候选人一项：评分和表决；未填写的候选人可省略。",
    )


class ConflictSerializer(serializers.Serializer):
    declaration = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)


class SheetsView(APIView):
    permission_classes = REVIEWER_PERMISSIONS

    @extend_schema(responses=None)
    def get(self, request):
        return Response(
            [
                {
                    "panel_id": m.panel_id,
                    "panel": m.panel.name,
                    "organisation": m.panel.organisation.name,
                    "submitted": m.submitted_at is not None,
                    "closed": m.panel.closed_at is not None,
                }
                for m in panels.panels_of_reviewer(user=request.user)
            ]
        )


class SheetView(APIView):
    """A reviewer's own score sheet: GET as saved (criteria, candidates, scores and votes); PUT
    saves every candidate's scores and vote together, or nothing, each wrong score's error keyed
    ``score_<candidate>_<criterion>`` and naming the candidate."""

    permission_classes = REVIEWER_PERMISSIONS

    @extend_schema(request=SheetSerializer, responses=None, operation_id="review_sheet_update")
    def put(self, request, panel_id: int):
        data = SheetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        panels.sheet_save_all(
            reviewer=request.user,
            panel_id=panel_id,
            entries=[
                panels.SheetEntry(
                    declaration_id=entry["declaration"],
                    scores=_criterion_scores(entry["scores"]),
                    recommend=entry["recommend"],
                )
                for entry in data.validated_data["entries"]
            ],
        )
        return self.get(request, panel_id)

    @extend_schema(responses=None, operation_id="review_sheet_retrieve")
    def get(self, request, panel_id: int):
        sheet = panels.sheet_get(reviewer=request.user, panel_id=panel_id)
        return Response(
            {
                "panel_id": sheet.member.panel_id,
                "panel": sheet.member.panel.name,
                "submitted": sheet.member.submitted_at is not None,
                "closed": sheet.member.panel.closed_at is not None,
                "criteria": CriterionSerializer(sheet.criteria, many=True).data,
                "candidates": [
                    {
                        "declaration": entry.declaration_id,
                        "name": entry.declaration.applicant.name,
                        "unit": entry.declaration.organisation.name,
                        "excluded": entry.declaration_id in sheet.excluded,
                        "scores": {
                            str(c.pk): sheet.scores.get((entry.declaration_id, c.pk))
                            for c in sheet.criteria
                        },
                        "recommend": sheet.votes.get(entry.declaration_id),
                    }
                    for entry in sheet.candidates
                ],
            }
        )


class SheetActionView(APIView):
    """``scores`` (one candidate's scores and vote), ``conflicts`` (回避) or ``submit``."""

    permission_classes = REVIEWER_PERMISSIONS

    @extend_schema(request=ScoreSerializer, responses=None, operation_id="review_sheet_action")
    def post(self, request, panel_id: int, action: str):
        if action == "scores":
            data = ScoreSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            panels.sheet_save(
                reviewer=request.user,
                panel_id=panel_id,
                declaration_id=data.validated_data["declaration"],
                scores=_criterion_scores(data.validated_data["scores"]),
                recommend=data.validated_data["recommend"],
            )
        elif action == "conflicts":
            data = ConflictSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            panels.conflict_declare(
                reviewer=request.user,
                panel_id=panel_id,
                declaration_id=data.validated_data["declaration"],
                reason=data.validated_data["reason"],
            )
        elif action == "submit":
            panels.sheet_submit(reviewer=request.user, panel_id=panel_id)
        else:
            raise NotFound("未知的操作。")
        member = panels.membership_get(reviewer=request.user, panel_id=panel_id)
        return Response({"panel_id": member.panel_id, "submitted": member.submitted_at is not None})


def _criterion_scores(typed: dict[str, str]) -> dict[int, str]:
    """Scores as sent, by criterion id; keys that are no id are left out."""
    return {int(key): value for key, value in typed.items() if ROW_ID.match(key)}


class PublicitySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    declarations = serializers.ListField(child=IdField(), write_only=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    contact = serializers.CharField(required=False, allow_blank=True, default="")


class ObjectionSerializer(serializers.Serializer):
    declaration = serializers.IntegerField()
    received_on = serializers.DateField()
    content = serializers.CharField(allow_blank=True)


class ResolutionSerializer(serializers.Serializer):
    resolution = serializers.CharField(allow_blank=True)


def _period_data(period) -> dict:
    return {
        "id": period.pk,
        "start_date": period.start_date,
        "end_date": period.end_date,
        "declarations": [d.pk for d in period.declarations.all()],
        "objections": [
            {
                "id": o.pk,
                "declaration": o.declaration_id,
                "content": o.content,
                "resolution": o.resolution,
                "resolved": o.resolved_at is not None,
            }
            for o in period.objections.all()
        ],
    }


class PublicityView(APIView):
    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(responses=None)
    def get(self, request):
        return Response(
            [_period_data(p) for p in publicity.publicity_periods_of(user=request.user)]
        )

    @extend_schema(request=PublicitySerializer, responses=None)
    def post(self, request):
        data = PublicitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        period = publicity.publicity_open(
            actor=request.user,
            campaign=_campaign(),
            declaration_ids=values["declarations"],
            start_date=values["start_date"],
            end_date=values["end_date"],
            contact=values["contact"],
        )
        return Response(_period_data(period), status=status.HTTP_201_CREATED)


class ObjectionView(APIView):
    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(request=ObjectionSerializer, responses=None)
    def post(self, request, pk: int):
        data = ObjectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        publicity.objection_record(
            actor=request.user,
            period_id=pk,
            declaration_id=data.validated_data["declaration"],
            received_on=data.validated_data["received_on"],
            content=data.validated_data["content"],
        )
        return Response(
            _period_data(publicity.publicity_get(user=request.user, period_id=pk)),
            status=status.HTTP_201_CREATED,
        )


class ResolutionView(APIView):
    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(request=ResolutionSerializer, responses=None)
    def post(self, request, pk: int):
        data = ResolutionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        objection = publicity.objection_resolve(
            actor=request.user, objection_id=pk, resolution=data.validated_data["resolution"]
        )
        return Response({"id": objection.pk, "resolution": objection.resolution})


class DisciplineSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True)
    asked_on = serializers.DateField()
    has_opinion = serializers.BooleanField()
    text = serializers.CharField(allow_blank=True, default="")


class DisciplineView(APIView):
    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(request=DisciplineSerializer, responses=None)
    def put(self, request, pk: int):
        data = DisciplineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        opinion = discipline.discipline_opinion_record(
            actor=request.user, declaration_id=pk, **data.validated_data
        )
        return Response({"declaration": pk, "opinion": str(opinion), "text": opinion.text})


class ClassifiedSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class ClassifiedView(APIView):
    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(request=ClassifiedSerializer, responses=None)
    def post(self, request, pk: int):
        data = ClassifiedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        mark = publicity.classified_mark(
            actor=request.user, declaration_id=pk, reason=data.validated_data["reason"]
        )
        return Response({"declaration": pk, "reason": mark.reason}, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def delete(self, request, pk: int):
        publicity.classified_revoke(actor=request.user, declaration_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CandidatesView(APIView):
    """人选一览表 of the admin's organisation, in ranking order (JSON; the browser exports XLSX)."""

    permission_classes = PROCEDURE_PERMISSIONS

    @extend_schema(responses=None)
    def get(self, request):
        talent_type = request.query_params.get("talent_type", "")
        rows = exports.candidate_rows(
            user=request.user,
            organisation=request.user.organisation,
            talent_type=talent_type if talent_type in TalentType.values else "",
        )
        return Response(
            [
                dict(zip(exports.CANDIDATE_HEADERS, cells, strict=True))
                for cells in exports.candidate_cells(rows)
            ]
        )
