"""The anchor: a view rendering a small template in the same server and process setup."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def trivial(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/trivial.html", {"items": range(10)})
