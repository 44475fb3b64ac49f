"""Pages for duplicate persons: the review list, the side-by-side page with merge / not the same
person, and the merge record with its undo. Reads of personal data are audited."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from jingwang.core.access import has_permission
from jingwang.core.errors import ServiceError
from jingwang.registry.filters import MergeSuggestionFilterSet
from jingwang.registry.merges import services as merges
from jingwang.registry.models import MergeRecord, MergeSuggestion, SuggestionStatus
from jingwang.registry.selectors import merge_suggestion_list, side_by_side
from jingwang.web.generic import ObjectListView, ObjectView, service_error_to_messages


class MergeSuggestionListView(ObjectListView):
    """Possible duplicates in the viewer's grids: open ones by default, the likeliest first."""

    model = MergeSuggestion
    url_name = "registry:merge-suggestions"
    filterset_class = MergeSuggestionFilterSet
    template_name = "registry/merge_suggestions.html"
    paginate_by = 30
    default_filters = {"status": SuggestionStatus.OPEN}

    def queryset(self, action: str | None = None) -> Any:
        return merge_suggestion_list(viewer=self.request.user, action=action or self.required_action)


class MergeSuggestionView(ObjectView):
    """The two persons side by side (identifiers masked), the fields that agreed and their weights."""

    model = MergeSuggestion
    url_name = "registry:merge-suggestion"
    template_name = "registry/merge_suggestion.html"
    context_object_name = "s"

    def get_context(self, obj: Any) -> dict[str, Any]:
        suggestion = obj
        a, b = suggestion.person_a, suggestion.person_b
        top = max((abs(float(f.get("weight", 0))) for f in suggestion.fields), default=0.0) or 1.0
        fields = [
            {**f, "agrees": float(f.get("weight", 0)) > 0, "width": round(abs(float(f.get("weight", 0))) / top * 100)}
            for f in suggestion.fields
        ]
        can = suggestion.status == SuggestionStatus.OPEN and has_permission(self.request.user, MergeSuggestion, "merge")
        return {
            "a": a,
            "b": b,
            "rows": side_by_side(a, b),
            "fields": fields,
            "can_decide": can and merges.can_decide(self.request.user, suggestion),
            "outside": can and not merges.can_decide(self.request.user, suggestion),
            "merges": MergeRecord.objects.filter(suggestion=suggestion).order_by("-merged_at", "-id"),
            "percent": round(suggestion.probability * 100, 1),
        }

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        decision = request.POST.get("decision")
        action = "merge" if decision == "merge" else "reject"
        self.get_object(action)
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
        except ServiceError as exc:
            service_error_to_messages(request, exc)
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


class MergeRecordView(ObjectView):
    """One merge: who was kept, who was merged, what moved; undo."""

    model = MergeRecord
    url_name = "registry:merge"
    template_name = "registry/merge.html"
    context_object_name = "m"

    def get_context(self, obj: Any) -> dict[str, Any]:
        return {
            "moved": [(moved_label(key), len(ids)) for key, ids in sorted(obj.moved.items())],
            "can_undo": obj.undone_at is None and has_permission(self.request.user, MergeRecord, "undo"),
        }

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.get_object("undo")
        try:
            merges.merge_undo(by=request.user, merge_id=pk)
        except ServiceError as exc:
            service_error_to_messages(request, exc)
        else:
            messages.success(request, _("The merge was undone: both records are as they were."))
        return redirect("registry:merge", pk=pk)
