"""Whistle and report (吹哨报到): a community or grid raises a problem it cannot solve to a
department, which accepts, acts and reports back; the raiser confirms or reopens. Each work
order is a casework Case of type `workorder` (states, deadlines, timeline, supervision)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import Case, Department, case_scope_filter
from jingwang.core.access import Grant, RestrictedManager

KIND = "workorder"  # the case type's code (casetype.py), named here so services need not import it


class SourceKind(models.TextChoices):
    DIRECT = "direct", _("Raised directly")
    DISPUTE = "dispute", _("From a dispute")
    HAZARD = "hazard", _("From a hazard")


class WorkOrder(models.Model):
    """One whistle (吹哨) to a department, riding on a casework case."""

    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="workorder")
    source_kind = models.CharField(_("source"), max_length=20, choices=SourceKind.choices, default=SourceKind.DIRECT)
    source_case = models.ForeignKey(
        Case, verbose_name=_("source case"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True, default="")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="workorders"
    )
    location = models.CharField(_("location"), max_length=200, blank=True, default="")
    # The report, the confirmation and the reopenings are the case's timeline, their one copy:
    # selectors.workorder_list annotates them.

    objects = RestrictedManager["WorkOrder"]()

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")

    def __str__(self) -> str:
        return str(self.case)

    def get_absolute_url(self) -> str:
        return reverse("workorders:detail", args=[self.pk])

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        """As its case: territory for the raisers and leaders, membership for department staff."""
        return case_scope_filter(held, user, prefix="case__")
