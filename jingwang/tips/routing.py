"""The routing targets this app declares itself: a dispute (disputes' intake service), a work
order to a department (work orders' raise service) and a safety hazard (hazards' report service).
The tip's own case is the "tip for the officer" and stays open, `routed`, until the officer closes
it with the answer for the resident.

What leaves the police with a routed case (a department's work order) carries the tip's text and
place, never the reporter's name unless the resident allowed it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingwang.casework.models import Case, Department
from jingwang.core.errors import ServiceError
from jingwang.tips.models import Tip
from jingwang.tips.targets import Target, register_target


def _invalid(field: str, message: str) -> ServiceError:
    return ServiceError("invalid", _("Some fields are invalid."), fields={field: [message]})


def _text(tip: Tip) -> str:
    who = tip.reporter_name if tip.show_name and tip.reporter_name else _("anonymous resident")
    return f"{tip.description}\n\n{_('Place')}: {tip.address_text or '—'}\n{_('From tip')} {tip.case.number} ({who})"


def open_dispute(tip: Tip, by: Any, data: dict[str, Any]) -> Case:
    from jingwang.disputes.services.intake import dispute_report

    kind = str(data.get("dispute_kind") or "")
    if not kind:
        raise _invalid("dispute_kind", _("Choose the dispute kind."))
    dispute = dispute_report(
        by=by,
        data={
            "title": f"{tip.category.name}: {tip.description[:40]}"[:120],
            "summary": _text(tip),
            "kind": kind,
            "place": tip.address_text,
        },
        source="self",
        grid=tip.case.grid,
    )
    return dispute.case


def open_workorder(tip: Tip, by: Any, data: dict[str, Any]) -> Case:
    from jingwang.workorders.services import workorder_raise

    department = Department.objects.filter(pk=str(data.get("department") or "0"), is_active=True).first()
    if department is None:
        raise _invalid("department", _("Choose a department."))
    order = workorder_raise(
        by=by,
        grid=tip.case.grid,
        department=department,
        title=f"{tip.category.name}: {tip.description[:40]}",
        description=_text(tip),
        source_ref=tip.case.number,
        location=tip.address_text,
    )
    return order.case


def open_hazard(tip: Tip, by: Any, data: dict[str, Any]) -> Case:
    """A safety hazard (安全隐患) at the tip's place: hazards' report service, in the officer's name."""
    from jingwang.hazards.models import Category
    from jingwang.hazards.services import hazard_report

    category = Category.objects.filter(code=str(data.get("hazard_category") or ""), is_active=True).first()
    if category is None:
        raise _invalid("hazard_category", _("Choose the hazard category."))
    hazard = hazard_report(
        by=by,
        grid=tip.case.grid,
        category=category,
        description=_text(tip),
        place=tip.address_text,
        lat=tip.lat,
        lon=tip.lon,
    )
    return hazard.case


DISPUTE = register_target(Target("dispute", gettext_lazy("A dispute to mediate"), open_dispute))
WORKORDER = register_target(Target("workorder", gettext_lazy("A work order to a department"), open_workorder))
HAZARD = register_target(Target("hazard", gettext_lazy("A safety hazard to rectify"), open_hazard))
