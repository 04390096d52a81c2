from types import SimpleNamespace

import pytest

from tests.factories import admin_of, campaign, unit


@pytest.fixture
def chain(db):
    """The 2024 campaign and an admin at every level from a 潞州区 unit to the province."""
    hospital = unit("140403", "潞州区人民医院")
    return SimpleNamespace(
        campaign=campaign(),
        hospital=hospital,
        unit=admin_of(hospital, name="单位管理员"),
        luzhou=admin_of("140403", name="潞州区管理员"),
        changzhi=admin_of("140400", name="长治市管理员"),
        province_pro=admin_of("140000", name="专技处", talent_type="professional"),
        province_skill=admin_of("140000", name="职建处", talent_type="skilled"),
    )
