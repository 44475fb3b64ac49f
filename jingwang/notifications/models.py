"""The in-app inbox and the text messages sent beside it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import Grant, RestrictedManager
from jingwang.core.types import Viewer


class Notification(models.Model):
    """One message to one user. Effects that may run twice (two workers, a retried job) give a
    `dedupe_key`: a recipient holds at most one notification per key."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=300, blank=True)
    subject_type = models.CharField(_("about (kind)"), max_length=60, blank=True)
    subject_id = models.CharField(_("about (id)"), max_length=40, blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = RestrictedManager["Notification"]()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"], condition=~Q(dedupe_key=""), name="notification_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def scope_filter(held: list[Grant], user: Viewer | None) -> Q:
        """Everybody reads their own inbox and nobody else's."""
        return Q(recipient_id=getattr(user, "pk", None))


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class SmsMessage(models.Model):
    """The outbox of text messages: what was sent to whom (masked) and whether it went out."""

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE, related_name="sms"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    phone_masked = models.CharField(_("phone (masked)"), max_length=20)
    text = models.CharField(_("text"), max_length=500)
    backend = models.CharField(_("backend"), max_length=100)
    status = models.CharField(_("status"), max_length=10, choices=SmsStatus.choices, default=SmsStatus.QUEUED)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.phone_masked}: {self.text[:40]}"
