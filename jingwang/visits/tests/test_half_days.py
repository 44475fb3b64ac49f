"""Each visit and check-in stores the local half-day it falls in, whichever way it is written
(`save`, the bulk writes of the queryset, the registry's raw bulk insert), and the week's figures
count those stored half-days: noon splits a day, and the day is the local (Shanghai) one."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jingwang.patrols.models import CheckIn
from jingwang.patrols.services import checkin_record
from jingwang.patrols.tests import fixtures as pf
from jingwang.registry.imports.bulk import allocate_ids, insert_rows, model_row
from jingwang.testing import World
from jingwang.visits.models import Visit
from jingwang.visits.selectors import field_week
from jingwang.visits.tests import fixtures as f

SH = ZoneInfo("Asia/Shanghai")
MONDAY = date(2026, 6, 1)


def local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 6, 1 + day, hour, minute, tzinfo=SH)


def _half_days(world: World) -> int:
    rows = {r.officer_id: r for r in field_week(viewer=world.leader, monday=MONDAY)}
    return rows[world.officer_a.pk].half_days


def _stored(model: type[Visit] | type[CheckIn], pk: int) -> tuple[date, bool]:
    return model.objects.filter(pk=pk).values_list("local_day", "afternoon").get()


def test_a_visit_at_11_59_and_one_at_noon_count_as_two_half_days(world: World) -> None:
    with time_machine.travel(local(0, 20), tick=False):
        morning = f.visit(world, "in", 1, at=local(0, 11, 59))
        noon = f.visit(world, "in", 2, at=local(0, 12, 0))
    assert _stored(Visit, morning.pk) == (MONDAY, False)
    assert _stored(Visit, noon.pk) == (MONDAY, True)
    assert _half_days(world) == 2


def test_a_check_in_at_23_30_utc_counts_for_the_next_local_day(world: World) -> None:
    late = datetime(2026, 5, 31, 23, 30, tzinfo=UTC)  # Monday 07:30 in Shanghai, Sunday in UTC
    with time_machine.travel(late - timedelta(hours=1), tick=False):
        patrol = pf.patrol(world, "in")
    checkin = checkin_record(by=world.officer_a, patrol_id=patrol.pk, seen="早巡", at=late)
    assert _stored(CheckIn, checkin.pk) == (MONDAY, False)
    assert _half_days(world) == 1
    before = {r.officer_id: r for r in field_week(viewer=world.leader, monday=MONDAY - timedelta(days=7))}
    assert before[world.officer_a.pk].half_days == 0


def test_bulk_created_visits_and_check_ins_get_their_half_days(world: World) -> None:
    grid = world.node(f.A1)
    with time_machine.travel(local(0, 8), tick=False):
        patrol = pf.patrol(world, "in")
    visits = Visit.objects.bulk_create(
        [Visit(officer=world.officer_a, grid=grid, visited_at=at) for at in (local(1, 9), local(1, 15))]
    )
    checkins = CheckIn.objects.bulk_create(
        [CheckIn(patrol=patrol, by=world.officer_a, at=at) for at in (local(1, 10), local(2, 23, 59))]
    )
    assert [_stored(Visit, v.pk) for v in visits] == [(date(2026, 6, 2), False), (date(2026, 6, 2), True)]
    assert [_stored(CheckIn, c.pk) for c in checkins] == [(date(2026, 6, 2), False), (date(2026, 6, 3), True)]
    assert _half_days(world) == 3  # Tuesday morning (a visit and a check-in), Tuesday and Wednesday afternoons


def test_rows_inserted_by_the_registry_bulk_writer_get_their_half_days(world: World) -> None:
    grid = world.node(f.A1)
    with transaction.atomic():
        [pk] = allocate_ids(Visit, 1)
        values = {"id": pk, "officer_id": world.officer_a.pk, "grid_id": grid.pk, "visited_at": local(3, 12),
                  "created_at": timezone.now()}  # fmt: skip
        insert_rows(Visit, [model_row(Visit, values)])
    assert _stored(Visit, pk) == (date(2026, 6, 4), True)


def test_moving_a_record_in_time_moves_its_half_day_whichever_way_it_is_written(world: World) -> None:
    with time_machine.travel(local(0, 20), tick=False):
        visit = f.visit(world, "in", 1, at=local(0, 10))
    Visit.objects.filter(pk=visit.pk).update(visited_at=F("visited_at") + timedelta(hours=3))
    assert _stored(Visit, visit.pk) == (MONDAY, True)
    visit.visited_at = local(1, 9)
    Visit.objects.bulk_update([visit], ["visited_at"])
    assert _stored(Visit, visit.pk) == (date(2026, 6, 2), False)
    visit.visited_at = local(2, 18)
    visit.save(update_fields=["visited_at"])
    assert _stored(Visit, visit.pk) == (date(2026, 6, 3), True)
    assert _half_days(world) == 1
