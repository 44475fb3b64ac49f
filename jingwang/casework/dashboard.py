"""What casework adds to a home page (registered with the shell at start-up)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from jingwang.casework import selectors
from jingwang.casework.models import Case, Warning
from jingwang.core.access import has_permission
from jingwang.core.roles import Role
from jingwang.core.types import Actor


def home_figures(role: str, user: Actor) -> dict[str, Any]:
    if not has_permission(user, "casework.case", "view"):
        return {}
    figures: dict[str, Any] = _case_figures(user)
    figures["referred_only"] = role in (Role.MEDIATOR, Role.DEPARTMENT_STAFF)
    return {"cases": figures}


def _case_figures(user: Actor) -> dict[str, int]:
    """Open cases the user works on (assigned, led, referred to them or their department) and, of
    those visible to them, how many carry a yellow or red warning: one aggregate query each."""
    visible = Case.objects.restrict(user, "view").filter(closed_at__isnull=True)
    mine = selectors.mine(visible, user).aggregate(
        open=Count("id"),
        yellow=Count("id", filter=Q(warning=Warning.YELLOW)),
        red=Count("id", filter=Q(warning=Warning.RED)),
    )
    flagged = visible.aggregate(
        yellow=Count("id", filter=Q(warning=Warning.YELLOW)), red=Count("id", filter=Q(warning=Warning.RED))
    )
    return {
        "mine": mine["open"],
        "mine_yellow": mine["yellow"],
        "mine_red": mine["red"],
        "scope_yellow": flagged["yellow"],
        "scope_red": flagged["red"],
    }
