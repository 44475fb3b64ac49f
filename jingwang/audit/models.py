"""The audit trail: append-only, hash-chained events (SECURITY 12-17)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import RestrictedManager, RestrictedQuerySet


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    DENIED = "denied", _("Denied")
    FAILURE = "failure", _("Failure")


class AppendOnlyQuerySet(RestrictedQuerySet["AuditEvent"]):
    """No bulk update or delete through the ORM; PostgreSQL also refuses them with a trigger."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit trail is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only.")


class AuditManager(RestrictedManager["AuditEvent"]):
    def get_queryset(self) -> AppendOnlyQuerySet:
        return AppendOnlyQuerySet(self.model, using=self._db)


class AuditEvent(models.Model):
    """One audited action: who, under which role and scope, did what to what, and how it ended.

    Written in the caller's transaction with a keyed MAC but without a place in the chain;
    `audit_seal` then gives committed events, in batches, their sequence number and keyed hash
    link (see chain.py and services)."""

    id = models.BigAutoField(primary_key=True)
    seq = models.BigIntegerField(_("sequence"), null=True, blank=True, unique=True)
    occurred_at = models.DateTimeField(_("time (UTC)"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(_("actor username"), max_length=150, blank=True, db_index=True)
    roles = models.CharField(_("roles"), max_length=255, blank=True)
    scope = models.CharField(_("scope"), max_length=500, blank=True)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    object_type = models.CharField(_("object type"), max_length=80, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    query = models.JSONField(_("query"), null=True, blank=True)
    result_count = models.IntegerField(_("result count"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    source = models.CharField(_("source"), max_length=10, blank=True)
    source_address = models.CharField(_("source address"), max_length=64, blank=True)
    session_ref = models.CharField(_("session"), max_length=32, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    details = models.JSONField(_("details"), null=True, blank=True)
    # nonce.HMAC of the row as the service wrote it (chain.py): the sealer seals no row without it.
    mac = models.CharField(_("row MAC"), max_length=100, blank=True, default="")
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True)
    hash = models.CharField(_("hash"), max_length=64, blank=True)

    objects: ClassVar[AuditManager] = AuditManager()
    # The trail is not territorial: only the audit administrator's role reads it, all of it.
    scope_field = None

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["id"], condition=models.Q(seq__isnull=True), name="audit_unsealed"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["actor", "occurred_at"], name="audit_actor_time"),
        ]
        # Every genuine row has its own nonce, so a verbatim copy of one is refused.
        constraints = [models.UniqueConstraint(fields=["mac"], condition=~models.Q(mac=""), name="audit_mac_unique")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit trail is append-only.")
