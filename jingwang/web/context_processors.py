from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from jingwang.notifications.services import unread_count
from jingwang.web.navigation import menu_groups_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "DEMO": settings.DEMO,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "nav_menu": menu_groups_for(user) if user is not None and user.is_authenticated else {},
        "unread_notifications": unread_count(user),
    }
