"""Duplicate persons: suggestions from the matcher, merges that can be undone, and the possible
duplicates of a field submission still awaiting verification."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import Grant, RestrictedManager
from jingwang.territory.scope import visible_node_ids


def _either_grid(held: list[Grant], a: str, b: str) -> Q:
    nodes = visible_node_ids(sorted({g.path for g in held}))
    return Q(**{f"{a}__in": nodes}) | Q(**{f"{b}__in": nodes})


class SuggestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MERGED = "merged", _("Merged")
    REJECTED = "rejected", _("Not the same person")
    AUTO = "auto", _("Merged automatically")


class MergeSuggestion(models.Model):
    """Two active persons the matcher thinks are one (unordered pair: `person_a` has the lower id).
    Visible to the keepers of either person's grid; deciding needs authority over both."""

    person_a = models.ForeignKey(
        "registry.Person", verbose_name=_("first person"), on_delete=models.PROTECT, related_name="+"
    )
    person_b = models.ForeignKey(
        "registry.Person", verbose_name=_("second person"), on_delete=models.PROTECT, related_name="+"
    )
    probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"), default=0.0)
    # [{"field": ..., "level": ..., "weight": ...}]: which fields agreed and how much each weighed.
    fields = models.JSONField(_("field comparison"), default=list, blank=True)
    same_id_number = models.BooleanField(_("same ID number"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("found at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = RestrictedManager["MergeSuggestion"]()

    class Meta:
        verbose_name = _("duplicate suggestion")
        verbose_name_plural = _("duplicate suggestions")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="registry_suggestion_pair_once"),
            models.CheckConstraint(condition=Q(person_a__lt=models.F("person_b")), name="registry_suggestion_ordered"),
        ]
        indexes = [models.Index(fields=["status", "-probability"], name="registry_suggestion_review")]

    def __str__(self) -> str:
        return f"{self.person_a_id}~{self.person_b_id}"

    @staticmethod
    def scope_filter(held: list[Grant], user: Any = None) -> Q:
        return _either_grid(held, "person_a__grid", "person_b__grid")


class MergeRecord(models.Model):
    """One merge: what moved from the duplicate to the survivor and the duplicate's state before,
    so that `merge_undo` restores it exactly."""

    survivor = models.ForeignKey(
        "registry.Person", verbose_name=_("kept person"), on_delete=models.PROTECT, related_name="+"
    )
    duplicate = models.ForeignKey(
        "registry.Person", verbose_name=_("merged person"), on_delete=models.PROTECT, related_name="+"
    )
    suggestion = models.ForeignKey(
        MergeSuggestion,
        verbose_name=_("suggestion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merges",
    )
    # {"<app.model>.<field>": [ids]}: the rows that pointed at the duplicate and now point at the
    # survivor; "closed_residences": ids of open residences closed because the survivor already
    # lived at the same house.
    moved = models.JSONField(_("moved links"), default=dict, blank=True)
    duplicate_before = models.JSONField(_("merged person before"), default=dict, blank=True)
    automatic = models.BooleanField(_("automatic"), default=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    objects = RestrictedManager["MergeRecord"]()

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")

    def __str__(self) -> str:
        return f"{self.duplicate_id}→{self.survivor_id}"

    @staticmethod
    def scope_filter(held: list[Grant], user: Any = None) -> Q:
        return _either_grid(held, "survivor__grid", "duplicate__grid")


class CollectionMatch(models.Model):
    """A registered person the values of a pending (or decided) submission resemble."""

    collection = models.ForeignKey(
        "registry.Collection", verbose_name=_("collection record"), on_delete=models.CASCADE, related_name="matches"
    )
    person = models.ForeignKey("registry.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("match probability"))
    fields = models.JSONField(_("field comparison"), default=list, blank=True)
    same_id_number = models.BooleanField(_("same ID number"), default=False)
    found_at = models.DateTimeField(_("found at"), auto_now_add=True)

    objects = RestrictedManager["CollectionMatch"]()
    scope_field = "collection__grid"

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [models.UniqueConstraint(fields=["collection", "person"], name="registry_collection_match_once")]

    def __str__(self) -> str:
        return f"{self.collection_id}~{self.person_id}"
