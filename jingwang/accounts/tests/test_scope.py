from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework.test import APIClient

from jingwang.accounts.models import RoleAssignment, RosterMember, RosterPosition, User
from jingwang.scope_contract import ScopedResourceContract
from jingwang.testing import PASSWORD, World


def _member(world: World, district: str, name: str) -> RosterMember:
    return RosterMember.objects.create(
        police_district=world.node(f"police_district:{district}"), position=RosterPosition.AUXILIARY, name=name
    )


class TestRosterScope(ScopedResourceContract):
    list_url = "/api/v1/roster/"
    viewer = "officer_a"
    no_permission_user = "resident"
    model = RosterMember
    patch_payload = {"duty": "夜间巡逻"}
    editor = "officer_a"

    def in_scope(self, world: World) -> Any:
        return RosterMember.objects.filter(name="甲辅警").first() or _member(world, "320106001001", "甲辅警")

    def out_of_scope(self, world: World) -> Any:
        return RosterMember.objects.filter(name="乙辅警").first() or _member(world, "320106001002", "乙辅警")

    def page_url(self, obj: Any) -> str:
        return reverse("accounts:roster", args=[obj.police_district.code])


class TestUserScope(ScopedResourceContract):
    list_url = "/api/v1/accounts/users/"
    viewer = "secadmin_b"
    no_permission_user = "auditor"
    model = User
    patch_payload = {"is_active": False}
    editor = "secadmin_b"

    def in_scope(self, world: World) -> Any:
        return world.users["grid_b1"]

    def out_of_scope(self, world: World) -> Any:
        return world.users["grid_a1"]

    def client_for(self, world: World, name: str) -> APIClient:
        client = super().client_for(world, name)
        client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
        return client

    def page_url(self, obj: Any) -> str:
        return reverse("accounts:user-detail", args=[obj.pk])


class TestRoleAssignmentScope(ScopedResourceContract):
    list_url = "/api/v1/accounts/role-assignments/"
    viewer = "secadmin_b"
    no_permission_user = "officer_a"
    model = RoleAssignment

    def in_scope(self, world: World) -> Any:
        return RoleAssignment.objects.get(user=world.users["grid_b1"])

    def out_of_scope(self, world: World) -> Any:
        return RoleAssignment.objects.get(user=world.users["grid_a1"])


def test_reading_accounts_leaves_audit_events_with_query_and_count(world: World) -> None:
    from jingwang.audit.models import AuditEvent

    client = APIClient()
    client.force_authenticate(world.secadmin_b)
    listed = client.get("/api/v1/accounts/users/", {"page_size": 10}).json()["results"]
    event = AuditEvent.objects.filter(action="accounts.user.list").latest("id")
    assert event.actor_id == world.secadmin_b.pk and event.result_count == len(listed)
    assert event.query == {"page_size": "10"}
    client.get(f"/api/v1/accounts/users/{world.grid_b1.pk}/")
    read = AuditEvent.objects.filter(action="accounts.user.read").latest("id")
    assert read.object_id == str(world.grid_b1.pk) and read.result_count == 1
