from django.urls import path

from tesuan.notices import views

app_name = "notices"

urlpatterns = [
    path("notices/", views.notice_list, name="notice_list"),
    path("notices/read-all/", views.notice_read_all, name="notice_read_all"),
    path("notices/<int:notice_id>/open/", views.notice_open, name="notice_open"),
]
