from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from tesuan.accounts.authority import Area, may_enter
from tesuan.audit.api.serializers import AuditEntrySerializer
from tesuan.audit.enums import AuditEvent, AuditOutcome
from tesuan.audit.forms import AuditFilterForm
from tesuan.audit.selectors import audit_entries_filter, audit_entries_visible_to
from tesuan.exceptions import InvalidInput, NotFound

FILTER_PARAMETERS = [
    OpenApiParameter("event", OpenApiTypes.STR, enum=AuditEvent.values, description="事件"),
    OpenApiParameter("outcome", OpenApiTypes.STR, enum=AuditOutcome.values, description="结果"),
    OpenApiParameter("actor", OpenApiTypes.STR, description="操作人用户名"),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="从（含）"),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="至（含）"),
    OpenApiParameter("target_id", OpenApiTypes.STR, description="对象编号"),
]


class AuditEntryListView(generics.ListAPIView):
    """审计日志: the same entries and filters as the page, newest first. Read-only."""

    serializer_class = AuditEntrySerializer

    @extend_schema(parameters=FILTER_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not may_enter(self.request.user, Area.AUDIT):
            raise NotFound()
        form = AuditFilterForm(self.request.query_params)
        if not form.is_valid():
            raise InvalidInput({field: list(errors) for field, errors in form.errors.items()})
        return audit_entries_filter(
            audit_entries_visible_to(user=self.request.user), **form.cleaned_data
        )
