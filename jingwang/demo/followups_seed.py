"""What follows from the demo's incidents: return visits at each stage (due, warned, overdue,
visited with advice, visited with a hazard sent to a department as a work order, household not
reached), a published bulletin of the first community (and a draft of the month before), and
non-police calls turned into a dispute and a work order. Runs after `seed_incidents`."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from jingwang.accounts.models import User
from jingwang.casework.models import Case, Department
from jingwang.casework.moves import case_move
from jingwang.casework.services import case_recompute_deadlines
from jingwang.casework.sweep import sweep
from jingwang.incidents.followups.bulletins import bulletin_draft, bulletin_publish
from jingwang.incidents.followups.figures import default_period
from jingwang.incidents.followups.models import IncidentCase, ReturnVisit
from jingwang.incidents.followups.services import incident_case_open
from jingwang.incidents.models import Incident
from jingwang.incidents.services import record_incidents
from jingwang.registry.models import House
from jingwang.territory.models import Node, NodeKind

ADVICE = (
    "近期辖区入室盗窃、电信网络诈骗警情较多。请出门锁好门窗、不在门口放置钥匙；"
    "不轻信陌生来电，不向陌生账户转账；发现可疑人员请及时报警或联系社区民警。"
)


def _fresh_burglaries(community: Node, count: int) -> list[str]:
    """A few recent burglaries at houses of the community (through the import, like a feed)."""
    houses = list(
        House.objects.filter(grid__parent=community, is_active=True).select_related("address").order_by("id")[:count]
    )
    now = timezone.localtime()
    rows = [
        {
            "number": f"JDEMO-RV-{i + 1:02d}",
            "occurred_at": (now - timedelta(days=1 + i % 3, hours=i)).strftime("%Y-%m-%d %H:%M:%S"),
            "category": "0101",
            "place": h.address.canonical,
            "outcome": "已受案侦查",
        }
        for i, h in enumerate(houses)
    ]
    record_incidents(rows, by=None)
    return [str(r["number"]) for r in rows]


def _backdate(visit: ReturnVisit, days: float) -> None:
    """A visit opened `days` ago (its deadline counted from then), for the warned and overdue stages."""
    then = timezone.now() - timedelta(days=days)
    Case.objects.filter(pk=visit.case_id).update(opened_at=then, stage_started_at=then)
    case_recompute_deadlines(case_id=visit.case_id)


def seed_followups(*, community_code: str) -> dict[str, int]:
    """Seed the follow-ups of the first community; idempotent (a seeded database is left alone)."""
    if IncidentCase.objects.exists():
        return {}
    officer = User.objects.get(username="officer")
    community = Node.objects.get(kind=NodeKind.COMMUNITY, code=community_code)
    numbers = _fresh_burglaries(community, 7)
    visits = list(ReturnVisit.objects.filter(incident__number__in=numbers).select_related("case").order_by("id"))
    department = Department.objects.filter(is_active=True).order_by("id").first()
    counts = {"return_visits": len(visits)}
    if len(visits) >= 6:
        case_move(by=officer, case=visits[0].case, transition="visit",
                  data={"advice_given": True, "note": "已上门回访，告知加装防盗门锁"})  # fmt: skip
        if department is not None:
            case_move(by=officer, case=visits[1].case, transition="visit",
                      data={"advice_given": True, "hazard_found": True, "department": department.pk,
                            "hazard_note": "楼道内电动车充电，消防通道堵塞"})  # fmt: skip
        case_move(by=officer, case=visits[2].case, transition="unreachable", data={"note": "三次上门无人，电话未接"})
        _backdate(visits[3], 5.5)  # yellow: past 5 days
        _backdate(visits[4], 8)  # red: past 7 days
        sweep()
    period = default_period()
    previous = period.previous()
    bulletin = bulletin_draft(by=officer, community=community, period_start=period.start, period_end=period.end,
                              advice=ADVICE)  # fmt: skip
    bulletin_publish(by=officer, bulletin_id=bulletin.pk)
    bulletin_draft(by=officer, community=community, period_start=previous.start, period_end=previous.end,
                   advice=ADVICE)  # fmt: skip
    counts["bulletins"] = 2
    calls = Incident.objects.restrict(officer).filter(grid__parent=community, category__non_police=True)
    calls = calls.order_by("-occurred_at")
    dispute_call = calls.filter(category__kind="dispute").first()
    if dispute_call is not None:
        incident_case_open(by=officer, incident_id=dispute_call.pk, kind="dispute", dispute_kind="neighbours")
    repair_call = calls.filter(category__code="0504").first()
    if repair_call is not None and department is not None:
        incident_case_open(by=officer, incident_id=repair_call.pk, kind="workorder", department=department)
    counts["cases_from_calls"] = IncidentCase.objects.count()
    return counts
