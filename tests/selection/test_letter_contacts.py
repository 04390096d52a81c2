"""Which published contacts and talent types the 推荐正式函 prints."""

from types import SimpleNamespace

import pytest

from selection.recommendation_letter import _contacts, _held, _recommendation
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


def _rows(*types: str) -> list:
    return [SimpleNamespace(declaration=SimpleNamespace(talent_type=kind)) for kind in types]


def test_the_letter_counts_only_the_talent_types_its_candidates_hold():
    professional, skilled = TalentType.PROFESSIONAL, TalentType.SKILLED
    assert _recommendation(_rows(professional, professional)).endswith(
        "现推荐2名人选，均为专业技术人才。"
    )
    assert _recommendation(_rows(skilled, professional, skilled)).endswith(
        "现推荐3名人选，其中专业技术人才1名、高技能人才2名。"
    )
    assert _recommendation([]).endswith("现推荐0名人选。")
    # The contacts follow: one type held prints that office only; both print both.
    assert _held(_rows(skilled), "") == skilled
    assert _held(_rows(skilled, professional), "") == ""
    assert _held(_rows(skilled, professional), professional) == professional
