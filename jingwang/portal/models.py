"""The public portal's own records: residents' accounts, one-time codes and their throttles, the
services and time slots an office offers and the bookings residents make, and residents' requests
to correct what the registry holds about them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import RestrictedManager


class Resident(models.Model):
    """A resident's portal account: a Django user (role resident when their community is known)
    found by the blind index of their mobile number. Staff accounts never have one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="resident"
    )
    mobile_index = models.CharField(_("mobile index"), max_length=64, unique=True)
    community = models.ForeignKey(
        "territory.Node", verbose_name=_("community"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("portal resident")
        verbose_name_plural = _("portal residents")

    def __str__(self) -> str:
        return f"resident {self.user_id}"


class SignInCode(models.Model):
    """A one-time sign-in code sent by text message: only its keyed hash is kept."""

    mobile_index = models.CharField(_("mobile index"), max_length=64)
    code_hash = models.CharField(_("code hash"), max_length=64)
    address = models.CharField(_("network address"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sign-in code")
        verbose_name_plural = _("sign-in codes")
        indexes = [
            models.Index(fields=["mobile_index", "created_at"], name="portal_code_mobile"),
            models.Index(fields=["address", "created_at"], name="portal_code_address"),
        ]

    def __str__(self) -> str:
        return f"code {self.pk}"


class Throttle(models.Model):
    """Failed code entries counted per key (a number's blind index, a client address) in a window."""

    key = models.CharField(_("key"), max_length=100, unique=True)
    window_started_at = models.DateTimeField(_("window started at"))
    failures = models.PositiveIntegerField(_("failures"), default=0)

    class Meta:
        verbose_name = _("portal throttle")
        verbose_name_plural = _("portal throttles")

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class Service(models.Model):
    """A service an office offers by appointment (residence permit, ID card loss, consultation)."""

    office = models.ForeignKey(
        "offices.PoliceOffice", verbose_name=_("police office"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("service"), max_length=100)
    description = models.CharField(_("what to bring"), max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes per appointment"), default=20)
    is_active = models.BooleanField(_("offered"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedManager["Service"]()
    scope_field = "office__district"

    class Meta:
        verbose_name = _("appointment service")
        verbose_name_plural = _("appointment services")
        ordering = ["office__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} · {self.office.name}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portal:staff_service", args=[self.pk])


class Slot(models.Model):
    """One time at which one resident may be served; set by the office."""

    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    is_open = models.BooleanField(_("open for booking"), default=True)

    objects = RestrictedManager["Slot"]()
    scope_field = "service__office__district"

    class Meta:
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        ordering = ["starts_at"]
        constraints = [models.UniqueConstraint(fields=["service", "starts_at"], name="portal_slot_once")]

    def __str__(self) -> str:
        return f"{self.service_id}@{self.starts_at:%Y-%m-%d %H:%M}"


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


class Booking(models.Model):
    """A resident's appointment. At most one booking holds a slot (the partial unique constraint),
    and the booking service locks the slot first, so two residents never get the same time."""

    slot = models.ForeignKey(Slot, verbose_name=_("time slot"), on_delete=models.PROTECT, related_name="bookings")
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # Set when the office cancels (the resident's own cancel leaves them empty).
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True, default="")
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    objects = RestrictedManager["Booking"]()
    scope_field = "slot__service__office__district"

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["slot__starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"], condition=models.Q(status="booked"), name="portal_booking_one_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"booking {self.pk}"


class CorrectionRequest(models.Model):
    """A resident's request to correct what the registry holds about them (PIPL Art. 46): its
    case (portal.correction) is the officer's; the resident sees its state and the reason."""

    case = models.OneToOneField(
        "casework.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="correction"
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("resident"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey("registry.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("what is wrong"), max_length=30)
    requested = models.CharField(_("what it should say"), max_length=300)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    objects = RestrictedManager["CorrectionRequest"]()
    scope_field = "case__grid"

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"correction {self.pk}"
