"""Anti-fraud warning and dissuasion (预警劝阻): warnings from the anti-fraud centre, banks and
officers, matched to the registry and routed to the officer of the person's address; the
dissuasion is a case on the casework engine; bank protection requests (警银联动)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.core import crypto
from jingwang.core.access import Grant, RestrictedManager
from jingwang.core.roles import Role
from jingwang.territory.scope import visible_node_ids

USER = settings.AUTH_USER_MODEL
# Every read of a warning is a read of personal data about a possible victim of a crime.
PURPOSE = "anti-fraud warning: personal information of a person at risk"
ID_CONTEXT = crypto.ID_NUMBER_CONTEXT  # the registry's, so the blind indexes compare
PHONE_CONTEXT = crypto.PHONE_CONTEXT


class Risk(models.TextChoices):
    HIGH = "high", _("High risk")
    MEDIUM = "medium", _("Medium risk")
    LOW = "low", _("Low risk")


class Source(models.TextChoices):
    CENTRE = "centre", _("Anti-fraud centre")
    BANK = "bank", _("Bank")
    IMPORT = "import", _("File import")
    ENTRY = "entry", _("Entered by an officer")


class Routing(models.TextChoices):
    OFFICER = "officer", _("To the community officer")
    DUTY = "duty", _("To the station's duty officer")
    RETURNED = "returned", _("Returned")


class Outcome(models.TextChoices):
    """The outcome codes the warning systems use (未接通 is also a call's result)."""

    SELF_PROTECTED = "self_protected", _("Self-protected (本人自主防范)")
    DISSUADED = "dissuaded", _("Dissuaded in time (及时劝阻)")
    NOT_REACHED = "not_reached", _("Not reached (未接通)")
    DEFRAUDED = "defrauded", _("Already defrauded (已被骗)")
    RELATIVE = "relative", _("Relative contacted (联系亲友)")
    HOME_VISIT = "home_visit", _("Handled at home (上门处置)")
    OUT_OF_AREA = "out_of_area", _("Not our area (非本辖区)")


# Outcomes counted as a successful dissuasion in the figures.
SUCCESS = (Outcome.SELF_PROTECTED, Outcome.DISSUADED, Outcome.RELATIVE, Outcome.HOME_VISIT)

# 四查看、三询问、一保护: what the officer looks at, asks and protects at a face-to-face visit.
VISIT_CHECKLIST = (
    "查看通话和短信记录",
    "查看聊天软件",
    "查看新安装的应用",
    "查看大额转账记录",
    "询问转账原因",
    "询问转账对象",
    "询问是否已转账",
    "保护账户(止付冻结)",
)


class FraudType(models.Model):
    """One fraud type of the code table (data the system administrator keeps)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    active = models.BooleanField(_("in use"), default=True)

    objects = RestrictedManager["FraudType"]()
    scope_field = None  # a code table: governed by role alone

    class Meta:
        verbose_name = _("fraud type")
        verbose_name_plural = _("fraud types")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ContactDeadline(models.Model):
    """How soon a warning of a risk level must be contacted, and the face-to-face visit done
    (minutes; yellow, red, escalation to the bureau after red). Policy data, not code."""

    risk = models.CharField(_("risk level"), max_length=10, choices=Risk.choices, unique=True)
    contact_yellow_minutes = models.PositiveIntegerField(_("contact: yellow after (minutes)"))
    contact_red_minutes = models.PositiveIntegerField(_("contact: red after (minutes)"))
    visit_yellow_minutes = models.PositiveIntegerField(_("visit: yellow after (minutes)"))
    visit_red_minutes = models.PositiveIntegerField(_("visit: red after (minutes)"))
    bureau_minutes = models.PositiveIntegerField(_("bureau escalation after red (minutes)"), default=60)

    objects = RestrictedManager["ContactDeadline"]()
    scope_field = None

    class Meta:
        verbose_name = _("contact deadline")
        verbose_name_plural = _("contact deadlines")
        constraints = [
            models.CheckConstraint(
                condition=Q(contact_red_minutes__gte=models.F("contact_yellow_minutes"))
                & Q(visit_red_minutes__gte=models.F("visit_yellow_minutes")),
                name="antifraud_deadline_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.risk}: {self.contact_red_minutes}/{self.visit_red_minutes}"


def warning_scope_filter(held: list[Grant], user: Any) -> Q:
    """Police and grid: warnings whose area (the person's grid, or the station's duty queue, or the
    county it was returned to) lies under their grants. A bank liaison: only what they raised."""
    q = Q(pk__in=[])
    territorial = sorted({g.path for g in held if g.role != Role.BANK_LIAISON})
    if territorial:
        q |= Q(area__in=visible_node_ids(territorial))
    if any(g.role == Role.BANK_LIAISON for g in held) and user is not None and user.is_authenticated:
        q |= Q(raised_by=user.pk)
    return q


class Warning(models.Model):
    """One warning (预警) of a person at risk of fraud. The ID and phone numbers are encrypted,
    blind-indexed and masked as the registry keeps them; `area` is where it is handled."""

    reference = models.CharField(_("reference"), max_length=60, unique=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    risk = models.CharField(_("risk level"), max_length=10, choices=Risk.choices)
    fraud_type = models.ForeignKey(FraudType, verbose_name=_("fraud type"), on_delete=models.PROTECT, related_name="+")
    warned_at = models.DateTimeField(_("warned at"))
    received_at = models.DateTimeField(_("received at"))
    name = models.CharField(_("name"), max_length=50, blank=True)
    id_number_enc = models.TextField(_("ID number (encrypted)"), blank=True)
    id_number_index = models.CharField(_("ID number index"), max_length=64, blank=True)
    id_number_masked = models.CharField(_("ID number"), max_length=32, blank=True)
    phone_enc = models.TextField(_("phone (encrypted)"), blank=True)
    phone_index = models.CharField(_("phone index"), max_length=64, blank=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    details = models.TextField(_("details"), blank=True)
    person = models.ForeignKey(
        "registry.Person", verbose_name=_("registered person"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    area = models.ForeignKey("territory.Node", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    station = models.ForeignKey(
        "territory.Node", verbose_name=_("station"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    routing = models.CharField(_("routing"), max_length=10, choices=Routing.choices)
    routing_reason = models.CharField(_("routing reason"), max_length=200, blank=True)
    officer = models.ForeignKey(
        USER, verbose_name=_("officer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    case = models.OneToOneField(
        "casework.Case", verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="fraud_warning",
    )  # fmt: skip
    raised_by = models.ForeignKey(
        USER, verbose_name=_("raised by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_contact_at = models.DateTimeField(_("first contact at"), null=True, blank=True)
    visited_at = models.DateTimeField(_("face-to-face at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_at = models.DateTimeField(_("outcome at"), null=True, blank=True)
    defrauded_amount = models.DecimalField(
        _("amount lost (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    defrauded_at = models.DateTimeField(_("defrauded at"), null=True, blank=True)
    checklist = models.JSONField(_("visit checklist"), default=list, blank=True)
    contacts = models.JSONField(_("contact attempts"), default=list, blank=True)

    objects = RestrictedManager["Warning"]()
    scope_filter = staticmethod(warning_scope_filter)

    class Meta:
        verbose_name = _("fraud warning")
        verbose_name_plural = _("fraud warnings")
        indexes = [
            models.Index(fields=["area", "received_at"], name="antifraud_warning_area"),
            models.Index(fields=["station", "received_at"], name="antifraud_warning_station"),
            models.Index(fields=["id_number_index"], name="antifraud_warning_id"),
            models.Index(fields=["phone_index"], name="antifraud_warning_phone"),
            models.Index(fields=["raised_by"], condition=Q(raised_by__isnull=False), name="antifraud_warning_raiser"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("antifraud:detail", args=[self.pk])

    @property
    def shown_name(self) -> str:
        """The name masked but for the surname (张**), as lists show it."""
        return (self.name[:1] + "*" * max(len(self.name) - 1, 1)) if self.name else ""


class ProtectionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    PROTECTED = "protected", _("Account protected")
    DECLINED = "declined", _("Declined")


def protection_scope_filter(held: list[Grant], user: Any) -> Q:
    """Police: the requests of warnings in their area; a bank liaison: those addressed to them."""
    q = Q(pk__in=[])
    territorial = sorted({g.path for g in held if g.role != Role.BANK_LIAISON})
    if territorial:
        q |= Q(warning__area__in=visible_node_ids(territorial))
    if any(g.role == Role.BANK_LIAISON for g in held) and user is not None and user.is_authenticated:
        q |= Q(bank_user=user.pk)
    return q


class ProtectionRequest(models.Model):
    """A request to a bank for temporary protection of a warned person's account (警银联动)."""

    warning = models.ForeignKey(
        Warning, verbose_name=_("warning"), on_delete=models.PROTECT, related_name="protections"
    )
    bank_user = models.ForeignKey(USER, verbose_name=_("bank liaison"), on_delete=models.PROTECT, related_name="+")
    bank_name = models.CharField(_("bank"), max_length=100)
    account_masked = models.CharField(_("account"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=ProtectionStatus.choices, default=ProtectionStatus.REQUESTED
    )
    answer = models.CharField(_("answer"), max_length=500, blank=True)
    requested_by = models.ForeignKey(USER, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = RestrictedManager["ProtectionRequest"]()
    scope_filter = staticmethod(protection_scope_filter)

    class Meta:
        verbose_name = _("bank protection request")
        verbose_name_plural = _("bank protection requests")
        indexes = [models.Index(fields=["bank_user", "status"], name="antifraud_protection_bank")]

    def __str__(self) -> str:
        return f"{self.warning_id} → {self.bank_name}"
