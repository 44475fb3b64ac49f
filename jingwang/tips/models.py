"""Tips and help requests (线索/求助) from residents, their evaluations (评议), and the keys of the
Open311 GeoReport v2 clients that may post them.

A tip always rides on a case of the `tips.tip` type (the officer's queue); its own row keeps what
only a tip has: who sent it (seen by the police alone), the place, the tracking code (stored as a
keyed hash, never in clear), the public status and answer the resident reads, and where the officer
routed it (a dispute, a work order, …: `targets.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import RestrictedManager

USER = settings.AUTH_USER_MODEL
KIND = "tips.tip"


class Category(models.Model):
    """What a resident may report (data: the system administrator keeps the list); also the
    Open311 services."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=300, blank=True, default="")
    is_help = models.BooleanField(_("help request"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = RestrictedManager["Category"]()
    scope_field = None  # not territorial: governed by role alone

    class Meta:
        verbose_name = _("tip category")
        verbose_name_plural = _("tip categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class PublicStatus(models.TextChoices):
    """What the resident (and an Open311 client) sees; never the case's inner states."""

    RECEIVED = "received", _("Received")
    HANDLING = "handling", _("Being handled")
    SOLVED = "solved", _("Closed: solved")
    UNSOLVED = "unsolved", _("Closed: not solved")
    NOT_OURS = "not_ours", _("Closed: not a police matter")


CLOSED_STATUSES = frozenset({PublicStatus.SOLVED, PublicStatus.UNSOLVED, PublicStatus.NOT_OURS})


class Source(models.TextChoices):
    PORTAL = "portal", _("Public portal")
    OPEN311 = "open311", _("Open311 client")


class Tip(models.Model):
    case = models.OneToOneField("casework.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="tip")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("description"))
    address_text = models.CharField(_("place"), max_length=200, blank=True, default="")
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.PORTAL)
    # Who sent it: a signed-in resident (portal) or the contact an Open311 client passed on
    # (encrypted). The name is shown outside the police only when `show_name` says so.
    resident = models.ForeignKey(
        USER, verbose_name=_("resident"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=50, blank=True, default="")
    show_name = models.BooleanField(_("name shown"), default=False)
    contact_enc = models.CharField(_("contact (encrypted)"), max_length=255, blank=True, default="")
    contact_index = models.CharField(_("contact index"), max_length=64, blank=True, default="", db_index=True)
    contact_masked = models.CharField(_("contact"), max_length=40, blank=True, default="")
    client = models.ForeignKey(
        "tips.ApiClient", verbose_name=_("Open311 client"), null=True, blank=True, on_delete=models.PROTECT
    )
    # The throttled network unit of the sender, as a keyed hash (SECURITY 30).
    origin_index = models.CharField(_("origin index"), max_length=64, blank=True, default="", db_index=True)
    code_index = models.CharField(_("tracking code index"), max_length=64, unique=True)
    public_status = models.CharField(
        _("public status"), max_length=12, choices=PublicStatus.choices, default=PublicStatus.RECEIVED
    )
    public_reply = models.TextField(_("answer to the resident"), blank=True, default="")
    routed_kind = models.CharField(_("routed to"), max_length=30, blank=True, default="")
    routed_case = models.ForeignKey(
        "casework.Case",
        verbose_name=_("routed case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    objects = RestrictedManager["Tip"]()
    scope_field = "case__grid"

    class Meta:
        verbose_name = _("tip")
        verbose_name_plural = _("tips")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["resident", "created_at"], name="tips_tip_resident_created"),
            models.Index(fields=["origin_index", "created_at"], name="tips_tip_origin_created"),
        ]

    def __str__(self) -> str:
        return self.case.number

    @property
    def is_closed(self) -> bool:
        return self.public_status in CLOSED_STATUSES


class Evaluation(models.Model):
    """One resident's rating (1–5, with a comment) of one evaluated item: a closed tip, the
    community officer's year in a community, a visit booked on the portal (`evaluations.py`
    declares the kinds). One per resident per item and period (a database constraint)."""

    kind = models.CharField(_("evaluated"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("item"))
    period = models.CharField(_("period"), max_length=10, blank=True, default="")
    resident = models.ForeignKey(USER, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.CharField(_("comment"), max_length=500, blank=True, default="")
    officer = models.ForeignKey(
        USER, verbose_name=_("officer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grid = models.ForeignKey(
        "territory.Node", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    created_at = models.DateTimeField(_("evaluated at"), auto_now_add=True)

    objects = RestrictedManager["Evaluation"]()
    scope_field = "grid"

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id", "period", "resident"], name="tips_evaluation_once"),
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="tips_evaluation_rating"),
        ]
        indexes = [models.Index(fields=["officer", "kind"], name="tips_evaluation_officer")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.period}".strip()


class ApiClient(models.Model):
    """An Open311 client (a city hotline system, a civic-reporting app) allowed to post requests:
    its key is shown once when made and kept only as a hash."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    key_index = models.CharField(_("key hash"), max_length=64, unique=True)
    key_hint = models.CharField(_("key begins"), max_length=8)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedManager["ApiClient"]()
    scope_field = None

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
