"""Incidents (警情) from the 110 dispatch and records systems, and the code table of their categories."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import Grant, RestrictedManager, under_any
from jingwang.core.types import Viewer
from jingwang.territory.models import Node

# Grants on these nodes cover a whole county or more: their holders also see the incidents whose
# place matched no address and no grid, to put them right (no one else would ever see them).
WIDE_KINDS = ("county", "city", "province", "bureau")


class CategoryKind(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal")
    PUBLIC_ORDER = "public_order", _("Public order")
    TRAFFIC = "traffic", _("Traffic")
    DISPUTE = "dispute", _("Dispute")
    HELP = "help", _("Call for help")
    OTHER = "other", _("Other")


class IncidentCategory(models.Model):
    """One category of the incident code table (data the system administrator keeps, not code)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CategoryKind.choices)
    # 可防性案件: the figures' preventable-case rate and the return visits read this flag.
    preventable = models.BooleanField(_("preventable"), default=False)
    # 非警务警情: becomes a dispute or a work order rather than police work.
    non_police = models.BooleanField(_("non-police"), default=False)
    active = models.BooleanField(_("in use"), default=True)

    objects = RestrictedManager["IncidentCategory"]()
    scope_field = None  # not territorial: governed by role alone

    class Meta:
        verbose_name = _("incident category")
        verbose_name_plural = _("incident categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Outcome(models.TextChoices):
    """处警结果, as the dispatch systems report it."""

    HANDLED = "handled", _("Handled on the spot")
    MEDIATED = "mediated", _("Mediated on the spot")
    CASE_FILED = "case_filed", _("Case filed")
    TRANSFERRED = "transferred", _("Transferred")
    NO_ACTION = "no_action", _("No action needed")
    FALSE_ALARM = "false_alarm", _("False alarm")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    IMPORT = "import", _("File import")
    FEED = "feed", _("Dispatch feed")
    ENTRY = "entry", _("Entered by hand")


class Incident(models.Model):
    """One incident (警情) by its dispatch number. Callers' and victims' ID and phone numbers are
    encrypted at rest, looked up by blind index and shown masked, as the registry keeps them."""

    number = models.CharField(_("incident number"), max_length=40, unique=True)
    occurred_at = models.DateTimeField(_("occurred at"))
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    place_text = models.CharField(_("place (as reported)"), max_length=300, blank=True)
    address = models.ForeignKey(
        "registry.Address",
        verbose_name=_("standard address"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    house = models.ForeignKey(
        "registry.House", verbose_name=_("house"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grid = models.ForeignKey(
        "territory.Node",
        verbose_name=_("grid"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "grid"},
    )
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    category = models.ForeignKey(
        IncidentCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="incidents"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.OTHER)
    outcome_note = models.CharField(_("outcome (as reported)"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.IMPORT)
    caller_name = models.CharField(_("caller"), max_length=50, blank=True)
    caller_id_enc = models.TextField(_("caller ID number (encrypted)"), blank=True)
    caller_id_index = models.CharField(_("caller ID number index"), max_length=64, blank=True)
    caller_id_masked = models.CharField(_("caller ID number"), max_length=32, blank=True)
    caller_phone_enc = models.TextField(_("caller phone (encrypted)"), blank=True)
    caller_phone_index = models.CharField(_("caller phone index"), max_length=64, blank=True)
    caller_phone_masked = models.CharField(_("caller phone"), max_length=20, blank=True)
    victim_name = models.CharField(_("victim"), max_length=50, blank=True)
    victim_id_enc = models.TextField(_("victim ID number (encrypted)"), blank=True)
    victim_id_index = models.CharField(_("victim ID number index"), max_length=64, blank=True)
    victim_id_masked = models.CharField(_("victim ID number"), max_length=32, blank=True)
    victim_phone_enc = models.TextField(_("victim phone (encrypted)"), blank=True)
    victim_phone_index = models.CharField(_("victim phone index"), max_length=64, blank=True)
    victim_phone_masked = models.CharField(_("victim phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = RestrictedManager["Incident"]()
    scope_field = "grid"

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [
            # The figures count per node and period, and per category and period.
            models.Index(fields=["grid", "occurred_at"], name="incidents_grid_time"),
            models.Index(fields=["category", "occurred_at"], name="incidents_category_time"),
            models.Index(fields=["occurred_at"], name="incidents_time"),
            # Blind indexes: equality look-ups only.
            models.Index(fields=["caller_id_index"], name="incidents_caller_id"),
            models.Index(fields=["caller_phone_index"], name="incidents_caller_phone"),
            models.Index(fields=["victim_id_index"], name="incidents_victim_id"),
            models.Index(fields=["victim_phone_index"], name="incidents_victim_phone"),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.pk])

    @staticmethod
    def scope_filter(held: list[Grant], user: Viewer) -> Q:
        """The grids under the user's grants; with a county-wide grant, incidents on no grid too."""
        paths = sorted({g.path for g in held})
        q = Q(grid__in=Node.objects.filter(under_any("path", "police_path", paths)).values("id"))
        if any(g.ref.split(":")[0] in WIDE_KINDS for g in held):
            q |= Q(grid__isnull=True)
        return q


class IncidentTally(models.Model):
    """Incidents counted per grid, calendar month (local time) and category: what the figures sum
    over a viewer's grids instead of reading every incident. Kept by `record_incidents` in the
    same transaction; `tallies.rebuild_tallies` recomputes it from the raw rows (and must agree).
    Incidents on no grid are never counted here: no grid, no area to count them in."""

    grid = models.ForeignKey("territory.Node", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))  # the first day of the month
    category = models.ForeignKey(IncidentCategory, on_delete=models.PROTECT, related_name="+")
    n = models.PositiveIntegerField(_("incidents"))

    class Meta:
        verbose_name = _("incident tally")
        verbose_name_plural = _("incident tallies")
        constraints = [
            models.UniqueConstraint(fields=["month", "grid", "category"], name="incidents_tally_key"),
        ]
        indexes = [
            # A month over many grids, read from the index alone (category and count included).
            models.Index(fields=["month", "grid", "category", "n"], name="incidents_tally_cover"),
        ]

    def __str__(self) -> str:
        return f"{self.grid_id} {self.month:%Y-%m} {self.category_id}: {self.n}"
