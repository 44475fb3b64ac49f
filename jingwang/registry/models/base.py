"""What every registry record shares: a grid (its scope), retirement instead of deletion, a version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryRecord(models.Model):
    """Abstract base: scoped by grid, retired rather than deleted, versioned for If-Match."""

    grid = models.ForeignKey(
        "territory.Node",
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "grid"},
    )
    is_active = models.BooleanField(_("in use"), default=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_field = "grid"

    class Meta:
        abstract = True
