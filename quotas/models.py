from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tesuan.enums import TalentType
from tesuan.orgs.models import Organisation

# The notice asks for at least five working days of 公示; a month is the longest any year sets.
PUBLICITY_WORKING_DAYS_MIN = 5
PUBLICITY_WORKING_DAYS_MAX = 30


class Campaign(models.Model):
    """A year's selection (申报年度) and its rules."""

    year = models.PositiveSmallIntegerField(_("申报年度"), unique=True)
    title = models.CharField(_("名称"), max_length=120)
    retirement_cutoff = models.DateField(
        _("退休年龄截止日期"),
        help_text=_("在此日期前达到国家法定退休年龄的人员一般不得申报（2024 年为 2024-12-31）。"),
    )
    publicity_working_days = models.PositiveSmallIntegerField(
        _("公示最少工作日"),
        default=PUBLICITY_WORKING_DAYS_MIN,
        validators=[
            MinValueValidator(PUBLICITY_WORKING_DAYS_MIN),
            MaxValueValidator(PUBLICITY_WORKING_DAYS_MAX),
        ],
        help_text=_(
            "各级内部公示的最短期限，按国家法定节假日和调休安排计算工作日（通知规定不少于 5 个工作日）。"
        ),
    )
    is_open = models.BooleanField(_("正在申报"), default=True)

    class Meta:
        verbose_name = _("申报年度")
        verbose_name_plural = _("申报年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class Deadline(models.Model):
    """The last day an organisation accepts material for a campaign (逾期不予受理).

    ``due_date`` is the date first set and never changes; the deadline then moves only by an
    extension, each one kept in :class:`DeadlineExtension`. ``extended_until``,
    ``extension_reason`` and ``extended_by`` repeat the latest extension for quick reads.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deadlines")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("机构")
    )
    due_date = models.DateField(_("报送截止日期"))
    extended_until = models.DateField(_("延期至"), null=True, blank=True)
    extension_reason = models.CharField(_("延期原因"), max_length=200, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("报送截止日期")
        verbose_name_plural = _("报送截止日期")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="quotas_deadline_one_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.effective_date}"

    @property
    def effective_date(self):
        return self.extended_until or self.due_date


class DeadlineExtension(models.Model):
    """One extension (延期) of a deadline: from which date to which, why, who and when."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="extensions")
    previous_date = models.DateField(_("原截止日期"))
    until = models.DateField(_("延期至"))
    reason = models.CharField(_("延期原因"), max_length=200)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("延期人"),
    )
    extended_at = models.DateTimeField(_("延期时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("延期记录")
        verbose_name_plural = _("延期记录")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.deadline.organisation} {self.previous_date} → {self.until}"


class Quota(models.Model):
    """How many candidates of a talent type an organisation may recommend upwards (推荐指标).

    ``allocated`` is set by the level above, never by the organisation itself (the province's
    total by a system admin on the ministry's behalf); empty means no allocation was made, and
    an organisation under quota control then has no places at all (see
    ``quotas.selectors.quota_controlled``). ``forwarded`` counts the
    declarations this organisation has forwarded that are still on their way (a 退回 to it or a
    不予推荐 by its parent frees the place); it only changes under a row lock (see services).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="quotas")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("机构")
    )
    talent_type = models.CharField(_("人才类型"), max_length=16, choices=TalentType.choices)
    allocated = models.PositiveIntegerField(_("推荐指标"), null=True, blank=True)
    forwarded = models.PositiveIntegerField(_("已推荐"), default=0)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("推荐指标")
        verbose_name_plural = _("推荐指标")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation", "talent_type"], name="quotas_quota_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(allocated__isnull=True)
                | models.Q(forwarded__lte=models.F("allocated")),
                name="quotas_quota_not_exceeded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.get_talent_type_display()} {self.forwarded}/{self.allocated}"

    @property
    def remaining(self) -> int | None:
        return None if self.allocated is None else self.allocated - self.forwarded
