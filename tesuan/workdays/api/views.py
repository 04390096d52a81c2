"""REST: the working-day calendar, through the same selectors and services as the page."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from tesuan.exceptions import NotPermitted
from tesuan.workdays import selectors, services
from tesuan.workdays.permissions import can_manage_calendar


class CalendarDaySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    date = serializers.DateField()
    is_working_day = serializers.BooleanField(help_text="true：工作日（调休上班）；false：休息日")
    name = serializers.CharField(help_text="例如“2027年春节”")


class CalendarDaysView(APIView):
    """工作日历 of a year (``?year=``, default this year): list, add a day (system admin only)."""

    def _check(self, request) -> None:
        if not can_manage_calendar(request.user):
            raise NotPermitted("只有系统管理员可以维护工作日历。")

    @extend_schema(
        parameters=[OpenApiParameter("year", OpenApiTypes.INT)],
        responses=CalendarDaySerializer(many=True),
    )
    def get(self, request):
        self._check(request)
        raw = request.query_params.get("year", "")
        year = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else None
        days = selectors.calendar_days(year=year or timezone.localdate().year)
        return Response(CalendarDaySerializer(days, many=True).data)

    @extend_schema(request=CalendarDaySerializer, responses=CalendarDaySerializer)
    def post(self, request):
        self._check(request)
        data = CalendarDaySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        day = services.calendar_day_add(actor=request.user, **data.validated_data)
        return Response(CalendarDaySerializer(day).data, status=status.HTTP_201_CREATED)


class CalendarDayView(APIView):
    @extend_schema(responses=None)
    def delete(self, request, pk: int):
        services.calendar_day_remove(actor=request.user, day_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
