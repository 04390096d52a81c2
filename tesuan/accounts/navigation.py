"""The left-hand menu, by role: one list, each entry with the predicate that shows it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from tesuan.accounts.authority import can_manage_users, is_province_level
from tesuan.accounts.enums import Role
from tesuan.accounts.models import User
from tesuan.audit.permissions import can_view_audit
from tesuan.workdays.permissions import can_manage_calendar


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    visible: Callable[[User], bool]


MENU = (
    MenuItem("首页", "home", lambda user: True),
    MenuItem("特贴申报", "applications:declaration_list", lambda user: user.role == Role.APPLICANT),
    MenuItem("审核推荐", "review:queue", lambda user: user.role == Role.ORG_ADMIN),
    MenuItem("专家评议", "selection:panels", lambda user: user.role == Role.ORG_ADMIN),
    MenuItem("公示", "selection:publicity_list", lambda user: user.role == Role.ORG_ADMIN),
    MenuItem("人选一览表", "selection:candidates", lambda user: user.role == Role.ORG_ADMIN),
    MenuItem(
        "推荐指标", "quotas:dashboard", lambda user: user.role in (Role.ORG_ADMIN, Role.SYSADMIN)
    ),
    MenuItem("申报年度", "quotas:campaigns", is_province_level),
    MenuItem("专家评议", "selection:sheets", lambda user: user.role == Role.REVIEWER),
    MenuItem("用户管理", "accounts:user_list", can_manage_users),
    MenuItem("机构管理", "orgs:organisation_list", can_manage_users),
    MenuItem("工作日历", "workdays:day_list", can_manage_calendar),
    MenuItem("审计日志", "audit:entry_list", can_view_audit),
    MenuItem("通知", "notices:notice_list", lambda user: True),
    MenuItem("我的账户", "accounts:me", lambda user: True),
    MenuItem("帮助", "help:index", lambda user: True),
    MenuItem("接口文档", "api-docs", can_manage_users),
)


def menu_for(user: User, current_path: str) -> list[dict]:
    items = [
        {"label": item.label, "url": reverse(item.url_name)} for item in MENU if item.visible(user)
    ]
    # The entry whose address is the longest prefix of the current page is the active one.
    matches = [
        item["url"]
        for item in items
        if current_path == item["url"]
        or (item["url"] != "/" and current_path.startswith(item["url"]))
    ]
    active = max(matches, key=len, default=None)
    for item in items:
        item["active"] = item["url"] == active
    return items
