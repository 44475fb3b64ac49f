"""Scoped access in one place (SECURITY 1-6).

A user holds roles, each over nodes of either territory tree. A row is visible for an action when
a role granting that action on the row's model is held over a node whose subtree contains the row's
node. Every model's default manager is built on `RestrictedQuerySet`; views, the API and services
start from `.restrict(user, action)`, so lists, counts, searches, exports and single objects agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Self, TypeVar

from django.db import models
from django.db.models import Q

from jingwang.core.roles import roles_for
from jingwang.core.tree import subtree_q

if TYPE_CHECKING:
    from jingwang.core.types import Actor, Viewer

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Grant:
    """One role held over one node (denormalised from RoleAssignment for the checks below)."""

    role: str
    node_id: int
    ref: str  # kind:code of the node, as shown in audit rows
    path: str
    police_path: str | None


GrantLoader = Callable[["Actor"], list[Grant]]
_grant_loader: list[GrantLoader] = []  # the accounts app registers the one loader at start-up


def register_grant_loader(loader: GrantLoader) -> None:
    _grant_loader[:] = [loader]


def grants(user: Viewer | None) -> list[Grant]:
    """The user's grants, loaded once per user object (i.e. once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cached: list[Grant] | None = getattr(user, "_jingwang_grants", None)
    if cached is None:
        if not _grant_loader:
            raise RuntimeError("no grant loader registered (is jingwang.accounts installed?)")
        cached = _grant_loader[0](user)  # type: ignore[arg-type]  # signed in: a User
        setattr(user, "_jingwang_grants", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def remember_grants(user: Actor, held: list[Grant]) -> None:
    """Grants loaded together with the user (the token look-up) so `grants()` needs no query. The
    user object was built by this request's own look-up, so `refresh_grants` keeps them."""
    setattr(user, "_jingwang_grants", held)  # noqa: B010 - the same per-request cache as grants()
    setattr(user, "_jingwang_grants_with_user", True)  # noqa: B010


def forget_grants(user: Viewer) -> None:
    for name in ("_jingwang_grants", "_jingwang_grants_with_user"):
        if hasattr(user, name):
            delattr(user, name)


def refresh_grants(user: Viewer) -> None:
    """At the start of a request: grants are computed afresh. A user object may carry grants from
    before (one forced on a test client, an object a caller keeps); those are dropped. Grants the
    request's own bearer-token look-up loaded with the user are this request's and are kept: the
    look-up reads token, user and grants in one statement, and forgetting them cost a second round
    trip on every API request."""
    if not getattr(user, "_jingwang_grants_with_user", False):
        forget_grants(user)


def model_label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def has_permission(user: Viewer | None, model: type[models.Model] | str, action: str) -> bool:
    """Whether any role of the user grants `action` on this kind of record (scope aside)."""
    label = model if isinstance(model, str) else model_label(model)
    allowed = roles_for(label, action)
    return any(g.role in allowed for g in grants(user))


def scope_grants(user: Viewer | None, model: type[models.Model] | str, action: str) -> list[Grant]:
    label = model if isinstance(model, str) else model_label(model)
    allowed = roles_for(label, action)
    return [g for g in grants(user) if g.role in allowed]


def under_any(field: str, police_field: str | None, paths: list[str]) -> Q:
    """Nodes lying under any of `paths`, in either tree (grids carry a path in both)."""
    qs = [subtree_q(field, p) for p in paths]
    if police_field:
        qs += [subtree_q(police_field, p) for p in paths]
    return reduce(or_, qs)


def _node_model(model: type[models.Model], scope_field: str) -> type[models.Model]:
    """The territory node model a `scope_field` path (`grid`, `house__grid`) ends on."""
    target: type[models.Model] = model
    for part in scope_field.split("__"):
        related = target._meta.get_field(part).related_model
        if related is None or isinstance(related, str):
            raise TypeError(f"{model.__name__}.scope_field {scope_field!r} does not lead to a node")
        target = related
    return target


class RestrictedQuerySet(models.QuerySet[M]):
    """A queryset that can narrow itself to what a user may see or do.

    Models say how their rows map to territory with `scope_field` (a foreign key to a territory
    node; None for records that are not territorial and are governed by role alone) or override
    `scope_filter(grants, user)` for anything else (e.g. cases referred to one person by name).
    """

    def restrict(self, user: Viewer | None, action: str = "view") -> Self:
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
        nodes = _node_model(self.model, field)._default_manager.filter(under_any("path", "police_path", paths))
        return self.filter(**{f"{field}__in": nodes.values("id")})


class RestrictedManager(models.Manager[M]):
    def get_queryset(self) -> RestrictedQuerySet[M]:
        return RestrictedQuerySet(self.model, using=self._db)

    def restrict(self, user: Viewer | None, action: str = "view") -> RestrictedQuerySet[M]:
        return self.get_queryset().restrict(user, action)
