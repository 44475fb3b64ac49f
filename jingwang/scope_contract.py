"""The generic scope contract every resource of the API is held to (SECURITY 1-3).

A resource's test class names a list URL, a user who may see it, a user whose role may not, and
how to make records inside and outside that user's scope. The contract then proves: no
credentials → 401; no role → 403 (audited); lists, counts and searches never show the outside
record, on any page; the outside record answers exactly like a missing one (404) and leaves an
`authz_denied` audit event; every declared write is refused (wrong role → 403, out of scope →
404) and changes nothing in the database; a list costs as many queries for ten rows as for two.

Every check is required. A check that does not fit a resource is declared in `not_applicable`
with the reason, and is reported as a skip with that reason; a check whose piece is missing and
not declared (no search parameter, no write, no `add_rows`) fails.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

import pytest
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.testing import World, sign_in

# The checks a resource may declare not applicable, each with what it needs.
CHECKS = {
    "role": "a role that may not read the resource (`no_permission_user`)",
    "out_of_scope": "a record outside the viewer's scope (`out_of_scope`)",
    "search": "a search parameter (`search_param`)",
    "write": "at least one write to refuse (`writes`)",
    "page": "a detail page (`page_url`)",
    "query_count": "a way to make more records in scope (`add_rows`)",
}
# Rows a refused write may leave behind: the refusal's own audit event.
UNTOUCHED_EXCEPT = {"audit.AuditEvent", "sessions.Session"}
SAFE_METHODS = {"get", "head", "options"}


@dataclass(frozen=True)
class Write:
    """A write the contract proves is refused and changes nothing.

    `path` is relative to the target record's detail URL ("" is the record itself), or to the list
    URL when `on_list` is set (creates, bulk actions), in which case `body` names the target; a
    path starting with "/" is taken as it is. `by` is a user whose role may make this write
    (default: the class's `editor`, else its `viewer`); the contract sends it against the record
    out of that user's scope and expects `out_of_scope_status` (None: the write names no record,
    as a check of an ID number does), and sends it as `denied_to` (default: `no_permission_user`)
    against the record in scope and expects 403. `path` and `body` may be functions of the target
    record."""

    method: str
    path: str | Callable[[Any], str] = ""
    body: dict[str, Any] | Callable[[Any], dict[str, Any]] = field(default_factory=dict)
    by: str | None = None
    on_list: bool = False
    denied_to: str | None = None
    out_of_scope_status: int | None = 404
    format: str = "json"

    def url(self, contract: ScopedResourceContract, target: Any) -> str:
        path = self.path(target) if callable(self.path) else self.path
        if path.startswith("/"):
            return path
        return contract.list_url + path if self.on_list else contract.detail_url(target) + path

    def payload(self, target: Any) -> dict[str, Any]:
        return self.body(target) if callable(self.body) else dict(self.body)


def _all_pages(client: APIClient, url: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    response = client.get(url, params or {})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        items.extend(body["results"])
        if not body.get("next"):
            return items
        response = client.get(body["next"])


def database_state() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (audit events aside), to prove that a refused write changed nothing."""
    state: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models():
        if model._meta.label in UNTOUCHED_EXCEPT or not model._meta.managed or model._meta.proxy:
            continue
        state[model._meta.label] = list(model._base_manager.order_by("pk").values_list())
    return state


def changed_tables(before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))


class ScopedResourceContract:
    list_url: ClassVar[str]
    viewer: ClassVar[str]
    no_permission_user: ClassVar[str | None] = None
    model: ClassVar[type[models.Model]]
    pk_field: ClassVar[str] = "id"
    search_param: ClassVar[str | None] = None
    # The writes the API offers on this resource, each proven refused without a change.
    writes: ClassVar[dict[str, Write]] = {}
    editor: ClassVar[str | None] = None
    # Check name (see CHECKS) → why it does not apply to this resource.
    not_applicable: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        unknown = set(cls.not_applicable) - set(CHECKS)
        if unknown:
            raise TypeError(f"{cls.__name__}.not_applicable names no check of the contract: {sorted(unknown)}")
        blank = [name for name, reason in cls.not_applicable.items() if not reason.strip()]
        if blank:
            raise TypeError(f"{cls.__name__}.not_applicable gives no reason for {blank}")

    # --- hooks -----------------------------------------------------------------------------------
    def in_scope(self, world: World) -> Any:
        raise NotImplementedError

    def out_of_scope(self, world: World) -> Any:
        raise NotImplementedError

    def add_rows(self, world: World, count: int) -> None:
        """Make `count` more records the viewer sees (for the query-count guard)."""
        raise NotImplementedError

    def search_term(self, obj: Any) -> str:
        return str(getattr(obj, "name", ""))

    def detail_url(self, obj: Any) -> str:
        return f"{self.list_url}{obj.pk}/"

    def page_url(self, obj: Any) -> str | None:
        return None

    # --- helpers ---------------------------------------------------------------------------------
    def client_for(self, world: World, name: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=world.users[name])
        return client

    def ids(self, items: list[dict[str, Any]]) -> set[Any]:
        return {item[self.pk_field] for item in items}

    def key(self, obj: Any) -> Any:
        return getattr(obj, "pk" if self.pk_field == "id" else self.pk_field)

    def _overrides(self, hook: str) -> bool:
        return getattr(type(self), hook) is not getattr(ScopedResourceContract, hook)

    def require(self, check: str, declared: bool) -> None:
        """Skip, with the declared reason, a check that does not apply; fail one left undeclared."""
        reason = self.not_applicable.get(check)
        if reason is not None:
            pytest.skip(f"{check} not applicable: {reason}")
        if not declared:
            pytest.fail(
                f"{type(self).__name__} declares no {CHECKS[check]}: declare it, or say why it does not "
                f"apply in not_applicable[{check!r}]",
                pytrace=False,
            )

    def viewset(self) -> Any:
        return resolve(self.list_url).func.cls  # type: ignore[attr-defined]

    def _send(self, world: World, user: str, write: Write, target: Any) -> Any:
        headers = {}
        version = getattr(type(target)._default_manager.filter(pk=target.pk).first(), "version", None)
        if version is not None:
            headers["HTTP_IF_MATCH"] = f'"{version}"'
        client = self.client_for(world, user)
        method = getattr(client, write.method)
        return method(write.url(self, target), write.payload(target), format=write.format, **headers)

    # --- the contract ----------------------------------------------------------------------------
    @pytest.fixture(autouse=True)
    def _both_records_exist(self, world: World) -> None:
        self.in_scope(world)
        if "out_of_scope" not in self.not_applicable:
            self.out_of_scope(world)

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        """One denied-write test per declared write, named after it."""
        if "write_name" in metafunc.fixturenames:
            names = sorted(self.writes) or ["none"]
            metafunc.parametrize("write_name", names)

    def test_anonymous_is_refused(self, world: World) -> None:
        response = APIClient().get(self.list_url)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"

    def test_role_without_permission_is_refused_and_each_refusal_is_audited(self, world: World) -> None:
        self.require("role", self.no_permission_user is not None)
        assert self.no_permission_user is not None
        client = self.client_for(world, self.no_permission_user)
        refused = AuditEvent.objects.filter(action="authz_denied", actor_id=world.users[self.no_permission_user].pk)
        assert client.get(self.list_url).status_code == 403
        assert client.get(self.detail_url(self.in_scope(world))).status_code == 403
        assert [e.outcome for e in refused] == ["denied", "denied"]

    def test_list_shows_only_own_scope(self, world: World) -> None:
        self.require("out_of_scope", True)
        inside, outside = self.in_scope(world), self.out_of_scope(world)
        ids = self.ids(_all_pages(self.client_for(world, self.viewer), self.list_url, {"page_size": 2}))
        assert self.key(inside) in ids
        assert self.key(outside) not in ids

    def test_count_matches_the_scoped_list(self, world: World) -> None:
        self.require("out_of_scope", True)
        client = self.client_for(world, self.viewer)
        listed = _all_pages(client, self.list_url)
        counted = client.get(f"{self.list_url}count/").json()["count"]
        assert counted == len(listed)
        assert counted < self.model._default_manager.count()

    def test_search_never_finds_records_out_of_scope(self, world: World) -> None:
        self.require("out_of_scope", True)
        param = self.search_param
        self.require("search", param is not None)
        assert param is not None
        inside, outside = self.in_scope(world), self.out_of_scope(world)
        client = self.client_for(world, self.viewer)
        found = self.ids(_all_pages(client, self.list_url, {param: self.search_term(inside)}))
        assert self.key(inside) in found  # the search works, so that what it leaves out means something
        items = _all_pages(client, self.list_url, {param: self.search_term(outside)})
        assert self.key(outside) not in self.ids(items)

    def test_other_district_object_is_not_found(self, world: World) -> None:
        self.require("out_of_scope", True)
        client = self.client_for(world, self.viewer)
        outside = self.out_of_scope(world)
        before = AuditEvent.objects.filter(action="authz_denied").count()
        denied = client.get(self.detail_url(outside))
        missing = client.get(self.list_url + "987654321/")
        assert denied.status_code == missing.status_code == 404
        assert denied.json() == missing.json()
        event = AuditEvent.objects.filter(action="authz_denied").order_by("-id").first()
        assert AuditEvent.objects.filter(action="authz_denied").count() == before + 1
        assert event is not None and event.actor_id == world.users[self.viewer].pk
        assert event.outcome == "denied"

    def test_own_scope_object_is_found(self, world: World) -> None:
        response = self.client_for(world, self.viewer).get(self.detail_url(self.in_scope(world)))
        assert response.status_code == 200

    def test_denied_write_changes_nothing(self, world: World, write_name: str) -> None:
        read_only = not set(self.viewset().http_method_names) - SAFE_METHODS
        if read_only and not self.writes:
            pytest.skip("write not applicable: the API offers no write on this resource")
        self.require("write", bool(self.writes))
        write = self.writes[write_name]
        inside = self.in_scope(world)
        before = database_state()
        denied_to = write.denied_to or self.no_permission_user
        if "role" not in self.not_applicable or write.denied_to:
            assert denied_to is not None, "no_permission_user is not declared"
            refused = self._send(world, denied_to, write, inside)
            assert refused.status_code == 403, (refused.status_code, refused.content)
        if "out_of_scope" not in self.not_applicable and write.out_of_scope_status is not None:
            by = write.by or self.editor or self.viewer
            denied = self._send(world, by, write, self.out_of_scope(world))
            assert denied.status_code == write.out_of_scope_status, (denied.status_code, denied.content)
        after = database_state()
        assert not changed_tables(before, after), f"a refused write changed {changed_tables(before, after)}"

    def test_listing_costs_as_many_queries_for_ten_rows_as_for_two(self, world: World) -> None:
        self.require("query_count", self._overrides("add_rows"))
        client = self.client_for(world, self.viewer)
        self.add_rows(world, 1)
        client.get(self.list_url, {"page_size": 50})  # warm whatever a first request caches
        few, few_queries = self._list_counting_queries(client)
        self.add_rows(world, 8)
        many, many_queries = self._list_counting_queries(client)
        assert many >= few + 8, f"add_rows made {many - few} of 8 records visible to {self.viewer}"
        assert len(many_queries) == len(few_queries), "\n".join(
            [f"{few} rows: {len(few_queries)} queries; {many} rows: {len(many_queries)} queries", *many_queries]
        )

    def _list_counting_queries(self, client: APIClient) -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(self.list_url, {"page_size": 50})
        assert response.status_code == 200, response.content
        return len(response.json()["results"]), [q["sql"] for q in queries.captured_queries]

    def test_page_of_other_district_object_is_not_found(self, world: World, client: Any) -> None:
        self.require("out_of_scope", True)
        self.require("page", self._overrides("page_url"))
        url = self.page_url(self.out_of_scope(world))
        assert url is not None
        sign_in(client, world.users[self.viewer])
        assert client.get(url).status_code == 404
        assert client.get(self.page_url(self.in_scope(world)) or "").status_code == 200
