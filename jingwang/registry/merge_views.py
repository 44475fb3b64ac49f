"""Pages for duplicate persons: the review list, the side-by-side page with merge / not the same
person, and the merge record with its undo. Reads of personal data are audited."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from jingwang.audit.selectors import audit_read
from jingwang.core.access import has_permission
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.views import ScopedPageMixin
from jingwang.registry.filters import MergeSuggestionFilterSet
from jingwang.registry.merges import services as merges
from jingwang.registry.models import MergeRecord, MergeSuggestion, SuggestionStatus
from jingwang.registry.selectors import merge_suggestion_list, side_by_side


class MergeSuggestionListView(ScopedPageMixin, View):
    """Possible duplicates in the viewer's grids: open ones by default, the likeliest first."""

    model = MergeSuggestion

    def get(self, request: HttpRequest) -> HttpResponse:
        params = request.GET.copy()
        params.setdefault("status", SuggestionStatus.OPEN)
        filters = MergeSuggestionFilterSet(params, queryset=merge_suggestion_list(viewer=request.user))
        page = Paginator(filters.qs, 30).get_page(request.GET.get("page"))
        audit_read(
            viewer=request.user,
            object_type="registry.mergesuggestion",
            query=dict(params.items()),
            result_count=len(page.object_list),
        )
        return render(request, "registry/merge_suggestions.html", {"filters": filters, "page": page})


class MergeSuggestionView(ScopedPageMixin, View):
    """The two persons side by side (identifiers masked), the fields that agreed and their weights."""

    model = MergeSuggestion

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        suggestion = self.get_scoped_or_404(pk=pk)
        a, b = suggestion.person_a, suggestion.person_b
        audit_read(viewer=request.user, object_type="registry.mergesuggestion", object_id=str(pk))
        top = max((abs(float(f.get("weight", 0))) for f in suggestion.fields), default=0.0) or 1.0
        fields = [
            {**f, "agrees": float(f.get("weight", 0)) > 0, "width": round(abs(float(f.get("weight", 0))) / top * 100)}
            for f in suggestion.fields
        ]
        can = suggestion.status == SuggestionStatus.OPEN and has_permission(request.user, MergeSuggestion, "merge")
        return render(
            request,
            "registry/merge_suggestion.html",
            {
                "s": suggestion,
                "a": a,
                "b": b,
                "rows": side_by_side(a, b),
                "fields": fields,
                "can_decide": can and merges.can_decide(request.user, suggestion),
                "outside": can and not merges.can_decide(request.user, suggestion),
                "merges": MergeRecord.objects.filter(suggestion=suggestion).order_by("-merged_at", "-id"),
                "percent": round(suggestion.probability * 100, 1),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = request.POST.get("decision")
        action = "merge" if decision == "merge" else "reject"
        self.get_scoped_or_404(action=action, pk=pk)
        version = request.POST.get("version", "")
        expected = int(version) if version.isdigit() else None
        try:
            if decision == "merge":
                survivor = request.POST.get("survivor", "")
                record = merges.merge_persons(
                    by=request.user,
                    suggestion_id=pk,
                    survivor_id=int(survivor) if survivor.isdigit() else 0,
                    expected_version=expected,
                )
                messages.success(request, _("Merged. The merge can be undone from this page."))
                return redirect("registry:merge", pk=record.pk)
            merges.suggestion_reject(
                by=request.user, suggestion_id=pk, note=request.POST.get("note", ""), expected_version=expected
            )
            messages.success(request, _("Noted: not the same person."))
        except NotFound:
            raise Http404 from None
        except ServiceError as exc:
            messages.error(request, str(exc.message))
            for problems in exc.fields.values():
                for problem in problems:
                    messages.error(request, str(problem))
        return redirect("registry:merge-suggestion", pk=pk)


def moved_label(key: str) -> str:
    """`registry.residence.person` → 居住记录 (the kind of rows a merge moved), for people."""
    if key == merges.CLOSED_RESIDENCES:
        return _("residences ended (the kept person lives there too)")
    if key == merges.COLLECTION_LINK:
        return _("collection records")
    app_label, model_name, field = [*key.split("."), "", ""][:3]
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        return key
    label = str(model._meta.verbose_name_plural)
    if field == "relative":
        return _("%(links)s (as the relative)") % {"links": label}
    return label


class MergeRecordView(ScopedPageMixin, View):
    """One merge: who was kept, who was merged, what moved; undo."""

    model = MergeRecord

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.get_scoped_or_404(pk=pk)
        audit_read(viewer=request.user, object_type="registry.mergerecord", object_id=str(pk))
        can_undo = record.undone_at is None and has_permission(request.user, MergeRecord, "undo")
        return render(
            request,
            "registry/merge.html",
            {
                "m": record,
                "moved": [(moved_label(key), len(ids)) for key, ids in sorted(record.moved.items())],
                "can_undo": can_undo,
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.get_scoped_or_404(action="undo", pk=pk)
        try:
            merges.merge_undo(by=request.user, merge_id=pk)
        except NotFound:
            raise Http404 from None
        except ServiceError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The merge was undone: both records are as they were."))
        return redirect("registry:merge", pk=pk)
