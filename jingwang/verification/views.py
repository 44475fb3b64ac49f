"""Verification pages: the phone-sized check (核查), watch lists and their entries, past checks.
Every read of personal data leaves an audit event; the pages call the same services as the API."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from jingwang.core.access import has_permission, scope_grants
from jingwang.core.errors import ServiceError
from jingwang.territory.models import Node
from jingwang.territory.scope import node_in_scope
from jingwang.verification.forms import EntryForm, ImportForm, VerifyForm, WatchListForm
from jingwang.verification.models import CheckHit, VerificationCheck, WatchEntry, WatchList
from jingwang.verification.services import imports, watchlists
from jingwang.verification.services.checks import verify_check
from jingwang.web.generic import (
    Action,
    Column,
    ObjectListView,
    ObjectView,
    ScopedPage,
    paginate,
    service_error_to_messages,
)


def _errors(request: HttpRequest, exc: ServiceError) -> None:
    service_error_to_messages(request, exc)


class VerifyPageView(ScopedPage):
    """The field check: an ID field, or name + birth date, and one big result card."""

    model = VerificationCheck
    required_action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "verification/check.html", {"form": VerifyForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = VerifyForm(request.POST)
        result = None
        if form.is_valid():
            d = form.cleaned_data
            try:
                result = verify_check(
                    actor=request.user,
                    id_number=d["id_number"],
                    name=d["name"],
                    birth_date=d["birth_date"],
                    lat=d.get("lat"),
                    lng=d.get("lng"),
                    purpose=d["purpose"],
                ).as_json()
            except ServiceError as exc:
                _errors(request, exc)
        return render(
            request,
            "verification/check.html",
            {
                "form": VerifyForm(initial={"purpose": form.data.get("purpose", "")}) if result else form,
                "result": result,
            },
        )


def _keeper_nodes(user: Any) -> list[Node]:
    ids = {g.node_id for g in scope_grants(user, WatchList, "add")}
    return list(Node.objects.filter(pk__in=ids).order_by("path"))


class WatchListsView(ObjectListView):
    model = WatchList
    url_name = "verification:lists"
    template_name = "verification/lists.html"
    audit_reads = False  # the lists, not their entries
    form: WatchListForm | None = None

    def refine(self, queryset: Any) -> Any:
        return queryset.filter(is_active=True).select_related("node", "owner").order_by("-id")

    def get_context(self, **context: Any) -> dict[str, Any]:
        form = self.form
        can_add = has_permission(self.request.user, WatchList, "add")
        if can_add and form is None:
            form = WatchListForm(nodes=_keeper_nodes(self.request.user))
        return {**context, "lists": context["rows"], "form": form if can_add else None}

    def post(self, request: HttpRequest) -> HttpResponseBase:
        if not has_permission(request.user, WatchList, "add"):
            self.deny("add")
        nodes = _keeper_nodes(request.user)
        form = WatchListForm(request.POST, nodes=nodes)
        if form.is_valid():
            d = form.cleaned_data
            node = next(n for n in nodes if str(n.pk) == d["node"])
            try:
                created = watchlists.watchlist_create(
                    by=request.user,
                    name=d["name"],
                    category=d["category"],
                    legal_basis=d["legal_basis"],
                    node=node,
                    review_period_days=d["review_period_days"],
                )
            except ServiceError as exc:
                _errors(request, exc)
            else:
                return redirect("verification:list", pk=created.pk)
        self.form = form
        return self.get(request)


class WatchListView(ObjectView):
    """One list: its entries (in force, lapsed, removed), add one, import a CSV, renew, remove."""

    model = WatchList
    url_name = "verification:list"
    template_name = "verification/list.html"
    lookup = {"is_active": True}
    context_object_name = "watchlist"
    audit_reads = False  # its entries are audited instead
    report: Any = None

    def get_context(self, obj: Any) -> dict[str, Any]:
        request = self.request
        entries = (
            WatchEntry.objects.restrict(request.user, "view")
            .filter(watchlist=obj)
            .order_by("-is_active", "review_date", "-id")
        )
        page = paginate(request, entries, 50)
        self.audit(object_type="verification.watchentry", query={"watchlist": obj.pk}, count=len(page.object_list))

        def may(action: str) -> bool:  # lists kept above the user's scope are read-only to them
            return node_in_scope(request.user, obj.node, WatchEntry, action)

        can_add = may("add")
        return {
            "page": page,
            "today": timezone.localdate(),
            "sensitive": has_permission(request.user, WatchEntry, "sensitive"),
            "can_add": can_add,
            "can_change": may("change"),
            "can_remove": may("delete"),
            "entry_form": EntryForm() if can_add else None,
            "import_form": ImportForm() if can_add else None,
            "report": self.report,
        }

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        self.get_object()
        op = request.POST.get("op", "")
        try:
            if op == "add":
                form = EntryForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("Some fields are invalid."))
                else:
                    watchlists.entry_add(by=request.user, watchlist_id=pk, **form.cleaned_data)
                    messages.success(request, _("Added to the list."))
            elif op == "import":
                upload = ImportForm(request.POST, request.FILES)
                if not upload.is_valid():
                    messages.error(request, _("Choose a CSV file."))
                else:
                    d = upload.cleaned_data
                    report = imports.entries_import_upload(
                        by=request.user,
                        watchlist_id=pk,
                        upload=d["file"],
                        default_instruction=d["default_instruction"],
                        dry_run=d["dry_run"],
                    )
                    self.report = report
                    return self.get(request, pk=pk)
            elif op in ("renew", "remove"):
                entry_id = int(request.POST.get("entry", "0") or 0)
                if op == "renew":
                    watchlists.entry_renew(by=request.user, entry_id=entry_id)
                    messages.success(request, _("Renewed for another review period."))
                else:
                    watchlists.entry_remove(by=request.user, entry_id=entry_id, reason=request.POST.get("reason", ""))
                    messages.success(request, _("Removed from the list."))
        except ServiceError as exc:
            _errors(request, exc)
        return redirect("verification:list", pk=pk)


def _asked(check: VerificationCheck) -> str:
    """What the check asked: the masked ID number, or the name and birth date."""
    if check.id_number_masked:
        return check.id_number_masked
    born = check.query_birth_date.strftime("%Y-%m-%d") if check.query_birth_date else ""
    return f"{check.query_name} {born}".strip()


class ChecksView(ObjectListView):
    model = VerificationCheck
    url_name = "verification:checks"
    title = _lazy("Checks")
    columns = (
        Column("checked_at", _lazy("Time"), link="verification:check-detail", date_format="Y-m-d H:i", title=True),
        Column("checked_by.display_name", _lazy("Checked by")),
        Column("id_number_masked", _lazy("Asked"), mono=True, display=_asked),
        Column("purpose", _lazy("Purpose")),
        Column("outcome", _lazy("Outcome")),
    )
    actions = (Action(_lazy("Check a person"), "verification:check", permission="add", method="get", with_pk=False),)
    empty_message = _lazy("No checks yet.")
    table_testid = "checks"

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("checked_by").order_by("-id")

    def audit_query(self) -> dict[str, Any]:
        return {}


class CheckView(ObjectView):
    model = VerificationCheck
    url_name = "verification:check-detail"
    template_name = "verification/check_detail.html"
    context_object_name = "check"

    def get_context(self, obj: Any) -> dict[str, Any]:
        hits = CheckHit.objects.filter(check_record=obj).select_related("entry__watchlist").order_by("id")
        return {"hits": hits, "sensitive": has_permission(self.request.user, WatchEntry, "sensitive")}
