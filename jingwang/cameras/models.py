"""Cameras and recorders (GB/T 28181), the raw status events from the video platform, the
materialised day per camera, and the outages that raised a work order."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import RestrictedManager
from jingwang.territory.models import Node

from . import gbid


class OwnerKind(models.TextChoices):
    PUBLIC = "public", _("Public")
    COMMUNITY = "community", _("Community")
    VENUE = "venue", _("Venue")


class PlaceClass(models.TextChoices):
    """The covered place, as the targets know it: key public areas (98%), trades and venues (95%)."""

    KEY_PUBLIC = "key_public", _("Key public area")
    TRADE = "trade", _("Key trade or venue")
    OTHER = "other", _("Other place")


class Status(models.TextChoices):
    ON = "on", _("Online")
    OFF = "off", _("Offline")
    VLOST = "vlost", _("Video lost")
    DEFECT = "defect", _("Defect")


class Camera(models.Model):
    """A camera or recorder registered with its GB/T 28181 ID; the ID's parts are kept decoded."""

    gb_id = models.CharField(_("GB/T 28181 ID"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    type_code = models.CharField(_("type code"), max_length=3, editable=False)
    centre_code = models.CharField(_("centre code"), max_length=8, editable=False)
    industry_code = models.CharField(_("industry code"), max_length=2, editable=False)
    network_code = models.CharField(_("network code"), max_length=1, blank=True, default="", editable=False)
    grid = models.ForeignKey(Node, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    owner_kind = models.CharField(_("owner"), max_length=12, choices=OwnerKind.choices, default=OwnerKind.PUBLIC)
    place_class = models.CharField(
        _("place covered"), max_length=12, choices=PlaceClass.choices, default=PlaceClass.KEY_PUBLIC
    )
    place_type = models.CharField(_("place type (platform)"), max_length=30, blank=True, default="")
    # Registration: availability counts time from here (epoch seconds, as the status events).
    registered_at = models.DateTimeField(_("registered at"))
    registered_ts = models.BigIntegerField(editable=False)
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = RestrictedManager["Camera"]()
    scope_field = "grid"

    class Meta:
        verbose_name = _("camera")
        verbose_name_plural = _("cameras")
        ordering = ["gb_id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.gb_id})"

    def get_absolute_url(self) -> str:
        return reverse("cameras:detail", args=[self.pk])

    @property
    def type_label(self) -> Any:
        return gbid.TYPES.get(self.type_code, self.type_code)

    @property
    def network_label(self) -> Any:
        return gbid.NETWORKS.get(self.network_code, "")

    @property
    def is_recorder(self) -> bool:
        return self.type_code in gbid.RECORDER_TYPES

    @property
    def target(self) -> float:
        return target_for(self.place_class)


def target_for(place_class: str) -> float:
    targets: dict[str, float] = settings.CAMERAS_TARGETS
    return targets.get(place_class, targets["other"])


class StatusEvent(models.Model):
    """One status event as the platform sent it: kept raw, so any definition can be recomputed.
    `at` is the platform's event time in epoch seconds; a repeat (same camera, time, status) is
    stored once."""

    camera = models.ForeignKey(Camera, verbose_name=_("camera"), on_delete=models.CASCADE, related_name="+")
    at = models.BigIntegerField(_("event time (epoch seconds)"))
    status = models.CharField(_("status"), max_length=6, choices=Status.choices)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    objects = RestrictedManager["StatusEvent"]()
    scope_field = "camera__grid"

    class Meta:
        verbose_name = _("camera status event")
        verbose_name_plural = _("camera status events")
        constraints = [models.UniqueConstraint(fields=["camera", "at", "status"], name="cameras_event_once")]
        indexes = [models.Index(fields=["at"], name="cameras_event_at")]

    def __str__(self) -> str:
        return f"{self.camera_id}@{self.at}:{self.status}"


class CameraDay(models.Model):
    """A camera's day (local time), materialised by the roll-up: seconds registered, online
    (ON, video lost, defect), in working order (ON only) and in each state."""

    camera = models.ForeignKey(Camera, verbose_name=_("camera"), on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("day"))
    registered_s = models.IntegerField(_("seconds registered"))
    online_s = models.IntegerField(_("seconds online"))
    ok_s = models.IntegerField(_("seconds in working order"))
    vlost_s = models.IntegerField(_("seconds video lost"))
    defect_s = models.IntegerField(_("seconds defect"))

    objects = RestrictedManager["CameraDay"]()
    scope_field = "camera__grid"

    class Meta:
        verbose_name = _("camera day")
        verbose_name_plural = _("camera days")
        constraints = [models.UniqueConstraint(fields=["camera", "day"], name="cameras_day_once")]
        indexes = [models.Index(fields=["day"], name="cameras_day_day")]

    def __str__(self) -> str:
        return f"{self.camera_id}:{self.day}"


class Outage(models.Model):
    """A camera offline past the threshold: one work order to the maintenance department. At most
    one open outage per camera (the constraint holds with any number of workers)."""

    camera = models.ForeignKey(Camera, verbose_name=_("camera"), on_delete=models.CASCADE, related_name="outages")
    started_at = models.BigIntegerField(_("offline since (epoch seconds)"))
    ended_at = models.BigIntegerField(_("back online (epoch seconds)"), null=True, blank=True)
    workorder = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("work order"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedManager["Outage"]()
    scope_field = "camera__grid"

    class Meta:
        verbose_name = _("camera outage")
        verbose_name_plural = _("camera outages")
        constraints = [
            models.UniqueConstraint(
                fields=["camera"], condition=models.Q(ended_at__isnull=True), name="cameras_one_open_outage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.camera_id}@{self.started_at}"


class AvailabilityWarning(models.Model):
    """A community told its cameras were below target on a day (once per community and day)."""

    community = models.ForeignKey(Node, verbose_name=_("community"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    ok_rate = models.FloatField(_("working-order rate"))
    target = models.FloatField(_("target"))

    objects = RestrictedManager["AvailabilityWarning"]()
    scope_field = "community"

    class Meta:
        verbose_name = _("availability warning")
        verbose_name_plural = _("availability warnings")
        constraints = [models.UniqueConstraint(fields=["community", "day"], name="cameras_warning_once")]

    def __str__(self) -> str:
        return f"{self.community_id}:{self.day}"
