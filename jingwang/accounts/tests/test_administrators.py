"""The three administrators (三权分立) and the security administrator's account management."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from jingwang.accounts import services
from jingwang.accounts.models import RoleAssignment, User
from jingwang.audit.models import AuditEvent
from jingwang.core.errors import ServiceError
from jingwang.core.roles import Role
from jingwang.testing import PASSWORD, World, sign_in


def _api(user: User, *, reauth: bool = True) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    if reauth:
        client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("admin", "other"),
    [
        ("sysadmin", Role.AUDIT_ADMIN),
        ("auditor", Role.SECURITY_ADMIN),
        ("secadmin_b", Role.SYSTEM_ADMIN),
        ("sysadmin", Role.COMMUNITY_OFFICER),
    ],
)
def test_no_account_holds_two_administrator_roles(world: World, admin: str, other: str) -> None:
    with pytest.raises(ServiceError) as err:
        services.role_assign(
            by=world.secadmin, user_id=world.users[admin].pk, role=other, node=world.node("city:320100")
        )
    assert err.value.code == "separation_of_duties"
    assert set(RoleAssignment.objects.filter(user=world.users[admin]).values_list("role", flat=True)) == {
        world.users[admin].assignments.get().role
    }


def test_a_business_account_cannot_become_an_administrator(world: World) -> None:
    with pytest.raises(ServiceError):
        services.role_assign(
            by=world.secadmin, user_id=world.officer_a.pk, role=Role.AUDIT_ADMIN, node=world.node("city:320100")
        )


def test_system_admin_cannot_manage_accounts_or_read_audit(world: World) -> None:
    client = _api(world.sysadmin)
    assert client.get("/api/v1/accounts/users/").status_code == 403
    assert client.post("/api/v1/accounts/users/", {}, format="json").status_code == 403
    assert client.get("/api/v1/audit-events/").status_code == 403


def test_security_admin_cannot_read_audit_or_change_territory(world: World) -> None:
    client = _api(world.secadmin)
    assert client.get("/api/v1/audit-events/").status_code == 403
    node = world.node("grid:320106001001001")
    response = client.patch(f"/api/v1/territory/nodes/{node.pk}/", {"name": "x"}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 403


def test_audit_admin_cannot_manage_accounts_or_change_territory(world: World) -> None:
    client = _api(world.auditor)
    assert client.get("/api/v1/accounts/users/").status_code == 403
    assert client.get("/api/v1/territory/nodes/").status_code == 200  # reading the map is allowed
    node = world.node("grid:320106001001001")
    assert (
        client.patch(
            f"/api/v1/territory/nodes/{node.pk}/", {"name": "x"}, format="json", HTTP_IF_MATCH='"1"'
        ).status_code
        == 403
    )


def test_security_admin_creates_an_account_within_scope(world: World) -> None:
    response = _api(world.secadmin_b).post(
        "/api/v1/accounts/users/",
        {
            "username": "new_gw",
            "display_name": "新网格员",
            "password": "Quiet-River-77",
            "role": "grid_worker",
            "scopes": ["grid:320106001002001"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["roles"] == [{"role": "grid_worker", "node": "grid:320106001002001"}]


def test_security_admin_cannot_grant_scope_outside_their_own(world: World) -> None:
    response = _api(world.secadmin_b).post(
        "/api/v1/accounts/users/",
        {
            "username": "sneaky",
            "display_name": "x",
            "password": "Quiet-River-77",
            "role": "grid_worker",
            "scopes": ["grid:320106001001001"],
        },
        format="json",
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "scope_denied"
    assert not User.objects.filter(username="sneaky").exists()


def test_role_changes_ask_for_the_password_again(world: World) -> None:
    client = _api(world.secadmin_b, reauth=False)
    payload = {"user": world.grid_b1.pk, "role": "volunteer", "node": "community:320106001002"}
    refused = client.post("/api/v1/accounts/role-assignments/", payload, format="json")
    assert refused.status_code == 403
    assert not RoleAssignment.objects.filter(user=world.grid_b1, role="volunteer").exists()
    client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
    assert client.post("/api/v1/accounts/role-assignments/", payload, format="json").status_code == 201


def test_security_admin_cannot_change_their_own_roles(world: World) -> None:
    with pytest.raises(ServiceError) as err:
        services.role_assign(
            by=world.secadmin, user_id=world.secadmin.pk, role=Role.SECURITY_ADMIN, node=world.node("province:320000")
        )
    assert err.value.code in {"self_assignment", "scope_denied"}


def test_account_pages_ask_for_reauthentication_before_role_changes(world: World, client: Any) -> None:
    sign_in(client, world.secadmin_b)
    response = client.post(f"/accounts/users/{world.grid_b1.pk}/", {"op": "disable"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/confirm/")
    assert User.objects.get(pk=world.grid_b1.pk).is_active
    client.post("/accounts/confirm/", {"password": PASSWORD, "next": f"/accounts/users/{world.grid_b1.pk}/"})
    client.post(f"/accounts/users/{world.grid_b1.pk}/", {"op": "disable"})
    assert not User.objects.get(pk=world.grid_b1.pk).is_active


def test_security_admin_sets_a_work_mobile_stored_encrypted_and_shown_masked(world: World) -> None:
    client = _api(world.secadmin)
    url = f"/api/v1/accounts/users/{world.officer_a.pk}/"
    version = client.get(url)["ETag"]
    refused = client.patch(url, {"mobile": "12345"}, format="json", HTTP_IF_MATCH=version)
    assert refused.status_code == 400 and "mobile" in refused.json()["error"]["fields"]
    done = client.patch(url, {"mobile": "138 1234 5678"}, format="json", HTTP_IF_MATCH=version)
    assert done.status_code == 200, done.content
    assert done.json()["mobile_masked"] == "138****5678" and "mobile" not in done.json()
    world.officer_a.refresh_from_db()
    assert world.officer_a.mobile_number() == "13812345678" and "13812345678" not in world.officer_a.mobile
    event = AuditEvent.objects.filter(action="accounts.user.mobile").get()
    assert "13812345678" not in str(event.details)
