"""Columns of case lists on the generic pages (`web.generic.Column`): a case's type and state by
their names in the user's language, and its deadline as a coloured badge. `accessor` leads from
the row to its case ("" when the row is the case, "case" for a work order or a dispute)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from jingwang.casework import deadlines
from jingwang.casework.models import Case
from jingwang.casework.workflow import case_type
from jingwang.web.generic import Column, resolve

TONES = {"closed": "muted", "red": "danger", "yellow": "warn", "green": "ok"}


def state_label(case: Case) -> str:
    try:
        return str(case_type(case.kind).state_label(case.state))
    except KeyError:
        return case.state


def kind_label(case: Case) -> str:
    try:
        return str(case_type(case.kind).label)
    except KeyError:
        return case.kind


def _when(at: Any) -> str:
    return formats.date_format(timezone.localtime(at), "m-d H:i") if at is not None else ""


def deadline_text(case: Case) -> str:
    badge = deadlines.badge(case, timezone.now())
    if badge == "closed":
        return str(_("Closed"))
    if badge in ("red", "yellow"):
        label = _("Red: overdue") if badge == "red" else _("Yellow: due")
        return f"{label} {_when(case.red_at)}"
    return " · ".join(filter(None, [str(_("On time")), _when(case.yellow_at)]))


@dataclass(frozen=True)
class CaseColumn(Column):
    """A column showing something of the row's case (`accessor`: the path to the case)."""

    show: str = "state"  # "state", "kind" or "deadline"

    def case(self, obj: Any) -> Case:
        return obj if not self.accessor else resolve(obj, self.accessor)  # type: ignore[no-any-return]

    def value(self, obj: Any) -> Any:
        case = self.case(obj)
        return {"state": state_label, "kind": kind_label, "deadline": deadline_text}[self.show](case)

    def tone(self, obj: Any) -> str:
        if self.show == "deadline":
            return TONES[deadlines.badge(self.case(obj), timezone.now())]
        return self.badge
