"""Writes of the anti-fraud app: receiving warnings (the centre's feed, a bank's suspicion, a file
import, an officer's entry: one service), matching them to the registry and routing them as a set,
the dissuasion case's effects, the duty officer's routing and bank protection requests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jingwang.accounts.models import RoleAssignment, User
from jingwang.antifraud.models import (
    ID_CONTEXT,
    PHONE_CONTEXT,
    VISIT_CHECKLIST,
    FraudType,
    Outcome,
    ProtectionRequest,
    ProtectionStatus,
    Risk,
    Routing,
    Warning,
)
from jingwang.audit.services import audit_record
from jingwang.casework.models import Case, CaseEvent, Level
from jingwang.casework.services import case_open
from jingwang.core import crypto, identity
from jingwang.core.access import grants, has_permission, scope_grants, under_any
from jingwang.core.errors import Forbidden, NotFound, ServiceError
from jingwang.core.roles import Role
from jingwang.core.tree import ancestor_paths
from jingwang.core.types import Actor
from jingwang.notifications.services import notify
from jingwang.registry.models import Person
from jingwang.territory.models import Node, NodeKind

KIND = "antifraud.dissuasion"
# The risk level rides on the case's level, so the deadlines are known while the case is opened.
LEVEL_OF_RISK = {Risk.HIGH: Level.MAJOR, Risk.MEDIUM: Level.SERIOUS, Risk.LOW: Level.ORDINARY}
RISK_OF_LEVEL = {str(v): str(k) for k, v in LEVEL_OF_RISK.items()}
DUTY_TITLE = gettext_lazy("A fraud warning awaits the duty officer")
MAX_BATCH = 2000


@dataclass
class WarningRow:
    """One warning as it arrives (the API, the file import and the entry page all give these)."""

    reference: str
    risk: str
    fraud_type: str  # the code table's code
    warned_at: datetime | None = None
    name: str = ""
    id_number: str = ""
    phone: str = ""
    details: str = ""
    station: str = ""  # a station's code, where the sender knows it (unknown persons go there)


@dataclass
class Received:
    """What a batch came to: the warnings (new and already received), and per row its errors."""

    warnings: list[Warning] = field(default_factory=list)
    created: int = 0
    errors: dict[int, dict[str, list[str]]] = field(default_factory=dict)


def _invalid(errors: dict[int, dict[str, list[str]]]) -> ServiceError:
    fields = {f"rows[{i}].{name}": msgs for i, row in errors.items() for name, msgs in row.items()}
    return ServiceError("invalid", _("Some fields are invalid."), fields=fields)


@dataclass
class _Clean:
    row: WarningRow
    id_number: str = ""
    phone: str = ""


def _check(rows: Sequence[WarningRow], types: dict[str, FraudType], stations: dict[str, Node]) -> tuple[
    list[_Clean], dict[int, dict[str, list[str]]]
]:  # fmt: skip
    cleaned, errors = [], {}
    seen: set[str] = set()
    for i, row in enumerate(rows):
        err: dict[str, list[str]] = {}
        c = _Clean(row)
        ref = row.reference.strip()
        if not ref or len(ref) > 60:
            err["reference"] = [_("Give the warning's reference (up to 60 characters).")]
        elif ref in seen:
            err["reference"] = [_("This reference appears twice in the batch.")]
        seen.add(ref)
        if row.risk not in Risk.values:
            err["risk"] = [_("Unknown risk level: use high, medium or low.")]
        if row.fraud_type not in types:
            err["fraud_type"] = [_("Unknown fraud type.")]
        if row.id_number.strip():
            checked = identity.check_id_number(row.id_number)
            if checked.valid:
                c.id_number = checked.normalized
            else:
                err["id_number"] = [p.message for p in checked.errors]
        if row.phone.strip():
            pchecked = identity.check_phone(row.phone)
            if pchecked.valid:
                c.phone = pchecked.normalized
            else:
                err["phone"] = [p.message for p in pchecked.errors]
        if not (row.id_number.strip() or row.phone.strip() or row.name.strip()):
            err["name"] = [_("Give the person's phone, ID number or name.")]
        if len(row.name) > 50:
            err["name"] = [_("Ensure this field has no more than 50 characters.")]
        if row.station and row.station not in stations:
            err["station"] = [_("Unknown police station.")]
        if err:
            errors[i] = err
        cleaned.append(c)
    return cleaned, errors


def _lineages(grids: Iterable[Node]) -> dict[int, list[str]]:
    """Each grid's node paths from itself upwards, nearest first, in both trees."""
    out = {}
    for g in grids:
        chains = [[g.path, *reversed(ancestor_paths(g.path))]]
        if g.police_path:
            chains.append([g.police_path, *reversed(ancestor_paths(g.police_path))])
        ranked = sorted((d, i, p) for i, chain in enumerate(chains) for d, p in enumerate(chain))
        out[g.pk] = list(dict.fromkeys(p for _d, _i, p in ranked))
    return out


def route_grids(grids: Iterable[Node]) -> tuple[dict[int, User | None], dict[int, Node | None]]:
    """For a set of grids at once (three queries whatever their number): the community officer of
    each (the one holding the role over the nearest node; several: the first by id) and its police
    station."""
    grids = list({g.pk: g for g in grids}.values())
    lineage = _lineages(grids)
    paths = {p for chain in lineage.values() for p in chain}
    nodes = {n.path: n for n in Node.objects.filter(path__in=paths)}
    holders: dict[int, list[User]] = {}
    rows = RoleAssignment.objects.filter(
        node_id__in=[n.pk for n in nodes.values()], role=Role.COMMUNITY_OFFICER, user__is_active=True
    ).select_related("user")
    for ra in rows.order_by("user_id"):
        holders.setdefault(ra.node_id, []).append(ra.user)
    officers: dict[int, User | None] = {}
    stations: dict[int, Node | None] = {}
    for g in grids:
        chain = [nodes[p] for p in lineage[g.pk] if p in nodes]
        officers[g.pk] = next((holders[n.pk][0] for n in chain if n.pk in holders), None)
        stations[g.pk] = next((n for n in chain if n.kind == NodeKind.STATION), None)
    return officers, stations


def _fallback_area(by: Actor | None) -> Node:
    """Where a returned warning waits: the sender's own area (the system's: the root)."""
    held = scope_grants(by, Warning, "add") if by is not None else []
    if held:
        return Node.objects.get(pk=held[0].node_id)
    return Node.objects.filter(parent__isnull=True).order_by("pk").first() or Node.objects.order_by("pk")[0]


def warnings_receive(
    *, by: Actor | None, rows: Sequence[WarningRow], source: str, now: datetime | None = None
) -> Received:
    """Receive a batch of warnings, all or nothing. Each is matched to the registry by ID number,
    then phone (blind indexes), and routed: a registered person of the sender's area → the
    community officer of the person's grid, with a dissuasion case; an unknown person with a
    station named (or a sender who serves one station) → that station's duty queue (its leaders);
    anything else → returned to the sender with the reason. Idempotent on the reference."""
    if by is not None and not has_permission(by, Warning, "add"):
        raise Forbidden()
    if not rows:
        raise ServiceError("invalid", _("Send at least one warning."), fields={"rows": [_("Empty.")]})
    if len(rows) > MAX_BATCH:
        raise ServiceError("invalid", _("At most %(n)d warnings at a time.") % {"n": MAX_BATCH}, fields={})
    now = now or timezone.now()
    types = {t.code: t for t in FraudType.objects.filter(active=True)}
    stations = {
        n.code: n for n in Node.objects.filter(kind=NodeKind.STATION, code__in={r.station for r in rows if r.station})
    }
    cleaned, errors = _check(rows, types, stations)
    if errors:
        raise _invalid(errors)
    refs = [c.row.reference.strip() for c in cleaned]
    result = Received()
    with transaction.atomic():
        existing = {w.reference: w for w in Warning.objects.filter(reference__in=refs)}
        fresh = [c for c in cleaned if c.row.reference.strip() not in existing]
        # Matching, set-based: one look-up by ID index and one by phone index for the whole batch.
        id_idx = {c.id_number: crypto.blind_index(c.id_number, context=ID_CONTEXT) for c in fresh if c.id_number}
        ph_idx = {c.phone: crypto.blind_index(c.phone, context=PHONE_CONTEXT) for c in fresh if c.phone}
        persons = Person.objects.filter(is_active=True).select_related("grid")
        by_id = {p.id_number_index: p for p in persons.filter(id_number_index__in=set(id_idx.values()))}
        by_phone: dict[str, Person] = {}
        for p in persons.filter(phone_index__in=set(ph_idx.values())).order_by("pk"):
            by_phone.setdefault(p.phone_index, p)
        matched: dict[int, Person | None] = {}
        for i, c in enumerate(fresh):
            matched[i] = by_id.get(id_idx.get(c.id_number, "")) or by_phone.get(ph_idx.get(c.phone, ""))
        grids = [p.grid for p in matched.values() if p is not None]
        officers, grid_station = route_grids(grids)
        # The sender's area, once: which of the matched grids and named stations it covers.
        held = sorted({g.path for g in scope_grants(by, Warning, "add")}) if by is not None else []
        candidates = {g.pk for g in grids} | {s.pk for s in stations.values()}
        if by is None:
            covered = candidates
        elif held and candidates:
            covered = set(Node.objects.filter(pk__in=candidates).filter(under_any("path", "police_path", held))
                          .values_list("pk", flat=True))  # fmt: skip
        else:
            covered = set()
        own_station = _own_station(by)
        fallback = _fallback_area(by)
        made: list[Warning] = []
        for i, c in enumerate(fresh):
            row, person = c.row, matched[i]
            w = Warning(
                reference=row.reference.strip(), source=source, risk=row.risk, fraud_type=types[row.fraud_type],
                warned_at=row.warned_at or now, received_at=now,
                name=(row.name.strip() or (person.name if person else "")),
                details=row.details.strip()[:4000], person=person,
                raised_by=by if isinstance(by, User) else None,
            )  # fmt: skip
            pid = crypto.protect(c.id_number, context=ID_CONTEXT, masked=identity.mask_id_number(c.id_number))
            pph = crypto.protect(c.phone, context=PHONE_CONTEXT, masked=identity.mask_phone(c.phone))
            w.id_number_enc, w.id_number_index, w.id_number_masked = pid.enc, pid.index, pid.masked
            w.phone_enc, w.phone_index, w.phone_masked = pph.enc, pph.index, pph.masked
            named = stations.get(row.station) if row.station else None
            if person is not None and person.grid_id in covered and officers.get(person.grid_id) is not None:
                w.area, w.station, w.routing = person.grid, grid_station.get(person.grid_id), Routing.OFFICER
                w.officer = officers[person.grid_id]
            elif person is not None and person.grid_id not in covered:
                w.area, w.routing = fallback, Routing.RETURNED
                w.routing_reason = _("The person is registered outside the sender's area.")
            elif (named is not None and named.pk in covered) or (named is None and own_station is not None):
                station = named or own_station
                assert station is not None
                w.area = w.station = station
                w.routing = Routing.DUTY
                w.routing_reason = (
                    _("No community officer serves the person's grid.") if person is not None
                    else _("No registered person matches: for the station's duty officer.")
                )  # fmt: skip
            else:
                w.area, w.routing = fallback, Routing.RETURNED
                w.routing_reason = _("No registered person matches and no station was named.")
            made.append(w)
        Warning.objects.bulk_create(made)
        for w in made:
            if w.routing == Routing.OFFICER:
                _open_case(w)
        _tell_duty([w for w in made if w.routing == Routing.DUTY])
        audit_record(
            action="antifraud.warning.receive",
            actor=by,
            object_type="antifraud.warning",
            details={"source": source, "received": len(made), "again": len(existing),
                     "routed": sum(w.routing == Routing.OFFICER for w in made),
                     "duty": sum(w.routing == Routing.DUTY for w in made),
                     "returned": sum(w.routing == Routing.RETURNED for w in made)},
        )  # fmt: skip
    result.created = len(made)
    made_by_ref = {w.reference: w for w in made}
    result.warnings = [made_by_ref.get(r) or existing[r] for r in refs]
    return result


def _own_station(by: Actor | None) -> Node | None:
    """The one station a sender serves (a station leader, or an officer of one station's districts)."""
    if by is None:
        return None
    paths = {g.police_path or g.path for g in scope_grants(by, Warning, "add")}
    found: set[str] = set()
    for p in paths:
        chain = [*ancestor_paths(p), p]
        found |= {q for q in chain if q.rstrip("/").split("/")[-1].startswith("s")}
    if len(found) != 1:
        return None
    return Node.objects.filter(path=found.pop(), kind=NodeKind.STATION).first()


def _open_case(w: Warning) -> None:
    title = _("%(risk)s fraud warning: %(type)s") % {"risk": w.get_risk_display(), "type": w.fraud_type.name}
    case = case_open(
        by=None, kind=KIND, title=title, grid=w.area, level=LEVEL_OF_RISK[Risk(w.risk)], assignee=w.officer,
        note=w.routing_reason,
    )  # fmt: skip
    w.case = case
    Warning.objects.filter(pk=w.pk).update(case=case)


def _station_leaders(station: Node) -> list[User]:
    return [
        ra.user
        for ra in RoleAssignment.objects.filter(
            node=station, role=Role.STATION_LEADER, user__is_active=True
        ).select_related("user")
    ]


def _tell_duty(warnings: list[Warning]) -> None:
    """The station's duty officer is its leaders' queue: each is told, once per warning."""
    for w in warnings:
        assert w.station is not None
        notify(
            _station_leaders(w.station), kind="antifraud.duty", title=DUTY_TITLE,
            body=w.get_risk_display(), link=w.get_absolute_url(), subject=w,
            dedupe_key=f"antifraud.duty:{w.pk}:{w.routing_reason[:20]}",
            sms=w.risk == Risk.HIGH,
        )  # fmt: skip


# --- the dissuasion case's effects (run inside the engine's transaction) ----------------------------


def _locked(case: Case) -> Warning:
    return Warning.objects.select_for_update().get(case_id=case.pk)


def record_contact(case: Case, actor: Any, data: dict[str, Any]) -> None:
    w = _locked(case)
    now = timezone.now()
    w.contacts = [*w.contacts, {"at": now.isoformat(), "by": getattr(actor, "pk", None),
                                "method": data["method"], "result": data["result"]}]  # fmt: skip
    w.first_contact_at = w.first_contact_at or now
    w.save(update_fields=["contacts", "first_contact_at"])


def record_outcome(case: Case, actor: Any, data: dict[str, Any]) -> None:
    w = _locked(case)
    now = timezone.now()
    w.outcome, w.outcome_at = data["outcome"], now
    if data["outcome"] == Outcome.DEFRAUDED:
        w.defrauded_amount, w.defrauded_at = data.get("amount"), data.get("defrauded_at")
    else:
        w.defrauded_amount = w.defrauded_at = None
    # A face-to-face visit: the case went through 下派见面 (its timeline says so).
    if CaseEvent.objects.filter(case_id=case.pk, to_state="visiting").exists():
        w.visited_at = w.visited_at or now
        w.first_contact_at = w.first_contact_at or now
        by = getattr(actor, "pk", None)
        w.checklist = [{"item": item, "ok": item in data.get("checked", []), "at": now.isoformat(), "by": by}
                       for item in VISIT_CHECKLIST]  # fmt: skip
    w.save()


def record_transfer(case: Case, actor: Any, data: dict[str, Any]) -> None:
    """非本辖区: back to the station's duty queue with the officer's reason."""
    w = _locked(case)
    w.outcome, w.outcome_at = Outcome.OUT_OF_AREA, timezone.now()
    station = w.station or _station_of_grid(case.grid)
    if station is not None:
        w.area = w.station = station
        w.routing = Routing.DUTY
    else:
        w.routing = Routing.RETURNED
    w.routing_reason = (_("Transferred by the officer: %(note)s") % {"note": data.get("note", "")})[:200]
    w.officer = None
    w.save()
    if station is not None:
        _tell_duty([w])


def _station_of_grid(grid: Node) -> Node | None:
    return route_grids([grid])[1].get(grid.pk)


# --- the duty officer --------------------------------------------------------------------------------


def _duty_warning(by: Actor, warning_id: int) -> Warning:
    w = Warning.objects.restrict(by, "route").select_for_update().filter(pk=warning_id).first()
    if w is None:
        if Warning.objects.restrict(by, "view").filter(pk=warning_id).exists():
            raise Forbidden()
        raise NotFound()
    if w.routing == Routing.OFFICER and w.case is not None and w.case.closed_at is None:
        raise ServiceError("routed", _("This warning is already with an officer."), fields={})
    return w


def warning_route(*, by: Actor, warning_id: int, grid: Node) -> Warning:
    """The duty officer sends a warning to the officer of a grid in their area (a dissuasion case)."""
    with transaction.atomic():
        w = _duty_warning(by, warning_id)
        if grid.kind != NodeKind.GRID:
            raise ServiceError("invalid", _("Choose a grid."), fields={"grid": [_("Choose a grid.")]})
        held = sorted({g.path for g in scope_grants(by, Warning, "route")})
        if not Node.objects.filter(pk=grid.pk).filter(under_any("path", "police_path", held)).exists():
            raise ServiceError("outside_scope", _("This grid lies outside your scope."),
                               fields={"grid": [_("Outside your scope.")]})  # fmt: skip
        officers, stations = route_grids([grid])
        if officers.get(grid.pk) is None:
            raise ServiceError("no_officer", _("No community officer serves this grid."),
                               fields={"grid": [_("No community officer serves this grid.")]})  # fmt: skip
        w.area, w.station, w.officer = grid, stations.get(grid.pk), officers[grid.pk]
        w.routing, w.routing_reason = Routing.OFFICER, _("Sent by the duty officer.")
        w.outcome, w.outcome_at = "", None
        w.save()
        _open_case(w)
        audit_record(action="antifraud.warning.route", actor=by, object_type="antifraud.warning",
                     object_id=w.pk, details={"grid": grid.ref})  # fmt: skip
    return w


def warning_return(*, by: Actor, warning_id: int, reason: str) -> Warning:
    """The duty officer sends a warning back up (e.g. not in the station's area) with the reason."""
    if not reason.strip():
        raise ServiceError("invalid", _("Give the reason."), fields={"reason": [_("This field is required.")]})
    with transaction.atomic():
        w = _duty_warning(by, warning_id)
        w.routing, w.routing_reason = Routing.RETURNED, reason.strip()[:200]
        w.save(update_fields=["routing", "routing_reason"])
        audit_record(action="antifraud.warning.return", actor=by, object_type="antifraud.warning", object_id=w.pk)
    return w


# --- bank protection (警银联动) ---------------------------------------------------------------------


def protection_request(
    *, by: Actor, warning_id: int, bank_user_id: int, bank_name: str, account: str = "", reason: str
) -> ProtectionRequest:
    """Ask a bank liaison for temporary protection of the warned person's account."""
    errors: dict[str, list[Any]] = {}
    if not bank_name.strip():
        errors["bank_name"] = [_("This field is required.")]
    if not reason.strip():
        errors["reason"] = [_("This field is required.")]
    bank_user = User.objects.filter(pk=bank_user_id, is_active=True).first()
    if bank_user is None or not any(g.role == Role.BANK_LIAISON for g in grants(bank_user)):
        errors["bank_user"] = [_("Choose a bank liaison.")]
    if errors:
        raise ServiceError("invalid", _("Some fields are invalid."), fields=errors)
    assert bank_user is not None
    with transaction.atomic():
        w = Warning.objects.restrict(by, "change").select_for_update().filter(pk=warning_id).first()
        if w is None:
            if Warning.objects.restrict(by, "view").filter(pk=warning_id).exists():
                raise Forbidden()
            raise NotFound()
        digits = "".join(ch for ch in account if ch.isdigit())
        masked = (digits[:4] + "*" * max(len(digits) - 8, 0) + digits[-4:]) if len(digits) > 8 else ""
        req = ProtectionRequest.objects.create(
            warning=w, bank_user=bank_user, bank_name=bank_name.strip()[:100], account_masked=masked,
            reason=reason.strip()[:500], requested_by=by, requested_at=timezone.now(),
        )  # fmt: skip
        audit_record(action="antifraud.protection.request", actor=by, object_type="antifraud.protectionrequest",
                     object_id=req.pk, details={"warning": w.pk})  # fmt: skip
        notify([bank_user], kind="antifraud.protection", title=_("An account protection request"),
               body=req.bank_name, link="", subject=req, dedupe_key=f"antifraud.protection:{req.pk}")  # fmt: skip
    return req


def protection_answer(*, by: Actor, request_id: int, protected: bool, answer: str = "") -> ProtectionRequest:
    """The bank liaison answers: protected or declined (with why)."""
    with transaction.atomic():
        req = ProtectionRequest.objects.restrict(by, "change").select_for_update().filter(pk=request_id).first()
        if req is None:
            if ProtectionRequest.objects.restrict(by, "view").filter(pk=request_id).exists():
                raise Forbidden()
            raise NotFound()
        if req.status != ProtectionStatus.REQUESTED:
            raise ServiceError("answered", _("This request was already answered."), fields={})
        if not protected and not answer.strip():
            raise ServiceError("invalid", _("Say why the request is declined."),
                               fields={"answer": [_("This field is required.")]})  # fmt: skip
        req.status = ProtectionStatus.PROTECTED if protected else ProtectionStatus.DECLINED
        req.answer, req.answered_at = answer.strip()[:500], timezone.now()
        req.save(update_fields=["status", "answer", "answered_at"])
        audit_record(action="antifraud.protection.answer", actor=by, object_type="antifraud.protectionrequest",
                     object_id=req.pk, details={"status": req.status})  # fmt: skip
        notify([req.requested_by], kind="antifraud.protection_answer", title=_("A bank answered a protection request"),
               body=req.get_status_display(), link=req.warning.get_absolute_url(), subject=req.warning,
               dedupe_key=f"antifraud.protection_answer:{req.pk}")  # fmt: skip
    return req
