"""Writes of the casework engine. Every case type goes through these; pages and the API of every
app that declares a case type call them.

    case_open(*, by, kind, title, grid, ...)                        -> Case
    case_transition(*, by, case_id, transition, expected_version=None, note="")  -> Case
    case_update(*, by, case_id, expected_version, title=…, description=…, level=…, urgency=…) -> Case
    case_assign(*, by, case_id, assignee, note="")                  -> Case
    case_refer(*, by, case_id, handler_user=None, handler_department=None, note="") -> Case
    case_comment(*, by, case_id, text)                              -> CaseEvent
    case_supervise(*, by, case_id, comment)                         -> Supervision   (督办)
    case_take_over(*, by, case_id, note="")                         -> Case          (包案)
    case_request_delay(*, by, case_id, hours, reason)               -> DelayRequest
    case_decide_delay(*, by, request_id, approve, note="")          -> DelayRequest
    sweep(now=None)  (sweep.py)                                     -> SweepResult

Each locks the case row and re-checks, inside its transaction, scope (casework.case:<permission>;
a case out of the caller's scope is NotFound), the permission matrix for the caller's roles on
the case and the case type's own rules for the action (jingwang.casework.rules: 403 for a role or
a type that may not, 409 for a state that does not allow it), then appends to the timeline,
writes the audit event and any notification in the same transaction; a refusal changes nothing.
`by=None` is the system (imports, the worker): no permission check, recorded as such. Call them
inside your own transaction.atomic() to change your own rows in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingwang.accounts.models import User
from jingwang.audit.services import audit_record
from jingwang.casework import deadlines
from jingwang.casework.models import (
    Case,
    CaseCounter,
    CaseEvent,
    DelayRequest,
    DelayStatus,
    Department,
    EventKind,
    Level,
    Supervision,
    Urgency,
)
from jingwang.casework.rules import forbidden, own_write, require, require_transition
from jingwang.casework.workflow import GENERIC_ACTIONS, CaseType, case_type, generic_writable
from jingwang.core.access import grants, has_permission, under_any
from jingwang.core.errors import Conflict, NotFound, PreconditionFailed, ServiceError
from jingwang.core.roles import Role
from jingwang.core.types import Actor, Viewer
from jingwang.notifications.services import leaders_over, notify
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.scope import node_in_scope

APPROVED_TITLE = gettext_lazy("Your delay request was approved")
REJECTED_TITLE = gettext_lazy("Your delay request was rejected")
ASSIGNED_TITLE = gettext_lazy("A case was assigned to you")


def invalid(field: str, message: str | Promise) -> ServiceError:
    return ServiceError("invalid", message, fields={field: [message]})


def _type(kind: str) -> CaseType:
    try:
        return case_type(kind)
    except KeyError:
        raise ServiceError("invalid", _("Unknown case type."), fields={"kind": [_("Unknown value.")]}) from None


def _locked(by: Actor | None, case_id: int, permission: str) -> Case:
    """The case, row-locked, if the caller's scope for `permission` covers it; else NotFound (out
    of scope or missing look the same) or Forbidden (in view scope, but the role may not)."""
    qs = Case.objects.all() if by is None else Case.objects.restrict(by, permission)
    case = qs.select_for_update().filter(pk=case_id).first()
    if case is None:
        if by is not None and Case.objects.restrict(by, "view").filter(pk=case_id).exists():
            raise forbidden()
        raise NotFound()
    return case


def _check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != case.version:
        raise PreconditionFailed("stale_version", _("Someone changed this case in the meantime; reload it."))


def event(
    case: Case,
    kind: str,
    *,
    by: Actor | None,
    note: str = "",
    at: datetime | None = None,
    extra: Mapping[str, object] | None = None,
    **data: object,
) -> CaseEvent:
    """Append one entry to the case's timeline (for case types adding their own entries); `extra`
    is more of its data given as one mapping (e.g. a transition's input)."""
    data = {**(extra or {}), **data}
    return CaseEvent.objects.create(
        case=case,
        at=at or timezone.now(),
        actor=by,
        kind=kind,
        note=note[:4000],
        from_state=str(data.pop("from_state", "")),
        to_state=str(data.pop("to_state", "")),
        data=data,
    )


def _audit(by: Actor | None, action: str, case: Case, **details: object) -> None:
    audit_record(
        action=f"casework.case.{action}",
        actor=by,
        object_type="casework.case",
        object_id=case.pk,
        details={"number": case.number, "kind": case.kind, **details},
    )


@dataclass
class CaseWrite:
    """The locked case of one write, and the steps every write takes on it (see `case_write`)."""

    case: Case
    by: Actor | None

    def save(self) -> None:
        """Save the changed case with its version bumped (optimistic locking of every reader)."""
        self.case.version += 1
        self.case.save()

    def log(self, kind: str, *, note: str = "", at: datetime | None = None, **data: object) -> CaseEvent:
        """A timeline entry by the caller."""
        return event(self.case, kind, by=self.by, note=note, at=at, extra=data)

    def audit(self, action: str, **details: object) -> None:
        _audit(self.by, action, self.case, **details)

    def notify(
        self, recipients: Iterable[User | None], *, kind: str, title: str | Promise, body: str | None = None
    ) -> None:
        """Tell `recipients` (None and inactive accounts skipped) with a link to the case."""
        body = self.case.title if body is None else body
        notify(recipients, kind=kind, title=title, body=body, link=case_url(self.case), subject=self.case)


@contextmanager
def case_write(
    by: Actor | None,
    case_id: int,
    action: str | None,
    *,
    expected_version: int | None = None,
    open_only: bool = False,
    permission: str = "change",
) -> Iterator[CaseWrite]:
    """The one sequence of a case write: in a transaction, lock the case within the caller's scope
    (NotFound / Forbidden), check the type's rule for the generic `action` (None: the caller checks,
    e.g. a transition), the expected version and, with `open_only`, that it is not closed; then the
    body changes the case and writes its timeline entry, audit event and notifications through the
    yielded CaseWrite (`save` bumps the version). A refusal or an error anywhere rolls everything
    back."""
    with transaction.atomic():
        case = _locked(by, case_id, GENERIC_ACTIONS[action] if action else permission)
        if action is not None:
            require(case, by, action)
        _check_version(case, expected_version)
        if open_only and case.closed_at is not None:
            raise Conflict("case_closed", _("This case is closed."))
        yield CaseWrite(case, by)


def case_url(case: Case) -> str:
    ct = case_type(case.kind)
    return ct.url(case) if ct.url is not None else case.get_absolute_url()


def _next_number(prefix: str) -> str:
    day = timezone.localdate()
    key = f"{prefix}-{day:%Y%m%d}"
    if not CaseCounter.objects.filter(prefix=key).exists():
        try:
            with transaction.atomic():
                CaseCounter.objects.create(prefix=key)
        except IntegrityError:
            pass  # a concurrent opening created today's counter
    CaseCounter.objects.filter(prefix=key).update(last=F("last") + 1)
    last = CaseCounter.objects.values_list("last", flat=True).get(prefix=key)
    return f"{key}-{last:04d}"


def _restart_stage(case: Case, now: datetime) -> None:
    case.stage_started_at = now
    deadlines.apply(case, deadlines.compute(case, case.stage, now))


def case_open(
    *,
    by: Actor | None,
    kind: str,
    title: str,
    grid: Node,
    description: str = "",
    level: str = Level.ORDINARY,
    urgency: str = Urgency.NORMAL,
    assignee: User | None = None,
    note: str = "",
) -> Case:
    """Open a case of a declared type in a grid the caller holds casework.case:add over."""
    ct = _type(kind)
    errors: dict[str, list[str | Promise]] = {}
    if not title.strip():
        errors["title"] = [_("This field is required.")]
    if level not in Level.values:
        errors["level"] = [_("Unknown value.")]
    if urgency not in Urgency.values:
        errors["urgency"] = [_("Unknown value.")]
    if grid is None or grid.kind not in (NodeKind.GRID, NodeKind.MICRO_GRID):
        errors["grid"] = [_("Choose a grid.")]
    if errors:
        raise ServiceError("invalid", _("Some fields are invalid."), fields=errors)
    if by is not None:
        if not has_permission(by, Case, "add") or (
            ct.open_roles and not ({g.role for g in grants(by)} & set(ct.open_roles))
        ):
            raise forbidden()
        if not node_in_scope(by, grid, Case, "add"):
            raise ServiceError(
                "outside_scope", _("This grid lies outside your scope."), fields={"grid": [_("Outside your scope.")]}
            )
    now = timezone.now()
    with transaction.atomic():
        case = Case(
            kind=kind,
            number=_next_number(ct.number_prefix),
            title=title.strip()[:200],
            description=description.strip(),
            state=ct.initial,
            stage=ct.stage_of(ct.initial),
            level=level,
            urgency=urgency,
            grid=grid,
            assignee=assignee,
            opened_by=by,
            opened_at=now,
            stage_started_at=now,
        )
        deadlines.apply(case, deadlines.compute(case, case.stage, now))
        if ct.is_closed(case.state):
            case.closed_at = now
        case.save()
        event(case, EventKind.OPENED, by=by, note=note, to_state=case.state)
        _audit(by, "open", case)
        if assignee is not None and assignee != by:
            CaseWrite(case, by).notify([assignee], kind="casework.assigned", title=ASSIGNED_TITLE)
    return case


def case_transition(
    *,
    by: Actor | None,
    case_id: int,
    transition: str,
    expected_version: int | None = None,
    note: str = "",
    data: Mapping[str, object] | None = None,
    payload: Mapping[str, object] | None = None,
) -> Case:
    """Move a case along one of its type's transitions. A new stage gets new deadlines; a closed
    state ends them; leaving a closed state (reopening) starts them again. `data` goes on the
    timeline entry; `payload` is the transition's validated input, for its `effect` (with the note)."""
    with case_write(by, case_id, None) as w:
        case = w.case
        ct = case_type(case.kind)
        move = ct.transition(transition)
        if move is None:
            raise ServiceError("invalid", _("Unknown action."), fields={"transition": [_("Unknown value.")]})
        require_transition(case, by, move)
        _check_version(case, expected_version)
        if move.note_required and not note.strip():
            raise ServiceError("note_required", _("Add a note."), fields={"note": [_("This field is required.")]})
        now = timezone.now()
        before = case.state
        case.state = move.target
        new_stage = ct.stage_of(move.target)
        if ct.is_closed(move.target):
            case.closed_at = case.closed_at or now
            case.stage = new_stage
            deadlines.apply(case, deadlines.Deadlines(None, None, None))
        elif new_stage != case.stage or case.closed_at is not None:
            case.closed_at = None
            case.stage = new_stage
            _restart_stage(case, now)
        w.save()
        event(
            case,
            EventKind.TRANSITION,
            by=by,
            note=note.strip(),
            extra=data,
            from_state=before,
            to_state=move.target,
            transition=move.name,
        )
        w.audit("transition", transition=move.name, state=case.state)
        if ct.on_enter is not None:
            ct.on_enter(case, move, by, note.strip())
        if move.effect is not None:
            move.effect(case, by, {"note": note.strip(), **(payload or {})})
    return case


def case_update(
    *,
    by: Actor | None,
    case_id: int,
    expected_version: int | None,
    title: str | None = None,
    description: str | None = None,
    level: str | None = None,
    urgency: str | None = None,
) -> Case:
    """Edit the case's text, level or urgency; a new level or urgency recomputes the deadlines
    of the current stage from its start (approved delays kept)."""
    errors: dict[str, list[str | Promise]] = {}
    if level is not None and level not in Level.values:
        errors["level"] = [_("Unknown value.")]
    if urgency is not None and urgency not in Urgency.values:
        errors["urgency"] = [_("Unknown value.")]
    if title is not None and not title.strip():
        errors["title"] = [_("This field is required.")]
    with case_write(by, case_id, "update", expected_version=expected_version) as w:
        case = w.case
        values = {"title": title, "description": description, "level": level, "urgency": urgency}
        given = {n for n, v in values.items() if v is not None}
        ct = case_type(case.kind)
        if by is not None and not generic_writable(ct, given):
            raise own_write(ct)
        if errors:
            raise ServiceError("invalid", _("Some fields are invalid."), fields=errors)
        changed: dict[str, list[str]] = {}
        for name, value in (("title", title), ("description", description), ("level", level), ("urgency", urgency)):
            if value is not None and getattr(case, name) != value.strip():
                changed[name] = [str(getattr(case, name))[:100], value.strip()[:100]]
                setattr(case, name, value.strip())
        if changed:
            if ("level" in changed or "urgency" in changed) and case.closed_at is None:
                fresh = deadlines.compute(case, case.stage, case.stage_started_at, deadlines.approved_extra(case))
                warning, escalation = case.warning, case.escalation
                deadlines.apply(case, fresh)
                # Warnings already given stand; the sweep acts on what is still ahead.
                case.warning, case.escalation = warning, escalation
                case.next_due_at = deadlines.next_due(case)
            w.save()
            w.log(EventKind.UPDATED, changes=changed)
            w.audit("update", fields=sorted(changed))
    return case


def _may_handle(user: Viewer, case: Case) -> bool:
    return Case.objects.restrict(user, "view").filter(pk=case.pk).exists()


def case_assign(*, by: Actor | None, case_id: int, assignee: User | None, note: str = "") -> Case:
    """Give the case to someone whose scope covers it (they are told)."""
    with case_write(by, case_id, "assign", open_only=True) as w:
        case = w.case
        if assignee is None or not assignee.is_active or not has_permission(assignee, Case, "change"):
            raise ServiceError(
                "invalid", _("Choose someone who can work on cases."), fields={"assignee": [_("Unknown value.")]}
            )
        if not _may_handle(assignee, case):
            raise ServiceError(
                "invalid",
                _("This person cannot see the case: it lies outside their scope."),
                fields={"assignee": [_("Outside their scope.")]},
            )
        before = case.assignee_id
        case.assignee = assignee
        w.save()
        w.log(EventKind.ASSIGNED, note=note, assignee=assignee.pk, previous=before)
        w.audit("assign", assignee=assignee.pk)
        if assignee != by:
            w.notify([assignee], kind="casework.assigned", title=ASSIGNED_TITLE)
    return case


def _mediator_of(user: User, case: Case) -> bool:
    """An active account holding the mediator role over the case's grid."""
    if not user.is_active:
        return False
    paths = sorted({g.path for g in grants(user) if g.role == Role.MEDIATOR})
    if not paths:
        return False
    return Node.objects.filter(pk=case.grid_id).filter(under_any("path", "police_path", paths)).exists()


def case_refer(
    *,
    by: Actor | None,
    case_id: int,
    handler_user: User | None = None,
    handler_department: Department | None = None,
    note: str = "",
) -> Case:
    """Refer the case to a mediator serving its grid (by name) and/or a department: they then see
    it, and only it (where its type refers so: rules refer_person, refer_department)."""
    if handler_user is None and handler_department is None:
        raise ServiceError(
            "invalid", _("Choose whom to refer the case to."), fields={"handler": [_("This field is required.")]}
        )
    with case_write(by, case_id, None) as w:
        case = w.case
        if handler_user is not None:
            require(case, by, "refer_person")
        if handler_department is not None:
            require(case, by, "refer_department")
        if case.closed_at is not None:
            raise Conflict("case_closed", _("This case is closed."))
        if handler_user is not None and not _mediator_of(handler_user, case):
            raise ServiceError(
                "invalid", _("This person cannot receive cases."), fields={"handler_user": [_("Unknown value.")]}
            )
        if handler_department is not None and not handler_department.is_active:
            raise ServiceError(
                "invalid", _("This department is not in use."), fields={"handler_department": [_("Unknown value.")]}
            )
        if handler_user is not None:
            case.handler_user = handler_user
        if handler_department is not None:
            case.handler_department = handler_department
        w.save()
        ids = {
            "handler_user": getattr(handler_user, "pk", None),
            "handler_department": getattr(handler_department, "pk", None),
        }
        w.log(EventKind.REFERRED, note=note, department=str(handler_department or ""), **ids)
        w.audit("refer", **ids)
        people = [handler_user] if handler_user is not None else []
        if handler_department is not None:
            people += list(handler_department.members.filter(is_active=True))
        w.notify(people, kind="casework.referred", title=gettext_lazy("A case was referred to you"))
    return case


def case_comment(*, by: Actor | None, case_id: int, text: str) -> CaseEvent:
    """A comment on the timeline by anyone who works on the case."""
    if not text.strip():
        raise ServiceError("invalid", _("Write a comment."), fields={"text": [_("This field is required.")]})
    with case_write(by, case_id, "comment") as w:
        entry = w.log(EventKind.COMMENT, note=text.strip())
        w.audit("comment")
    return entry


def _department_members(case: Case) -> list[User]:
    if case.handler_department is None:
        return []
    return list(User.objects.filter(departments=case.handler_department_id, is_active=True))


def case_supervise(*, by: Actor, case_id: int, comment: str) -> Supervision:
    """督办: a leader's instruction on the case, on the timeline and sent to who works on it."""
    if not comment.strip():
        raise ServiceError("invalid", _("Write the instruction."), fields={"comment": [_("This field is required.")]})
    with case_write(by, case_id, "supervise", open_only=True) as w:
        case, now = w.case, timezone.now()
        supervision = Supervision.objects.create(case=case, by=by, at=now, comment=comment.strip())
        w.log(EventKind.SUPERVISION, note=comment.strip(), at=now, supervision=supervision.pk)
        w.audit("supervise")
        w.notify(
            [case.assignee, case.handler_user, case.leader, *_department_members(case)],
            kind="casework.supervision",
            title=gettext_lazy("A leader supervises a case (督办)"),
            body=comment.strip()[:500],
        )
    return supervision


def case_take_over(*, by: Actor, case_id: int, note: str = "") -> Case:
    """包案: a leader takes personal charge of the case; warnings then reach them first."""
    with case_write(by, case_id, "take_over", open_only=True) as w:
        case = w.case
        if case.leader_id == by.pk:
            raise Conflict("already_leader", _("You already lead this case."))
        previous = case.leader_id
        case.leader = by
        w.save()
        w.log(EventKind.TAKEN_OVER, note=note, previous=previous)
        w.audit("take_over")
        w.notify(
            [case.assignee, case.handler_user],
            kind="casework.taken_over",
            title=gettext_lazy("A leader took charge of a case (包案)"),
        )
    return case


def _leaders(case: Case) -> list[User]:
    """The case's leader: the one who took it over, else the station leaders over its grid."""
    if case.leader is not None:
        return [case.leader]
    return list(leaders_over(case.grid, "station_leader"))


def case_request_delay(*, by: Actor, case_id: int, hours: int, reason: str) -> DelayRequest:
    """Ask for more time on the current stage; a leader decides."""
    errors: dict[str, list[str | Promise]] = {}
    if not isinstance(hours, int) or not 1 <= hours <= 24 * 90:
        errors["hours"] = [_("Between 1 hour and 90 days.")]
    if not reason.strip():
        errors["reason"] = [_("This field is required.")]
    if errors:
        raise ServiceError("invalid", _("Some fields are invalid."), fields=errors)
    with case_write(by, case_id, "request_delay", open_only=True) as w:
        case = w.case
        if DelayRequest.objects.filter(case=case, status=DelayStatus.PENDING).exists():
            raise Conflict("delay_pending", _("A delay request for this case awaits a decision."))
        now = timezone.now()
        try:
            with transaction.atomic():
                request = DelayRequest.objects.create(
                    case=case, stage=case.stage, hours=hours, reason=reason.strip(), requested_by=by, requested_at=now
                )
        except IntegrityError:
            raise Conflict("delay_pending", _("A delay request for this case awaits a decision.")) from None
        w.log(EventKind.DELAY_REQUESTED, note=reason.strip(), at=now, hours=hours, request=request.pk)
        w.audit("request_delay", hours=hours)
        w.notify(_leaders(case), kind="casework.delay_requested", title=gettext_lazy("A delay was requested"))
    return request


def case_decide_delay(*, by: Actor | None, request_id: int, approve: bool, note: str = "") -> DelayRequest:
    """Approve (the stage's deadlines move by the hours asked) or reject a delay request."""
    request = DelayRequest.objects.filter(pk=request_id).first()
    if request is None:
        raise NotFound()
    with case_write(by, request.case_id, "decide_delay") as w:
        case = w.case
        request = DelayRequest.objects.select_for_update().get(pk=request_id)
        if request.status != DelayStatus.PENDING:
            raise Conflict("already_decided", _("This request has already been decided."))
        if not approve and not note.strip():
            raise ServiceError(
                "note_required", _("Say why the request is rejected."), fields={"note": [_("This field is required.")]}
            )
        now = timezone.now()
        request.status = DelayStatus.APPROVED if approve else DelayStatus.REJECTED
        request.decided_by, request.decided_at, request.decision_note = by, now, note.strip()
        request.save()
        if approve and case.closed_at is None and case.stage == request.stage:
            extra = timedelta(hours=request.hours)
            case.yellow_at = case.yellow_at + extra if case.yellow_at else None
            case.red_at = case.red_at + extra if case.red_at else None
            case.bureau_at = case.bureau_at + extra if case.bureau_at else None
            # A warning the new deadlines no longer justify is lifted; escalations stand.
            if case.red_at is not None and now < case.red_at and case.warning >= 2:
                case.warning = 1
            if case.yellow_at is not None and now < case.yellow_at:
                case.warning = 0
            case.next_due_at = deadlines.next_due(case)
            w.save()
        kind = EventKind.DELAY_APPROVED if approve else EventKind.DELAY_REJECTED
        w.log(kind, note=note.strip(), at=now, hours=request.hours, request=request.pk)
        w.audit("decide_delay", approved=approve, hours=request.hours)
        w.notify(
            [request.requested_by], kind="casework.delay_decided", title=APPROVED_TITLE if approve else REJECTED_TITLE
        )
    return request


def case_recompute_deadlines(*, case_id: int) -> Case:
    """Recompute the current stage's deadlines from its start (approved delays kept), e.g. once a
    case type's own rows that its deadline hook reads exist. Warnings already given stand. A
    system operation: callers have checked permission."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if case.closed_at is not None:
            return case
        warning, escalation = case.warning, case.escalation
        extra = deadlines.approved_extra(case)
        deadlines.apply(case, deadlines.compute(case, case.stage, case.stage_started_at, extra))
        case.warning, case.escalation = warning, escalation
        case.next_due_at = deadlines.next_due(case)
        case.save(update_fields=["yellow_at", "red_at", "bureau_at", "next_due_at", "warning", "escalation"])
    return case
