"""The procedure's column in the review queue: for each candidate waiting at a recommending
level, where 专家评议, 公示 and 纪检 stand."""

from collections.abc import Sequence

from applications.models import Declaration
from review.queue_columns import QueueColumn, queue_column
from selection.checklist import level_checklists
from tesuan.orgs.models import Organisation


@queue_column
def procedure_column(
    organisation: Organisation, waiting: Sequence[Declaration]
) -> QueueColumn | None:
    checklists = level_checklists(organisation=organisation, declarations=waiting)
    if not checklists:
        return None
    return QueueColumn(
        title="本级选拔程序",
        template="selection/procedure/_checklist.html",
        cells=checklists,
    )
