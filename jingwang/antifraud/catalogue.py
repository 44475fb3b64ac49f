"""The fraud type code table and the default contact deadlines, used by the migration that seeds
them and by the demo (which restores them after a transactional test's flush)."""

from __future__ import annotations

from typing import Any

FRAUD_TYPES = (
    ("01", "冒充公检法"),
    ("02", "刷单返利"),
    ("03", "虚假投资理财"),
    ("04", "虚假网络贷款"),
    ("05", "冒充电商物流客服"),
    ("06", "冒充领导熟人"),
    ("07", "网络游戏虚假交易"),
    ("08", "网络婚恋交友"),
    ("09", "虚假征信"),
    ("99", "其他"),
)
# risk: contact yellow, red; visit yellow, red; bureau after red (minutes). "A scam is often over
# within half an hour": a high-risk warning is red 20 minutes after it arrives without a contact.
DEADLINES = {
    "high": (10, 20, 40, 60, 30),
    "medium": (60, 120, 480, 1440, 240),
    "low": (720, 1440, 2880, 4320, 1440),
}


def restore(fraud_type: Any, deadline: Any) -> None:
    """Create what is missing of the code table and the deadlines (models passed in: migrations)."""
    for code, name in FRAUD_TYPES:
        fraud_type.objects.get_or_create(code=code, defaults={"name": name})
    for risk, (cy, cr, vy, vr, b) in DEADLINES.items():
        deadline.objects.get_or_create(
            risk=risk,
            defaults={"contact_yellow_minutes": cy, "contact_red_minutes": cr, "visit_yellow_minutes": vy,
                      "visit_red_minutes": vr, "bureau_minutes": b},
        )  # fmt: skip
