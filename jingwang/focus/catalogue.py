"""The seeded categories (GB/T 31000 special populations and the police categories, WORKFLOWS.md §1)
and their follow-up cadence. Sourced: serious mental disorder — at least 4 follow-ups a year, stable
at 3 months, unstable (risk 3–5) within 2 weeks (national basic public health service rules);
released prisoners — quarterly (key, 必接必送) or half-yearly (local practice). The other intervals
are local defaults the system administrator adjusts. Usual delisting points: released prisoners 5
years without a new offence, drug users 3 years abstinent (practice)."""

from __future__ import annotations

from typing import Any

NATIONAL = "国家基本公共卫生服务规范：每年至少随访4次；不稳定者2周内随访"
LOCAL = "地方做法（可调整）"
# code, name, tier scale, sensitivity, usual period (days), health sign-off, {tier: (days, source)}
CATEGORIES = [
    (
        "released",
        "刑满释放人员",
        "general",
        "",
        5 * 365,
        False,
        {
            "serious": (90, "重点帮教对象（必接必送）按季度走访"),
            "medium": (90, LOCAL),
            "ordinary": (180, "一般对象半年走访"),
        },
    ),
    (
        "corrections",
        "社区矫正对象",
        "general",
        "",
        None,
        False,
        {"serious": (30, LOCAL), "medium": (60, LOCAL), "ordinary": (90, LOCAL)},
    ),
    (
        "drug",
        "吸毒人员",
        "drug",
        "drug",
        3 * 365,
        False,
        {"high": (30, LOCAL), "medium": (60, LOCAL), "low": (90, LOCAL)},
    ),
    (
        "mental",
        "严重精神障碍患者",
        "mental",
        "health",
        None,
        True,
        {**{str(i): (90, NATIONAL) for i in range(3)}, **{str(i): (14, NATIONAL) for i in range(3, 6)}},
    ),
    (
        "petitioner",
        "信访人员",
        "general",
        "",
        None,
        False,
        {"serious": (30, LOCAL), "medium": (60, LOCAL), "ordinary": (90, LOCAL)},
    ),
    (
        "other",
        "其他关注人员",
        "general",
        "",
        None,
        False,
        {"serious": (30, LOCAL), "medium": (90, LOCAL), "ordinary": (180, LOCAL)},
    ),
]


def seed_categories(category_model: Any, cadence_model: Any) -> None:
    """Create the seeded categories and cadence rows that are missing (edits are kept). Takes the
    models so the data migration can pass its historical ones."""
    for code, name, scale, sensitivity, period, health, cadence in CATEGORIES:
        category, _ = category_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "tier_scale": scale,
                "sensitivity": sensitivity,
                "usual_period_days": period,
                "health_signoff": health,
            },
        )
        for tier, (days, source) in cadence.items():
            cadence_model.objects.get_or_create(
                category=category, tier=tier, defaults={"interval_days": days, "source": source}
            )
