from django.urls import path

from tesuan.workdays.api import views

urlpatterns = [
    path("calendar/days/", views.CalendarDaysView.as_view(), name="api-calendar-days"),
    path("calendar/days/<int:pk>/", views.CalendarDayView.as_view(), name="api-calendar-day"),
]
