from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.enums import Action, DeclarationStatus, DocumentFormat, RenderStatus, YesNo
from quotas.models import Campaign
from tesuan.enums import TalentType
from tesuan.fields import SealedJSONField, SealedTextField
from tesuan.orgs.models import Organisation

# The keys of ``Declaration.basic`` stored encrypted (tesuan.crypto): the ID number. The mobile
# number is masked on screen but stored plain: it is also the account's contact field.
SEALED_BASIC_PATHS = (("id_number",),)


class Declaration(models.Model):
    """One applicant's 申报表 for one campaign.

    The five sections are kept as the applicant typed them (``basic``, ``work_history``,
    ``achievements``, ``publications``, ``awards``, ``conditions``): a draft stores whatever is
    there, valid or not, and the problems are computed from it (``applications.checks``). The
    columns beside them are what lists, scoping and the one-person-one-declaration rule query.

    ``unit_path`` copies the unit's tree path at creation: the unit of a declaration never
    changes and organisations are never moved, so it stays equal to ``organisation.path``.
    ``applicant_name`` copies the account's bound name and follows its corrections
    (``applications.receivers``). Both let the review lists filter on this table alone.
    """

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="declarations"
    )
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="declarations")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="declarations",
        verbose_name=_("申报人所在单位"),
    )
    recommending_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="recommended_declarations",
        null=True,
        blank=True,
        verbose_name=_("推荐单位"),
    )
    current_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="pending_declarations",
        null=True,
        blank=True,
        verbose_name=_("当前所在机构"),
        help_text=_("提交后所在的审核层级；未提交时为空。"),
    )
    talent_type = models.CharField(_("人才类型"), max_length=16, choices=TalentType.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=DeclarationStatus.choices, default=DeclarationStatus.DRAFT
    )
    version = models.PositiveIntegerField(_("版本"), default=1)

    basic = SealedJSONField(
        _("基本信息"), default=dict, blank=True, sealed_paths=SEALED_BASIC_PATHS
    )
    work_history = models.JSONField(_("工作经历"), default=list, blank=True)
    achievements = models.TextField(_("业绩贡献"), blank=True)
    publications = models.JSONField(_("代表论著"), default=list, blank=True)
    awards = models.JSONField(_("获奖情况"), default=list, blank=True)
    conditions = models.JSONField(_("符合的选拔条件"), default=list, blank=True)
    retirement_explanation = models.TextField(_("达到退休年龄的情况说明"), blank=True)
    unit_opinion = models.TextField(_("所在单位意见"), blank=True)
    recommending_opinion = models.TextField(_("推荐单位意见"), blank=True)
    photo = models.FileField(_("照片"), upload_to="photos/", blank=True)

    applicant_name = models.CharField(
        _("申报人姓名"),
        max_length=60,
        editable=False,
        help_text=_("账户绑定的姓名，随账户更正：列表按姓名检索时无需关联账户表。"),
    )
    unit_path = models.CharField(
        _("所在单位的树路径"),
        max_length=255,
        editable=False,
        help_text=_("申报人所在单位在机构树中的路径，创建时写入：按辖区筛选时一次索引范围扫描。"),
    )
    id_number_key = models.CharField(
        _("证件号码（检索用）"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_(
            "规范化后证件号码的带密钥摘要（HMAC-SHA256），用于“一人一份申报”的检查和检索。"
        ),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("最后保存时间"), auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申报表")
        verbose_name_plural = _("申报表")
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "campaign"], name="applications_one_per_applicant_and_year"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeclarationStatus.values),
                name="applications_declaration_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], name="applications_campaign_status"),
            models.Index(fields=["organisation", "status"], name="applications_org_status"),
            models.Index(
                fields=["current_organisation", "status", "talent_type"],
                name="applications_queue",
            ),
            # Pending at one level, newest first: the review queue's first page without a sort.
            models.Index(
                fields=["current_organisation", "status", "-submitted_at", "-id"],
                name="applications_queue_recent",
                include=["talent_type"],
            ),
            # Everything under an organisation (a prefix of ``unit_path``); the columns lists
            # filter, count and sort on are included so those run on the index alone.
            models.Index(
                fields=["unit_path"],
                name="applications_subtree",
                opclasses=["varchar_pattern_ops"],
                include=[
                    "status",
                    "talent_type",
                    "current_organisation",
                    "campaign",
                    "submitted_at",
                    "updated_at",
                    "applicant",
                    "organisation",
                    "applicant_name",
                    "id",
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.applicant.name} {self.get_talent_type_display()}"

    @property
    def is_reserve_candidate(self) -> bool:
        """上一年度经社会公示确定推荐的后备人选, to be recommended first (notice 二(三))."""
        return self.basic.get("reserve_candidate") == YesNo.YES

    @property
    def is_province_managed_cadre(self) -> bool:
        """省管干部: the province asks the discipline-inspection body about them (notice 三(二))."""
        return self.basic.get("province_managed_cadre") == YesNo.YES


class DeclarationTransition(models.Model):
    """Every change of state: who, when, from, to, why."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="transitions"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=16, choices=Action.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("审核层级"),
    )
    to_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("送达机构"),
    )
    from_status = models.CharField(_("原状态"), max_length=16, choices=DeclarationStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=16, choices=DeclarationStatus.choices)
    reason = models.TextField(_("意见或原因"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("状态变更")
        verbose_name_plural = _("状态变更")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.description

    @property
    def description(self) -> str:
        """The action in words with where it went, as the trail reads it: "审核通过并上报至长治市…"."""
        destination = self.to_organisation.name if self.to_organisation_id else ""
        if self.action == Action.RETURN:
            return "退回申报人修改"
        if self.action == Action.NOT_RECOMMEND:
            return "不予推荐"
        if not destination:
            return self.get_action_display()
        if self.action == Action.RETURN_DOWN:
            return f"退回至{destination}"
        return f"{self.get_action_display()}至{destination}"


class DeclarationSnapshot(models.Model):
    """The declaration exactly as submitted, with its content hash; never changed afterwards.

    The printed 申报表 carries the hash so the paper and the electronic copy can be shown to
    agree (书面材料要与电子数据一致).
    """

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="snapshots")
    version = models.PositiveIntegerField(_("版本"))
    content = SealedJSONField(
        _("内容"), sealed_paths=tuple(("basic", *path) for path in SEALED_BASIC_PATHS)
    )
    content_hash = models.CharField(_("内容摘要（SHA-256）"), max_length=64)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提交快照")
        verbose_name_plural = _("提交快照")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.declaration_id} v{self.version} {self.content_hash[:12]}"


class ProofMaterial(models.Model):
    """个人业绩成果情况证明材料: scanned PDFs."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="proof_materials"
    )
    file = models.FileField(_("文件"), upload_to="proofs/")
    original_name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class PastRecipient(models.Model):
    """Someone who already receives the allowance (已享受国务院政府特殊津贴人员): may not declare again.

    Imported from the lists of earlier years (``manage.py import_past_recipients``).
    """

    id_number_key = models.CharField(
        _("证件号码（检索用）"),
        max_length=64,
        unique=True,
        help_text=_("规范化后证件号码的带密钥摘要（HMAC-SHA256）。"),
    )
    id_number = SealedTextField(_("证件号码"), blank=True)
    name = models.CharField(_("姓名"), max_length=60)
    year = models.PositiveSmallIntegerField(_("享受年度"))

    class Meta:
        verbose_name = _("已享受特贴人员")
        verbose_name_plural = _("已享受特贴人员")

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class DocumentRender(models.Model):
    """One request to render the 申报表 as a file, and how it went.

    The file is named by ``content_key`` (the content, the format and the template version), so
    requests for an unchanged declaration share one file and never render it again. Files live
    under MEDIA_ROOT/documents/ and are only served by the permission-checked download views.
    """

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="document_renders"
    )
    format = models.CharField(_("格式"), max_length=8, choices=DocumentFormat.choices)
    content_key = models.CharField(_("内容键（SHA-256）"), max_length=64, db_index=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=RenderStatus.choices, default=RenderStatus.PENDING
    )
    file = models.FileField(_("文件"), upload_to="documents/", blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    render_seconds = models.FloatField(
        _("生成耗时（秒）"), null=True, blank=True, help_text=_("复用已生成的文件时为空。")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("请求时间"), auto_now_add=True)
    sent_at = models.DateTimeField(
        _("交给任务队列的时间"),
        null=True,
        blank=True,
        help_text=_("为空表示任务尚未送达队列（如 Redis 不可用），由定时巡检重新发送。"),
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("申报表文件")
        verbose_name_plural = _("申报表文件")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RenderStatus.values),
                name="applications_render_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(format__in=DocumentFormat.values),
                name="applications_render_format_valid",
            ),
        ]
        # The sweep (``document_renders_sweep``) looks only at the few unfinished requests.
        indexes = [
            models.Index(
                fields=["status"],
                condition=Q(status__in=[RenderStatus.PENDING, RenderStatus.RUNNING]),
                name="applications_render_unfinished",
            )
        ]

    def __str__(self) -> str:
        return f"{self.declaration_id} {self.format} {self.get_status_display()}"
