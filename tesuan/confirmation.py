"""Asking before an action that cannot be undone, without relying on script: the first POST
answers with a page that says what cannot be undone and posts the same fields again with
``confirmed``; only that second POST acts."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"


def confirmation_needed(
    request: HttpRequest, *, title: str, consequence: str, button: str, back_url: str
) -> HttpResponse | None:
    """The confirmation page, or None when the POST already carries the confirmation."""
    if request.POST.get(CONFIRMED) == "1":
        return None
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in values
    ]
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "consequence": consequence,
            "button": button,
            "back_url": back_url,
            "fields": fields,
            "action": request.get_full_path(),
        },
    )
