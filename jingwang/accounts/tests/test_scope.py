from __future__ import annotations

from typing import Any

from django.urls import reverse
from rest_framework.test import APIClient

from jingwang.accounts.models import RoleAssignment, RosterMember, RosterPosition, User
from jingwang.accounts.services import user_create
from jingwang.core.roles import Role
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import PASSWORD, World


def _users_in_b(world: World, count: int) -> None:
    start = User.objects.count()
    for i in range(start, start + count):
        node = world.node("grid:320106001002001")
        user_create(by=None, username=f"gw{i}", display_name=f"网格员{i}", password=PASSWORD, role=Role.GRID_WORKER,
                    scopes=[node])  # fmt: skip


class _Reauthenticated(ScopedResourceContract):
    """Account writes need the password again: every client sends it, so that a refusal is the
    scope's or the role's, not the step-up's."""

    def client_for(self, world: World, name: str) -> APIClient:
        client = super().client_for(world, name)
        client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
        return client


def _member(world: World, district: str, name: str) -> RosterMember:
    return RosterMember.objects.create(
        police_district=world.node(f"police_district:{district}"), position=RosterPosition.AUXILIARY, name=name
    )


class TestRosterScope(ScopedResourceContract):
    list_url = "/api/v1/roster/"
    viewer = "officer_a"
    no_permission_user = "resident"
    model = RosterMember
    writes = {
        "edit": Write("patch", body={"duty": "夜间巡逻"}),
        "remove": Write("delete"),
        "create": Write(
            "post",
            on_list=True,
            body={"police_district": "320106001002", "position": "auxiliary", "name": "越权辅警"},
            out_of_scope_status=404,
        ),
    }
    editor = "officer_a"
    not_applicable = {"search": "the roster is filtered by police district and position; it has no text search"}

    def in_scope(self, world: World) -> Any:
        return RosterMember.objects.filter(name="甲辅警").first() or _member(world, "320106001001", "甲辅警")

    def out_of_scope(self, world: World) -> Any:
        return RosterMember.objects.filter(name="乙辅警").first() or _member(world, "320106001002", "乙辅警")

    def add_rows(self, world: World, count: int) -> None:
        for i in range(count):
            _member(world, "320106001001", f"辅警{i}")

    def page_url(self, obj: Any) -> str:
        return reverse("accounts:roster", args=[obj.police_district.code])


class TestUserScope(_Reauthenticated):
    list_url = "/api/v1/accounts/users/"
    viewer = "secadmin_b"
    no_permission_user = "auditor"
    model = User
    writes = {
        "edit": Write("patch", body={"is_active": False}),
        "create": Write(
            "post",
            on_list=True,
            body={
                "username": "intruder",
                "display_name": "越权",
                "password": "Another-Horse-43",
                "role": Role.GRID_WORKER,
                "scopes": ["grid:320106001001001"],
            },
            out_of_scope_status=400,
        ),
    }
    editor = "secadmin_b"
    not_applicable = {"search": "the account list has no search parameter"}

    def in_scope(self, world: World) -> Any:
        return world.users["grid_b1"]

    def out_of_scope(self, world: World) -> Any:
        return world.users["grid_a1"]

    def add_rows(self, world: World, count: int) -> None:
        _users_in_b(world, count)

    def page_url(self, obj: Any) -> str:
        return reverse("accounts:user-detail", args=[obj.pk])


class TestRoleAssignmentScope(_Reauthenticated):
    list_url = "/api/v1/accounts/role-assignments/"
    viewer = "secadmin_b"
    no_permission_user = "officer_a"
    model = RoleAssignment
    writes = {
        "revoke": Write("delete"),
        "grant": Write(
            "post",
            on_list=True,
            body=lambda a: {"user": a.user_id, "role": Role.VOLUNTEER, "node": "community:320106001002"},
        ),
    }
    not_applicable = {
        "search": "the list of role assignments has no search parameter",
        "page": "a role assignment is shown on its user's page, which TestUserScope proves",
    }

    def in_scope(self, world: World) -> Any:
        return RoleAssignment.objects.get(user=world.users["grid_b1"])

    def out_of_scope(self, world: World) -> Any:
        return RoleAssignment.objects.get(user=world.users["grid_a1"])

    def add_rows(self, world: World, count: int) -> None:
        _users_in_b(world, count)


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
