from django.urls import path

from review.api import views

urlpatterns = [
    path("review/queue/", views.QueueView.as_view(), name="api-review-queue"),
    path("review/bulk/", views.BulkView.as_view(), name="api-review-bulk"),
    path("review/declarations/<int:pk>/trail/", views.TrailView.as_view(), name="api-review-trail"),
    path(
        "review/declarations/<int:pk>/<str:decision>/",
        views.DecisionView.as_view(),
        name="api-review-decision",
    ),
]
