"""What follows from incidents: the case a non-police call became, the return visit after a
preventable crime against a household, and the incident bulletins (警情通报) of a community."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import Case, case_scope_filter
from jingwang.core.access import Grant, RestrictedManager
from jingwang.territory.models import Node
from jingwang.territory.scope import visible_node_ids

USER = settings.AUTH_USER_MODEL
RETURN_VISIT = "incidents.return_visit"  # the case type's code (casetype.py)


class CaseKind(models.TextChoices):
    DISPUTE = "dispute", _("Dispute")
    WORKORDER = "workorder", _("Work order")


class IncidentCase(models.Model):
    """The dispute or work order a non-police call (非警务警情) became: one per incident."""

    incident = models.OneToOneField(
        "incidents.Incident", verbose_name=_("incident"), on_delete=models.PROTECT, related_name="followup_case"
    )
    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="from_incident")
    kind = models.CharField(_("became"), max_length=12, choices=CaseKind.choices)
    created_by = models.ForeignKey(USER, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    objects = RestrictedManager["IncidentCase"]()

    class Meta:
        verbose_name = _("case from an incident")
        verbose_name_plural = _("cases from incidents")

    def __str__(self) -> str:
        return str(self.case)

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return case_scope_filter(held, user, prefix="case__")


class ReturnVisit(models.Model):
    """The return visit to the household after a preventable crime, riding on a casework case;
    the checklist is filled when the visit is recorded."""

    incident = models.OneToOneField(
        "incidents.Incident", verbose_name=_("incident"), on_delete=models.PROTECT, related_name="return_visit"
    )
    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="return_visit")
    house = models.ForeignKey(
        "registry.House", verbose_name=_("house"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    advice_given = models.BooleanField(_("prevention advice given"), null=True, blank=True)
    hazard_found = models.BooleanField(_("hazard found"), null=True, blank=True)
    hazard_note = models.TextField(_("hazard"), blank=True, default="")
    workorder_case = models.ForeignKey(
        Case,
        verbose_name=_("work order raised"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    visited_at = models.DateTimeField(_("visited at"), null=True, blank=True)
    visited_by = models.ForeignKey(
        USER, verbose_name=_("visited by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedManager["ReturnVisit"]()

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")

    def __str__(self) -> str:
        return str(self.case)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("incident_followups:visit", args=[self.pk])

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        return case_scope_filter(held, user, prefix="case__")


class BulletinStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


# Residents and volunteers of a community read its published bulletins, never drafts.
PUBLIC_ROLES = frozenset({"resident", "volunteer"})


class Bulletin(models.Model):
    """An incident bulletin (警情通报) of one community for one period: counts by type (small ones
    suppressed), the trend against the previous period and prevention advice; no personal data."""

    community = models.ForeignKey(
        "territory.Node", verbose_name=_("community"), on_delete=models.PROTECT, related_name="+"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to (inclusive)"))
    title = models.CharField(_("title"), max_length=120)
    advice = models.TextField(_("prevention advice"), max_length=4000)
    # Computed when drafted and again when published: only suppressed counts and labels.
    figures = models.JSONField(_("figures"), default=dict)
    status = models.CharField(_("status"), max_length=10, choices=BulletinStatus.choices, default=BulletinStatus.DRAFT)
    created_by = models.ForeignKey(USER, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        USER, verbose_name=_("published by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedManager["Bulletin"]()

    class Meta:
        verbose_name = _("incident bulletin")
        verbose_name_plural = _("incident bulletins")
        ordering = ["-period_end", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("incident_followups:bulletin", args=[self.pk])

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        """Communities under the grants, or holding a grid under them (police-tree grants reach a
        community through its grids); residents and volunteers see only what was published."""
        q = Q(pk__in=[])
        staff = sorted({g.path for g in held if g.role not in PUBLIC_ROLES})
        public = sorted({g.path for g in held if g.role in PUBLIC_ROLES})
        for paths, extra in ((staff, Q()), (public, Q(status=BulletinStatus.PUBLISHED))):
            if not paths:
                continue
            visible = Node.objects.filter(id__in=visible_node_ids(paths))
            q |= (Q(community__in=visible.values("id")) | Q(community__in=visible.values("parent_id"))) & extra
        return q
