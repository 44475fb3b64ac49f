"""Hazard writes: the report (with photos and location), the notice to the responsible party, the
hand-over as a work order (exactly once) and the sweep of overdue rectifications."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.casework.attachments import attachments_keep
from jingwang.casework.models import Case, Department
from jingwang.casework.services import case_open, case_recompute_deadlines, case_transition
from jingwang.core.access import has_permission
from jingwang.core.errors import Forbidden, ServiceError
from jingwang.core.types import Actor
from jingwang.hazards.models import HAZARD, Category, HandOverTo, Hazard, Responsible
from jingwang.notifications.services import notify
from jingwang.territory.models import Node
from jingwang.territory.selectors import grids_in_scope
from jingwang.workorders.models import SourceKind
from jingwang.workorders.services import workorder_raise


def _invalid(field: str, message: str | Promise) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def _coordinate(value: Any, field: str, low: int, high: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except ArithmeticError:
        raise _invalid(field, _("Enter a number.")) from None
    if not number.is_finite() or not low <= number <= high:
        raise _invalid(field, _("Out of range."))
    return number


def hazard_report(
    *,
    by: Actor,
    grid: Node,
    category: Category,
    description: str,
    place: str = "",
    serious: bool = False,
    house: Any = None,
    unit: Any = None,
    lat: Any = None,
    lon: Any = None,
    files: list[UploadedFile] | None = None,
) -> Hazard:
    """Open a hazard case in a grid of the finder's scope, with its photos and location."""
    if not has_permission(by, Hazard, "add"):
        raise Forbidden(_("Your role may not report hazards."))
    if not grids_in_scope(by, Hazard, "add").filter(pk=grid.pk).exists():
        raise _invalid("grid", _("This area lies outside your scope."))
    if not category.is_active:
        raise _invalid("category", _("Unknown value."))
    if not description.strip():
        raise _invalid("description", _("This field is required."))
    for field, record in (("house", house), ("unit", unit)):
        if record is not None and record.grid_id != grid.pk:
            raise _invalid(field, _("Not in the chosen grid."))
    lat_value, lon_value = _coordinate(lat, "lat", -90, 90), _coordinate(lon, "lon", -180, 180)
    if (lat_value is None) != (lon_value is None):
        raise _invalid("lat", _("Give both latitude and longitude, or neither."))
    with transaction.atomic():
        case = case_open(
            by=by,
            kind=HAZARD,
            title=f"{category.name}：{(place or description).strip()[:60]}",
            grid=grid,
            description=description.strip(),
            level="serious" if serious or category.serious else "ordinary",
            assignee=by if has_permission(by, Hazard, "change") else None,
        )
        hazard = Hazard.objects.create(
            case=case,
            category=category,
            serious=serious or category.serious,
            house=house,
            unit=unit,
            place=place.strip()[:200],
            lat=lat_value,
            lon=lon_value,
            rectification_days=category.rectification_days,
        )
        attachments_keep(case=case, by=by, files=files or [])
        audit_record(
            action="hazards.hazard.report",
            actor=by,
            object_type="hazards.hazard",
            object_id=hazard.pk,
            details={"category": category.code, "serious": hazard.serious, "files": len(files or [])},
        )
    return hazard


def hazard_notified(*, case: Case, data: dict[str, Any]) -> None:
    """The notice's effect (inside the transition): who must rectify, and the deadline."""
    kind, name = str(data.get("responsible_kind") or ""), str(data.get("responsible_name") or "").strip()
    if kind not in Responsible.values:
        raise _invalid("responsible_kind", _("Choose who must rectify it."))
    if not name:
        raise _invalid("responsible_name", _("This field is required."))
    hazard = Hazard.objects.select_for_update().select_related("category").get(case_id=case.pk)
    hazard.responsible_kind, hazard.responsible_name = kind, name[:100]
    hazard.rectification_days = data.get("days") or hazard.category.rectification_days
    hazard.save(update_fields=["responsible_kind", "responsible_name", "rectification_days"])
    fresh = case_recompute_deadlines(case_id=case.pk)
    case.yellow_at, case.red_at, case.bureau_at, case.next_due_at = (
        fresh.yellow_at,
        fresh.red_at,
        fresh.bureau_at,
        fresh.next_due_at,
    )
    Hazard.objects.filter(pk=hazard.pk).update(rectify_by=fresh.red_at)


def _department(to: str) -> Department | None:
    name = settings.HAZARDS_DEPARTMENTS.get(to, "")
    return Department.objects.filter(name=name, is_active=True).first() if name else None


def hazard_hand_over(*, case: Case, to: str, note: str) -> Hazard:
    """Raise the hazard's work order (inside the transition, on the locked hazard): once only."""
    hazard = Hazard.objects.select_for_update().select_related("category", "case__grid").get(case_id=case.pk)
    if hazard.workorder_id is not None:
        return hazard
    to = to or hazard.category.hand_over_to
    department = _department(to)
    if department is None:
        raise _invalid("to", _("No department is set up for %(to)s.") % {"to": HandOverTo(to).label})
    hazard.workorder = workorder_raise(
        by=None,
        grid=case.grid,
        department=department,
        title=_("Hazard not removed: %(title)s") % {"title": case.title},
        description="\n".join(filter(None, [case.description, note])),
        source_kind=SourceKind.HAZARD,
        source_case=case,
        source_ref=case.number,
        location=hazard.place,
        urgency="urgent",
    )
    hazard.handed_over_at = timezone.now()
    hazard.save(update_fields=["workorder", "handed_over_at"])
    return hazard


def hazards_overdue(now: datetime | None = None) -> int:
    """Hand over every rectification past its deadline, once: the locked case must still be
    notified, so a second sweep (or a second worker) finds nothing to do."""
    now = now or timezone.now()
    due = list(
        Hazard.objects.filter(case__state="notified", rectify_by__lt=now, workorder__isnull=True).values_list(
            "case_id", flat=True
        )
    )
    done = 0
    for case_id in due:
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case_id)
            if case.state != "notified":
                continue  # another sweep took it
            case_transition(by=None, case_id=case_id, transition="lapse", note=_("Rectification deadline passed."))
            hazard = Hazard.objects.select_related("workorder__case").get(case_id=case_id)
            notify(
                [case.assignee],
                kind="hazards.handed_over",
                title=_("Hazard handed over: %(number)s") % {"number": case.number},
                body=_("Work order %(number)s was raised.") % {"number": hazard.workorder.case.number}
                if hazard.workorder
                else "",
                link=hazard.get_absolute_url(),
                subject=case,
                dedupe_key=f"hazards.overdue:{hazard.pk}",
            )
            done += 1
    return done
