"""Serializer building blocks shared by the apps' APIs."""

import copy

from rest_framework import serializers


class BuiltOnceModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer that inspects its model once per class, not once per instance.

    DRF rebuilds a ModelSerializer's fields from the model (field kwargs, labels, validators) every
    time one is created: for a wide model that costs more than writing out the answer. The fields
    depend only on the class and its Meta, so the first build is kept and copied, as DRF copies
    declared fields.
    """

    def get_fields(self):
        cls = type(self)
        if "_built_fields" not in cls.__dict__:
            cls._built_fields = super().get_fields()
        return copy.deepcopy(cls._built_fields)


class IdField(serializers.IntegerField):
    """A row id: a number beyond 64 bits names no row, and SQLite refuses to bind it in a query."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=2**63 - 1, **kwargs)
