"""The figures' materialised tables: per day and grid, then per month and territory node."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import RestrictedManager
from jingwang.worker.models import Job


class FigureDaily(models.Model):
    """One figure's parts for one day, one grid and one category (the engine writes it)."""

    figure = models.CharField(_("figure"), max_length=60)
    day = models.DateField(_("day"))
    grid = models.ForeignKey("territory.Node", verbose_name=_("grid"), on_delete=models.CASCADE, related_name="+")
    category = models.CharField(_("category"), max_length=60, blank=True, default="")
    numerator = models.FloatField(_("numerator"), default=0)
    denominator = models.FloatField(_("denominator"), default=0)

    objects = RestrictedManager["FigureDaily"]()
    scope_field = "grid"

    class Meta:
        verbose_name = _("daily figure")
        verbose_name_plural = _("daily figures")
        constraints = [models.UniqueConstraint(fields=["figure", "day", "grid", "category"], name="figures_daily_key")]

    def __str__(self) -> str:
        return f"{self.figure} {self.day}"


class FigureMonthly(models.Model):
    """One figure's parts for one calendar month over every grid under one node of either tree."""

    figure = models.CharField(_("figure"), max_length=60)
    month = models.DateField(_("month"))  # its first day
    node = models.ForeignKey(
        "territory.Node", verbose_name=_("territory node"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.CharField(_("category"), max_length=60, blank=True, default="")
    numerator = models.FloatField(_("numerator"), default=0)
    denominator = models.FloatField(_("denominator"), default=0)

    objects = RestrictedManager["FigureMonthly"]()
    scope_field = "node"

    class Meta:
        verbose_name = _("monthly figure")
        verbose_name_plural = _("monthly figures")
        constraints = [
            models.UniqueConstraint(fields=["figure", "month", "node", "category"], name="figures_monthly_key")
        ]
        indexes = [models.Index(fields=["node", "month"], name="figures_monthly_node")]

    def __str__(self) -> str:
        return f"{self.figure} {self.month:%Y-%m}"


class Publication(models.Model):
    """A figure the police choose to publish to residents, per community (向人民汇报)."""

    figure = models.CharField(_("figure"), max_length=60, unique=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    objects = RestrictedManager["Publication"]()
    scope_field = None  # a setting: governed by role alone

    class Meta:
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")

    def __str__(self) -> str:
        return self.figure


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being generated")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class MonthlyReport(models.Model):
    """A node's monthly report, generated in the background and kept for the period."""

    node = models.ForeignKey(
        "territory.Node", verbose_name=_("territory node"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    xlsx_name = models.CharField(_("spreadsheet file"), max_length=200, blank=True, default="")
    pdf_name = models.CharField(_("PDF file"), max_length=200, blank=True, default="")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True, default="")

    objects = RestrictedManager["MonthlyReport"]()
    scope_field = "node"

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [models.UniqueConstraint(fields=["node", "month"], name="figures_report_node_month")]

    def __str__(self) -> str:
        return f"{self.node} {self.month:%Y-%m}"


class JobQueue(Job):
    """The background jobs as the system administrator's health page sees them (a proxy, so that
    the page has a permission of its own)."""

    class Meta:
        proxy = True
        verbose_name = _("job queue")
        verbose_name_plural = _("job queues")
