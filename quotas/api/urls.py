from django.urls import path

from quotas.api import views

urlpatterns = [
    path("quotas/", views.DashboardView.as_view(), name="api-quota-dashboard"),
    path("quotas/allocation/", views.AllocationView.as_view(), name="api-quota-allocation"),
    path("quotas/proposals/", views.ProposalsView.as_view(), name="api-quota-proposals"),
    path("quotas/deadline/", views.DeadlineView.as_view(), name="api-quota-deadline"),
    path("quotas/deadline/extension/", views.ExtensionView.as_view(), name="api-quota-extension"),
]
