"""The selection procedure's tables moved from the review app (review 0004, selection 0001–0002)
without losing a row: a finished campaign is migrated back to before the move and forward again."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from review.services import review_forward
from selection import export_jobs, publicity
from selection.models import (
    ClassifiedMark,
    Criterion,
    DisciplineOpinion,
    ExportJob,
    Panel,
    PanelCandidate,
    PanelMember,
    PublicityPeriod,
    Score,
    Vote,
)
from tests.factories import procedure_done, submitted_declaration
from tesuan.orgs.loader import shanxi_load

MOVED = (
    Panel,
    Criterion,
    PanelMember,
    PanelCandidate,
    Score,
    Vote,
    PublicityPeriod,
    DisciplineOpinion,
    ClassifiedMark,
    ExportJob,
)
BEFORE_THE_MOVE = [("review", "0003_review_override"), ("selection", None)]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _table_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


@pytest.fixture
def shanxi(transactional_db) -> None:
    """An earlier transactional test may have flushed the tree the migrations loaded."""
    shanxi_load()


@pytest.mark.django_db(transaction=True)
def test_a_finished_campaign_survives_the_move_back_and_forth(shanxi, chain):
    forwarded = submitted_declaration(chain.hospital, name="甲")
    review_forward(actor=chain.unit, declaration_id=forwarded.pk, opinion="同意推荐")
    procedure_done(chain.luzhou, forwarded, reviewers=2)
    review_forward(actor=chain.luzhou, declaration_id=forwarded.pk, opinion="同意推荐")
    classified = submitted_declaration(chain.hospital, name="乙")
    review_forward(actor=chain.unit, declaration_id=classified.pk, opinion="同意推荐")
    publicity.classified_mark(actor=chain.luzhou, declaration_id=classified.pk, reason="涉密岗位")
    export_jobs.export_request(actor=chain.changzhi, kind="candidates")
    counts = {model: model.objects.count() for model in MOVED}
    assert all(counts.values()), counts
    panel_type = ContentType.objects.get_for_model(Panel)
    ContentType.objects.clear_cache()

    try:
        _migrate(BEFORE_THE_MOVE)
        tables = set(connection.introspection.table_names())
        assert "selection_panel" not in tables
        for model in MOVED:
            old_table = "review_" + model._meta.model_name
            assert _table_rows(old_table) == counts[model], old_table
        assert _table_rows("review_publicityperiod_declarations") == 1
        assert ContentType.objects.get(pk=panel_type.pk).app_label == "review"
    finally:
        _migrate(_latest())
        ContentType.objects.clear_cache()

    assert {model: model.objects.count() for model in MOVED} == counts
    assert "review_panel" not in connection.introspection.table_names()
    assert ContentType.objects.get_for_model(Panel).pk == panel_type.pk
    panel = Panel.objects.get(organisation=chain.luzhou.organisation)
    assert list(panel.candidates.values_list("declaration_id", flat=True)) == [forwarded.pk]
    assert PublicityPeriod.objects.get().declarations.get() == forwarded
    assert forwarded.publicity_periods.count() == 1
