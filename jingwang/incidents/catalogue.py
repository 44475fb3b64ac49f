"""The incident code table as shipped: kinds, sub-types, and which are preventable (可防性) or
non-police (非警务). Data the system administrator may change, not code. Used by the data
migration and by the demo (a test database flushed by a transactional test has lost it)."""

from __future__ import annotations

from typing import Any

# code, name, parent code, kind, preventable, non-police
CATEGORIES = [
    ("01", "刑事警情", "", "criminal", False, False),
    ("0101", "入室盗窃", "01", "criminal", True, False),
    ("0102", "盗窃非机动车", "01", "criminal", True, False),
    ("0103", "电信网络诈骗", "01", "criminal", True, False),
    ("0104", "盗窃机动车", "01", "criminal", True, False),
    ("0105", "扒窃", "01", "criminal", True, False),
    ("0106", "抢劫抢夺", "01", "criminal", True, False),
    ("0107", "故意伤害", "01", "criminal", False, False),
    ("0199", "其他刑事警情", "01", "criminal", False, False),
    ("02", "治安警情", "", "public_order", False, False),
    ("0201", "打架斗殴", "02", "public_order", False, False),
    ("0202", "赌博", "02", "public_order", False, False),
    ("0203", "寻衅滋事", "02", "public_order", False, False),
    ("0204", "盗窃（治安）", "02", "public_order", True, False),
    ("0299", "其他治安警情", "02", "public_order", False, False),
    ("03", "交通警情", "", "traffic", False, False),
    ("0301", "交通事故", "03", "traffic", False, False),
    ("0302", "交通堵塞", "03", "traffic", False, False),
    ("04", "纠纷警情", "", "dispute", False, False),
    ("0401", "邻里纠纷", "04", "dispute", False, True),
    ("0402", "家庭纠纷", "04", "dispute", False, True),
    ("0403", "经济纠纷", "04", "dispute", False, True),
    ("0404", "物业纠纷", "04", "dispute", False, True),
    ("05", "群众求助", "", "help", False, False),
    ("0501", "求助", "05", "help", False, False),
    ("0502", "人员走失", "05", "help", False, False),
    ("0503", "噪声扰民", "05", "help", False, True),
    ("0504", "市政设施报修", "05", "help", False, True),
    ("06", "其他警情", "", "other", False, False),
    ("0601", "咨询", "06", "other", False, True),
    ("0602", "无效警情", "06", "other", False, False),
]


def ensure_categories(category_model: Any) -> None:
    """Create or update the shipped categories (idempotent)."""
    made: dict[str, Any] = {}
    for code, name, parent, kind, preventable, non_police in CATEGORIES:
        made[code], _ = category_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "parent": made.get(parent),
                "kind": kind,
                "preventable": preventable,
                "non_police": non_police,
            },
        )
