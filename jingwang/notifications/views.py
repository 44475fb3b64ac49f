"""The inbox page: the user's own notifications, newest first, with their unread count."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from jingwang.notifications.filters import NotificationFilterSet
from jingwang.notifications.models import Notification
from jingwang.notifications.services import notification_mark_read, unread_count
from jingwang.web.generic import ObjectListView, ScopedPage


class InboxView(ObjectListView):
    model = Notification
    url_name = "notifications:inbox"
    template_name = "notifications/inbox.html"
    paginate_by = 30
    audit_reads = False  # the user's own messages

    filterset_class = NotificationFilterSet

    def refine(self, queryset: Any) -> Any:
        return queryset.order_by("-id")

    def get_context(self, **context: Any) -> dict[str, Any]:
        return {
            **context,
            "unread": unread_count(self.request.user),
            "only_unread": self.request.GET.get("unread") == "true",
        }


class OpenView(ScopedPage):
    """Following a notification marks it read and goes where it points."""

    model = Notification

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        note: Notification = self.get_scoped_or_404(pk=pk)
        notification_mark_read(actor=request.user, ids=[note.pk])
        target = note.link if note.link and _local(request, note.link) else reverse("notifications:inbox")
        return HttpResponseRedirect(target)


class ReadAllView(ScopedPage):
    model = Notification

    def post(self, request: HttpRequest) -> HttpResponse:
        notification_mark_read(actor=request.user)
        return HttpResponseRedirect(reverse("notifications:inbox"))


def _local(request: Any, link: str) -> bool:
    return link.startswith("/") and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()})
