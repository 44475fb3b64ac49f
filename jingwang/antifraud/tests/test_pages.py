"""The page contract of the anti-fraud pages."""

from __future__ import annotations

from typing import Any

from jingwang.antifraud import views
from jingwang.antifraud.tests import fixtures as f
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World, sign_in


class TestWarningPages(ScopedPageContract):
    list_page = views.WarningListView
    detail_page = views.WarningView
    other_pages = (views.WarningAddView, views.WarningRouteView, views.FiguresView)
    viewer = "officer_a"
    no_permission_user = "resident"

    def in_scope(self, world: World) -> Any:
        return f.warning(world, "in", ref="PG-IN")

    def out_of_scope(self, world: World) -> Any:
        return f.warning(world, "out", ref="PG-OUT")

    def more_in_scope(self, world: World, i: int) -> Any:
        return f.warning(world, "in", ref=f"PG-MORE-{i}")

    def test_role_without_the_permission_gets_the_403_page(self, world: World, client: Any) -> None:
        """Every page, the routing page with the warning's pk, refuses a resident with the 403 page."""
        inside = self.in_scope(world)
        sign_in(client, world.resident)
        for url in ("/antifraud/", "/antifraud/new/", "/antifraud/figures/", f"/antifraud/{inside.pk}/",
                    f"/antifraud/{inside.pk}/route/"):  # fmt: skip
            response = client.get(url)
            assert response.status_code == 403, url
            assert 'data-testid="error-403"' in response.content.decode()

    def test_an_officer_may_not_route_a_warning_the_duty_officer_may(self, world: World, client: Any) -> None:
        inside = self.in_scope(world)
        sign_in(client, world.officer_a)
        assert client.get(f"/antifraud/{inside.pk}/route/").status_code == 403
        sign_in(client, world.leader)
        assert client.get(f"/antifraud/{inside.pk}/route/").status_code == 200
