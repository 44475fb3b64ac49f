"""Helpers for the tips tests: categories (restored after a transactional flush), a tip in grid
A1 or B1, a resident signed in on the portal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jingwang.casework.services import case_transition
from jingwang.testing import World, sign_in
from jingwang.tips import services
from jingwang.tips.catalogue import seed_categories
from jingwang.tips.models import Category, Tip
from jingwang.upload_testing import jpeg

# Points inside the test world's grids (jingwang.testing.world_specs).
IN_A1 = (Decimal("32.050000"), Decimal("118.750000"))
IN_B1 = (Decimal("32.050000"), Decimal("118.850000"))


def category(code: str = "public-order") -> Category:
    seed_categories(Category)
    return Category.objects.get(code=code)


def photo(name: str = "现场.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg(), content_type="image/jpeg")


def tip(world: World, where: str = "in", n: int = 0, *, resident: Any = None, **kwargs: Any) -> Tip:
    """A tip in grid A1 ("in") or B1, made once for each (where, n); from nobody in particular
    unless `resident` is given (so the per-number limit does not get in the way)."""
    text = f"楼下有人深夜聚众喧哗 {where}{n}"
    made = Tip.objects.filter(description=text).first()
    if made is not None:
        return made
    lat, lon = IN_A1 if where == "in" else IN_B1
    done = services.tip_submit(
        category=category(),
        description=text,
        address_text=f"宁海路{n + 1}号",
        lat=lat,
        lon=lon,
        resident=resident,
        **kwargs,
    )
    return done.tip


def closed_tip(world: World, transition: str = "solve", n: int = 0, **kwargs: Any) -> Tip:
    kwargs.setdefault("resident", world.resident)
    found = tip(world, "in", n, **kwargs)
    case_transition(by=world.officer_a, case_id=found.case_id, transition="take")
    case_transition(by=world.officer_a, case_id=found.case_id, transition=transition, note="已到场处置，噪声已停止")
    found.refresh_from_db()
    return found


def resident_client(world: World, name: str = "resident") -> Client:
    return sign_in(Client(), world.users[name])


def tip_case(world: World) -> Any:
    """A resident's tip in grid A1 (for casework's table of action rules)."""
    return tip(world, "in", 99).case


def route_input(world: World) -> dict[str, Any]:
    """A valid input of the `route` transition: a work order to the city management department."""
    from jingwang.casework.models import Department

    department, _ = Department.objects.get_or_create(name="城管局")
    return {"target": "workorder", "department": str(department.pk)}
