"""The dispute's case: opened with the report, kept in step with the dispute's corrections, and
what each transition of the case type (casetypes.py) writes on the dispute — its `effect`, run by
the casework engine inside the transition's transaction, after the case moved (raising undoes it).

The moves themselves (accept, refer to a mediator 公调对接, hand back, record the outcome, close,
reopen) are the generic case transitions: POST /api/v1/cases/{id}/{transition}/ and the buttons of
the case actions on the dispute's page; the engine checks roles, guards and states."""

from __future__ import annotations

from collections.abc import Mapping

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingwang.accounts.models import User
from jingwang.audit.services import audit_record
from jingwang.casework.models import Case, EventKind, Urgency
from jingwang.casework.services import ASSIGNED_TITLE, CaseWrite, case_open, case_update, event
from jingwang.casework.workflow import type_services
from jingwang.core.access import grants, under_any
from jingwang.core.errors import ServiceError
from jingwang.core.roles import Role
from jingwang.core.types import Actor
from jingwang.disputes.models import KIND, RESOLVED_OUTCOMES, Dispute, Outcome
from jingwang.disputes.services.common import invalid
from jingwang.notifications.services import notify, responsible_officers
from jingwang.territory.models import Node

RISK_LEVEL = {"low": "ordinary", "medium": "serious", "high": "major"}
Input = Mapping[str, object]


def open_case(*, by: Actor, title: str, summary: str, grid: Node, risk: str, source_label: str) -> Case:
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


def opened(dispute: Dispute, *, by: Actor) -> None:
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


def noted(dispute: Dispute, *, by: Actor, note: str) -> None:
    """A line on the case's timeline that changes no stage (the caller audits what it did)."""
    event(dispute.case, EventKind.COMMENT, by=by, note=str(note))


def case_sync(dispute: Dispute, *, by: Actor, title: str | None = None) -> None:
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


def holds_role_over(user: User, grid_id: int, role: str) -> bool:
    paths = [g.path for g in grants(user) if g.role == role]
    return bool(paths) and Node.objects.filter(pk=grid_id).filter(under_any("path", "police_path", paths)).exists()


# --- what the transitions write on the dispute (the case type's effects) -------------------------


def _written(case: Case, by: Actor | None, name: str, fields: Mapping[str, object], **details: object) -> None:
    """Save the dispute's own fields (its version bumped) and audit the step, in the transition's
    transaction."""
    dispute = Dispute.objects.select_for_update().get(case_id=case.pk)
    for field, value in fields.items():
        setattr(dispute, field, value)
    dispute.version += 1
    dispute.save(update_fields=[*fields, "version"])
    audit_record(
        action=f"disputes.dispute.{name}",
        actor=by,
        object_type="disputes.dispute",
        object_id=dispute.pk,
        details={"to": case.state, **details},
    )


def accepted(case: Case, by: Actor | None, data: Input) -> None:
    """The officer named (or the one accepting) handles the dispute: the case's assignee."""
    officer = data.get("officer") or by
    if not isinstance(officer, User) or not holds_role_over(officer, case.grid_id, Role.COMMUNITY_OFFICER):
        raise invalid({"officer": [_("Choose a community officer responsible for this grid.")]})
    case.assignee = officer
    case.save(update_fields=["assignee"])
    w = CaseWrite(case, by)  # as the engine's assignment: on the timeline, audited, the officer told
    w.log(EventKind.ASSIGNED, assignee=officer.pk)
    w.audit("assign", assignee=officer.pk)
    if officer != by:
        w.notify([officer], kind="casework.assigned", title=ASSIGNED_TITLE)
    _written(case, by, "accept", {}, officer=officer.pk)


def referred(case: Case, by: Actor | None, data: Input) -> None:
    """公调对接: a people's mediator serving the grid receives the dispute (and sees it, only it)."""
    mediator = data.get("mediator")
    if not isinstance(mediator, User) or not holds_role_over(mediator, case.grid_id, Role.MEDIATOR):
        raise invalid({"mediator": [_("Choose a mediator serving this grid.")]})
    case.handler_user = mediator
    case.save(update_fields=["handler_user"])
    w = CaseWrite(case, by)  # as the engine's referral
    w.log(EventKind.REFERRED, handler_user=mediator.pk)
    w.audit("refer", handler_user=mediator.pk)
    w.notify([mediator], kind="casework.referred", title=gettext_lazy("A case was referred to you"))
    _written(case, by, "refer", {"mediator": mediator}, mediator=mediator.pk)


def handed_back(case: Case, by: Actor | None, data: Input) -> None:
    _written(case, by, "hand_back", {})


def resolved(case: Case, by: Actor | None, data: Input) -> None:
    """The outcome; an agreement needs a session with the signed agreement."""
    outcome = str(data.get("outcome", ""))
    dispute = Dispute.objects.get(case_id=case.pk)
    if outcome == Outcome.AGREEMENT and not dispute.sessions.exclude(agreement="").exists():
        raise invalid({"outcome": [_("Upload the signed agreement with a mediation session first.")]})
    fields = {"outcome": outcome, "outcome_note": str(data.get("note", "")), "resolved_at": timezone.now()}
    _written(case, by, "resolve", fields, outcome=outcome)


def closed(case: Case, by: Actor | None, data: Input) -> None:
    """A settled dispute closes after a return visit (回访)."""
    dispute = Dispute.objects.get(case_id=case.pk)
    if dispute.outcome in RESOLVED_OUTCOMES and not dispute.return_visits.exists():
        raise ServiceError("return_visit_required", _("Record a return visit before closing the dispute."))
    _written(case, by, "close", {})


def reopened(case: Case, by: Actor | None, data: Input) -> None:
    """The settlement does not hold: back to the officer, the outcome cleared."""
    _written(case, by, "reopen", {"outcome": "", "resolved_at": None})
