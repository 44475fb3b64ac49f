"""Identifier checks (SECURITY 20) and masks (SECURITY 18); every ID number here is made up."""

from __future__ import annotations

import io
import json
import random
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import translation
from stdnum.cn import ric

from jingwang.core.identity import (
    FEMALE,
    MALE,
    check_coordinates,
    check_credit_code,
    check_id_number,
    check_phone,
    mask_id_number,
    mask_phone,
    region_table,
    synthetic_id_number,
)

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def make_id(region: str, birth: str, seq: int) -> str:
    """A made-up ID number, its check digit computed the textbook way (ISO 7064 MOD 11-2)."""
    body = f"{region}{birth}{seq:03d}"
    total = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS, strict=True))
    return body + "10X98765432"[total % 11]


def make_uscc(body: str) -> str:
    """A made-up credit code: 17 characters and the GB 32100 check character."""
    total = sum(USCC_ALPHABET.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


SAMPLE_IDS = [
    make_id("320106", "19850307", 123),
    make_id("110105", "20000229", 8),
    make_id("440305", "19691231", 990),
    make_id("510104", "19500101", 57),
]


def codes(problems: list[Any]) -> list[str]:
    return [p.code for p in problems]


# --- resident ID numbers ---------------------------------------------------------------------


def test_valid_id_gives_birth_date_sex_and_area_code() -> None:
    number = make_id("320106", "19850307", 123)
    check = check_id_number(number)
    assert check.valid and check.errors == [] and check.warnings == []
    assert check.normalized == number
    assert check.birth_date == date(1985, 3, 7)
    assert check.sex == MALE
    assert check.region_code == "320106"
    assert check_id_number(make_id("320106", "19850307", 124)).sex == FEMALE


def test_check_character_x_is_accepted_in_either_case() -> None:
    number = next(n for seq in range(1000) if (n := make_id("320106", "19900101", seq)).endswith("X"))
    assert check_id_number(number).valid
    lower = check_id_number(number.lower())
    assert lower.valid and lower.normalized == number


def test_synthetic_numbers_agree_with_the_textbook_check_digit() -> None:
    assert synthetic_id_number("320106", date(1985, 3, 7), 123) == make_id("320106", "19850307", 123)
    assert synthetic_id_number("320106", date(1985, 3, 7), 123)[-1] == ric.calc_check_digit(SAMPLE_IDS[0])


def test_random_synthetic_numbers_are_valid_and_follow_the_requested_sex() -> None:
    rng = random.Random(7)
    for sex in (MALE, FEMALE):
        for _ in range(200):
            check = check_id_number(synthetic_id_number(sex=sex, rng=rng))
            assert check.valid and check.sex == sex and check.warnings == []


def test_synthetic_number_refuses_impossible_parts() -> None:
    with pytest.raises(ValueError):
        synthetic_id_number("3201", date(1985, 3, 7), 1)
    with pytest.raises(ValueError):
        synthetic_id_number("320106", date(1985, 3, 7), 1000)
    with pytest.raises(ValueError):
        synthetic_id_number("320106", date(1985, 3, 7), 2, sex=MALE)


@pytest.mark.parametrize("number", SAMPLE_IDS)
def test_every_single_character_error_is_rejected(number: str) -> None:
    assert check_id_number(number).valid
    for i in range(18):
        for c in "0123456789X" if i == 17 else "0123456789":
            if c != number[i]:
                typo = number[:i] + c + number[i + 1 :]
                assert not check_id_number(typo).valid, typo


@pytest.mark.parametrize("number", SAMPLE_IDS)
def test_every_adjacent_transposition_is_rejected(number: str) -> None:
    for i in range(17):
        if number[i] != number[i + 1]:
            swapped = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
            check = check_id_number(swapped)
            assert not check.valid, swapped
            assert check.normalized == "" and check.birth_date is None


def test_wrong_check_digit_says_so_without_giving_the_expected_one() -> None:
    number = SAMPLE_IDS[0]
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    check = check_id_number(wrong)
    assert codes(check.errors) == ["invalid_check_digit"]
    assert not any(c.isdigit() for c in check.errors[0].message)


def test_fifteen_digit_number_is_upgraded_with_a_warning() -> None:
    old = "320106850307123"
    check = check_id_number(old)
    assert check.valid
    assert check.normalized == make_id("320106", "19850307", 123)
    assert check.birth_date == date(1985, 3, 7)
    assert codes(check.warnings) == ["upgraded_from_15"]
    assert check.errors == []


def test_fifteen_digit_number_with_an_impossible_date_is_rejected() -> None:
    assert codes(check_id_number("320106850230123").errors) == ["invalid_birth_date"]


def test_future_birth_date_is_rejected() -> None:
    number = make_id("320106", "20240601", 12)
    assert check_id_number(number, today=date(2024, 6, 1)).valid
    assert codes(check_id_number(number, today=date(2024, 5, 31)).errors) == ["birth_date_in_future"]
    assert codes(check_id_number(make_id("320106", "20990101", 12)).errors) == ["birth_date_in_future"]


def test_birth_date_before_1900_is_rejected() -> None:
    assert codes(check_id_number(make_id("320106", "18991231", 12)).errors) == ["birth_date_too_early"]
    assert check_id_number(make_id("320106", "19000101", 12)).valid


def test_february_30_is_rejected_and_leap_days_follow_the_calendar() -> None:
    check = check_id_number(make_id("320106", "19850230", 12))
    assert codes(check.errors) == ["invalid_birth_date"]
    assert "1985-02-30" in check.errors[0].message
    assert check_id_number(make_id("320106", "20000229", 12)).valid
    assert not check_id_number(make_id("320106", "19000229", 12)).valid
    assert not check_id_number(make_id("320106", "19851301", 12)).valid


def test_unknown_area_code_warns_but_stays_valid() -> None:
    check = check_id_number(make_id("990101", "19850307", 12))
    assert check.valid and check.region_code == "990101"
    assert codes(check.warnings) == ["unknown_region"]
    assert "990101" in check.warnings[0].message


def test_retired_area_code_is_accepted_and_warns_only_when_retired_before_birth() -> None:
    # 110103 was Beijing's 崇文区 until 2010; it is not in the 2025 table.
    assert "110103" in region_table()
    assert check_id_number(make_id("110103", "19850307", 12)).warnings == []
    late = check_id_number(make_id("110103", "20150307", 12))
    assert late.valid and codes(late.warnings) == ["retired_region"]


def test_residence_permit_numbers_of_hong_kong_macao_and_taiwan_residents_are_known() -> None:
    for region in ("810000", "820000", "830000"):
        check = check_id_number(make_id(region, "19850307", 12))
        assert check.valid and check.warnings == [], region


def test_full_width_digits_spaces_and_hyphens_are_normalised() -> None:
    number = make_id("320106", "19850307", 123)
    full_width = "".join(chr(0xFF10 + int(c)) if c.isdigit() else "Ｘ" for c in number)
    for text in (
        full_width,
        f" {number[:6]} {number[6:14]} {number[14:]} ",
        f"{number[:6]}-{number[6:14]}-{number[14:]}",
    ):
        check = check_id_number(text)
        assert check.valid and check.normalized == number and check.input == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ["empty"]),
        ("   ", ["empty"]),
        ("32010619850307", ["invalid_length"]),
        ("3201061985030712345", ["invalid_length"]),
        ("32010619850307A234", ["invalid_characters"]),
        ("3201061985X3071234", ["invalid_characters"]),
        ("32010685030712X", ["invalid_characters"]),
        ("张三", ["invalid_characters", "invalid_length"]),
    ],
)
def test_malformed_numbers_are_rejected_with_a_reason(text: str, expected: list[str]) -> None:
    check = check_id_number(text)
    assert not check.valid and codes(check.errors) == expected
    assert all(p.message for p in check.errors)


def test_messages_are_plain_text_in_the_active_language() -> None:
    with translation.override("en"):
        message = check_id_number("123").errors[0].message
    assert type(message) is str and "18" in message


# --- unified social credit codes -------------------------------------------------------------


def test_valid_credit_code_is_normalised() -> None:
    code = make_uscc("91320106MA1W2Y3B4")
    check = check_credit_code(code)
    assert check.valid and check.normalized == code and check.region_code == "320106" and check.warnings == []
    spaced = check_credit_code(f" {code[:8].lower()} {code[8:].lower()} ")
    assert spaced.valid and spaced.normalized == code


def test_credit_code_with_a_letter_for_the_registering_authority_is_valid() -> None:
    # N: agriculture (village collective economic organisations), which stdnum's format check refuses.
    assert check_credit_code(make_uscc("N2320106MA1W2Y3B4")).valid


def test_credit_code_registered_nationally_or_in_an_unknown_area() -> None:
    assert check_credit_code(make_uscc("12100000400012345")).warnings == []
    unknown = check_credit_code(make_uscc("91990101MA1W2Y3B4"))
    assert unknown.valid and codes(unknown.warnings) == ["unknown_region"]


def test_credit_code_typos_are_rejected() -> None:
    code = make_uscc("91320106MA1W2Y3B4")
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    assert codes(check_credit_code(wrong).errors) == ["invalid_check_character"]
    swapped = code[:9] + code[10] + code[9] + code[11:]
    assert not check_credit_code(swapped).valid
    assert codes(check_credit_code(code[:-1]).errors) == ["invalid_length"]
    assert codes(check_credit_code("91320106MA1W2Y3BO" + "1").errors) == ["invalid_characters"]
    assert codes(check_credit_code("91AB0106MA1W2Y3B41").errors) == ["invalid_characters"]
    assert codes(check_credit_code("").errors) == ["empty"]


# --- phones ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized", "kind"),
    [
        ("13812345678", "13812345678", "mobile"),
        ("138 1234 5678", "13812345678", "mobile"),
        ("+86 138-1234-5678", "13812345678", "mobile"),
        ("0086 13812345678", "13812345678", "mobile"),
        ("＋８６１３８１２３４５６７８", "13812345678", "mobile"),
        ("010-62345678", "010-62345678", "landline"),
        ("(0755) 2234567", "0755-2234567", "landline"),
        ("0571 8765 4321", "0571-87654321", "landline"),
        ("02587654321", "025-87654321", "landline"),
        ("+86 10 62345678", "010-62345678", "landline"),
        ("010-62345678-801", "010-62345678-801", "landline"),
        ("025-87654321 转 66", "025-87654321-66", "landline"),
        ("0755-82345678 ext. 12", "0755-82345678-12", "landline"),
    ],
)
def test_phone_numbers_are_recognised_and_normalised(text: str, normalized: str, kind: str) -> None:
    check = check_phone(text)
    assert check.valid, check.errors
    assert (check.normalized, check.kind) == (normalized, kind)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("12812345678", "invalid_mobile"),
        ("1381234567", "invalid_mobile"),
        ("138123456789", "invalid_mobile"),
        ("010-1234567", "invalid_landline"),
        ("0138-2234567", "invalid_landline"),
        ("0755-223456789", "invalid_landline"),
        ("call me", "invalid_characters"),
    ],
)
def test_bad_phone_numbers_are_rejected_with_a_reason(text: str, code: str) -> None:
    check = check_phone(text)
    assert not check.valid and codes(check.errors) == [code] and check.normalized == ""


# --- masks -----------------------------------------------------------------------------------


def test_id_numbers_are_masked_as_security_18_shows() -> None:
    assert mask_id_number("320106198503071234") == "320106********1234"
    assert mask_id_number("32010619850307123x") == "320106********123X"
    assert mask_id_number("320106850307123") == "320106*****7123"
    assert mask_id_number("12345") == "*****"


def test_phone_numbers_are_masked_as_security_18_shows() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138 1234 5678") == "138****5678"
    assert mask_phone("010-62345678-801") == "010-****5678"
    assert mask_phone("0755-2234567") == "0755-***4567"
    assert "2345" not in mask_phone("12812345678")
    assert mask_phone("123") == "***"


# --- coordinates -----------------------------------------------------------------------------


def test_coordinates_inside_china_pass() -> None:
    assert check_coordinates(118.7969, 32.0603) == []
    assert check_coordinates("118.7969", " 32.0603 ") == []


def test_coordinates_outside_china_or_swapped_or_not_numbers_are_reported() -> None:
    assert codes(check_coordinates(2.35, 48.85)) == ["outside_china"]
    assert codes(check_coordinates(32.0603, 118.7969)) == ["swapped_coordinates"]
    assert codes(check_coordinates("east", None)) == ["invalid_longitude", "invalid_latitude"]
    assert codes(check_coordinates(float("nan"), 32.0)) == ["invalid_longitude"]
    assert codes(check_coordinates(True, 32.0)) == ["invalid_longitude"]
    assert codes(check_coordinates(200.0, 32.0)) == ["invalid_longitude"]


# --- the idcheck command ---------------------------------------------------------------------

KEYS = {"input", "valid", "normalized", "birth_date", "sex", "region_code", "errors", "warnings"}


def _idcheck(monkeypatch: Any, text: str, *args: str) -> list[dict[str, Any]]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    out = io.StringIO()
    call_command("idcheck", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_idcheck_writes_one_json_object_per_line_and_skips_blank_lines(monkeypatch: Any) -> None:
    good, female = make_id("320106", "19850307", 123), make_id("990101", "19900101", 2)
    rows = _idcheck(monkeypatch, f"{good}\n\n   \n{good[:17]}0\r\n320106850307123\n{female}\n")
    assert len(rows) == 4 and all(set(row) == KEYS for row in rows)
    assert rows[0] == {
        "input": good,
        "valid": True,
        "normalized": good,
        "birth_date": "1985-03-07",
        "sex": "male",
        "region_code": "320106",
        "errors": [],
        "warnings": [],
    }
    assert rows[1]["input"] == good[:17] + "0"
    assert rows[1]["valid"] is False and rows[1]["birth_date"] is None and rows[1]["sex"] is None
    assert rows[1]["normalized"] == "" and len(rows[1]["errors"]) == 1
    assert rows[2]["valid"] and rows[2]["normalized"] == good and len(rows[2]["warnings"]) == 1
    assert rows[3]["sex"] == "female" and len(rows[3]["warnings"]) == 1


def test_idcheck_reads_a_file_and_keeps_chinese_unescaped(monkeypatch: Any, tmp_path: Path) -> None:
    source = tmp_path / "ids.txt"
    source.write_text("\ufeff张三\n", encoding="utf-8")
    out = io.StringIO()
    call_command("idcheck", str(source), stdout=out)
    assert '"input": "张三"' in out.getvalue()
    assert json.loads(out.getvalue())["valid"] is False


@pytest.mark.django_db
def test_identity_bench_case_runs_and_reports_a_rate() -> None:
    out = io.StringIO()
    call_command(
        "bench", "--json", "--case", "identity.idcheck", "--scale", "0.002", "--repeat", "1",
        "--use-current-db", stdout=out, stderr=io.StringIO(),
    )  # fmt: skip
    [result] = json.loads(out.getvalue())["results"]
    assert result["size"] == 200 and result["median"] > 0 and result["baseline_median"] > 0
    assert result["target"] == "≥ 40,000/s"
