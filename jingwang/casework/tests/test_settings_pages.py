"""The system administrator's pages for departments and deadline policies."""

from __future__ import annotations

from typing import Any

import pytest

import jingwang.casework.testing  # noqa: F401 - declares the sample case type
from jingwang.audit.models import AuditEvent
from jingwang.casework.models import DeadlinePolicy, Department
from jingwang.testing import sign_in

pytestmark = pytest.mark.django_db

DEPARTMENT = {
    "name": "区民政局",
    "contact": "王科长",
    "phone": "025-84561234",
    "default_deadline_hours": "48",
    "is_active": "on",
    "members": "dept",
}
POLICY = {"kind": "sample", "stage": "new", "level": "", "urgency": "urgent", "yellow_hours": "6", "red_hours": "12",
          "bureau_hours": "12"}  # fmt: skip


def policies() -> list[tuple[Any, ...]]:
    fields = ("kind", "stage", "urgency", "yellow_hours", "version")
    return list(DeadlinePolicy.objects.order_by("pk").values_list(*fields))


def test_system_admin_creates_and_edits_a_department_with_its_staff(world: Any, client: Any) -> None:
    sign_in(client, world.sysadmin)
    assert client.get("/cases/departments/").status_code == 200
    assert client.post("/cases/departments/new/", DEPARTMENT).status_code == 302
    dept = Department.objects.get()
    assert (dept.name, dept.phone, dept.default_deadline_hours) == ("区民政局", "025-84561234", 48) and dept.is_active
    assert list(dept.members.values_list("username", flat=True)) == ["dept"]
    page = client.get(f"/cases/departments/{dept.pk}/").content.decode()
    assert f'name="version" value="{dept.version}"' in page and "区民政局" in page
    edited = {**DEPARTMENT, "default_deadline_hours": "24", "members": "", "version": str(dept.version)}
    del edited["is_active"]
    assert client.post(f"/cases/departments/{dept.pk}/", edited).status_code == 302
    dept.refresh_from_db()
    assert (dept.default_deadline_hours, dept.is_active, dept.members.count()) == (24, False, 0)
    assert "区民政局" in client.get("/cases/departments/").content.decode()
    actions = set(AuditEvent.objects.filter(object_type="casework.department").values_list("action", flat=True))
    assert {"casework.department.add", "casework.department.change", "casework.department.members"} <= actions


def test_a_stale_version_changes_nothing(world: Any, client: Any) -> None:
    dept = Department.objects.create(name="城管局", default_deadline_hours=72)
    sign_in(client, world.sysadmin)
    answer = client.post(
        f"/cases/departments/{dept.pk}/", {**DEPARTMENT, "name": "城管局", "version": str(dept.version + 1)}
    )
    assert answer.status_code == 200 and 'data-testid="form-error"' in answer.content.decode()
    dept.refresh_from_db()
    assert (dept.default_deadline_hours, dept.version, dept.members.count()) == (72, 1, 0)


def test_bad_department_input_gives_a_message_per_field_and_changes_nothing(world: Any, client: Any) -> None:
    Department.objects.create(name="住建局")
    sign_in(client, world.sysadmin)
    bad = {"name": " ", "phone": "call me", "default_deadline_hours": "0", "members": "nobody officer_a dept"}
    page = client.post("/cases/departments/new/", bad).content.decode()
    for field in ("name", "phone", "default_deadline_hours", "members"):
        assert f'data-testid="error-{field}"' in page, field
    assert "nobody, officer_a" in page  # names the accounts that are not department staff
    page = client.post("/cases/departments/new/", {**DEPARTMENT, "name": "住建局"}).content.decode()
    assert 'data-testid="error-name"' in page
    assert list(Department.objects.values_list("name", flat=True)) == ["住建局"]
    assert not AuditEvent.objects.filter(object_type="casework.department").exists()


def test_system_admin_keeps_deadline_policies(world: Any, client: Any) -> None:
    sign_in(client, world.sysadmin)
    before = policies()
    assert client.post("/cases/policies/new/", POLICY).status_code == 302
    policy = DeadlinePolicy.objects.get(kind="sample", stage="new", urgency="urgent")
    assert (policy.yellow_hours, policy.red_hours, policy.bureau_hours) == (6, 12, 12)
    assert f"/cases/policies/{policy.pk}/" in client.get("/cases/policies/").content.decode()
    page = client.get(f"/cases/policies/{policy.pk}/").content.decode()
    assert f'name="version" value="{policy.version}"' in page
    changed = {**POLICY, "yellow_hours": "8", "version": str(policy.version)}
    assert client.post(f"/cases/policies/{policy.pk}/", changed).status_code == 302
    policy.refresh_from_db()
    assert (policy.yellow_hours, policy.version) == (8, 2)
    assert len(policies()) == len(before) + 1
    assert AuditEvent.objects.filter(action="casework.deadlinepolicy.change", object_id=str(policy.pk)).exists()


def test_bad_policy_input_gives_a_message_per_field_and_changes_nothing(world: Any, client: Any) -> None:
    sign_in(client, world.sysadmin)
    client.post("/cases/policies/new/", POLICY)
    before = policies()
    page = client.post("/cases/policies/new/", {**POLICY, "red_hours": "3"}).content.decode()
    assert 'data-testid="error-red_hours"' in page
    page = client.post("/cases/policies/new/", {**POLICY, "stage": "nowhere"}).content.decode()
    assert 'data-testid="error-stage"' in page and "new, working" in page
    page = client.post("/cases/policies/new/", {**POLICY, "yellow_hours": "", "bureau_hours": "x"}).content.decode()
    assert 'data-testid="error-yellow_hours"' in page and 'data-testid="error-bureau_hours"' in page
    page = client.post("/cases/policies/new/", POLICY).content.decode()  # the same policy again
    assert 'data-testid="error-kind"' in page
    policy = DeadlinePolicy.objects.get(kind="sample", stage="new", urgency="urgent")
    stale = {**POLICY, "yellow_hours": "1", "version": str(policy.version + 1)}
    assert 'data-testid="form-error"' in client.post(f"/cases/policies/{policy.pk}/", stale).content.decode()
    assert policies() == before


@pytest.mark.parametrize("username", ["officer_a", "leader", "dept", "secadmin"])
def test_other_roles_get_403_and_change_nothing(world: Any, client: Any, username: str) -> None:
    dept = Department.objects.create(name="卫健委")
    policy = DeadlinePolicy.objects.order_by("pk").first() or DeadlinePolicy.objects.create(
        yellow_hours=48, red_hours=72
    )
    sign_in(client, world.users[username])
    for url in ("/cases/departments/", "/cases/departments/new/", f"/cases/departments/{dept.pk}/",
                "/cases/policies/", "/cases/policies/new/", f"/cases/policies/{policy.pk}/"):  # fmt: skip
        assert client.get(url).status_code == 403, url
    assert client.post("/cases/departments/new/", DEPARTMENT).status_code == 403
    assert client.post(f"/cases/departments/{dept.pk}/", {**DEPARTMENT, "version": "1"}).status_code == 403
    assert client.post("/cases/policies/new/", POLICY).status_code == 403
    assert list(Department.objects.values_list("name", "version")) == [("卫健委", 1)]
    assert not DeadlinePolicy.objects.filter(kind="sample").exists()


def test_navigation_leads_the_system_admin_to_the_settings(world: Any, client: Any) -> None:
    sign_in(client, world.sysadmin)
    home = client.get("/").content.decode()
    assert 'href="/cases/departments/"' in home and 'href="/cases/policies/"' in home
    sign_in(client, world.leader)
    home = client.get("/").content.decode()
    assert 'href="/cases/departments/"' not in home and 'href="/cases/policies/"' not in home
