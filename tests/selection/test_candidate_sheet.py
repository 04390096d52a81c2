"""The 人选一览表 file for long lists: the cells the job writes are those of the list page, read
with a number of queries that does not grow with the candidates, the panels or the periods."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Declaration
from quotas.models import Quota
from review.services import review_forward
from selection import discipline, export_jobs, exports, panels, publicity
from selection.models import ExportJob, Panel
from tests.factories import org, procedure_done, publicity_finished, submitted_declaration, user
from tests.review.test_campaign import _panel_round
from tests.selection.test_exports import _campaign_at_changzhi, _proof_pdf
from tesuan.accounts.enums import Role

pytestmark = pytest.mark.django_db


def _second_round(chain) -> dict[str, Declaration]:
    """Two more candidates reach 长治市 and are recommended after a second panel: 戊 with a
    second publicity period, a discipline opinion with its text and no 职务 in the form; 己
    marked 涉密 (not published)."""
    Quota.objects.filter(organisation=org("140400")).update(allocated=10)
    found = {name: submitted_declaration(chain.hospital, name=name) for name in ("戊", "己")}
    for declaration in found.values():
        review_forward(actor=chain.unit, declaration_id=declaration.pk, opinion="同意推荐")
        procedure_done(chain.luzhou, declaration)
        review_forward(actor=chain.luzhou, declaration_id=declaration.pk, opinion="同意推荐")
    publicity.classified_mark(
        actor=chain.changzhi, declaration_id=found["己"].pk, reason="涉密岗位"
    )
    reviewers = [user(Role.REVIEWER, org("140400"), name=f"第二组专家{n}") for n in range(3)]
    _panel_round(chain.changzhi, list(found.values()), reviewers, {"戊": 90, "己": 75})
    today = timezone.localdate()
    publicity_finished(
        chain.changzhi, [found["戊"]], start_date=today - datetime.timedelta(days=10)
    )
    for name, declaration in found.items():
        discipline.discipline_opinion_record(
            actor=chain.changzhi,
            declaration_id=declaration.pk,
            body="长治市纪委监委",
            asked_on=today,
            has_opinion=name == "戊",
            text="曾受诫勉谈话，已期满" if name == "戊" else "",
        )
    basic = dict(found["戊"].basic)
    del basic["position"]
    Declaration.objects.filter(pk=found["戊"].pk).update(basic=basic)
    for declaration in found.values():
        review_forward(actor=chain.changzhi, declaration_id=declaration.pk, opinion="推荐")
    return found


def _sheet(chain) -> tuple[int, list[list], int]:
    """The rows the export job writes for 长治市, and the queries it took to read them."""
    with CaptureQueriesContext(connection) as queries:
        total, cells = exports.candidate_sheet(user=chain.changzhi, organisation=org("140400"))
        rows = list(cells)
    return total, rows, len(queries)


def test_the_file_has_the_cells_of_the_list_in_a_fixed_number_of_queries(chain):
    _campaign_at_changzhi(chain, proof=_proof_pdf())
    total, rows, first_queries = _sheet(chain)
    assert total == len(rows) == 3
    _second_round(chain)
    total, rows, queries = _sheet(chain)
    # Two panels and two publicity periods now, and more candidates: not one query more.
    assert queries == first_queries
    assert total == 5
    page = exports.candidate_rows(user=chain.changzhi, organisation=org("140400"))
    assert rows == list(exports.candidate_cells(page))
    listed = [dict(zip(exports.CANDIDATE_HEADERS, row, strict=True)) for row in rows]
    assert [(row["序号"], row["姓名"], row["专家评议得分"]) for row in listed] == [
        (1, "甲", 95),
        (2, "戊", 90),
        (3, "丙", 88),
        (4, "丁", 80),
        (5, "己", 75),
    ]
    wu, ji = listed[1], listed[4]
    assert wu["职务"] == ""  # no 职务 in the form
    assert wu["公示情况"].startswith("已公示（") and wu["公示情况"].endswith("），无反映")
    assert wu["纪检监察意见"] == "长治市纪委监委：有意见，曾受诫勉谈话，已期满"
    assert ji["公示情况"] == "涉密人员，未公示" and ji["纪检监察意见"] == "长治市纪委监委：无意见"
    assert "收到反映 1 件" in listed[2]["公示情况"]


def test_the_list_page_rows_take_a_fixed_number_of_queries(chain):
    _campaign_at_changzhi(chain, proof=_proof_pdf())

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            exports.candidate_rows(user=chain.changzhi, organisation=org("140400"))
        return len(queries)

    first = page_queries()
    _second_round(chain)
    assert page_queries() == first


def test_panel_means_are_the_panel_results_means(chain):
    changzhi = _campaign_at_changzhi(chain, proof=_proof_pdf())
    results = panels.panel_results(changzhi.panel)
    means = panels.panel_means(panels=Panel.objects.filter(pk=changzhi.panel.pk))
    assert means == {result.declaration.pk: result.mean for result in results}
    assert sorted(means.values()) == [70, 80, 88, 95]


def test_the_list_names_the_levels_above_by_id(chain):
    """The level a candidate waits at is filtered on its id, not through a second join on the
    organisation table, so that PostgreSQL estimates the rows from the column's statistics."""
    query = str(exports.forwarded_by(user=chain.changzhi, organisation=org("140400")).query)
    assert query.count('INNER JOIN "orgs_organisation"') == 1
    assert '"current_organisation_id" IN (' in query


def test_the_progress_of_a_job_is_stored_every_five_percent(chain):
    job = ExportJob.objects.create(
        kind="candidates", organisation=org("140400"), requested_by=chain.changzhi
    )
    report = export_jobs._progress_reporter(job)
    with CaptureQueriesContext(connection) as queries:
        for percent in range(1, 100):
            report(percent)
    job.refresh_from_db()
    assert (len(queries), job.progress) == (19, 95)
