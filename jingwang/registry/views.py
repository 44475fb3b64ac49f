"""Registry pages: search, a person's record, the phone-sized collection form, the officer's
verification queue, data quality. Every read of personal data leaves an audit event."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext_lazy

from jingwang.accounts.stepup import page_step_up
from jingwang.core.access import has_permission
from jingwang.core.errors import ServiceError
from jingwang.registry import quality
from jingwang.registry.exports import PERSON_COLUMNS
from jingwang.registry.filters import CollectionFilterSet, PersonFilterSet
from jingwang.registry.forms import CollectionForm, CollectionRevealForm, DecisionForm, ImportForm, RevealForm
from jingwang.registry.imports.uploads import import_upload, report_dict
from jingwang.registry.models import Address, Change, Collection, CollectionStatus, Person, Residence, SuggestionStatus
from jingwang.registry.selectors import merge_suggestion_list, possible_duplicates
from jingwang.registry.services import collections, persons
from jingwang.registry.templatetags.registry_labels import field_label
from jingwang.territory.models import Node, NodeKind
from jingwang.territory.selectors import grids_in_scope
from jingwang.web.generic import (
    Column,
    ObjectEditView,
    ObjectListView,
    ObjectView,
    ScopedPage,
    service_error_to_form,
    service_error_to_messages,
)

PERSON_SEARCHES = "person-searches"
SEARCH_FIELDS = ("q", "residence_type", "grid", "birth_date")
KEPT_SEARCHES = 20


def _remember_search(request: HttpRequest, search: dict[str, str]) -> str:
    """Keep a search in the session under a random key; the URL carries only the key."""
    kept = dict(request.session.get(PERSON_SEARCHES, {}))
    key = secrets.token_urlsafe(9)
    kept[key] = search
    request.session[PERSON_SEARCHES] = dict(list(kept.items())[-KEPT_SEARCHES:])
    return key


def _search_from(data: Any) -> dict[str, str]:
    return {k: v for k in SEARCH_FIELDS if (v := str(data.get(k, "")).strip())}


class PersonListView(ObjectListView):
    """The residents list. A search may hold an ID or phone number, so it never travels in a URL
    (which lands in server logs and the browser's history): the form is POSTed, the search is kept
    in the session, and the list, its pages and its exports are addressed by `?s=<random key>`."""

    model = Person
    url_name = "registry:persons"
    filterset_class = PersonFilterSet
    template_name = "registry/persons.html"
    title = _lazy("Residents")
    columns = (
        Column("name", pgettext_lazy("person", "Name"), link="registry:person", title=True),
        Column("sex", _lazy("Sex")),
        Column("birth_date", _lazy("Birth date"), date_format="Y-m-d"),
        Column("id_number_masked", _lazy("ID number"), mono=True),
        Column("phone_masked", _lazy("Phone"), mono=True),
        Column("residence_type", _lazy("Residence type")),
        Column("grid.name", _lazy("Grid")),
    )
    export_columns = PERSON_COLUMNS
    empty_message = _lazy("Nobody found.")
    table_testid = "person-table"

    def refine(self, queryset: Any) -> Any:
        return queryset.filter(is_active=True).select_related("grid").order_by("-id")

    def _redirect(self, request: HttpRequest, search: dict[str, str], export: str = "") -> HttpResponse:
        params = {"s": _remember_search(request, search)} if search else {}
        if export:
            params["export"] = export
        return redirect(f"{reverse('registry:persons')}?{urlencode(params)}" if params else "registry:persons")

    def post(self, request: HttpRequest) -> HttpResponse:
        return self._redirect(request, _search_from(request.POST), str(request.POST.get("export", "")))

    def search(self) -> dict[str, str]:
        key = self.request.GET.get("s", "")
        return dict(self.request.session.get(PERSON_SEARCHES, {}).get(key, {})) if key else {}

    def filter_params(self) -> QueryDict:
        params = QueryDict(mutable=True)
        params.update(self.search())
        return params

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if any(k in request.GET for k in SEARCH_FIELDS):  # an old link with the search in the URL
            return self._redirect(request, _search_from(request.GET), str(request.GET.get("export", "")))
        if request.GET.get("s") and not self.search():
            messages.info(request, _("That search is no longer kept; search again."))
        return super().get(request, *args, **kwargs)

    def get_context(self, **context: Any) -> dict[str, Any]:
        search = self.search()
        return {**context, "search": search}


class PersonDetailView(ObjectView):
    model = Person
    url_name = "registry:person"
    template_name = "registry/person.html"
    lookup = {"is_active": True}
    context_object_name = "person"

    def get_context(self, obj: Any) -> dict[str, Any]:
        request = self.request
        return {
            "residences": Residence.objects.filter(person=obj).select_related("house__address").order_by("-since"),
            "history": Change.objects.filter(record_type="registry.person", record_id=obj.pk)
            .select_related("changed_by")
            .order_by("-changed_at", "-id")[:100],
            "can_reveal": has_permission(request.user, Person, "reveal"),
            "duplicates": merge_suggestion_list(viewer=request.user)
            .filter(Q(person_a=obj) | Q(person_b=obj), status=SuggestionStatus.OPEN)
            .select_related("person_a", "person_b")
            .order_by("-probability")[:5],
            "reveal_form": RevealForm(),
            "revealed": request.session.pop(f"revealed-{obj.pk}", None),
        }

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Reveal a masked identifier for a stated purpose (password again when not recent)."""
        self.get_object("reveal")
        if (confirm := page_step_up(request, next_url=request.path)) is not None:
            return confirm
        form = RevealForm(request.POST)
        if form.is_valid():
            try:
                value = persons.person_reveal(by=request.user, person_id=pk, **form.cleaned_data)
            except ServiceError as exc:
                service_error_to_messages(request, exc)
            else:
                # Shown once, on the next page view, never in a URL or a log.
                request.session[f"revealed-{pk}"] = {"field": form.cleaned_data["field"], "value": value}
        return redirect("registry:person", pk=pk)


class CollectView(ObjectEditView):
    """The field form: a grid worker submits a resident (or a house, unit, address) from a phone."""

    model = Collection
    required_action = "add"
    url_name = "registry:collect"
    template_name = "registry/collect.html"
    success_message = _lazy("Submitted. Your community officer will verify it.")

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> CollectionForm:
        return CollectionForm(data, grids=grids_in_scope(self.request.user, Collection, "add"))

    def get_context(self, obj: Any, form: Any) -> dict[str, Any]:
        return {"mine": Collection.objects.filter(submitted_by_id=self.request.user.pk).order_by("-submitted_at")[:20]}

    def save(self, form: Any, obj: Any) -> Any:
        d = form.cleaned_data
        payload = {k: v for k, v in d.items() if k not in ("kind", "lon", "lat", "grid") and v not in (None, "")}
        return collections.collection_submit(
            by=self.request.user,
            kind=d["kind"],
            payload=payload,
            lon=d.get("lon"),
            lat=d.get("lat"),
            grid=d.get("grid"),
        )

    def success_url(self, result: Any) -> str:
        return reverse("registry:collect")


class QueueView(ObjectListView):
    """The officer's verification queue: pending first, oldest deadline first, overdue marked."""

    model = Collection
    required_action = "verify"
    url_name = "registry:queue"
    filterset_class = CollectionFilterSet
    template_name = "registry/queue.html"
    paginate_by = 30
    default_filters = {"status": CollectionStatus.PENDING}

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("grid", "submitted_by").order_by("due_at")

    def rows(self, page: Any) -> list[dict[str, Any]]:
        duplicates = possible_duplicates([c.pk for c in page.object_list])
        # A number revealed on the last request is shown once, never in a URL or a log.
        revealed = self.request.session.pop(REVEALED_COLLECTIONS, {})
        can_reveal = has_permission(self.request.user, Collection, "reveal")
        rows = []
        for c in page.object_list:
            values = collections.collection_values(c)  # identifiers masked, as in every read
            rows.append(
                {
                    "c": c,
                    "values": values,
                    "overdue": c.status == "pending" and c.due_at < timezone.now(),
                    "duplicates": duplicates.get(c.pk, []),
                    "revealable": [k for k in collections.IDENTIFIER_FIELDS if values.get(k)]
                    if can_reveal and c.status == CollectionStatus.PENDING
                    else [],
                    "revealed": revealed.get(str(c.pk)),
                }
            )
        return rows

    def get_context(self, **context: Any) -> dict[str, Any]:
        return {**context, "form": DecisionForm(), "reveal_form": CollectionRevealForm()}

    def post(self, request: HttpRequest) -> HttpResponse:
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        accept = request.POST.get("decision") == "accept"
        note = request.POST.get("note", "")
        if len(ids) == 1:
            corrections = {k[4:]: str(v) for k, v in request.POST.items() if k.startswith("fix_") and str(v).strip()}
            try:
                collections.collection_decide(
                    by=request.user, collection_id=ids[0], accept=accept, corrections=corrections or None, note=note
                )
            except ServiceError as exc:
                service_error_to_messages(request, exc, labels=field_label)
            else:
                messages.success(request, _("Decision saved."))
        elif ids:
            results = collections.collection_decide_many(by=request.user, collection_ids=ids, accept=accept, note=note)
            done = sum(1 for r in results.values() if r in ("accepted", "rejected", "corrected"))
            messages.info(request, _("%(done)d of %(total)d decided.") % {"done": done, "total": len(ids)})
        return redirect("registry:queue")


REVEALED_COLLECTIONS = "revealed-collections"


class CollectionRevealView(ScopedPage):
    """Reveal a submitted ID or phone number on the queue, for a stated purpose (step-up, audited)."""

    model = Collection
    required_action = "reveal"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.get_scoped_or_404(pk=pk)
        queue = reverse("registry:queue")
        if (confirm := page_step_up(request, next_url=queue)) is not None:
            return confirm
        form = CollectionRevealForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("State why you need the full number."))
            return redirect(queue)
        try:
            value = collections.collection_reveal(by=request.user, collection_id=pk, **form.cleaned_data)
        except ServiceError as exc:
            service_error_to_messages(request, exc)
        else:
            shown = request.session.get(REVEALED_COLLECTIONS, {})
            shown[str(pk)] = {"field": form.cleaned_data["field"], "value": value}
            request.session[REVEALED_COLLECTIONS] = shown
        return redirect(f"{queue}#c-{pk}")


class QualityView(ScopedPage):
    model = Person

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "registry/quality.html", {"figures": quality.figures_for(request.user)})


class MapLayerView(ScopedPage):
    """GeoJSON of a grid's standard addresses (with their houses) for the node page's map."""

    model = Person

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        grid = Node.objects.restrict(request.user, "view").filter(kind=NodeKind.GRID, code=code).first()
        if grid is None:
            raise Http404
        addresses = (
            Address.objects.restrict(request.user, "view")
            .filter(grid=grid, is_active=True, lon__isnull=False, lat__isnull=False)
            .select_related("house")[:5000]
        )
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [a.lon, a.lat]},
                "properties": {"address": a.canonical, "house": getattr(getattr(a, "house", None), "use", None)},
            }
            for a in addresses
        ]
        return JsonResponse({"type": "FeatureCollection", "features": features})


class ImportPageView(ScopedPage):
    """Upload a CSV or xlsx file; a dry run shows what would be imported and every bad row."""

    model = Person
    required_action = "add"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "registry/import.html", {"form": ImportForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            try:
                result = import_upload(
                    by=request.user,
                    kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except ServiceError as exc:
                service_error_to_form(form, exc)
            else:
                report = report_dict(result, problems=500)
        return render(request, "registry/import.html", {"form": form, "report": report})
