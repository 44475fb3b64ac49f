"""Area alerts (定向推送): an alert sent to the people of an area, and each recipient's answer."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.core import uploads
from jingwang.core.access import Grant, RestrictedManager
from jingwang.core.types import Viewer
from jingwang.territory.models import Node


class Priority(models.TextChoices):
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")  # a text message when still unread after the alert's minutes
    URGENT = "urgent", _("Urgent")  # a text message at once


class AlertKind(models.TextChoices):
    MISSING_PERSON = "missing_person", _("Missing person")
    WANTED_VEHICLE = "wanted_vehicle", _("Wanted vehicle")
    WANTED_PERSON = "wanted_person", _("Wanted person")
    WEATHER = "weather", _("Weather warning")
    OTHER = "other", _("Other")


class Audience(models.TextChoices):
    """Who in the area receives an alert: each is a role held over the area (or the 1+X+N roster)."""

    GRID_WORKERS = "grid_workers", _("Grid workers")
    ROSTER = "roster", _("1+X+N members")
    VOLUNTEERS = "volunteers", _("Volunteers")
    WATCH_POINTS = "watch_points", _("Watch points")
    OFFICERS = "officers", _("Community and auxiliary officers")


class Alert(models.Model):
    """An alert pushed to the people of chosen grids (or of a radius around a point)."""

    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices, default=AlertKind.OTHER)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("text"), max_length=2000)
    # The node the sender sent it from (their station or police district): who may watch its board.
    origin = models.ForeignKey(Node, verbose_name=_("sent from"), on_delete=models.PROTECT, related_name="+")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sender"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.JSONField(_("area"), default=list, help_text=_("the nodes picked (kind:code)"))
    center_lon = models.FloatField(_("centre longitude"), null=True, blank=True)
    center_lat = models.FloatField(_("centre latitude"), null=True, blank=True)
    radius_m = models.PositiveIntegerField(_("radius (m)"), null=True, blank=True)
    grids = models.ManyToManyField(Node, verbose_name=_("grids"), related_name="+", blank=True)
    audiences = models.JSONField(_("audiences"), default=list)
    sms_after_minutes = models.PositiveIntegerField(_("text message when unread after (minutes)"), default=10)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closing_note = models.CharField(_("closing note"), max_length=500, blank=True)

    objects = RestrictedManager["Alert"]()
    scope_field = "origin"

    class Meta:
        verbose_name = _("area alert")
        verbose_name_plural = _("area alerts")
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.closed_at is not None:
            return str(_("Closed"))
        if self.expires_at <= timezone.now():
            return str(_("Expired"))
        return str(_("In progress"))


def alert_file_path(instance: Any, filename: str) -> str:
    return uploads.random_name(uploads.COLLECTION_PHOTO.folder)


class AlertPhoto(models.Model):
    """A photo sent with an alert (the missing person, the vehicle)."""

    alert = models.ForeignKey(Alert, verbose_name=_("alert"), on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), storage=uploads.private_storage, upload_to=alert_file_path, max_length=200)
    detected_type = models.CharField(_("type"), max_length=100)
    name = models.CharField(_("file name"), max_length=200, blank=True)

    objects = RestrictedManager["AlertPhoto"]()
    scope_field = "alert__origin"

    class Meta:
        verbose_name = _("alert photo")
        verbose_name_plural = _("alert photos")

    def __str__(self) -> str:
        return self.name or self.image.name


class Delivery(models.Model):
    """One recipient of one alert: delivered (in the inbox), read, acknowledged."""

    alert = models.ForeignKey(Alert, verbose_name=_("alert"), on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    delivered_at = models.DateTimeField(_("delivered at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    texted_at = models.DateTimeField(_("text message at"), null=True, blank=True)

    objects = RestrictedManager["Delivery"]()

    class Meta:
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["alert", "recipient"], name="alerts_delivery_once")]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="alerts_delivery_inbox"),
            models.Index(
                fields=["alert"],
                condition=Q(read_at__isnull=True, texted_at__isnull=True),
                name="alerts_unread_untexted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.recipient_id}"

    @staticmethod
    def scope_filter(held: list[Grant], user: Viewer | None) -> Q:
        """A recipient reads their own deliveries and nobody else's (the sender reads them on the
        alert's board, in the alert's scope)."""
        return Q(recipient_id=getattr(user, "pk", None))


def feedback_file_path(instance: Any, filename: str) -> str:
    return uploads.random_name(uploads.COLLECTION_PHOTO.folder)


class Feedback(models.Model):
    """What a recipient reports back: text, a photo, where they saw it ("seen at …")."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="feedback"
    )
    text = models.CharField(_("text"), max_length=1000, blank=True)
    place = models.CharField(_("seen at"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    photo = models.FileField(
        _("photo"), storage=uploads.private_storage, upload_to=feedback_file_path, max_length=200, blank=True
    )
    photo_type = models.CharField(_("photo type"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)

    objects = RestrictedManager["Feedback"]()

    class Meta:
        verbose_name = _("alert feedback")
        verbose_name_plural = _("alert feedback")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:40] or self.place

    @staticmethod
    def scope_filter(held: list[Grant], user: Viewer | None) -> Q:
        """The reporter reads their own; the alert's senders read it through the board."""
        return Q(delivery__recipient_id=getattr(user, "pk", None))
