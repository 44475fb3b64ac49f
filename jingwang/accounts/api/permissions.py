"""Who may read the API's own description."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.permissions import BasePermission

from jingwang.core.access import grants
from jingwang.core.roles import STAFF_ROLES


class SchemaReader(BasePermission):
    """The OpenAPI schema and its docs page: signed-in staff (a bearer token or the web session);
    anyone in the demo. Anonymous callers get a 401, residents and volunteers a 403."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if settings.DEMO:
            return True
        return any(g.role in STAFF_ROLES for g in grants(request.user))
