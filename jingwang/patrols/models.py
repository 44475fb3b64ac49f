"""Patrols (巡逻): planned over an area (a grid or a police district) or a route, or started on the
spot; its check-ins (the device's location, the time, what was seen) and what it raised."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import Case
from jingwang.core.access import RestrictedManager
from jingwang.core.halfdays import HalfDayManager, HalfDayRecord


class Kind(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AD_HOC = "ad_hoc", _("Ad hoc")


class Status(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Under way")
    DONE = "done", _("Finished")


class RaisedKind(models.TextChoices):
    HAZARD = "hazard", _("Hazard")
    DISPUTE = "dispute", _("Dispute")
    WORKORDER = "workorder", _("Work order")


class Patrol(models.Model):
    """One patrol: where (an area and/or a route), who, when; its state follows its check-ins."""

    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.PLANNED)
    area = models.ForeignKey("territory.Node", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    route = models.CharField(_("route"), max_length=500, blank=True, default="")
    route_points = models.JSONField(_("route points"), default=list, blank=True)
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="patrols"
    )
    planned_start = models.DateTimeField(_("planned start"), null=True, blank=True)
    planned_end = models.DateTimeField(_("planned end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PLANNED)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RestrictedManager["Patrol"]()
    scope_field = "area"

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        indexes = [models.Index(fields=["area", "planned_start"], name="patrols_area_start")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("patrols:detail", args=[self.pk])


class CheckIn(HalfDayRecord):
    """A point of a patrol: who, when, where the device was (WGS-84) and what was seen; `local_day`
    and `afternoon` are the half-day of `at`, kept by every write (jingwang.core.halfdays)."""

    patrol = models.ForeignKey(Patrol, verbose_name=_("patrol"), on_delete=models.PROTECT, related_name="checkins")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="patrol_checkins"
    )
    at = models.DateTimeField(_("time"))
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    seen = models.CharField(_("what was seen"), max_length=1000, blank=True, default="")

    objects = HalfDayManager["CheckIn"]()
    scope_field = "patrol__area"
    half_day_of = "at"

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        indexes = [
            models.Index(fields=["by", "at"], name="patrols_checkin_by_at"),
            models.Index(fields=["at"], name="patrols_checkin_at"),
            # a week's figures: the distinct half-days per person
            models.Index(fields=["local_day", "by", "afternoon"], name="patrols_checkin_day_by_half"),
        ]

    def __str__(self) -> str:
        return f"{self.patrol} {self.at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return self.patrol.get_absolute_url()


class Raised(models.Model):
    """A case raised on the spot during a patrol (a hazard, a dispute or a work order)."""

    patrol = models.ForeignKey(Patrol, verbose_name=_("patrol"), on_delete=models.PROTECT, related_name="raised")
    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=RaisedKind.choices)

    objects = RestrictedManager["Raised"]()
    scope_field = "patrol__area"

    class Meta:
        verbose_name = _("raised on patrol")
        verbose_name_plural = _("raised on patrol")

    def __str__(self) -> str:
        return str(self.case)
