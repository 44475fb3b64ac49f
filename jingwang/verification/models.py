"""Watch lists (关注名单) and on-the-spot verification checks (核查即比对)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jingwang.core.access import Grant, RestrictedManager
from jingwang.territory.models import Node, node_scope_filter
from jingwang.territory.scope import visible_node_ids


def _lists_seen(held: list[Grant]) -> Any:
    """Nodes whose lists a user sees: those under their scope, and those above it (a station's or
    bureau's list applies in every district under it). Writes also require the list's node to lie
    within the writer's scope (services/watchlists.py)."""

    return Node.objects.filter(node_scope_filter(held)).values("id")


def _list_scope(held: list[Grant], user: Any = None) -> Q:
    return Q(node__in=_lists_seen(held))


class WatchCategory(models.TextChoices):
    WANTED = "wanted", _("Wanted persons")
    FOCUS = "focus", _("Focus persons")
    MISSING = "missing", _("Missing persons")
    OTHER = "other", _("Other")


class WatchList(models.Model):
    """A named list of people an officer who meets them must act on, kept by a station or node."""

    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=12, choices=WatchCategory.choices)
    legal_basis = models.TextField(_("legal basis"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person in charge"), on_delete=models.PROTECT, related_name="+"
    )
    node = models.ForeignKey(
        "territory.Node", verbose_name=_("kept by (station or node)"), on_delete=models.PROTECT, related_name="+"
    )
    review_period_days = models.PositiveIntegerField(_("review period (days)"), default=180)
    is_active = models.BooleanField(_("in use"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RestrictedManager["WatchList"]()
    scope_filter = staticmethod(_list_scope)

    class Meta:
        verbose_name = _("watch list")
        verbose_name_plural = _("watch lists")

    def __str__(self) -> str:
        return self.name


def _entry_scope(held: list[Grant], user: Any = None) -> Q:
    return Q(watchlist__node__in=_lists_seen(held))


class WatchEntry(models.Model):
    """One person on a list: a registry person, or identifiers only (e.g. imported wanted persons).

    The ID number is stored as registry persons store theirs (encrypted, blind index with the same
    key and context, masked twin), so one look-up by ID finds both. An entry is in force until its
    review date; from that day it lapses unless renewed."""

    watchlist = models.ForeignKey(
        WatchList, verbose_name=_("watch list"), on_delete=models.PROTECT, related_name="entries"
    )
    person = models.ForeignKey(
        "registry.Person",
        verbose_name=_("registered person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    id_number_enc = models.TextField(_("ID number (encrypted)"), blank=True)
    id_number_index = models.CharField(_("ID number index"), max_length=64, blank=True)
    id_number_masked = models.CharField(_("ID number"), max_length=32, blank=True)
    instruction = models.CharField(_("instruction to the officer"), max_length=300)
    sensitive_details = models.TextField(_("sensitive details"), blank=True)
    review_date = models.DateField(_("review date"))
    is_active = models.BooleanField(_("on the list"), default=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    renewed_at = models.DateTimeField(_("last renewed"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = RestrictedManager["WatchEntry"]()
    scope_filter = staticmethod(_entry_scope)

    class Meta:
        verbose_name = _("watch-list entry")
        verbose_name_plural = _("watch-list entries")
        indexes = [
            models.Index(fields=["id_number_index"], name="verification_entry_id_index"),
            models.Index(fields=["name", "birth_date"], name="verification_entry_name_birth"),
        ]
        constraints = [
            # Imports are idempotent on (list, ID number); a registry person is on a list once.
            models.UniqueConstraint(
                fields=["watchlist", "id_number_index"],
                condition=~Q(id_number_index=""),
                name="verification_entry_once_per_id",
            ),
            models.UniqueConstraint(
                fields=["watchlist", "person"], condition=Q(person__isnull=False), name="verification_entry_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.id_number_masked})"

    def in_force(self, today: date) -> bool:
        return self.is_active and today < self.review_date


class CheckOutcome(models.TextChoices):
    NOT_REGISTERED = "not_registered", _("Not registered")
    REGISTERED = "registered", _("Registered in my area")
    REGISTERED_ELSEWHERE = "registered_elsewhere", _("Registered elsewhere")
    WATCHLIST_HIT = "watchlist_hit", _("Watch-list hit")
    CANDIDATES = "candidates", _("Mistyped ID: candidates")
    NO_CANDIDATES = "no_candidates", _("Mistyped ID: no candidate")


class QueryKind(models.TextChoices):
    ID_NUMBER = "id_number", _("ID number")
    NAME_BIRTH = "name_birth", _("Name and birth date")


def _check_scope(held: list[Grant], user: Any = None) -> Q:
    visible = visible_node_ids(sorted({g.path for g in held}))
    q = Q(node__in=visible) | Q(subject_grid__in=visible)
    if user is not None and getattr(user, "pk", None):
        q |= Q(checked_by=user) | Q(pk__in=CheckHit.objects.filter(entry__watchlist__owner=user).values("check_record"))
    return q


class VerificationCheck(models.Model):
    """One check in the field: who, when, where, why, what was asked (ID masked) and the outcome."""

    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"))
    # Where the checker works (their node), and the grid of the registered person found, if any.
    node = models.ForeignKey(
        "territory.Node", verbose_name=_("checker's area"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_grid = models.ForeignKey(
        "territory.Node", verbose_name=_("person's grid"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    query_kind = models.CharField(_("checked by"), max_length=12, choices=QueryKind.choices)
    id_number_masked = models.CharField(_("ID number"), max_length=32, blank=True)
    query_name = models.CharField(pgettext_lazy("person", "name"), max_length=50, blank=True)
    query_birth_date = models.DateField(_("birth date"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=CheckOutcome.choices)
    persons_found = models.PositiveSmallIntegerField(_("persons found"), default=0)
    hit_count = models.PositiveSmallIntegerField(_("watch-list hits"), default=0)

    objects = RestrictedManager["VerificationCheck"]()
    scope_filter = staticmethod(_check_scope)

    class Meta:
        verbose_name = _("verification check")
        verbose_name_plural = _("verification checks")
        indexes = [models.Index(fields=["checked_by", "checked_at"], name="verification_check_by_at")]

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {self.get_outcome_display()}"


class CheckHit(models.Model):
    """A watch-list entry a check hit, and whether its responsible officer was notified."""

    check_record = models.ForeignKey(
        VerificationCheck, verbose_name=_("check"), on_delete=models.PROTECT, related_name="hits", db_column="check_id"
    )
    entry = models.ForeignKey(WatchEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="+")
    exact = models.BooleanField(_("exact match"), default=True)
    notified = models.BooleanField(_("notified"), default=False)

    class Meta:
        verbose_name = _("watch-list hit")
        verbose_name_plural = _("watch-list hits")

    def __str__(self) -> str:
        return f"{self.check_record_id}→{self.entry_id}"
