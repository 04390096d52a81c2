"""Reading many rows without holding them all: a server-side cursor, inside a transaction.

On PostgreSQL, ``QuerySet.iterator()`` reads through a server-side cursor. Outside a transaction
Django declares it ``WITH HOLD``, which a pooler in transaction mode (PgBouncer) breaks: the next
fetch may reach another server connection, where the cursor does not exist. Inside ``atomic()``
the cursor lives and dies with the transaction, on one server connection, so exports stream the
same whether the nodes reach PostgreSQL directly, through Django's pool or through PgBouncer
(Django's documentation, "Transaction pooling and server-side cursors"). Every iteration over an
unbounded query goes through :func:`streamed`; tests/test_codebase.py holds the line.
"""

from collections.abc import Iterator
from typing import TypeVar

from django.db import transaction
from django.db.models import QuerySet

Row = TypeVar("Row")


def streamed(queryset: QuerySet[Row], *, chunk_size: int) -> Iterator[Row]:
    with transaction.atomic(using=queryset.db):
        yield from queryset.iterator(chunk_size=chunk_size)
