"""Reads of incidents: the list the page and the API share, one incident by id."""

from __future__ import annotations

from django.db.models import QuerySet

from jingwang.core.errors import NotFound
from jingwang.core.types import Viewer
from jingwang.incidents.models import Incident, IncidentCategory


def incident_list(*, viewer: Viewer, action: str = "view") -> QuerySet[Incident]:
    """Incidents in the viewer's scope, newest first, with what a list shows."""
    return (
        Incident.objects.restrict(viewer, action)
        .select_related("category", "grid", "address")
        .order_by("-occurred_at", "-id")
    )


def access_incident_by_id(viewer: Viewer, incident_id: int, action: str = "view") -> Incident:
    """The incident, if the viewer may `action` it; missing and out of scope look the same."""
    found = incident_list(viewer=viewer, action=action).filter(pk=incident_id).first()
    if found is None:
        raise NotFound()
    return found


def category_list() -> QuerySet[IncidentCategory]:
    """The code table's categories in use, by code (sub-types after their kind)."""
    return IncidentCategory.objects.filter(active=True).select_related("parent").order_by("code")
