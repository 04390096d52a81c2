from django.urls import path

from tesuan.notices.api.views import NoticeListView, NoticeReadView

urlpatterns = [
    path("notices/", NoticeListView.as_view(), name="api-notices"),
    path("notices/<int:pk>/read/", NoticeReadView.as_view(), name="api-notice-read"),
]
