"""Generic scoped pages, after NetBox's ObjectListView / ObjectView / ObjectEditView.

A page is a declaration: the model, the FilterSet the API also uses, the columns, the template, the
export columns, the action buttons and a record's related lists (`Related`, read in scope). The base
views do the rest the same way everywhere: rows come from `Model.objects.restrict(user, action)` with
the right action (view for a list or a record, export for an export, change for an edit), a record out
of scope is the 404 page (with an `authz_denied` audit row), a role without the permission is the 403
page (audited), every read of personal data is audited, lists are paginated and render the shared
components (`web/templatetags/ui.py`).

Every page with a `url_name` is kept in `PAGES`, so that the page contract (`jingwang/page_contract.py`)
can prove that each one of them has its contract test.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db import models
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from jingwang.accounts.stepup import page_step_up
from jingwang.audit.selectors import audit_read
from jingwang.core.access import has_permission, model_label
from jingwang.core.errors import NotFound, ServiceError
from jingwang.core.types import Viewer
from jingwang.core.views import ScopedPageMixin
from jingwang.web.exports import export_response

EMPTY = "—"
# Query parameters that steer the page itself, never a filter.
PAGE_PARAMS = ("page", "export")


# --- Declarations ----------------------------------------------------------------------------------


def resolve(obj: Any, accessor: str) -> Any:
    """`grid.name` → obj.grid.name; a field with choices shows its label (sex 1 → 男); callables are called."""
    value: Any = obj
    parts = accessor.split(".")
    for i, part in enumerate(parts):
        if value is None:
            return None
        if isinstance(value, Mapping):
            value = value.get(part)
            continue
        display = getattr(value, f"get_{part}_display", None)
        value = display() if callable(display) and i == len(parts) - 1 else getattr(value, part, None)
        if callable(value) and not isinstance(value, models.Manager):
            value = value()
    return value


@dataclass(frozen=True)
class Column:
    """One column of a list (and one line of a record's card on a phone)."""

    accessor: str
    label: Any
    link: str = ""  # a URL name taking the row's pk: the cell links to the record
    link_pk: str = ""  # link to another record: the accessor of its pk ("person_id"), instead of the row's
    mono: bool = False  # identifiers, numbers: monospace, may break anywhere
    date_format: str = ""  # "Y-m-d", "Y-m-d H:i"
    title: bool = False  # the heading of the row's card on a phone
    badge: str = ""  # a badge tone ("info", "warn", "danger", "ok"): the value shows as a badge
    display: Callable[[Any], Any] | None = None  # the value shown, from the row (when not an attribute)

    def value(self, obj: Any) -> Any:
        return self.display(obj) if self.display is not None else resolve(obj, self.accessor)

    def tone(self, obj: Any) -> str:
        """The badge's tone for this row (a subclass may colour each row, as a deadline does)."""
        return self.badge

    def url(self, obj: Any) -> str:
        """The cell's link ("" without one, or when the linked record is not there)."""
        if not self.link:
            return ""
        pk = resolve(obj, self.link_pk) if self.link_pk else obj.pk
        return reverse(self.link, args=[pk]) if pk is not None else ""


@dataclass(frozen=True)
class Related:
    """Records related to a record's page, listed under its fields (a house's residents; the
    hazards at a house).

    Declared on the page (`ObjectView.related`) or, for records of an app the page's app may not
    import, by that app (`register_related(model, Related(...))`). The rows are read from
    `model.objects.restrict(user, "view")`, so a related list never shows a row outside the viewer's
    scope, and a role that may not view `model` sees no list at all; `rows` narrows that scoped
    queryset to the record's (and prepares it: select_related, ordering). The read is audited as a
    list of `model` unless `audited` is off (rows that are not personal data). `more` names the
    model's list page and its filter for the record, (`"hazards:list"`, `"house"`): a link to the
    whole list filtered to the record."""

    label: Any
    model: type[models.Model]
    rows: Callable[[Any, Any], Any]  # (scoped queryset, record) -> the record's related rows
    columns: Sequence[Column]
    empty: Any = ""
    testid: str = ""
    limit: int = 100  # the first rows only: a record's page is no list (the list page has the rest)
    audited: bool = True
    more: tuple[str, str] | None = None  # (list URL name, its filter naming the record)

    @classmethod
    def of_list(
        cls, view: type[ObjectListView], field: str, label: Any, *, testid: str = "", limit: int = 10
    ) -> Related:
        """The rows of `view`'s list whose `field` is the record, as that list shows them (its
        `refine`, which must not need the request; its columns and empty message), with a link to
        the list filtered by `field` (a filter of its FilterSet of the same name)."""

        def rows(scoped: Any, record: Any) -> Any:
            return view().refine(scoped).filter(**{field: record})

        return cls(
            label,
            view.model,
            rows,
            view.columns,
            empty=view.empty_message,
            testid=testid,
            limit=limit,
            more=(view.url_name, field),
        )


@dataclass(frozen=True)
class BoundRelated:
    label: Any
    rows: Sequence[Any]
    columns: Sequence[Column]
    empty: Any
    testid: str
    more_url: str = ""
    truncated: bool = False


_RELATED_ELSEWHERE: dict[str, list[Related]] = {}


def register_related(model: type[models.Model] | str, related: Related) -> None:
    """Another app's records on `model`'s record pages (called from that app's `ready()`)."""
    label = model if isinstance(model, str) else model_label(model)
    declared = _RELATED_ELSEWHERE.setdefault(label, [])
    if related not in declared:
        declared.append(related)


def related_elsewhere(model: type[models.Model]) -> list[Related]:
    return list(_RELATED_ELSEWHERE.get(model_label(model), ()))


@dataclass(frozen=True)
class Action:
    """A button on a page: a link (GET) or a form (POST, with the CSRF token) to `url_name`.

    It shows only to a role with `permission` on the page's model (when given) and, on a record's
    page, only when `when(obj)` holds. The service behind it checks again: a button is a hint."""

    label: Any
    url_name: str
    permission: str = ""
    method: str = "post"
    style: str = ""  # "primary", "danger" or "" (a plain button)
    when: Callable[[Any], bool] | None = None
    with_pk: bool = True  # the URL takes the record's pk (detail actions)
    fields: Mapping[str, str] = field(default_factory=dict)  # hidden inputs posted with the button
    testid: str = ""


@dataclass(frozen=True)
class BoundAction:
    label: Any
    url: str
    method: str
    style: str
    fields: Mapping[str, str]
    testid: str


def bound_actions(
    user: Viewer, model: type[models.Model], actions: Sequence[Action], obj: Any = None
) -> list[BoundAction]:
    """The buttons this user sees (for this record, when there is one)."""
    shown = []
    for a in actions:
        if a.permission and not has_permission(user, model, a.permission):
            continue
        if obj is not None and a.when is not None and not a.when(obj):
            continue
        url = reverse(a.url_name, args=[obj.pk]) if a.with_pk and obj is not None else reverse(a.url_name)
        shown.append(BoundAction(a.label, url, a.method.lower(), a.style, a.fields, a.testid))
    return shown


def paginate(request: HttpRequest, rows: Any, per_page: int) -> Page:
    """The page of `rows` the URL asks for (`?page=`; a wrong number gives the last or first page)."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


# --- Service errors on pages -------------------------------------------------------------------------


def service_error_to_form(form: BaseForm, exc: ServiceError) -> None:
    """Put a refused service call's problems on the form: each field's on the field (or on the form
    when the form has no such field), the message alone when no field is named. A `NotFound` is the
    404 page, as for a record out of scope."""
    if isinstance(exc, NotFound):
        raise Http404 from exc
    for name, problems in exc.fields.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, str(problem))
    if not exc.fields:
        form.add_error(None, str(exc.message))


def service_error_to_messages(request: HttpRequest, exc: ServiceError, labels: Callable[[str], Any] = str) -> None:
    """The same for a page without a form (a button): the message, then each field's problems."""
    if isinstance(exc, NotFound):
        raise Http404 from exc
    messages.error(request, str(exc.message))
    for name, problems in exc.fields.items():
        problem = _("%(field)s: %(problems)s") % {"field": labels(name), "problems": " ".join(map(str, problems))}
        messages.error(request, problem)


# --- Base views ------------------------------------------------------------------------------------

PAGES: list[type[ScopedPage]] = []


class ScopedPage(ScopedPageMixin, View):
    """Base of the generic pages. A subclass that names its `url_name` is registered in PAGES."""

    model: type[models.Model]
    url_name: ClassVar[str] = ""
    template_name: ClassVar[str] = ""
    title: ClassVar[Any] = ""
    audit_reads: ClassVar[bool] = True  # the model holds personal data: lists and reads are audited
    # The app's selector of the rows in scope, `(viewer=, action=) -> QuerySet`, when it prepares
    # them (related rows, annotations); declare it as `selector = staticmethod(…)`.
    selector: ClassVar[Callable[..., Any] | None] = None
    audit_purpose: ClassVar[str] = ""  # recorded with every read (e.g. sensitive personal information)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("url_name"):
            PAGES.append(cls)

    @property
    def object_type(self) -> str:
        return model_label(self.model)

    def audit(
        self,
        *,
        query: Mapping[str, Any] | None = None,
        count: int | None = None,
        object_id: str = "",
        object_type: str = "",
    ) -> None:
        """Record the read (pages of the audit trail override this: reading it is `audit.read`).
        `object_type` names the rows read when they are not the page's model (a list's entries)."""
        if self.audit_reads or object_type:
            audit_read(
                viewer=self.request.user,
                object_type=object_type or self.object_type,
                query=dict(query or {}),
                result_count=count,
                object_id=object_id,
                purpose=self.audit_purpose,
            )

    def scoped(self, action: str | None = None) -> Any:
        if self.selector is None:
            return super().scoped(action)
        return self.selector(viewer=self.request.user, action=action or self.required_action)

    def get_title(self) -> Any:
        return self.title or self.model._meta.verbose_name_plural

    def refine(self, queryset: Any) -> Any:
        """Narrow and prepare the scoped rows (active only, select_related, ordering)."""
        return queryset

    def queryset(self, action: str | None = None) -> Any:
        return self.refine(self.scoped(action))


class ObjectListView(ScopedPage):
    """A filtered, paginated, audited list within the user's scope, with its export."""

    filterset_class: ClassVar[Any] = None
    columns: ClassVar[Sequence[Column]] = ()
    template_name: ClassVar[str] = "generic/object_list.html"
    paginate_by: ClassVar[int] = 50
    default_filters: ClassVar[Mapping[str, str]] = {}
    export_columns: ClassVar[Sequence[tuple[str, Any]]] = ()
    actions: ClassVar[Sequence[Action]] = ()  # page-level buttons (add, import …)
    empty_message: ClassVar[Any] = _("Nothing found.")
    table_testid: ClassVar[str] = ""

    def filter_params(self) -> QueryDict:
        """The filters of this request (the URL's, the page's defaults filled in)."""
        params = self.request.GET.copy()
        for name in PAGE_PARAMS:
            params.pop(name, None)
        for name, value in self.default_filters.items():
            params.setdefault(name, value)
        return params

    def filterset(self, action: str | None = None) -> Any:
        params = self.filter_params()
        qs = self.queryset(action)
        if self.filterset_class is None:
            return _NoFilters(qs)
        return self.filterset_class(params or None, queryset=qs, request=self.request)

    def audit_query(self) -> dict[str, Any]:
        return {**self.filter_params().dict(), "page": self.request.GET.get("page", "")}

    def rows(self, page: Page) -> Sequence[Any]:
        """The rows the template shows (a page may decorate its records here)."""
        return list(page.object_list)

    def get_context(self, **context: Any) -> dict[str, Any]:
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.GET.get("export"):
            return self.export(request, str(request.GET["export"]))
        filters = self.filterset()
        page = paginate(request, filters.qs, self.paginate_by)
        rows = self.rows(page)
        self.audit(query=self.audit_query(), count=len(rows))
        can_export = bool(self.export_columns) and has_permission(request.user, self.model, "export")
        return render(
            request,
            self.template_name,
            self.get_context(
                view=self,
                title=self.get_title(),
                filters=filters,
                page=page,
                rows=rows,
                columns=self.columns,
                actions=bound_actions(request.user, self.model, self.actions),
                can_export=can_export,
                empty_message=self.empty_message,
                table_testid=self.table_testid,
            ),
        )

    def export(self, request: HttpRequest, fmt: str) -> HttpResponseBase:
        """The filtered list in the *export* scope (which may be narrower than the view scope)."""
        if not self.export_columns:
            raise Http404
        if not has_permission(request.user, self.model, "export"):
            self.deny("export")
        if (confirm := page_step_up(request)) is not None:
            return confirm
        query = self.filter_params().dict()
        try:
            return export_response(
                by=request.user,
                queryset=self.filterset("export").qs,
                object_type=self.object_type,
                query=query,
                fmt=fmt,
                columns=self.export_columns,
            )
        except ServiceError as exc:
            service_error_to_messages(request, exc)
            return redirect(request.path)


class _NoFilters:
    """A list without a FilterSet looks like one to the template."""

    form = None

    def __init__(self, qs: Any) -> None:
        self.qs = qs


class ObjectView(ScopedPage):
    """One record in the user's scope (404 page outside it), audited, with its action buttons."""

    template_name: ClassVar[str] = "generic/object.html"
    fields: ClassVar[Sequence[Column]] = ()
    actions: ClassVar[Sequence[Action]] = ()
    lookup: ClassVar[Mapping[str, Any]] = {}  # extra conditions on the record (is_active=True)
    related: ClassVar[Sequence[Related]] = ()  # lists of the record's related records, in scope
    context_object_name: ClassVar[str] = "object"
    heading_testid: ClassVar[str] = ""

    def get_object(self, action: str | None = None) -> Any:
        return self.get_scoped_or_404(action=action, pk=self.kwargs["pk"], **self.lookup)

    def record_title(self, obj: Any) -> Any:
        """The page's heading: the record's text (a house is named by its address)."""
        return str(obj)

    def related_lists(self, obj: Any) -> list[BoundRelated]:
        """The related lists declared on the page and by other apps, each read in the viewer's scope
        and audited; none for a role that may not view its model."""
        user = self.request.user
        bound = []
        for r in (*self.related, *related_elsewhere(self.model)):
            if not has_permission(user, r.model, "view"):
                continue
            scoped = r.model._default_manager.restrict(user, "view")  # type: ignore[attr-defined]
            found = list(r.rows(scoped, obj)[: r.limit + 1])
            rows = found[: r.limit]
            if r.audited:
                self.audit(
                    query={model_label(self.model): str(obj.pk)}, count=len(rows), object_type=model_label(r.model)
                )
            more_url = f"{reverse(r.more[0])}?{urlencode({r.more[1]: obj.pk})}" if r.more else ""
            bound.append(BoundRelated(r.label, rows, r.columns, r.empty, r.testid, more_url, len(found) > r.limit))
        return bound

    def get_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def get_actions(self, obj: Any) -> Sequence[Action]:
        """The record's buttons: the declared ones, or (overridden) those its state allows, e.g.
        the transitions a case type makes available to this user."""
        return self.actions

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        self.audit(object_id=str(obj.pk))
        context = {
            "view": self,
            "object": obj,
            self.context_object_name: obj,
            "title": self.record_title(obj),
            "fields": self.fields,
            "related": self.related_lists(obj),
            "heading_testid": self.heading_testid,
            "actions": bound_actions(request.user, self.model, self.get_actions(obj), obj),
            **self.get_context(obj),
        }
        return render(request, self.template_name, context)


class ObjectEditView(ScopedPage):
    """A form that changes one record (or adds one when the URL has no pk) through a service."""

    required_action = "change"
    form_class: ClassVar[Any] = None
    template_name: ClassVar[str] = "generic/object_edit.html"
    lookup: ClassVar[Mapping[str, Any]] = {}
    success_message: ClassVar[Any] = _("Saved.")
    audit_reads: ClassVar[bool] = False
    hint: ClassVar[Any] = ""  # a line under the heading
    submit_label: ClassVar[Any] = ""  # the button ("Save" when not given)
    testid: ClassVar[str] = ""  # data-testid of the form ("<testid>-form") and its button ("<testid>-submit")

    def get_object(self) -> Any:
        pk = self.kwargs.get("pk")
        return None if pk is None else self.get_scoped_or_404(pk=pk, **self.lookup)

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return self.form_class(data, files)  # type: ignore[no-any-return]

    def save(self, form: BaseForm, obj: Any) -> Any:
        """Call the service; raise its ServiceError to have it shown on the form."""
        raise NotImplementedError

    def success_url(self, result: Any) -> str:
        return self.request.path

    def get_context(self, obj: Any, form: BaseForm) -> dict[str, Any]:
        return {}

    def respond(self, obj: Any, form: BaseForm) -> HttpResponse:
        context = {"view": self, "object": obj, "form": form, "title": self.get_title(), **self.get_context(obj, form)}
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.respond(obj, self.get_form(obj))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.get_form(obj, request.POST, request.FILES)
        if form.is_valid():
            try:
                result = self.save(form, obj)
            except ServiceError as exc:
                service_error_to_form(form, exc)
            else:
                if self.success_message:
                    messages.success(request, str(self.success_message))
                return redirect(self.success_url(result))
        return self.respond(obj, form)


class RecordActionView(ScopedPage):
    """A button on a record's page (POST only): one service call, its message, back to the record.

    Declared: the model and the action the role needs (`change` unless told: the 403 page,
    audited, for a role without it), the form of the button's few inputs (a note) if any, the
    message on success and `redirect_to`, the URL name (taking the pk) of the page to go back to.
    `act()` calls the service with `by=actor(request)` and the pk; the service checks the scope on
    the locked row, so a record out of scope is its `NotFound`: the 404 page. A refused call shows
    its messages and changes nothing. Only POST is defined: a GET is 405 (after the role check)."""

    required_action = "change"
    audit_reads: ClassVar[bool] = False  # an action reads nothing to show
    form_class: ClassVar[type[BaseForm] | None] = None
    # Look the record up in scope before the service (the 404 page with an `authz_denied` row),
    # for an act that needs more than its id (`self.record`: the record's case).
    load_first: ClassVar[bool] = False
    success_message: ClassVar[Any] = ""
    redirect_to: ClassVar[str] = ""
    record: Any = None

    def act(self, request: HttpRequest, pk: int, data: Mapping[str, Any]) -> Any:
        """Call the service with the form's cleaned data (the POST itself without a form); raise
        its ServiceError to have it shown. What it returns goes to `success_url`."""
        raise NotImplementedError

    def back_url(self, pk: int) -> str:
        """Where the button's page is: back there after a refusal, and by default after success."""
        return reverse(self.redirect_to, args=[pk])

    def success_url(self, pk: int, result: Any) -> str:
        return self.back_url(pk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        if self.load_first:
            self.record = self.get_scoped_or_404(pk=pk)
        data: Mapping[str, Any] = request.POST
        if self.form_class is not None:
            form = self.form_class(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data
            else:  # its errors as messages, each with its field's label, and no call
                for name, errors in form.errors.items():
                    label = form.fields[name].label if name in form.fields else None
                    text = " ".join(map(str, errors))
                    messages.error(
                        request, _("%(field)s: %(problems)s") % {"field": label, "problems": text} if label else text
                    )
                return redirect(self.back_url(pk))
        try:
            result = self.act(request, pk, data)
        except ServiceError as exc:
            service_error_to_messages(request, exc)
            return redirect(self.back_url(pk))
        if self.success_message:
            messages.success(request, str(self.success_message))
        return redirect(self.success_url(pk, result))
