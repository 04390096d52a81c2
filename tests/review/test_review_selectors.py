"""The review queue's reads: what each state lists, and that a list never loads the sections."""

import pytest

from applications.models import Declaration
from review.selectors import review_queue
from review.services import review_forward, review_not_recommend
from tests.factories import procedure_done, submitted_declaration, unit
from tesuan.accounts.services import user_update

pytestmark = pytest.mark.django_db


def _names(queryset) -> list[str]:
    return sorted(d.applicant.name for d in queryset)


def test_each_state_lists_what_reached_the_level(chain):
    waiting = submitted_declaration(chain.hospital, name="待审")
    forwarded = submitted_declaration(chain.hospital, name="已报")
    stopped = submitted_declaration(chain.hospital, name="不推")
    below = submitted_declaration(chain.hospital, name="在单位")
    other_county = submitted_declaration(unit("140105", "小店区医院"), name="外区")
    for declaration in (waiting, forwarded, stopped):
        review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意")
    review_not_recommend(actor=chain.luzhou, declaration_id=stopped.pk, reason="名额有限")
    procedure_done(chain.luzhou, forwarded)
    review_forward(actor=chain.luzhou, declaration_id=forwarded.pk, opinion="同意")

    def queue(state: str, **criteria) -> list[str]:
        return _names(
            review_queue(
                user=chain.luzhou, organisation=chain.luzhou.organisation, state=state, **criteria
            )
        )

    assert queue("pending") == ["待审"]
    assert queue("forwarded") == ["已报"]
    assert queue("not_recommended") == ["不推"]
    assert queue("all") == ["不推", "已报", "待审"]
    assert queue("all", child=chain.hospital) == ["不推", "已报", "待审"]
    assert queue("all", search="已") == ["已报"]
    assert below.applicant.name not in queue("all")
    assert other_county.applicant.name not in queue("all")


def test_a_queue_row_carries_no_section_content(chain):
    declaration = submitted_declaration(chain.hospital, name="专家")
    review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意")
    (row,) = review_queue(user=chain.luzhou, organisation=chain.luzhou.organisation, state="all")
    assert {"basic", "work_history", "achievements", "publications"} <= row.get_deferred_fields()
    assert row.applicant.name == "专家" and row.organisation.name == chain.hospital.name


def test_search_finds_the_corrected_name_and_units_only_under_the_level(chain):
    declaration = submitted_declaration(chain.hospital, name="张冠")
    submitted_declaration(unit("140105", "小店区张家医院"), name="李戴")
    review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意")
    user_update(actor=chain.luzhou, user_id=declaration.applicant_id, name="张冠李", is_active=True)

    def found(search: str) -> list[str]:
        queue = review_queue(
            user=chain.luzhou, organisation=chain.luzhou.organisation, state="all", search=search
        )
        return _names(queue)

    assert found("冠李") == ["张冠李"]
    assert found("人民医院") == ["张冠李"]
    assert found("张家医院") == []
    assert Declaration.objects.get(pk=declaration.pk).applicant_name == "张冠李"
