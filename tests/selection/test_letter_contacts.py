"""Which published contacts the 推荐正式函 prints."""

import pytest

from selection.recommendation_letter import _contacts
from tests.factories import org
from tesuan.enums import TalentType

pytestmark = pytest.mark.django_db


def test_the_provinces_letter_prints_its_offices_never_the_policy_contact():
    province = org("140000")
    both = [contact.person for _label, contact in _contacts(province, "")]
    assert both == ["武霞、郑晓星", "陈杰、蔚敏"]
    professional = [
        contact.person for _label, contact in _contacts(province, TalentType.PROFESSIONAL)
    ]
    assert professional == ["武霞、郑晓星"]
