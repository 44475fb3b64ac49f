"""Actual units (实有单位): organisations with a unified social credit code."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import RestrictedManager
from jingwang.registry.models.base import RegistryRecord


class UnitType(models.TextChoices):
    COMPANY = "company", _("Company")
    INDIVIDUAL = "individual", _("Individual business")
    PUBLIC = "public", _("Public institution")
    GOVERNMENT = "government", _("Government body")
    SOCIAL = "social", _("Social organisation")
    OTHER = "other", _("Other")


class Industry(models.TextChoices):
    HOTEL = "hotel", _("Hotel and lodging")
    SECOND_HAND = "second_hand", _("Second-hand and pawn")
    ENTERTAINMENT = "entertainment", _("Entertainment")
    LOGISTICS = "logistics", _("Logistics and delivery")
    HAZARDOUS = "hazardous", _("Hazardous goods")
    RENTAL_AGENCY = "rental_agency", _("Rental agency")
    CATERING = "catering", _("Catering")
    RETAIL = "retail", _("Retail")
    MANUFACTURING = "manufacturing", _("Manufacturing")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


KEY_INDUSTRIES = {
    Industry.HOTEL,
    Industry.SECOND_HAND,
    Industry.ENTERTAINMENT,
    Industry.LOGISTICS,
    Industry.HAZARDOUS,
    Industry.RENTAL_AGENCY,
}


class Unit(RegistryRecord):
    """An organisation in the territory."""

    name = models.CharField(_("name"), max_length=200, db_index=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    unit_type = models.CharField(_("unit type"), max_length=12, choices=UnitType.choices, default=UnitType.COMPANY)
    industry = models.CharField(_("industry"), max_length=16, choices=Industry.choices, default=Industry.OTHER)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    security_contact = models.CharField(_("security contact"), max_length=50, blank=True)
    security_contact_phone_enc = models.TextField(_("security contact phone (encrypted)"), blank=True)
    security_contact_phone_index = models.CharField(_("security contact phone index"), max_length=64, blank=True)
    security_contact_phone_masked = models.CharField(_("security contact phone"), max_length=20, blank=True)
    staff_count = models.PositiveIntegerField(_("staff"), null=True, blank=True)
    address = models.ForeignKey(
        "registry.Address",
        verbose_name=_("address"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    is_key_industry = models.BooleanField(_("key industry"), default=False)

    objects = RestrictedManager["Unit"]()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        # Equality look-ups only: no pattern index on PostgreSQL (see Person).
        indexes = [models.Index(fields=["security_contact_phone_index"], name="registry_unit_phone_index")]

    def __str__(self) -> str:
        return self.name
