from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from tesuan.notices.api.serializers import NoticeSerializer
from tesuan.notices.selectors import notices_of
from tesuan.notices.services import notice_mark_read


class NoticeListView(generics.ListAPIView):
    """站内通知: the caller's own notices, newest first."""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        return notices_of(user=self.request.user)


class NoticeReadView(APIView):
    """Mark one of the caller's own notices read; 404 for anyone else's."""

    @extend_schema(request=None, responses=NoticeSerializer)
    def post(self, request, pk: int):
        notice = notice_mark_read(user=request.user, notice_id=pk)
        return Response(NoticeSerializer(notice).data)
