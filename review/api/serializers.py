from rest_framework import serializers

from applications.api.serializers import DeclarationSummarySerializer, NamedSerializer
from review.selectors import QUEUE_ORDERINGS, QUEUE_STATES
from review.services import DECISION_LABELS
from tesuan.enums import TalentType
from tesuan.serializers import IdField


class QueueItemSerializer(DeclarationSummarySerializer):
    organisation = NamedSerializer(read_only=True)
    current_organisation = NamedSerializer(read_only=True)

    class Meta(DeclarationSummarySerializer.Meta):
        fields = [*DeclarationSummarySerializer.Meta.fields, "organisation", "current_organisation"]
        read_only_fields = fields


class QueueQuerySerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=list(QUEUE_STATES), default="pending")
    talent_type = serializers.ChoiceField(choices=TalentType.choices, required=False)
    child = serializers.IntegerField(required=False, help_text="下级机构 id")
    q = serializers.CharField(required=False, allow_blank=True)
    ordering = serializers.ChoiceField(choices=list(QUEUE_ORDERINGS), default="-submitted_at")


class DecisionSerializer(serializers.Serializer):
    text = serializers.CharField(
        allow_blank=True, help_text="审核意见（上报时）或原因（退回、不予推荐时）"
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="上报时：本级专家评议未通过的人选仍上报的理由（记录在案并写入推荐正式函）",
    )


class BulkSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=list(DECISION_LABELS))
    ids = serializers.ListField(child=IdField(), allow_empty=False)
    text = serializers.CharField(allow_blank=True)
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="上报时：本级专家评议未通过的人选仍上报的理由（记录在案并写入推荐正式函）",
    )


class BulkResultSerializer(serializers.Serializer):
    declaration_id = serializers.IntegerField()
    name = serializers.CharField()
    ok = serializers.BooleanField()
    message = serializers.CharField()


class TrailSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField(source="actor.name")
    action = serializers.CharField()
    action_display = serializers.CharField(source="get_action_display")
    level = serializers.CharField(source="organisation.name", default="")
    to = serializers.CharField(source="to_organisation.name", default="")
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    reason = serializers.CharField()
