"""Watch points (平安守望点): shops, pharmacies and gatehouses that offer refuge, raise the alarm,
help, inform and pass on intelligence; and what their keepers report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import Grant, RestrictedManager, under_any
from jingwang.core.roles import Role
from jingwang.core.types import Viewer
from jingwang.territory.models import Node


class PlaceKind(models.TextChoices):
    SHOP = "shop", _("Shop")
    SUPERMARKET = "supermarket", _("Supermarket")
    GATEHOUSE = "gatehouse", _("Gatehouse")
    PHARMACY = "pharmacy", _("Pharmacy")
    OTHER = "other", _("Other")


class Function(models.TextChoices):
    REFUGE = "refuge", _("Refuge")
    ALARM = "alarm", _("Alarm")
    HELP = "help", _("Help")
    INFORMATION = "information", _("Information")
    INTELLIGENCE = "intelligence", _("Intelligence")


def _scope(held: list[Grant], user: Viewer | None, grid_field: str, keeper_field: str) -> Q:
    """Staff by territory; a keeper sees the watch points they keep (and their reports)."""
    q = Q(pk__in=[])
    if any(g.role == Role.WATCH_POINT_KEEPER for g in held):
        q |= Q(**{keeper_field: getattr(user, "pk", None)})
    paths = sorted({g.path for g in held if g.role != Role.WATCH_POINT_KEEPER})
    if paths:
        q |= Q(**{f"{grid_field}__in": Node.objects.filter(under_any("path", "police_path", paths)).values("id")})
    return q


class WatchPoint(models.Model):
    """A place that serves as a watch point, with its keeper (the contact person)."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind of place"), max_length=20, choices=PlaceKind.choices)
    functions = models.JSONField(_("functions"), default=list)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    grid = models.ForeignKey(Node, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    keeper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = RestrictedManager["WatchPoint"]()

    class Meta:
        verbose_name = _("watch point")
        verbose_name_plural = _("watch points")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def function_labels(self) -> str:
        return "、".join(str(Function(f).label) for f in self.functions if f in Function.values)

    @staticmethod
    def scope_filter(held: list[Grant], user: Viewer | None) -> Q:
        return _scope(held, user, "grid", "keeper_id")


class ReportKind(models.TextChoices):
    TIP = "tip", _("A tip")
    PERSON_IN_NEED = "person_in_need", _("Someone in need")
    SHELTERED = "sheltered", _("Someone took refuge here")


class Report(models.Model):
    """What a watch point reports from a phone; the community officer is told in the inbox."""

    watch_point = models.ForeignKey(
        WatchPoint, verbose_name=_("watch point"), on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    text = models.CharField(_("text"), max_length=1000)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    objects = RestrictedManager["Report"]()

    class Meta:
        verbose_name = _("watch point report")
        verbose_name_plural = _("watch point reports")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.watch_point_id}: {self.text[:30]}"

    @staticmethod
    def scope_filter(held: list[Grant], user: Viewer | None) -> Q:
        return _scope(held, user, "watch_point__grid", "watch_point__keeper_id")
