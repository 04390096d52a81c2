"""Two saves of the same draft at the same moment: exactly one is written (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from applications import services
from applications.errors import VersionConflict
from applications.models import Declaration
from tests.factories import campaign, unit, user
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks need a server database; CI runs this on PostgreSQL",
)


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_one_version_write_once():
    from tesuan.orgs.loader import shanxi_load

    shanxi_load()
    campaign()
    applicant = user(Role.APPLICANT, unit("140403"))
    declaration = services.declaration_create(actor=applicant, talent_type="professional")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(text: str) -> None:
        barrier.wait()
        try:
            services.declaration_save_draft(
                actor=applicant,
                declaration_id=declaration.pk,
                version=1,
                changes={"achievements": text},
            )
            outcomes.append("saved:" + text)
        except VersionConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(text,)) for text in ("窗口一", "窗口二")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcome.split(":")[0] for outcome in outcomes) == ["conflict", "saved"]
    stored = Declaration.objects.get(pk=declaration.pk)
    assert stored.version == 2
    assert "saved:" + stored.achievements in outcomes
