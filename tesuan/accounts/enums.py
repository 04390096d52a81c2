from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("专家用户")
    ORG_ADMIN = "org_admin", _("机构管理员")
    REVIEWER = "reviewer", _("评议专家")
    SYSADMIN = "sysadmin", _("系统管理员")


ADMIN_ROLES = (Role.ORG_ADMIN, Role.SYSADMIN)

# Who may create accounts of which role. An org admin never creates a system admin.
GRANTABLE_ROLES = {
    Role.SYSADMIN: (Role.APPLICANT, Role.ORG_ADMIN, Role.REVIEWER, Role.SYSADMIN),
    Role.ORG_ADMIN: (Role.APPLICANT, Role.ORG_ADMIN, Role.REVIEWER),
}

MANAGE_ORGANISATION = "orgs.manage_organisation"
