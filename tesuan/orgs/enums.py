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

# The levels that run the selection procedure (专家评议, 公示, 纪检) before forwarding: every
# recommending organisation and the province; a basic unit forwards without it.
PROCEDURE_KINDS = (
    OrgKind.COUNTY,
    OrgKind.CITY,
    OrgKind.DEPARTMENT,
    OrgKind.ENTERPRISE,
    OrgKind.PROVINCE,
)
