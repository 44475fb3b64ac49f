"""Writes to the 1+X+N roster of each police district (one officer, X auxiliaries, N others)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from jingwang.accounts.models import RosterMember, RosterPosition, User
from jingwang.accounts.selectors import roster_districts
from jingwang.audit.services import audit_record
from jingwang.core.errors import NotFound, PreconditionFailed, ServiceError
from jingwang.territory.models import Node, NodeKind


def roster_member_add(
    *,
    by: Any,
    police_district: Node,
    position: str,
    name: str = "",
    user: User | None = None,
    organisation: str = "",
    duty: str = "",
) -> RosterMember:
    if police_district.kind != NodeKind.POLICE_DISTRICT:
        raise ServiceError("invalid_district", _("A roster belongs to a police district."))
    if position not in RosterPosition.values:
        raise ServiceError("invalid_position", _("Unknown roster position."))
    if user is None and not name.strip():
        raise ServiceError(
            "name_required", _("Enter a name or choose an account."), fields={"name": [_("This field is required.")]}
        )
    with transaction.atomic():
        district = roster_districts(viewer=by, action="add").filter(pk=police_district.pk).first()
        if district is None:
            raise NotFound()
        member = RosterMember.objects.create(
            police_district=district,
            position=position,
            user=user,
            name=(name.strip() or (user.display_name if user else "")),
            organisation=organisation,
            duty=duty,
        )
        audit_record(
            action="roster.member.add",
            actor=by,
            object_type="accounts.rostermember",
            object_id=member.pk,
            details={"district": district.ref, "position": position},
        )
    return member


def roster_member_update(*, by: Any, member_id: int, expected_version: int | None, **changes: Any) -> RosterMember:
    allowed = {"position", "name", "organisation", "duty"}
    unknown = set(changes) - allowed
    if unknown:
        raise ServiceError(
            "read_only_field", _("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        member = (
            RosterMember.objects.restrict(by, "change").select_for_update().filter(pk=member_id, is_active=True).first()
        )
        if member is None:
            raise NotFound()
        if expected_version is not None and member.version != expected_version:
            raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
        if "position" in changes and changes["position"] not in RosterPosition.values:
            raise ServiceError("invalid_position", _("Unknown roster position."))
        for key, value in changes.items():
            setattr(member, key, value)
        member.version = F("version") + 1
        member.save()
        member.refresh_from_db()
        audit_record(
            action="roster.member.change",
            actor=by,
            object_type="accounts.rostermember",
            object_id=member.pk,
            details={"fields": sorted(changes)},
        )
    return member


def roster_member_remove(*, by: Any, member_id: int) -> None:
    """Members are retired, not deleted: the roster's history stays readable."""
    with transaction.atomic():
        member = (
            RosterMember.objects.restrict(by, "delete").select_for_update().filter(pk=member_id, is_active=True).first()
        )
        if member is None:
            raise NotFound()
        RosterMember.objects.filter(pk=member.pk).update(is_active=False, version=F("version") + 1)
        audit_record(action="roster.member.remove", actor=by, object_type="accounts.rostermember", object_id=member.pk)
