from rest_framework.permissions import BasePermission

from tesuan.accounts.authority import AREA_REFUSALS, Area, can_manage_users, may_enter


class PasswordChangeNotRequired(BasePermission):
    """A new or reset account may do nothing through the API but change its password."""

    message = "首次登录或密码被重置后，须先修改密码并确认联系方式。"
    code = "password_change_required"

    def has_permission(self, request, view) -> bool:
        user = request.user
        return not (user and user.is_authenticated and user.must_change_password)


class CanManageUsers(BasePermission):
    message = "仅管理员可以执行此操作。"
    code = "permission_denied"

    def has_permission(self, request, view) -> bool:
        return can_manage_users(request.user)


class ReadsApiDocs(BasePermission):
    """接口文档: for those who connect their systems (``Area.API_DOCS``)."""

    message = AREA_REFUSALS[Area.API_DOCS]
    code = "permission_denied"

    def has_permission(self, request, view) -> bool:
        return may_enter(request.user, Area.API_DOCS)
