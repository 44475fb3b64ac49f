"""Node visibility: which territory nodes lie in a user's scope for an action (SECURITY 1-6).

Core's restricted querysets decide by role; which nodes a role held over a node reaches is
territory's. Imported by other apps' models, so it imports nothing but territory's models."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import QuerySet

from jingwang.core.access import scope_grants, under_any
from jingwang.core.types import Viewer
from jingwang.territory.models import Node


def visible_node_ids(paths: list[str]) -> QuerySet[Node, Any]:
    """The ids of the nodes lying under any of `paths`, in either tree (a subquery)."""
    return Node.objects.filter(under_any("path", "police_path", paths)).values("id")


def node_in_scope(user: Viewer, node: Node, model: type[models.Model] | str, action: str) -> bool:
    """Whether `node` lies under a node over which the user holds a role granting `action`."""
    paths = sorted({g.path for g in scope_grants(user, model, action)})
    return bool(paths) and Node.objects.filter(pk=node.pk).filter(under_any("path", "police_path", paths)).exists()
