"""Volunteers (平安志愿者): teams, the people in them, what they did, and leaving."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import Grant, RestrictedManager, under_any
from jingwang.core.roles import Role
from jingwang.core.types import Viewer
from jingwang.territory.models import Node


class TeamKind(models.TextChoices):
    YIJING = "yijing", _("Volunteer police (义警)")
    SAFETY = "safety", _("Safety volunteers (平安志愿者)")
    TRADES = "trades", _("Trades (九大员)")


class Team(models.Model):
    """A team of volunteers attached to a police district."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=TeamKind.choices)
    trade = models.CharField(_("trade"), max_length=50, blank=True, help_text=_("couriers, drivers, guards …"))
    district = models.ForeignKey(Node, verbose_name=_("police district"), on_delete=models.PROTECT, related_name="+")
    is_active = models.BooleanField(_("in use"), default=True)

    objects = RestrictedManager["Team"]()

    class Meta:
        verbose_name = _("volunteer team")
        verbose_name_plural = _("volunteer teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_filter(held: list[Grant], user: Viewer | None) -> Q:
        """Staff by territory; a volunteer sees only the team they are in."""
        return _scope(held, user, "district", "members__user_id")


def _scope(held: list[Grant], user: Viewer | None, field: str, own: str) -> Q:
    q = Q(pk__in=[])
    if any(g.role == Role.VOLUNTEER for g in held):
        q |= Q(**{own: getattr(user, "pk", None)})
    paths = sorted({g.path for g in held if g.role != Role.VOLUNTEER})
    if paths:
        q |= Q(**{f"{field}__in": Node.objects.filter(under_any("path", "police_path", paths)).values("id")})
    return q


class Status(models.TextChoices):
    APPLIED = "applied", _("Applied")
    VERIFIED = "verified", _("Verified")
    REFUSED = "refused", _("Refused")
    LEFT = "left", _("Left")


class Volunteer(models.Model):
    """A person who volunteers in a grid: registered by an officer or by themselves on the portal,
    verified by the community officer (who grants the volunteer role over the grid's community)."""

    name = models.CharField(_("name"), max_length=50)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    grid = models.ForeignKey(Node, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPLIED)
    self_registered = models.BooleanField(_("registered through the portal"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = RestrictedManager["Volunteer"]()

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(user__isnull=False) & ~Q(status__in=["left", "refused"]),
                name="volunteers_one_active_per_user",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def scope_filter(held: list[Grant], user: Viewer | None) -> Q:
        """Staff by the volunteer's grid; a volunteer sees only their own record."""
        return _scope(held, user, "grid", "user_id")


class ActivityKind(models.TextChoices):
    PATROL = "patrol", _("Patrol")
    EVENT = "event", _("Event duty")
    TRAINING = "training", _("Training")
    ALERT = "alert", _("Alert answered")
    OTHER = "other", _("Other")


class Activity(models.Model):
    """Something a volunteer did, with the hours it took."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices)
    day = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedManager["Activity"]()

    class Meta:
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        ordering = ["-day", "-id"]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.kind} {self.day}"

    @staticmethod
    def scope_filter(held: list[Grant], user: Viewer | None) -> Q:
        return _scope(held, user, "volunteer__grid", "volunteer__user_id")
