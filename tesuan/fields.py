"""Model fields that keep personal data encrypted at rest (``tesuan.crypto``).

The model instance holds plain values; only what reaches the database is sealed. The rest of a
JSON document stays plain so lists and exports can still read its other keys in SQL.
"""

from collections.abc import Callable
from typing import Any

from django.db import models

from tesuan.crypto import seal, unseal


def _map_path(document: Any, path: tuple[str, ...], change: Callable[[str], str]) -> Any:
    """A copy of ``document`` with the string at ``path`` changed; the original is left alone."""
    if not path or not isinstance(document, dict) or path[0] not in document:
        return document
    head, rest = path[0], path[1:]
    value = document[head]
    if rest:
        changed = _map_path(value, rest, change)
    elif isinstance(value, str):
        changed = change(value)
    else:
        return document
    return document if changed is value else {**document, head: changed}


class SealedJSONField(models.JSONField):
    """A JSON document whose strings at ``sealed_paths`` (tuples of keys) are stored sealed."""

    def __init__(self, *args: Any, sealed_paths: tuple[tuple[str, ...], ...] = (), **kwargs: Any):
        self.sealed_paths = tuple(tuple(path) for path in sealed_paths)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["sealed_paths"] = self.sealed_paths
        return name, path, args, kwargs

    def _apply(self, document: Any, change: Callable[[str], str]) -> Any:
        for sealed_path in self.sealed_paths:
            document = _map_path(document, sealed_path, change)
        return document

    def from_db_value(self, value, expression, connection):
        document = super().from_db_value(value, expression, connection)
        return self._apply(document, unseal)

    def get_prep_value(self, value):
        return super().get_prep_value(self._apply(value, seal))


class SealedTextField(models.TextField):
    """A text stored sealed: a text column, as the ciphertext is far longer than the value."""

    def from_db_value(self, value, expression, connection):
        return unseal(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return seal(value) if value else value
