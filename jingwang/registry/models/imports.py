"""Import jobs: one run of `import_file` over one file, recorded so that a killed run resumes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import RestrictedManager


class ImportKind(models.TextChoices):
    PERSON = "person", _("Persons")
    HOUSE = "house", _("Houses")
    UNIT = "unit", _("Units")
    ADDRESS = "address", _("Addresses")


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    INTERRUPTED = "interrupted", _("Interrupted")
    DONE = "done", _("Done")


class ImportJob(models.Model):
    """One import of one file. `rows_done` data rows are committed; a re-run of the same file (same
    hash and kind) continues after them. Counts of committed batches are kept in `counts`."""

    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    file_hash = models.CharField(_("file hash (SHA-256)"), max_length=64)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.RUNNING)
    batch_size = models.PositiveIntegerField(_("rows per batch"))
    rows_done = models.PositiveIntegerField(_("rows committed"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in the file"), null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    bad_rows = models.PositiveIntegerField(_("bad rows"), default=0)
    # host:pid of the process running it, so that a re-run can tell a dead run from a live one.
    owner = models.CharField(_("run by process"), max_length=120, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    # Not territorial: a job may touch many grids. No role is granted on it until a page needs it.
    objects = RestrictedManager["ImportJob"]()
    scope_field = None

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        indexes = [models.Index(fields=["file_hash", "kind", "status"], name="registry_importjob_resume")]

    def __str__(self) -> str:
        return f"{self.kind} {self.file_name} ({self.status})"
