"""What each role's home page shows, computed from the records in the user's scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Count, Q

from jingwang.accounts.models import RosterMember, RosterPosition, User
from jingwang.audit.models import AuditEvent
from jingwang.core.access import grants, has_permission
from jingwang.core.roles import Role
from jingwang.core.tree import subtree_q
from jingwang.territory.models import Node, NodeKind

# What the domain apps add to a home page: each registers a function of (role, user) from its
# AppConfig.ready(), so that the shell knows no domain app (the layers contract).
Contribution = Callable[[str, Any], dict[str, Any]]
CONTRIBUTIONS: list[Contribution] = []


def register_contribution(contribute: Contribution) -> None:
    if contribute not in CONTRIBUTIONS:
        CONTRIBUTIONS.append(contribute)


def _scope_nodes(user: Any, roles: set[str]) -> list[Node]:
    ids = [g.node_id for g in grants(user) if g.role in roles]
    return list(Node.objects.filter(pk__in=ids).order_by("kind", "code"))


def build(role: str, user: Any) -> dict[str, Any]:
    nodes = _scope_nodes(user, {role})
    visible = Node.objects.restrict(user, "view")
    # Residents and volunteers cannot open territory pages: their scope links to who serves them.
    ctx: dict[str, Any] = {"scope_nodes": nodes, "can_browse_territory": has_permission(user, Node, "view")}
    if role in (Role.COMMUNITY_OFFICER, Role.AUXILIARY_OFFICER, Role.STATION_LEADER, Role.BUREAU_COMMANDER):
        districts = (
            visible.filter(kind=NodeKind.POLICE_DISTRICT)
            .annotate(
                # Micro-grids also carry their grid's district: count the grids alone, as listed.
                grid_count=Count("district_grids", filter=Q(district_grids__kind=NodeKind.GRID), distinct=True),
                roster_count=Count("roster", filter=Q(roster__is_active=True), distinct=True),
            )
            .order_by("code")
        )
        ctx["districts"] = districts[:200]
        ctx["district_total"] = districts.count()
    if role in (
        Role.GRID_WORKER,
        Role.POLICE_ASSISTANT,
        Role.VOLUNTEER,
        Role.COMMUNITY_OFFICER,
        Role.AUXILIARY_OFFICER,
    ):
        ctx["grids"] = visible.filter(kind=NodeKind.GRID).select_related("police_district").order_by("code")[:200]
    for contribute in CONTRIBUTIONS:
        ctx.update(contribute(role, user))
    if role == Role.SYSTEM_ADMIN:
        ctx["kind_counts"] = [
            {"kind": NodeKind(row["kind"]).label, "n": row["n"]}
            for row in visible.values("kind").annotate(n=Count("id")).order_by("kind")
        ]
    if role == Role.SECURITY_ADMIN:
        users = User.objects.restrict(user, "view")
        ctx["user_total"] = users.count()
        ctx["user_inactive"] = users.filter(is_active=False).count()
        ctx["user_locked"] = users.filter(locked_until__isnull=False).count()
    if role == Role.AUDIT_ADMIN:
        ctx["recent_denials"] = AuditEvent.objects.restrict(user, "view").exclude(outcome="success")[:10]
    return ctx


def officers_for_resident(user: Any) -> list[dict[str, Any]]:
    """The 1+X+N of the police districts serving the communities the user is registered in."""
    nodes = _scope_nodes(user, {Role.RESIDENT, Role.VOLUNTEER})
    district_ids: set[int] = set()
    for node in nodes:
        grids = (
            Node.objects.filter(subtree_q("path", node.path), kind=NodeKind.GRID)
            if node.kind != NodeKind.GRID
            else [node]
        )
        district_ids.update(g.police_district_id for g in grids if g.police_district_id)
    out = []
    for district in Node.objects.filter(pk__in=district_ids).select_related("parent").order_by("code"):
        officers = RosterMember.objects.filter(
            police_district=district, is_active=True, position__in=[RosterPosition.OFFICER, RosterPosition.AUXILIARY]
        ).order_by("position", "name")
        out.append({"district": district, "station": district.parent, "members": list(officers)})
    return out
