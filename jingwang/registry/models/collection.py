"""Collection records (采集记录): what a grid worker submitted, before the officer verifies it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jingwang.core import uploads
from jingwang.core.access import RestrictedManager


class CollectionKind(models.TextChoices):
    PERSON = "person", _("Person")
    HOUSE = "house", _("House")
    UNIT = "unit", _("Unit")
    ADDRESS = "address", pgettext_lazy("record kind", "Standard address")


class CollectionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    ACCEPTED = "accepted", _("Accepted")
    CORRECTED = "corrected", _("Accepted with corrections")
    REJECTED = "rejected", _("Rejected")


class Collection(models.Model):
    """A submission from the field. The raw values are kept encrypted (they may hold ID numbers);
    the officer's decision and the master records it touched are kept beside them."""

    kind = models.CharField(_("kind"), max_length=10, choices=CollectionKind.choices)
    grid = models.ForeignKey("territory.Node", verbose_name=_("grid"), on_delete=models.PROTECT, related_name="+")
    payload_enc = models.TextField(_("submitted values (encrypted)"))
    summary = models.CharField(_("summary"), max_length=200, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    due_at = models.DateTimeField(_("verify by"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CollectionStatus.choices, default=CollectionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)
    record_type = models.CharField(_("record type"), max_length=40, blank=True)
    record_id = models.BigIntegerField(_("record id"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = RestrictedManager["Collection"]()
    scope_field = "grid"

    class Meta:
        verbose_name = _("collection record")
        verbose_name_plural = _("collection records")
        indexes = [models.Index(fields=["grid", "status", "due_at"], name="registry_collection_queue")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"


def collection_photo_path(instance: Any, filename: str) -> str:
    """A random name in private storage: photos are kept and named by `jingwang.core.uploads`."""
    return uploads.random_name(uploads.COLLECTION_PHOTO.folder)


class CollectionPhoto(models.Model):
    """A photo taken with a collection record."""

    collection = models.ForeignKey(
        Collection, verbose_name=_("collection"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(
        _("photo"), storage=uploads.private_storage, upload_to=collection_photo_path, max_length=200
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = RestrictedManager["CollectionPhoto"]()
    scope_field = "collection__grid"

    class Meta:
        verbose_name = _("collection photo")
        verbose_name_plural = _("collection photos")

    def __str__(self) -> str:
        return self.image.name
