from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from tesuan.enums import TalentType
from tesuan.orgs.enums import OrgKind

division_code_validator = RegexValidator(r"^\d{6}$", _("行政区划代码应为 6 位数字。"))


class Organisation(MP_Node):
    """Every node of the recommendation tree: ministry, province, city, county, department, unit.

    The tree follows 人事隶属关系 (personnel affiliation). It is a materialised path: the subtree
    of a node is the rows whose ``path`` starts with the node's path, one indexed query
    (``Organisation.get_tree(node)``; on PostgreSQL Django adds a ``varchar_pattern_ops`` index
    for the unique ``path``, so the prefix match uses it).
    """

    steplen = 4

    kind = models.CharField(_("类型"), max_length=16, choices=OrgKind.choices)
    name = models.CharField(_("全称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    division_code = models.CharField(
        _("行政区划代码"),
        max_length=6,
        unique=True,
        null=True,
        blank=True,
        validators=[division_code_validator],
        help_text=_("GB/T 2260 代码，仅各级人力资源社会保障部门填写。"),
    )
    handles_professional = models.BooleanField(_("受理专业技术人才"), default=True)
    handles_skilled = models.BooleanField(_("受理高技能人才"), default=True)

    class Meta:
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        permissions = [("manage_organisation", _("管理本机构及下级机构"))]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def talent_types(self) -> list[TalentType]:
        handled = []
        if self.handles_professional:
            handled.append(TalentType.PROFESSIONAL)
        if self.handles_skilled:
            handled.append(TalentType.SKILLED)
        return handled


class ContactPurpose(models.TextChoices):
    """What a published contact answers: where the material goes (letters carry these), or
    questions on the policy itself (政策咨询, shown on every page of the organisation's line)."""

    MATERIALS = "materials", _("申报材料")
    POLICY = "policy", _("政策咨询")


class Contact(models.Model):
    """The contact block that letters carry (联系单位, 联系人, 电话, 传真, 电子信箱, 地址).

    An organisation may publish one block for all talent types (``talent_type`` blank) or one per
    office: the province's 专技处 handles professional candidates, its 职建处 skilled ones. A
    policy contact (政策咨询) is published beside them and never printed in a letter.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("机构")
    )
    talent_type = models.CharField(
        _("人才类型"), max_length=16, choices=TalentType.choices, blank=True
    )
    contact_unit = models.CharField(_("联系单位"), max_length=120)
    person = models.CharField(_("联系人"), max_length=60)
    phone = models.CharField(_("电话"), max_length=60, blank=True)
    fax = models.CharField(_("传真"), max_length=60, blank=True)
    email = models.EmailField(_("电子信箱"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    purpose = models.CharField(
        _("用途"), max_length=16, choices=ContactPurpose.choices, default=ContactPurpose.MATERIALS
    )

    class Meta:
        verbose_name = _("联系方式")
        verbose_name_plural = _("联系方式")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "purpose", "talent_type"],
                name="orgs_contact_one_per_purpose_and_talent_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.contact_unit} {self.person}"
