"""Standard addresses (标准地址), the root of the registry, and their aliases."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jingwang.core.access import RestrictedManager
from jingwang.registry.models.base import RegistryRecord


class Address(RegistryRecord):
    """A standard address: division codes, village group, road, number, compound, building, unit, floor, room."""

    division_code = models.CharField(_("county code"), max_length=6, db_index=True)
    township_code = models.CharField(_("township code"), max_length=9, blank=True, db_index=True)
    community = models.CharField(_("community"), max_length=100, blank=True)
    # 村民小组 (GA/T 2000.32 level 34): its own level beside road and compound, never a road.
    group = models.CharField(_("village group"), max_length=30, blank=True)
    road = models.CharField(_("road / street / lane"), max_length=100, blank=True)
    road_number = models.CharField(_("number"), max_length=30, blank=True)
    compound = models.CharField(_("compound"), max_length=100, blank=True)
    building = models.CharField(_("building"), max_length=30, blank=True)
    unit = models.CharField(pgettext_lazy("part of a building", "unit"), max_length=30, blank=True)
    floor = models.CharField(_("floor"), max_length=30, blank=True)
    room = models.CharField(_("room"), max_length=30, blank=True)
    # Where the place is or what it is used as (门面房, 对面, 东门), as written: not a component,
    # not part of the standard text.
    note = models.CharField(_("note"), max_length=100, blank=True)
    canonical = models.CharField(_("standard text"), max_length=300, unique=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)

    objects = RestrictedManager["Address"]()

    class Meta:
        verbose_name = _("standard address")
        verbose_name_plural = _("standard addresses")
        indexes = [models.Index(fields=["grid", "is_active"], name="registry_address_grid")]

    def __str__(self) -> str:
        return self.canonical


class AddressAlias(models.Model):
    """Another spelling of a standard address that should resolve to it."""

    address = models.ForeignKey(Address, verbose_name=_("address"), on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(_("alias"), max_length=300, unique=True)

    objects = RestrictedManager["AddressAlias"]()
    scope_field = "address__grid"

    class Meta:
        verbose_name = _("address alias")
        verbose_name_plural = _("address aliases")

    def __str__(self) -> str:
        return self.text
