from rest_framework import serializers

from tesuan.audit.models import AuditEntry


class AuditEntrySerializer(serializers.ModelSerializer):
    event_label = serializers.CharField(source="get_event_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "actor_id",
            "actor_username",
            "actor_name",
            "ip",
            "event",
            "event_label",
            "outcome",
            "outcome_label",
            "target_type",
            "target_id",
            "target_label",
            "org_path",
            "reason",
            "details",
        ]
        read_only_fields = fields
