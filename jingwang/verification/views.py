"""Verification pages: the phone-sized check (核查), watch lists and their entries, past checks.
Every read of personal data leaves an audit event; the pages call the same services as the API."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from jingwang.audit.selectors import audit_read
from jingwang.core.access import has_permission, scope_grants
from jingwang.core.errors import ServiceError
from jingwang.core.views import ScopedPageMixin
from jingwang.territory.models import Node
from jingwang.territory.scope import node_in_scope
from jingwang.verification.forms import EntryForm, ImportForm, VerifyForm, WatchListForm
from jingwang.verification.models import CheckHit, VerificationCheck, WatchEntry, WatchList
from jingwang.verification.services import imports, watchlists
from jingwang.verification.services.checks import verify_check


def _errors(request: HttpRequest, exc: ServiceError) -> None:
    messages.error(request, str(exc.message))
    for field, problems in exc.fields.items():
        for problem in problems:
            messages.error(request, f"{field}: {problem}")


class VerifyPageView(ScopedPageMixin, View):
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


class WatchListsView(ScopedPageMixin, View):
    model = WatchList

    def get(self, request: HttpRequest, form: WatchListForm | None = None) -> HttpResponse:
        lists = self.scoped().filter(is_active=True).select_related("node", "owner").order_by("-id")
        can_add = has_permission(request.user, WatchList, "add")
        if can_add and form is None:
            form = WatchListForm(nodes=_keeper_nodes(request.user))
        return render(request, "verification/lists.html", {"lists": lists, "form": form if can_add else None})

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
        return self.get(request, form)


class WatchListView(ScopedPageMixin, View):
    """One list: its entries (in force, lapsed, removed), add one, import a CSV, renew, remove."""

    model = WatchList

    def get(self, request: HttpRequest, pk: int, report: Any = None) -> HttpResponse:
        watchlist = self.get_scoped_or_404(pk=pk, is_active=True)
        entries = (
            WatchEntry.objects.restrict(request.user, "view")
            .filter(watchlist=watchlist)
            .order_by("-is_active", "review_date", "-id")
        )
        page = Paginator(entries, 50).get_page(request.GET.get("page"))
        audit_read(
            viewer=request.user,
            object_type="verification.watchentry",
            query={"watchlist": pk},
            result_count=len(page.object_list),
        )

        def may(action: str) -> bool:  # lists kept above the user's scope are read-only to them
            return node_in_scope(request.user, watchlist.node, WatchEntry, action)

        can_add = may("add")
        return render(
            request,
            "verification/list.html",
            {
                "watchlist": watchlist,
                "page": page,
                "today": timezone.localdate(),
                "sensitive": has_permission(request.user, WatchEntry, "sensitive"),
                "can_add": can_add,
                "can_change": may("change"),
                "can_remove": may("delete"),
                "entry_form": EntryForm() if can_add else None,
                "import_form": ImportForm() if can_add else None,
                "report": report,
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        self.get_scoped_or_404(pk=pk, is_active=True)
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
                    return self.get(request, pk, report=report)
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


class ChecksView(ScopedPageMixin, View):
    model = VerificationCheck

    def get(self, request: HttpRequest) -> HttpResponse:
        checks = self.scoped().select_related("checked_by").order_by("-id")
        page = Paginator(checks, 50).get_page(request.GET.get("page"))
        audit_read(
            viewer=request.user, object_type="verification.verificationcheck", result_count=len(page.object_list)
        )
        return render(request, "verification/checks.html", {"page": page})


class CheckView(ScopedPageMixin, View):
    model = VerificationCheck

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.get_scoped_or_404(pk=pk)
        audit_read(viewer=request.user, object_type="verification.verificationcheck", object_id=str(pk))
        hits = CheckHit.objects.filter(check_record=record).select_related("entry__watchlist").order_by("id")
        return render(
            request,
            "verification/check_detail.html",
            {"check": record, "hits": hits, "sensitive": has_permission(request.user, WatchEntry, "sensitive")},
        )
