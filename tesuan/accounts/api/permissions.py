from rest_framework.permissions import BasePermission

from tesuan.accounts.authority import can_manage_users


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
