"""The figures engine against the raw rows; the dashboard's 同比/环比; scope; published figures; reports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from jingwang.core.tree import child_path
from jingwang.disputes.models import Dispute
from jingwang.disputes.services import intake
from jingwang.figures import engine, selectors
from jingwang.figures.declare import declared, get
from jingwang.figures.engine import Period, add_months, last_complete_month
from jingwang.figures.models import FigureMonthly, MonthlyReport, Publication
from jingwang.figures.tests.domain_rows import seed_domain_rows
from jingwang.notifications.models import Notification
from jingwang.territory.models import Node, NodeKind
from jingwang.testing import World, sign_in
from jingwang.worker.jobs import run_pending

A1, A2, B1 = "grid:320106001001001", "grid:320106001001002", "grid:320106001002001"
MONTH = last_complete_month()
PERIOD = Period(MONTH)


@pytest.fixture(autouse=True)
def _private_files(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.DATA_DIR = tmp_path
    yield


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def dispute(
    world: World, grid: str, day: date, *, kind: str = "neighbours", resolved_after: int | None = None
) -> Dispute:
    d = intake.dispute_report(
        by=world.users["officer_b" if grid == B1 else "officer_a"],
        data={"title": "纠纷", "summary": "楼上漏水。", "kind": kind},
        source="grid",
        grid=world.node(B1 if grid == B1 else A1),
        parties=[intake.PartyIn(role="applicant", name="王芳")],
    )
    target = Node.objects.get(kind=NodeKind.GRID, code=grid.split(":")[1])
    fields: dict[str, Any] = {"opened_at": _at(day), "grid": target}
    if resolved_after is not None:
        fields.update(outcome="agreement", resolved_at=_at(day + timedelta(days=resolved_after)), status="resolved")
    Dispute.objects.filter(pk=d.pk).update(**fields)
    return d


def second_station(world: World) -> Node:
    """Another station of the bureau, with a police district and one grid of community B."""
    bureau = world.node("bureau:320106")
    station = Node.objects.create(
        kind=NodeKind.STATION,
        code="320106002",
        name="湖南路派出所",
        parent=bureau,
        path=child_path(bureau.path, NodeKind.STATION, "320106002"),
        depth=bureau.depth + 1,
    )
    district = Node.objects.create(
        kind=NodeKind.POLICE_DISTRICT,
        code="320106002001",
        name="丙警务区",
        parent=station,
        path=child_path(station.path, NodeKind.POLICE_DISTRICT, "320106002001"),
        depth=station.depth + 1,
    )
    community = world.node("community:320106001002")
    Node.objects.create(
        kind=NodeKind.GRID,
        code="320106001002009",
        name="丙一网格",
        parent=community,
        path=child_path(community.path, NodeKind.GRID, "320106001002009"),
        depth=community.depth + 1,
        police_district=district,
        police_path=child_path(district.path, NodeKind.GRID, "320106001002009"),
    )
    return station


@pytest.fixture
def seeded(world: World) -> World:
    """This month: 3 in A1 (one resolved in 4 days), 1 in A2, 1 in B1; last month: 2 in A1;
    the same month last year: 1 in B1 (so A's 同比 has a zero base)."""
    first = MONTH
    dispute(world, A1, first + timedelta(days=1), resolved_after=4)
    dispute(world, A1, first + timedelta(days=2), kind="family")
    dispute(world, A1, first + timedelta(days=20))
    dispute(world, A2, first + timedelta(days=5), resolved_after=10)
    dispute(world, B1, first + timedelta(days=3))
    dispute(world, A1, add_months(first, -1) + timedelta(days=3))
    dispute(world, A1, add_months(first, -1) + timedelta(days=9))
    dispute(world, B1, add_months(first, -12) + timedelta(days=9))
    seed_domain_rows(world, first)  # the other domains' figures get rows too
    engine.refresh(add_months(first, -13), timezone.localdate())
    return world


def _raw_count(node: Node, period: Period) -> int:
    """An independent count: the disputes whose grid lies under the node, reported in the period."""
    grids = Node.objects.filter(kind=NodeKind.GRID).filter(
        **(
            {"police_path__startswith": node.path}
            if node.kind in (NodeKind.STATION, NodeKind.POLICE_DISTRICT, NodeKind.BUREAU)
            else {"path__startswith": node.path}
        )
    )
    return Dispute.objects.filter(
        grid__in=grids, opened_at__date__gte=period.start, opened_at__date__lte=period.end
    ).count()


def _row(board: dict[str, Any], key: str) -> Any:
    return next(r for r in board["rows"] if r.figure.key == key)


@pytest.mark.parametrize(
    "ref", ["bureau:320106", "station:320106001", "police_district:320106001001", A1, "community:320106001002"]
)
def test_dashboard_counts_equal_the_raw_rows_with_yoy_and_mom(seeded: World, ref: str) -> None:
    node = seeded.node(ref)
    b = selectors.board(seeded.users["commander"], node, PERIOD)
    row = _row(b, "disputes.reported")
    now, prev, last = (
        _raw_count(node, PERIOD),
        _raw_count(node, PERIOD.previous()),
        _raw_count(node, PERIOD.last_year()),
    )
    assert (row.current, row.previous, row.last_year) == (now, prev, last)
    expected_mom = "none" if prev == 0 and now == 0 else ("new" if prev == 0 else "percent")
    assert row.mom["kind"] == expected_mom
    if expected_mom == "percent":
        assert row.mom["value"] == round(100 * (now - prev) / prev, 1)
    expected_yoy = "none" if last == 0 and now == 0 else ("new" if last == 0 else "percent")
    assert row.yoy["kind"] == expected_yoy


def test_zero_base_is_new_never_infinite(seeded: World) -> None:
    row = _row(
        selectors.board(seeded.users["commander"], seeded.node("police_district:320106001001"), PERIOD),
        "disputes.reported",
    )
    assert (row.current, row.last_year) == (4, 0)
    assert row.yoy == {"kind": "new", "value": None, "text": ""}
    assert row.mom["value"] == 100.0  # 4 against 2


def test_resolution_rate_and_days_to_outcome_equal_the_raw_rows(seeded: World) -> None:
    node = seeded.node("station:320106001")
    b = selectors.board(seeded.users["leader"], node, PERIOD)
    rate, days = _row(b, "disputes.resolved_rate"), _row(b, "disputes.days_to_outcome")
    this = Dispute.objects.filter(opened_at__date__gte=PERIOD.start, opened_at__date__lte=PERIOD.end)
    resolved = [d for d in this if d.outcome == "agreement" and d.resolved_at]
    assert rate.current == pytest.approx(100 * len(resolved) / this.count())
    assert days.current == pytest.approx(
        sum((d.resolved_at - d.opened_at).days for d in resolved if d.resolved_at) / len(resolved)
    )
    assert rate.mom["kind"] == "points"  # a share changes in percentage points


def test_every_declared_figure_matches_its_recomputation_on_every_node(seeded: World) -> None:
    nodes = list(Node.objects.all())
    for fig in declared():
        for period in (PERIOD, PERIOD.previous(), PERIOD.last_year()):
            values = engine.figure_values(fig.key, nodes, period)
            for node in nodes:
                assert values[node.pk] == fig.value(*engine.recompute(fig, node, period.start, period.end)), (
                    fig.key,
                    node,
                )


def test_figure_values_gives_the_map_a_value_per_node(seeded: World) -> None:
    grids = [seeded.node(A1), seeded.node(A2), seeded.node(B1)]
    assert engine.figure_values("disputes.reported", grids, MONTH) == {grids[0].pk: 3, grids[1].pk: 1, grids[2].pk: 1}


def test_a_refresh_after_a_change_follows_the_raw_rows(seeded: World) -> None:
    dispute(seeded, A1, MONTH + timedelta(days=7))
    engine.refresh(MONTH, engine.month_end(MONTH), ["disputes.reported"])
    assert engine.figure_values("disputes.reported", [seeded.node(A1)], MONTH)[seeded.node(A1).pk] == 4


def test_the_nightly_job_is_periodic_and_rolls_up(world: World) -> None:
    from jingwang.worker.jobs import periodic_jobs

    assert "figures.nightly" in periodic_jobs()
    dispute(world, A1, timezone.localdate())
    from jingwang.figures.jobs import nightly

    nightly({})
    assert FigureMonthly.objects.filter(figure="disputes.reported", node=world.node("bureau:320106")).exists()


# -- scope ------------------------------------------------------------------------------------------


def test_a_station_leader_s_dashboard_never_includes_another_station_s_records(seeded: World, client: Any) -> None:
    station2 = second_station(seeded)
    other_grid = Node.objects.get(code="320106001002009")
    dispute(seeded, "grid:320106001002009", MONTH + timedelta(days=4))
    engine.refresh(MONTH, engine.month_end(MONTH))
    leader = seeded.users["leader"]
    own = selectors.board(leader, seeded.node("station:320106001"), PERIOD)
    assert _row(own, "disputes.reported").current == 5  # not the sixth, on the other station's grid
    assert selectors.node_for(leader, station2.ref) is None
    assert selectors.node_for(leader, other_grid.ref) is None
    sign_in(client, leader)
    assert client.get("/figures/", {"node": station2.ref}).status_code == 404
    assert client.get("/figures/", {"node": "bureau:320106"}).status_code == 404
    page = client.get("/figures/", {"node": "station:320106001", "month": MONTH.strftime("%Y-%m")})
    assert page.status_code == 200
    assert "湖南路派出所" not in page.content.decode() and "丙警务区" not in page.content.decode()
    # The commander sees both stations side by side.
    sign_in(client, seeded.users["commander"])
    html = client.get("/figures/", {"node": "bureau:320106", "month": MONTH.strftime("%Y-%m")}).content.decode()
    assert "湖南路派出所" in html and "宁海路派出所" in html


def test_roles_without_figures_get_the_403_page(seeded: World, client: Any) -> None:
    for name in ("resident", "grid_a1", "mediator"):
        sign_in(client, seeded.users[name])
        assert client.get("/figures/").status_code == 403


# -- pages ------------------------------------------------------------------------------------------


def test_the_dashboard_drills_down_to_the_disputes_behind_a_number(seeded: World, client: Any) -> None:
    sign_in(client, seeded.users["commander"])
    month = MONTH.strftime("%Y-%m")
    html = client.get(
        "/figures/", {"node": "bureau:320106", "month": month, "figure": "disputes.reported"}
    ).content.decode()
    assert 'id="figures-chart-data"' in html and "echarts.min.js" in html and "<script>" not in html
    assert "node=station%3A320106001" in html
    grid = client.get("/figures/", {"node": A1, "month": month, "figure": "disputes.reported"}).content.decode()
    assert "disputes/?node=grid%3A320106001001001" in grid
    listing = client.get(
        "/disputes/", {"node": A1, "opened_from": PERIOD.start.isoformat(), "opened_to": PERIOD.end.isoformat()}
    )
    assert listing.status_code == 200
    from jingwang.disputes.filters import DisputeFilterSet

    qs = DisputeFilterSet(
        {"node": A1, "opened_from": PERIOD.start, "opened_to": PERIOD.end}, queryset=Dispute.objects.all()
    ).qs
    assert qs.count() == 3


def test_a_bad_month_is_said_not_a_500(seeded: World, client: Any) -> None:
    sign_in(client, seeded.users["commander"])
    response = client.get("/figures/", {"month": "2026-13"})
    assert response.status_code == 200
    assert "YYYY-MM" in response.content.decode()


def test_the_health_page_is_the_system_administrator_s(world: World, client: Any) -> None:
    admin = next(u for n, u in world.users.items() if n in ("sysadmin", "system_admin", "admin"))
    sign_in(client, admin)
    assert client.get("/figures/health/").status_code == 200
    sign_in(client, world.users["commander"])
    assert client.get("/figures/health/").status_code == 403


# -- published figures --------------------------------------------------------------------------------


def test_published_figures_hide_small_counts(seeded: World, client: Any) -> None:
    Publication.objects.create(figure="disputes.reported", published_by=seeded.users["leader"])
    page = client.get("/figures/public/320106001001/", {"month": MONTH.strftime("%Y-%m")})
    assert page.status_code == 200
    html = page.content.decode()
    assert "fewer than 5" in html or "少于5" in html
    assert "disputes.resolved_rate" not in html  # not published
    for i in range(3):
        dispute(seeded, A2, MONTH + timedelta(days=10 + i))
    engine.refresh(MONTH, engine.month_end(MONTH))
    row = selectors.community_report(seeded.node("community:320106001001"), PERIOD)[0]
    assert row == {"figure": get("disputes.reported"), "suppressed": False, "text": "7"}


def test_the_publication_choice_is_the_leaders(seeded: World, client: Any) -> None:
    sign_in(client, seeded.users["officer_a"])
    assert client.post("/figures/publish/", {"figure": ["disputes.reported"]}).status_code == 403
    sign_in(client, seeded.users["leader"])
    client.post("/figures/publish/", {"figure": ["disputes.reported", "disputes.overdue"]})
    assert set(Publication.objects.values_list("figure", flat=True)) == {
        "disputes.reported"
    }  # overdue: not publishable


# -- reports ------------------------------------------------------------------------------------------


def test_a_monthly_report_is_generated_in_the_background_and_downloaded_in_scope(seeded: World, client: Any) -> None:
    sign_in(client, seeded.users["leader"])
    response = client.post("/figures/reports/new/", {"node": "station:320106001", "month": MONTH.strftime("%Y-%m")})
    report = MonthlyReport.objects.get()
    assert response.status_code == 302 and report.status == "queued"
    run_pending()
    report.refresh_from_db()
    assert report.status == "ready" and report.progress == 100
    assert Notification.objects.filter(recipient=seeded.users["leader"], kind="figures.report").exists()
    pdf = client.get(f"/figures/reports/{report.pk}/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(f"/figures/reports/{report.pk}/xlsx/")
    assert xlsx.status_code == 200 and b"".join(xlsx.streaming_content)[:2] == b"PK"
    sign_in(client, seeded.users["officer_b"])
    assert client.get(f"/figures/reports/{report.pk}/pdf/").status_code == 404


def test_a_report_request_for_an_area_out_of_scope_is_refused(seeded: World, client: Any) -> None:
    sign_in(client, seeded.users["officer_a"])
    client.post("/figures/reports/new/", {"node": "police_district:320106001002", "month": MONTH.strftime("%Y-%m")})
    client.post("/figures/reports/new/", {"node": "police_district:320106001001", "month": "bad"})
    assert not MonthlyReport.objects.exists()


def test_the_verify_command_finds_the_tables_right_and_a_tampered_row_wrong(seeded: World) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("figures", "verify", "--month", MONTH.strftime("%Y-%m"), stdout=out)
    assert "match the raw records" in out.getvalue()
    FigureMonthly.objects.filter(figure="disputes.reported", node=seeded.node(A1), month=MONTH).update(numerator=99)
    with pytest.raises(CommandError, match=r"disputes\.reported grid:320106001001001"):
        call_command("figures", "verify", "--month", MONTH.strftime("%Y-%m"))
