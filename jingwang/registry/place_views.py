"""Registry pages of places: standard addresses (标准地址), houses (实有房屋) and units (实有单位).

Declarations on the generic pages (`jingwang.web.generic`): the rows in the viewer's territory, the
API's FilterSets, identifiers masked as the API masks them, related records read in scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jingwang.core.identity import mask_name
from jingwang.registry.filters import AddressFilterSet, HouseFilterSet, UnitFilterSet
from jingwang.registry.models import Address, House, Residence, Unit
from jingwang.web.generic import Column, ObjectListView, ObjectView, Related


def _masked(person: Any) -> str | None:
    """A person named on a place's page (an owner, a landlord): surname only, like 张**."""
    return mask_name(person.name) if person is not None else None


GRID = Column("grid.name", _("Grid"))

# Related lists (on the records' pages), each read with the related model's own scope.
HOUSES_AT_ADDRESS = Related(
    _("House"),
    House,
    lambda houses, address: houses.filter(address=address, is_active=True).order_by("pk"),
    columns=(
        Column("use", _("Use"), link="registry:house", title=True),
        Column("house_type", _("House type")),
        Column("hazard_level", _("Hazard level")),
    ),
    empty=_("No house recorded at this address."),
    testid="address-houses",
)
UNITS_AT_ADDRESS = Related(
    _("Units here"),
    Unit,
    lambda units, address: units.filter(address=address, is_active=True).order_by("name"),
    columns=(
        Column("name", pgettext_lazy("unit", "Name"), link="registry:unit", title=True),
        Column("unit_type", _("Unit type")),
        Column("industry", _("Industry")),
    ),
    empty=_("No unit recorded at this address."),
    testid="address-units",
)


class AddressListView(ObjectListView):
    """Standard addresses of the viewer's grids (not personal data: reads are not audited, as in the API)."""

    model = Address
    url_name = "registry:addresses"
    filterset_class = AddressFilterSet
    title = _("Standard addresses")
    audit_reads = False
    columns = (
        Column("canonical", _("Standard address"), link="registry:address", title=True),
        Column("community", _("Community")),
        Column("note", _("Note")),
        Column("house.use", _("House use")),
        Column("unit_count", _("Units"), mono=True),
        GRID,
    )
    export_columns = (
        ("canonical", _("standard address")),
        ("community", _("community")),
        ("note", _("note")),
        ("lon", _("longitude")),
        ("lat", _("latitude")),
        ("grid__code", _("grid code")),
        ("grid__name", _("grid")),
    )
    empty_message = _("No address found.")
    table_testid = "address-table"

    def refine(self, queryset: Any) -> Any:
        return queryset.filter(is_active=True).select_related("grid", "house").order_by("canonical")

    def rows(self, page: Any) -> Any:
        # Counted for the page's rows only: an annotation would group every address in scope (a
        # bureau's million) before the page is cut, and again for the pager's count.
        rows = list(page.object_list)
        counts = dict(
            Unit.objects.filter(address__in=rows, is_active=True)
            .values("address_id")
            .annotate(n=Count("pk"))
            .values_list("address_id", "n")
        )
        for address in rows:
            address.unit_count = counts.get(address.pk, 0)
        return rows


class AddressView(ObjectView):
    model = Address
    url_name = "registry:address"
    lookup = {"is_active": True}
    audit_reads = False
    heading_testid = "address-heading"
    fields = (
        Column("canonical", _("Standard address")),
        Column("community", _("Community")),
        Column("group", _("Village group")),
        Column("road", _("Road / street / lane")),
        Column("road_number", pgettext_lazy("address", "Number")),
        Column("compound", _("Compound")),
        Column("building", _("Building")),
        Column("unit", pgettext_lazy("part of a building", "Unit")),
        Column("floor", _("Floor")),
        Column("room", _("Room")),
        Column("note", _("Note")),
        Column("division_code", _("County code"), mono=True),
        Column("township_code", _("Township code"), mono=True),
        Column("lon", _("Longitude"), mono=True),
        Column("lat", _("Latitude"), mono=True),
        GRID,
        Column("verified_at", _("Last verified"), date_format="Y-m-d"),
    )
    related = (HOUSES_AT_ADDRESS, UNITS_AT_ADDRESS)


class HouseListView(ObjectListView):
    """Houses of the viewer's grids, with how many live there now (counted for the page's rows)."""

    model = House
    url_name = "registry:houses"
    filterset_class = HouseFilterSet
    title = _("Houses")
    columns = (
        Column("address.canonical", _("Address"), link="registry:house", title=True),
        Column("use", _("Use")),
        Column("house_type", _("House type")),
        Column("owner", pgettext_lazy("house", "Owner"), display=lambda h: _masked(h.owner)),
        Column("resident_count", pgettext_lazy("house", "Residents"), mono=True),
        Column("hazard_level", _("Hazard level")),
        GRID,
    )
    export_columns = (
        ("address__canonical", _("address")),
        ("use", _("use")),
        ("house_type", _("house type")),
        ("area_m2", _("floor area (m²)")),
        ("hazard_level", _("hazard level")),
        ("security_letter_signed", _("security responsibility letter signed")),
        ("grid__code", _("grid code")),
        ("grid__name", _("grid")),
    )
    empty_message = _("No house found.")
    table_testid = "house-table"

    def refine(self, queryset: Any) -> Any:
        return queryset.filter(is_active=True).select_related("grid", "address", "owner").order_by("address__canonical")

    def rows(self, page: Any) -> Any:
        # Counted for the page's rows only (see AddressListView.rows).
        rows = list(page.object_list)
        counts = dict(
            Residence.objects.filter(house__in=rows, until__isnull=True, person__is_active=True)
            .values("house_id")
            .annotate(n=Count("pk"))
            .values_list("house_id", "n")
        )
        for house in rows:
            house.resident_count = counts.get(house.pk, 0)
        return rows


class HouseView(ObjectView):
    model = House
    url_name = "registry:house"
    lookup = {"is_active": True}
    heading_testid = "house-heading"
    fields = (
        Column("address.canonical", _("Address"), link="registry:address", link_pk="address_id"),
        Column("use", _("Use")),
        Column("house_type", _("House type")),
        Column("area_m2", _("Floor area (m²)"), mono=True),
        Column(
            "owner",
            pgettext_lazy("house", "Owner"),
            display=lambda h: _masked(h.owner),
            link="registry:person",
            link_pk="owner_id",
        ),
        Column(
            "landlord",
            _("Landlord"),
            display=lambda h: _masked(h.landlord),
            link="registry:person",
            link_pk="landlord_id",
        ),
        Column("rental_start", _("Rented since"), date_format="Y-m-d"),
        Column("security_letter_signed", _("Security responsibility letter signed")),
        Column("hazard_level", _("Hazard level")),
        GRID,
        Column("verified_at", _("Last verified"), date_format="Y-m-d"),
    )
    related = (
        Related(
            _("Living here now"),
            Residence,
            lambda residences, house: (
                residences.filter(house=house, until__isnull=True, person__is_active=True)
                .select_related("person")
                .order_by("since", "pk")
            ),
            columns=(
                Column(
                    "person.name",
                    pgettext_lazy("person", "Name"),
                    link="registry:person",
                    link_pk="person_id",
                    title=True,
                ),
                Column("person.sex", _("Sex")),
                Column("person.id_number_masked", _("ID number"), mono=True),
                Column("person.phone_masked", _("Phone"), mono=True),
                Column("since", pgettext_lazy("residence", "Since"), date_format="Y-m-d"),
                Column("is_tenant", _("Tenant")),
            ),
            empty=_("Nobody lives here now."),
            testid="house-residents",
        ),
        Related(
            _("Units here"),
            Unit,
            lambda units, house: units.filter(address_id=house.address_id, is_active=True).order_by("name"),
            columns=UNITS_AT_ADDRESS.columns,
            empty=_("No unit recorded at this address."),
            testid="house-units",
        ),
    )

    def record_title(self, obj: Any) -> Any:
        return obj.address.canonical


class UnitListView(ObjectListView):
    """Units (organisations) of the viewer's grids; the security contact's phone masked, as in the API."""

    model = Unit
    url_name = "registry:units"
    filterset_class = UnitFilterSet
    title = _("Units")
    columns = (
        Column("name", pgettext_lazy("unit", "Name"), link="registry:unit", title=True),
        Column("unit_type", _("Unit type")),
        Column("industry", _("Industry")),
        Column("address.canonical", _("Address")),
        Column("security_contact", _("Security contact")),
        Column("security_contact_phone_masked", _("Contact phone"), mono=True),
        GRID,
    )
    export_columns = (
        ("name", pgettext_lazy("unit", "name")),
        ("credit_code", _("unified social credit code")),
        ("unit_type", _("unit type")),
        ("industry", _("industry")),
        ("address__canonical", _("address")),
        ("security_contact", _("security contact")),
        ("security_contact_phone_masked", _("security contact phone")),
        ("grid__code", _("grid code")),
        ("grid__name", _("grid")),
    )
    empty_message = _("No unit found.")
    table_testid = "unit-table"

    def refine(self, queryset: Any) -> Any:
        return queryset.filter(is_active=True).select_related("grid", "address").order_by("name", "pk")


class UnitView(ObjectView):
    model = Unit
    url_name = "registry:unit"
    lookup = {"is_active": True}
    heading_testid = "unit-heading"
    fields = (
        Column("name", pgettext_lazy("unit", "Name")),
        Column("credit_code", _("Unified social credit code"), mono=True),
        Column("unit_type", _("Unit type")),
        Column("industry", _("Industry")),
        Column("is_key_industry", _("Key industry")),
        Column("legal_representative", _("Legal representative")),
        Column("security_contact", _("Security contact")),
        Column("security_contact_phone_masked", _("Contact phone"), mono=True),
        Column("staff_count", _("Staff"), mono=True),
        Column("address.canonical", _("Address"), link="registry:address", link_pk="address_id"),
        Column("address.house.use", _("House"), link="registry:house", link_pk="address.house.pk"),
        GRID,
        Column("verified_at", _("Last verified"), date_format="Y-m-d"),
    )
