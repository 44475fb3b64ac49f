"""Patrol pages (phone-first): the patrols, a patrol with its check-ins and what it raised, the
plan form, the check-in (the device's location), finishing, and raising a hazard, a dispute or a
work order on the spot. The patrol of an action page comes as `?patrol=` (a form field on POST)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from jingwang.casework.services import case_url
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.disputes.models import Dispute
from jingwang.disputes.services import intake
from jingwang.hazards.forms import HazardReportForm
from jingwang.hazards.models import Hazard
from jingwang.hazards.services import hazard_report
from jingwang.patrols import services
from jingwang.patrols.filters import PatrolFilterSet
from jingwang.patrols.forms import CheckInForm, DisputeRaiseForm, PatrolChoiceForm, PatrolForm, WorkOrderRaiseForm
from jingwang.patrols.models import CheckIn, Patrol, Raised, RaisedKind, Status
from jingwang.patrols.selectors import areas_for, patrol_grids
from jingwang.web.generic import Action, Column, ObjectEditView, ObjectListView, ObjectView, service_error_to_messages
from jingwang.workorders.models import WorkOrder
from jingwang.workorders.services import workorder_raise


class PatrolListView(ObjectListView):
    model = Patrol
    url_name = "patrols:list"
    title = _("Patrols (巡逻)")
    filterset_class = PatrolFilterSet
    table_testid = "patrols"
    empty_message = _("No patrols.")
    audit_reads = False  # where and when the police patrol, no personal data
    columns = (
        Column("title", _("Title"), link="patrols:detail", title=True),
        Column("kind", _("Kind")),
        Column("status", _("Status"), badge="info"),
        Column("area.name", _("Area")),
        Column("planned_start", _("Planned start"), date_format="m-d H:i"),
    )
    actions = (Action(_("Plan a patrol"), "patrols:plan", "add", "get", "primary", with_pk=False, testid="plan-link"),)

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("area").order_by("-planned_start", "-pk")


class PatrolView(ObjectView):
    """The patrol on a phone: check in (the device's location), what was seen and raised."""

    model = Patrol
    url_name = "patrols:detail"
    template_name = "patrols/patrol.html"
    context_object_name = "patrol"
    audit_reads = False
    fields = (
        Column("kind", _("Kind")),
        Column("status", _("Status")),
        Column("area.name", _("Area")),
        Column("route", _("Route")),
        Column("planned_start", _("Planned start"), date_format="Y-m-d H:i"),
        Column("planned_end", _("Planned end"), date_format="Y-m-d H:i"),
    )

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("area")

    def get_context(self, obj: Patrol) -> dict[str, Any]:
        user = self.request.user
        member = obj.members.filter(pk=user.pk).exists()
        open_ = obj.status != Status.DONE
        return {
            "members": list(obj.members.order_by("display_name")),
            "checkins": list(obj.checkins.select_related("by").order_by("at", "pk")),
            "raised": [
                (r, case_url(r.case)) for r in Raised.objects.filter(patrol=obj).select_related("case").order_by("pk")
            ],
            "may_check_in": member and open_,
            "checkin_form": CheckInForm(initial={"patrol": obj.pk}),
            "raise_links": member and open_,
        }


class PatrolPlanView(ObjectEditView):
    model = Patrol
    url_name = "patrols:plan"
    required_action = "add"
    title = _("Plan a patrol")
    submit_label = _("Save")
    success_message = _("Patrol saved.")
    testid = "patrol"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        areas = areas_for(self.request.user)
        people = services.holders_for_planner(self.request.user)
        return PatrolForm(data, files, areas=areas, people=people)

    def save(self, form: BaseForm, obj: Any) -> Patrol:
        d = form.cleaned_data
        return services.patrol_create(
            by=actor(self.request),
            title=d["title"],
            area=d["area"],
            kind=d["kind"],
            members=d["members"],
            route=d["route"],
            planned_start=d["planned_start"],
            planned_end=d["planned_end"],
        )

    def success_url(self, result: Patrol) -> str:
        return result.get_absolute_url()


class _OnPatrol(ObjectEditView):
    """An action page about one patrol in the user's view scope (404 page otherwise)."""

    def patrol(self) -> Patrol:
        raw = self.request.POST.get("patrol") or self.request.GET.get("patrol") or ""
        found = (
            Patrol.objects.restrict(self.request.user, "view").select_related("area").filter(pk=int(raw)).first()
            if raw.isdigit()
            else None
        )
        if found is None:
            raise Http404
        return found

    def get_context(self, obj: Any, form: BaseForm) -> dict[str, Any]:
        return {"patrol": self.patrol()}

    def success_url(self, result: Any) -> str:
        return self.patrol().get_absolute_url()


class CheckInView(_OnPatrol):
    model = CheckIn
    url_name = "patrols:checkin"
    required_action = "add"
    template_name = "patrols/checkin.html"
    title = _("Check in")
    success_message = _("Checked in.")
    testid = "checkin"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return CheckInForm(data, files, initial={"patrol": self.patrol().pk})

    def save(self, form: BaseForm, obj: Any) -> CheckIn:
        d = form.cleaned_data
        return services.checkin_record(
            by=actor(self.request), patrol_id=self.patrol().pk, lat=d["lat"], lon=d["lon"], seen=d["seen"]
        )


class PatrolFinishView(_OnPatrol):
    model = CheckIn
    url_name = "patrols:finish"
    required_action = "add"
    title = _("Finish the patrol")
    submit_label = _("Finish")
    success_message = _("Patrol finished.")
    testid = "finish"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return PatrolChoiceForm(data, files, initial={"patrol": self.patrol().pk})

    def save(self, form: BaseForm, obj: Any) -> Patrol:
        return services.patrol_finish(by=actor(self.request), patrol_id=self.patrol().pk)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        patrol = self.patrol()
        try:
            services.patrol_finish(by=actor(request), patrol_id=patrol.pk)
        except ServiceError as exc:
            service_error_to_messages(request, exc)
        else:
            messages.success(request, str(self.success_message))
        return redirect(patrol.get_absolute_url())


class RaiseHazardView(_OnPatrol):
    model = Raised
    url_name = "patrols:raise-hazard"
    required_action = "add"
    template_name = "patrols/raise_hazard.html"
    title = _("Raise a hazard")
    submit_label = _("Report")
    success_message = _("Hazard reported.")
    testid = "hazard"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return HazardReportForm(data, files, grids=patrol_grids(self.patrol(), self.request.user, Hazard))

    def save(self, form: BaseForm, obj: Any) -> Hazard:
        d, by = form.cleaned_data, actor(self.request)
        return services.patrol_raise(
            by=by,
            patrol_id=self.patrol().pk,
            kind=RaisedKind.HAZARD,
            make=lambda: hazard_report(
                by=by,
                grid=d["grid"],
                category=d["category"],
                description=d["description"],
                place=d["place"],
                serious=d["serious"],
                lat=d["lat"],
                lon=d["lon"],
                files=d["photos"],
            ),
            case_of=lambda h: h.case,
        )

    def success_url(self, result: Hazard) -> str:
        return result.get_absolute_url()


class RaiseDisputeView(_OnPatrol):
    model = Raised
    url_name = "patrols:raise-dispute"
    required_action = "add"
    template_name = "patrols/raise.html"
    title = _("Raise a dispute")
    submit_label = _("Report")
    success_message = _("Dispute reported.")
    testid = "dispute"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        grids = patrol_grids(self.patrol(), self.request.user, Dispute)
        return DisputeRaiseForm(data, files, grids=grids, initial={"patrol": self.patrol().pk})

    def save(self, form: BaseForm, obj: Any) -> Dispute:
        d, by = form.cleaned_data, actor(self.request)
        data = {k: d[k] for k in ("title", "kind", "summary", "place")}
        return services.patrol_raise(
            by=by,
            patrol_id=self.patrol().pk,
            kind=RaisedKind.DISPUTE,
            make=lambda: intake.dispute_report(by=by, data=data, source="grid", grid=d["grid"]),
            case_of=lambda dispute: dispute.case,
        )


class RaiseWorkOrderView(_OnPatrol):
    model = Raised
    url_name = "patrols:raise-workorder"
    required_action = "add"
    template_name = "patrols/raise.html"
    title = _("Raise a work order")
    submit_label = _("Raise")
    success_message = _("Work order raised.")
    testid = "workorder"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        grids = patrol_grids(self.patrol(), self.request.user, WorkOrder)
        return WorkOrderRaiseForm(data, files, grids=grids, initial={"patrol": self.patrol().pk})

    def save(self, form: BaseForm, obj: Any) -> WorkOrder:
        d, by = form.cleaned_data, actor(self.request)
        return services.patrol_raise(
            by=by,
            patrol_id=self.patrol().pk,
            kind=RaisedKind.WORKORDER,
            make=lambda: workorder_raise(
                by=by,
                grid=d["grid"],
                department=d["department"],
                title=d["title"],
                description=d["description"],
                location=d["location"],
            ),
            case_of=lambda order: order.case,
        )
