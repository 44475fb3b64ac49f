"""The inbox page: the user's own notifications, newest first, with their unread count."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from jingwang.core.types import actor
from jingwang.core.views import ScopedPageMixin
from jingwang.notifications.models import Notification
from jingwang.notifications.services import notification_mark_read, unread_count


class InboxView(ScopedPageMixin, View):
    model = Notification

    def get(self, request: HttpRequest) -> HttpResponse:
        rows = self.scoped()
        if request.GET.get("unread"):
            rows = rows.filter(read_at__isnull=True)
        page = Paginator(rows.order_by("-id"), 30).get_page(request.GET.get("page"))
        return render(
            request,
            "notifications/inbox.html",
            {"page": page, "unread": unread_count(request.user), "only_unread": bool(request.GET.get("unread"))},
        )


class OpenView(ScopedPageMixin, View):
    """Following a notification marks it read and goes where it points."""

    model = Notification

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        note: Notification = self.get_scoped_or_404(pk=pk)
        notification_mark_read(actor=actor(request), ids=[note.pk])
        target = note.link if note.link and _local(request, note.link) else reverse("notifications:inbox")
        return HttpResponseRedirect(target)


class ReadAllView(ScopedPageMixin, View):
    model = Notification

    def post(self, request: HttpRequest) -> HttpResponse:
        notification_mark_read(actor=actor(request))
        return HttpResponseRedirect(reverse("notifications:inbox"))


def _local(request: Any, link: str) -> bool:
    return link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()})
