"""Home visits (入户走访): a visit to a registry address, house or unit — why, who was met, what
was learnt, what must follow. Data collected on a visit goes through the registry's collect →
verify queue; the visit keeps the submissions it made."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.core.halfdays import HalfDayManager, HalfDayRecord


class Purpose(models.TextChoices):
    ROUTINE = "routine", _("Routine visit")
    COLLECTION = "collection", _("Collection (一标三实)")
    FOCUS = "focus", _("Focus person")
    SAFETY = "safety", _("Safety and fire check")
    PUBLICITY = "publicity", _("Crime prevention publicity")
    OTHER = "other", _("Other")


class Visit(HalfDayRecord):
    """One home visit by an officer (or grid worker) to a place of the registry; `local_day` and
    `afternoon` are the half-day of `visited_at`, kept by every write (jingwang.core.halfdays)."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("visited by"), on_delete=models.PROTECT, related_name="home_visits"
    )
    visited_at = models.DateTimeField(_("visited at"))
    grid = models.ForeignKey("territory.Node", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    address = models.ForeignKey(
        "registry.Address", verbose_name=_("address"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    house = models.ForeignKey(
        "registry.House", verbose_name=_("house"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "registry.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.ROUTINE)
    met = models.CharField(_("who was met"), max_length=200, blank=True, default="")
    learnt = models.TextField(_("what was learnt"), blank=True, default="")
    follow_up = models.CharField(_("follow-up needed"), max_length=500, blank=True, default="")
    collections = models.ManyToManyField(
        "registry.Collection", verbose_name=_("data collected"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = HalfDayManager["Visit"]()
    scope_field = "grid"
    half_day_of = "visited_at"

    class Meta:
        verbose_name = _("home visit")
        verbose_name_plural = _("home visits")
        indexes = [
            models.Index(fields=["officer", "visited_at"], name="visits_officer_at"),
            models.Index(fields=["visited_at"], name="visits_at"),
            # a week's figures: its visits and the distinct half-days per officer
            models.Index(fields=["local_day", "officer", "afternoon"], name="visits_day_officer_half"),
        ]

    def __str__(self) -> str:
        return f"{self.place_name} {self.visited_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("visits:detail", args=[self.pk])

    @property
    def place_name(self) -> str:
        if self.unit is not None:
            return self.unit.name
        if self.house is not None:
            return str(self.house.address)
        return str(self.address) if self.address is not None else ""
