"""Navigation by role: each entry shows when the user may use what it leads to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jingwang.core.access import grants, has_permission
from jingwang.core.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    model: str | None = None
    action: str = "view"
    roles: frozenset[str] | None = None


ITEMS = [
    NavItem(_("Home"), "web:home"),
    NavItem(_("Inbox"), "notifications:inbox", model="notifications.notification"),
    NavItem(_("Territory"), "territory:tree", model="territory.node"),
    NavItem(_("Collect"), "registry:collect", model="registry.collection", action="add"),
    NavItem(_("Verification queue"), "registry:queue", model="registry.collection", action="verify"),
    NavItem(_("Residents"), "registry:persons", model="registry.person"),
    NavItem(_("Check a person"), "verification:check", model="verification.verificationcheck", action="add"),
    NavItem(_("Watch lists"), "verification:lists", model="verification.watchlist"),
    NavItem(_("Possible duplicates"), "registry:merge-suggestions", model="registry.mergesuggestion"),
    NavItem(_("Data quality"), "registry:quality", model="registry.person"),
    NavItem(_("Report a dispute"), "disputes:report", model="disputes.dispute", action="add"),
    NavItem(_("Disputes"), "disputes:ledger", model="disputes.dispute"),
    NavItem(_("Re-screening"), "disputes:screening", model="disputes.screeninground"),
    NavItem(_("Import"), "registry:import", model="registry.person", action="add"),
    NavItem(_("Cases"), "casework:list", model="casework.case"),
    NavItem(_("Work orders"), "workorders:list", model="workorders.workorder"),
    NavItem(_("Departments"), "casework:departments", model="casework.department", action="change"),
    NavItem(_("Deadline policies"), "casework:policies", model="casework.deadlinepolicy", action="change"),
    NavItem(_("1+X+N roster"), "accounts:roster-index", model="accounts.rostermember"),
    NavItem(_("Accounts"), "accounts:user-list", model="accounts.user"),
    NavItem(_("Audit trail"), "audit:list", model="audit.auditevent"),
    NavItem(_("My community officer"), "web:my-officer", roles=frozenset({Role.RESIDENT, Role.VOLUNTEER})),
    NavItem(_("API"), "api-docs", roles=frozenset(set(Role.values) - {Role.RESIDENT, Role.VOLUNTEER})),
]


def menu_for(user: Any) -> list[dict[str, Any]]:
    held = {g.role for g in grants(user)}
    items = []
    for item in ITEMS:
        if item.model and not has_permission(user, item.model, item.action):
            continue
        if item.roles is not None and not (held & item.roles):
            continue
        items.append({"label": item.label, "url": reverse(item.url_name), "name": item.url_name})
    return items
