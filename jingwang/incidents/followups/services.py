"""Writes that follow from incidents: a non-police call becomes a dispute or a work order (once,
linked both ways), and a preventable crime against a household opens a return visit (once)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.casework.models import Case, Department, EventKind
from jingwang.casework.services import case_open, event
from jingwang.core.access import has_permission
from jingwang.core.errors import Conflict, Forbidden, NotFound, ServiceError
from jingwang.core.types import Actor
from jingwang.disputes.models import DisputeKind, IntakeSource
from jingwang.disputes.services.intake import dispute_report
from jingwang.incidents.followups.models import RETURN_VISIT, CaseKind, IncidentCase, ReturnVisit
from jingwang.incidents.models import Incident
from jingwang.notifications.services import responsible_officers
from jingwang.registry.models import House
from jingwang.workorders.models import SourceKind
from jingwang.workorders.services import workorder_raise

# 可防性案件: criminal and public-order cases the code table marks preventable.
CASE_KINDS = ("criminal", "public_order")
# Numbers looked up at a time after an import (one indexed query per chunk; SQLite allows 32,766).
LOOKUP_CHUNK = 5000


def _incident_for(by: Actor, incident_id: int) -> Incident:
    incident = (
        Incident.objects.restrict(by, "view")
        .select_related("category", "grid")
        .select_for_update(of=("self",))
        .filter(pk=incident_id)
        .first()
    )
    if incident is None:
        raise NotFound()
    return incident


def incident_case_open(
    *,
    by: Actor,
    incident_id: int,
    kind: str,
    department: Department | None = None,
    dispute_kind: str = "",
    title: str = "",
) -> IncidentCase:
    """Turn a non-police call into a dispute or a work order, in one step and once only: the
    case shows its incident and the incident its case."""
    if kind not in CaseKind.values:
        raise ServiceError("invalid", _("Some fields are invalid."), fields={"kind": [_("Unknown value.")]})
    if not has_permission(by, IncidentCase, "add"):
        raise Forbidden(_("You may not turn incidents into cases."))
    with transaction.atomic():
        incident = _incident_for(by, incident_id)
        if not incident.category.non_police:
            raise ServiceError("not_non_police", _("Only a non-police call becomes a dispute or a work order."))
        if IncidentCase.objects.filter(incident=incident).exists():
            raise Conflict("already_linked", _("This incident has already become a case."))
        grid = incident.grid
        if grid is None:
            raise ServiceError("no_grid", _("The incident has no grid: match its address first."))
        title = (title.strip() or f"{incident.category.name} {incident.number}")[:120]
        summary = incident.summary or incident.category.name
        case: Case
        if kind == CaseKind.DISPUTE:
            if dispute_kind not in DisputeKind.values:
                raise ServiceError(
                    "invalid",
                    _("Some fields are invalid."),
                    fields={"dispute_kind": [_("Choose one of the listed values.")]},
                )
            dispute = dispute_report(
                by=by,
                data={"title": title, "summary": summary, "kind": dispute_kind, "place": incident.place_text},
                source=IntakeSource.CALL_110,
                grid=grid,
                opened_at=incident.reported_at or incident.occurred_at,
            )
            case = dispute.case
        else:
            if department is None:
                raise ServiceError(
                    "invalid", _("Some fields are invalid."), fields={"department": [_("Choose a department.")]}
                )
            order = workorder_raise(
                by=by,
                grid=grid,
                department=department,
                title=title,
                description=summary,
                source_kind=SourceKind.DIRECT,
                source_ref=incident.number,
                location=incident.place_text,
            )
            case = order.case
        link = IncidentCase.objects.create(incident=incident, case=case, kind=kind, created_by=by)
        # The case's timeline names the incident it came from (its page shows the timeline).
        event(case, EventKind.COMMENT, by=by, note=_("From incident %(number)s") % {"number": incident.number},
              incident=incident.number)  # fmt: skip
        audit_record(
            action="incidents.incident.to_case",
            actor=by,
            object_type="incidents.incident",
            object_id=incident.pk,
            details={"kind": kind, "case": case.number},
        )
    return link


def _household(incident: Incident) -> House | None:
    """The house the crime was against: the incident's own, or the house at its address."""
    if incident.house_id is not None:
        return incident.house
    if incident.address_id is not None:
        return House.objects.filter(address_id=incident.address_id, is_active=True).first()
    return None


def _window_start() -> datetime:
    """Incidents older than the window (a setting) open no return visit: importing history must
    not flood the officers with visits long overdue."""
    return timezone.now() - timedelta(days=int(getattr(settings, "INCIDENT_RETURN_VISIT_WINDOW_DAYS", 30)))


def needs_return_visit(incident: Incident) -> bool:
    """A recent preventable crime against a household, in a grid (the code table says what is
    preventable)."""
    category = incident.category
    return bool(
        category is not None
        and incident.occurred_at >= _window_start()
        and category.preventable
        and category.kind in CASE_KINDS
        and incident.grid_id is not None
        and (incident.house_id is not None or incident.address_id is not None)
    )


def return_visits_open(*, incidents: Iterable[Incident]) -> list[ReturnVisit]:
    """Open a return visit for each incident that needs one and has none (a re-import, or a
    concurrent one, opens nothing twice: the visit is unique per incident)."""
    wanted = [i for i in incidents if needs_return_visit(i)]
    if not wanted:
        return []
    done = set(ReturnVisit.objects.filter(incident__in=[i.pk for i in wanted]).values_list("incident_id", flat=True))
    opened: list[ReturnVisit] = []
    for incident in wanted:
        if incident.pk in done:
            continue
        house, grid = _household(incident), incident.grid
        if house is None or grid is None:
            continue
        officers = responsible_officers(grid)
        try:
            with transaction.atomic():
                case = case_open(
                    by=None,
                    kind=RETURN_VISIT,
                    title=_("Return visit: %(category)s %(number)s")
                    % {"category": incident.category.name, "number": incident.number},
                    grid=grid,
                    assignee=officers[0] if officers else None,
                )
                opened.append(ReturnVisit.objects.create(incident=incident, case=case, house=house))
        except IntegrityError:
            continue  # another import opened it first
    return opened


def hazard_raise(*, visit: ReturnVisit, by: Actor | None, department: Department) -> Case:
    """A hazard found on a return visit goes to the department as a work order from this case."""
    order = workorder_raise(
        by=by,
        grid=visit.case.grid,
        department=department,
        title=_("Hazard found on a return visit (%(number)s)") % {"number": visit.case.number},
        description=visit.hazard_note,
        source_kind=SourceKind.HAZARD,
        source_case=visit.case,
    )
    return order.case


def return_visits_for_numbers(*, numbers: Iterable[str]) -> list[ReturnVisit]:
    """The hook of the import and the feed: return visits for the incidents just recorded."""
    wanted = list(dict.fromkeys(numbers))
    opened: list[ReturnVisit] = []
    for start in range(0, len(wanted), LOOKUP_CHUNK):
        rows = (
            Incident.objects.filter(
                number__in=wanted[start : start + LOOKUP_CHUNK],
                category__preventable=True,
                category__kind__in=CASE_KINDS,
                grid__isnull=False,
                return_visit__isnull=True,
                occurred_at__gte=_window_start(),
            )
            .filter(Q(house__isnull=False) | Q(address__isnull=False))
            .select_related("category", "grid", "house")
        )
        opened += return_visits_open(incidents=rows)
    return opened
