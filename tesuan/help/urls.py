from django.urls import path

from tesuan.help import views

app_name = "help"

urlpatterns = [
    path("help/", views.help_index, name="index"),
    path("help/images/<str:name>", views.help_image, name="image"),
    path("help/<slug:chapter>.md", views.help_chapter, name="chapter"),
]
