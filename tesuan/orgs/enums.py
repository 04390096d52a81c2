from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    MINISTRY = "ministry", _("部委")
    PROVINCE = "province", _("省级人社部门")
    CITY = "city", _("市级人社部门")
    COUNTY = "county", _("县级人社部门")
    DEPARTMENT = "department", _("主管部门")
    ENTERPRISE = "enterprise", _("企业")
    UNIT = "unit", _("基层单位")


DIVISION_KINDS = (OrgKind.PROVINCE, OrgKind.CITY, OrgKind.COUNTY)

# The levels that select and recommend upwards (推荐单位): each runs the procedure (专家评议, 公示,
# 纪检) and recommends within the places the level above gave it. A basic unit (基层单位) is not
# among them: it forwards every applicant to its recommending organisation, which selects.
RECOMMENDING_KINDS = frozenset(
    {OrgKind.PROVINCE, OrgKind.CITY, OrgKind.COUNTY, OrgKind.DEPARTMENT, OrgKind.ENTERPRISE}
)
