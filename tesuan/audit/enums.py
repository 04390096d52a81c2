"""What the security audit log records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.TextChoices):
    """Every kind of audited event. Draft saves are not audited: they autosave every few seconds."""

    LOGIN_SUCCEEDED = "auth.login_succeeded", _("登录成功")
    LOGIN_FAILED = "auth.login_failed", _("登录失败")
    ACCOUNT_LOCKED = "auth.account_locked", _("账户锁定")
    LOGOUT = "auth.logout", _("退出登录")
    PASSWORD_CHANGED = "auth.password_changed", _("修改密码")
    PASSWORD_RESET = "auth.password_reset", _("重置密码")
    TOTP_ENABLED = "auth.totp_enabled", _("启用动态口令")
    TOTP_DISABLED = "auth.totp_disabled", _("停用动态口令")
    ACCOUNT_CREATED = "account.created", _("创建账户")
    ACCOUNT_UPDATED = "account.updated", _("修改账户")
    ROLE_GRANTED = "account.role_granted", _("授予权限")
    DECLARATION_CREATED = "declaration.created", _("创建申报表")
    DECLARATION_CHANGED = "declaration.changed", _("修改申报材料")
    DECLARATION_SUBMITTED = "declaration.submitted", _("提交申报表")
    DECLARATION_DELETED = "declaration.deleted", _("删除申报表")
    DECLARATION_TRANSITION = "declaration.transition", _("申报表流转")
    REVIEW_ACTION = "review.action", _("评审操作")
    QUOTA_CHANGED = "quota.changed", _("调整推荐指标")
    DEADLINE_CHANGED = "quota.deadline_changed", _("调整截止时间")
    CAMPAIGN_CHANGED = "quota.campaign_changed", _("开启或结束申报年度")
    CALENDAR_CHANGED = "calendar.changed", _("维护工作日历")
    EXPORT_CREATED = "download.export_created", _("生成导出文件")
    EXPORT_DOWNLOADED = "download.export_downloaded", _("下载导出文件")
    DOCUMENT_DOWNLOADED = "download.document_downloaded", _("下载申报文档")
    FILE_DOWNLOADED = "download.file_downloaded", _("下载附件")
    ID_NUMBER_VIEWED = "privacy.id_number_viewed", _("查看证件号码")
    MOBILE_VIEWED = "privacy.mobile_viewed", _("查看手机号码")
    AUDIT_EXPORTED = "audit.exported", _("导出审计日志")
    AUDIT_PRUNED = "audit.pruned", _("清理审计日志")


class AuditOutcome(models.TextChoices):
    SUCCESS = "success", _("成功")
    FAILURE = "failure", _("失败")
    DENIED = "denied", _("拒绝")


# How the list page and the CSV name the keys of ``AuditEntry.details``; others show as they are.
DETAIL_LABELS = {
    "action": "操作",
    "from": "原状态",
    "to": "新状态",
    "to_organisation": "去向机构",
    "channel": "登录方式",
    "role": "角色",
    "talent_type": "人才类型",
    "permission": "权限",
    "organisation": "机构",
    "name": "姓名",
    "is_active": "启用",
    "fields": "字段",
    "first_login": "首次登录",
    "campaign": "申报年度",
    "photo": "照片",
    "proof_added": "上传证明材料",
    "proof_removed": "删除证明材料",
    "proof_id": "证明材料编号",
    "file": "文件",
    "criteria": "评分项",
    "reviewer_id": "评议专家编号",
    "reviewer_ids": "评议专家编号",
    "declaration_ids": "申报表编号",
    "panel_id": "评议组编号",
    "start_date": "开始日期",
    "end_date": "结束日期",
    "objection_id": "异议编号",
    "body": "纪检监察机关",
    "has_opinion": "有意见",
    "old": "原值",
    "new": "新值",
    "kind": "类型",
    "render_id": "文档编号",
    "format": "格式",
    "days": "保留天数",
    "before": "删除此前的记录",
    "deleted": "删除条数",
    "event": "事件",
    "outcome": "结果",
    "actor": "用户名",
    "date_from": "从",
    "date_to": "至",
    "target_id": "对象编号",
    "via": "途径",
    "date": "日期",
    "working": "工作日",
}
