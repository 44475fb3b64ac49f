"""Staff and guests are checked against focus persons (关注人员) too: a hit goes to the person's
responsible officer alone, never names the category, and the entertainment trade bars drug users
and released prisoners."""

from __future__ import annotations

import pytest

from jingwang.focus.catalogue import CATEGORIES
from jingwang.focus.tests.conftest import make_listing
from jingwang.notifications.models import Notification
from jingwang.testing import World
from jingwang.venues.models import Trade, VenueHit
from jingwang.venues.services import staff_file
from jingwang.venues.tests.conftest import A1, B1, make_venue, person_id
from jingwang.venues.tests.fixtures import WHEN


def _listed(world: World, seq: int, category: str, **kwargs: object) -> None:
    make_listing(
        world,
        B1,
        f"员工{seq}",
        category=category,
        officer="officer_b",
        grid_worker=None,
        id_number=person_id(seq),
        **kwargs,  # type: ignore[arg-type]
    )


def _file(world: World, venue_id: int, seq: int):  # type: ignore[no-untyped-def]
    return staff_file(
        by=world.venue_op_a, venue_id=venue_id, name=f"员工{seq}", id_number=person_id(seq), hired_at=WHEN
    )


def test_drug_user_and_released_prisoner_staff_are_barred_in_entertainment_and_told_to_their_officer(
    world: World,
) -> None:
    ktv = make_venue(world, A1, "星光KTV", "entertainment", operator="venue_op_a")
    _listed(world, 51, "drug")
    _listed(world, 52, "released")
    _listed(world, 53, "petitioner")
    Notification.objects.all().delete()
    drug, released, petitioner = (_file(world, ktv.pk, seq) for seq in (51, 52, 53))
    assert drug.barred and released.barred and drug.hit_count == released.hit_count == 1
    assert petitioner.hit_count == 1 and not petitioner.barred  # a focus person the trade does not bar
    hits = VenueHit.objects.filter(venue=ktv)
    assert {h.list_kind for h in hits} == {"focus"} and {h.list_name for h in hits} == {"关注人员"}
    assert all([u.username for u in h.notified.all()] == ["officer_b"] for h in hits)
    told = Notification.objects.filter(kind="venues.hit")
    assert sorted(n.recipient.username for n in told) == ["officer_b"] * 3
    for notice in told:
        text = notice.title + notice.body
        assert "关注人员" in text and not any(w in text for w in ("吸毒", "刑满释放", "信访", "drug", "released"))
    # the venue's officer learns the trade's rule was broken (not why); the venue learns nothing
    assert Notification.objects.filter(recipient=world.officer_a, kind="venues.staff_barred").count() == 2
    assert not Notification.objects.filter(recipient=world.venue_op_a).exclude(kind="venues.licence").exists()


def test_a_listing_not_in_force_is_no_hit(world: World) -> None:
    ktv = make_venue(world, A1, "星光KTV", "entertainment", operator="venue_op_a")
    _listed(world, 61, "drug", approve=False)
    filing = _file(world, ktv.pk, 61)
    assert filing.hit_count == 0 and not filing.barred and not VenueHit.objects.exists()


@pytest.mark.django_db
def test_every_barred_focus_kind_names_a_focus_category() -> None:
    codes = {row[0] for row in CATEGORIES}
    barred = {kind for trade in Trade.objects.all() for kind in trade.barred_categories if kind.startswith("focus:")}
    assert barred == {"focus:drug", "focus:released"}
    assert {kind.removeprefix("focus:") for kind in barred} <= codes
