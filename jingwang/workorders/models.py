"""Whistle and report (吹哨报到): a community or grid raises a problem it cannot solve to a
department, which accepts, acts and reports back; the raiser confirms or reopens. Each work
order is a casework Case of type `workorder` (states, deadlines, timeline, supervision)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.casework.models import Case, Department, case_scope_filter
from jingwang.core import uploads
from jingwang.core.access import Grant, RestrictedManager
from jingwang.core.uploads import private_storage  # also named here by migration 0001

USER = settings.AUTH_USER_MODEL
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
    report = models.TextField(_("report"), blank=True, default="")
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    reported_by = models.ForeignKey(
        USER, verbose_name=_("reported by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmation_note = models.TextField(_("confirmation note"), blank=True, default="")
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        USER, verbose_name=_("confirmed by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    objects = RestrictedManager["WorkOrder"]()

    class Meta:
        verbose_name = _("work order")
        verbose_name_plural = _("work orders")

    def __str__(self) -> str:
        return str(self.case)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workorders:detail", args=[self.pk])

    @staticmethod
    def scope_filter(held: list[Grant], user: Any) -> Q:
        """As its case: territory for the raisers and leaders, membership for department staff."""
        return case_scope_filter(held, user, prefix="case__")


def evidence_path(instance: Any, filename: str) -> str:
    """A random stored name (the original name stays in the row). Uploads are named by
    `jingwang.core.uploads`; migration 0001 refers to this function."""
    return uploads.random_name(uploads.EVIDENCE.folder)


class EvidenceStage(models.TextChoices):
    RAISED = "raised", _("With the whistle")
    REPORT = "report", _("With the report")


class Evidence(models.Model):
    """A photo or document attached when raising or reporting back."""

    workorder = models.ForeignKey(
        WorkOrder, verbose_name=_("work order"), on_delete=models.CASCADE, related_name="evidence"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=EvidenceStage.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to=evidence_path, max_length=200)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("checksum (SHA-256)"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(USER, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def detected_type(self) -> str:
        """The type read from the bytes. Rows kept before uploads were checked (no checksum) hold
        the type the browser claimed, which is not trusted: they have none, and download as bytes."""
        return self.content_type if self.sha256 else ""
