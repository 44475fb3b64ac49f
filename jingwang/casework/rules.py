"""What a user may do on a case, and nothing else: the one answer the casework services enforce
(inside their transaction, on the locked row) and the pages read to show their buttons.

An action is allowed when (a) the permission matrix grants it to a role the user holds over this
case — by territory (the case's grid lies under the role's node) or, for mediators and department
staff, by referral (the case was referred to them, or to their department, and its type refers at
all) — and (b) the case type's own declaration allows it: a rule for the action naming that role,
whose extra check passes, in the case's current state (transitions: their roles, check and source
states). Refusals: 403 when the type never offers the action or the user's roles may not take it,
409 when the case's state does not allow it now. `by=None` (the system) is never refused.

    available(case, user)                 -> Available (generic actions and transitions allowed now)
    refusal(case, user, action)           -> the ServiceError a service would raise, or None
    transition_refusal(case, user, move)  -> the same for one of the type's transitions
    require(case, user, action)           raises the refusal (require_transition likewise)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from jingwang.casework.models import REFERRAL_ROLES, REFERRED_BY, Case, Department
from jingwang.casework.workflow import (
    GENERIC_ACTIONS,
    TRANSITION_PERMISSION,
    CaseType,
    Rule,
    Transition,
    case_type,
    generic_refused,
)
from jingwang.core.access import grants
from jingwang.core.errors import Conflict, ServiceError
from jingwang.core.roles import roles_for


class Forbidden(ServiceError):
    """The caller's roles do not allow this action on this case (which they may see)."""

    status = 403


def forbidden(message: Any = None) -> Forbidden:
    return Forbidden("forbidden", message or _("You may not do this on this case."))


def not_offered() -> Forbidden:
    return Forbidden("action_not_allowed", _("Cases of this type do not allow this action."))


def own_write(ct: CaseType) -> Forbidden:
    return Forbidden("own_write", ct.own_refusal or _("Cases of this type do not allow this action."))


def wrong_state() -> Conflict:
    return Conflict("wrong_state", _("This action is not possible in the case's current state."))


@dataclass(frozen=True)
class Available:
    """The generic actions (GENERIC_ACTIONS names) and transitions a user may take on a case now."""

    actions: frozenset[str]
    transitions: tuple[Transition, ...]

    def __contains__(self, action: object) -> bool:
        return action in self.actions


def reaching_roles(case: Case, user: Any) -> frozenset[str]:
    """The roles the user holds that reach this case, whatever they grant: by territory, or by
    referral (mediator: referred to them by name; department staff: to their department), as
    the scope filter `case_scope_filter` decides for lists."""
    held = grants(user)
    if not held:
        return frozenset()
    roles: set[str] = set()
    territorial = [g for g in held if g.role not in REFERRAL_ROLES]
    ct = case_type(case.kind)
    if territorial and (
        ct.visible_cases is None or Case.objects.filter(pk=case.pk, pk__in=ct.visible_cases(user)).exists()
    ):
        grid = case.grid
        paths = [p for p in (grid.path, grid.police_path) if p]
        roles |= {g.role for g in territorial if any(p.startswith(g.path) for p in paths)}
    referral = {g.role for g in held if g.role in REFERRAL_ROLES and ct.allows(REFERRED_BY[g.role])}
    if "mediator" in referral and case.handler_user_id == user.pk:
        roles.add("mediator")
    if "department_staff" in referral and case.handler_department_id is not None:
        members = Department.members.through.objects.filter(department_id=case.handler_department_id, user_id=user.pk)
        if members.exists():
            roles.add("department_staff")
    return frozenset(roles)


def _matrix(reach: frozenset[str], permission: str) -> frozenset[str]:
    return reach & roles_for("casework.case", permission)


def _fits(declared: Any, roles: frozenset[str]) -> bool:
    return bool(roles & set(declared)) if declared else bool(roles)


def _action_refusal(ct: CaseType, case: Case, user: Any, action: str, reach: frozenset[str]) -> ServiceError | None:
    rules: list[Rule] = ct.rules(action)
    if not rules:
        return not_offered()
    roles = _matrix(reach, GENERIC_ACTIONS[action])
    mine = [r for r in rules if _fits(r.roles, roles)]
    if not mine:
        return forbidden()
    if generic_refused(ct, action):
        return own_write(ct)
    passing = [r for r in mine if r.allowed is None or r.allowed(case, user)]
    if not passing:
        return forbidden(mine[0].refusal)
    if not any(case.state in ct.rule_states(r) for r in passing):
        return wrong_state()
    return None


def _transition_refusal(case: Case, user: Any, move: Transition, reach: frozenset[str]) -> ServiceError | None:
    if not _fits(move.roles, _matrix(reach, TRANSITION_PERMISSION)):
        return forbidden()
    if generic_refused(case_type(case.kind), move.name):
        return own_write(case_type(case.kind))
    if move.allowed is not None and not move.allowed(case, user):
        return forbidden(move.refusal)
    if case.state not in move.sources:
        return wrong_state()
    return None


def refusal(case: Case, user: Any, action: str) -> ServiceError | None:
    """Why `user` may not take the generic `action` on `case` now, or None when they may."""
    if user is None:
        return None
    return _action_refusal(case_type(case.kind), case, user, action, reaching_roles(case, user))


def transition_refusal(case: Case, user: Any, move: Transition) -> ServiceError | None:
    """Why `user` may not move `case` along `move` now, or None when they may."""
    if user is None:
        return None
    return _transition_refusal(case, user, move, reaching_roles(case, user))


def require(case: Case, user: Any, action: str) -> None:
    """Raise the refusal unless `user` may take the generic `action` on `case` now."""
    if (error := refusal(case, user, action)) is not None:
        raise error


def require_transition(case: Case, user: Any, move: Transition) -> None:
    """Raise the refusal unless `user` may move `case` along `move` now."""
    if (error := transition_refusal(case, user, move)) is not None:
        raise error


def available(case: Case, user: Any) -> Available:
    """Everything `user` may do on `case` now, as the services would decide it."""
    ct = case_type(case.kind)
    reach = reaching_roles(case, user)
    if not reach:
        return Available(frozenset(), ())
    return Available(
        actions=frozenset(a for a in GENERIC_ACTIONS if _action_refusal(ct, case, user, a, reach) is None),
        transitions=tuple(t for t in ct.transitions if _transition_refusal(case, user, t, reach) is None),
    )
