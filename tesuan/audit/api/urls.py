from django.urls import path

from tesuan.audit.api.views import AuditEntryListView

urlpatterns = [path("audit/", AuditEntryListView.as_view(), name="api-audit")]
