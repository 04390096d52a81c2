"""The contacts at the foot of every page come from the cache, and follow every write to a
contact or an organisation at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import org, unit, user
from tesuan.accounts.enums import Role
from tesuan.orgs.models import Contact
from tesuan.orgs.selectors import contacts_for, contacts_of_line

pytestmark = pytest.mark.django_db


def people(organisation) -> list[str]:
    return [contact.person for contact in contacts_of_line(organisation=organisation)]


def test_the_line_of_contacts_is_read_once_then_served_from_the_cache():
    hospital = unit("140403")
    with CaptureQueriesContext(connection) as first:
        found = people(hospital)
    with CaptureQueriesContext(connection) as again:
        assert people(hospital) == found
    assert len(first) == 1 and len(again) == 0
    assert found == [contact.person for contact in contacts_for(organisation=hospital)]


def test_a_contact_changed_added_or_removed_shows_on_the_next_page():
    hospital = unit("140403")
    people(hospital)
    contact = Contact.objects.get(organisation=org("140400"), person="曹超")
    contact.person = "李新"
    contact.save()
    assert "李新" in people(hospital) and "曹超" not in people(hospital)
    added = Contact.objects.create(
        organisation=org("140403"), contact_unit="潞州区人社局", person="王敏", phone="0355-1"
    )
    assert people(hospital)[0] == "王敏"  # nearest first
    added.delete()
    assert "王敏" not in people(hospital)


def test_an_organisation_renamed_shows_on_the_next_page():
    hospital = unit("140403")
    assert people(hospital)
    city = org("140400")
    city.name = "长治市人力资源和社会保障局（新）"
    city.save()
    names = {c.organisation.name for c in contacts_of_line(organisation=hospital)}
    assert "长治市人力资源和社会保障局（新）" in names


def test_every_page_shows_the_changed_contact(client):
    client.force_login(user(Role.APPLICANT, unit("140403")))
    assert "曹超" in client.get("/accounts/me/").content.decode()
    Contact.objects.filter(person="曹超").get().delete()
    assert "曹超" not in client.get("/accounts/me/").content.decode()


def test_a_line_cached_again_before_the_change_commits_is_stale_after_it(
    django_capture_on_commit_callbacks,
):
    hospital = unit("140403")
    with django_capture_on_commit_callbacks(execute=True):
        Contact.objects.filter(person="曹超").update(person="李新")  # not yet seen by the cache
        Contact.objects.get(person="李新").save()
        assert "李新" in people(hospital)
        Contact.objects.filter(person="李新").update(person="赵强")
        assert "李新" in people(hospital)  # cached in between, as a concurrent page would
    assert "赵强" in people(hospital)
