"""Police offices (警务室): one or more per police district, with the standard they meet."""

from __future__ import annotations

from django.db import models
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
