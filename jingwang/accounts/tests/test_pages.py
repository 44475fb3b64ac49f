"""The page contract (jingwang/page_contract.py) for the security administrator's account pages."""

from __future__ import annotations

from typing import Any

from jingwang.accounts import views
from jingwang.accounts.models import User
from jingwang.accounts.services import user_create
from jingwang.core.roles import Role
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import PASSWORD, World


class TestUserPages(ScopedPageContract):
    list_page = views.UserListView
    detail_page = views.UserDetailView
    other_pages = (views.UserCreateView,)
    viewer = "secadmin_b"
    no_permission_user = "auditor"

    def in_scope(self, world: World) -> Any:
        return world.users["grid_b1"]

    def out_of_scope(self, world: World) -> Any:
        return world.users["grid_a1"]

    def more_in_scope(self, world: World, i: int) -> Any:
        name = f"grid_b1_{i}"
        return User.objects.filter(username=name).first() or user_create(
            by=None,
            username=name,
            display_name=name,
            password=PASSWORD,
            role=Role.GRID_WORKER,
            scopes=[world.node("grid:320106001002001")],
        )
