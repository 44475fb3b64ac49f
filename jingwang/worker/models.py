"""Background jobs: one table, claimed atomically by any number of workers (see jobs.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """One unit of background work: run its kind's handler with its payload, once it is due."""

    kind = models.CharField(_("kind"), max_length=100)
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    run_at = models.DateTimeField(_("due at"))
    # Unique when non-empty, over every row kept (done ones too, until housekeeping purges them):
    # a key names one piece of work, which is done once.
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, blank=True, default="")
    claimed_by = models.CharField(_("claimed by"), max_length=100, blank=True, default="")
    # The lease: a worker that dies leaves its claim behind, and another takes the job once it ends.
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], condition=~Q(dedupe_key=""), name="worker_job_dedupe_key"),
        ]
        indexes = [
            # Workers read only pending jobs, in due order.
            models.Index(fields=["run_at"], condition=Q(done_at__isnull=True), name="worker_job_pending"),
            models.Index(fields=["done_at"], name="worker_job_done"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}#{self.pk}"
