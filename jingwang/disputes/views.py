"""Dispute pages: the ledger (台账) with filters and export, the phone-sized report form, a
dispute's page with its workflow forms and timeline, the agreement download, re-screening
checklists and the figures. Every read of personal data leaves an audit event."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from jingwang.accounts.models import User
from jingwang.accounts.stepup import page_step_up
from jingwang.audit.selectors import audit_read
from jingwang.casework.columns import CaseColumn
from jingwang.casework.rules import available
from jingwang.casework.workflow import type_services
from jingwang.core import identity, uploads
from jingwang.core.access import has_permission
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.roles import Role
from jingwang.core.views import ScopedPageMixin
from jingwang.disputes import forms as f
from jingwang.disputes.casetypes import DISPUTE
from jingwang.disputes.exports import DISPUTE_COLUMNS
from jingwang.disputes.filters import DisputeFilterSet
from jingwang.disputes.models import Dispute, DisputeKind, ScreeningItem, ScreeningRound, Status
from jingwang.disputes.selectors import access_dispute_by_id, dispute_figures, dispute_list, figures_total
from jingwang.disputes.services import flow, intake, mediation, screening
from jingwang.notifications.services import leaders_over
from jingwang.registry.models import Person
from jingwang.registry.services.persons import id_index
from jingwang.territory.models import Node
from jingwang.territory.selectors import grids_in_scope
from jingwang.web.generic import Action, BoundAction, Column, ObjectListView


def _errors(request: HttpRequest, exc: ServiceError, form: Any = None) -> None:
    if form is not None and exc.fields:
        for field, problems in exc.fields.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, str(problem))
        return
    messages.error(request, str(exc.message))
    for problems in exc.fields.values():
        for problem in problems:
            messages.error(request, str(problem))


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
        Column("case.number", gettext_lazy("Number"), mono=True),
        Column("opened_at", gettext_lazy("Reported at"), date_format="Y-m-d H:i"),
        Column("case.title", gettext_lazy("Title"), link="disputes:detail", title=True),
        Column("kind", gettext_lazy("Type")),
        Column("risk", gettext_lazy("Risk level")),
        Column("grid.name", gettext_lazy("Grid")),
        Column("status", gettext_lazy("Status"), badge="info"),
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


class ReportView(ScopedPageMixin, View):
    """The field form: a grid worker reports a dispute from a phone."""

    model = Dispute
    required_action = "add"

    def _render(self, request: HttpRequest, form: f.ReportForm) -> HttpResponse:
        mine = (
            Dispute.objects.restrict(request.user, "view")
            .filter(reported_by=request.user.pk)
            .order_by("-opened_at", "-id")[:10]
        )
        return render(request, "disputes/report.html", {"form": form, "mine": mine})

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._render(request, f.ReportForm(grids=grids_in_scope(request.user, Dispute, "add")))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = f.ReportForm(request.POST, grids=grids_in_scope(request.user, Dispute, "add"))
        if form.is_valid():
            d = form.cleaned_data
            parties = [
                intake.PartyIn(role=role, name=d[f"{role}_name"], phone=d[f"{role}_phone"])
                for role in ("applicant", "respondent")
                if d[f"{role}_name"].strip()
            ]
            try:
                dispute = intake.dispute_report(
                    by=request.user,
                    data={k: d[k] for k in ("title", "summary", "kind", "scale", "people_involved", "risk", "place")},
                    source=d["source"],
                    grid=d["grid"],
                    parties=parties,
                )
            except ServiceError as exc:
                _errors(request, exc, form)
            else:
                messages.success(request, _("Reported. The community officer has been told."))
                return redirect("disputes:detail", pk=dispute.pk)
        return self._render(request, form)


def _people_over(grid: Node, role: str) -> Any:

    return User.objects.filter(pk__in=[u.pk for u in leaders_over(grid, role)]).order_by("display_name")


OFFICER = Role.COMMUNITY_OFFICER
ACTIONS = ("party", "accept", "refer", "hand_back", "session", "resolve", "visit", "close", "reopen")


class DetailView(ScopedPageMixin, View):
    """One dispute: facts, parties, sessions, return visits, the workflow forms the viewer may use,
    the deadline badge, the timeline and the leaders' supervision forms."""

    model = Dispute

    def _dispute(self, request: HttpRequest, pk: int) -> Dispute:
        try:
            return access_dispute_by_id(request.user, pk)
        except NotFound:
            raise Http404 from None

    def get(self, request: HttpRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
        dispute = self._dispute(request, pk)
        audit_read(viewer=request.user, object_type="disputes.dispute", object_id=str(pk))
        user = request.user
        may = {a: has_permission(user, Dispute, a) for a in ("add", "handle", "mediate", "visit")}
        is_holder = (dispute.status == Status.REFERRED and dispute.mediator_id == user.pk) or (
            dispute.status == Status.HANDLING and dispute.officer_id == user.pk
        )
        # Who may move the dispute is the case type's declaration (roles, states, guards), read
        # as the dispute's own services take it.
        with type_services():
            moves = {t.name for t in available(dispute.case, user).transitions}
        show = {
            **{t.name: t.name in moves for t in DISPUTE.transitions},
            "party": dispute.is_open and (may["add"] or may["handle"]),
            "session": may["mediate"] and is_holder,
            "visit": may["visit"] and dispute.status == Status.RESOLVED,
        }
        forms = forms or {}
        context = {
            "d": dispute,
            "case": dispute.case,
            "parties": dispute.parties.select_related("person").order_by("id"),
            "sessions": dispute.sessions.select_related("recorded_by"),
            "visits": dispute.return_visits.select_related("visited_by"),
            "show": show,
            "can_see_registry": has_permission(user, "registry.person", "view"),
            "can_reveal": Dispute.objects.restrict(user, "reveal").filter(pk=dispute.pk).exists(),
            "revealed": request.session.pop(f"dispute-revealed-{pk}", None),
            "party_form": forms.get("party") or f.PartyForm(),
            "accept_form": forms.get("accept")
            or f.AcceptForm(officers=_people_over(dispute.grid, Role.COMMUNITY_OFFICER)),
            "refer_form": forms.get("refer") or f.ReferForm(mediators=_people_over(dispute.grid, Role.MEDIATOR)),
            "session_form": forms.get("session") or f.SessionForm(),
            "resolve_form": forms.get("resolve") or f.ResolveForm(),
            "visit_form": forms.get("visit") or f.VisitForm(),
            "note_form": f.NoteForm(),
        }
        return render(request, "disputes/detail.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        dispute = self._dispute(request, pk)
        do = request.POST.get("do", "")
        if do == "reveal":
            return self.reveal(request, dispute)
        if do not in ACTIONS:
            raise Http404
        try:
            form = getattr(self, f"do_{do}")(request, dispute)
        except NotFound:
            raise Http404 from None
        except ServiceError as exc:
            _errors(request, exc)
            form = None
        if form is not None:  # invalid input: show the page again with the form's errors
            return self.get(request, pk, forms={do: form})
        return redirect("disputes:detail", pk=pk)

    def reveal(self, request: HttpRequest, d: Dispute) -> HttpResponse:
        """A party's full phone number for a stated purpose: password again when not recent;
        shown once, on the next view of the page, never in a URL or a log."""
        if (confirm := page_step_up(request, next_url=request.path)) is not None:
            return confirm
        party = request.POST.get("party", "")
        if not party.isdigit() or not d.parties.filter(pk=int(party)).exists():
            raise Http404
        try:
            value = intake.party_reveal_phone(
                by=request.user, party_id=int(party), purpose=request.POST.get("purpose", "")
            )
        except NotFound:
            raise Http404 from None
        except ServiceError as exc:
            _errors(request, exc)
        else:
            request.session[f"dispute-revealed-{d.pk}"] = {"party": int(party), "value": value}
        return redirect("disputes:detail", pk=d.pk)

    # Each action returns None when done (or refused with a message), or the invalid form.
    def do_party(self, request: HttpRequest, d: Dispute) -> Any:
        form = f.PartyForm(request.POST)
        if not form.is_valid():
            return form
        v = form.cleaned_data
        person_id = None
        if v["id_number"].strip():
            person_id = _registered_person(request.user, v["id_number"])
            if person_id is None:
                form.add_error("id_number", _("No such person in your area of the registry."))
                return form
        intake.party_add(
            by=request.user,
            dispute_id=d.pk,
            party=intake.PartyIn(role=v["role"], person_id=person_id, name=v["name"], phone=v["phone"], note=v["note"]),
        )
        messages.success(request, _("Party added."))
        return None

    def do_accept(self, request: HttpRequest, d: Dispute) -> Any:
        form = f.AcceptForm(request.POST, officers=_people_over(d.grid, Role.COMMUNITY_OFFICER))
        if not form.is_valid():
            return form
        flow.dispute_accept(by=request.user, dispute_id=d.pk, officer=form.cleaned_data["officer"],
                            note=form.cleaned_data["note"])  # fmt: skip
        messages.success(request, _("Accepted."))
        return None

    def do_refer(self, request: HttpRequest, d: Dispute) -> Any:
        form = f.ReferForm(request.POST, mediators=_people_over(d.grid, Role.MEDIATOR))
        if not form.is_valid():
            return form
        flow.dispute_refer(by=request.user, dispute_id=d.pk, mediator=form.cleaned_data["mediator"],
                           note=form.cleaned_data["note"])  # fmt: skip
        messages.success(request, _("Referred to the mediator."))
        return None

    def do_hand_back(self, request: HttpRequest, d: Dispute) -> Any:
        flow.dispute_hand_back(by=request.user, dispute_id=d.pk, note=request.POST.get("note", ""))
        messages.success(request, _("Handed back to the officer."))
        return None

    def do_session(self, request: HttpRequest, d: Dispute) -> Any:
        form = f.SessionForm(request.POST, request.FILES)
        if not form.is_valid():
            return form
        v = form.cleaned_data
        mediation.session_record(
            by=request.user,
            dispute_id=d.pk,
            held_at=v["held_at"],
            participants=v["participants"],
            notes=v["notes"],
            place=v["place"],
            agreement=v.get("agreement") or None,
        )
        messages.success(request, _("Session recorded."))
        return None

    def do_resolve(self, request: HttpRequest, d: Dispute) -> Any:
        form = f.ResolveForm(request.POST)
        if not form.is_valid():
            return form
        flow.dispute_resolve(by=request.user, dispute_id=d.pk, **form.cleaned_data)
        messages.success(request, _("Outcome recorded."))
        return None

    def do_visit(self, request: HttpRequest, d: Dispute) -> Any:
        form = f.VisitForm(request.POST)
        if not form.is_valid():
            return form
        mediation.return_visit_record(by=request.user, dispute_id=d.pk, **form.cleaned_data)
        messages.success(request, _("Return visit recorded."))
        return None

    def do_close(self, request: HttpRequest, d: Dispute) -> Any:
        flow.dispute_close(by=request.user, dispute_id=d.pk, note=request.POST.get("note", ""))
        messages.success(request, _("Closed."))
        return None

    def do_reopen(self, request: HttpRequest, d: Dispute) -> Any:
        flow.dispute_reopen(by=request.user, dispute_id=d.pk, note=request.POST.get("note", ""))
        messages.success(request, _("Reopened."))
        return None


def _registered_person(user: Any, id_number: str) -> int | None:
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


class AgreementView(ScopedPageMixin, View):
    """A session's signed agreement (scope checked first; audited; served as uploads serve files)."""

    model = Dispute

    def get(self, request: HttpRequest, pk: int, session_id: int) -> HttpResponseBase:
        try:
            dispute = access_dispute_by_id(request.user, pk)
            session = mediation.agreement_read(by=request.user, session_id=session_id)
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
                created = screening.screening_generate(by=request.user)
                messages.success(request, _("%(n)d checklists created.") % {"n": created})
            else:
                item = request.POST.get("item", "")
                if not item.isdigit():
                    raise Http404
                screening.screening_item_check(
                    by=request.user, item_id=int(item), finding=request.POST.get("finding", "")
                )
                messages.success(request, _("Checked."))
        except NotFound:
            raise Http404 from None
        except ServiceError as exc:
            _errors(request, exc)
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
