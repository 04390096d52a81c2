"""Date fields reach the browser's date picker in ISO form, or it shows them empty."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.checks import parse_date
from selection.forms import DisciplineForm, ObjectionForm, PublicityOpenForm
from tests.factories import admin_of, campaign, org, publicity_finished, submitted_declaration
from tesuan.audit.forms import AuditFilterForm
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
        (AuditFilterForm, "date_from"),
        (AuditFilterForm, "date_to"),
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


DATE_INPUT = re.compile(r'<input[^>]*type="date"[^>]*>')
VALUE = re.compile(r'value="([^"]*)"')


def _date_values(html: str) -> list[str]:
    """The value of every date input of the page ("" where it has none)."""
    found = []
    for tag in DATE_INPUT.findall(html):
        value = VALUE.search(tag)
        found.append(value[1] if value else "")
    return found


def test_every_date_input_of_the_pages_that_have_them_holds_an_iso_value(client, chain):
    declaration = submitted_declaration(chain.hospital, name="张明华")
    declaration.current_organisation = org("140400")
    declaration.save(update_fields=["current_organisation"])
    period = publicity_finished(chain.changzhi, [declaration])
    pages = {
        chain.changzhi: [
            reverse("quotas:dashboard"),
            reverse("selection:publicity_list"),
            reverse("selection:publicity", args=[period.pk]),
            reverse("review:declaration", args=[declaration.pk]),
        ],
        chain.sysadmin: [
            reverse("quotas:campaigns"),
            reverse("workdays:day_list"),
            reverse("audit:entry_list") + "?date_from=2026-12-02&date_to=2026-12-03",
        ],
    }
    filled = 0
    for admin, urls in pages.items():
        client.force_login(admin)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            values = _date_values(response.content.decode())
            assert values, url
            for value in values:
                assert value == "" or ISO.fullmatch(value), (url, value)
            filled += sum(1 for value in values if value)
    assert filled >= 5  # today's dates, the retirement cut-off and the audit filter at least


ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@pytest.mark.parametrize("typed", ["20261202", "2026-W49-3", "2026/12/02"])
def test_a_declaration_date_only_counts_in_the_pickers_form(typed):
    assert parse_date(typed) is None
    assert parse_date("2026-12-02") == datetime.date(2026, 12, 2)
