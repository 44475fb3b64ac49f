"""Find my officer: an address (typed, standardised and matched with the registry's parser, or a
point picked on the map) → its police district, the district's community officer and auxiliaries
and its police office. Nothing else about the address or who lives there leaves this module: the
answer is the district's public card, the same for every address in it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Prefetch

from jingwang.accounts.models import RosterMember, RosterPosition
from jingwang.offices.models import PoliceOffice
from jingwang.registry.addressing.parser import parse_address
from jingwang.registry.models import Address, AddressAlias
from jingwang.territory import spatial
from jingwang.territory.models import Node, NodeKind

PUBLIC_POSITIONS = (RosterPosition.OFFICER, RosterPosition.AUXILIARY)
CARD_SECONDS = 60  # a roster or office change shows on the portal within a minute


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
    district_id: int | None = None
    live = {"is_active": True, "grid__police_district__is_active": True}
    if parsed.division_code and parsed.canonical:
        district_id = (
            Address.objects.filter(canonical=parsed.canonical, **live)
            .values_list("grid__police_district_id", flat=True)
            .first()
        )
    if district_id is None:
        district_id = (
            AddressAlias.objects.filter(text=text, **{f"address__{k}": v for k, v in live.items()})
            .values_list("address__grid__police_district_id", flat=True)
            .first()
        )
    return _district(district_id) if district_id is not None else None


def district_for_point(lon: float, lat: float) -> Node | None:
    """The police district of the grid containing a point (WGS-84), or None outside every grid."""
    grid = spatial.grid_for_point(lon, lat)
    if grid is None or grid.police_district_id is None:
        return None
    return _district(grid.police_district_id)


def _district(district_id: int) -> Node | None:
    """The district itself comes with its card (cached), so a look-up costs one query."""
    card = district_card_by_id(district_id)
    return card.district if card is not None else None


def district_card_by_id(district_id: int) -> DistrictCard | None:
    """The district's public card, kept for a minute (it is the same for every resident)."""
    key = f"portal.district_card.{district_id}"
    card: DistrictCard | None = cache.get(key)
    if card is None:
        district = Node.objects.filter(pk=district_id, kind=NodeKind.POLICE_DISTRICT, is_active=True).first()
        if district is None:
            return None
        card = _card(district)
        cache.set(key, card, CARD_SECONDS)
    return card


def district_card(district: Node) -> DistrictCard:
    card = district_card_by_id(district.pk)
    return card if card is not None else DistrictCard(district)


def _card(district: Node) -> DistrictCard:
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
