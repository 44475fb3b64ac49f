"""Police offices (警务室): one or more per police district, with the standard they meet."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import RestrictedManager
from jingwang.territory.models import Node


class PoliceOffice(models.Model):
    """A police office of a police district. Its phone is the office's work phone: the public portal
    shows it, so it is never a person's own number."""

    district = models.ForeignKey(Node, verbose_name=_("police district"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=300)
    # WGS-84 / CGCS2000, as every coordinate the platform stores (converted only at the map).
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True, default="")
    phone = models.CharField(_("work phone"), max_length=30, blank=True, default="")
    # The standard (警务室建设标准): a room of its own, the sign, and the functions it offers.
    separate_room = models.BooleanField(_("separate room"), default=False)
    has_sign = models.BooleanField(_("sign displayed"), default=False)
    functions = models.JSONField(_("functions"), default=list, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    # The police on duty at the office (警务室值守): officers and auxiliaries of the district.
    on_duty = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("staff on duty"), blank=True, related_name="police_offices"
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedManager["PoliceOffice"]()
    scope_field = "district"

    class Meta:
        verbose_name = _("police office")
        verbose_name_plural = _("police offices")
        ordering = ["district__code", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("offices:detail", args=[self.pk])

    @property
    def missing_functions(self) -> list[str]:
        return [code for code in STANDARD_FUNCTIONS if code not in (self.functions or [])]

    @property
    def meets_standard(self) -> bool:
        """The standard (警务室建设标准): a room of its own, the sign, every standard function."""
        return self.separate_room and self.has_sign and not self.missing_functions


class Function(models.TextChoices):
    RECEPTION = "reception", _("Receiving the public")
    MEDIATION = "mediation", _("Mediating disputes")
    SERVICES = "services", _("Permits and certificates advice")
    PATROL = "patrol", _("Patrol base")
    PREVENTION = "prevention", _("Crime prevention advice")


# What an office must offer to meet the standard (the others are welcome, not required).
STANDARD_FUNCTIONS = (Function.RECEPTION, Function.MEDIATION, Function.SERVICES)
