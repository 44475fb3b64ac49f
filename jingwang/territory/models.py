"""Territory: the administrative and police trees, sharing grids as their leaves (SYSTEM.md §2)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import Grant, RestrictedManager, under_any
from jingwang.core.tree import ancestor_paths


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


class NodeKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County / district")
    SUBDISTRICT = "subdistrict", _("Subdistrict / township")
    COMMUNITY = "community", _("Community / village")
    GRID = "grid", _("Grid")
    MICRO_GRID = "micro_grid", _("Micro-grid")
    BUREAU = "bureau", _("Sub-bureau")
    STATION = "station", _("Police station")
    POLICE_DISTRICT = "police_district", _("Police district")


def kind_label(kind: str) -> str:
    """The kind's name in the user's language (falls back to the code for an unknown kind)."""
    return str(NodeKind(kind).label) if kind in NodeKind.values else kind


ADMIN_KINDS = (
    NodeKind.PROVINCE,
    NodeKind.CITY,
    NodeKind.COUNTY,
    NodeKind.SUBDISTRICT,
    NodeKind.COMMUNITY,
    NodeKind.GRID,
    NodeKind.MICRO_GRID,
)
POLICE_KINDS = (NodeKind.BUREAU, NodeKind.STATION, NodeKind.POLICE_DISTRICT)
LEAF_KINDS = (NodeKind.GRID, NodeKind.MICRO_GRID)


class Node(models.Model):
    """One node of either territory tree; grids also hang under a police district."""

    kind = models.CharField(_("kind"), max_length=20, choices=NodeKind.choices)
    code = models.CharField(_("code"), max_length=18)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, unique=True)
    police_district = models.ForeignKey(
        "self",
        verbose_name=_("police district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="district_grids",
        limit_choices_to={"kind": NodeKind.POLICE_DISTRICT},
    )
    # A grid's path in the police tree, so "everything under a station" is one range as well.
    police_path = models.CharField(_("police path"), max_length=255, null=True, blank=True, db_index=True)
    depth = models.PositiveSmallIntegerField(_("depth"))
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedManager["Node"]()
    scope_filter = staticmethod(node_scope_filter)

    class Meta:
        verbose_name = _("territory node")
        verbose_name_plural = _("territory nodes")
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="territory_node_kind_code")]
        indexes = [models.Index(fields=["kind", "path"], name="territory_node_kind_path")]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def ref(self) -> str:
        """Unambiguous reference used in URLs and on the command line: `kind:code`."""
        return f"{self.kind}:{self.code}"

    @property
    def is_leaf_kind(self) -> bool:
        return self.kind in LEAF_KINDS

    def tree_paths(self) -> list[str]:
        return [p for p in (self.path, self.police_path) if p]


class TerritoryState(models.Model):
    """A single row whose token changes whenever boundaries do (drives the spatial index).

    A random token rather than a counter: a counter bumped in a transaction that is rolled back
    comes round to the same value again with other boundaries behind it."""

    boundary_token = models.CharField(_("boundary token"), max_length=32, default="")

    class Meta:
        verbose_name = _("territory state")

    def __str__(self) -> str:
        return f"boundaries {self.boundary_token}"

    @classmethod
    def bump(cls, **_: Any) -> None:
        cls.objects.update_or_create(pk=1, defaults={"boundary_token": uuid.uuid4().hex})
