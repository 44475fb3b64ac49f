"""Find my officer: an address (typed, standardised and matched with the registry's parser, or a
point picked on the map) → its police district, the district's community officer and auxiliaries
and its police office. Nothing else about the address or who lives there leaves this module: the
answer is the district's public card, the same for every address in it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from jingwang.accounts.models import RosterMember, RosterPosition
from jingwang.offices.models import PoliceOffice
from jingwang.registry.addressing.parser import parse_address
from jingwang.registry.models import Address, AddressAlias
from jingwang.territory import spatial
from jingwang.territory.models import Node, NodeKind

PUBLIC_POSITIONS = (RosterPosition.OFFICER, RosterPosition.AUXILIARY)


@dataclass
class DistrictCard:
    """What the portal publishes about a police district."""

    district: Node
    officers: list[RosterMember] = field(default_factory=list)
    auxiliaries: list[RosterMember] = field(default_factory=list)
    offices: list[PoliceOffice] = field(default_factory=list)


def district_for_address(text: str) -> Node | None:
    """The police district of the standard address the text reads as (its standard text or a
    known alias), or None when the parser cannot read it or the registry has no such address."""
    text = str(text or "").strip()[:300]
    if not text:
        return None
    parsed = parse_address(text)
    grid_id: int | None = None
    if parsed.division_code and parsed.canonical:
        grid_id = (
            Address.objects.filter(canonical=parsed.canonical, is_active=True).values_list("grid_id", flat=True).first()
        )
    if grid_id is None:
        grid_id = (
            AddressAlias.objects.filter(text=text, address__is_active=True)
            .values_list("address__grid_id", flat=True)
            .first()
        )
    if grid_id is None:
        return None
    return _district_of_grid(grid_id)


def district_for_point(lon: float, lat: float) -> Node | None:
    """The police district of the grid containing a point (WGS-84), or None outside every grid."""
    grid = spatial.grid_for_point(lon, lat)
    return _district_of_grid(grid.pk) if grid is not None else None


def _district_of_grid(grid_id: int) -> Node | None:
    grid = Node.objects.select_related("police_district").filter(pk=grid_id).first()
    if grid is None or grid.police_district is None or not grid.police_district.is_active:
        return None
    return grid.police_district


def district_card(district: Node) -> DistrictCard:
    """The district's officer(s) and auxiliaries from its 1+X+N roster, and its offices in use."""
    card = DistrictCard(district)
    members = RosterMember.objects.filter(
        police_district=district, is_active=True, position__in=PUBLIC_POSITIONS
    ).order_by("position", "name")
    for m in members.only("pk", "name", "position", "duty"):
        (card.officers if m.position == RosterPosition.OFFICER else card.auxiliaries).append(m)
    card.offices = list(
        PoliceOffice.objects.filter(district=district, is_active=True)
        .only("pk", "name", "address", "opening_hours", "phone", "latitude", "longitude")
        .order_by("name")
    )
    return card


def district_by_code(code: str) -> Node | None:
    return Node.objects.filter(kind=NodeKind.POLICE_DISTRICT, code=str(code)[:18], is_active=True).first()


@dataclass
class CommunityEntry:
    community: Node
    districts: list[Node]


def community_list() -> list[CommunityEntry]:
    """Every community in use with the police districts its grids belong to: the way in when an
    address is not found."""
    grids = Node.objects.filter(kind=NodeKind.GRID, is_active=True, police_district__isnull=False).select_related(
        "police_district"
    )
    communities = (
        Node.objects.filter(kind=NodeKind.COMMUNITY, is_active=True)
        .prefetch_related(Prefetch("children", queryset=grids, to_attr="grids"))
        .order_by("code")
    )
    entries = []
    for c in communities:
        seen: dict[int, Node] = {}
        for g in c.grids:  # type: ignore[attr-defined]
            if g.police_district is not None:
                seen.setdefault(g.police_district.pk, g.police_district)
        if seen:
            entries.append(CommunityEntry(c, sorted(seen.values(), key=lambda n: n.code)))
    return entries
