"""Chinese labels for the audit trail's codes: actions, roles, object types and detail keys.

An action code is either one of the fixed codes below or `<app>.<model>.<verb>` (what
`audit_read` and the services write); the latter reads as the model's name and the verb's label.
An unknown code is shown as it is rather than guessed."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jingwang.core.roles import Role

ACTION_LABELS = {
    "authz_denied": _("Access refused"),
    "audit.read": _("Audit trail read"),
    "auth.sign_in": _("Sign-in"),
    "auth.sign_out": _("Sign-out"),
    "auth.lockout": _("Account locked after failed sign-ins"),
    "auth.throttle": _("Sign-in attempts throttled"),
    "auth.reauth": _("Password confirmed again"),
    "auth.token.issue": _("API token issued"),
    "auth.token.refused": _("API token refused"),
    "auth.mfa.enrol": _("Second factor set up"),
    "auth.mfa.reset": _("Second factor reset"),
    "accounts.password.change": _("Password changed"),
    "demo.seed": _("Demo data seeded"),
    "registry.import": _("Registry data imported"),
    "registry.seed": _("Demo data seeded"),
    "territory.import": _("Territory imported"),
    "verification.check": _("On-the-spot check"),
    "disputes.agreement.read": _("Signed agreement viewed"),
}

VERB_LABELS = {
    "list": pgettext_lazy("audit verb", "list or search"),
    "read": pgettext_lazy("audit verb", "view"),
    "history": pgettext_lazy("audit verb", "view history"),
    "export": pgettext_lazy("audit verb", "export"),
    "reveal": pgettext_lazy("audit verb", "reveal full number"),
    "create": pgettext_lazy("audit verb", "create"),
    "add": pgettext_lazy("audit verb", "add"),
    "change": pgettext_lazy("audit verb", "change"),
    "update": pgettext_lazy("audit verb", "change"),
    "remove": pgettext_lazy("audit verb", "remove"),
    "delete": pgettext_lazy("audit verb", "delete"),
    "retire": pgettext_lazy("audit verb", "retire"),
    "restore": pgettext_lazy("audit verb", "restore"),
    "renew": pgettext_lazy("audit verb", "renew"),
    "import": pgettext_lazy("audit verb", "import"),
    "seed": pgettext_lazy("audit verb", "seed"),
    "set": pgettext_lazy("audit verb", "set"),
    "submit": pgettext_lazy("audit verb", "submit"),
    "accepted": pgettext_lazy("audit verb", "accepted"),
    "rejected": pgettext_lazy("audit verb", "rejected"),
    "corrected": pgettext_lazy("audit verb", "accepted with corrections"),
    "merge": pgettext_lazy("audit verb", "merge"),
    "unmerge": pgettext_lazy("audit verb", "undo merge"),
    "reject": pgettext_lazy("audit verb", "reject"),
    "assign": pgettext_lazy("audit verb", "assign"),
    "revoke": pgettext_lazy("audit verb", "revoke"),
    "enable": pgettext_lazy("audit verb", "enable"),
    "disable": pgettext_lazy("audit verb", "disable"),
    "mobile": pgettext_lazy("audit verb", "set work mobile"),
    "members": pgettext_lazy("audit verb", "change members"),
    "open": pgettext_lazy("audit verb", "open"),
    "comment": pgettext_lazy("audit verb", "comment"),
    "transition": pgettext_lazy("audit verb", "change state"),
    "supervise": pgettext_lazy("audit verb", "supervise"),
    "take_over": pgettext_lazy("audit verb", "take over"),
    "request_delay": pgettext_lazy("audit verb", "request a delay"),
    "decide_delay": pgettext_lazy("audit verb", "decide a delay"),
    "accept": pgettext_lazy("audit verb", "accept"),
    "refer": pgettext_lazy("audit verb", "refer"),
    "hand_back": pgettext_lazy("audit verb", "hand back"),
    "resolve": pgettext_lazy("audit verb", "resolve"),
    "close": pgettext_lazy("audit verb", "close"),
    "reopen": pgettext_lazy("audit verb", "reopen"),
    "start": pgettext_lazy("audit verb", "start work"),
    "finish": pgettext_lazy("audit verb", "finish"),
    "raise": pgettext_lazy("audit verb", "raise"),
    "report": pgettext_lazy("audit verb", "report"),
    "record": pgettext_lazy("audit verb", "record"),
    "generate": pgettext_lazy("audit verb", "generate"),
    "check": pgettext_lazy("audit verb", "check"),
}

# Short labels for the models whose code is not an installed model's label.
OBJECT_LABELS = {
    "roster.member": "accounts.rostermember",
    "accounts.role": "accounts.roleassignment",
    "disputes.session": "disputes.mediationsession",
    "disputes.screening": "disputes.screeninground",
    "disputes.return_visit": "disputes.returnvisit",
    "casework.sweep": "casework.case",
}

DETAIL_KEYS = {
    "fields": pgettext_lazy("audit detail", "fields"),
    "district": pgettext_lazy("audit detail", "police district"),
    "position": pgettext_lazy("audit detail", "position"),
    "role": pgettext_lazy("audit detail", "role"),
    "roles": pgettext_lazy("audit detail", "roles"),
    "scopes": pgettext_lazy("audit detail", "scope"),
    "members": pgettext_lazy("audit detail", "members"),
    "reason": pgettext_lazy("audit detail", "reason"),
    "number": pgettext_lazy("audit detail", "number"),
    "kind": pgettext_lazy("audit detail", "kind"),
    "transition": pgettext_lazy("audit detail", "action"),
    "state": pgettext_lazy("audit detail", "state"),
    "note": pgettext_lazy("audit detail", "note"),
    "count": pgettext_lazy("audit detail", "count"),
    "created": pgettext_lazy("audit detail", "created"),
    "node": pgettext_lazy("audit detail", "node"),
}


def object_label(code: str) -> str:
    """`app.model` as the model's name (实有人口), or the code itself when it names no model."""
    label = OBJECT_LABELS.get(code, code)
    app_label, _dot, model_name = label.partition(".")
    try:
        return str(apps.get_model(app_label, model_name)._meta.verbose_name)
    except (LookupError, ValueError):
        return code


def action_label(code: str) -> str:
    if code in ACTION_LABELS:
        return str(ACTION_LABELS[code])
    prefix, _dot, verb = code.rpartition(".")
    if not prefix or verb not in VERB_LABELS:
        return code
    what = object_label(prefix)
    return code if what == prefix else f"{what} · {VERB_LABELS[verb]}"


def role_labels(codes: str) -> str:
    """A comma-separated list of role codes as their Chinese names."""
    return "、".join(str(Role(c).label) if c in Role.values else c for c in codes.split(",") if c)


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        return "、".join(_value_text(v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{DETAIL_KEYS.get(k, k)!s}：{_value_text(v)}" for k, v in value.items())
    if value is None or value == "":
        return "—"
    return str(value)


def detail_items(details: Any) -> list[tuple[str, str]]:
    """A JSON detail as (label, readable value) pairs; a non-mapping becomes one unlabelled row."""
    if details in (None, "", {}, []):
        return []
    if not isinstance(details, dict):
        return [("", _value_text(details))]
    return [(str(DETAIL_KEYS.get(k, k)), _value_text(v)) for k, v in details.items()]
