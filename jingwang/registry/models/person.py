"""Actual persons (实有人口): identity, contact, household registration, residence type."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jingwang.core.access import RestrictedManager
from jingwang.registry.models.base import RegistryRecord


class Sex(models.TextChoices):
    """GB/T 2261.1."""

    UNKNOWN = "0", _("Unknown")
    MALE = "1", _("Male")
    FEMALE = "2", _("Female")
    UNSPECIFIED = "9", _("Unspecified")


class DocumentType(models.TextChoices):
    """GA/T 517 (the documents the registry records)."""

    RESIDENT_ID = "111", _("Resident identity card")
    TEMPORARY_ID = "112", _("Temporary resident identity card")
    PASSPORT = "414", _("Passport")
    HK_MACAO_PERMIT = "516", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN_PERMIT = "511", _("Mainland travel permit for Taiwan residents")
    FOREIGN_PERMANENT = "553", _("Foreign permanent resident ID card")
    OTHER = "990", _("Other")


class ResidenceType(models.TextChoices):
    REGISTERED = "registered", _("Registered household (户籍)")
    FLOATING = "floating", _("Floating population (流动)")
    OVERSEAS = "overseas", _("Overseas (境外)")


class Person(RegistryRecord):
    """A person living or working in the territory. ID and phone numbers are encrypted at rest;
    exact look-up goes through keyed blind indexes; screens show the masked forms."""

    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, db_index=True)
    former_names = models.CharField(_("former names"), max_length=200, blank=True)
    # Pinyin of the name with the surname read as a surname (单 shan, 曾 zeng): a search key only.
    name_pinyin = models.CharField(_("name (pinyin)"), max_length=200, blank=True, db_index=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = models.DateField(_("birth date"), null=True, blank=True, db_index=True)
    document_type = models.CharField(
        _("document type"), max_length=3, choices=DocumentType.choices, default=DocumentType.RESIDENT_ID
    )
    id_number_enc = models.TextField(_("ID number (encrypted)"), blank=True)
    id_number_index = models.CharField(_("ID number index"), max_length=64, blank=True)
    id_number_masked = models.CharField(_("ID number"), max_length=32, blank=True)
    phone_enc = models.TextField(_("phone (encrypted)"), blank=True)
    phone_index = models.CharField(_("phone index"), max_length=64, blank=True)
    phone_masked = models.CharField(_("phone"), max_length=20, blank=True)
    residence_type = models.CharField(
        _("residence type"), max_length=12, choices=ResidenceType.choices, default=ResidenceType.REGISTERED
    )
    hukou_address = models.CharField(_("household registration address"), max_length=300, blank=True)
    hukou_division_code = models.CharField(_("household registration county"), max_length=6, blank=True)
    residence_permit_number = models.CharField(_("residence permit number"), max_length=40, blank=True)
    residence_permit_expires = models.DateField(_("residence permit expires"), null=True, blank=True)
    # Set when this record was merged into another (it is then inactive); cleared by an undo.
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RestrictedManager["Person"]()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["grid", "is_active", "id"], name="registry_person_grid"),
            models.Index(fields=["name", "birth_date"], name="registry_person_name_birth"),
            # Duplicate candidates: the same name read aloud, born the same day.
            models.Index(fields=["name_pinyin", "birth_date"], name="registry_person_pinyin_birth"),
            # Blind indexes are looked up by equality only: declared here rather than with
            # db_index, which on PostgreSQL adds a second, pattern (LIKE) index that no query can use.
            models.Index(fields=["id_number_index"], name="registry_person_id_index"),
            models.Index(fields=["phone_index"], name="registry_person_phone_index"),
        ]

    def __str__(self) -> str:
        return self.name
