"""A few demo disputes at different stages (synthetic), made through the services like real ones
(the workflow's steps through the casework engine, as the pages and the API take them)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from jingwang.casework.moves import case_move
from jingwang.disputes.models import Dispute
from jingwang.disputes.services import intake, mediation, screening
from jingwang.territory.models import Node, NodeKind

# (title, kind, source, risk, scale, people, summary, parties)
DEMO = [
    ("楼上漏水致楼下天花板受损", "neighbours", "grid", "low", "individual", 2,
     "702室卫生间漏水，602室天花板受损，双方多次交涉未果。",
     [("applicant", "赵丽", "13700001234"), ("respondent", "钱伟", "")]),
    ("夫妻离婚财产分割争执", "family", "visit", "medium", "individual", 2,
     "双方因房产分割争吵，女方到警务室求助。", [("applicant", "孙敏", "13700005678"), ("respondent", "周强", "")]),
    ("装修队拖欠工人工资", "labour", "110", "high", "group", 8,
     "8名装修工人称工头拖欠三个月工资，聚集在小区门口。", [("applicant", "吴刚", "13700009012")]),
    ("物业费上涨引发业主不满", "property", "self", "low", "multi", 4,
     "业主代表反映物业费上涨未经业主大会表决。", [("applicant", "郑华", "")]),
]  # fmt: skip


def _move(by: Any, dispute: Dispute, transition: str, **data: Any) -> None:
    case_move(by=by, case=dispute.case, transition=transition, data=data)


def seed_disputes(users: dict[str, Any]) -> int:
    """Four disputes in the first grid: one reported, one handled, one referred to the mediator,
    one closed after an agreement and a return visit; and this month's re-screening checklists."""
    grid = Node.objects.filter(kind=NodeKind.GRID).order_by("code").first()
    worker, officer, mediator = users.get("gridworker"), users.get("officer"), users.get("mediator")
    if grid is None or worker is None or officer is None or mediator is None:
        return 0
    made = []
    for title, kind, source, risk, scale, people, summary, parties in DEMO:
        made.append(
            intake.dispute_report(
                by=worker,
                data={"title": title, "summary": summary, "kind": kind, "risk": risk, "scale": scale,
                      "people_involved": people, "place": "宁海路5号"},
                source=source,
                grid=grid,
                parties=[intake.PartyIn(role=r, name=n, phone=p) for r, n, p in parties],
            )
        )  # fmt: skip
    closed, referred, handled, _reported = made
    for d in (closed, referred, handled):
        _move(officer, d, "accept")
    for d in (closed, referred):
        _move(officer, d, "refer_mediator", mediator=mediator.pk, note="请人民调解员调解")
    mediation.session_record(
        by=mediator,
        dispute_id=closed.pk,
        held_at=timezone.now(),
        participants="赵丽、钱伟、调解员",
        notes="钱伟同意修复防水层并赔偿维修费。",
    )
    _move(mediator, closed, "mediated", outcome="settled", note="口头达成一致")
    mediation.return_visit_record(
        by=officer, dispute_id=closed.pk, visited_at=timezone.now(), notes="已修复，双方满意。"
    )
    _move(officer, closed, "close", note="回访后结案")
    screening.screening_generate()
    return len(made)
