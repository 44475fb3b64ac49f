"""Focus persons (关注人员): a ledger on registry persons. Categories, their tier scales and the
follow-up cadence are data; a listing is approved by a station leader, reviewed at its review date
(renewed with a reason or lapsed) and delisted with a reason and an approver. Follow-ups and
lost-contact searches ride on casework cases (casetype.py).

The category and everything said about it are sensitive personal information (PIPL Art. 28):
health, drug and religion categories are seen only by the community officer, leaders and the care
workers assigned to that category (CareAssignment); a grid worker sees only the follow-ups and
searches of the persons assigned to them, and never the category."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.accounts.models import RoleAssignment
from jingwang.casework.models import Case
from jingwang.core.access import Grant, RestrictedManager, under_any
from jingwang.core.roles import Role
from jingwang.registry.models import Person
from jingwang.territory.models import Node

USER = settings.AUTH_USER_MODEL
FOLLOWUP = "focus.followup"
SEARCH = "focus.search"
# The purpose recorded with every read of the ledger (audit).
SENSITIVE = "sensitive personal information (PIPL Art. 28)"


class TierScale(models.TextChoices):
    MENTAL = "mental", _("Risk level 0–5 (serious mental disorder)")
    DRUG = "drug", _("High / medium / low (drug users)")
    GENERAL = "general", _("Ordinary / medium / serious")


TIERS: dict[str, list[tuple[str, Any]]] = {
    TierScale.MENTAL: [(str(i), _("Risk level %(n)d") % {"n": i}) for i in range(6)],
    TierScale.DRUG: [("high", _("High risk")), ("medium", _("Medium risk")), ("low", _("Low risk"))],
    TierScale.GENERAL: [("serious", _("Serious")), ("medium", _("Medium")), ("ordinary", _("Ordinary"))],
}


def tier_label(scale: str, tier: str) -> str:
    return str(dict(TIERS.get(scale, [])).get(tier, tier))


class Sensitivity(models.TextChoices):
    NONE = "", _("Not a special category")
    HEALTH = "health", _("Health")
    DRUG = "drug", _("Drug use")
    RELIGION = "religion", _("Religion")


class Category(models.Model):
    """A kind of focus person (GB/T 31000 special populations and the police categories)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=50)
    tier_scale = models.CharField(_("tier scale"), max_length=20, choices=TierScale.choices)
    sensitivity = models.CharField(
        _("sensitive category"), max_length=20, choices=Sensitivity.choices, blank=True, default=""
    )
    usual_period_days = models.PositiveIntegerField(
        _("usual listing period (days)"), null=True, blank=True, help_text=_("Delisting is suggested after it.")
    )
    health_signoff = models.BooleanField(_("health worker signs follow-ups"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = RestrictedManager["Category"]()
    scope_field = None  # settings: governed by role alone

    class Meta:
        verbose_name = _("focus category")
        verbose_name_plural = _("focus categories")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def tiers(self) -> list[tuple[str, Any]]:
        return TIERS.get(self.tier_scale, [])


class Cadence(models.Model):
    """How often a person of a category and tier is followed up (days between follow-ups)."""

    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.CASCADE, related_name="+")
    tier = models.CharField(_("tier"), max_length=20)
    interval_days = models.PositiveIntegerField(_("follow up every (days)"))
    source = models.CharField(_("source"), max_length=200, blank=True, default="")
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = RestrictedManager["Cadence"]()
    scope_field = None

    class Meta:
        verbose_name = _("follow-up cadence")
        verbose_name_plural = _("follow-up cadences")
        ordering = ["category_id", "tier"]
        constraints = [models.UniqueConstraint(fields=["category", "tier"], name="focus_cadence_unique")]

    def __str__(self) -> str:
        return f"{self.category.name} · {self.tier_display}"

    @property
    def tier_display(self) -> str:
        return tier_label(self.category.tier_scale, self.tier)


def care_workers_under(paths: list[str]) -> Any:
    """Ids of active care workers whose care_worker role is held over a node under `paths`."""
    nodes = Node.objects.filter(under_any("path", "police_path", paths)).values("id")
    return RoleAssignment.objects.filter(role=Role.CARE_WORKER, user__is_active=True, node__in=nodes).values("user_id")


class CareAssignment(models.Model):
    """Which category a care worker (关爱帮扶人员) cares for; their role's grant gives the territory."""

    user = models.ForeignKey(USER, verbose_name=_("care worker"), on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")

    objects = RestrictedManager["CareAssignment"]()

    class Meta:
        verbose_name = _("care assignment")
        verbose_name_plural = _("care assignments")
        constraints = [models.UniqueConstraint(fields=["user", "category"], name="focus_care_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.category}"

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        """The care workers whose care_worker role lies in the grants' territory."""
        return Q(user_id__in=care_workers_under(sorted({g.path for g in held})))


class ListingState(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    ACTIVE = "active", _("Active")
    REJECTED = "rejected", _("Not approved")
    DELIST_PENDING = "delist_pending", _("Delisting awaiting approval")
    DELISTED = "delisted", _("Delisted")
    LAPSED = "lapsed", _("Lapsed (not renewed)")


ACTIVE_STATES = (ListingState.ACTIVE, ListingState.DELIST_PENDING)
TERRITORIAL = {"community_officer", "station_leader", "bureau_commander"}
NOT_SENSITIVE_ONLY = {"auxiliary_officer", "police_assistant"}


def focus_scope(held: list[Grant], user: Any, prefix: str = "", grid_worker_field: str | None = None) -> Q:
    """Rows of listings (`prefix` leads from a row to its listing): the community officer and leaders
    by territory; auxiliary officers and police assistants by territory, categories that are not
    sensitive only; care workers by territory, the categories they are assigned; grid workers only
    rows whose `grid_worker_field` names them."""
    q = Q(pk__in=[])

    def over(roles: set[str]) -> Q | None:
        paths = sorted({g.path for g in held if g.role in roles})
        if not paths:
            return None
        return Q(**{f"{prefix}grid__in": Node.objects.filter(under_any("path", "police_path", paths)).values("id")})

    if (t := over(TERRITORIAL)) is not None:
        q |= t
    if (t := over(NOT_SENSITIVE_ONLY)) is not None:
        q |= t & Q(**{f"{prefix}category__sensitivity": ""})
    if (t := over({"care_worker"})) is not None and user is not None and user.is_authenticated:
        cared = CareAssignment.objects.filter(user_id=user.pk).values("category_id")
        q |= t & Q(**{f"{prefix}category__in": cared})
    if grid_worker_field and user is not None and user.is_authenticated and any(g.role == "grid_worker" for g in held):
        q |= Q(**{grid_worker_field: user.pk})
    return q


class Listing(models.Model):
    """One listing of a registry person as a focus person (一人一档), with its plan (一人一策)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+")
    grid = models.ForeignKey(Node, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    legal_basis = models.CharField(_("legal basis (decision or document)"), max_length=300)
    tier = models.CharField(_("tier"), max_length=20)
    address = models.CharField(_("address for visits"), max_length=300, blank=True, default="")
    officer = models.ForeignKey(USER, verbose_name=_("responsible officer"), on_delete=models.PROTECT, related_name="+")
    grid_worker = models.ForeignKey(
        USER, verbose_name=_("grid worker"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    helpers = models.CharField(_("帮教/帮扶 staff"), max_length=200, blank=True, default="")
    guardian = models.CharField(_("guardian"), max_length=100, blank=True, default="")
    plan = models.TextField(_("plan (一人一策)"), blank=True, default="")
    look_for = models.CharField(_("what to look for on a visit"), max_length=300, blank=True, default="")
    since = models.DateField(_("category applies since"), null=True, blank=True)
    review_date = models.DateField(_("review date"))
    state = models.CharField(_("state"), max_length=20, choices=ListingState.choices, default=ListingState.PENDING)
    listed_by = models.ForeignKey(USER, verbose_name=_("listed by"), on_delete=models.PROTECT, related_name="+")
    listed_at = models.DateTimeField(_("listed at"), default=timezone.now)
    approved_by = models.ForeignKey(
        USER, verbose_name=_("approved by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    delist_reason = models.TextField(_("delisting reason"), blank=True, default="")
    delisted_by = models.ForeignKey(
        USER, verbose_name=_("delisting approved by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField(_("left the ledger at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = RestrictedManager["Listing"]()

    class Meta:
        verbose_name = _("focus person")
        verbose_name_plural = _("focus persons")
        ordering = ["-listed_at", "-id"]
        indexes = [
            models.Index(fields=["state", "review_date"], name="focus_listing_review"),
            # The ledger: newest first, for all (a bureau) or within a scope of grids (an officer).
            models.Index(fields=["-listed_at", "-id"], name="focus_listing_ledger"),
            models.Index(fields=["grid", "-listed_at", "-id"], name="focus_listing_ledger_grid"),
        ]

    def __str__(self) -> str:
        return self.person.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("focus:detail", args=[self.pk])

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return focus_scope(held, user)

    @property
    def tier_display(self) -> str:
        return tier_label(self.category.tier_scale, self.tier)

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    def delisting_suggested(self, today: Any = None) -> bool:
        """The category's usual period has passed since the date it applies from (or the listing)."""
        period = self.category.usual_period_days
        if not period or not self.is_active:
            return False
        start = self.since or timezone.localdate(self.listed_at)
        return ((today or timezone.localdate()) - start).days >= period


EVENT_LABELS = {
    "listed": _("Listed"),
    "approved": _("Listing approved"),
    "rejected": _("Listing not approved"),
    "renewed": _("Renewed at review"),
    "delist_requested": _("Delisting asked for"),
    "delisted": _("Delisted"),
    "delist_refused": _("Delisting refused: kept listed"),
    "lapsed": _("Lapsed (not renewed)"),
}


class ListingEvent(models.Model):
    """The listing's history: listed, approved, renewed (with the reason), delisted, lapsed."""

    listing = models.ForeignKey(
        Listing, verbose_name=_("focus person"), on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    actor = models.ForeignKey(
        USER, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=30)
    note = models.TextField(_("note"), blank=True, default="")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.label} {self.at:%Y-%m-%d}"

    @property
    def label(self) -> str:
        return str(EVENT_LABELS.get(self.kind, self.kind))


class ContactType(models.TextChoices):
    VISIT = "visit", _("Home visit")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")


class Followup(models.Model):
    """One due follow-up of a listing (a `focus.followup` case) and, once done, its record."""

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="focus_followup")
    listing = models.ForeignKey(
        Listing, verbose_name=_("focus person"), on_delete=models.PROTECT, related_name="followups"
    )
    due_date = models.DateField(_("due date"))
    is_open = models.BooleanField(_("open"), default=True)
    contact_type = models.CharField(_("contact type"), max_length=10, choices=ContactType.choices, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True, default="")
    at_home = models.BooleanField(_("at home"), null=True, blank=True)
    observations = models.TextField(_("observations"), blank=True, default="")
    abnormal = models.BooleanField(_("anything abnormal"), default=False)
    abnormal_note = models.TextField(_("what was abnormal"), blank=True, default="")
    officer_signed_by = models.ForeignKey(
        USER, verbose_name=_("officer's sign-off"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    officer_signed_at = models.DateTimeField(_("officer signed at"), null=True, blank=True)
    health_signed_by = models.ForeignKey(
        USER,
        verbose_name=_("health worker's sign-off"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    health_signed_at = models.DateTimeField(_("health worker signed at"), null=True, blank=True)
    health_note = models.TextField(_("health worker's note"), blank=True, default="")

    objects = RestrictedManager["Followup"]()

    class Meta:
        verbose_name = _("focus follow-up")
        verbose_name_plural = _("focus follow-ups")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["listing"], condition=Q(is_open=True), name="focus_one_open_followup")
        ]

    def __str__(self) -> str:
        return self.listing.person.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("focus:followup", args=[self.pk])

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return focus_scope(held, user, prefix="listing__", grid_worker_field="listing__grid_worker")


class LostContact(models.Model):
    """A report that a focus person is out of contact (失控/脱管): a `focus.search` case."""

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="focus_search")
    listing = models.ForeignKey(
        Listing, verbose_name=_("focus person"), on_delete=models.PROTECT, related_name="searches"
    )
    reported_by = models.ForeignKey(USER, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)
    last_seen = models.CharField(_("last seen"), max_length=300, blank=True, default="")
    found_place = models.CharField(_("found where"), max_length=300, blank=True, default="")
    found_at = models.DateTimeField(_("found at"), null=True, blank=True)

    objects = RestrictedManager["LostContact"]()

    class Meta:
        verbose_name = _("lost contact")
        verbose_name_plural = _("lost contacts")
        ordering = ["-reported_at", "-id"]

    def __str__(self) -> str:
        return self.listing.person.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("focus:lost", args=[self.pk])

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        q = focus_scope(held, user, prefix="listing__", grid_worker_field="listing__grid_worker")
        if user is not None and user.is_authenticated:
            q |= Q(reported_by=user.pk)
        return q
