"""Work order pages, declared on the generic pages: the inbox (filtered as the API filters), the
raise form from a phone, the order with its steps, files (the case's) and the case type's actions."""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from jingwang.casework.columns import CaseColumn
from jingwang.casework.models import Case
from jingwang.core.errors import ServiceError
from jingwang.core.types import actor
from jingwang.territory.selectors import grids_in_scope
from jingwang.web.generic import Action, Column, ObjectEditView, ObjectListView, ObjectView
from jingwang.workorders import services
from jingwang.workorders.filters import WorkOrderFilterSet
from jingwang.workorders.forms import RaiseForm
from jingwang.workorders.models import WorkOrder
from jingwang.workorders.selectors import workorder_list


class WorkOrderListView(ObjectListView):
    """The department's inbox (orders to its departments) or, for raisers, the orders in scope;
    open orders when no filter is chosen."""

    model = WorkOrder
    selector = staticmethod(workorder_list)
    url_name = "workorders:list"
    title = _("Work orders (吹哨报到)")
    filterset_class = WorkOrderFilterSet
    paginate_by = 30
    table_testid = "workorders"
    empty_message = _("No work orders.")
    columns = (
        Column("case.number", _("Number"), link="workorders:detail", mono=True, title=True),
        Column("case.title", _("Title")),
        CaseColumn("case", _("State"), badge="info"),
        CaseColumn("case", _("Deadline"), show="deadline"),
        Column("department.name", _("Department")),
        Column("case.grid.name", _("Grid")),
        Column("case.opened_at", _("Raised"), date_format="m-d H:i"),
    )
    actions = (
        Action(_("Blow the whistle"), "workorders:raise", "add", "get", "primary", with_pk=False, testid="raise-link"),
    )

    def filter_params(self) -> QueryDict:
        return super().filter_params() or QueryDict("open=true")


class RaiseView(ObjectEditView):
    model = WorkOrder
    url_name = "workorders:raise"
    required_action = "add"
    form_class = RaiseForm
    title = _("Blow the whistle")
    success_message = _("Whistle blown: the department has been told.")
    hint = _(
        "A problem the community cannot solve alone goes to the responsible department, which must accept, act "
        "and report back within its deadline."
    )
    submit_label = _("Send to the department")
    testid = "raise"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        initial = {k: self.request.GET[k] for k in ("source_kind", "source_number", "title") if k in self.request.GET}
        return RaiseForm(data, files, initial=initial, grids=grids_in_scope(self.request.user, WorkOrder, "add"))

    def save(self, form: BaseForm, obj: Any) -> WorkOrder:
        d = form.cleaned_data
        number = d["source_number"].strip()
        source_case = Case.objects.restrict(self.request.user).filter(number=number).first() if number else None
        if number and source_case is None:
            raise ServiceError("invalid", _("Unknown case."), fields={"source_number": [_("Unknown case.")]})
        fields = ("grid", "department", "title", "description", "location", "urgency", "source_kind")
        return services.workorder_raise(
            by=actor(self.request), source_case=source_case, files=d["photos"], **{k: d[k] for k in fields}
        )

    def success_url(self, result: WorkOrder) -> str:
        return result.get_absolute_url()


class WorkOrderDetailView(ObjectView):
    """The order, its steps and evidence; the actions are the case type's (casework partials)."""

    model = WorkOrder
    selector = staticmethod(workorder_list)
    url_name = "workorders:detail"
    template_name = "workorders/detail.html"
    context_object_name = "order"
    heading_testid = "case-number"
    fields = (
        Column("department.name", _("Department")),
        Column("department.phone", _("Phone"), mono=True),
        Column("case.grid.name", _("Grid")),
        Column("location", _("Where")),
        Column("case.opened_by.display_name", _("Raised by")),
        Column("case.opened_at", _("Raised"), date_format="Y-m-d H:i"),
        Column("source_kind", _("Source")),
        Column("reopen_count", _("Times reopened")),
    )

    def get_context(self, obj: WorkOrder) -> dict[str, Any]:
        return {"case": obj.case}
