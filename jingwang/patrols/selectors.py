"""Patrol reads: the areas a planner may pick, the people who may join, the grids of a patrol."""

from __future__ import annotations

from typing import Any

from jingwang.core.access import scope_grants
from jingwang.patrols.models import Patrol
from jingwang.patrols.services import AREA_KINDS
from jingwang.territory.models import Node
from jingwang.territory.scope import visible_node_ids
from jingwang.territory.selectors import grids_in_scope


def areas_for(user: Any) -> Any:
    paths = sorted({g.path for g in scope_grants(user, Patrol, "add")})
    if not paths:
        return Node.objects.none()
    return Node.objects.filter(pk__in=visible_node_ids(paths), kind__in=AREA_KINDS).order_by("kind", "code")


def patrol_grids(patrol: Patrol, user: Any, model: Any) -> Any:
    """The grids of the patrol's area where the user may raise `model` records."""
    under = visible_node_ids([patrol.area.path])
    return grids_in_scope(user, model, "add").filter(pk__in=under)
