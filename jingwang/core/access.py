"""Scoped access in one place (SECURITY 1-6).

A user holds roles, each over nodes of either territory tree. A row is visible for an action when
a role granting that action on the row's model is held over a node whose subtree contains the row's
node. Every model's default manager is built on `RestrictedQuerySet`; views, the API and services
start from `.restrict(user, action)`, so lists, counts, searches, exports and single objects agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.db import models
from django.db.models import Q

from jingwang.core.roles import roles_for
from jingwang.core.tree import ancestor_paths, subtree_q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from jingwang.accounts.models import User

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Grant:
    """One role held over one node (denormalised from RoleAssignment for the checks below)."""

    role: str
    node_id: int
    ref: str  # kind:code of the node, as shown in audit rows
    path: str
    police_path: str | None


def grants(user: User | AnonymousUser | None) -> list[Grant]:
    """The user's grants, loaded once per user object (i.e. once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached: list[Grant] | None = getattr(user, "_jingwang_grants", None)
    if cached is None:
        from jingwang.accounts.selectors import grants_of_user

        cached = grants_of_user(user)  # type: ignore[arg-type]
        setattr(user, "_jingwang_grants", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def remember_grants(user: Any, held: list[Grant]) -> None:
    """Grants loaded together with the user (the token look-up) so `grants()` needs no query."""
    setattr(user, "_jingwang_grants", held)  # noqa: B010 - the same per-request cache as grants()


def forget_grants(user: Any) -> None:
    if hasattr(user, "_jingwang_grants"):
        del user._jingwang_grants


def model_label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def has_permission(user: Any, model: type[models.Model] | str, action: str) -> bool:
    """Whether any role of the user grants `action` on this kind of record (scope aside)."""
    label = model if isinstance(model, str) else model_label(model)
    allowed = roles_for(label, action)
    return any(g.role in allowed for g in grants(user))


def scope_grants(user: Any, model: type[models.Model] | str, action: str) -> list[Grant]:
    label = model if isinstance(model, str) else model_label(model)
    allowed = roles_for(label, action)
    return [g for g in grants(user) if g.role in allowed]


def under_any(field: str, police_field: str | None, paths: list[str]) -> Q:
    """Nodes lying under any of `paths`, in either tree (grids carry a path in both)."""
    qs = [subtree_q(field, p) for p in paths]
    if police_field:
        qs += [subtree_q(police_field, p) for p in paths]
    return reduce(or_, qs)


def visible_node_ids(paths: list[str]) -> models.QuerySet[Any]:
    from jingwang.territory.models import Node

    return Node.objects.filter(under_any("path", "police_path", paths)).values("id")


class RestrictedQuerySet(models.QuerySet[M]):
    """A queryset that can narrow itself to what a user may see or do.

    Models say how their rows map to territory with `scope_field` (a foreign key to a territory
    node; None for records that are not territorial and are governed by role alone) or override
    `scope_filter(grants, user)` for anything else (e.g. cases referred to one person by name).
    """

    def restrict(self, user: Any, action: str = "view") -> Self:
        held = scope_grants(user, self.model, action)
        if not held:
            return self.none()
        custom = getattr(self.model, "scope_filter", None)
        if custom is not None:
            return self.filter(custom(held, user))
        field = getattr(self.model, "scope_field", "")
        if field is None:
            return self
        if not field:
            raise TypeError(f"{self.model.__name__} declares neither scope_field nor scope_filter")
        paths = sorted({g.path for g in held})
        return self.filter(**{f"{field}__in": visible_node_ids(paths)})


class RestrictedManager(models.Manager[M]):
    def get_queryset(self) -> RestrictedQuerySet[M]:
        return RestrictedQuerySet(self.model, using=self._db)

    def restrict(self, user: Any, action: str = "view") -> RestrictedQuerySet[M]:
        return self.get_queryset().restrict(user, action)


def node_scope_filter(held: list[Grant], user: Any = None) -> Q:
    """Territory nodes: everything under a held node, plus the ancestors that give it context."""
    paths = sorted({g.path for g in held})
    context: set[str] = set()
    for g in held:
        context.update(ancestor_paths(g.path))
        if g.police_path:
            context.update(ancestor_paths(g.police_path))
    q = under_any("path", "police_path", paths)
    if context:
        q |= Q(path__in=sorted(context))
    return q


def node_in_scope(user: Any, node: Any, model: type[models.Model] | str, action: str) -> bool:
    """Whether `node` lies under a node over which the user holds a role granting `action`."""
    from jingwang.territory.models import Node

    paths = sorted({g.path for g in scope_grants(user, model, action)})
    return bool(paths) and Node.objects.filter(pk=node.pk).filter(under_any("path", "police_path", paths)).exists()
