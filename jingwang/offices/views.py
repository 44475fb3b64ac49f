"""Police office pages, declared on the generic pages: the list with the standard met, an office
with its staff on duty, the add and edit forms."""

from __future__ import annotations

from typing import Any

from django.forms import BaseForm
from django.utils.translation import gettext_lazy as _

from jingwang.core.types import actor
from jingwang.offices import services
from jingwang.offices.filters import OfficeFilterSet
from jingwang.offices.forms import OfficeForm
from jingwang.offices.models import Function, PoliceOffice
from jingwang.web.generic import Action, Column, ObjectEditView, ObjectListView, ObjectView


def _standard(office: PoliceOffice) -> Any:
    return _("Meets the standard") if office.meets_standard else _("Below the standard")


class StandardColumn(Column):
    def tone(self, obj: Any) -> str:
        return "ok" if obj.meets_standard else "warn"


def _functions(office: PoliceOffice) -> str:
    labels = dict(Function.choices)
    return "、".join(str(labels.get(f, f)) for f in office.functions or [])


def _missing(office: PoliceOffice) -> str:
    labels = dict(Function.choices)
    return "、".join(str(labels.get(f, f)) for f in office.missing_functions)


def _staff(office: PoliceOffice) -> str:
    return "、".join(u.display_name for u in office.on_duty.all())


class OfficeListView(ObjectListView):
    model = PoliceOffice
    url_name = "offices:list"
    title = _("Police offices (警务室)")
    filterset_class = OfficeFilterSet
    table_testid = "offices"
    audit_reads = False  # offices and their work phones are public
    empty_message = _("No police offices.")
    columns = (
        Column("name", _("Name"), link="offices:detail", title=True),
        Column("district.name", _("Police district")),
        Column("address", _("Address")),
        Column("opening_hours", _("Opening hours")),
        StandardColumn("meets_standard", _("Standard"), badge="info", display=_standard),
        Column("on_duty", _("Staff on duty"), display=_staff),
    )
    export_columns = [
        ("name", _("name")),
        ("district__name", _("police district")),
        ("address", _("address")),
        ("opening_hours", _("opening hours")),
        ("phone", _("work phone")),
        ("separate_room", _("separate room")),
        ("has_sign", _("sign displayed")),
    ]
    actions = (Action(_("New police office"), "offices:add", permission="add", method="get", with_pk=False),)

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("district").prefetch_related("on_duty").order_by("district__code", "name", "pk")


class OfficeView(ObjectView):
    model = PoliceOffice
    url_name = "offices:detail"
    context_object_name = "office"
    heading_testid = "office-name"
    audit_reads = False
    fields = (
        Column("district.name", _("Police district")),
        Column("address", _("Address")),
        Column("opening_hours", _("Opening hours")),
        Column("phone", _("Work phone"), mono=True),
        Column("latitude", _("Latitude")),
        Column("longitude", _("Longitude")),
        Column("separate_room", _("Separate room")),
        Column("has_sign", _("Sign displayed")),
        Column("functions", _("Functions"), display=_functions),
        StandardColumn("meets_standard", _("Standard"), badge="info", display=_standard),
        Column("missing_functions", _("Functions missing for the standard"), display=_missing),
        Column("on_duty", _("Staff on duty"), display=_staff),
        Column("is_active", _("In use")),
    )
    actions = (Action(_("Edit"), "offices:edit", "change", "get", testid="edit-link"),)

    def refine(self, queryset: Any) -> Any:
        return queryset.select_related("district").prefetch_related("on_duty")


def _form(view: Any, obj: Any, data: Any, files: Any, action: str) -> OfficeForm:
    districts = services.districts_in_scope(view.request.user, action)
    district = obj.district if obj is not None else None
    if data is not None and data.get("district"):
        district = (
            districts.filter(pk=str(data.get("district"))[:20]).first() if str(data.get("district")).isdigit() else None
        )
    staff = services.duty_candidates(district) if district is not None else services.User.objects.none()
    initial = {}
    if obj is not None:
        initial = {f: getattr(obj, f) for f in services.FIELDS if f not in ("district", "is_active")}
        initial["district"] = obj.district_id
        initial["on_duty"] = list(obj.on_duty.values_list("pk", flat=True))
    return OfficeForm(data, files, districts=districts, staff=staff, initial=initial)


def _data(form: BaseForm) -> dict[str, Any]:
    d = dict(form.cleaned_data)
    d["on_duty"] = list(d.get("on_duty") or [])
    d["functions"] = list(d.get("functions") or [])
    return d


class OfficeAddView(ObjectEditView):
    model = PoliceOffice
    url_name = "offices:add"
    required_action = "add"
    title = _("New police office")
    hint = _("The standard: a room of its own, the sign, and reception, mediation and permit advice.")
    testid = "office"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return _form(self, obj, data, files, "add")

    def save(self, form: BaseForm, obj: Any) -> PoliceOffice:
        return services.office_create(by=actor(self.request), **_data(form))

    def success_url(self, result: Any) -> str:
        return str(result.get_absolute_url())


class OfficeEditView(ObjectEditView):
    model = PoliceOffice
    url_name = "offices:edit"
    title = _("Edit police office")
    testid = "office"

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> BaseForm:
        return _form(self, obj, data, files, "change")

    def save(self, form: BaseForm, obj: Any) -> PoliceOffice:
        return services.office_update(by=actor(self.request), office_id=obj.pk, **_data(form))

    def success_url(self, result: Any) -> str:
        return str(result.get_absolute_url())
