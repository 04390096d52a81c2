"""The columns a COPY fills, built from the model: the ones the generator writes itself, then
every other column the model defines that the database would not fill on its own, with the
field's default. A NOT NULL column without a default cannot be guessed: it stops the generator
with a message that names it, instead of a ``null value in column`` halfway through the load."""

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import NOT_PROVIDED, Field, Model

from bench.content import copy_text


class UnfilledColumn(RuntimeError):
    """A column the model requires that the generator neither writes nor can default."""


@dataclass(frozen=True)
class Columns:
    """``written`` (in the order the generator writes them) followed by ``defaults``' columns."""

    table: str
    written: tuple[str, ...]
    defaults: tuple[tuple[str, Any], ...]  # (column, value ready for the database)

    @property
    def names(self) -> tuple[str, ...]:
        return self.written + tuple(column for column, _ in self.defaults)

    @property
    def values(self) -> tuple[Any, ...]:
        """The default columns' values, to append to each row the generator writes."""
        return tuple(value for _, value in self.defaults)

    @property
    def tail(self) -> bytes:
        """The default columns as COPY text, tab-separated, to append to each line (before its
        newline); empty when the generator writes every column."""
        return b"".join(b"\t" + copy_value(value) for value in self.values)


def _fills_itself(field: Field) -> bool:
    """The database fills the column when COPY leaves it out: NULL, a database default, or an
    identity primary key."""
    return (
        field.null
        or field.db_default is not NOT_PROVIDED
        or (field.primary_key and field.get_internal_type() in ("AutoField", "BigAutoField"))
    )


def model_columns(model: type[Model], written: Sequence[str]) -> Columns:
    """The columns of ``model``'s table for a COPY whose rows give ``written``: every other
    NOT NULL column is filled from its field's default (evaluated once: the same value for
    every row), and one without a default raises ``UnfilledColumn``."""
    fields = {field.column: field for field in model._meta.concrete_fields}
    table = model._meta.db_table
    unknown = [column for column in written if column not in fields]
    if unknown:
        raise UnfilledColumn(
            f"{table}: the generator writes {', '.join(unknown)}, which the model "
            f"{model.__name__} no longer has; update bench/generate.py"
        )
    defaults = []
    for column, field in fields.items():
        if column in written or _fills_itself(field):
            continue
        if not field.has_default():
            raise UnfilledColumn(
                f"{table}.{column} is NOT NULL and {model.__name__}.{field.name} has no default: "
                f"the benchmark generator (bench/generate.py) must write it, or the field needs "
                f"a default"
            )
        defaults.append((column, _database_value(field, field.get_default())))
    return Columns(table=table, written=tuple(written), defaults=tuple(defaults))


def _database_value(field: Field, value: Any) -> Any:
    """What COPY stores for ``value``: JSON as its text, everything else as the field prepares
    it (an enum's value, an aware datetime)."""
    if field.get_internal_type() == "JSONField":
        return json.dumps(value, ensure_ascii=False)
    return field.get_prep_value(value)


def copy_value(value: Any) -> bytes:
    """One value in COPY's text format."""
    if value is None:
        return b"\\N"
    if isinstance(value, bool):
        return b"t" if value else b"f"
    if isinstance(value, int | float | Decimal | datetime.date | datetime.time):
        return str(value).encode()
    return copy_text(str(value).encode())
