"""Key trades and venues (重点行业场所): trades as data, venues on registry units, their staff
filings, incident reports, guest registrations and inspections (a casework case type).

Scope: police and grid roles by the venue's grid (the unit's); a venue operator only the venues
it operates (Venue.operators), whatever node its role is held over."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import Case
from jingwang.core.access import Grant, RestrictedManager
from jingwang.core.roles import Role
from jingwang.territory.scope import visible_node_ids

USER = settings.AUTH_USER_MODEL
INSPECTION = "venues.inspection"  # the case types' codes (casetype.py)
INCIDENT = "venues.incident"


def venue_scope_filter(held: list[Grant], user: Any, prefix: str = "") -> Q:
    """Territory for the police and grid roles; the operated venues for a venue operator."""
    q = Q(pk__in=[])
    territorial = sorted({g.path for g in held if g.role != Role.VENUE_OPERATOR})
    if territorial:
        q |= Q(**{f"{prefix}unit__grid__in": visible_node_ids(territorial)})
    if any(g.role == Role.VENUE_OPERATOR for g in held) and user is not None and user.is_authenticated:
        # A subquery, not a join: a venue with several operators is still one row.
        operated = Venue.operators.through.objects.filter(user_id=user.pk).values("venue_id")
        q |= Q(**{f"{prefix}in" if prefix else "pk__in": operated})
    return q


class Trade(models.Model):
    """One key trade and its duties: what is registered, deadlines, retention, who is told."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=50)
    must_register = models.TextField(_("what must be registered"))
    staff_filing_hours = models.PositiveIntegerField(_("staff filing deadline (hours)"), default=24)
    incident_report_minutes = models.PositiveIntegerField(_("incident report deadline (minutes)"), default=60)
    filing_days = models.PositiveIntegerField(_("venue filing with the police (days)"), null=True, blank=True)
    retention_days = models.PositiveIntegerField(_("retention (days)"), null=True, blank=True)
    who_is_told = models.TextField(_("who is told, how fast"), blank=True)
    registers_guests = models.BooleanField(_("registers guests (实名登记)"), default=False)
    barred_categories = models.JSONField(_("matches barred from working here"), default=list, blank=True)
    checklist = models.JSONField(_("inspection checklist"), default=list)
    rectification_days = models.PositiveIntegerField(_("rectification period (days)"), default=7)
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = RestrictedManager["Trade"]()
    scope_field = None  # reference data: governed by role alone

    class Meta:
        verbose_name = _("key trade")
        verbose_name_plural = _("key trades")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Grade(models.TextChoices):
    A = "A", _("A (inspected quarterly)")
    B = "B", _("B (inspected monthly)")
    C = "C", _("C (warned, inspected twice a month)")
    D = "D", _("D (rectify, inspected weekly)")


# Points deducted over twelve months → grade; the grade → days between inspections.
GRADE_FLOORS = ((10, Grade.D), (6, Grade.C), (3, Grade.B), (0, Grade.A))
INSPECTION_DAYS = {Grade.A: 90, Grade.B: 30, Grade.C: 15, Grade.D: 7}


def grade_for(points: int) -> str:
    return next(g for floor, g in GRADE_FLOORS if points >= floor)


class Venue(models.Model):
    """A registry unit in a key trade, with its licence, grade, contacts and officer."""

    unit = models.OneToOneField("registry.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="venue")
    trade = models.ForeignKey(Trade, verbose_name=_("trade"), on_delete=models.PROTECT, related_name="venues")
    licence_number = models.CharField(_("licence number"), max_length=50, blank=True)
    licence_issuer = models.CharField(_("licence issuer"), max_length=100, blank=True)
    licence_valid_from = models.DateField(_("licence valid from"), null=True, blank=True)
    licence_valid_until = models.DateField(_("licence valid until"), null=True, blank=True)
    licence_reminded_for = models.DateField(_("expiry reminder sent for"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=1, choices=Grade.choices, default=Grade.A)
    points_deducted = models.PositiveSmallIntegerField(_("points deducted (12 months)"), default=0)
    responsible_officer = models.ForeignKey(
        USER, verbose_name=_("responsible officer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    operators: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        USER, verbose_name=_("operator accounts"), blank=True, related_name="venues"
    )
    last_inspected_at = models.DateTimeField(_("last inspected"), null=True, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedManager["Venue"]()

    class Meta:
        verbose_name = _("key venue")
        verbose_name_plural = _("key venues")

    def __str__(self) -> str:
        return self.unit.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("venues:detail", args=[self.pk])

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return venue_scope_filter(held, user)

    @property
    def inspection_days(self) -> int:
        return INSPECTION_DAYS[Grade(self.grade)]


class Deduction(models.Model):
    """Points deducted from a venue for one violation (they count for twelve months)."""

    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="deductions")
    points = models.PositiveSmallIntegerField(_("points"))
    reason = models.CharField(_("reason"), max_length=200)
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(
        USER, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("deduction")
        verbose_name_plural = _("deductions")

    def __str__(self) -> str:
        return f"{self.points}: {self.reason}"


class Protected(models.Model):
    """Abstract: a person's ID number kept as the registry keeps it (encrypted, indexed, masked)."""

    name = models.CharField(_("name"), max_length=50)
    id_number_enc = models.TextField(_("ID number (encrypted)"), blank=True)
    id_number_index = models.CharField(_("ID number index"), max_length=64, blank=True, db_index=True)
    id_number_masked = models.CharField(_("ID number"), max_length=32, blank=True)

    class Meta:
        abstract = True


class StaffFiling(Protected):
    """从业人员报备: one employee filed by the venue, checked at once (核查即比对)."""

    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="staff")
    job = models.CharField(_("job"), max_length=50, blank=True)
    hired_at = models.DateTimeField(_("hired at"))
    filed_at = models.DateTimeField(_("filed at"))
    deadline_at = models.DateTimeField(_("filing deadline"))
    is_late = models.BooleanField(_("filed late"), default=False)
    barred = models.BooleanField(_("barred from working here"), default=False)
    hit_count = models.PositiveSmallIntegerField(_("matches"), default=0)
    registered = models.BooleanField(_("in the registry"), default=False)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    filed_by = models.ForeignKey(
        USER, verbose_name=_("filed by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedManager["StaffFiling"]()

    class Meta:
        verbose_name = _("staff filing")
        verbose_name_plural = _("staff filings")
        ordering = ["-filed_at", "-id"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return venue_scope_filter(held, user, prefix="venue__")


class IncidentKind(models.TextChoices):
    STABILITY = "stability", _("Touching stability (涉稳)")
    SECURITY = "security", _("Touching security (涉安)")
    FOREIGN = "foreign", _("Touching foreigners (涉外)")


class Incident(models.Model):
    """An incident the venue reports (within the trade's minutes of the event); a case for the police."""

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="venue_incident")
    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="incidents")
    kind = models.CharField(_("kind"), max_length=12, choices=IncidentKind.choices)
    occurred_at = models.DateTimeField(_("occurred at"))
    reported_at = models.DateTimeField(_("reported at"))
    deadline_at = models.DateTimeField(_("report deadline"))
    is_late = models.BooleanField(_("reported late"), default=False)
    reported_by = models.ForeignKey(
        USER, verbose_name=_("reported by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedManager["Incident"]()

    class Meta:
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return str(self.case)

    def get_absolute_url(self) -> str:
        return self.case.get_absolute_url()

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return venue_scope_filter(held, user, prefix="venue__")


class GuestBatch(models.Model):
    """One batch of guest registrations a hotel sent (API or file)."""

    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="guest_batches")
    received_at = models.DateTimeField(_("received at"))
    count = models.PositiveIntegerField(_("guests"))
    sent_by = models.ForeignKey(USER, verbose_name=_("sent by"), null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("guest batch")
        verbose_name_plural = _("guest batches")

    def __str__(self) -> str:
        return f"{self.venue_id}: {self.count}"


class Guest(Protected):
    """旅馆业实名登记: one guest's stay, purged after the retention period."""

    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="guests")
    batch = models.ForeignKey(GuestBatch, verbose_name=_("batch"), on_delete=models.CASCADE, related_name="guests")
    room = models.CharField(_("room"), max_length=20, blank=True)
    check_in = models.DateTimeField(_("check-in"), db_index=True)
    check_out = models.DateTimeField(_("check-out"), null=True, blank=True)

    objects = RestrictedManager["Guest"]()

    class Meta:
        verbose_name = _("guest registration")
        verbose_name_plural = _("guest registrations")
        ordering = ["-check_in", "-id"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return venue_scope_filter(held, user, prefix="venue__")


class MatchSource(models.TextChoices):
    STAFF = "staff", _("Staff filing")
    GUEST = "guest", _("Guest registration")


class VenueHit(models.Model):
    """A staff member or guest matched a list (a watch list, or a focus person: kept as `focus`,
    never the category). Police only: the venue never sees it. Kept with masked identifiers when
    the guest row is purged."""

    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="hits")
    source = models.CharField(_("source"), max_length=10, choices=MatchSource.choices)
    staff = models.ForeignKey(
        StaffFiling, verbose_name=_("staff filing"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    guest = models.ForeignKey(
        Guest, verbose_name=_("guest"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    list_kind = models.CharField(_("list"), max_length=30)  # e.g. watchlist:wanted
    list_ref = models.CharField(_("list entry"), max_length=40)
    list_name = models.CharField(_("list name"), max_length=100)
    name = models.CharField(_("name"), max_length=50)
    id_number_masked = models.CharField(_("ID number"), max_length=32, blank=True)
    instruction = models.CharField(_("instruction"), max_length=300, blank=True)
    found_at = models.DateTimeField(_("found at"))
    notified: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        USER, verbose_name=_("told"), blank=True, related_name="+"
    )

    objects = RestrictedManager["VenueHit"]()

    class Meta:
        verbose_name = _("venue hit")
        verbose_name_plural = _("venue hits")
        ordering = ["-found_at", "-id"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("venues:hit", args=[self.pk])

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return venue_scope_filter([g for g in held if g.role != Role.VENUE_OPERATOR], user, prefix="venue__")


class InspectionKind(models.TextChoices):
    RANDOM = "random", _("Random selection (双随机)")
    ROUTINE = "routine", _("By grade")
    COMPLAINT = "complaint", _("Complaint")
    OVERDUE = "overdue", _("Rectification overdue")


class HazardKind(models.TextChoices):
    NONE = "", _("None")
    FIRE = "fire", _("Serious fire hazard")
    HOUSING = "housing", _("Serious building hazard")


class InspectionDraw(models.Model):
    """One random selection (双随机): the population, the seed and the venues drawn, kept so
    anyone can draw again and get the same venues."""

    period = models.CharField(_("period"), max_length=20)
    node = models.ForeignKey("territory.Node", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    seed = models.BigIntegerField(_("seed"))
    population = models.JSONField(_("venues drawn from"))
    chosen = models.JSONField(_("venues drawn"))
    drawn_at = models.DateTimeField(_("drawn at"))
    drawn_by = models.ForeignKey(
        USER, verbose_name=_("drawn by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedManager["InspectionDraw"]()
    scope_field = "node"

    class Meta:
        verbose_name = _("random selection")
        verbose_name_plural = _("random selections")
        constraints = [models.UniqueConstraint(fields=["period", "node"], name="venues_one_draw_per_period")]

    def __str__(self) -> str:
        return f"{self.period} {self.node}"


class Inspection(models.Model):
    """What only an inspection case has: the venue, why, the checklist, the rectification."""

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="inspection")
    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField(_("reason"), max_length=12, choices=InspectionKind.choices)
    draw = models.ForeignKey(
        InspectionDraw, verbose_name=_("random selection"), null=True, blank=True, on_delete=models.PROTECT
    )
    follows = models.ForeignKey(
        "self", verbose_name=_("follows"), null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    checklist = models.JSONField(_("checklist"), default=list)
    findings = models.TextField(_("findings"), blank=True, default="")
    hazard = models.CharField(_("serious hazard"), max_length=10, choices=HazardKind.choices, blank=True, default="")
    rectify_by = models.DateTimeField(_("rectify by"), null=True, blank=True)
    overdue_at = models.DateTimeField(_("found overdue"), null=True, blank=True)
    workorder = models.ForeignKey(
        "workorders.WorkOrder", verbose_name=_("work order"), null=True, blank=True, on_delete=models.PROTECT
    )

    objects = RestrictedManager["Inspection"]()

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")

    def __str__(self) -> str:
        return str(self.case)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("venues:inspection", args=[self.pk])

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return venue_scope_filter([g for g in held if g.role != Role.VENUE_OPERATOR], user, prefix="venue__")

    @property
    def overdue(self) -> bool:
        return self.overdue_at is not None
