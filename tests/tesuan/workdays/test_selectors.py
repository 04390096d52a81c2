"""Working days on China's real calendar: holidays, 调休 working weekends, recorded days."""

import datetime

import chinese_calendar
import pytest

from tests.factories import sysadmin
from tesuan.workdays.errors import CalendarUnknown
from tesuan.workdays.models import CalendarDay
from tesuan.workdays.selectors import is_working_day, working_days_end

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2024, 4, 29), D(2024, 5, 8)),  # 劳动节 1–5 May
        (D(2024, 4, 1), D(2024, 4, 8)),  # 清明 4–6 April, Sunday 7 April a working day
        (D(2024, 9, 30), D(2024, 10, 11)),  # 国庆 1–7 October
        (D(2025, 1, 27), D(2025, 2, 8)),  # 春节 28 January – 4 February, Saturday 8 February works
        (D(2025, 9, 28), D(2025, 10, 10)),  # Sunday 28 September works; 国庆中秋 1–8 October
        (D(2024, 3, 13), D(2024, 3, 19)),  # an ordinary week
        (D(2024, 3, 16), D(2024, 3, 22)),  # from a Saturday: Monday is the first day
    ],
)
def test_five_working_days_end_on_the_real_calendar(start, end):
    assert working_days_end(start=start, days=5) == end


def test_every_day_of_2025_agrees_with_chinesecalendar():
    day = D(2025, 1, 1)
    while day.year == 2025:
        assert is_working_day(day=day) == chinese_calendar.is_workday(day), day
        day += datetime.timedelta(days=1)
    assert is_working_day(day=D(2025, 9, 28)) is True  # 调休: a Sunday at work
    assert is_working_day(day=D(2025, 10, 1)) is False  # 国庆节


def test_a_year_nobody_knows_is_refused_until_a_day_of_it_is_recorded():
    with pytest.raises(CalendarUnknown) as refused:
        working_days_end(start=D(2099, 3, 2), days=5)
    assert refused.value.code == "calendar_unknown"
    assert "2099年" in refused.value.message and "系统管理员" in refused.value.message

    CalendarDay.objects.create(
        date=D(2099, 1, 1), is_working_day=False, name="2099年元旦", created_by=sysadmin()
    )

    # Known now: the recorded days, and Monday to Friday for the others.
    assert working_days_end(start=D(2099, 3, 2), days=5) == D(2099, 3, 6)
    assert is_working_day(day=D(2099, 1, 1)) is False


def test_a_period_running_into_an_unknown_year_is_refused():
    CalendarDay.objects.create(
        date=D(2099, 1, 1), is_working_day=False, name="2099年元旦", created_by=sysadmin()
    )
    with pytest.raises(CalendarUnknown) as refused:
        working_days_end(start=D(2099, 12, 29), days=5)
    assert "2100年" in refused.value.message


def test_recorded_days_override_the_package():
    admin = sysadmin()
    # As if the arrangement had changed: 8 May 2024 off, Saturday 4 May at work.
    CalendarDay.objects.create(
        date=D(2024, 5, 8), is_working_day=False, name="调整放假", created_by=admin
    )
    CalendarDay.objects.create(
        date=D(2024, 5, 4), is_working_day=True, name="调整上班", created_by=admin
    )

    assert is_working_day(day=D(2024, 5, 4)) is True
    assert is_working_day(day=D(2024, 5, 8)) is False
    # 29, 30 April, 4 May, 6, 7 May.
    assert working_days_end(start=D(2024, 4, 29), days=5) == D(2024, 5, 7)
