from django.urls import path

from tesuan.workdays import views

app_name = "workdays"

urlpatterns = [
    path("manage/workdays/", views.day_list, name="day_list"),
    path("manage/workdays/<int:day_id>/remove/", views.day_remove, name="day_remove"),
]
