"""The demo city's focus persons (关注人员) at every stage, made through the focus services like
any other: awaiting approval, followed up (done, due, overdue, awaiting the health worker's
sign-off), out of contact, delisting suggested and asked for, and lapsed. Invented people."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from jingwang.casework.models import Case
from jingwang.casework.moves import case_move
from jingwang.casework.services import case_recompute_deadlines
from jingwang.core.identity import synthetic_id_number
from jingwang.focus.catalogue import seed_categories
from jingwang.focus.followups import lost_contact_report
from jingwang.focus.models import Cadence, CareAssignment, Category, Followup, Listing
from jingwang.focus.services import (
    listing_create,
    listing_decide,
    listing_request_delist,
    listings_lapse,
)
from jingwang.registry.models import Person
from jingwang.registry.services.persons import person_create
from jingwang.territory.models import Node, NodeKind

# name, category, tier, years the category applies, what to look for, stage
PEOPLE = [
    ("张立军", "released", "serious", 1, "是否按时报到、有无结交不良人员", "visited"),
    ("李淑芬", "mental", "3", 4, "是否按时服药、情绪是否稳定", "health"),
    ("王志刚", "drug", "high", 1, "是否按时尿检、有无离开县域", "overdue"),
    ("赵国庆", "petitioner", "medium", 0, "诉求处理进展、情绪是否稳定", "pending"),
    ("钱小东", "corrections", "serious", 0, "是否按时报到", "lost"),
    ("孙建华", "released", "ordinary", 6, "就业安置情况", "delist"),
    ("周明", "other", "ordinary", 2, "生活状况", "lapsed"),
]


def demo_id_number(seq: int) -> str:
    """The ID number of the demo's focus person `seq` (the venues seed files one as staff)."""
    return synthetic_id_number(region="320106", birth=date(1975 + seq, 3, 1 + seq), seq=800 + seq)


def _person(grid: Node, name: str, seq: int) -> Person:
    return person_create(by=None, grid=grid, data={"name": name, "id_number": demo_id_number(seq)})


def seed_focus(users: dict[str, Any]) -> None:
    officer, leader, gridworker = users.get("officer"), users.get("leader"), users.get("gridworker")
    carer = users.get("carer")
    grid = Node.objects.filter(kind=NodeKind.GRID).order_by("code").first()
    if officer is None or leader is None or grid is None:
        return
    seed_categories(Category, Cadence)  # again: a flushed test database keeps no migration data
    if carer is not None:
        CareAssignment.objects.get_or_create(user=carer, category=Category.objects.get(code="mental"))
    today = timezone.localdate()
    for seq, (name, code, tier, years, look_for, stage) in enumerate(PEOPLE):
        listing = listing_create(
            by=officer,
            person=_person(grid, name, seq),
            category=Category.objects.get(code=code),
            tier=tier,
            legal_basis=f"（2025）示例决定书第{seq + 1}号",
            review_date=today + timedelta(days=365),
            since=today - timedelta(days=365 * years) if years else None,
            address=f"{grid.name}宁海路{seq + 3}号",
            grid_worker=gridworker,
            look_for=look_for,
            plan="每季度走访一次，联系家属共同帮扶。",
        )
        if stage == "pending":
            continue
        listing = listing_decide(by=leader, listing_id=listing.pk, approve=True)
        followup = Followup.objects.get(listing=listing, is_open=True)
        if stage in ("visited", "health"):
            case_move(
                by=officer,
                case=followup.case,
                transition="record" if stage == "visited" else "record_for_health",
                data={
                    "contact_type": "visit",
                    "place": "家中",
                    "at_home": True,
                    "observations": "本人在家，情绪平稳，生活规律。",
                },
            )
        elif stage == "overdue":
            _make_overdue(followup, today - timedelta(days=3))
        elif stage == "lost" and gridworker is not None:
            lost_contact_report(by=gridworker, followup_id=followup.pk, last_seen="三天前在小区门口", note="电话关机")
        elif stage == "delist":
            listing_request_delist(by=officer, listing_id=listing.pk, reason="刑满释放已满五年，未再违法犯罪。")
        elif stage == "lapsed":
            Listing.objects.filter(pk=listing.pk).update(review_date=today - timedelta(days=1))
            listings_lapse(today)


def _make_overdue(followup: Followup, due: date) -> None:
    """A follow-up opened a month ago and due three days ago (its deadlines recomputed: red; the
    worker's sweep warns and escalates it)."""
    Followup.objects.filter(pk=followup.pk).update(due_date=due)
    Case.objects.filter(pk=followup.case_id).update(stage_started_at=timezone.now() - timedelta(days=30))
    case_recompute_deadlines(case_id=followup.case_id)
