from django.urls import path

from tesuan.orgs import views

app_name = "orgs"

urlpatterns = [
    path("manage/organisations/", views.organisation_list, name="organisation_list"),
]
