"""The generator's COPY column lists come from the models: a column the model requires is
written by the generator, filled from its field's default, or refused by name before any load."""

import datetime
import json

import pytest

from applications.models import Declaration
from bench.columns import UnfilledColumn, copy_value, model_columns
from bench.generate import DECLARATION_COLUMNS, USER_COLUMNS
from tesuan.accounts.models import User


def test_a_required_column_the_generator_omits_is_filled_from_its_default():
    written = tuple(column for column in USER_COLUMNS if column != "password_changed_at")
    columns = model_columns(User, written)
    assert columns.names[: len(written)] == written
    assert "password_changed_at" in columns.names
    (value,) = (value for column, value in columns.defaults if column == "password_changed_at")
    assert isinstance(value, datetime.datetime) and value.tzinfo is not None
    assert columns.tail.count(b"\t") == len(columns.defaults)


def test_a_required_column_without_a_default_stops_the_generator_by_name():
    written = tuple(column for column in USER_COLUMNS if column != "username")
    with pytest.raises(UnfilledColumn, match=r"accounts_user\.username is NOT NULL"):
        model_columns(User, written)


def test_a_column_the_model_no_longer_has_stops_the_generator():
    with pytest.raises(UnfilledColumn, match="no longer has"):
        model_columns(Declaration, (*DECLARATION_COLUMNS, "withdrawn_reason"))


def test_nullable_and_identity_columns_are_left_to_the_database():
    columns = model_columns(Declaration, DECLARATION_COLUMNS)
    assert columns.defaults == ()
    assert columns.names == DECLARATION_COLUMNS
    written = tuple(column for column in DECLARATION_COLUMNS if column != "submitted_at")
    assert Declaration._meta.get_field("submitted_at").null
    assert model_columns(Declaration, written).names == written


def test_copy_value_writes_copy_text():
    assert copy_value(None) == b"\\N"
    assert copy_value(True) == b"t"
    assert copy_value(0) == b"0"
    assert copy_value(datetime.date(2024, 3, 1)) == b"2024-03-01"
    assert copy_value(json.dumps({"说明": "一\t二"}, ensure_ascii=False)) == (
        '{"说明": "一\\\\t二"}'.encode()
    )
