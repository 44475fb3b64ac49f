"""Address standardisation: divisions, numerals, the parser, matching, the command and the API."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from jingwang.bench.harness import load_cases
from jingwang.demo.synthetic_addresses import VARIANTS, synthetic_addresses
from jingwang.registry.addressing import FIELDS, StandardAddress, match_address, parse_address, parse_many
from jingwang.registry.addressing.divisions import division_index, old_name_targets, short_form
from jingwang.registry.addressing.numerals import arabic_numerals, numeral_value, to_halfwidth
from jingwang.testing import World, sign_in

NANJING_GULOU = "320106"
NINGHAILU = "320106001"
STREET = dict(road="北京西路", road_number="123号", compound="颐和花园", building="3栋", unit="2单元", room="502室")


def components(text: str, **kwargs: Any) -> dict[str, Any]:
    return parse_address(text, **kwargs).as_dict()


def assert_street(parsed: dict[str, Any], **expected: str) -> None:
    assert {k: parsed[k] for k in expected} == expected


# --- the division table -------------------------------------------------------------------------


def test_division_table_comes_whole_from_the_installed_package() -> None:
    levels = [p.level for p in division_index().places.values()]
    assert [levels.count(n) for n in (1, 2, 3, 4)] == [33, 333, 2845, 38723]


def test_short_forms_drop_generic_suffixes_but_never_leave_a_road_or_one_character() -> None:
    assert short_form("江苏省", 1) == "江苏"
    assert short_form("广西壮族自治区", 1) == "广西"
    assert short_form("延边朝鲜族自治州", 2) == "延边"
    assert short_form("克孜勒苏柯尔克孜自治州", 2) == "克孜勒苏"
    assert short_form("浦东新区", 3) == "浦东"
    assert short_form("清新区", 3) == "清新"
    assert short_form("万柏林区", 3) == "万柏林"
    assert short_form("常营回族乡", 4) == "常营"
    assert short_form("宁海路街道", 4) is None  # would read as the road 宁海路
    assert short_form("城区", 3) is None


def test_a_short_form_is_indexed_for_every_place_it_names_unambiguously_within_its_parent() -> None:
    gulou = {code for code, exact in division_index().names["鼓楼"] if len(code) == 6}
    assert gulou == {"320106", "320302", "350102", "410204"}


def test_every_retired_name_resolves_to_a_current_division() -> None:
    assert all(code is not None for _, code in old_name_targets())


# --- numerals -----------------------------------------------------------------------------------


def test_full_width_digits_letters_and_spaces_become_ascii() -> None:
    assert to_halfwidth("１２３号Ａ座　５０２") == "123号A座 502"


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("十二", 12), ("二十", 20), ("十", 10), ("一百零五", 105), ("两千零一", 2001), ("五〇二", 502), ("幺二", 12)],
)
def test_chinese_numerals_have_their_value(numeral: str, value: int) -> None:
    assert numeral_value(numeral) == value


def test_malformed_numerals_have_no_value() -> None:
    assert numeral_value("二三十") is None and numeral_value("十百") is None and numeral_value("") is None


def test_numerals_that_count_something_become_digits() -> None:
    assert arabic_numerals("三号楼二单元五〇二室") == "3号楼2单元502室"
    assert arabic_numerals("十二栋一楼") == "12栋1楼"
    assert arabic_numerals("一百二十三号") == "123号"
    assert arabic_numerals("二单元五零二") == "2单元502"


def test_numerals_inside_names_stay() -> None:
    assert arabic_numerals("三里屯五一路八一社区千户苑") == "三里屯五一路八一社区千户苑"


# --- parsing: the variants people write ---------------------------------------------------------


def test_full_address_gives_every_component_and_both_codes() -> None:
    parsed = components("江苏省南京市鼓楼区宁海路街道颐和社区北京西路123号颐和花园3幢2单元502室")
    assert parsed == {
        "province": "江苏省",
        "city": "南京市",
        "district": "鼓楼区",
        "subdistrict": "宁海路街道",
        "community": "颐和社区",
        "group": "",
        **STREET,
        "floor": "",
        "note": "",
        "division_code": NANJING_GULOU,
        "township_code": NINGHAILU,
        "canonical": "江苏省南京市鼓楼区宁海路街道颐和社区北京西路123号颐和花园3栋2单元502室",
        "confidence": 1.0,
    }
    assert tuple(parsed) == FIELDS


def test_suffix_free_abbreviations_are_read() -> None:
    parsed = components("江苏南京鼓楼宁海路街道北京西路123号颐和花园3栋2单元502室")
    assert parsed["township_code"] == NINGHAILU and parsed["district"] == "鼓楼区"
    assert_street(parsed, **STREET)


def test_missing_province_and_city_are_inferred_from_the_township() -> None:
    parsed = components("宁海路街道北京西路123号")
    assert (parsed["province"], parsed["city"], parsed["district"]) == ("江苏省", "南京市", "鼓楼区")
    assert parsed["township_code"] == NINGHAILU


def test_missing_city_is_inferred_from_the_county() -> None:
    parsed = components("江苏省鼓楼区宁海路街道北京西路123号")
    assert parsed["city"] == "南京市" and parsed["township_code"] == NINGHAILU


def test_municipality_puts_the_county_directly_under_the_province() -> None:
    parsed = components("北京朝阳区建外街道建国路88号")
    assert (parsed["province"], parsed["city"], parsed["district"]) == ("北京市", "北京市", "朝阳区")
    assert parsed["township_code"] == "110105001"
    assert parsed["canonical"] == "北京市朝阳区建外街道建国路88号"


def test_county_level_city_directly_under_a_province_has_no_prefecture() -> None:
    parsed = components("河南省济源市沁园街道幸福路5号")
    assert (parsed["city"], parsed["district"], parsed["division_code"]) == ("", "济源市", "419001")
    assert parsed["township_code"] == "419001001"


def test_township_directly_under_a_prefecture_takes_the_prefecture_code() -> None:
    parsed = components("广东省东莞市虎门镇幸福路12号")
    assert (parsed["district"], parsed["division_code"], parsed["township_code"]) == ("", "441900", "441900121")


def test_a_prefecture_without_counties_is_its_own_county_code() -> None:
    assert parse_address("东莞市幸福路12号").division_code == "441900"
    assert parse_address("南京市幸福路12号").division_code == ""


def test_repeated_county_name_is_settled_by_the_township() -> None:
    parsed = components("鼓楼区东街街道幸福路1号")
    assert parsed["city"] == "福州市" and parsed["township_code"] == "350102004"


def test_repeated_county_name_is_settled_by_the_city() -> None:
    assert components("徐州鼓楼区幸福路1号")["division_code"] == "320302"
    assert components("开封市鼓楼区幸福路1号")["division_code"] == "410204"


def test_repeated_county_name_alone_settles_nothing_and_says_so() -> None:
    parsed = parse_address("鼓楼区北京西路123号")
    assert parsed.division_code == "" and parsed.township_code == ""
    assert parsed.road == "北京西路" and parsed.confidence < 0.5


def test_prefer_breaks_a_tie_between_places_with_the_same_name() -> None:
    parsed = parse_address("鼓楼区北京西路123号", prefer="320100")
    assert parsed.division_code == NANJING_GULOU
    assert parsed.confidence < parse_address("南京市鼓楼区北京西路123号").confidence


def test_an_ambiguous_township_keeps_only_what_its_readings_share() -> None:
    parsed = parse_address("河南城关镇")
    assert (parsed.province, parsed.district, parsed.division_code, parsed.township_code) == ("河南省", "", "", "")


def test_a_later_division_name_settles_an_earlier_short_one() -> None:
    # 濮阳 is the city and then the county; 城关镇 exists in several counties of 濮阳市.
    assert components("河南濮阳濮阳城关镇柳树村")["township_code"] == "410928100"


def test_retired_names_and_old_suffixes_read_as_todays_divisions() -> None:
    assert components("北京市崇文区东花市街道")["township_code"] == "110101013"
    assert components("江宁县秣陵街道幸福村3组12号")["district"] == "江宁区"


def test_renamed_counties_and_changed_suffixes_read_as_todays_divisions() -> None:
    assert components("重庆市渝北区龙溪街道红锦大道68号")["township_code"] == "500157013"
    parsed = components("成都郫县犀浦镇幸福路1号")  # 郫县 is 郫都区 now, 犀浦镇 犀浦街道
    assert (parsed["district"], parsed["subdistrict"]) == ("郫都区", "犀浦街道")


def test_development_zones_between_divisions_are_read_past() -> None:
    assert components("成都市高新区桂溪街道天府大道1号")["township_code"] == "510107021"
    assert_street(components("江苏省苏州市工业园区星湖街328号"), road="星湖街", road_number="328号")


def test_a_shorter_name_under_the_named_county_beats_a_longer_one_elsewhere() -> None:
    assert components("辽宁省沈阳市浑南区满堂红旗北路18号")["township_code"] == "210112018"


def test_place_names_inside_roads_are_not_read_as_divisions() -> None:
    parsed = components("南京市鼓楼区北京西路123号")
    assert (parsed["district"], parsed["road"]) == ("鼓楼区", "北京西路")
    assert components("上海市黄浦区南京东路100号")["road"] == "南京东路"
    assert components("天津市和平区湖南路9号")["road"] == "湖南路"


def test_full_width_digits_are_normalised() -> None:
    parsed = components("江苏省南京市鼓楼区宁海路街道北京西路１２３号颐和花园３栋２单元５０２室")
    assert_street(parsed, **STREET)


def test_chinese_numerals_are_normalised() -> None:
    parsed = components("南京市鼓楼区宁海路街道北京西路一百二十三号颐和花园三号楼二单元五〇二")
    assert_street(parsed, **STREET)
    assert components("南京市鼓楼区宁海路街道颐和花园十二栋")["building"] == "12栋"


@pytest.mark.parametrize("building", ["3幢", "3栋", "3号楼", "3座", "3#", "三号楼", "第3栋"])
def test_building_forms_become_n_dong(building: str) -> None:
    assert components(f"南京市鼓楼区颐和花园{building}2单元502室")["building"] == "3栋"


@pytest.mark.parametrize("room", ["502室", "502房", "502号", "502", "五〇二"])
def test_room_forms_become_n_shi(room: str) -> None:
    assert components(f"南京市鼓楼区颐和花园3栋2单元{room}")["room"] == "502室"


def test_dashed_building_unit_room() -> None:
    assert_street(components("南京市鼓楼区颐和花园3-2-502"), building="3栋", unit="2单元", room="502室")


def test_floor_is_kept_but_left_out_of_the_canonical_text_when_there_is_a_room() -> None:
    with_floor = parse_address("南京市鼓楼区宁海路街道颐和花园3栋5楼502室")
    assert with_floor.floor == "5层" and with_floor.room == "502室"
    assert with_floor.canonical == parse_address("南京市鼓楼区宁海路街道颐和花园3栋502室").canonical


def test_spaces_commas_and_labels_are_ignored() -> None:
    parsed = components("地址：中国 江苏省, 南京市，鼓楼区 宁海路街道、北京西路 123号 颐和花园 3栋 2单元 502室")
    assert parsed["township_code"] == NINGHAILU
    assert_street(parsed, **STREET)


def test_community_and_road_are_told_apart() -> None:
    assert_street(components("南京市鼓楼区解放路社区解放路3号"), community="解放路社区", road="解放路")
    assert_street(components("兰州市七里河区五一路八一社区"), community="八一社区", road="五一路")
    assert_street(components("北京市海淀区中关村大街27号"), community="", road="中关村大街")
    assert components("南京市鼓楼区颐和社区居委会")["community"] == "颐和社区"


def test_the_same_address_in_two_spellings_has_one_canonical_text() -> None:
    one = parse_address("江苏省南京市鼓楼区宁海路街道北京西路123号颐和花园3幢2单元502室")
    other = parse_address("江苏南京鼓楼 宁海路街道 北京西路１２３号 颐和花园三号楼二单元五〇二")
    assert one.canonical == other.canonical


def test_text_may_end_with_a_short_form() -> None:
    assert parse_address("江苏南京鼓楼").canonical == "江苏省南京市鼓楼区"
    assert parse_address("江宁").district == "江宁区"


def test_a_name_that_is_a_city_here_and_a_township_elsewhere_means_the_city() -> None:
    parsed = parse_address("北京")
    assert (parsed.province, parsed.city, parsed.division_code, parsed.township_code) == ("北京市", "北京市", "", "")


def test_text_of_nothing_but_place_names_settles_nothing_and_does_not_fail() -> None:
    for text in ("城关" * 250, "鼓楼区" * 160, "城关镇新华镇" * 80):
        parsed = parse_address(text)
        assert parsed.township_code == "" and parsed.confidence <= 0.5


def test_text_with_no_address_in_it_gives_empty_components() -> None:
    parsed = parse_address("")
    assert parsed.canonical == "" and parsed.division_code == ""


def test_parse_many_keeps_the_order() -> None:
    lines = ["宁海路街道北京西路1号", "北京朝阳区建外街道建国路88号"]
    assert [p.township_code for p in parse_many(lines)] == [NINGHAILU, "110105001"]


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_synthetic_variant_parses_to_its_township_and_components(variant: str) -> None:
    for item in synthetic_addresses(40, seed=3, variants=(variant,)):
        parsed = parse_address(item.text).as_dict()
        assert parsed["township_code"] == item.township_code, item.text
        assert {k: parsed[k] for k in item.components} == item.components, item.text


def test_township_accuracy_on_two_thousand_synthetic_addresses_is_at_least_97_percent() -> None:
    data = synthetic_addresses(2000, seed=2024)
    right = sum(parse_address(item.text).township_code == item.township_code for item in data)
    assert right / len(data) >= 0.97


def test_synthetic_set_is_reproducible_and_refuses_unknown_variants() -> None:
    assert synthetic_addresses(30, seed=1) == synthetic_addresses(30, seed=1)
    with pytest.raises(ValueError):
        synthetic_addresses(1, variants=("no_such_variant",))


# --- matching -----------------------------------------------------------------------------------

TEXT = "南京市鼓楼区宁海路街道北京西路123号颐和花园3栋2单元502室"


def standard(**overrides: Any) -> StandardAddress:
    fields = {"canonical": parse_address(TEXT).canonical, "township_code": NINGHAILU, **STREET, **overrides}
    return StandardAddress(**fields)


def test_matching_takes_the_canonical_match_first() -> None:
    exact = standard(ref=1)
    by_alias = standard(canonical="别的", aliases=(TEXT,), ref=2)
    result = match_address(parse_address(TEXT), [by_alias, exact], text=TEXT)
    assert result.kind == "canonical" and result.address is exact


def test_matching_then_takes_an_alias_compared_without_width_or_separators() -> None:
    aliased = standard(
        canonical="江苏省南京市鼓楼区宁海路街道颐和花园3栋2单元502室", aliases=("北京西路 １２３号 3-2-502",)
    )
    text = "北京西路123号3-2-502"
    result = match_address(parse_address(text), [standard(canonical="x", room="501室"), aliased], text=text)
    assert result.kind == "alias" and result.address is aliased


def test_matching_otherwise_offers_scored_candidates_best_first() -> None:
    near = standard(canonical="a", room="501室", ref="near")
    far = standard(canonical="b", compound="别的花园", building="9栋", room="901室", ref="far")
    elsewhere = standard(canonical="c", township_code="350102004", road="别的路", road_number="1号", ref="elsewhere")
    result = match_address(parse_address(TEXT), [far, elsewhere, near])
    assert result.kind == "candidates" and result.address is None
    assert [s.address.ref for s in result.candidates] == ["near", "far"]  # type: ignore[union-attr]
    assert result.candidates[0].agreement["room"] == 0.0 and result.candidates[0].score > 0.8


def test_matching_accepts_plain_mappings() -> None:
    row = {"canonical": parse_address(TEXT).canonical, "aliases": []}
    assert match_address(parse_address(TEXT), [row]).address is row


# --- the command --------------------------------------------------------------------------------

KEYS = ["input", *FIELDS]


def test_command_writes_one_json_object_per_non_blank_line(tmp_path: Path) -> None:
    source = tmp_path / "addresses.txt"
    source.write_text("宁海路街道北京西路1号\n\n   \n北京朝阳区建外街道建国路88号\n", encoding="utf-8")
    out = io.StringIO()
    call_command("address", "parse", str(source), stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [list(row) for row in rows] == [KEYS, KEYS]
    assert rows[0]["township_code"] == NINGHAILU and rows[0]["input"] == "宁海路街道北京西路1号"
    assert "宁海路街道" in out.getvalue()  # not \u-escaped


def test_command_reads_standard_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("鼓楼区北京西路1号\n".encode())))
    out = io.StringIO()
    call_command("address", "parse", "--prefer", "320100", stdout=out)
    assert json.loads(out.getvalue())["division_code"] == NANJING_GULOU


def test_command_refuses_a_missing_file_and_a_bad_preference(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("address", "parse", str(tmp_path / "missing.txt"), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("address", "parse", "--prefer", "32", str(tmp_path), stdout=io.StringIO())


# --- the API ------------------------------------------------------------------------------------

URL = "/api/v1/addresses/parse/"


def test_anonymous_caller_cannot_parse_addresses(api: Any, db: Any) -> None:
    response = api.post(URL, {"text": TEXT}, format="json")
    assert response.status_code == 401 and response.json()["error"]["code"] == "not_authenticated"


def test_signed_in_user_parses_one_address(api_as: Any) -> None:
    response = api_as("grid_a1").post(URL, {"text": TEXT}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == KEYS and body["township_code"] == NINGHAILU and body["room"] == "502室"


def test_signed_in_user_parses_a_batch_in_order(api_as: Any) -> None:
    texts = ["鼓楼区北京西路1号", "北京朝阳区建外街道建国路88号"]
    response = api_as("officer_a").post(URL, {"texts": texts, "prefer": "320100"}, format="json")
    assert response.status_code == 200
    assert [r["division_code"] for r in response.json()["results"]] == [NANJING_GULOU, "110105"]


@pytest.mark.parametrize(
    "payload",
    [{}, {"text": TEXT, "texts": [TEXT]}, {"texts": ["x"] * 1001}, {"text": TEXT, "prefer": "32"}, {"text": "x" * 501}],
)
def test_bad_requests_are_refused_in_the_error_format(api_as: Any, payload: dict[str, Any]) -> None:
    response = api_as("officer_a").post(URL, payload, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid"


def test_the_endpoint_is_in_the_schema(client: Any, world: World) -> None:
    assert b"/api/v1/addresses/parse/" in sign_in(client, world.officer_a).get("/api/schema/").content


# --- the benchmark ------------------------------------------------------------------------------


def test_benchmark_case_is_registered() -> None:
    assert "address.parse" in load_cases()
