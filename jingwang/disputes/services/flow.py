"""The dispute's workflow: accept, refer to a mediator (公调对接), hand back, resolve, close.

The dispute keeps its stage in `status` (the ledger's index); the casework engine keeps the same
stage on the dispute's case with its deadlines, supervision and timeline. Every transition here
changes both in one transaction, through the engine's services (`_case_*` below)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingwang.audit.services import audit_record
from jingwang.casework.models import EventKind, Urgency
from jingwang.casework.selectors import timeline as case_timeline
from jingwang.casework.services import case_assign, case_open, case_refer, case_transition, case_update, event
from jingwang.casework.workflow import type_services
from jingwang.core.access import grants, under_any
from jingwang.core.errors import ServiceError
from jingwang.core.roles import Role
from jingwang.disputes.casetypes import KIND
from jingwang.disputes.models import RESOLVED_OUTCOMES, Dispute, Outcome, Status
from jingwang.disputes.services.common import bump, invalid, locked_dispute, require_status
from jingwang.notifications.services import notify, responsible_officers
from jingwang.territory.models import Node

# --- the engine -----------------------------------------------------------------------------------

RISK_LEVEL = {"low": "ordinary", "medium": "serious", "high": "major"}


def open_case(*, by: Any, title: str, summary: str, grid: Any, risk: str, source_label: str) -> Any:
    """Open the case a new dispute will hang on (inside the report's transaction)."""

    return case_open(
        by=by,
        kind=KIND,
        title=title,
        grid=grid,
        description=summary,
        level=RISK_LEVEL.get(risk, "ordinary"),
        urgency=Urgency.URGENT if risk == "high" else Urgency.NORMAL,
        note=str(_("Reported: %(source)s") % {"source": source_label}),
    )


def opened(dispute: Dispute, *, by: Any) -> None:
    """Tell the grid's community officers (by text message too when the risk is high)."""

    officers = [u for u in responsible_officers(dispute.grid) if u.pk != dispute.reported_by_id]
    if officers:
        notify(
            officers,
            kind="disputes.reported",
            title=gettext_lazy("A dispute was reported in your area"),
            body=dispute.title,
            link=reverse("disputes:detail", args=[dispute.pk]),
            subject=dispute,
            dedupe_key=f"disputes.reported:{dispute.pk}",
            sms=dispute.risk == "high",
        )


def moved(dispute: Dispute, *, by: Any, transition: str, note: str = "", officer: Any = None, **extra: Any) -> None:
    """Move the dispute's case along `transition` (inside the caller's transaction); an accepted
    case is assigned to its officer (the case's assignee is the dispute's handling officer), a
    referred one referred to its mediator."""

    with type_services():
        if transition == "accept" and officer is not None:
            case_assign(by=by, case_id=dispute.case_id, assignee=officer, note=note)
            extra["officer"] = officer.pk
        if transition == "refer" and dispute.mediator is not None:
            case_refer(by=by, case_id=dispute.case_id, handler_user=dispute.mediator, note=note)
        case_transition(by=by, case_id=dispute.case_id, transition=transition, note=note, data=extra)


def noted(dispute: Dispute, *, by: Any, note: str) -> None:
    """A line on the case's timeline that changes no stage (the caller audits what it did)."""

    event(dispute.case, EventKind.COMMENT, by=by, note=str(note))


def case_sync(dispute: Dispute, *, by: Any, title: str | None = None) -> None:
    """Write a corrected title to the case (its only copy) and carry the summary and risk over
    (the case's level sets the deadlines)."""

    with type_services():
        case_update(
            by=by,
            case_id=dispute.case_id,
            expected_version=None,
            title=title,
            description=dispute.summary,
            level=RISK_LEVEL.get(dispute.risk, "ordinary"),
            urgency=Urgency.URGENT if dispute.risk == "high" else Urgency.NORMAL,
        )


def timeline(dispute: Dispute) -> list[dict[str, Any]]:
    """The case's timeline, oldest first, as plain data (the API's answer)."""

    return [
        {
            "at": e.at,
            "kind": e.kind,
            "label": e.get_kind_display(),
            "actor": e.actor.display_name if e.actor else None,
            "from_state": e.from_state,
            "to_state": e.to_state,
            "note": e.note,
        }
        for e in case_timeline(dispute.case)
    ]


# --- transitions ----------------------------------------------------------------------------------


def holds_role_over(user: Any, dispute: Dispute, role: str) -> bool:

    paths = [g.path for g in grants(user) if g.role == role]
    if not paths:
        return False

    return Node.objects.filter(pk=dispute.grid_id).filter(under_any("path", "police_path", paths)).exists()


def _transition(dispute: Dispute, *, by: Any, transition: str, status: str, fields: list[str], note: str = "",
                officer: Any = None, **details: Any) -> Dispute:  # fmt: skip
    """Move the case (its hook writes the dispute's `status` index column) and save the dispute's
    own fields, in the caller's transaction."""
    before = dispute.status
    bump(dispute, fields)
    moved(dispute, by=by, transition=transition, note=note, officer=officer, **details)
    dispute.refresh_from_db()
    audit_record(
        action=f"disputes.dispute.{transition}",
        actor=by,
        object_type="disputes.dispute",
        object_id=dispute.pk,
        details={"from": before, "to": status, **details, **({"officer": officer.pk} if officer else {})},
    )
    return dispute


def dispute_accept(*, by: Any, dispute_id: int, officer: Any = None, note: str = "") -> Dispute:
    """The community officer takes the dispute on (or gives it to another officer of the grid)."""
    with transaction.atomic():
        dispute = locked_dispute(by, dispute_id, "handle")
        require_status(dispute, Status.REPORTED)
        officer = officer or by
        if not holds_role_over(officer, dispute, Role.COMMUNITY_OFFICER):
            raise invalid({"officer": [_("Choose a community officer responsible for this grid.")]})
        return _transition(
            dispute, by=by, transition="accept", status=Status.HANDLING, fields=[], note=note, officer=officer
        )


def dispute_refer(*, by: Any, dispute_id: int, mediator: Any, note: str = "") -> Dispute:
    """Refer the dispute to a people's mediator holding the mediator role over its grid."""
    with transaction.atomic():
        dispute = locked_dispute(by, dispute_id, "handle")
        require_status(dispute, Status.HANDLING)
        if mediator is None or not holds_role_over(mediator, dispute, Role.MEDIATOR):
            raise invalid({"mediator": [_("Choose a mediator serving this grid.")]})
        dispute.mediator = mediator
        return _transition(
            dispute, by=by, transition="refer", status=Status.REFERRED, fields=["mediator"], note=note,
            mediator=mediator.pk,
        )  # fmt: skip


def dispute_hand_back(*, by: Any, dispute_id: int, note: str) -> Dispute:
    """The mediator hands a referred dispute back to the officer (e.g. it is not for mediation)."""
    if not note.strip():
        raise invalid({"note": [_("Say why the dispute goes back.")]})
    with transaction.atomic():
        dispute = locked_dispute(by, dispute_id, "mediate")
        require_status(dispute, Status.REFERRED)
        return _transition(dispute, by=by, transition="hand_back", status=Status.HANDLING, fields=[], note=note)


def dispute_resolve(*, by: Any, dispute_id: int, outcome: str, note: str = "") -> Dispute:
    """Record how the mediation ended. An agreement needs a session with the signed agreement."""
    if outcome not in Outcome.values:
        raise invalid({"outcome": [_("Choose one of the listed values.")]})
    with transaction.atomic():
        dispute = locked_dispute(by, dispute_id, "mediate")
        require_status(dispute, Status.HANDLING, Status.REFERRED)
        # Whoever holds it mediates: the referred mediator, or the officer of a case not referred.
        if dispute.status == Status.REFERRED and dispute.mediator_id != by.pk:
            raise ServiceError("not_holder", _("The mediator it was referred to records the outcome."))
        if dispute.status == Status.HANDLING and dispute.case.assignee_id != by.pk:
            raise ServiceError("not_holder", _("The handling officer records the outcome."))
        if outcome == Outcome.AGREEMENT and not dispute.sessions.exclude(agreement="").exists():
            raise invalid({"outcome": [_("Upload the signed agreement with a mediation session first.")]})
        dispute.outcome, dispute.outcome_note = outcome, note.strip()
        dispute.resolved_at = timezone.now()
        return _transition(
            dispute, by=by, transition="resolve", status=Status.RESOLVED,
            fields=["outcome", "outcome_note", "resolved_at"], note=note, outcome=outcome,
        )  # fmt: skip


def dispute_close(*, by: Any, dispute_id: int, note: str = "") -> Dispute:
    """Close a resolved dispute; a settled one needs a return visit first (回访)."""
    with transaction.atomic():
        dispute = locked_dispute(by, dispute_id, "handle")
        require_status(dispute, Status.RESOLVED)
        if dispute.outcome in RESOLVED_OUTCOMES and not dispute.return_visits.exists():
            raise ServiceError("return_visit_required", _("Record a return visit before closing the dispute."))
        return _transition(dispute, by=by, transition="close", status=Status.CLOSED, fields=[], note=note)


def dispute_reopen(*, by: Any, dispute_id: int, note: str) -> Dispute:
    """A resolved dispute flares up again (the return visit found the settlement does not hold)."""
    if not note.strip():
        raise invalid({"note": [_("Say why the dispute is reopened.")]})
    with transaction.atomic():
        dispute = locked_dispute(by, dispute_id, "handle")
        require_status(dispute, Status.RESOLVED)
        dispute.outcome, dispute.resolved_at = "", None
        return _transition(
            dispute, by=by, transition="reopen", status=Status.HANDLING, fields=["outcome", "resolved_at"], note=note
        )
