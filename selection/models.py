"""Selection procedure of a recommending organisation: expert review, publicity, discipline
opinions, classified marks (notice section 三(二), 四; domain.md §8)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from applications.enums import RenderStatus
from applications.models import Declaration
from quotas.models import Campaign
from selection.enums import ExportKind
from tesuan.enums import TalentType
from tesuan.orgs.models import Organisation


class Panel(models.Model):
    """专家评议组 of one organisation for one campaign and talent type."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="panels")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="panels")
    talent_type = models.CharField(_("人才类型"), max_length=16, choices=TalentType.choices)
    name = models.CharField(_("名称"), max_length=100)
    pass_numerator = models.PositiveSmallIntegerField(_("通过比例（分子）"), default=2)
    pass_denominator = models.PositiveSmallIntegerField(_("通过比例（分母）"), default=3)
    disagreement_sd = models.DecimalField(
        _("分歧提示阈值（标准差）"), max_digits=5, decimal_places=2, default=Decimal("10")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("评议结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("专家评议组")
        verbose_name_plural = _("专家评议组")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("评分项"), max_length=50)
    weight = models.DecimalField(_("权重"), max_digits=5, decimal_places=2)
    max_score = models.PositiveSmallIntegerField(_("满分"), default=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}（{self.weight}）"


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_memberships"
    )
    submitted_at = models.DateTimeField(_("评分表提交时间"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["panel", "reviewer"], name="review_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.panel} {self.reviewer}"


class PanelCandidate(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="candidates")
    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="panel_entries"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["panel", "declaration"], name="review_candidate_once")
        ]

    def __str__(self) -> str:
        return f"{self.panel} {self.declaration_id}"


class Conflict(models.Model):
    """A reviewer who must not score a candidate (回避): declared, or automatic for the
    candidate's own unit."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("回避原因"), max_length=200)
    automatic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "reviewer", "declaration"], name="review_conflict_once"
            )
        ]

    def __str__(self) -> str:
        return self.reason


class Score(models.Model):
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="scores")
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    value = models.PositiveSmallIntegerField(_("得分"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "declaration", "criterion"], name="review_score_once"
            )
        ]

    def __str__(self) -> str:
        return str(self.value)


class Vote(models.Model):
    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="votes")
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="+")
    recommend = models.BooleanField(_("推荐"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "declaration"], name="review_vote_once")
        ]

    def __str__(self) -> str:
        return "推荐" if self.recommend else "不推荐"


class PublicityPeriod(models.Model):
    """内部公示 of an organisation's chosen candidates."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="publicity_periods"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="publicity_periods"
    )
    start_date = models.DateField(_("公示开始日期"))
    end_date = models.DateField(_("公示结束日期"))
    contact = models.CharField(_("受理反映的联系方式"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    declarations = models.ManyToManyField(Declaration, related_name="publicity_periods")

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-start_date", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} {self.start_date}—{self.end_date}"


class Objection(models.Model):
    period = models.ForeignKey(PublicityPeriod, on_delete=models.CASCADE, related_name="objections")
    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="objections"
    )
    received_on = models.DateField(_("收到日期"))
    content = models.TextField(_("反映内容"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.TextField(_("核查处理结果"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["received_on", "pk"]

    def __str__(self) -> str:
        return self.content[:30]


class ClassifiedMark(models.Model):
    """涉密人员: exempt from publicity. Marks are never deleted; revoking is recorded too."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="classified_marks"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("依据"), max_length=200)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-marked_at", "-pk"]

    def __str__(self) -> str:
        return self.reason


class DisciplineOpinion(models.Model):
    """征求纪检监察机关意见, one per candidate per organisation."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="discipline_opinions"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    body = models.CharField(_("征求意见机关"), max_length=120)
    asked_on = models.DateField(_("征求日期"))
    has_opinion = models.BooleanField(_("有意见"))
    text = models.TextField(_("意见内容"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["declaration", "organisation"], name="review_discipline_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body}：{'有意见' if self.has_opinion else '无意见'}"


class ExportJob(models.Model):
    """One request for a generated file of an organisation (人选一览表, 专家评议结果汇总表,
    推荐正式函 or the 书面材料包), made by a Celery task and how it went.

    Files live under MEDIA_ROOT/exports/ and are only served by the permission-checked download
    views, to admins of ``organisation`` (within ``talent_type`` when their account is limited).
    """

    kind = models.CharField(_("类型"), max_length=16, choices=ExportKind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="export_jobs"
    )
    talent_type = models.CharField(
        _("人才类型"), max_length=16, choices=TalentType.choices, blank=True
    )
    panel = models.ForeignKey(
        Panel, on_delete=models.PROTECT, related_name="export_jobs", null=True, blank=True
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=RenderStatus.choices, default=RenderStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    file = models.FileField(_("文件"), upload_to="exports/", blank=True)
    error = models.TextField(_("失败原因"), blank=True)
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
        verbose_name = _("导出文件")
        verbose_name_plural = _("导出文件")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RenderStatus.values), name="review_export_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ExportKind.values), name="review_export_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="review_export_progress_percent"
            ),
        ]
        # The sweep (``export_jobs_sweep``) looks only at the few unfinished jobs.
        indexes = [
            models.Index(
                fields=["status"],
                condition=Q(status__in=[RenderStatus.PENDING, RenderStatus.RUNNING]),
                name="selection_export_unfinished",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.organisation}"


class ReviewOverride(models.Model):
    """The reason an organisation forwarded a candidate its closed panel did not pass (below the
    vote threshold, or nobody voted): recorded by its admin, printed in the 推荐正式函."""

    declaration = models.ForeignKey(
        Declaration, on_delete=models.CASCADE, related_name="review_overrides"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="overrides")
    reason = models.TextField(_("未通过评议仍上报的理由"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评议未通过仍上报")
        verbose_name_plural = _("评议未通过仍上报")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.reason[:30]


class PoolReviewer(models.Model):
    """An expert in an organisation's 评委专家库: the reviewers its panels are built from. Each
    recommending level keeps its own; a level below may draw on the pools of the levels above."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="reviewer_pool"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pool_entries"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评委专家库")
        verbose_name_plural = _("评委专家库")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reviewer"], name="selection_pool_reviewer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.reviewer}"
