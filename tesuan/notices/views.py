from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from tesuan.notices.selectors import notices_of
from tesuan.notices.services import notice_mark_read, notices_mark_all_read
from tesuan.pagination import IdsFirstPaginator

NOTICES_PER_PAGE = 30


@never_cache
@login_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    page = IdsFirstPaginator(notices_of(user=request.user), NOTICES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notices/notice/list.html", {"page": page})


@login_required
@require_POST
def notice_open(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Open a notice: it is marked read and the reader goes to the page it is about."""
    notice = notice_mark_read(user=request.user, notice_id=notice_id)
    if notice.link and url_has_allowed_host_and_scheme(
        notice.link, allowed_hosts=None, require_https=False
    ):
        return redirect(notice.link)
    return redirect("notices:notice_list")


@login_required
@require_POST
def notice_read_all(request: HttpRequest) -> HttpResponse:
    count = notices_mark_all_read(user=request.user)
    messages.success(request, f"已将 {count} 条通知标为已读。" if count else "没有未读通知。")
    return redirect("notices:notice_list")
