"""Safety hazards (安全隐患): the categories (a code table) and what only a hazard case has — where
it was found, the category, who must rectify it by when, and the work order it was handed over as."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import Case, case_scope_filter
from jingwang.core.access import Grant, RestrictedManager

HAZARD = "hazards.hazard"


class Group(models.TextChoices):
    FIRE = "fire", _("Fire safety")
    HOUSING = "housing", _("Housing")
    SECURITY = "security", _("Public security")


class HandOverTo(models.TextChoices):
    FIRE = "fire", _("Fire service")
    HOUSING = "housing", _("Housing department")
    SUBDISTRICT = "subdistrict", _("Subdistrict office")


class Responsible(models.TextChoices):
    UNIT = "unit", _("Unit")
    OWNER = "owner", _("Owner or tenant")
    PROPERTY = "property", _("Property management")
    OTHER = "other", _("Other")


class Category(models.Model):
    """A kind of hazard with its legal basis and the default rectification period (data)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    group = models.CharField(_("group"), max_length=10, choices=Group.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True, default="")
    rectification_days = models.PositiveSmallIntegerField(_("rectification period (days)"), default=7)
    serious = models.BooleanField(_("serious"), default=False)
    hand_over_to = models.CharField(_("handed over to"), max_length=12, choices=HandOverTo.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = RestrictedManager["Category"]()
    scope_field = None  # a code table: governed by role alone

    class Meta:
        verbose_name = _("hazard category")
        verbose_name_plural = _("hazard categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Hazard(models.Model):
    """What only a hazard case has: category, place, the responsible party and the deadline."""

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="hazard")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    serious = models.BooleanField(_("serious"), default=False)
    house = models.ForeignKey(
        "registry.House", verbose_name=_("house"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    place = models.CharField(_("place"), max_length=200, blank=True, default="")
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    responsible_kind = models.CharField(
        _("responsible party"), max_length=10, choices=Responsible.choices, blank=True, default=""
    )
    responsible_name = models.CharField(_("responsible party's name"), max_length=100, blank=True, default="")
    rectification_days = models.PositiveSmallIntegerField(_("rectification period (days)"), default=7)
    rectify_by = models.DateTimeField(_("rectify by"), null=True, blank=True)
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    workorder = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("work order"), null=True, blank=True, on_delete=models.PROTECT
    )

    objects = RestrictedManager["Hazard"]()

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        constraints = [
            # A work order is raised for a hazard once, whichever worker gets there first.
            models.UniqueConstraint(fields=["workorder"], name="hazards_one_hazard_per_workorder")
        ]

    def __str__(self) -> str:
        return str(self.case)

    def get_absolute_url(self) -> str:
        return reverse("hazards:detail", args=[self.pk])

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return case_scope_filter(held, user, prefix="case__")
