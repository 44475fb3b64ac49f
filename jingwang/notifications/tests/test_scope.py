"""The generic scope contract for the inbox: each user sees and marks only their own notifications."""

from __future__ import annotations

from typing import Any

from jingwang.notifications.models import Notification
from jingwang.notifications.services import notify
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import World


def _note(world: World, name: str, title: str) -> Notification:
    return notify([world.users[name]], kind="case_assigned", title=title)[0]


class TestInboxScope(ScopedResourceContract):
    list_url = "/api/v1/notifications/"
    viewer = "officer_a"
    model = Notification
    # Marking another user's notification read answers 200 and marks nothing.
    writes = {
        "mark_read": Write("post", "mark-read/", lambda n: {"ids": [n.pk]}, on_list=True, out_of_scope_status=200)
    }
    not_applicable = {
        "role": "every role has an inbox",
        "search": "the inbox is filtered by kind and unread; it has no text search",
        "page": "a notification has no page of its own: opening one goes to its subject",
    }

    def in_scope(self, world: World) -> Any:
        return Notification.objects.filter(recipient=world.officer_a).first() or _note(world, "officer_a", "给甲的通知")

    def out_of_scope(self, world: World) -> Any:
        return Notification.objects.filter(recipient=world.officer_b).first() or _note(world, "officer_b", "给乙的通知")

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            _note(world, "officer_a", f"又一通知{i}")
