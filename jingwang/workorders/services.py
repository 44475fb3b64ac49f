"""Writes of whistle-and-report work orders; each goes through the casework services, so the
timeline, deadlines, audit and notifications are the engine's."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from jingwang.audit.services import audit_record
from jingwang.casework.attachments import attachments_keep
from jingwang.casework.models import Case, Department, Urgency
from jingwang.casework.services import case_open, case_recompute_deadlines, case_refer, case_url
from jingwang.core.access import has_permission
from jingwang.core.errors import Forbidden, ServiceError
from jingwang.core.types import Actor
from jingwang.notifications.services import notify
from jingwang.territory.models import Node
from jingwang.workorders.models import KIND, SourceKind, WorkOrder


def _invalid(field: str, message: str | Promise) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def workorder_raise(
    *,
    by: Actor | None,
    grid: Node,
    department: Department,
    title: str,
    description: str,
    source_kind: str = SourceKind.DIRECT,
    source_case: Case | None = None,
    source_ref: str = "",
    location: str = "",
    urgency: str = Urgency.NORMAL,
    files: list[UploadedFile] | None = None,
) -> WorkOrder:
    """Blow the whistle: open the case, refer it to the department (its members are told), and
    set the department's own deadline."""
    if by is not None and not has_permission(by, WorkOrder, "add"):
        raise Forbidden(_("You may not raise work orders."))
    if source_kind not in SourceKind.values:
        raise _invalid("source_kind", _("Unknown value."))
    if department is None or not department.is_active:
        raise _invalid("department", _("Choose a department."))
    if not description.strip():
        raise _invalid("description", _("Describe the problem."))
    if source_case is not None and by is not None and not Case.objects.restrict(by).filter(pk=source_case.pk).exists():
        raise _invalid("source_case", _("Unknown case."))
    if source_kind == SourceKind.DIRECT:
        source_case = None
    with transaction.atomic():
        case = case_open(by=by, kind=KIND, title=title, grid=grid, description=description, urgency=urgency)
        order = WorkOrder.objects.create(
            case=case,
            source_kind=source_kind,
            source_case=source_case,
            source_ref=source_ref.strip()[:100],
            department=department,
            location=location.strip()[:200],
        )
        case_recompute_deadlines(case_id=case.pk)
        case_refer(by=by, case_id=case.pk, handler_department=department, note=description.strip()[:500])
        kept = attachments_keep(case=case, by=by, files=files or [])
        audit_record(
            action="workorders.workorder.raise",
            actor=by,
            object_type="workorders.workorder",
            object_id=order.pk,
            details={"department": department.pk, "source": source_kind, "files": len(kept)},
        )
    return order


def tell_raiser(case: Case, *, kind: str, title: str | Promise) -> None:
    """Tell whoever raised the work order what the department did (inside the transition)."""
    raiser = case.opened_by
    if raiser is not None and raiser.is_active:
        notify([raiser], kind=kind, title=title, body=case.title, link=case_url(case), subject=case)
