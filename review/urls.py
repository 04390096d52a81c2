from django.urls import path

from review import views

app_name = "review"

urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/bulk/", views.bulk, name="bulk"),
    path("review/<int:declaration_id>/", views.declaration, name="declaration"),
    path("review/<int:declaration_id>/<str:decision>/", views.decide, name="decide"),
]
