"""Disputes (矛盾纠纷): intake, parties, mediation sessions, return visits and rolling re-screening.

The workflow (who holds a dispute, its stage, deadlines, supervision, the timeline) lives in the
casework engine: each dispute owns one `casework.Case`, the only copy of what every case shares
(title, handling officer = the case's assignee, closed time). The dispute keeps what is its own:
what the dispute is, who is involved, what the mediation produced. `status` and `grid` stay as
index columns of the ledger (it filters and orders on one table's indexes): the grid never
changes and `status` is written only by the engine's transition hook (casetypes._on_enter).
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.core import uploads
from jingwang.core.access import Grant, RestrictedManager
from jingwang.core.roles import Role
from jingwang.core.tree import ancestor_paths
from jingwang.core.uploads import private_storage  # also named here by migration 0001
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.scope import visible_node_ids

KIND = "dispute"  # the dispute's case type (Case.kind)


class IntakeSource(models.TextChoices):
    CALL_110 = "110", _("110 transfer")
    VISIT = "visit", _("Visit to the police office")
    GRID = "grid", _("Grid report")
    SELF = "self", _("Self-report by a party")


class DisputeKind(models.TextChoices):
    """The dispute type code table."""

    FAMILY = "family", _("Family and marriage")
    NEIGHBOURS = "neighbours", _("Neighbours")
    DEBT = "debt", _("Debt")
    LABOUR = "labour", _("Labour")
    PROPERTY = "property", _("Property management")
    DEMOLITION = "demolition", _("Demolition and relocation")
    MEDICAL = "medical", _("Medical")
    OTHER = "other", _("Other")


class Scale(models.TextChoices):
    INDIVIDUAL = "individual", _("Between individuals")
    MULTI = "multi", _("Several parties")
    GROUP = "group", _("Group (5 or more people)")


class Risk(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High (may turn violent or into a group incident)")


class Status(models.TextChoices):
    """The stages of a dispute; the same states as the dispute CaseType in `workflow.py`."""

    REPORTED = "reported", _("Reported")
    HANDLING = "handling", _("Handled by the officer")
    REFERRED = "referred", _("Referred to a mediator")
    RESOLVED = "resolved", _("Resolved, awaiting return visit")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (Status.REPORTED, Status.HANDLING, Status.REFERRED)


class Outcome(models.TextChoices):
    AGREEMENT = "agreement", _("Mediation agreement")
    SETTLED = "settled", _("Settled without a written agreement")
    WITHDRAWN = "withdrawn", _("Withdrawn by the parties")
    LITIGATION = "litigation", _("Referred to court or arbitration")
    FAILED = "failed", _("Mediation failed")


RESOLVED_OUTCOMES = (Outcome.AGREEMENT, Outcome.SETTLED, Outcome.WITHDRAWN)


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")
    OTHER = "other", _("Other party")


def dispute_scope_q(held: list[Grant], user: Any, prefix: str = "") -> Q:
    """Rows under the grants' nodes; a mediator's grants reach only disputes referred to them
    (公调对接: the mediator sees the cases the police handed over, not the station's ledger)."""
    parts: list[Q] = []
    general = sorted({g.path for g in held if g.role != Role.MEDIATOR})
    if general:
        parts.append(Q(**{f"{prefix}grid__in": visible_node_ids(general)}))
    mediated = sorted({g.path for g in held if g.role == Role.MEDIATOR})
    if mediated and getattr(user, "pk", None):
        parts.append(Q(**{f"{prefix}grid__in": visible_node_ids(mediated), f"{prefix}mediator": user.pk}))
    return reduce(or_, parts) if parts else Q(pk__in=[])


def community_scope_q(held: list[Grant], prefix: str = "") -> Q:
    """Communities under a held node, or holding a grid the user holds (a grid worker, an officer of
    a police district whose grids lie in the community)."""

    paths = sorted({g.path for g in held})
    visible = visible_node_ids(paths)
    above = sorted({a for g in held for a in ancestor_paths(g.path)})
    field = f"{prefix}community"
    q = Q(**{f"{field}__in": visible})
    q |= Q(**{f"{field}__in": Node.objects.filter(kind=NodeKind.GRID, pk__in=visible).values("parent_id")})
    if above:
        q |= Q(**{f"{field}__path__in": above})
    return q


class Dispute(models.Model):
    """One dispute: where, what, how serious, who reported it, and how it ended."""

    case = models.OneToOneField(
        "casework.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="dispute"
    )
    summary = models.TextField(_("what happened"), max_length=4000)
    source = models.CharField(_("intake source"), max_length=8, choices=IntakeSource.choices)
    kind = models.CharField(_("type"), max_length=12, choices=DisputeKind.choices)
    scale = models.CharField(_("scale"), max_length=12, choices=Scale.choices, default=Scale.INDIVIDUAL)
    people_involved = models.PositiveIntegerField(_("people involved"), default=2)
    risk = models.CharField(_("risk level"), max_length=8, choices=Risk.choices, default=Risk.LOW)
    grid = models.ForeignKey(
        "territory.Node",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "grid"},
    )
    # The grid's community, kept for the per-community figures and re-screening.
    community = models.ForeignKey(
        "territory.Node", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.ForeignKey(
        "registry.Address",
        verbose_name=_("standard address"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=300, blank=True)
    opened_at = models.DateTimeField(_("reported at"), default=timezone.now)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REPORTED)
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mediator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(_("outcome note"), max_length=4000, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = RestrictedManager["Dispute"]()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        indexes = [
            # The ledger: newest first, within a scope of grids, optionally by status.
            models.Index(fields=["-opened_at", "-id"], name="disputes_ledger"),
            models.Index(fields=["grid", "-opened_at", "-id"], name="disputes_ledger_grid"),
            models.Index(fields=["status", "-opened_at", "-id"], name="disputes_ledger_status"),
            models.Index(fields=["community", "kind"], name="disputes_figures"),
            models.Index(fields=["mediator", "-opened_at"], name="disputes_mediator"),
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return dispute_scope_q(held, user)

    # What every case shares is read from the case (one copy; no drift after a generic write).
    @property
    def title(self) -> str:
        return self.case.title

    @property
    def officer(self) -> Any:
        return self.case.assignee

    @property
    def officer_id(self) -> int | None:
        return self.case.assignee_id

    @property
    def closed_at(self) -> Any:
        return self.case.closed_at

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Party(models.Model):
    """A party to a dispute: a registered person, or a name and phone number without an ID."""

    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role in the dispute"), max_length=12, choices=PartyRole.choices)
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("registered person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=50)
    phone_enc = models.TextField(_("phone (encrypted)"), blank=True)
    phone_index = models.CharField(_("phone index"), max_length=64, blank=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = RestrictedManager["Party"]()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        indexes = [models.Index(fields=["phone_index"], name="disputes_party_phone")]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return dispute_scope_q(held, user, "dispute__")


def agreement_path(instance: Any, filename: str) -> str:
    """A random stored name (the original name, which may hold a party's name, stays in the row).
    Uploads are named by `jingwang.core.uploads`; migration 0001 refers to this function."""
    return uploads.random_name(uploads.AGREEMENT.folder)


class MediationSession(models.Model):
    """One mediation session: when, who took part, what was said, and any signed agreement."""

    dispute = models.ForeignKey(Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="sessions")
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.TextField(_("participants"), max_length=2000)
    notes = models.TextField(_("notes"), max_length=8000, blank=True)
    agreement = models.FileField(
        _("signed agreement"), storage=private_storage, upload_to=agreement_path, blank=True, max_length=200
    )
    agreement_name = models.CharField(_("agreement file name"), max_length=200, blank=True)
    agreement_type = models.CharField(_("agreement file type"), max_length=60, blank=True)
    agreement_sha256 = models.CharField(_("agreement checksum"), max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = RestrictedManager["MediationSession"]()

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["held_at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id} @ {self.held_at:%Y-%m-%d}"

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return dispute_scope_q(held, user, "dispute__")


class VisitMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("By phone")


class ReturnVisit(models.Model):
    """A return visit (回访) after the outcome: does the settlement hold, are the parties satisfied."""

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="return_visits"
    )
    visited_at = models.DateTimeField(_("visited at"))
    method = models.CharField(_("method"), max_length=10, choices=VisitMethod.choices, default=VisitMethod.IN_PERSON)
    holds = models.BooleanField(_("the settlement holds"), default=True)
    satisfied = models.BooleanField(_("parties satisfied"), default=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("visited by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = RestrictedManager["ReturnVisit"]()

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        ordering = ["visited_at", "id"]

    def __str__(self) -> str:
        return f"{self.dispute_id} @ {self.visited_at:%Y-%m-%d}"

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return dispute_scope_q(held, user, "dispute__")


class ScreeningRound(models.Model):
    """A community's re-screening (排查) checklist for one month, generated for every community."""

    community = models.ForeignKey(
        "territory.Node", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))  # the first day of the month
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = RestrictedManager["ScreeningRound"]()

    class Meta:
        verbose_name = _("re-screening round")
        verbose_name_plural = _("re-screening rounds")
        constraints = [models.UniqueConstraint(fields=["community", "month"], name="disputes_one_round_a_month")]
        ordering = ["-month", "community__code"]

    def __str__(self) -> str:
        return f"{self.community_id} {self.month:%Y-%m}"

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return community_scope_q(held)


class ScreeningItem(models.Model):
    """One line of a re-screening checklist, checked off with what was found."""

    round = models.ForeignKey(ScreeningRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    code = models.CharField(_("code"), max_length=30)
    text = models.CharField(_("what to check"), max_length=300)
    done_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finding = models.CharField(_("finding"), max_length=500, blank=True)
    dispute = models.ForeignKey(
        Dispute,
        verbose_name=_("dispute found"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = RestrictedManager["ScreeningItem"]()

    class Meta:
        verbose_name = _("re-screening item")
        verbose_name_plural = _("re-screening items")
        ordering = ["round", "position"]
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="disputes_item_once_per_round")]

    def __str__(self) -> str:
        return self.text

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return community_scope_q(held, "round__")
