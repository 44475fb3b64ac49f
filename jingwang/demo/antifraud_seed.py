"""Anti-fraud warnings at each stage of the dissuasion: just received, signed for, a call not
answered, sent for a face-to-face visit, dissuaded after a visit with the checklist ticked, already
defrauded, one for the station's duty officer, and a bank's suspicion with a protection request.
Every name, ID and phone number is invented; the warnings go through the services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from jingwang.antifraud import catalogue
from jingwang.antifraud.models import ContactDeadline, FraudType, Source
from jingwang.antifraud.services import WarningRow, protection_request, route_grids, warnings_receive
from jingwang.casework.models import Case
from jingwang.casework.moves import case_move
from jingwang.core import crypto
from jingwang.core.crypto import ID_NUMBER_CONTEXT
from jingwang.core.identity import synthetic_id_number
from jingwang.registry.models import Person
from jingwang.registry.services import persons
from jingwang.territory.models import Node, NodeKind

PEOPLE = [
    ("顾桂兰", "high", "01"),
    ("沈国强", "high", "03"),
    ("陆秀梅", "medium", "02"),
    ("邵建平", "high", "05"),
    ("钟淑珍", "high", "01"),
    ("任志明", "medium", "04"),
    ("彭丽娟", "low", "08"),
]
# The moves each warning has been through (by the officer), in order.
STAGES: list[list[tuple[str, dict[str, Any]]]] = [
    [],
    [("sign", {})],
    [("sign", {}), ("contact", {"method": "phone", "result": "not_reached"})],
    [("sign", {}), ("contact", {"method": "phone", "result": "not_reached"}), ("dispatch", {})],
    [
        ("sign", {}),
        ("contact", {"method": "phone", "result": "not_reached"}),
        ("dispatch", {}),
        (
            "finish",
            {
                "outcome": "dissuaded",
                "checked": ["查看聊天软件", "查看大额转账记录", "询问转账对象", "保护账户(止付冻结)"],
                "note": "见面核查，对象已停止转账",
            },
        ),
    ],
    [
        ("sign", {}),
        ("contact", {"method": "phone", "result": "answered"}),
        ("finish", {"outcome": "self_protected", "note": "本人已识破骗局"}),
    ],
    [
        ("sign", {}),
        ("contact", {"method": "phone", "result": "answered"}),
        (
            "finish",
            {
                "outcome": "defrauded",
                "amount": "12000.00",
                "defrauded_at": "2026-01-01T00:00:00+08:00",
                "note": "预警前已转账",
            },
        ),
    ],
]


def seed_antifraud(users: dict[str, Any]) -> None:
    officer, leader, commander, bank = (users.get(n) for n in ("officer", "leader", "commander", "bank"))
    grid = Node.objects.filter(kind=NodeKind.GRID, police_district__isnull=False).order_by("code").first()
    if officer is None or leader is None or commander is None or grid is None:
        return
    catalogue.restore(FraudType, ContactDeadline)  # a test's flush empties what migration 0002 wrote
    now = timezone.now()
    station = route_grids([grid])[1].get(grid.pk)
    rows = []
    # The registered persons of the officer's district (the demo's other seeds made them): the
    # centre's warnings name them by ID number, so matching goes through the blind index.
    known = list(Person.objects.restrict(officer, "view").exclude(id_number_enc="").order_by("pk")[: len(PEOPLE)])
    for i, (name, risk, fraud) in enumerate(PEOPLE):
        if i < len(known):
            number = crypto.decrypt(known[i].id_number_enc, context=ID_NUMBER_CONTEXT)
        else:
            number = synthetic_id_number(region="320106", birth=date(1952 + i * 3, 1 + i, 5 + i), seq=700 + i)
            persons.person_create(by=None, grid=grid, data={"name": name, "id_number": number})
        rows.append(
            WarningRow(
                reference=f"FZ-DEMO-{i + 1:03d}",
                risk=risk,
                fraud_type=fraud,
                name=name,
                id_number=number,
                warned_at=now - timedelta(minutes=5 * (len(PEOPLE) - i)),
                details="涉诈电话呼入",
            )
        )
    rows.append(
        WarningRow(
            reference="FZ-DEMO-900",
            risk="high",
            fraud_type="06",
            name="未登记人员",
            phone="17000099999",
            station=station.code if station else "",
            details="外地号码",
        )
    )
    got = warnings_receive(by=commander, rows=rows, source=Source.CENTRE).warnings
    for warning, moves in zip(got, STAGES, strict=False):
        for transition, data in moves:
            case = Case.objects.get(fraud_warning=warning)
            case_move(by=officer, case=case, transition=transition, data=data)
    if bank is not None:
        suspicion = WarningRow(
            reference="FZ-BANK-001",
            risk="high",
            fraud_type="03",
            phone="17000090006",
            details="客户短时间内多笔大额转账",
        )
        warnings_receive(by=bank, rows=[suspicion], source=Source.BANK)
        protection_request(
            by=officer,
            warning_id=got[3].pk,
            bank_user_id=bank.pk,
            bank_name="建设银行南京分行",
            account="6217000011112222333",
            reason="高风险预警，对象正在转账",
        )
