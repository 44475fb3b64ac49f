"""Every change to a registry record: who, when, field, old → new (identifiers masked)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Change(models.Model):
    """One field of one record changed. Read through the record it belongs to (its scope)."""

    record_type = models.CharField(_("record type"), max_length=40)
    record_id = models.BigIntegerField(_("record id"))
    field = models.CharField(_("field"), max_length=50)
    old = models.TextField(_("old value"), blank=True)
    new = models.TextField(_("new value"), blank=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [models.Index(fields=["record_type", "record_id", "changed_at"], name="registry_change_record")]

    def __str__(self) -> str:
        return f"{self.record_type}:{self.record_id}.{self.field}"
