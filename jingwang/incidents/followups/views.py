"""Pages of what follows from incidents: the return visits (list, the visit with its checklist),
an incident turned into a dispute or a work order, the bulletins (draft, preview, publish, read by
residents and volunteers of the community) and the incident figures of an area."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from jingwang.casework.columns import CaseColumn
from jingwang.casework.moves import case_move
from jingwang.casework.rules import available
from jingwang.casework.services import case_url
from jingwang.core.access import grants
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.types import actor
from jingwang.incidents.followups import bulletins, figures, services
from jingwang.incidents.followups.forms import BulletinForm, ChecklistForm, FiguresForm, ToCaseForm
from jingwang.incidents.followups.models import Bulletin, BulletinStatus, IncidentCase, ReturnVisit
from jingwang.incidents.followups.permissions import FIGURE_ROLES
from jingwang.incidents.models import Incident
from jingwang.territory.models import Node
from jingwang.web.generic import (
    Action,
    Column,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    RecordActionView,
    ScopedPage,
    service_error_to_form,
    service_error_to_messages,
)


class ReturnVisitListView(ObjectListView):
    """The return visits in scope, open ones first, with their deadlines."""

    model = ReturnVisit
    url_name = "incident_followups:visits"
    title = _("Return visits")
    table_testid = "return-visits"
    empty_message = _("No return visits.")
    paginate_by = 30
    columns = (
        Column("case.number", _("Number"), link="incident_followups:visit", mono=True, title=True),
        Column("incident.category.name", _("Category")),
        CaseColumn("case", _("State"), badge="info"),
        CaseColumn("case", _("Deadline"), show="deadline"),
        Column("case.grid.name", _("Grid")),
        Column("case.assignee.display_name", _("Officer")),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related(
            "case", "case__grid", "case__assignee", "incident", "incident__category"
        ).order_by("case__closed_at", "case__red_at", "-id")


class ReturnVisitView(ObjectView):
    """The visit: the incident, the house, the checklist to record it, the case's timeline."""

    model = ReturnVisit
    url_name = "incident_followups:visit"
    template_name = "followups/visit.html"
    context_object_name = "visit"
    heading_testid = "case-number"
    fields = (
        Column("incident.number", _("Incident"), mono=True),
        Column("incident.category.name", _("Category")),
        Column("incident.occurred_at", _("Occurred"), date_format="Y-m-d H:i"),
        Column("case.grid.name", _("Grid")),
        Column("house.address.text", _("Address")),
        Column("case.assignee.display_name", _("Officer")),
        Column("advice_given", _("Prevention advice given")),
        Column("hazard_found", _("Hazard found")),
        Column("hazard_note", _("Hazard")),
        Column("workorder_case.number", _("Work order raised"), mono=True),
    )

    def get_object(self, action: str | None = None) -> Any:
        return self.get_scoped_or_404(action=action, pk=self.kwargs["pk"])

    def get_context(self, obj: ReturnVisit) -> dict[str, Any]:
        can_visit = "visit" in {t.name for t in available(obj.case, self.request.user).transitions}
        return {"case": obj.case, "form": ChecklistForm(), "can_visit": can_visit}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        visit = self.get_object()
        form = ChecklistForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            data = {
                "advice_given": bool(d["advice_given"]),
                "hazard_found": bool(d["hazard_found"]),
                "hazard_note": d["hazard_note"],
                "department": d["department"].pk if d["department"] else None,
                "note": d["note"],
            }
            try:
                case_move(by=actor(request), case=visit.case, transition="visit", data=data)
            except ServiceError as exc:
                service_error_to_messages(request, exc)
            else:
                messages.success(request, str(_("Return visit recorded.")))
        return redirect(visit.get_absolute_url())


class IncidentToCaseView(ObjectEditView):
    """One step from a non-police call (非警务警情) to a dispute or a work order."""

    model = IncidentCase
    required_action = "add"
    form_class = ToCaseForm
    title = _("Turn the call into a dispute or a work order")
    submit_label = _("Open the case")
    success_message = _("The case is open and linked to the incident.")
    testid = "to-case"

    def get_object(self) -> Any:
        incident = Incident.objects.restrict(self.request.user, "view").filter(pk=self.kwargs["pk"]).first()
        if incident is None:
            raise Http404
        return incident

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return ToCaseForm(data)

    def get_context(self, obj: Any, form: BaseForm) -> dict[str, Any]:
        return {"incident": obj}

    def save(self, form: BaseForm, obj: Incident) -> IncidentCase:
        d = form.cleaned_data
        return services.incident_case_open(
            by=actor(self.request),
            incident_id=obj.pk,
            kind=d["kind"],
            department=d["department"],
            dispute_kind=d["dispute_kind"],
            title=d["title"],
        )

    def success_url(self, result: IncidentCase) -> str:
        return case_url(result.case)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.get_form(obj, request.POST)
        if form.is_valid():
            try:
                result = self.save(form, obj)
            except NotFound:
                raise Http404 from None
            except ServiceError as exc:
                service_error_to_form(form, exc)
            else:
                messages.success(request, str(self.success_message))
                return redirect(self.success_url(result))
        return self.respond(obj, form)


class BulletinListView(ObjectListView):
    model = Bulletin
    url_name = "incident_followups:bulletins"
    title = _("Incident bulletins")
    table_testid = "bulletins"
    empty_message = _("No bulletins.")
    audit_reads = False  # counts and advice only: no personal data
    columns = (
        Column("title", _("Title"), link="incident_followups:bulletin", title=True),
        Column("community.name", _("Community")),
        Column("period_start", _("From")),
        Column("period_end", _("To")),
        Column("status", _("Status")),
        Column("published_at", _("Published"), date_format="Y-m-d H:i"),
    )
    actions = (Action(_("Draft a bulletin"), "incident_followups:bulletin_add", "add", "get", "primary", with_pk=False,
                      testid="bulletin-add"),)  # fmt: skip

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("community")


class BulletinView(ObjectView):
    """The bulletin as residents read it (a preview while it is a draft), with publish."""

    model = Bulletin
    url_name = "incident_followups:bulletin"
    template_name = "followups/bulletin.html"
    context_object_name = "bulletin"
    audit_reads = False
    fields = (
        Column("community.name", _("Community")),
        Column("period_start", _("From")),
        Column("period_end", _("To")),
        Column("status", _("Status")),
    )

    def get_actions(self, obj: Bulletin) -> list[Action]:
        if obj.status != BulletinStatus.DRAFT:
            return []
        return [
            Action(_("Publish"), "incident_followups:bulletin_publish", "change", "post", "primary", testid="publish")
        ]


class BulletinPublishView(RecordActionView):
    model = Bulletin
    load_first = True
    success_message = _("Published and sent to the roster and volunteers.")
    redirect_to = "incident_followups:bulletin"

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> None:
        bulletins.bulletin_publish(by=actor(request), bulletin_id=pk)


class BulletinDraftView(ObjectEditView):
    model = Bulletin
    url_name = "incident_followups:bulletin_add"
    required_action = "add"
    title = _("Draft an incident bulletin")
    submit_label = _("Preview")
    success_message = _("Draft saved: check the preview, then publish.")
    testid = "bulletin"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return BulletinForm(data, communities=bulletins.communities_in_scope(self.request.user, "add"))

    def save(self, form: BaseForm, obj: Any) -> Bulletin:
        return bulletins.bulletin_draft(by=actor(self.request), **form.cleaned_data)

    def success_url(self, result: Bulletin) -> str:
        return result.get_absolute_url()


class FiguresView(ScopedPage):
    """Incident figures of an area the viewer may see, for a period (default: last month)."""

    model = Incident
    url_name = "incident_followups:figures"
    template_name = "followups/figures.html"
    title = _("Incident figures")
    audit_reads = False  # counts only

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not any(
            g.role in FIGURE_ROLES for g in grants(request.user)
        ):  # the page is for the police and their leaders, whatever else may read incidents
            self.deny("view", request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = FiguresForm(request.GET or None)
        node: Node | None = figures.default_node(request.user)
        roots = figures.area_choices(request.user)
        period = figures.default_period()
        if form.is_bound and form.is_valid():
            ref = form.cleaned_data["node"]
            if ref:
                try:
                    node = figures.figures_node(request.user, ref)
                except NotFound:
                    raise Http404 from None
            if form.cleaned_data["start"]:
                period = figures.Period(form.cleaned_data["start"], form.cleaned_data["end"])
        data = figures.incident_figures(viewer=request.user, node=node, period=period) if node else None
        return render(
            request,
            self.template_name,
            {"view": self, "title": self.title, "form": form, "node": node, "figures": data, "roots": roots},
        )
