"""公示: from today on, at least the campaign's working days on China's calendar, once per
candidate unless an objection reopened it."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from review.forwarding import ForwardAttempt
from selection import publicity
from selection.errors import PublicityRequired
from selection.models import PublicityPeriod
from selection.preconditions import publicity_done
from tests.factories import org, publicity_finished, submitted_declaration, unit
from tesuan.workdays.selectors import working_days_end

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("next_year_known")]


@pytest.fixture
def waiting(chain):
    """Two candidates waiting at 长治市."""
    found = [
        submitted_declaration(chain.hospital, name="甲"),
        submitted_declaration(unit("140426", "黎城县人民医院"), name="乙"),
    ]
    for declaration in found:
        declaration.current_organisation = org("140400")
        declaration.save(update_fields=["current_organisation"])
    return found


def _open(chain, declarations, **dates):
    return publicity.publicity_open(
        actor=chain.changzhi,
        campaign=chain.campaign,
        declaration_ids=[d.pk for d in declarations],
        **dates,
    )


def test_a_backdated_start_is_refused(chain, waiting):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(publicity.PublicityBackdated) as refused:
        _open(chain, waiting, start_date=yesterday, end_date=yesterday)
    assert refused.value.code == "publicity_backdated"
    assert timezone.localdate().isoformat() in refused.value.message
    assert not PublicityPeriod.objects.exists()


def test_an_end_before_the_working_days_are_over_is_refused_naming_the_earliest(chain, waiting):
    today = timezone.localdate()
    earliest = working_days_end(start=today, days=5)
    with pytest.raises(publicity.PublicityTooShort) as refused:
        _open(chain, waiting, start_date=today, end_date=earliest - datetime.timedelta(days=1))
    assert refused.value.code == "publicity_too_short"
    assert f"结束日期最早为 {earliest:%Y-%m-%d}" in refused.value.message
    assert not PublicityPeriod.objects.exists()


def test_the_default_end_is_the_campaigns_number_of_working_days(chain, waiting):
    chain.campaign.publicity_working_days = 7
    chain.campaign.save(update_fields=["publicity_working_days"])
    today = timezone.localdate()

    period = _open(chain, waiting, start_date=today)

    assert period.end_date == working_days_end(start=today, days=7)


def test_a_candidate_publicised_here_is_neither_offered_nor_accepted_again(chain, waiting, client):
    today = timezone.localdate()
    first, second = waiting
    _open(chain, [first], start_date=today)

    # Running: refused, by name; the other candidate alone is fine.
    with pytest.raises(publicity.PublicityDuplicate) as refused:
        _open(chain, waiting, start_date=today)
    assert refused.value.code == "publicity_duplicate"
    assert "甲已在本机构公示" in refused.value.message
    client.force_login(chain.changzhi)
    page = client.get("/review/publicity/").content.decode()
    assert f'value="{second.pk}"' in page and f'value="{first.pk}"' not in page

    # Finished: still refused.
    publicity_finished(chain.changzhi, [second])
    with pytest.raises(publicity.PublicityDuplicate):
        _open(chain, [second], start_date=today)
    assert PublicityPeriod.objects.count() == 2


def test_an_objection_reopens_a_candidate_and_forwarding_waits_for_the_new_period(chain, waiting):
    first, _second = waiting
    earlier = publicity_finished(chain.changzhi, [first])
    objection = publicity.objection_record(
        actor=chain.changzhi,
        period_id=earlier.pk,
        declaration_id=first.pk,
        received_on=earlier.start_date,
        content="反映论文署名问题",
    )
    publicity.objection_resolve(
        actor=chain.changzhi, objection_id=objection.pk, resolution="经核查属实，已更正后重新公示"
    )
    publicity_done(ForwardAttempt(first, org("140400"), chain.changzhi))

    again = _open(chain, [first], start_date=timezone.localdate())

    assert list(again.declarations.all()) == [first]
    with pytest.raises(PublicityRequired):  # the new period is not over yet
        publicity_done(ForwardAttempt(first, org("140400"), chain.changzhi))


def test_the_page_keeps_the_choice_and_names_the_earliest_end_on_refusal(chain, waiting, client):
    today = timezone.localdate()
    first, _second = waiting
    client.force_login(chain.changzhi)
    response = client.post(
        "/review/publicity/",
        {
            "ids": [str(first.pk)],
            "start_date": today.isoformat(),
            "end_date": today.isoformat(),
            "confirmed": "1",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert f"结束日期最早为 {working_days_end(start=today, days=5):%Y-%m-%d}" in text
    assert f'value="{first.pk}" checked' in text
    assert f'name="start_date" value="{today.isoformat()}"' in text
    assert f'name="end_date" value="{today.isoformat()}"' in text
    assert not PublicityPeriod.objects.exists()


def test_the_api_refuses_a_backdated_period_with_its_code(chain, waiting):
    api = APIClient()
    api.force_authenticate(chain.changzhi)
    response = api.post(
        "/api/v1/review/publicity/",
        {"declarations": [waiting[0].pk], "start_date": "2026-11-20"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "publicity_backdated"


def test_a_refused_objection_or_resolution_comes_back_as_typed(chain, waiting, client):
    first, second = waiting
    period = _open(chain, waiting, start_date=timezone.localdate())
    client.force_login(chain.changzhi)
    url = f"/review/publicity/{period.pk}/"
    response = client.post(
        url, {"declaration": str(second.pk), "received_on": "2026-12-02", "content": "  "}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<option value="{second.pk}" selected>乙</option>' in html
    assert 'name="received_on" value="2026-12-02"' in html
    assert 'aria-describedby="err_content"' in html and "请填写反映的内容。" in html

    objection = publicity.objection_record(
        actor=chain.changzhi,
        period_id=period.pk,
        declaration_id=first.pk,
        received_on=period.start_date,
        content="反映论文署名问题",
    )
    response = client.post(
        url, {"action": "resolve", "objection": str(objection.pk), "resolution": " "}
    )
    assert response.status_code == 400
    beside = response.content.decode().split(f'id="err_resolution_{objection.pk}"')[1]
    assert "请填写核查处理结果。" in beside.split("</ul>")[0]
