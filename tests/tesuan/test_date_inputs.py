"""Date fields reach the browser's date picker in ISO form, or it shows them empty."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from selection.forms import DisciplineForm, ObjectionForm, PublicityOpenForm
from tests.factories import admin_of, campaign, org
from tesuan.workdays.forms import CalendarDayForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (PublicityOpenForm, "start_date"),
        (PublicityOpenForm, "end_date"),
        (DisciplineForm, "asked_on"),
        (ObjectionForm, "received_on"),
        (CalendarDayForm, "date"),
    ],
)
def test_a_date_field_renders_its_value_as_iso(form_class, field):
    form = form_class(initial={field: datetime.date(2026, 12, 2)})
    html = str(form[field])
    assert 'type="date"' in html and 'value="2026-12-02"' in html


def test_the_publicity_page_offers_today_as_the_start(client):
    campaign()
    client.force_login(admin_of(org("140403")))
    html = client.get(reverse("selection:publicity_list")).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in html
