"""A correction request's case in grid A1 (for the case engine's rule tables)."""

from __future__ import annotations

from jingwang.casework.models import Case
from jingwang.portal.mydata import correction_request
from jingwang.portal.signin import resident_account
from jingwang.portal.tests.conftest import A1, MOBILE_A, make_person
from jingwang.testing import World


def correction_case(world: World) -> Case:
    make_person(world, A1, "甲居民", MOBILE_A, 31)
    row = correction_request(user=resident_account(MOBILE_A), field_name="name", requested="名字应为甲居明")
    return row.case
