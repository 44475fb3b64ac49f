"""Addresses as grid workers and residents write them (issue 16): village groups, and notes about
position or use, through the parser, matching, the command, the API, the collect form, the import
and the stored standard address."""

from __future__ import annotations

import importlib
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command

from jingwang.demo.synthetic_addresses import FIELD_VARIANTS, synthetic_addresses
from jingwang.registry.addressing import StandardAddress, match_address, parse_address
from jingwang.registry.imports.importer import import_file
from jingwang.registry.models import Address, AddressAlias, Collection
from jingwang.registry.services.collections import collection_decide
from jingwang.registry.services.places import address_resolve
from jingwang.testing import World, sign_in

PENGYANG_CHENGYANG = "640425201"  # 宁夏固原市彭阳县城阳乡
VILLAGE = "宁夏固原市彭阳县城阳乡长城村三组18号"
FLAT = "江苏省南京市鼓楼区宁海路街道北京西路123号颐和花园3栋2单元2501"
GRID = "320106001001001"


def parsed(text: str) -> dict[str, Any]:
    return parse_address(text).as_dict()


# --- village groups -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "group",
    ["三组", "3组", "３组", "第三组", "三村民小组", "第三村民小组", "3村民小组", "三队", "3队", "第3组", "03组"],
)
def test_village_group_is_its_own_component_and_never_a_road(group: str) -> None:
    p = parsed(f"宁夏固原市彭阳县城阳乡长城村{group}18号")
    assert (p["group"], p["road"], p["community"], p["road_number"]) == ("3组", "", "长城村", "18号")
    assert p["township_code"] == PENGYANG_CHENGYANG
    assert p["canonical"] == "宁夏回族自治区固原市彭阳县城阳乡长城村3组18号"


@pytest.mark.parametrize(
    ("group", "value"), [("十二组", "12组"), ("七队", "7组"), ("十五村民小组", "15组"), ("1组", "1组")]
)
def test_village_group_numbers_in_chinese_and_arabic_numerals_and_dui_read_as_zu(group: str, value: str) -> None:
    p = parsed(f"彭阳县城阳乡长城村{group}")
    assert (p["group"], p["road"]) == (value, "")


def test_village_group_before_a_road_keeps_both() -> None:
    p = parsed("彭阳县城阳乡长城村三组幸福路5号")
    assert (p["group"], p["road"], p["road_number"]) == ("3组", "幸福路", "5号")


def test_zutuan_is_part_of_a_compound_not_a_group() -> None:
    assert parsed("北京市朝阳区望京街道望京西园3组团5号楼")["group"] == ""


def test_generated_village_group_addresses_parse_with_the_group_and_no_road() -> None:
    data = synthetic_addresses(600, seed=16, variants=("village_group",))
    written = {form for item in data for form in ("队", "村民小组", "组") if form in item.text}
    assert written == {"队", "村民小组", "组"}
    assert any(ch in item.text for item in data for ch in "一二三四五六七八九十")
    assert any(ch in item.text for item in data for ch in "0123456789")
    wrong = []
    for item in data:
        p = parsed(item.text)
        if p["township_code"] != item.township_code or {k: p[k] for k in item.components} != item.components:
            wrong.append(item.text)
        assert p["road"] == "", item.text
    assert not wrong, wrong[:10]


# --- notes --------------------------------------------------------------------------------------


@pytest.mark.parametrize("note", ["门面房", "对面", "附近", "旁", "后面平房", "旁边", "隔壁"])
def test_a_trailing_note_leaves_the_room_and_is_kept_as_the_note(note: str) -> None:
    p = parsed(f"{FLAT}{note}")
    assert (p["compound"], p["building"], p["unit"], p["room"]) == ("颐和花园", "3栋", "2单元", "2501室")
    assert p["note"] == note
    assert p["canonical"] == parsed(FLAT)["canonical"]


def test_a_note_before_the_room_leaves_the_room() -> None:
    p = parsed("江苏省南京市鼓楼区宁海路街道颐和花园3栋2单元门面房2501")
    assert (p["room"], p["note"]) == ("2501室", "门面房")


@pytest.mark.parametrize("bracket", ["(东门)", "（东门）", "【东门】", "(超市旁)", "(原粮站)"])
def test_a_bracketed_note_is_not_the_compound(bracket: str) -> None:
    p = parsed(f"江苏省南京市鼓楼区宁海路街道北京西路123号{bracket}3栋2单元201")
    assert (p["compound"], p["building"], p["unit"], p["room"]) == ("", "3栋", "2单元", "201室")
    assert p["note"] == bracket[1:-1]
    p = parsed(f"江苏省南京市鼓楼区宁海路街道北京西路123号颐和花园{bracket}3栋2单元201")
    assert (p["compound"], p["room"], p["note"]) == ("颐和花园", "201室", bracket[1:-1])


def test_bracketed_components_and_divisions_stay_components() -> None:
    assert parsed("南京市鼓楼区宁海路街道颐和花园(二期)3栋")["compound"] == "颐和花园2期"
    assert parsed("南京市鼓楼区宁海路街道北京西路123号(颐和花园)3栋")["compound"] == "颐和花园"
    p = parsed("江苏省南京市(鼓楼区)宁海路街道北京西路1号")
    assert p["township_code"] == "320106001" and p["note"] == ""


def test_note_words_inside_names_stay_names() -> None:
    p = parsed("南京市鼓楼区宁海路街道东门社区北门外大街8号平房小区2栋")
    assert (p["community"], p["road"], p["compound"], p["note"]) == ("东门社区", "北门外大街", "平房小区", "")


def test_several_notes_are_joined() -> None:
    assert parsed(f"南京市鼓楼区宁海路街道北京西路123号(东门){'颐和花园3栋2单元2501门面房'}")["note"] == "东门、门面房"


@pytest.mark.parametrize("variant", ["trailing_note", "bracketed_note"])
def test_generated_addresses_with_notes_keep_room_and_compound(variant: str) -> None:
    data = synthetic_addresses(600, seed=16, variants=(variant,))
    assert all(item.components["note"] for item in data)
    wrong = []
    for item in data:
        p = parsed(item.text)
        if p["township_code"] != item.township_code or {k: p[k] for k in item.components} != item.components:
            wrong.append(item.text)
    assert not wrong, wrong[:10]


def test_every_field_variant_is_generated_reproducibly() -> None:
    for variant in FIELD_VARIANTS:
        first = synthetic_addresses(20, seed=4, variants=(variant,))
        assert first == synthetic_addresses(20, seed=4, variants=(variant,))


# --- matching, the command, the API --------------------------------------------------------------


def test_matching_tells_village_groups_apart() -> None:
    def house(group: str, ref: str) -> StandardAddress:
        p = parse_address(f"彭阳县城阳乡长城村{group}18号")
        return StandardAddress(
            canonical=f"x{ref}", township_code=p.township_code, group=p.group, road_number="18号", ref=ref
        )

    result = match_address(parse_address("彭阳县城阳乡长城村三队18号"), [house("4组", "four"), house("3组", "three")])
    assert result.candidates[0].address.ref == "three"  # type: ignore[union-attr]
    assert result.candidates[0].agreement["group"] == 1.0


def test_address_parse_command_outputs_the_group_and_the_note(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(f"{VILLAGE}\n{FLAT}门面房\n", encoding="utf-8")
    out = io.StringIO()
    call_command("address", "parse", str(source), stdout=out)
    village, flat = (json.loads(line) for line in out.getvalue().splitlines())
    assert (village["group"], village["road"]) == ("3组", "")
    assert (flat["room"], flat["note"]) == ("2501室", "门面房")


def test_parse_endpoint_returns_the_group_and_the_note(api_as: Any) -> None:
    response = api_as("grid_a1").post("/api/v1/addresses/parse/", {"texts": [VILLAGE, f"{FLAT}对面"]}, format="json")
    village, flat = response.json()["results"]
    assert (village["group"], village["road"], flat["room"], flat["note"]) == ("3组", "", "2501室", "对面")


# --- stored addresses ---------------------------------------------------------------------------

TEXT = "南京市鼓楼区宁海路街道长城村七队18号(东门)"


def test_a_resolved_address_stores_the_group_and_the_note(world: World) -> None:
    address = address_resolve(by=None, text=TEXT, grid=world.node(f"grid:{GRID}"))
    assert (address.community, address.group, address.road, address.road_number) == ("长城村", "7组", "", "18号")
    assert address.note == "东门"
    assert address.canonical == "江苏省南京市鼓楼区宁海路街道长城村7组18号"
    again = address_resolve(by=None, text="南京市鼓楼区宁海路街道长城村7组18号", grid=world.node(f"grid:{GRID}"))
    assert again.pk == address.pk


def test_the_collect_form_stores_a_village_group_address(world: World, client: Any) -> None:
    sign_in(client, world.users["grid_a1"])
    grid = world.node(f"grid:{GRID}")
    response = client.post(
        "/registry/collect/",
        {"kind": "address", "address": TEXT, "grid": grid.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    collection = Collection.objects.get(kind="address")
    collection_decide(by=world.users["officer_a"], collection_id=collection.pk, accept=True)
    address = Address.objects.get()
    assert (address.group, address.road, address.note) == ("7组", "", "东门")


def test_the_import_stores_village_groups_and_notes(world: World, tmp_path: Path) -> None:
    path = tmp_path / "addresses.csv"
    path.write_text(
        f"address,grid\n{TEXT},{GRID}\n南京市鼓楼区宁海路街道颐和花园3栋2单元2501门面房,{GRID}\n", encoding="utf-8"
    )
    report = import_file(by=None, kind="address", path=path)
    assert report.created == 2 and not report.problems
    village = Address.objects.get(group="7组")
    assert (village.road, village.note) == ("", "东门")
    flat = Address.objects.get(room="2501室")
    assert (flat.compound, flat.note) == ("颐和花园", "门面房")


def test_the_migration_moves_groups_stored_as_roads_out_of_the_road(world: World) -> None:
    migration = importlib.import_module("jingwang.registry.migrations.0007_village_groups_out_of_roads")
    grid = world.node(f"grid:{GRID}")
    prefix = "江苏省南京市鼓楼区宁海路街道长城村"
    common: dict[str, Any] = {"grid": grid, "division_code": "320106", "township_code": "320106001"}
    zu = Address.objects.create(**common, community="长城村", road="3组", canonical=f"{prefix}3组1号")
    dui = Address.objects.create(**common, community="长城村", road="7队", canonical=f"{prefix}7队2号")
    road = Address.objects.create(**common, road="幸福路", road_number="3号", canonical=f"{prefix}幸福路3号")
    migration.forwards(django_apps, None)
    zu.refresh_from_db()
    dui.refresh_from_db()
    road.refresh_from_db()
    assert (zu.group, zu.road, zu.canonical) == ("3组", "", f"{prefix}3组1号")
    assert (dui.group, dui.road, dui.canonical) == ("7组", "", f"{prefix}7组2号")
    assert AddressAlias.objects.get(text=f"{prefix}7队2号").address_id == dui.pk
    assert (road.group, road.road) == ("", "幸福路")
