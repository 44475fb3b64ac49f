"""Actual houses (实有房屋) at standard addresses, with rental details."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import RestrictedManager
from jingwang.registry.models.base import RegistryRecord


class HouseType(models.TextChoices):
    APARTMENT = "apartment", _("Apartment")
    BUNGALOW = "bungalow", _("Single-storey house")
    VILLA = "villa", _("Villa")
    DORMITORY = "dormitory", _("Dormitory")
    SHOP = "shop", _("Shop front")
    OTHER = "other", _("Other")


class HouseUse(models.TextChoices):
    SELF_OCCUPIED = "self_occupied", _("Self-occupied")
    RENTED = "rented", _("Rented")
    VACANT = "vacant", _("Vacant")
    BUSINESS = "business", _("Business")
    MIXED = "mixed", _("Mixed")


class HazardLevel(models.TextChoices):
    NONE = "none", _("None")
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class House(RegistryRecord):
    """A dwelling or premises at one standard address."""

    address = models.OneToOneField(
        "registry.Address", verbose_name=_("address"), on_delete=models.PROTECT, related_name="house"
    )
    house_type = models.CharField(
        _("house type"), max_length=12, choices=HouseType.choices, default=HouseType.APARTMENT
    )
    use = models.CharField(_("use"), max_length=15, choices=HouseUse.choices, default=HouseUse.SELF_OCCUPIED)
    area_m2 = models.DecimalField(_("floor area (m²)"), max_digits=8, decimal_places=1, null=True, blank=True)
    owner = models.ForeignKey(
        "registry.Person", verbose_name=_("owner"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    landlord = models.ForeignKey(
        "registry.Person", verbose_name=_("landlord"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rental_start = models.DateField(_("rented since"), null=True, blank=True)
    security_letter_signed = models.BooleanField(_("security responsibility letter signed"), default=False)
    hazard_level = models.CharField(
        _("hazard level"), max_length=8, choices=HazardLevel.choices, default=HazardLevel.NONE
    )

    objects = RestrictedManager["House"]()

    class Meta:
        verbose_name = _("house")
        verbose_name_plural = _("houses")

    def __str__(self) -> str:
        return str(self.address_id)
