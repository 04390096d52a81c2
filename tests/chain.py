from types import SimpleNamespace

import pytest

from tests.factories import admin_of, campaign, quota_given, sysadmin, unit

# Room enough that only the tests about quotas meet a limit.
CHAIN_PLACES = 10


@pytest.fixture
def chain(db):
    """The 2024 campaign, an admin at every level from a 潞州区 unit to the province, and quotas
    allocated top-down along it (the province's by a system admin, on the ministry's behalf)."""
    hospital = unit("140403", "潞州区人民医院")
    found = SimpleNamespace(
        campaign=campaign(),
        hospital=hospital,
        unit=admin_of(hospital, name="单位管理员"),
        luzhou=admin_of("140403", name="潞州区管理员"),
        changzhi=admin_of("140400", name="长治市管理员"),
        province_pro=admin_of("140000", name="专技处", talent_type="professional"),
        province_skill=admin_of("140000", name="职建处", talent_type="skilled"),
        sysadmin=sysadmin(name="系统管理员"),
    )
    for code in ("140000", "140400", "140403"):
        for talent_type in ("professional", "skilled"):
            quota_given(found.campaign, code, allocated=CHAIN_PLACES, talent_type=talent_type)
    return found
