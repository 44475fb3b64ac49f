"""The synthetic registry: realistic, valid, inside its grids, deterministic, encrypted at rest."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from shapely.geometry import Point, shape
from stdnum.cn import uscc

from jingwang.core import crypto
from jingwang.core.identity import check_credit_code, check_id_number
from jingwang.core.names import name_pinyin
from jingwang.demo import synthetic
from jingwang.demo.focus_seed import PEOPLE as FOCUS_PEOPLE
from jingwang.demo.registry_seed import Generator, seed_places, seed_registry
from jingwang.registry.addressing.parser import parse_address
from jingwang.registry.identifiers import ID_CONTEXT, PHONE_CONTEXT
from jingwang.registry.models import (
    Address,
    House,
    HouseholdRelation,
    MergeSuggestion,
    Person,
    Residence,
    SuggestionStatus,
    Unit,
)
from jingwang.registry.services.places import ADDRESS_COMPONENTS
from jingwang.suites import postgresql_suite, sqlite_suite
from jingwang.testing import World


def decrypted_ids() -> list[str]:
    return [
        crypto.decrypt(t, context=ID_CONTEXT)
        for t in Person.objects.order_by("id").values_list("id_number_enc", flat=True)
    ]


def test_seed_gives_exactly_n_residents_in_households_with_valid_unique_id_numbers(world: World) -> None:
    written = seed_registry(residents=500, seed=11, units=20)
    assert Person.objects.count() == written["persons"] == 500 and Unit.objects.count() == 20
    numbers = decrypted_ids()
    assert len(set(numbers)) == 500 and all(check_id_number(n).valid for n in numbers)
    for person, number in zip(Person.objects.order_by("id"), numbers, strict=True):
        assert person.birth_date is not None and person.birth_date == check_id_number(number).birth_date
        assert 1935 <= person.birth_date.year <= 2020
    sizes = Counter(Residence.objects.values_list("house_id", flat=True))
    assert Residence.objects.count() == 500 and set(sizes.values()) <= {1, 2, 3, 4}
    assert sum(1 for n in sizes.values() if n == 1) <= 1  # only to end on exactly 500
    assert HouseholdRelation.objects.count() > 150
    kinds = Counter(Person.objects.values_list("residence_type", flat=True))
    assert kinds["registered"] > kinds["floating"] > 0
    assert House.objects.filter(use="rented").exists() and Residence.objects.filter(is_tenant=True).exists()


def test_seeded_addresses_read_back_the_same_and_lie_in_their_grids(world: World) -> None:
    seed_registry(residents=300, seed=12, units=30)
    for address in Address.objects.select_related("grid"):
        parsed = parse_address(address.canonical)
        assert parsed.canonical == address.canonical, address.canonical
        assert (parsed.division_code, parsed.township_code) == ("320106", "320106001")
        assert all((getattr(parsed, c) or "") == getattr(address, c) for c in ADDRESS_COMPONENTS)
        assert address.lon is not None and address.lat is not None
        assert shape(address.grid.boundary).contains(Point(address.lon, address.lat))
    assert Address.objects.filter(compound="").exists() and Address.objects.exclude(compound="").exists()


def test_seeded_units_have_valid_credit_codes_and_key_industries(world: World) -> None:
    seed_registry(residents=0, seed=13, units=200)
    codes = list(Unit.objects.values_list("credit_code", flat=True))
    assert len(codes) == 200 and all(check_credit_code(c).valid and uscc.is_valid(c) for c in codes)
    assert 0 < Unit.objects.filter(is_key_industry=True).count() < 100
    assert Unit.objects.filter(unit_type="individual", credit_code__startswith="92").exists()


def test_credit_code_check_characters_follow_gb_32100_and_gb_11714() -> None:
    # GB 32100's published example, whose organisation code M000100Y4 carries its GB 11714 check.
    assert synthetic.credit_check("91350100M000100Y4") == "3"
    assert synthetic.organisation_check("M000100Y") == "4"
    rng = random.Random(1)
    for _ in range(500):
        code = synthetic.credit_code(rng, "320106")
        assert uscc.calc_check_digit(code[:17]) == code[17]
        assert synthetic.organisation_check(code[8:16]) == code[16]


def test_surnames_follow_their_frequencies_and_read_as_surnames() -> None:
    rng = random.Random(5)
    counts = Counter(synthetic.surname(rng) for _ in range(50_000))
    assert [s for s, _ in counts.most_common(3)] == ["王", "李", "张"] or counts["王"] > counts["周"] * 3
    assert 0.05 < counts["王"] / 50_000 < 0.09 and counts["单"] > 0 and counts["欧阳"] > 0
    assert name_pinyin("单" + "明") == "shanming" and name_pinyin("曾伟") == "zengwei"


def test_same_seed_gives_the_same_people_and_seeding_again_adds_nothing(world: World) -> None:
    def numbers(seed: int) -> list[str]:
        generator = Generator(seed_places(), seed)
        return [p.clean["id_number"] for batch in generator.batches(200, 5) for p in batch.persons]

    assert numbers(21) == numbers(21) != numbers(22)
    seed_registry(residents=200, seed=21, units=5)
    counts = {m: m.objects.count() for m in (Person, Address, House, Residence, HouseholdRelation, Unit)}
    assert sorted(decrypted_ids()) == sorted(numbers(21))
    assert not any(seed_registry(residents=200, seed=21, units=5).values())
    assert {m: m.objects.count() for m in counts} == counts


def test_demo_command_seeds_two_thousand_residents(db: Any, settings: Any, capsys: Any) -> None:
    settings.REQUIRE_MFA = False
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    assert "2,000 residents" in out and "Demo duplicates: 6 residents entered twice" in out
    # a few residents entered twice, for the review page; and the demo's focus persons
    assert Person.objects.count() == 2000 + 6 + len(FOCUS_PEOPLE)
    assert MergeSuggestion.objects.filter(status=SuggestionStatus.OPEN).count() == 5


# --- encryption at rest: the bytes of a seeded database -------------------------------------------


def _command_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JINGWANG_", "DATABASE_URL", "DJANGO_"))}
    env.update(JINGWANG_SECRET_KEY="seed-test-secret", JINGWANG_DATA_KEY=settings.DATA_KEY, **extra)
    return env


def _jingwang(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "jingwang", *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _plaintexts(rows: list[tuple[str, str]]) -> list[bytes]:
    """The ID and phone numbers behind stored ciphertexts (this process shares the data key)."""
    values = []
    for id_enc, phone_enc in rows:
        values.append(crypto.decrypt(id_enc, context=ID_CONTEXT))
        if phone_enc:
            values.append(crypto.decrypt(phone_enc, context=PHONE_CONTEXT))
    return [v.encode() for v in values]


@sqlite_suite
def test_sqlite_file_of_a_seeded_database_holds_no_plaintext_id_number(tmp_path: Path) -> None:
    env = _command_env(JINGWANG_DATA_DIR=str(tmp_path), DATABASE_URL=f"sqlite:///{tmp_path / 'seeded.sqlite3'}")
    _jingwang(env, "migrate", "-v", "0")
    out = _jingwang(env, "seed", "--residents", "300", "--seed", "7")
    assert "300 persons" in out
    with sqlite3.connect(tmp_path / "seeded.sqlite3") as db:
        rows = db.execute("SELECT id_number_enc, phone_enc FROM registry_person").fetchall()
        masked = db.execute("SELECT id_number_masked FROM registry_person LIMIT 1").fetchone()[0]
    plain = _plaintexts(rows)
    assert len(rows) == 300 + len(FOCUS_PEOPLE) and len(plain) > 300
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("seeded.sqlite3*"))
    assert masked.encode() in stored  # the search below would see the numbers if they were there
    assert [p for p in plain if p in stored] == []


def _postgres() -> Any:
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    try:
        import psycopg

        return psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True, connect_timeout=3)
    except Exception as exc:  # any failure to reach the server means skip
        pytest.skip(f"no PostgreSQL server: {exc}")


@postgresql_suite
def test_pg_dump_of_a_seeded_database_holds_no_plaintext_id_number(tmp_path: Path) -> None:
    admin = _postgres()
    name = f"jw_seedtest_{uuid.uuid4().hex[:10]}"
    url = f"postgres://postgres@127.0.0.1:5432/{name}"
    admin.execute(f"CREATE DATABASE {name}")
    try:
        env = _command_env(JINGWANG_DATA_DIR=str(tmp_path), DATABASE_URL=url)
        _jingwang(env, "migrate", "-v", "0")
        _jingwang(env, "seed", "--residents", "200", "--seed", "8")
        dump = subprocess.run(["pg_dump", "--no-owner", url.replace("postgres://", "postgresql://")],
                              capture_output=True, timeout=300, check=True).stdout  # fmt: skip
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
            rows = conn.execute("SELECT id_number_enc, phone_enc FROM registry_person").fetchall()
        plain = _plaintexts(rows)
        assert len(rows) == 200 + len(FOCUS_PEOPLE) and b"registry_person" in dump
        assert [p for p in plain if p in dump] == []
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()
