"""Inspections of key venues: the random selection (双随机, reproducible), targeted inspections,
the grade from points deducted, and the overdue sweep (a targeted inspection follows; a serious
hazard also goes to the fire service or the housing department as a work order)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.casework.models import Department
from jingwang.casework.services import case_open, case_recompute_deadlines, case_transition
from jingwang.core.access import has_permission
from jingwang.core.errors import Conflict, Forbidden, ServiceError
from jingwang.core.types import Actor
from jingwang.notifications.services import notify
from jingwang.territory.models import Node
from jingwang.territory.scope import node_in_scope, visible_node_ids
from jingwang.venues.models import (
    INSPECTION,
    Deduction,
    Grade,
    HazardKind,
    Inspection,
    InspectionDraw,
    InspectionKind,
    Venue,
    grade_for,
)
from jingwang.workorders.models import SourceKind
from jingwang.workorders.services import workorder_raise

# Points deducted per finding (a local default; 12 points over 12 months, D at 10 or more).
POINTS = {"notice": 2, "notice_fire": 4, "notice_housing": 4, "lapse": 3}
WINDOW = timedelta(days=365)


def _invalid(field: str, message: str | Promise) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def venue_regrade(*, venue_id: int, now: datetime | None = None) -> Venue:
    """Grade from the points deducted over the last twelve months."""
    now = now or timezone.now()
    venue = Venue.objects.select_for_update().get(pk=venue_id)
    points = Deduction.objects.filter(venue_id=venue_id, at__gt=now - WINDOW).aggregate(s=Sum("points"))["s"] or 0
    grade = grade_for(points)
    if (venue.points_deducted, venue.grade) != (points, grade):
        venue.points_deducted, venue.grade = min(points, 32767), grade
        venue.version += 1
        venue.save(update_fields=["points_deducted", "grade", "version"])
    return venue


def inspection_open(
    *,
    by: Actor | None,
    venue: Venue,
    kind: str,
    draw: InspectionDraw | None = None,
    follows: Inspection | None = None,
    note: str = "",
) -> Inspection:
    """Open an inspection case of the venue (its grid), with the trade's checklist."""
    if kind not in InspectionKind.values:
        raise _invalid("kind", _("Unknown value."))
    if by is not None and not has_permission(by, Inspection, "add"):
        raise Forbidden(_("You may not open inspections."))
    label = InspectionKind(kind).label
    with transaction.atomic():
        case = case_open(
            by=by,
            kind=INSPECTION,
            title=f"{venue.unit.name}：{label}",
            grid=venue.unit.grid,
            description=note.strip(),
            assignee=venue.responsible_officer,
        )
        inspection = Inspection.objects.create(
            case=case,
            venue=venue,
            kind=kind,
            draw=draw,
            follows=follows,
            checklist=[{"item": item, "ok": None} for item in venue.trade.checklist],
        )
        case_recompute_deadlines(case_id=case.pk)
        audit_record(
            action="venues.inspection.open",
            actor=by,
            object_type="venues.inspection",
            object_id=inspection.pk,
            details={"venue": venue.pk, "kind": kind, "draw": draw.pk if draw else None},
        )
    return inspection


def draw_venues(population: list[int], seed: int, count: int) -> list[int]:
    """The venues a draw picks: the same population, seed and count always give the same ones."""
    ordered = sorted(population)
    return sorted(random.Random(seed).sample(ordered, min(count, len(ordered))))


def inspection_draw(
    *, by: Actor | None, node: Node, period: str, count: int, seed: int | None = None
) -> InspectionDraw:
    """双随机: draw `count` ordinary venues (grades A and B) under `node` for `period`, record the
    population and the seed, and open a random inspection for each venue drawn. One per period."""
    period = period.strip()[:20]
    if not period:
        raise _invalid("period", _("This field is required."))
    if not 1 <= count <= 500:
        raise _invalid("count", _("Between 1 and 500."))
    if by is not None and not (
        has_permission(by, InspectionDraw, "add") and node_in_scope(by, node, InspectionDraw, "add")
    ):
        raise _invalid("node", _("This area lies outside your scope."))
    if InspectionDraw.objects.filter(period=period, node=node).exists():
        raise Conflict("conflict", _("This area already has a random selection for this period."))
    seed = seed if seed is not None else random.SystemRandom().randrange(1, 2**53)
    population = list(
        Venue.objects.filter(
            is_active=True, grade__in=[Grade.A, Grade.B], unit__grid__in=visible_node_ids([node.path])
        ).values_list("pk", flat=True)
    )
    chosen = draw_venues(population, seed, count)
    with transaction.atomic():
        draw = InspectionDraw.objects.create(
            period=period,
            node=node,
            seed=seed,
            population=sorted(population),
            chosen=chosen,
            drawn_at=timezone.now(),
            drawn_by=by,
        )
        for venue in Venue.objects.filter(pk__in=chosen).select_related("unit__grid", "trade", "responsible_officer"):
            inspection_open(by=by, venue=venue, kind=InspectionKind.RANDOM, draw=draw)
        audit_record(
            action="venues.draw",
            actor=by,
            object_type="venues.inspectiondraw",
            object_id=draw.pk,
            details={"period": period, "seed": seed, "population": len(population), "chosen": chosen},
        )
    return draw


def inspection_entered(*, inspection: Inspection, move: str, actor: Actor | None, note: str) -> None:
    """After a move (inside its transaction): points for findings, the venue's last inspection."""
    now = timezone.now()
    if move in POINTS:
        Deduction.objects.create(
            venue_id=inspection.venue_id, points=POINTS[move], reason=(note or move)[:200], at=now, by=actor
        )
        venue_regrade(venue_id=inspection.venue_id, now=now)
    if move != "lapse":
        Venue.objects.filter(pk=inspection.venue_id).update(last_inspected_at=now)


def _hazard_department(hazard: str) -> Department | None:
    name = settings.VENUES_HAZARD_DEPARTMENTS.get(hazard, "")
    return Department.objects.filter(name=name, is_active=True).first() if name else None


def rectifications_overdue(now: datetime | None = None) -> int:
    """Lapse every rectification past its deadline, once: a targeted inspection is scheduled,
    and for a serious hazard a work order goes to the department named for it."""
    now = now or timezone.now()
    due = list(
        Inspection.objects.filter(case__state="rectifying", rectify_by__lt=now, overdue_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    done = 0
    for pk in due:
        with transaction.atomic():
            inspection = (
                Inspection.objects.select_for_update(of=("self",))
                .select_related("case", "venue__unit__grid", "venue__trade", "venue__responsible_officer")
                .get(pk=pk)
            )
            if inspection.overdue_at is not None or inspection.case.state != "rectifying":
                continue  # another sweep took it
            inspection.overdue_at = now
            case_transition(
                by=None, case_id=inspection.case_id, transition="lapse", note=_("Rectification deadline passed.")
            )
            follow = inspection_open(
                by=None,
                venue=inspection.venue,
                kind=InspectionKind.OVERDUE,
                follows=inspection,
                note=_("Targeted inspection: rectification of %(number)s overdue.")
                % {"number": inspection.case.number},
            )
            department = _hazard_department(inspection.hazard) if inspection.hazard else None
            if department is not None:
                inspection.workorder = workorder_raise(
                    by=None,
                    grid=inspection.venue.unit.grid,
                    department=department,
                    title=_("%(venue)s: %(hazard)s not rectified")
                    % {"venue": inspection.venue.unit.name, "hazard": HazardKind(inspection.hazard).label},
                    description=inspection.findings or str(inspection.case),
                    source_kind=SourceKind.HAZARD,
                    source_case=inspection.case,
                    source_ref=inspection.case.number,
                    location=inspection.venue.unit.name,
                    urgency="urgent",
                )
            inspection.save(update_fields=["overdue_at", "workorder"])
            notify(
                [inspection.venue.responsible_officer],
                kind="venues.rectification_overdue",
                title=_("Rectification overdue: %(venue)s") % {"venue": inspection.venue.unit.name},
                body=_("A targeted inspection %(number)s is scheduled.") % {"number": follow.case.number},
                link=follow.get_absolute_url(),
                subject=follow.case,
                dedupe_key=f"venues.overdue:{inspection.pk}",
            )
            done += 1
    return done


def venues_regrade_all(now: datetime | None = None) -> int:
    """Points leave the twelve-month window by themselves: regrade every venue that has any."""
    now = now or timezone.now()
    changed = 0
    graded = Venue.objects.filter(Q(points_deducted__gt=0) | Q(deductions__at__gt=now - WINDOW)).distinct()
    for pk, grade in graded.values_list("pk", "grade"):
        with transaction.atomic():
            changed += venue_regrade(venue_id=pk, now=now).grade != grade
    return changed


def routine_inspections_due(now: datetime | None = None) -> int:
    """The grade sets how often a venue is inspected: a venue not inspected within its interval,
    with no inspection open, gets a routine one (once: the open one stops the next)."""
    now = now or timezone.now()
    opened = 0
    open_ones = Inspection.objects.filter(case__closed_at__isnull=True).values("venue_id")
    venues = (
        Venue.objects.filter(is_active=True)
        .exclude(pk__in=open_ones)
        .select_related("unit__grid", "trade", "responsible_officer")
    )
    for venue in venues:
        last = venue.last_inspected_at or venue.created_at
        if last + timedelta(days=venue.inspection_days) <= now:
            inspection_open(by=None, venue=venue, kind=InspectionKind.ROUTINE)
            opened += 1
    return opened
