from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from jingwang.accounts.models import User
from jingwang.accounts.services import user_create
from jingwang.casework.models import Case
from jingwang.core.identity import synthetic_id_number
from jingwang.core.roles import Role
from jingwang.focus.followups import lost_contact_report
from jingwang.focus.models import CareAssignment, Category, Followup, Listing
from jingwang.focus.services import listing_create, listing_decide
from jingwang.registry.models import Person
from jingwang.registry.services import persons
from jingwang.testing import PASSWORD, World

A1, A2, B1 = "grid:320106001001001", "grid:320106001001002", "grid:320106001002001"
_seq = iter(range(100, 100000))


def new_id_number() -> str:
    return synthetic_id_number(region="320106", birth=date(1980, 5, 6), seq=next(_seq))


def make_person(world: World, grid_ref: str, name: str, number: str = "") -> Person:
    number = number or new_id_number()
    return persons.person_create(by=None, grid=world.node(grid_ref), data={"name": name, "id_number": number})


def make_listing(
    world: World,
    grid_ref: str = A1,
    name: str = "关某",
    *,
    category: str = "released",
    tier: str = "",
    approve: bool = True,
    review_days: int = 365,
    officer: str = "officer_a",
    grid_worker: str | None = "grid_a1",
    id_number: str = "",
) -> Listing:
    cat = Category.objects.get(code=category)
    tier = tier or cat.tiers()[0][0]
    person = make_person(world, grid_ref, name, id_number)
    listing = listing_create(
        by=world.users[officer],
        person=person,
        category=cat,
        legal_basis="（2025）宁刑释字第12号",
        tier=tier,
        review_date=timezone.localdate() + timedelta(days=review_days),
        address="宁海路1号1栋101室",
        grid_worker=world.users[grid_worker] if grid_worker else None,
        look_for="是否按时报到、情绪是否稳定",
    )
    if approve:
        listing = listing_decide(by=world.leader, listing_id=listing.pk, approve=True)
    return listing


def open_followup(listing: Listing) -> Followup:
    return Followup.objects.select_related("case").get(listing=listing, is_open=True)


@pytest.fixture
def care(world: World) -> Any:
    CareAssignment.objects.create(user=world.care_a, category=Category.objects.get(code="mental"))
    return world.care_a


def followup_case(world: World) -> Case:
    """The open follow-up of a released prisoner in grid A1, assigned to grid worker A1."""
    return open_followup(make_listing(world, A1, "关某")).case


def search_case(world: World) -> Case:
    """A lost-contact search for a person in grid A1, reported by grid worker A1."""
    followup = open_followup(make_listing(world, A1, "关某"))
    return lost_contact_report(by=world.grid_a1, followup_id=followup.pk, last_seen="三天前在家").case


# The input of the focus transitions that need more than a note (the rule tables post it).
TRANSITION_INPUT: dict[str, dict[str, object]] = {
    "record": {"contact_type": "visit", "place": "家中", "at_home": True, "observations": "情绪稳定"},
    "record_for_health": {"contact_type": "phone", "observations": "情绪稳定"},
    "found": {"place": "宁海路菜市场"},
}


def care_worker(world: World, username: str, community: str) -> Any:
    """An active care worker account whose care_worker role is held over `community`."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = user_create(
            by=None,
            username=username,
            display_name=f"{username}关爱",
            password=PASSWORD,
            role=Role.CARE_WORKER,
            scopes=[world.node(f"community:{community}")],
        )
    return user


def care_row(world: World, user: Any, code: str) -> CareAssignment:
    return CareAssignment.objects.get_or_create(user=user, category=Category.objects.get(code=code))[0]
