"""Synthetic person records with known duplicates, for training, tests and the benchmark.

`people(n, seed=...)` gives `n` records of which about `duplicate_share` (10%) are further records of
a person already in the set, written the way a second source would write them: typos, homophones
(what a pinyin input method offers next to the intended character), similar-shaped characters,
traditional characters, a mistyped ID number (one digit substituted, two adjacent digits swapped,
one digit missing), the birth date in another format or with a wrong digit, a variant spelling of
the same address or a new one, a changed or mistyped phone, and missing values. Relatives of a
person (same surname, same address, often the same phone) are distinct people and make the
negatives hard. Everything is drawn from one seeded generator: the same arguments give the same set.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from jingwang.core.identity import county_codes, id_numbers_distinct
from jingwang.core.names import split_name
from jingwang.demo import synthetic as registry_synthetic
from jingwang.demo.synthetic_addresses import synthetic_addresses
from jingwang.linkage.chars import homophones, similar_shapes

FIELDS = ("record_id", "name", "sex", "birth_date", "id_number", "phone", "address")
ADDRESS_VARIANTS = ("full", "abbreviated", "no_province", "no_city", "building_forms", "county_and_township")


@dataclass
class SyntheticPeople:
    """Records (dicts of the seven CSV fields, all text) and the person each one belongs to."""

    rows: list[dict[str, str]]
    truth: list[int]  # person number of each row

    def true_pairs(self) -> int:
        from collections import Counter

        return sum(c * (c - 1) // 2 for c in Counter(self.truth).values())


@dataclass
class _Person:
    name: str
    male: bool
    birth: date
    id_number: str
    phone: str
    address: str


# --- how people write dates and sexes ----------------------------------------------------------


def write_date(d: date, rng: random.Random) -> str:
    form = rng.randrange(4)
    if form == 0:
        return d.isoformat()
    if form == 1:
        return f"{d.year:04d}{d.month:02d}{d.day:02d}"
    if form == 2:
        return f"{d.year}/{d.month}/{d.day}"
    return f"{d.year}年{d.month}月{d.day}日"


def write_sex(male: bool, rng: random.Random) -> str:
    return ("男" if male else "女") if rng.random() < 0.7 else ("1" if male else "2")


# --- mistakes ------------------------------------------------------------------------------------


def _replace_char(name: str, rng: random.Random, options: Callable[[str], str]) -> str | None:
    spots = [i for i, ch in enumerate(name) if options(ch)]
    if not spots:
        return None
    i = rng.choice(spots)
    return name[:i] + rng.choice(options(name[i])) + name[i + 1 :]


def name_typo(name: str, male: bool, rng: random.Random) -> str:
    """One character of the given name replaced by another name character."""
    pool = registry_synthetic.MALE_GIVEN if male else registry_synthetic.FEMALE_GIVEN
    i = rng.randrange(1, len(name)) if len(name) > 1 else 0
    choice = rng.choice(pool.replace(name[i], ""))
    return name[:i] + choice + name[i + 1 :]


def to_traditional(text: str) -> str:
    return _s2t().convert(text)


_S2T: list[Any] = []


def _s2t() -> Any:
    if not _S2T:
        import opencc

        _S2T.append(opencc.OpenCC("s2t"))
    return _S2T[0]


def id_substitution(number: str, rng: random.Random) -> str:
    i = rng.randrange(17)
    digit = rng.choice([d for d in "0123456789" if d != number[i]])
    return number[:i] + digit + number[i + 1 :]


def id_transposition(number: str, rng: random.Random) -> str:
    spots = [i for i in range(17) if number[i] != number[i + 1]]
    i = rng.choice(spots)
    return number[:i] + number[i + 1] + number[i] + number[i + 2 :]


def id_deletion(number: str, rng: random.Random) -> str:
    i = rng.randrange(18)
    return number[:i] + number[i + 1 :]


_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_CN_DIGITS = "〇一二三四五六七八九"
_SEPARATE_AFTER = re.compile(r"(省|市|区|县|街道|镇|乡|路|街|号)")


def address_variant(text: str, rng: random.Random) -> str:
    """The same address written another way: the parser should read the same place from both."""
    form = rng.randrange(5)
    if form == 0:
        return text.translate(_FULL_WIDTH)
    if form == 1:
        return _SEPARATE_AFTER.sub(lambda m: m.group(1) + rng.choice((" ", "，", " ")), text, count=3).strip()
    if form == 2:
        return rng.choice(("住址：", "现住址：", "地址:")) + text
    if form == 3:
        return re.sub(r"(\d+)(栋|单元)", lambda m: "".join(_CN_DIGITS[int(d)] for d in m.group(1)) + m.group(2), text)
    return text.replace("栋", rng.choice(("幢", "号楼"))).replace("室", "")


# --- the generator -------------------------------------------------------------------------------

NOISE_WEIGHTS = {
    "name_typo": 6,
    "name_homophone": 14,
    "name_shape": 8,
    "name_traditional": 10,
    "id_substitution": 8,
    "id_transposition": 6,
    "id_deletion": 5,
    "id_missing": 5,
    "dob_typo": 5,
    "dob_missing": 4,
    "phone_typo": 5,
    "phone_missing": 6,
    "phone_changed": 4,
    "address_variant": 14,
    "address_moved": 4,
    "address_missing": 4,
    "sex_missing": 3,
}


def people(n: int, *, seed: int = 0, duplicate_share: float = 0.1) -> SyntheticPeople:
    """`n` records, about `duplicate_share` of them further records of a person already present."""
    rng = random.Random(seed)
    duplicates = round(n * duplicate_share)
    originals = n - duplicates
    places = [
        a.text for a in synthetic_addresses(originals + duplicates // 10 + 1, seed=seed, variants=ADDRESS_VARIANTS)
    ]
    counties = county_codes()
    persons: list[_Person] = []
    for k in range(originals):
        relative = persons[rng.randrange(len(persons))] if persons and rng.random() < 0.05 else None
        male = rng.random() < 0.5
        family = split_name(relative.name)[0] if relative else None
        name = registry_synthetic.person_name(rng, male, family)
        birth = registry_synthetic.birth_between(rng, date(1940, 1, 1), date(2008, 12, 31))
        region = rng.choice(counties)
        address = relative.address if relative else places[k]
        phone_number = relative.phone if relative and rng.random() < 0.5 else registry_synthetic.phone(rng)
        persons.append(
            _Person(name, male, birth, registry_synthetic.id_number(rng, region, birth, male), phone_number, address)
        )
    spare = iter(places[originals:])
    owners = list(range(originals)) + [rng.randrange(originals) for _ in range(duplicates)]
    rng.shuffle(owners)
    seen: set[int] = set()
    rows: list[dict[str, str]] = []
    kinds, weights = list(NOISE_WEIGHTS), list(NOISE_WEIGHTS.values())
    for i, owner in enumerate(owners):
        person = persons[owner]
        row = {
            "record_id": f"R{i + 1:07d}",
            "name": person.name,
            "sex": write_sex(person.male, rng) if rng.random() < 0.95 else "",
            "birth_date": write_date(person.birth, rng) if rng.random() < 0.97 else "",
            "id_number": person.id_number if rng.random() < 0.97 else "",
            "phone": person.phone if rng.random() < 0.9 else "",
            "address": person.address if rng.random() < 0.95 else "",
        }
        if owner in seen:
            noise: set[str] = set()
            while len(noise) < rng.choice((1, 1, 2, 2, 2, 3)):
                noise.add(rng.choices(kinds, weights)[0])
            for kind in sorted(noise):
                _apply(kind, row, person, rng, spare)
        seen.add(owner)
        rows.append(row)
    return SyntheticPeople(rows, owners)


def _apply(kind: str, row: dict[str, str], person: _Person, rng: random.Random, spare: Iterator[str]) -> None:
    name = row["name"]
    if kind == "name_typo":
        row["name"] = name_typo(name, person.male, rng)
    elif kind == "name_homophone":
        row["name"] = _replace_char(name, rng, homophones) or name_typo(name, person.male, rng)
    elif kind == "name_shape":
        row["name"] = _replace_char(name, rng, similar_shapes) or to_traditional(name)
    elif kind == "name_traditional":
        row["name"] = to_traditional(name)
    elif kind.startswith("id_") and len(row["id_number"]) == 18:
        change = {
            "id_substitution": id_substitution,
            "id_transposition": id_transposition,
            "id_deletion": id_deletion,
            "id_missing": lambda number, rng: "",
        }[kind]
        row["id_number"] = change(row["id_number"], rng)
    elif kind == "dob_typo" and row["birth_date"]:
        born = person.birth
        day = rng.choice(
            [d for d in (born.day % 10 + 10 * k for k in range(3)) if 1 <= d <= 28 and d != born.day] or [1]
        )
        row["birth_date"] = write_date(born.replace(day=day), rng)
    elif kind == "dob_missing":
        row["birth_date"] = ""
    elif kind == "phone_typo" and row["phone"]:
        i = rng.randrange(3, 11)
        row["phone"] = (
            row["phone"][:i] + rng.choice([d for d in "0123456789" if d != row["phone"][i]]) + row["phone"][i + 1 :]
        )
    elif kind == "phone_missing":
        row["phone"] = ""
    elif kind == "phone_changed":
        row["phone"] = registry_synthetic.phone(rng)
    elif kind == "address_variant" and row["address"]:
        row["address"] = address_variant(row["address"], rng)
    elif kind == "address_moved":
        row["address"] = next(spare, row["address"])
    elif kind == "address_missing":
        row["address"] = ""
    elif kind == "sex_missing":
        row["sex"] = ""


NAMESAKE_KINDS = ("other_county", "other_sequence", "all_else_agrees")


def namesakes(groups: int, *, seed: int = 0) -> SyntheticPeople:
    """Hard negatives for the ID-number rule: in each group two different people with the same name,
    sex and birth date and valid ID numbers more than a typo apart (`NAMESAKE_KINDS` in turn:
    another county; the same county and another sequence number; or the same county and, as if
    copied from one form to the other, the same phone and address as well), and records without
    an ID number: one of each person with that person's own phone and address, and one with
    nothing but the name, sex and birth date (a person met at the door) that fits both and chains
    them. Rows of a group are consecutive: the two people, their own ID-less records, the bridge."""
    # Seeded apart from `people`, so that mixed with it the two share no phones or addresses by chance.
    rng = random.Random(f"namesakes:{seed}")
    counties = county_codes()
    places = [
        a.text for a in synthetic_addresses(2 * groups + 1, seed=rng.randrange(1 << 30), variants=ADDRESS_VARIANTS)
    ]
    rows: list[dict[str, str]] = []
    truth: list[int] = []
    for g in range(groups):
        kind = NAMESAKE_KINDS[g % len(NAMESAKE_KINDS)]
        male = rng.random() < 0.5
        name = registry_synthetic.person_name(rng, male)
        birth = registry_synthetic.birth_between(rng, date(1940, 1, 1), date(2008, 12, 31))
        region = rng.choice(counties)
        first = registry_synthetic.id_number(rng, region, birth, male)
        while True:
            other = region if kind != "other_county" else rng.choice(counties)
            second = registry_synthetic.id_number(rng, other, birth, male)
            if id_numbers_distinct(first, second):
                break
        phones = [registry_synthetic.phone(rng), registry_synthetic.phone(rng)]
        addresses = [places[2 * g], places[2 * g + 1]]
        if kind == "all_else_agrees":
            phones[1], addresses[1] = phones[0], addresses[0]
        sex = "男" if male else "女"
        born = birth.isoformat()
        people_ = [(first, phones[0], addresses[0]), (second, phones[1], addresses[1])]
        for k, (number, phone, address) in enumerate(people_):
            rows.append({"name": name, "sex": sex, "birth_date": born, "id_number": number, "phone": phone,
                         "address": address})  # fmt: skip
            truth.append(2 * g + k)
        for k, (_number, phone, address) in enumerate(people_):
            rows.append({"name": name, "sex": sex, "birth_date": write_date(birth, rng), "id_number": "",
                         "phone": phone, "address": address})  # fmt: skip
            truth.append(2 * g + k)
        rows.append({"name": name, "sex": sex, "birth_date": born, "id_number": "", "phone": "", "address": ""})
        truth.append(2 * g + rng.randrange(2))
    for i, row in enumerate(rows):
        row["record_id"] = f"N{i + 1:06d}"
    return SyntheticPeople([{k: row[k] for k in FIELDS} for row in rows], truth)


def write_csv(data: SyntheticPeople, path: str, truth_path: str | None = None) -> None:
    """The records as the `jingwang link` input CSV; the true person of each in a second file."""
    import csv

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(data.rows)
    if truth_path:
        with open(truth_path, "w", newline="", encoding="utf-8") as handle:
            writer2 = csv.writer(handle)
            writer2.writerow(("record_id", "person"))
            writer2.writerows((row["record_id"], person) for row, person in zip(data.rows, data.truth, strict=True))
