"""首页: what needs this user now."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.todo import todo_for
from tesuan.accounts.authority import can_manage_users, organisations_actable_by
from tesuan.accounts.selectors import users_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    context = {"todo": todo_for(user=request.user)}
    if can_manage_users(request.user):
        context["organisation_count"] = organisations_actable_by(user=request.user).count()
        context["user_count"] = users_visible_to(user=request.user).count()
    return render(request, "home/index.html", context)
