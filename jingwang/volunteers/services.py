"""Registering volunteers (by an officer, or by the person on the portal), verifying them (the
volunteer role over their community), their teams and activities, and leaving."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jingwang.accounts.models import RoleAssignment, User
from jingwang.accounts.services import role_withdraw
from jingwang.audit.services import audit_record
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.roles import Role
from jingwang.core.types import Actor
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.selectors import grids_in_scope
from jingwang.volunteers.models import Activity, ActivityKind, Status, Team, TeamKind, Volunteer


def _invalid(field: str, message: str) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def _grid(by: Actor, grid_id: int, action: str) -> Node:
    grid = grids_in_scope(by, Volunteer, action).filter(pk=grid_id).first()
    if grid is None:
        raise _invalid("grid", _("Choose a grid within your area."))
    return grid


def _team(by: Actor, team_id: int | None, grid: Node) -> Team | None:
    if team_id is None:
        return None
    team = Team.objects.filter(pk=team_id, is_active=True, district_id=grid.police_district_id).first()
    if team is None:
        raise _invalid("team", _("Choose a team of the grid's police district."))
    return team


def _create(**fields: Any) -> Volunteer:
    try:
        with transaction.atomic():
            return Volunteer.objects.create(**fields)
    except IntegrityError:
        raise _invalid("user", _("This person is already registered as a volunteer.")) from None


def volunteer_register(
    *,
    by: Actor,
    name: str,
    grid_id: int,
    team_id: int | None = None,
    skills: str = "",
    availability: str = "",
    username: str = "",
) -> Volunteer:
    """An officer registers a volunteer (with their account, when they have one)."""
    name = name.strip()
    if not name:
        raise _invalid("name", _("Give the volunteer's name."))
    grid = _grid(by, grid_id, "add")
    user = None
    if username.strip():
        user = User.objects.filter(username=username.strip(), is_active=True).first()
        if user is None:
            raise _invalid("username", _("No active account has this user name."))
    with transaction.atomic():
        volunteer = _create(
            name=name[:50],
            user=user,
            grid=grid,
            team=_team(by, team_id, grid),
            skills=skills.strip()[:200],
            availability=availability.strip()[:200],
            registered_by=by,
        )
        audit_record(
            action="volunteers.volunteer.register", actor=by, object_type="volunteers.volunteer", object_id=volunteer.pk
        )
    return volunteer


def volunteer_apply(
    *, by: Actor, grid_id: int, skills: str = "", availability: str = "", team_id: int | None = None
) -> Volunteer:
    """A signed-in resident applies on the portal; the community officer verifies."""
    grid = _grid(by, grid_id, "apply")
    with transaction.atomic():
        volunteer = _create(
            name=(getattr(by, "display_name", "") or getattr(by, "username", ""))[:50],
            user=by,
            grid=grid,
            team=_team(by, team_id, grid),
            skills=skills.strip()[:200],
            availability=availability.strip()[:200],
            self_registered=True,
            registered_by=by,
        )
        audit_record(
            action="volunteers.volunteer.apply", actor=by, object_type="volunteers.volunteer", object_id=volunteer.pk
        )
    return volunteer


def _locked(by: Actor, volunteer_id: int) -> Volunteer:
    volunteer = Volunteer.objects.restrict(by, "change").select_for_update().filter(pk=volunteer_id).first()
    if volunteer is None:
        raise NotFound()
    return volunteer


def _community(grid: Node) -> Node:
    community = Node.objects.filter(pk=grid.parent_id or 0, kind=NodeKind.COMMUNITY).first()
    return community or grid


def volunteer_verify(*, by: Actor, volunteer_id: int) -> Volunteer:
    """Verify an applicant: their account gets the volunteer role over their community."""
    with transaction.atomic():
        volunteer = _locked(by, volunteer_id)
        if volunteer.status != Status.APPLIED:
            raise ServiceError("state", _("Only an application waiting for verification can be verified."))
        volunteer.status, volunteer.verified_by, volunteer.verified_at = Status.VERIFIED, by, timezone.now()
        volunteer.save(update_fields=["status", "verified_by", "verified_at"])
        if volunteer.user_id is not None:
            node = _community(volunteer.grid)
            _row, made = RoleAssignment.objects.get_or_create(user_id=volunteer.user_id, role=Role.VOLUNTEER, node=node)
            if made:
                audit_record(
                    action="accounts.role.assign",
                    actor=by,
                    object_type="accounts.user",
                    object_id=volunteer.user_id,
                    details={"role": Role.VOLUNTEER, "node": node.ref, "by": "volunteers.verify"},
                )
        audit_record(
            action="volunteers.volunteer.verify", actor=by, object_type="volunteers.volunteer", object_id=volunteer.pk
        )
    return volunteer


def volunteer_refuse(*, by: Actor, volunteer_id: int, note: str = "") -> Volunteer:
    with transaction.atomic():
        volunteer = _locked(by, volunteer_id)
        if volunteer.status != Status.APPLIED:
            raise ServiceError("state", _("Only an application waiting for verification can be refused."))
        volunteer.status, volunteer.note = Status.REFUSED, note.strip()[:300]
        volunteer.save(update_fields=["status", "note"])
        audit_record(
            action="volunteers.volunteer.refuse", actor=by, object_type="volunteers.volunteer", object_id=volunteer.pk
        )
    return volunteer


def volunteer_leave(*, by: Actor, volunteer_id: int, note: str = "") -> Volunteer:
    """A volunteer leaves: the volunteer role given for this registration is withdrawn."""
    with transaction.atomic():
        volunteer = _locked(by, volunteer_id)
        if volunteer.status == Status.LEFT:
            raise ServiceError("state", _("This volunteer has already left."))
        volunteer.status, volunteer.left_at, volunteer.note = Status.LEFT, timezone.now(), note.strip()[:300]
        volunteer.save(update_fields=["status", "left_at", "note"])
        if volunteer.user_id is not None:
            role_withdraw(user_id=volunteer.user_id, role=Role.VOLUNTEER, node=_community(volunteer.grid))
        audit_record(
            action="volunteers.volunteer.leave", actor=by, object_type="volunteers.volunteer", object_id=volunteer.pk
        )
    return volunteer


def team_create(*, by: Actor, name: str, kind: str, district_id: int, trade: str = "") -> Team:
    if kind not in TeamKind.values:
        raise _invalid("kind", _("Unknown team kind."))
    if not name.strip():
        raise _invalid("name", _("Give the team a name."))
    from jingwang.territory.scope import node_in_scope

    district = Node.objects.filter(pk=district_id, kind=NodeKind.POLICE_DISTRICT).first()
    if district is None or not node_in_scope(by, district, Team, "add"):
        raise _invalid("district", _("Choose a police district within your area."))
    with transaction.atomic():
        team = Team.objects.create(name=name.strip()[:100], kind=kind, district=district, trade=trade.strip()[:50])
        audit_record(action="volunteers.team.create", actor=by, object_type="volunteers.team", object_id=team.pk)
    return team


def activity_record(*, by: Actor, volunteer_id: int, kind: str, day: date, hours: Decimal, note: str = "") -> Activity:
    if kind not in ActivityKind.values:
        raise _invalid("kind", _("Unknown activity."))
    if not Decimal("0") < hours <= Decimal("24"):
        raise _invalid("hours", _("Hours are more than 0 and at most 24."))
    if day > timezone.localdate():
        raise _invalid("day", _("The date cannot be in the future."))
    with transaction.atomic():
        volunteer = Volunteer.objects.restrict(by, "view").filter(pk=volunteer_id, status=Status.VERIFIED).first()
        if volunteer is None:
            raise NotFound()
        activity = Activity.objects.create(
            volunteer=volunteer, kind=kind, day=day, hours=hours, note=note.strip()[:300], recorded_by=by
        )
        audit_record(
            action="volunteers.activity.record", actor=by, object_type="volunteers.volunteer", object_id=volunteer.pk
        )
    return activity
