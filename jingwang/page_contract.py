"""The page contract every generic page declaration's tests inherit (after NetBox's ViewTestCases).

A test class names the declared pages (`jingwang.web.generic`) of one model, a user who may see
them, a user whose role may not, and how to make records inside and outside that user's scope.
The contract then proves, on the pages themselves:

- the list page shows only the user's scope;
- a record out of scope is the 404 page in the site layout, with an `authz_denied` audit row,
  exactly like a missing record; a record in scope is shown;
- a role without the permission gets the 403 page (list, record and edit pages);
- the list page makes as many queries for ten rows as for two (no query per row).

`jingwang/web/tests/test_page_contract.py` checks that every declared page has such a class. A check
that does not apply to a model is a declared skip (`pytest.skip` with the reason), never a silent pass.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jingwang.audit.models import AuditEvent
from jingwang.testing import World, sign_in
from jingwang.web.generic import ObjectListView, ObjectView, ScopedPage

MISSING_PK = 987654321


class ScopedPageContract:
    list_page: ClassVar[type[ObjectListView] | None] = None
    detail_page: ClassVar[type[ObjectView] | None] = None
    other_pages: ClassVar[tuple[type[ScopedPage], ...]] = ()  # edit pages: the 403 check only
    viewer: ClassVar[str]
    no_permission_user: ClassVar[str | None]
    no_permission_reason: ClassVar[str] = ""  # why no role is refused (every user has an inbox)
    list_params: ClassVar[dict[str, str]] = {}

    # --- hooks -----------------------------------------------------------------------------------
    def in_scope(self, world: World) -> Any:
        raise NotImplementedError

    def out_of_scope(self, world: World) -> Any:
        raise NotImplementedError

    def more_in_scope(self, world: World, i: int) -> Any:
        """The i-th further record in the viewer's scope (for the query-count guard); the same i
        gives the same record (made once)."""
        raise NotImplementedError

    def detail_url(self, obj: Any) -> str:
        assert self.detail_page is not None
        return reverse(self.detail_page.url_name, args=[obj.pk])

    def marker(self, obj: Any) -> str:
        """What the list page shows for this record: by default, its link."""
        return f'href="{self.detail_url(obj)}"'

    def list_url(self) -> str:
        assert self.list_page is not None
        return reverse(self.list_page.url_name)

    def pages(self) -> tuple[type[ScopedPage], ...]:
        return tuple(p for p in (self.list_page, self.detail_page, *self.other_pages) if p is not None)

    # --- helpers ---------------------------------------------------------------------------------
    def _signed_in(self, client: Any, world: World, name: str) -> Any:
        return sign_in(client, world.users[name])

    def _list_html(self, client: Any) -> str:
        response = client.get(self.list_url(), self.list_params)
        assert response.status_code == 200
        return str(response.content.decode())

    def _need_list(self) -> None:
        if self.list_page is None:
            pytest.skip("no list page declared for this model")

    def _need_detail(self) -> None:
        if self.detail_page is None:
            pytest.skip("no record page declared for this model")

    # --- the contract ----------------------------------------------------------------------------
    def test_list_page_shows_only_own_scope(self, world: World, client: Any) -> None:
        self._need_list()
        inside, outside = self.in_scope(world), self.out_of_scope(world)
        html = self._list_html(self._signed_in(client, world, self.viewer))
        assert self.marker(inside) in html
        assert self.marker(outside) not in html

    def test_record_page_out_of_scope_is_the_404_page(self, world: World, client: Any) -> None:
        self._need_detail()
        outside = self.out_of_scope(world)
        self._signed_in(client, world, self.viewer)
        denials = AuditEvent.objects.filter(action="authz_denied", actor_id=world.users[self.viewer].pk)
        before = denials.count()
        denied = client.get(self.detail_url(outside))
        assert denied.status_code == 404
        assert 'data-testid="error-404"' in denied.content.decode()
        assert denials.count() == before + 1
        missing = client.get(self.detail_url(type(outside)(pk=MISSING_PK)))  # answered the same way
        assert missing.status_code == 404 and 'data-testid="error-404"' in missing.content.decode()

    def test_record_page_in_scope_is_shown(self, world: World, client: Any) -> None:
        self._need_detail()
        inside = self.in_scope(world)
        response = self._signed_in(client, world, self.viewer).get(self.detail_url(inside))
        assert response.status_code == 200

    def test_role_without_the_permission_gets_the_403_page(self, world: World, client: Any) -> None:
        if self.no_permission_user is None:
            pytest.skip(self.no_permission_reason or "every role may see these pages")
        inside = self.in_scope(world)
        self._signed_in(client, world, self.no_permission_user)
        for page in self.pages():
            url = self.detail_url(inside) if page is self.detail_page else reverse(page.url_name)
            response = client.get(url)
            assert response.status_code == 403, url
            assert 'data-testid="error-403"' in response.content.decode()

    def test_list_page_queries_do_not_grow_with_the_rows(self, world: World, client: Any) -> None:
        self._need_list()
        self.in_scope(world)
        self.more_in_scope(world, 1)
        self._signed_in(client, world, self.viewer)
        self._list_html(client)  # warm: sessions, caches
        with CaptureQueriesContext(connection) as two:
            self._list_html(client)
        for i in range(2, 10):
            self.more_in_scope(world, i)
        with CaptureQueriesContext(connection) as ten:
            html = self._list_html(client)
        assert self.marker(self.more_in_scope(world, 9)) in html  # the new rows are listed
        assert len(ten) == len(two), "\n".join(q["sql"] for q in ten.captured_queries)
