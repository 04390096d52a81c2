"""Working days on China's real calendar: weekends, public holidays and the working weekends of
调休, from the ``chinesecalendar`` package and the days a system admin added (which win)."""

import datetime

import chinese_calendar

from tesuan.workdays.errors import CalendarUnknown
from tesuan.workdays.models import CalendarDay


def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(datetime.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


class WorkingCalendar:
    """Answers day by day, reading the recorded days of a year once."""

    def __init__(self) -> None:
        self._years: dict[int, dict[datetime.date, bool]] = {}

    def _recorded(self, year: int) -> dict[datetime.date, bool]:
        if year not in self._years:
            self._years[year] = dict(
                CalendarDay.objects.filter(date__year=year).values_list("date", "is_working_day")
            )
        return self._years[year]

    def is_working_day(self, day: datetime.date) -> bool:
        recorded = self._recorded(day.year)
        if day in recorded:
            return recorded[day]
        if _package_knows(day.year):
            return chinese_calendar.is_workday(day)
        if recorded:
            return day.weekday() < 5
        raise CalendarUnknown(day.year)


def is_working_day(*, day: datetime.date) -> bool:
    """Whether ``day`` is a working day; CalendarUnknown for a year nobody told the system."""
    return WorkingCalendar().is_working_day(day)


def working_days_end(*, start: datetime.date, days: int) -> datetime.date:
    """The last day of a period of ``days`` working days from ``start`` (counted as the first
    if it is a working day): 2024-04-29 and 5 gives 2024-05-08 (劳动节 in between)."""
    calendar = WorkingCalendar()
    day, counted = start, 0
    while True:
        if calendar.is_working_day(day):
            counted += 1
            if counted >= days:
                return day
        day += datetime.timedelta(days=1)


def calendar_days(*, year: int) -> list[CalendarDay]:
    return list(CalendarDay.objects.filter(date__year=year).select_related("created_by"))


def package_years() -> range:
    """The years the ``chinesecalendar`` package knows."""
    years = {day.year for day in chinese_calendar.constants.holidays}
    return range(min(years), max(years) + 1)
