"""HTML views: shape the input, check the named permission, call one service, show the result."""

from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from tesuan.accounts import services
from tesuan.accounts.authority import can_manage_users, grantable_roles, organisations_actable_by
from tesuan.accounts.forms import (
    ContactForm,
    FirstLoginForm,
    LoginForm,
    PasswordChangeForm,
    UserCreateForm,
    UserSearchForm,
    UserUpdateForm,
)
from tesuan.accounts.selectors import user_get_for_admin, users_visible_to
from tesuan.accounts.two_factor import totp_device_for, totp_enabled
from tesuan.accounts.two_factor_views import second_step_begin
from tesuan.exceptions import form_call
from tesuan.pagination import IdsFirstPaginator
from tesuan.security.throttling import LoginRateThrottle, PasswordRateThrottle, throttle_posts

USERS_PER_PAGE = 30


@method_decorator(throttle_posts(LoginRateThrottle), name="dispatch")
class LoginView(auth_views.LoginView):
    template_name = "accounts/session/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:
        user = form.get_user()
        if totp_device_for(user=user) is not None:
            return second_step_begin(self.request, user, self.get_success_url())
        return super().form_valid(form)


def _require_user_manager(request: HttpRequest) -> None:
    if not can_manage_users(request.user):
        raise PermissionDenied("仅管理员可以管理用户。")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@throttle_posts(PasswordRateThrottle)
def first_login(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.must_change_password:
        return redirect("home")
    form = FirstLoginForm(
        request.POST or None, initial={"mobile": user.mobile, "email": user.email}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and form_call(form, services.user_complete_first_login, user=user, **form.cleaned_data)
    ):
        logout(request)
        messages.success(request, "密码和联系方式已保存。请使用新密码重新登录。")
        return redirect("accounts:login")
    return render(request, "accounts/user/first_login.html", {"form": form})


@never_cache
@login_required
def me(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/account/detail.html",
        {
            "contact_form": ContactForm(initial={"mobile": user.mobile, "email": user.email}),
            "password_form": PasswordChangeForm(),
            "totp_enabled": totp_enabled(user=user),
        },
    )


@never_cache
@login_required
@require_http_methods(["POST"])
def me_contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST)
    if form.is_valid() and form_call(
        form, services.user_update_contact, user=request.user, **form.cleaned_data
    ):
        messages.success(request, "联系方式已保存。")
        return redirect("accounts:me")
    return render(
        request,
        "accounts/account/detail.html",
        {
            "contact_form": form,
            "password_form": PasswordChangeForm(),
            "totp_enabled": totp_enabled(user=request.user),
        },
        status=400,
    )


@never_cache
@login_required
@require_http_methods(["POST"])
@throttle_posts(PasswordRateThrottle)
def me_password(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = PasswordChangeForm(request.POST)
    if form.is_valid() and form_call(
        form, services.user_change_password, user=user, **form.cleaned_data
    ):
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改，您在其他设备上的登录已失效。")
        return redirect("accounts:me")
    return render(
        request,
        "accounts/account/detail.html",
        {
            "contact_form": ContactForm(initial={"mobile": user.mobile, "email": user.email}),
            "password_form": form,
            "totp_enabled": totp_enabled(user=user),
        },
        status=400,
    )


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_user_manager(request)
    search = UserSearchForm(request.GET or None)
    users = users_visible_to(user=request.user)
    if search.is_valid():
        if term := search.cleaned_data["q"].strip():
            users = users.filter(
                Q(username__icontains=term)
                | Q(name__icontains=term)
                | Q(organisation__name__icontains=term)
            )
        if role := search.cleaned_data["role"]:
            users = users.filter(role=role)
    page = IdsFirstPaginator(users, USERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/user/list.html",
        {"page": page, "search": search, "query": query.urlencode()},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    _require_user_manager(request)
    form = UserCreateForm(
        request.POST or None,
        roles=grantable_roles(request.user),
        organisations=organisations_actable_by(user=request.user),
        initial={"organisation": request.user.organisation_id},
    )
    created = (
        form_call(form, services.user_create, actor=request.user, **form.cleaned_data)
        if request.method == "POST" and form.is_valid()
        else None
    )
    if created is not None:
        user, password = created
        return render(
            request,
            "accounts/user/password_shown.html",
            {"account": user, "password": password, "created": True},
        )
    return render(request, "accounts/user/create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def user_update(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_user_manager(request)
    account = user_get_for_admin(actor=request.user, user_id=user_id)
    form = UserUpdateForm(
        request.POST or None, initial={"name": account.name, "is_active": account.is_active}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and form_call(
            form, services.user_update, actor=request.user, user_id=account.pk, **form.cleaned_data
        )
    ):
        messages.success(request, f"已保存 {account.username} 的信息。")
        return redirect("accounts:user_list")
    return render(
        request,
        "accounts/user/update.html",
        {
            "form": form,
            "account": account,
            "totp_enabled": request.user.is_sysadmin and totp_enabled(user=account),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@throttle_posts(PasswordRateThrottle)
def user_reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_user_manager(request)
    account = user_get_for_admin(actor=request.user, user_id=user_id)
    if request.method == "POST":
        account, password = services.user_reset_password(actor=request.user, user_id=user_id)
        return render(
            request,
            "accounts/user/password_shown.html",
            {"account": account, "password": password, "created": False},
        )
    return render(request, "accounts/user/reset_confirm.html", {"account": account})
