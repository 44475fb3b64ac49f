"""Dispute pages: the ledger (台账) with filters and export, the phone-sized report form, a
dispute's page with its workflow forms and timeline, the agreement download, re-screening
checklists and the figures. Every read of personal data leaves an audit event."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib import messages
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from jingwang.accounts.stepup import page_step_up
from jingwang.casework.columns import CaseColumn
from jingwang.core import identity, uploads
from jingwang.core.access import has_permission
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.types import Viewer, actor
from jingwang.core.views import ScopedPageMixin
from jingwang.disputes import forms as f
from jingwang.disputes.exports import DISPUTE_COLUMNS
from jingwang.disputes.filters import DisputeFilterSet
from jingwang.disputes.models import Dispute, DisputeKind, ScreeningItem, ScreeningRound, Status
from jingwang.disputes.selectors import dispute_figures, dispute_list, figures_total
from jingwang.disputes.services import intake, mediation, screening
from jingwang.registry.models import Person
from jingwang.registry.services.persons import id_index
from jingwang.territory.selectors import grids_in_scope
from jingwang.web.generic import (
    Action,
    BoundAction,
    Column,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    ScopedPage,
    service_error_to_messages,
)


class LedgerView(ObjectListView):
    """台账: every dispute in scope, newest first, filtered; CSV/xlsx export (password again) in the
    export scope."""

    model = Dispute
    url_name = "disputes:ledger"
    title = gettext_lazy("Dispute ledger")
    filterset_class = DisputeFilterSet
    table_testid = "dispute-table"
    empty_message = gettext_lazy("No disputes.")
    export_columns = DISPUTE_COLUMNS
    columns = (
        Column("opened_at", gettext_lazy("Reported at"), date_format="Y-m-d H:i"),
        Column("case.title", gettext_lazy("Title"), link="disputes:detail", title=True),
        Column("kind", gettext_lazy("Type")),
        Column("risk", gettext_lazy("Risk level")),
        Column("grid.name", gettext_lazy("Grid")),
        CaseColumn("case", gettext_lazy("Deadline"), show="deadline"),
    )
    actions = (
        Action(
            gettext_lazy("Report a dispute"), "disputes:report", "add", "get", with_pk=False, testid="report-dispute"
        ),
        Action(gettext_lazy("Figures"), "disputes:figures", "view", "get", with_pk=False),
    )

    def queryset(self, action: str | None = None) -> Any:
        return dispute_list(viewer=self.request.user, action=action or self.required_action)

    def get_context(self, **context: Any) -> dict[str, Any]:
        # Re-screening is offered only to whom may follow the link (a mediator has none).
        if has_permission(self.request.user, ScreeningRound, "view"):
            url = reverse("disputes:screening")
            screening_link = BoundAction(gettext_lazy("Re-screening"), url, "get", "", {}, "screening-link")
            context["actions"] = [*context["actions"], screening_link]
        return context


class ReportView(ObjectEditView):
    """The field form: a grid worker reports a dispute from a phone (their last reports below)."""

    model = Dispute
    required_action = "add"
    template_name = "disputes/report.html"
    title = gettext_lazy("Report a dispute")
    success_message = gettext_lazy("Reported. The community officer has been told.")
    submit_label = gettext_lazy("Report")
    testid = "report"

    def get_form(self, obj: None, data: Any = None, files: Any = None) -> BaseForm:
        return f.ReportForm(data, grids=grids_in_scope(self.request.user, Dispute, "add"))

    def save(self, form: BaseForm, obj: None) -> Dispute:
        d = form.cleaned_data
        parties = [
            intake.PartyIn(role=role, name=d[f"{role}_name"], phone=d[f"{role}_phone"])
            for role in ("applicant", "respondent")
            if d[f"{role}_name"].strip()
        ]
        fields = ("title", "summary", "kind", "scale", "people_involved", "risk", "place")
        return intake.dispute_report(
            by=actor(self.request), data={k: d[k] for k in fields}, source=d["source"], grid=d["grid"], parties=parties
        )

    def success_url(self, result: Dispute) -> str:
        return reverse("disputes:detail", args=[result.pk])

    def get_context(self, obj: None, form: BaseForm) -> dict[str, Any]:
        mine = self.scoped().filter(reported_by=actor(self.request).pk).order_by("-opened_at", "-id")[:10]
        return {"mine": mine}


class DetailView(ObjectView):
    """One dispute: its facts, parties, sessions and return visits; the case type's actions (the
    transitions this user may take now, comment, supervise, delays) and the timeline."""

    model = Dispute
    url_name = "disputes:detail"
    template_name = "disputes/detail.html"
    context_object_name = "d"
    fields = (
        Column("kind", gettext_lazy("Type")),
        Column("source", gettext_lazy("Intake source")),
        Column("scale", gettext_lazy("Scale")),
        Column("people_involved", gettext_lazy("People involved")),
        Column("risk", gettext_lazy("Risk level")),
        Column("opened_at", gettext_lazy("Reported at"), date_format="Y-m-d H:i"),
        Column("grid.name", gettext_lazy("Grid")),
        Column(
            "",
            gettext_lazy("Place"),
            display=lambda d: " ".join(filter(None, [d.address and d.address.canonical, d.place])),
        ),
        Column("case.assignee.display_name", gettext_lazy("Handling officer")),
        Column("mediator.display_name", gettext_lazy("Mediator")),
        Column("outcome", gettext_lazy("Outcome")),
        Column("outcome_note", gettext_lazy("Outcome note")),
    )
    actions = (
        Action(gettext_lazy("Add a party"), "disputes:party", "view", "get", testid="party-link",
               when=lambda d: d.is_open),
        Action(gettext_lazy("Record a session"), "disputes:session", "mediate", "get", testid="session-link",
               when=lambda d: d.status in (Status.HANDLING, Status.REFERRED)),
        Action(gettext_lazy("Record a return visit"), "disputes:visit", "visit", "get", testid="visit-link",
               when=lambda d: d.status == Status.RESOLVED),
    )  # fmt: skip

    def get_actions(self, obj: Dispute) -> Sequence[Action]:
        # A session is recorded by whoever holds the dispute; parties are added by the reporting
        # roles and the handlers (the services check both again).
        user = self.request.user
        holds = (obj.mediator_id if obj.status == Status.REFERRED else obj.officer_id) == user.pk
        adds = has_permission(user, Dispute, "add") or has_permission(user, Dispute, "handle")
        hidden = {"disputes:session": not holds, "disputes:party": not adds}
        return [a for a in self.actions if not hidden.get(a.url_name)]

    def get_context(self, obj: Dispute) -> dict[str, Any]:
        user = self.request.user
        return {
            "case": obj.case,
            "parties": obj.parties.select_related("person").order_by("id"),
            "sessions": obj.sessions.select_related("recorded_by"),
            "visits": obj.return_visits.select_related("visited_by"),
            "can_see_registry": has_permission(user, "registry.person", "view"),
            "can_reveal": Dispute.objects.restrict(user, "reveal").filter(pk=obj.pk).exists(),
            "revealed": self.request.session.pop(f"dispute-revealed-{obj.pk}", None),
        }


class _DisputeForm(ObjectEditView):
    """A form about one dispute (a party, a session, a return visit), back to its page."""

    model = Dispute
    required_action = "view"

    def get_title(self) -> Any:
        return f"{self.title} · {self.get_object()}"

    def success_url(self, result: Any) -> str:
        return reverse("disputes:detail", args=[self.kwargs["pk"]])


class PartyView(_DisputeForm):
    form_class = f.PartyForm
    title = gettext_lazy("Add a party")
    success_message = gettext_lazy("Party added.")
    testid = "party"

    def save(self, form: BaseForm, obj: Dispute) -> Any:
        v = form.cleaned_data
        person_id = None
        if v["id_number"].strip():
            person_id = _registered_person(self.request.user, v["id_number"])
            if person_id is None:
                unknown = _("No such person in your area of the registry.")
                raise ServiceError("invalid", _("Some fields are invalid."), fields={"id_number": [unknown]})
        party = intake.PartyIn(role=v["role"], person_id=person_id, name=v["name"], phone=v["phone"], note=v["note"])
        return intake.party_add(by=actor(self.request), dispute_id=obj.pk, party=party)


class SessionView(_DisputeForm):
    required_action = "mediate"
    form_class = f.SessionForm
    title = gettext_lazy("Record a session")
    success_message = gettext_lazy("Session recorded.")
    testid = "session"

    def save(self, form: BaseForm, obj: Dispute) -> Any:
        v = form.cleaned_data
        return mediation.session_record(
            by=actor(self.request), dispute_id=obj.pk, held_at=v["held_at"], participants=v["participants"],
            notes=v["notes"], place=v["place"], agreement=v.get("agreement") or None,
        )  # fmt: skip


class VisitView(_DisputeForm):
    required_action = "visit"
    form_class = f.VisitForm
    title = gettext_lazy("Record a return visit")
    success_message = gettext_lazy("Return visit recorded.")
    testid = "visit"

    def save(self, form: BaseForm, obj: Dispute) -> Any:
        return mediation.return_visit_record(by=actor(self.request), dispute_id=obj.pk, **form.cleaned_data)


class RevealView(ScopedPage):
    """A party's full phone number for a stated purpose: password again when not recent; shown
    once, on the next view of the dispute's page, never in a URL or a log."""

    model = Dispute
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        d = self.get_scoped_or_404(pk=pk)
        if (confirm := page_step_up(request, next_url=reverse("disputes:detail", args=[pk]))) is not None:
            return confirm
        party = request.POST.get("party", "")
        if not party.isdigit() or not d.parties.filter(pk=int(party)).exists():
            raise Http404
        try:
            purpose = request.POST.get("purpose", "")
            value = intake.party_reveal_phone(by=actor(request), party_id=int(party), purpose=purpose)
        except NotFound:
            raise Http404 from None
        except ServiceError as exc:
            service_error_to_messages(request, exc)
        else:
            request.session[f"dispute-revealed-{d.pk}"] = {"party": int(party), "value": value}
        return redirect("disputes:detail", pk=d.pk)


def _registered_person(user: Viewer, id_number: str) -> int | None:
    """The registered person (in the user's scope) with this ID number, by its blind index."""

    check = identity.check_id_number(id_number.strip())
    if not check.valid:
        return None
    return (
        Person.objects.restrict(user, "view")
        .filter(id_number_index=id_index(check.normalized), is_active=True)
        .values_list("pk", flat=True)
        .first()
    )


class AgreementView(ScopedPage):
    """A session's signed agreement (scope checked first; audited; served as uploads serve files)."""

    model = Dispute

    def get(self, request: HttpRequest, pk: int, session_id: int) -> HttpResponseBase:
        dispute = self.get_scoped_or_404(pk=pk)
        try:
            session = mediation.agreement_read(by=actor(request), session_id=session_id)
        except NotFound:
            raise Http404 from None
        if session.dispute_id != dispute.pk:
            raise Http404
        return uploads.file_response(
            session.agreement.name, content_type=session.agreement_type, filename=session.agreement_name or "agreement"
        )


class ScreeningView(ScopedPageMixin, View):
    """This month's re-screening checklists of the communities in scope; lines checked off here."""

    model = ScreeningRound

    def get(self, request: HttpRequest) -> HttpResponse:
        month = screening.month_start()
        rounds = (
            ScreeningRound.objects.restrict(request.user, "view")
            .filter(month=month)
            .select_related("community")
            .prefetch_related("items__done_by", "items__dispute")
            .order_by("community__code")
        )
        return render(
            request,
            "disputes/screening.html",
            {
                "month": month,
                "rounds": rounds,
                "can_generate": has_permission(request.user, ScreeningRound, "add"),
                "can_check": has_permission(request.user, ScreeningItem, "check"),
                "form": f.CheckForm(),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            if request.POST.get("do") == "generate":
                created = screening.screening_generate(by=actor(request))
                messages.success(request, _("%(n)d checklists created.") % {"n": created})
            else:
                item = request.POST.get("item", "")
                if not item.isdigit():
                    raise Http404
                screening.screening_item_check(
                    by=actor(request), item_id=int(item), finding=request.POST.get("finding", "")
                )
                messages.success(request, _("Checked."))
        except NotFound:
            raise Http404 from None
        except ServiceError as exc:
            service_error_to_messages(request, exc)
        return redirect("disputes:screening")


class FiguresView(ScopedPageMixin, View):
    """By type, resolution rate, average time and overdue count per community or police district."""

    model = Dispute

    def get(self, request: HttpRequest) -> HttpResponse:

        by = "district" if request.GET.get("by") == "district" else "community"
        filters = DisputeFilterSet(request.GET or None, queryset=dispute_list(viewer=request.user), request=request)
        rows = dispute_figures(viewer=request.user, queryset=filters.qs, by=by)
        return render(
            request,
            "disputes/figures.html",
            {"rows": rows, "total": figures_total(rows), "by": by, "kinds": DisputeKind.choices, "filters": filters},
        )
