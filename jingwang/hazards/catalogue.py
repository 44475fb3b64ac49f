"""The hazard categories (WORKFLOWS.md §3): public security (天阙's list) and fire safety, each with
its legal basis, the default rectification period and where an unrectified one is handed over.
Used by the data migration and by the demo seed (which restores them after a test's flush)."""

from __future__ import annotations

from typing import Any

FIRE_LAW = "《消防法》第六十条：单位处五千元以上五万元以下罚款；个人警告或五百元以下罚款"
HIGH_RISE = "《高层民用建筑消防安全管理规定》（2021年8月1日起施行）第四十七条"
PUBLIC_SECURITY = "《治安管理处罚法》"
# code, name, group, legal basis, default rectification days, serious, handed over to
CATEGORIES: list[tuple[str, str, str, str, int, bool, str]] = [
    ("ebike_indoor", "电动自行车在门厅、楼道、楼梯间停放或充电", "fire", HIGH_RISE, 3, False, "fire"),
    ("flying_lead", "飞线充电", "fire", HIGH_RISE, 1, False, "fire"),
    ("blocked_exit", "占用、堵塞、封闭疏散通道和安全出口", "fire", FIRE_LAW, 1, True, "fire"),
    ("fire_other", "其他消防安全隐患", "fire", FIRE_LAW, 7, False, "fire"),
    (
        "crowded_rental",
        "群租（分隔出租、厨房卫生间阳台地下室住人）",
        "housing",
        "《商品房屋租赁管理办法》第八条；地方规定（北京每人不少于5平方米、每间不超过2人）",
        15,
        False,
        "housing",
    ),
    ("no_lock_light", "单元门锁缺失或照明缺失", "security", "地方做法（可调整）", 7, False, "subdistrict"),
    ("unguarded", "楼宇无人值守", "security", "地方做法（可调整）", 15, False, "subdistrict"),
    ("terror", "暴力恐怖", "security", "《反恐怖主义法》", 1, True, "subdistrict"),
    ("explosives", "枪支爆炸物", "security", "《枪支管理法》《民用爆炸物品安全管理条例》", 1, True, "subdistrict"),
    ("drugs", "涉毒（制、贩、吸）", "security", "《禁毒法》", 1, True, "subdistrict"),
    ("cult", "邪教", "security", PUBLIC_SECURITY, 1, True, "subdistrict"),
    ("counterfeit", "制假售假", "security", "《产品质量法》", 7, False, "subdistrict"),
    ("vice", "卖淫嫖娼", "security", PUBLIC_SECURITY, 3, False, "subdistrict"),
    ("gambling", "赌博", "security", PUBLIC_SECURITY, 3, False, "subdistrict"),
    ("pyramid", "传销", "security", "《禁止传销条例》", 3, False, "subdistrict"),
    ("stolen_goods", "收购销赃", "security", PUBLIC_SECURITY, 3, False, "subdistrict"),
    ("other", "其他", "security", "地方做法（可调整）", 7, False, "subdistrict"),
]


def seed_categories(category_model: Any) -> None:
    """Create the categories that are missing (never overwrite what the administrator changed)."""
    for order, (code, name, group, basis, days, serious, to) in enumerate(CATEGORIES):
        category_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "group": group,
                "legal_basis": basis,
                "rectification_days": days,
                "serious": serious,
                "hand_over_to": to,
                "order": order,
            },
        )
