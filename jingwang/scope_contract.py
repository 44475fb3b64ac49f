"""The generic scope contract every territorial resource's tests inherit (SECURITY 1-3).

A resource's test class names a list URL, a user who may see it, a user whose role may not, and
how to make one record inside and one outside that user's scope. The contract then proves: no
credentials → 401; no role → 403 (audited); lists, counts and searches never show the outside record, on
any page; the outside record answers exactly like a missing one (404) and leaves an
`authz_denied` audit event; a refused write changes nothing.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from django.db import models
from django.forms.models import model_to_dict
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.testing import World, sign_in


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


class ScopedResourceContract:
    list_url: ClassVar[str]
    viewer: ClassVar[str]
    no_permission_user: ClassVar[str]
    model: ClassVar[type[models.Model]]
    pk_field: ClassVar[str] = "id"
    search_param: ClassVar[str | None] = None
    # Set for resources that accept PATCH with If-Match: a change the viewer's role may make.
    patch_payload: ClassVar[dict[str, Any] | None] = None
    editor: ClassVar[str | None] = None
    page_url_name: ClassVar[str | None] = None

    # --- hooks -----------------------------------------------------------------------------------
    def in_scope(self, world: World) -> Any:
        raise NotImplementedError

    def out_of_scope(self, world: World) -> Any:
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

    # --- the contract ----------------------------------------------------------------------------
    @pytest.fixture(autouse=True)
    def _both_records_exist(self, world: World) -> None:
        self.in_scope(world)
        self.out_of_scope(world)

    def test_anonymous_is_refused(self, world: World) -> None:
        response = APIClient().get(self.list_url)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "not_authenticated"

    def test_role_without_permission_is_refused_and_each_refusal_is_audited(self, world: World) -> None:
        client = self.client_for(world, self.no_permission_user)
        refused = AuditEvent.objects.filter(action="authz_denied", actor_id=world.users[self.no_permission_user].pk)
        assert client.get(self.list_url).status_code == 403
        assert client.get(self.detail_url(self.in_scope(world))).status_code == 403
        assert [e.outcome for e in refused] == ["denied", "denied"]

    def test_list_shows_only_own_scope(self, world: World) -> None:
        inside, outside = self.in_scope(world), self.out_of_scope(world)
        ids = self.ids(_all_pages(self.client_for(world, self.viewer), self.list_url, {"page_size": 2}))
        assert getattr(inside, self.pk_field if self.pk_field != "id" else "pk") in ids
        assert getattr(outside, self.pk_field if self.pk_field != "id" else "pk") not in ids

    def test_count_matches_the_scoped_list(self, world: World) -> None:
        client = self.client_for(world, self.viewer)
        listed = _all_pages(client, self.list_url)
        counted = client.get(f"{self.list_url}count/").json()["count"]
        assert counted == len(listed)
        assert counted < self.model._default_manager.count()

    def test_search_never_finds_records_out_of_scope(self, world: World) -> None:
        if self.search_param is None:
            return
        outside = self.out_of_scope(world)
        items = _all_pages(
            self.client_for(world, self.viewer), self.list_url, {self.search_param: self.search_term(outside)}
        )
        assert outside.pk not in self.ids(items)

    def test_other_district_object_is_not_found(self, world: World) -> None:
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

    def test_denied_write_changes_nothing(self, world: World) -> None:
        if self.patch_payload is None or self.editor is None:
            return
        outside = self.out_of_scope(world)
        before = model_to_dict(type(outside)._default_manager.get(pk=outside.pk))
        client = self.client_for(world, self.editor)
        response = client.patch(self.detail_url(outside), self.patch_payload, format="json", HTTP_IF_MATCH='"1"')
        assert response.status_code == 404
        refused = self.client_for(world, self.no_permission_user).patch(
            self.detail_url(outside), self.patch_payload, format="json", HTTP_IF_MATCH='"1"'
        )
        assert refused.status_code == 403
        assert model_to_dict(type(outside)._default_manager.get(pk=outside.pk)) == before

    def test_page_of_other_district_object_is_not_found(self, world: World, client: Any) -> None:
        url = self.page_url(self.out_of_scope(world))
        if url is None:
            return
        sign_in(client, world.users[self.viewer])
        assert client.get(url).status_code == 404
        assert client.get(self.page_url(self.in_scope(world)) or "").status_code == 200
