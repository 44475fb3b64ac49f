"""Reads about accounts: grants for access checks, lists for the security administrator."""

from __future__ import annotations

from typing import Any

from jingwang.accounts.models import RoleAssignment, RosterMember, User
from jingwang.core.access import Grant, scope_grants, under_any
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.scope import visible_node_ids


def grants_of_user(user: User) -> list[Grant]:
    rows = RoleAssignment.objects.filter(user=user, node__is_active=True).values_list(
        "role", "node_id", "node__kind", "node__code", "node__path", "node__police_path"
    )
    return [Grant(role, node_id, f"{kind}:{code}", path, ppath) for role, node_id, kind, code, path, ppath in rows]


def user_list(*, viewer: Any, search: str = "") -> Any:
    qs = User.objects.restrict(viewer, "view").select_related("home_node").order_by("username")
    if search:
        qs = qs.filter(username__icontains=search) | qs.filter(display_name__icontains=search)
    return qs


def roster_of_district(*, viewer: Any, district: Any) -> Any:
    return (
        RosterMember.objects.restrict(viewer, "view")
        .filter(police_district=district, is_active=True)
        .select_related("user")
        .order_by("position", "name")
    )


def roster_districts(*, viewer: Any, action: str = "view") -> Any:
    """Police districts whose roster the viewer may see (or change)."""

    paths = sorted({g.path for g in scope_grants(viewer, RosterMember, action)})
    if not paths:
        return Node.objects.none()
    return Node.objects.filter(kind=NodeKind.POLICE_DISTRICT, pk__in=visible_node_ids(paths))


# A picker longer than this is no help to anyone; the rest are reached by typing kind:code.
GRANTABLE_NODES_SHOWN = 2000


def grantable_nodes(*, viewer: Any) -> Any:
    """Territory nodes over which the viewer (a security administrator) may give a role, broad
    ones first: the same test as `node_in_scope` in the account services, as one query."""
    paths = sorted({g.path for g in scope_grants(viewer, User, "add")})
    if not paths:
        return Node.objects.none()
    return Node.objects.filter(under_any("path", "police_path", paths)).order_by("depth", "kind", "code")
