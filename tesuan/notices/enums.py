from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    RETURNED = "returned", _("退回修改")
    FORWARDED = "forwarded", _("已审核上报")
    NOT_RECOMMENDED = "not_recommended", _("不予推荐")
    SELECTED = "selected", _("确定为人选")
    PANEL_ASSIGNED = "panel_assigned", _("评议任务")
    OBJECTION = "objection", _("公示期间收到反映")
    DEADLINE_SOON = "deadline_soon", _("申报截止提醒")
