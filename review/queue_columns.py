"""Columns that other apps add to the review queue, pluggable like the page sections: the
selection procedure shows where each waiting candidate's steps stand without the review
importing it.

A source is a function of the organisation and the candidates waiting there on the page shown;
it returns the column's title, the template that renders one cell (as ``cell``) and the cells by
declaration id, or None to add nothing. It must read the page's candidates in a fixed number of
queries: the queue stays as fast at 100 000 declarations as at ten.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from applications.models import Declaration
from tesuan.orgs.models import Organisation


@dataclass(frozen=True)
class QueueColumn:
    title: str
    template: str
    cells: dict[int, Any] = field(default_factory=dict)


QueueColumnSource = Callable[[Organisation, Sequence[Declaration]], QueueColumn | None]

EXTRA_COLUMNS: list[QueueColumnSource] = []


def queue_column(source: QueueColumnSource) -> QueueColumnSource:
    """Register ``source`` (usable as a decorator)."""
    EXTRA_COLUMNS.append(source)
    return source


def queue_columns(
    *, organisation: Organisation, waiting: Sequence[Declaration]
) -> list[QueueColumn]:
    shown = (source(organisation, waiting) for source in EXTRA_COLUMNS)
    return [column for column in shown if column is not None]
