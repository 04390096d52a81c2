"""API authentication: DRF's tokens, paused while their account is locked out."""

from axes.handlers.proxy import AxesProxyHandler
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

LOCKED_MESSAGE = (
    "该账户因连续登录失败已被锁定 15 分钟，锁定期间令牌暂停使用。请 15 分钟后再试，"
    "或请本单位管理员重置密码。"
)


class LockAwareTokenAuthentication(TokenAuthentication):
    """A token issued before a lockout would otherwise keep working for whoever holds it while
    the account is locked (tesuan/accounts/lockout.py): it is refused wherever the account is
    locked out, as seen from the request's address."""

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None and AxesProxyHandler.is_locked(
            request._request, {"username": found[0].username}
        ):
            raise AuthenticationFailed(LOCKED_MESSAGE, code="account_locked")
        return found
