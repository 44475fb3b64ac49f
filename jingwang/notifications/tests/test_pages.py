"""The page contract (jingwang/page_contract.py) for the inbox."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from jingwang.notifications import views
from jingwang.notifications.models import Notification
from jingwang.notifications.services import notify
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World


def _note(world: World, user: str, i: int) -> Notification:
    title = f"{user} 通知 {i}"
    return Notification.objects.filter(title=title).first() or notify([world.users[user]], kind="test", title=title)[0]


class TestInboxPages(ScopedPageContract):
    list_page = views.InboxView
    viewer = "officer_a"
    no_permission_user = None
    no_permission_reason = "every signed-in user has an inbox of their own"

    def marker(self, obj: Any) -> str:
        return f'action="{reverse("notifications:open", args=[obj.pk])}"'

    def in_scope(self, world: World) -> Any:
        return _note(world, "officer_a", 0)

    def out_of_scope(self, world: World) -> Any:
        return _note(world, "officer_b", 0)

    def more_in_scope(self, world: World, i: int) -> Any:
        return _note(world, "officer_a", i)
