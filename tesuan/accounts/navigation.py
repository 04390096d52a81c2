"""The left-hand menu: one list, each entry with the area (``authority.AREA_RULES``) that shows
it. The same table refuses the pages of an entry a user's menu does not show."""

from dataclasses import dataclass

from django.urls import reverse

from tesuan.accounts.authority import Area, may_enter
from tesuan.accounts.models import User


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    area: Area | None  # None: every signed-in user


MENU = (
    MenuItem("首页", "home", None),
    MenuItem("特贴申报", "applications:declaration_list", Area.DECLARE),
    MenuItem("审核推荐", "review:queue", Area.REVIEW),
    MenuItem("专家评议", "selection:panels", Area.PROCEDURE),
    MenuItem("公示", "selection:publicity_list", Area.PROCEDURE),
    MenuItem("人选一览表", "selection:candidates", Area.PROCEDURE),
    MenuItem("推荐指标", "quotas:dashboard", Area.QUOTAS),
    MenuItem("申报年度", "quotas:campaigns", Area.CAMPAIGNS),
    MenuItem("专家评议", "selection:sheets", Area.SCORING),
    MenuItem("用户管理", "accounts:user_list", Area.USERS),
    MenuItem("机构管理", "orgs:organisation_list", Area.ORGANISATIONS),
    MenuItem("工作日历", "workdays:day_list", Area.CALENDAR),
    MenuItem("审计日志", "audit:entry_list", Area.AUDIT),
    MenuItem("通知", "notices:notice_list", None),
    MenuItem("我的账户", "accounts:me", None),
    MenuItem("帮助", "help:index", None),
)


def menu_for(user: User, current_path: str) -> list[dict]:
    items = [
        {"label": item.label, "url": reverse(item.url_name)}
        for item in MENU
        if item.area is None or may_enter(user, item.area)
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
