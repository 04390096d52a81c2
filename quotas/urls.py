from django.urls import path

from quotas import views

app_name = "quotas"

urlpatterns = [
    path("quotas/", views.dashboard, name="dashboard"),
    path("quotas/allocate/", views.allocate, name="allocate"),
    path("quotas/proposals/confirm/", views.confirm_proposals, name="confirm_proposals"),
    path("quotas/deadline/", views.deadline, name="deadline"),
    path("quotas/campaigns/", views.campaigns, name="campaigns"),
]
