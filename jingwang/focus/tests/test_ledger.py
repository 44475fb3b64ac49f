"""The ledger's life: approval opens the first follow-up; a follow-up passes yellow then red and
escalates once (frozen clock); a listing not renewed lapses at its review date; delisting needs a
reason and a leader's approval; a health category's follow-up needs the health worker's sign-off."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from jingwang.casework.moves import case_move
from jingwang.casework.sweep import sweep
from jingwang.core.errors import Conflict, ServiceError
from jingwang.focus import followups, services
from jingwang.focus.models import Category, Followup, Listing, ListingState
from jingwang.focus.tests.conftest import make_listing, make_person, open_followup
from jingwang.notifications.models import Notification, SmsMessage

pytestmark = pytest.mark.django_db
T0 = timezone.make_aware(datetime(2026, 3, 2, 9, 0))


def _record(world: Any, followup: Followup, move: str = "record") -> None:
    case_move(
        by=world.officer_a,
        case=followup.case,
        transition=move,
        data={"contact_type": "visit", "place": "家中", "at_home": True, "observations": "情绪稳定，按时服药"},
    )


def test_a_listing_waits_for_a_leader_and_its_approval_opens_the_first_followup(world: Any) -> None:
    listing = make_listing(world, approve=False)
    assert listing.state == ListingState.PENDING and not Followup.objects.exists()
    assert Notification.objects.filter(kind="focus.approve", recipient=world.leader).count() == 1
    with pytest.raises(ServiceError):
        services.listing_decide(by=world.officer_a, listing_id=listing.pk, approve=True)  # not a leader
    services.listing_decide(by=world.leader, listing_id=listing.pk, approve=True)
    followup = open_followup(listing)
    # released prisoner, serious tier: quarterly (90 days) from the seeded cadence
    assert followup.due_date == timezone.localdate() + timedelta(days=90)
    assert followup.case.kind == "focus.followup" and followup.case.assignee == world.officer_a


def test_a_listing_needs_its_legal_basis(world: Any) -> None:
    with pytest.raises(ServiceError) as refused:
        services.listing_create(
            by=world.officer_a,
            person=make_person(world, "grid:320106001001001", "甲"),
            category=Category.objects.get(code="other"),
            legal_basis=" ",
            tier="serious",
            review_date=timezone.localdate() + timedelta(days=30),
        )
    assert "legal_basis" in refused.value.fields and not Listing.objects.exists()


def test_a_followup_passes_yellow_then_red_and_escalates_once(world: Any) -> None:
    for user, number in ((world.officer_a, "13800000001"), (world.leader, "13800000002")):
        user.set_mobile(number)
        user.save()
    with time_machine.travel(T0, tick=False) as clock:
        listing = make_listing(world, category="mental", tier="4")  # unstable: within 2 weeks
        followup = open_followup(listing)
        assert followup.due_date == timezone.localdate() + timedelta(days=14)
        case = followup.case
        assert case.red_at == timezone.make_aware(datetime(2026, 3, 16, 23, 59))
        sweep()
        assert case.yellow_at is not None and case.red_at is not None
        clock.move_to(case.yellow_at - timedelta(minutes=1))
        assert sweep().total == 0
        clock.move_to(case.yellow_at + timedelta(seconds=1))
        assert sweep().yellow == 1
        assert sweep().total == 0  # once
        clock.move_to(case.red_at + timedelta(seconds=1))
        result = sweep()
        assert result.red == 1 and result.station == 1
        assert sweep().total == 0
        case.refresh_from_db()
        assert (case.warning, case.escalation) == (2, 1)
        assert Notification.objects.filter(kind="casework.escalated", recipient=world.leader).count() == 1
        # the category never appears in a notification or a text message
        texts = [f"{n.title} {n.body}" for n in Notification.objects.all()]
        texts += [m.text for m in SmsMessage.objects.all()]
        assert texts and not any("精神" in t or "障碍" in t for t in texts)


def test_a_listing_lapses_at_its_review_date_unless_renewed(world: Any) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        lapsing = make_listing(world, name="甲某", review_days=30)
        renewed = make_listing(world, name="乙某", review_days=30)
        clock.shift(timedelta(days=29))
        assert services.listings_lapse() == 0
        services.listing_renew(
            by=world.officer_a,
            listing_id=renewed.pk,
            review_date=timezone.localdate() + timedelta(days=180),
            reason="仍需帮教",
        )
        clock.shift(timedelta(days=1))
        assert services.listings_lapse() == 1
        assert services.listings_lapse() == 0  # once
    lapsing.refresh_from_db()
    renewed.refresh_from_db()
    assert lapsing.state == ListingState.LAPSED and lapsing.ended_at is not None
    assert renewed.state == ListingState.ACTIVE
    assert not Followup.objects.filter(listing=lapsing, is_open=True).exists()  # kept, closed
    assert Followup.objects.filter(listing=lapsing, case__state="cancelled").count() == 1
    assert list(lapsing.events.values_list("kind", flat=True)) == ["listed", "approved", "lapsed"]
    assert lapsing.pk in Listing.objects.filter(state=ListingState.LAPSED).values_list("pk", flat=True)


def test_a_done_followup_opens_the_next_once(world: Any) -> None:
    listing = make_listing(world)
    first = open_followup(listing)
    _record(world, first)
    first.refresh_from_db()
    assert not first.is_open and first.officer_signed_by == world.officer_a and first.at_home
    second = open_followup(listing)
    assert second.pk != first.pk
    assert followups.followups_ensure() == 0  # the sweep opens nothing more
    assert Followup.objects.filter(listing=listing, is_open=True).count() == 1


def test_a_mental_disorder_followup_waits_for_the_health_worker(world: Any, care: Any) -> None:
    listing = make_listing(world, category="mental", tier="1")
    followup = open_followup(listing)
    with pytest.raises(ServiceError):
        _record(world, followup, "record")  # the plain record is not this category's
    _record(world, followup, "record_for_health")
    followup.refresh_from_db()
    assert followup.case.state == "health" and followup.is_open
    assert Notification.objects.filter(kind="focus.health_signoff", recipient=care).count() == 1
    followups.followup_health_sign(by=care, followup_id=followup.pk, note="服药依从性好")
    followup.refresh_from_db()
    assert followup.case.state == "done" and followup.health_signed_by == care and not followup.is_open
    assert open_followup(listing).pk != followup.pk
    with pytest.raises(Conflict):
        followups.followup_health_sign(by=care, followup_id=followup.pk)


def test_delisting_needs_a_reason_and_a_leaders_approval(world: Any) -> None:
    listing = make_listing(world)
    with pytest.raises(ServiceError):
        services.listing_request_delist(by=world.officer_a, listing_id=listing.pk, reason="")
    services.listing_request_delist(by=world.officer_a, listing_id=listing.pk, reason="五年未再犯")
    services.listing_decide_delist(by=world.leader, listing_id=listing.pk, approve=True)
    listing.refresh_from_db()
    assert listing.state == ListingState.DELISTED and listing.delisted_by == world.leader
    assert not Followup.objects.filter(listing=listing, is_open=True).exists()


def test_delisting_is_suggested_when_the_categorys_usual_period_has_passed(world: Any) -> None:
    listing = make_listing(world)
    listing.since = timezone.localdate() - timedelta(days=5 * 365 + 1)
    assert listing.delisting_suggested()
    listing.since = timezone.localdate() - timedelta(days=365)
    assert not listing.delisting_suggested()


def test_a_lost_contact_search_turns_red_at_24_hours_and_escalates_once(world: Any) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        followup = open_followup(make_listing(world))
        lost = followups.lost_contact_report(by=world.grid_a1, followup_id=followup.pk, last_seen="昨晚在小区门口")
        assert Notification.objects.filter(kind="focus.lost_contact", recipient=world.officer_a).count() == 1
        clock.shift(timedelta(hours=12, seconds=1))
        assert sweep().yellow == 1
        clock.shift(timedelta(hours=12))
        result = sweep()
        assert result.red == 1 and result.station == 1
        assert sweep().total == 0
        clock.shift(timedelta(hours=24, seconds=1))
        assert sweep().bureau == 1
        assert Notification.objects.filter(kind="casework.escalated", recipient=world.commander).count() == 1
        case_move(by=world.officer_a, case=lost.case, transition="found", data={"place": "其姐姐家"})
    lost.refresh_from_db()
    assert lost.found_place == "其姐姐家" and lost.case.closed_at is not None


def test_an_auxiliary_officer_cannot_record_a_followup_of_a_sensitive_category(world: Any) -> None:
    followup = open_followup(make_listing(world, category="drug", tier="low"))
    with pytest.raises(ServiceError) as refused:
        case_move(
            by=world.aux_a,
            case=followup.case,
            transition="record",
            data={"contact_type": "phone", "observations": "情绪稳定"},
        )
    assert refused.value.status == 403 and Followup.objects.get(pk=followup.pk).is_open
