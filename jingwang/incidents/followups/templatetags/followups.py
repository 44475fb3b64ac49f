"""`{% incident_followups incident %}`: on an incident's page, the case a non-police call became
(or the button to open one) and the return visit a preventable crime opened."""

from __future__ import annotations

from typing import Any

from django import template

from jingwang.casework.services import case_url
from jingwang.casework.workflow import case_type
from jingwang.core.access import has_permission
from jingwang.incidents.followups.models import IncidentCase, ReturnVisit

register = template.Library()


@register.inclusion_tag("followups/partials/incident_followups.html", takes_context=True)
def incident_followups(context: template.Context, incident: Any) -> dict[str, Any]:
    user = context["request"].user
    link = IncidentCase.objects.restrict(user).select_related("case").filter(incident=incident).first()
    visit = ReturnVisit.objects.restrict(user).select_related("case").filter(incident=incident).first()
    can_open = (
        link is None
        and incident.category.non_police
        and not IncidentCase.objects.filter(incident=incident).exists()
        and has_permission(user, IncidentCase, "add")
    )
    return {
        "incident": incident,
        "link": link,
        "link_url": case_url(link.case) if link else "",
        "visit": visit,
        "visit_state": case_type(visit.case.kind).state_label(visit.case.state) if visit else "",
        "can_open": can_open,
    }
