"""The public site for residents (阳光警务): its own light layout, no staff navigation."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jingwang.core.declare import PUBLIC, access


@access(PUBLIC)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")
