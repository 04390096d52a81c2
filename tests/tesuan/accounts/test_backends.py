"""The signed-in user comes with their organisation: one query for both on every request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tesuan.accounts.backends import OrganisationModelBackend

pytestmark = pytest.mark.django_db


def test_the_signed_in_user_is_loaded_with_the_organisation_in_one_query():
    admin = factories.admin_of("140403")
    with CaptureQueriesContext(connection) as queries:
        loaded = OrganisationModelBackend().get_user(admin.pk)
        assert loaded.organisation.division_code == "140403"
    assert len(queries) == 1


def test_an_inactive_or_unknown_user_is_not_signed_in():
    admin = factories.admin_of("140403")
    admin.is_active = False
    admin.save(update_fields=["is_active"])
    assert OrganisationModelBackend().get_user(admin.pk) is None
    assert OrganisationModelBackend().get_user(admin.pk + 1000) is None
