"""Warnings for the tests: persons in grid A1 (officer_a's district) and B1 (officer_b's)."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from jingwang.antifraud import catalogue
from jingwang.antifraud.models import ContactDeadline, FraudType, Risk, Source, Warning
from jingwang.antifraud.services import WarningRow, warnings_receive
from jingwang.core.identity import synthetic_id_number
from jingwang.registry.models import Person
from jingwang.registry.services import persons
from jingwang.testing import World

A1, B1 = "grid:320106001001001", "grid:320106001002001"
GRID = {"in": A1, "out": B1}
_seq = count(1)


def id_number(seq: int) -> str:
    return synthetic_id_number(region="320106", birth=date(1960, 1 + seq % 12, 1 + seq % 28), seq=seq % 1000)


def phone(seq: int) -> str:
    return f"139{seq:08d}"


def person(world: World, where: str, seq: int) -> Person:
    data = {"name": f"居民{seq}", "id_number": id_number(seq), "phone": phone(seq)}
    return persons.person_create(by=None, grid=world.node(GRID[where]), data=data)


def warning(
    world: World, where: str = "in", *, risk: str = Risk.HIGH, by: Any = None, ref: str = "", **extra: Any
) -> Warning:
    """A warning of a registered person of grid A1 ("in") or B1 ("out"), routed to its officer
    (with `ref`: made once, the same warning after)."""
    if ref and (found := Warning.objects.filter(reference=ref).first()) is not None:
        return found
    catalogue.restore(FraudType, ContactDeadline)  # a transactional test's flush empties the code table
    seq = next(_seq) + Warning.objects.count() * 7 + 100
    person(world, where, seq)
    row = WarningRow(reference=ref or f"YJ-{seq}", risk=risk, fraud_type="01", phone=phone(seq), **extra)
    return warnings_receive(by=by, rows=[row], source=Source.CENTRE).warnings[0]


def dissuasion_case(world: World) -> Any:
    """A dissuasion case in grid A1 (for casework's table of action rules)."""
    return warning(world, "in").case


# The input of the dissuasion's transitions that need more than a note (the rule table posts it).
TRANSITION_INPUT: dict[str, dict[str, object]] = {
    "contact": {"method": "phone", "result": "answered"},
    "finish": {"outcome": "dissuaded"},
    "transfer": {"note": "户籍在外地"},
}
