"""Precomputed cluster cells: the points of a clustered layer counted per zoom, cell and grid."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import RestrictedManager


class MapCell(models.Model):
    """How many of a layer's points lie in one cell of one zoom level, within one grid.

    A cell at zoom z is (90 / 2^z)° square in longitude and latitude (a quarter of a tile's width:
    about 64 px on screen); keeping the grid in the key lets a request add up only the cells of
    the grids the viewer may see, so the scope is applied to the counts too. Rebuilt from the
    layer's rows by `maps.cells.rebuild` (periodically, and after bulk loads)."""

    layer = models.CharField(_("layer"), max_length=40)
    zoom = models.PositiveSmallIntegerField(_("zoom"))
    cx = models.IntegerField(_("cell column"))
    cy = models.IntegerField(_("cell row"))
    grid = models.ForeignKey("territory.Node", verbose_name=_("grid"), on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(_("number of points"))
    lon_sum = models.FloatField(_("sum of longitudes"))
    lat_sum = models.FloatField(_("sum of latitudes"))

    objects = RestrictedManager["MapCell"]()
    scope_field = "grid"

    class Meta:
        verbose_name = _("map cell")
        verbose_name_plural = _("map cells")
        indexes = [models.Index(fields=["layer", "zoom", "cx", "cy"], name="maps_cell_lookup")]

    def __str__(self) -> str:
        return f"{self.layer} z{self.zoom} ({self.cx},{self.cy}) ×{self.count}"


class MapCellState(models.Model):
    """When a layer's cells were last built, and from how many points."""

    layer = models.CharField(_("layer"), max_length=40, unique=True)
    built_at = models.DateTimeField(_("built at"))
    points = models.PositiveIntegerField(_("points"))

    objects = RestrictedManager["MapCellState"]()
    scope_field = None  # no territory: governed by role alone

    class Meta:
        verbose_name = _("map cell state")
        verbose_name_plural = _("map cell states")

    def __str__(self) -> str:
        return f"{self.layer} @ {self.built_at:%Y-%m-%d %H:%M}"
