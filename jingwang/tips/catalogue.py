"""The tip categories the platform starts with (data: the system administrator may change them);
used by the migration that seeds them and by the demo."""

from __future__ import annotations

from typing import Any

# code, name, description, is_help
CATEGORIES = [
    ("public-order", "治安问题", "打架斗殴、聚众滋事、噪声扰民等治安问题线索", False),
    ("fraud", "涉诈线索", "可疑电话、短信、网站或他人被骗的线索", False),
    ("drugs-gambling", "黄赌毒线索", "涉黄、涉赌、涉毒的场所或人员线索", False),
    ("traffic", "交通秩序", "乱停车、占道、交通设施损坏等", False),
    ("hazard", "安全隐患", "消防通道堵塞、电动车楼道充电、井盖缺失等", False),
    ("neighbour-dispute", "邻里纠纷", "需要民警或调解员介入的邻里矛盾", True),
    ("help", "求助", "寻人、寻物、生活困难等非紧急求助", True),
    ("other", "其他", "其他需要告诉社区民警的事情", False),
]


def seed_categories(category_model: Any) -> None:
    for order, (code, name, description, is_help) in enumerate(CATEGORIES):
        category_model.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "is_help": is_help, "order": order * 10}
        )
