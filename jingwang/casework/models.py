"""Casework: one `Case` table shared by every case type (disputes, work orders, …), its timeline,
supervision, delay requests, deadline policies and the departments cases are referred to.

A case type (workflow.py) declares its states and transitions; services.py moves cases through
them. Every case type shares this table so that one indexed deadline sweep covers them all.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.casework.workflow import case_types
from jingwang.core import uploads
from jingwang.core.access import Grant, RestrictedManager
from jingwang.territory.scope import visible_node_ids

USER = settings.AUTH_USER_MODEL


class Level(models.TextChoices):
    """How serious a case is (deadline policies can differ per level)."""

    ORDINARY = "ordinary", _("Ordinary")
    SERIOUS = "serious", _("Serious")
    MAJOR = "major", _("Major")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Warning(models.IntegerChoices):
    NONE = 0, _("On time")
    YELLOW = 1, _("Yellow warning")
    RED = 2, _("Red warning")


class Escalation(models.IntegerChoices):
    NONE = 0, _("Not escalated")
    STATION = 1, _("Escalated to the station")
    BUREAU = 2, _("Escalated to the bureau")


class Department(models.Model):
    """A government department that receives referrals and whistle work orders (吹哨报到)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    contact = models.CharField(_("contact person"), max_length=50, blank=True, default="")
    phone = models.CharField(_("phone"), max_length=30, blank=True, default="")
    default_deadline_hours = models.PositiveIntegerField(_("default deadline (hours)"), default=72)
    members: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        USER, verbose_name=_("members"), blank=True, related_name="departments"
    )
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = RestrictedManager["Department"]()
    scope_field = None  # not territorial: governed by role alone

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Roles that see cases by being referred to, not by territory, and the generic action that refers
# a case to each: a mediator by name, department staff through their department. A case type that
# does not declare the action (workflow.Rule) is never seen by referral, whatever its row says.
REFERRAL_ROLES = frozenset({"mediator", "department_staff"})
REFERRED_BY = {"mediator": "refer_person", "department_staff": "refer_department"}


def referring_kinds(action: str) -> list[str]:
    """The case types that allow `action` (refer_person or refer_department) at all."""

    return sorted(t.code for t in case_types() if t.allows(action))


def case_scope_filter(held: list[Grant], user: Any, prefix: str = "") -> Q:
    """Territorial roles: cases whose grid lies under their scope. Mediators: only cases referred
    to them by name; department staff: only cases referred to a department they belong to (in
    both cases of a type that refers so). `prefix` lets models hanging on a case (e.g. `case__`)
    reuse the rule."""
    q = Q(pk__in=[])
    territorial = sorted({g.path for g in held if g.role not in REFERRAL_ROLES})
    if territorial:
        q |= Q(**{f"{prefix}grid__in": visible_node_ids(territorial)})
    referral = {g.role for g in held if g.role in REFERRAL_ROLES}
    if not referral or user is None or not user.is_authenticated:
        return q
    if "mediator" in referral:
        q |= Q(**{f"{prefix}handler_user": user.pk, f"{prefix}kind__in": referring_kinds("refer_person")})
    if "department_staff" in referral:
        q |= Q(
            **{
                f"{prefix}handler_department__in": Department.members.through.objects.filter(user_id=user.pk).values(
                    "department_id"
                ),
                f"{prefix}kind__in": referring_kinds("refer_department"),
            }
        )
    return q


class Case(models.Model):
    """One case of any type, moving through its type's states with stage deadlines."""

    kind = models.CharField(_("case type"), max_length=30)
    number = models.CharField(_("number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, default="")
    state = models.CharField(_("state"), max_length=30)
    stage = models.CharField(_("stage"), max_length=30)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.ORDINARY)
    urgency = models.CharField(_("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    # Indexed by casework_case_grid (grid, closed_at).
    grid = models.ForeignKey(
        "territory.Node", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    assignee = models.ForeignKey(
        USER, verbose_name=_("assignee"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        USER,
        verbose_name=_("leader in charge (包案)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    handler_user = models.ForeignKey(
        USER,
        verbose_name=_("referred to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    handler_department = models.ForeignKey(
        Department,
        verbose_name=_("referred to department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        db_index=False,
    )
    opened_by = models.ForeignKey(
        USER,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    opened_at = models.DateTimeField(_("opened at"))
    stage_started_at = models.DateTimeField(_("stage started at"))
    yellow_at = models.DateTimeField(_("yellow warning at"), null=True, blank=True)
    red_at = models.DateTimeField(_("red warning at"), null=True, blank=True)
    bureau_at = models.DateTimeField(_("escalation to the bureau at"), null=True, blank=True)
    # The next deadline the sweep must act on; NULL once nothing more can happen (closed, or
    # escalated as far as it goes). The sweep reads only rows with next_due_at <= now.
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True)
    warning = models.PositiveSmallIntegerField(_("warning"), choices=Warning.choices, default=Warning.NONE)
    escalation = models.PositiveSmallIntegerField(_("escalation"), choices=Escalation.choices, default=Escalation.NONE)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = RestrictedManager["Case"]()
    scope_filter = staticmethod(case_scope_filter)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["next_due_at"], condition=Q(next_due_at__isnull=False), name="casework_case_due"),
            models.Index(fields=["kind", "state"], name="casework_case_kind_state"),
            models.Index(fields=["grid", "closed_at"], name="casework_case_grid"),
            # Mostly empty references are indexed where set only: each index a case is in costs the
            # deadline sweep's UPDATE one more entry per case (never a HOT update: next_due_at changes).
            models.Index(fields=["leader"], condition=Q(leader__isnull=False), name="casework_case_leader"),
            models.Index(fields=["handler_user"], condition=Q(handler_user__isnull=False), name="casework_case_huser"),
            models.Index(
                fields=["handler_department"], condition=Q(handler_department__isnull=False), name="casework_case_hdept"
            ),
            models.Index(fields=["opened_by"], condition=Q(opened_by__isnull=False), name="casework_case_opened_by"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("casework:detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class CaseCounter(models.Model):
    """The last number given per case type and day (JF-20261121-0001)."""

    prefix = models.CharField(_("prefix"), max_length=40, unique=True)
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")

    def __str__(self) -> str:
        return f"{self.prefix}:{self.last}"


class EventKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    TRANSITION = "transition", _("Moved on")
    ASSIGNED = "assigned", _("Assigned")
    REFERRED = "referred", _("Referred")
    COMMENT = "comment", _("Comment")
    SUPERVISION = "supervision", _("Supervision (督办)")
    TAKEN_OVER = "taken_over", _("Taken over by a leader (包案)")
    YELLOW = "yellow", _("Yellow warning")
    RED = "red", _("Red warning")
    ESCALATED = "escalated", _("Escalated")
    DELAY_REQUESTED = "delay_requested", _("Delay requested")
    DELAY_APPROVED = "delay_approved", _("Delay approved")
    DELAY_REJECTED = "delay_rejected", _("Delay rejected")
    UPDATED = "updated", _("Updated")


class CaseEvent(models.Model):
    """One entry of a case's timeline: every change, comment, warning and escalation."""

    # Indexed by casework_event_case_at (case, at); the actor where set (the sweep's entries have none).
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events", db_index=False
    )
    at = models.DateTimeField(_("at"))
    actor = models.ForeignKey(
        USER, verbose_name=_("by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    from_state = models.CharField(_("from state"), max_length=30, blank=True, default="")
    to_state = models.CharField(_("to state"), max_length=30, blank=True, default="")
    note = models.TextField(_("note"), blank=True, default="")
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = RestrictedManager["CaseEvent"]()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["case", "at"], name="casework_event_case_at"),
            models.Index(fields=["actor"], condition=Q(actor__isnull=False), name="casework_event_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return case_scope_filter(held, user, prefix="case__")


class Supervision(models.Model):
    """督办: a leader's instruction on a case, with a comment, shown on the timeline."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="supervisions")
    by = models.ForeignKey(USER, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.at:%Y-%m-%d}"


class DelayStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class DelayRequest(models.Model):
    """A request to extend the current stage's deadlines, decided by a leader."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="delay_requests")
    stage = models.CharField(_("stage"), max_length=30)
    hours = models.PositiveIntegerField(_("extra hours"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(USER, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(_("status"), max_length=20, choices=DelayStatus.choices, default=DelayStatus.PENDING)
    decided_by = models.ForeignKey(
        USER, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True, default="")

    class Meta:
        verbose_name = _("delay request")
        verbose_name_plural = _("delay requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="pending"), name="casework_one_pending_delay_per_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} +{self.hours}h {self.status}"


class DeadlinePolicy(models.Model):
    """Yellow and red deadlines of a stage. Blank kind, stage, level or urgency match any; the
    most specific row wins. `bureau_hours` after red, an unresolved case escalates to the bureau."""

    kind = models.CharField(_("case type"), max_length=30, blank=True, default="")
    stage = models.CharField(_("stage"), max_length=30, blank=True, default="")
    level = models.CharField(_("level"), max_length=20, blank=True, default="", choices=Level.choices)
    urgency = models.CharField(_("urgency"), max_length=20, blank=True, default="", choices=Urgency.choices)
    yellow_hours = models.PositiveIntegerField(_("yellow after (hours)"))
    red_hours = models.PositiveIntegerField(_("red after (hours)"))
    bureau_hours = models.PositiveIntegerField(_("bureau escalation after red (hours)"), default=24)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = RestrictedManager["DeadlinePolicy"]()
    scope_field = None  # settings, governed by role alone

    class Meta:
        verbose_name = _("deadline policy")
        verbose_name_plural = _("deadline policies")
        constraints = [
            models.UniqueConstraint(fields=["kind", "stage", "level", "urgency"], name="casework_policy_unique"),
            models.CheckConstraint(condition=Q(red_hours__gte=models.F("yellow_hours")), name="casework_policy_order"),
        ]

    def __str__(self) -> str:
        return f"{self.kind or '*'}/{self.stage or '*'}/{self.level or '*'}/{self.urgency or '*'}"

    @property
    def specificity(self) -> int:
        return sum(bool(v) * w for v, w in ((self.kind, 8), (self.stage, 4), (self.level, 2), (self.urgency, 1)))


def attachment_path(instance: Any, filename: str) -> str:
    """A random stored name (the original name stays in the row); files are named and stored by
    `jingwang.core.uploads` (migrations refer to this function)."""
    return uploads.random_name(uploads.EVIDENCE.folder)


class CaseAttachment(models.Model):
    """A photo or document kept with a case: given when it was opened, or with a transition whose
    input takes files (a work order's report back). Served only within the case's scope."""

    OPENED = "opened"  # `stage` of the files given when the case was opened; else the transition

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="attachments")
    stage = models.CharField(_("stage"), max_length=30)
    file = models.FileField(_("file"), storage=uploads.private_storage, upload_to=attachment_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        USER, verbose_name=_("uploaded by"), null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def detected_type(self) -> str:
        """The type read from the bytes. Rows kept before uploads were checked (no checksum) hold
        the type the browser claimed, which is not trusted: they have none, and download as bytes."""
        return self.content_type if self.sha256 else ""

    @property
    def stage_label(self) -> str:
        """When it was given: on opening, or the transition's label (e.g. 反馈结果)."""
        kind = next((t for t in case_types() if t.code == self.case.kind), None)
        move = kind.transition(self.stage) if kind is not None else None
        return str(move.label if move is not None else _("When opened"))
