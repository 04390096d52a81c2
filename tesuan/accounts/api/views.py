"""REST views: the same four steps as the HTML views, with errors as JSON."""

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from tesuan.accounts import services, two_factor
from tesuan.accounts.api.permissions import CanManageUsers
from tesuan.accounts.api.serializers import (
    ContactDetailsSerializer,
    FirstLoginSerializer,
    OneTimePasswordSerializer,
    PasswordChangeSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserCreateSerializer,
    UserSerializer,
    UserUpdateSerializer,
)
from tesuan.accounts.errors import InvalidCredentials, OtpInvalid, TotpSetupRequired
from tesuan.accounts.selectors import user_get_for_admin, users_visible_to
from tesuan.audit.enums import AuditEvent
from tesuan.audit.services import audit_record
from tesuan.security.throttling import (
    LoginRateThrottle,
    PasswordRateThrottle,
    ThrottledInChinese,
)


def _one_time_password_response(user, password: str, status_code: int) -> Response:
    response = Response(
        {"user": UserSerializer(user).data, "password": password}, status=status_code
    )
    response["Cache-Control"] = "no-store"
    return response


class TokenObtainView(ThrottledInChinese, APIView):
    """Exchange a username and password for an API token (``Authorization: Token …``)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginRateThrottle]

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        otp = data.validated_data.pop("otp")
        # django-axes counts failures and locks on the underlying HttpRequest.
        user = authenticate(request._request, **data.validated_data)
        if user is None or not user.is_active:
            raise InvalidCredentials()
        if two_factor.totp_setup_required(user=user):
            raise TotpSetupRequired()
        try:
            two_factor.totp_check_login(user=user, token=otp)
        except OtpInvalid:
            # A wrong code counts towards the account's lockout like a wrong password.
            user_login_failed.send(
                sender=__name__,
                credentials={"username": user.username},
                request=request._request,
            )
            raise
        token, _created = Token.objects.get_or_create(user=user)
        audit_record(event=AuditEvent.LOGIN_SUCCEEDED, actor=user, details={"channel": "api"})
        return Response({"token": token.key, "must_change_password": user.must_change_password})


class MeView(APIView):
    @extend_schema(responses=UserSerializer)
    def get(self, request):
        return Response(UserSerializer(request.user, context={"request": request}).data)


class FirstLoginView(ThrottledInChinese, APIView):
    """Set one's own password and contact details after account creation or a reset.

    The only endpoint open to an account that must change its password. Every token of the
    account is then void: request a new one with the new password.
    """

    permission_classes = [IsAuthenticated]
    throttle_classes = [PasswordRateThrottle]

    @extend_schema(request=FirstLoginSerializer, responses={200: None})
    def post(self, request):
        data = FirstLoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not request.user.must_change_password:
            return Response(
                {"detail": "无需首次登录设置，请使用“修改密码”。", "code": "not_required"},
                status=status.HTTP_409_CONFLICT,
            )
        services.user_complete_first_login(user=request.user, **data.validated_data)
        return Response({"detail": "密码和联系方式已保存，请使用新密码重新登录。"})


class PasswordChangeView(ThrottledInChinese, APIView):
    throttle_classes = [PasswordRateThrottle]

    @extend_schema(request=PasswordChangeSerializer, responses={200: None})
    def post(self, request):
        data = PasswordChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_change_password(user=request.user, **data.validated_data)
        return Response({"detail": "密码已修改，其他登录已失效，请使用新密码重新获取令牌。"})


class ContactView(APIView):
    @extend_schema(request=ContactDetailsSerializer, responses=UserSerializer)
    def put(self, request):
        data = ContactDetailsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_update_contact(user=request.user, **data.validated_data)
        return Response(UserSerializer(user, context={"request": request}).data)


class UserViewSet(ThrottledInChinese, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Accounts of the admin's organisation and its subtree."""

    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, CanManageUsers]
    serializer_class = UserSerializer

    def get_queryset(self):
        users = users_visible_to(user=self.request.user)
        if term := self.request.query_params.get("q", "").strip():
            users = users.filter(Q(username__icontains=term) | Q(name__icontains=term))
        if role := self.request.query_params.get("role"):
            users = users.filter(role=role)
        return users

    def retrieve(self, request, pk=None):
        return Response(UserSerializer(user_get_for_admin(actor=request.user, user_id=pk)).data)

    @extend_schema(request=UserUpdateSerializer, responses=UserSerializer)
    def partial_update(self, request, pk=None):
        """Correct the bound real name, or disable/enable the account."""
        current = user_get_for_admin(actor=request.user, user_id=pk)
        data = UserUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = {"name": current.name, "is_active": current.is_active, **data.validated_data}
        user = services.user_update(actor=request.user, user_id=current.pk, **changes)
        return Response(UserSerializer(user).data)

    @extend_schema(request=UserCreateSerializer, responses={201: OneTimePasswordSerializer})
    def create(self, request):
        data = UserCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user, password = services.user_create(actor=request.user, **data.validated_data)
        return _one_time_password_response(user, password, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=OneTimePasswordSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="reset-password",
        throttle_classes=[PasswordRateThrottle],
    )
    def reset_password(self, request, pk=None):
        user, password = services.user_reset_password(actor=request.user, user_id=pk)
        return _one_time_password_response(user, password, status.HTTP_200_OK)

    @extend_schema(request=None, responses=UserSerializer)
    @action(detail=True, methods=["post"], url_path="reset-totp")
    def reset_totp(self, request, pk=None):
        """A system admin removes the account's TOTP device (a lost phone)."""
        user = two_factor.totp_reset(actor=request.user, user_id=pk)
        return Response(UserSerializer(user, context={"request": request}).data)
