"""帮助: the user manual, readable before logging in (it explains how to log in)."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from tesuan.accounts.authority import Area, may_enter
from tesuan.help import manual


def help_index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "help/manual/index.html",
        {
            "chapters": manual.chapters(),
            "html": manual.index_html(),
            "api_docs": may_enter(request.user, Area.API_DOCS),
        },
    )


def help_chapter(request: HttpRequest, chapter: str) -> HttpResponse:
    found = manual.chapter_get(chapter)
    if found is None:
        raise Http404("没有这一章。")
    return render(
        request,
        "help/manual/chapter.html",
        {"chapter": found, "chapters": manual.chapters(), "html": manual.chapter_html(found)},
    )


@cache_control(max_age=3600, public=True)
def help_image(request: HttpRequest, name: str) -> FileResponse:
    path = manual.image_path(name)
    if path is None:
        raise Http404("没有这张图片。")
    response = FileResponse(path.open("rb"), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    return response
