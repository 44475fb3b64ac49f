"""Checking what people type into the registry, with messages in their language (SECURITY 20)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.core import identity
from jingwang.core.dates import parse_date
from jingwang.registry.addressing.parser import ParsedAddress, parse_address
from jingwang.registry.models import DocumentType, HouseType, HouseUse, Industry, ResidenceType, Sex, UnitType

Errors = dict[str, list[str]]

SEX_WORDS = {"男": Sex.MALE, "女": Sex.FEMALE, "m": Sex.MALE, "f": Sex.FEMALE, "male": Sex.MALE, "female": Sex.FEMALE}
RESIDENCE_WORDS = {"户籍": ResidenceType.REGISTERED, "流动": ResidenceType.FLOATING, "境外": ResidenceType.OVERSEAS}
# The fields people choose from a list, wherever they are entered (collections, imports, forms).
CHOICE_FIELDS: dict[str, type[models.TextChoices]] = {
    "document_type": DocumentType,
    "sex": Sex,
    "residence_type": ResidenceType,
    "unit_type": UnitType,
    "industry": Industry,
    "house_type": HouseType,
    "use": HouseUse,
}


@cache
def _codes(choices: Any) -> frozenset[str]:
    # Django builds `choices.values` anew on every access; imports check a million rows.
    return frozenset(choices.values)


def _choice(value: Any, choices: Any, words: Mapping[str, str] | None = None) -> str | None:
    text = str(value).strip()
    if text in _codes(choices):
        return text
    lowered = text.lower()
    if words and lowered in words:
        return str(words[lowered])
    for code, label in choices.choices:
        if text == str(label):
            return str(code)
    return None


def _date(value: Any, field: str, errors: Errors, *, past: bool = True) -> date | None:
    try:
        parsed = parse_date(value)
    except ValueError:
        errors.setdefault(field, []).append(_("Enter a date such as 1985-03-07."))
        return None
    if parsed and past and parsed > timezone.localdate():
        errors.setdefault(field, []).append(_("This date is in the future."))
    return parsed


def clean_person(data: dict[str, Any], *, partial: bool = False) -> tuple[dict[str, Any], Errors, list[str]]:
    """Validated, normalised person fields; errors by field; warnings (e.g. unknown region code)."""
    out: dict[str, Any] = {}
    errors: Errors = {}
    warnings: list[str] = []
    if "name" in data or not partial:
        name = "".join(str(data.get("name") or "").split())
        if not name:
            errors["name"] = [_("Enter the person's name.")]
        elif len(name) > 50:
            errors["name"] = [_("A name has at most 50 characters.")]
        out["name"] = name
    for field in ("former_names", "hukou_address", "residence_permit_number"):
        if field in data:
            out[field] = str(data[field] or "").strip()
    if "document_type" in data:
        doc = _choice(data["document_type"] or DocumentType.RESIDENT_ID, DocumentType)
        if doc is None:
            errors["document_type"] = [_("Unknown document type.")]
        out["document_type"] = doc or DocumentType.RESIDENT_ID
    document = out.get("document_type", DocumentType.RESIDENT_ID)
    if "sex" in data and data["sex"] not in (None, ""):
        sex = _choice(data["sex"], Sex, SEX_WORDS)
        if sex is None:
            errors["sex"] = [_("Sex is 男 or 女 (1 or 2).")]
        out["sex"] = sex or Sex.UNKNOWN
    if "birth_date" in data and data["birth_date"] not in (None, ""):
        out["birth_date"] = _date(data["birth_date"], "birth_date", errors)
    if "residence_permit_expires" in data:
        out["residence_permit_expires"] = _date(
            data["residence_permit_expires"], "residence_permit_expires", errors, past=False
        )
    if "residence_type" in data and data["residence_type"] not in (None, ""):
        kind = _choice(data["residence_type"], ResidenceType, RESIDENCE_WORDS)
        if kind is None:
            errors["residence_type"] = [_("Residence type is 户籍, 流动 or 境外.")]
        out["residence_type"] = kind or ResidenceType.REGISTERED
    if "id_number" in data and data["id_number"] not in (None, ""):
        raw = str(data["id_number"])
        if document == DocumentType.RESIDENT_ID:
            check = identity.check_id_number(raw)
            if not check.valid:
                errors["id_number"] = [p.message for p in check.errors]
            else:
                out["id_number"] = check.normalized
                warnings += [p.message for p in check.warnings]
                if check.region_code:
                    out.setdefault("hukou_division_code", check.region_code)
                if out.get("birth_date") and check.birth_date and out["birth_date"] != check.birth_date:
                    errors.setdefault("birth_date", []).append(_("The birth date does not match the ID number."))
                out.setdefault("birth_date", check.birth_date)
                if out.get("sex") not in (None, Sex.UNKNOWN, check.sex):
                    errors.setdefault("sex", []).append(_("The sex does not match the ID number."))
                out["sex"] = check.sex
        else:
            out["id_number"] = "".join(raw.split()).upper()[:40]
    elif "id_number" in data:
        out["id_number"] = ""
    if "phone" in data:
        out["phone"] = _phone(data["phone"], "phone", errors)
    return out, errors, warnings


def _phone(value: Any, field: str, errors: Errors) -> str:
    if value in (None, ""):
        return ""
    check = identity.check_phone(str(value))
    if not check.valid:
        errors[field] = [p.message for p in check.errors]
        return ""
    return str(check.normalized)


def clean_unit(data: dict[str, Any], *, partial: bool = False) -> tuple[dict[str, Any], Errors]:
    out: dict[str, Any] = {}
    errors: Errors = {}
    if "name" in data or not partial:
        name = str(data.get("name") or "").strip()
        if not name:
            errors["name"] = [_("Enter the unit's name.")]
        out["name"] = name[:200]
    if data.get("credit_code"):
        check = identity.check_credit_code(str(data["credit_code"]))
        if not check.valid:
            errors["credit_code"] = [p.message for p in check.errors]
        out["credit_code"] = check.normalized if check.valid else ""
    for field, choices in (("unit_type", UnitType), ("industry", Industry)):
        if data.get(field):
            value = _choice(data[field], choices)
            if value is None:
                errors[field] = [_("Unknown value.")]
            out[field] = value or choices.OTHER
    for field in ("legal_representative", "security_contact"):
        if field in data:
            out[field] = str(data[field] or "").strip()[:50]
    if "security_contact_phone" in data:
        out["security_contact_phone"] = _phone(data["security_contact_phone"], "security_contact_phone", errors)
    if data.get("staff_count") not in (None, ""):
        try:
            out["staff_count"] = int(data["staff_count"])
            if out["staff_count"] < 0:
                raise ValueError
        except (TypeError, ValueError):
            errors["staff_count"] = [_("Enter a whole number.")]
    return out, errors


def clean_house(data: dict[str, Any]) -> tuple[dict[str, Any], Errors]:
    out: dict[str, Any] = {}
    errors: Errors = {}
    for field, choices in (("house_type", HouseType), ("use", HouseUse)):
        if data.get(field):
            value = _choice(data[field], choices)
            if value is None:
                errors[field] = [_("Unknown value.")]
            else:
                out[field] = value
    if data.get("rental_start"):
        out["rental_start"] = _date(data["rental_start"], "rental_start", errors)
    if "security_letter_signed" in data:
        out["security_letter_signed"] = str(data["security_letter_signed"]).strip().lower() in {
            "1",
            "true",
            "yes",
            "是",
            "on",
        }
    return out, errors


def clean_address(text: Any) -> tuple[ParsedAddress | None, Errors]:
    """The address as the registry can store it: one the parser places in a division, with a
    road or compound. A submission is checked with this when it is made and again when it is
    accepted, so that what the collect form accepts is what verification can record."""
    text = str(text or "").strip()
    if not text:
        return None, {"address": [_("Enter the address.")]}
    parsed = parse_address(text)
    if not parsed.division_code or not parsed.canonical:
        return None, {
            "address": [_("The address cannot be read: give at least the district and the road or compound.")]
        }
    return parsed, {}


def clean_coordinates(lon: Any, lat: Any) -> tuple[float | None, float | None, Errors]:
    if lon in (None, "") and lat in (None, ""):
        return None, None, {}
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        return None, None, {"location": [_("Coordinates must be numbers.")]}
    problems = identity.check_coordinates(x, y)
    if problems:
        return None, None, {"location": [p.message for p in problems]}
    return x, y, {}
