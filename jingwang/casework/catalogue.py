"""Catalogues the system administrator keeps: departments (with their staff) and deadline policies."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.casework.models import DeadlinePolicy, Department
from jingwang.casework.services import forbidden, invalid
from jingwang.core.access import has_permission
from jingwang.core.errors import NotFound, PreconditionFailed

DEPARTMENT_FIELDS = ("name", "contact", "phone", "default_deadline_hours", "is_active")
POLICY_FIELDS = ("kind", "stage", "level", "urgency", "yellow_hours", "red_hours", "bureau_hours")


def department_save(
    *, by: Any, department_id: int | None, expected_version: int | None, data: dict[str, Any]
) -> Department:
    """Create (department_id=None) or edit a department; the system administrator's job."""
    action = "add" if department_id is None else "change"
    if by is not None and not has_permission(by, Department, action):
        raise forbidden()
    values = {k: v for k, v in data.items() if k in DEPARTMENT_FIELDS}
    if "name" in values:
        values["name"] = str(values["name"]).strip()
        if not values["name"]:
            raise invalid("name", _("This field is required."))
    with transaction.atomic():
        if department_id is None:
            if not values.get("name"):
                raise invalid("name", _("This field is required."))
            if Department.objects.filter(name=values["name"]).exists():
                raise invalid("name", _("A department with this name exists."))
            dept = Department.objects.create(**values)
        else:
            dept = Department.objects.select_for_update().filter(pk=department_id).first()  # type: ignore[assignment]
            if dept is None:
                raise NotFound()
            if expected_version is not None and expected_version != dept.version:
                raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
            if "name" in values and Department.objects.filter(name=values["name"]).exclude(pk=dept.pk).exists():
                raise invalid("name", _("A department with this name exists."))
            for k, v in values.items():
                setattr(dept, k, v)
            dept.version += 1
            dept.save()
        audit_record(
            action=f"casework.department.{action}",
            actor=by,
            object_type="casework.department",
            object_id=dept.pk,
            details={"fields": sorted(values)},
        )
    return dept


def department_set_members(*, by: Any, department_id: int, members: list[Any]) -> Department:
    """Who works for the department (department staff accounts): they see its referred cases."""
    if by is not None and not has_permission(by, Department, "change"):
        raise forbidden()
    with transaction.atomic():
        dept = Department.objects.select_for_update().filter(pk=department_id).first()
        if dept is None:
            raise NotFound()
        dept.members.set(members)
        dept.version += 1
        dept.save(update_fields=["version"])
        audit_record(
            action="casework.department.members",
            actor=by,
            object_type="casework.department",
            object_id=dept.pk,
            details={"members": sorted(m.pk for m in members)},
        )
    return dept


def deadline_policy_save(
    *, by: Any, policy_id: int | None, expected_version: int | None, data: dict[str, Any]
) -> DeadlinePolicy:
    """Create or edit a deadline policy (system administrator). New deadlines apply to stages
    that start afterwards; running stages keep the deadlines they were given."""
    action = "add" if policy_id is None else "change"
    if by is not None and not has_permission(by, DeadlinePolicy, action):
        raise forbidden()
    values = {k: v for k, v in data.items() if k in POLICY_FIELDS}
    with transaction.atomic():
        if policy_id is None:
            policy = DeadlinePolicy(**values)
        else:
            found = DeadlinePolicy.objects.select_for_update().filter(pk=policy_id).first()
            if found is None:
                raise NotFound()
            policy = found
            if expected_version is not None and expected_version != policy.version:
                raise PreconditionFailed("stale_version", _("Someone changed this record in the meantime; reload it."))
            for k, v in values.items():
                setattr(policy, k, v)
            policy.version += 1
        if policy.red_hours < policy.yellow_hours:
            raise invalid("red_hours", _("The red deadline cannot come before the yellow one."))
        duplicate = DeadlinePolicy.objects.filter(
            kind=policy.kind, stage=policy.stage, level=policy.level, urgency=policy.urgency
        ).exclude(pk=policy.pk)
        if duplicate.exists():
            raise invalid("kind", _("A policy for this case type, stage, level and urgency exists."))
        policy.save()
        audit_record(
            action=f"casework.deadlinepolicy.{action}",
            actor=by,
            object_type="casework.deadlinepolicy",
            object_id=policy.pk,
            details={k: getattr(policy, k) for k in POLICY_FIELDS},
        )
    return policy
