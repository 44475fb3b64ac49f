"""Every refusal leaves an audit event (SECURITY 12), not only the out-of-scope ones, and a loop of
refused requests cannot flood the trail."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.registry.models import Person
from jingwang.registry.tests.conftest import A1, make_person
from jingwang.testing import PASSWORD, World, sign_in


@pytest.fixture
def person(world: World) -> Person:
    return make_person(world, A1, "甲居民", phone="13812345678")


def _api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[name])
    client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
    return client


def _denials(world: World, name: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="authz_denied", actor_id=world.users[name].pk).order_by("id"))


def test_a_grid_workers_refused_reveal_leaves_an_audit_event(world: World, person: Person) -> None:
    response = _api(world, "grid_a1").post(
        f"/api/v1/persons/{person.pk}/reveal/", {"field": "id_number", "purpose": "好奇"}, format="json"
    )
    assert response.status_code == 403
    [event] = _denials(world, "grid_a1")
    assert (event.outcome, event.object_type, event.object_id) == ("denied", "registry.person", str(person.pk))
    assert event.details == {"reason": "role", "action": "reveal", "route": "api/v1/persons/<pk>/reveal/"}
    assert event.roles == "grid_worker" and event.source == "api" and event.request_id
    assert not AuditEvent.objects.filter(action="registry.person.reveal").exists()


def test_a_grid_workers_refused_export_leaves_an_audit_event(world: World, person: Person, client: Any) -> None:
    response = _api(world, "grid_a1").get("/api/v1/persons/export/", {"as": "csv"})
    assert response.status_code == 403
    sign_in(client, world.grid_a1)
    page = client.get("/registry/persons/", {"export": "xlsx"})
    assert page.status_code == 403
    api_event, page_event = _denials(world, "grid_a1")
    assert api_event.details == {"reason": "role", "action": "export", "route": "api/v1/persons/export/"}
    assert (page_event.source, page_event.object_type) == ("web", "registry.person")
    assert page_event.details == {"reason": "role", "action": "export", "route": "registry/persons/"}
    assert not AuditEvent.objects.filter(action="registry.person.export").exists()


def test_a_page_refused_for_the_role_leaves_an_audit_event(world: World, client: Any) -> None:
    sign_in(client, world.mediator)
    assert client.get("/registry/persons/").status_code == 403
    [event] = _denials(world, "mediator")
    assert event.details == {"reason": "role", "action": "view", "route": "registry/persons/"}


def test_a_refusal_by_a_service_is_audited_with_its_route(world: World) -> None:
    """A grid worker may not run on-the-spot checks: the service refuses, the 403 is audited."""
    response = _api(world, "grid_a1").post(
        "/api/v1/verify/", {"name": "张三", "birth_date": "1985-03-07"}, format="json"
    )
    assert response.status_code == 403
    [event] = _denials(world, "grid_a1")
    assert event.object_type == "verification.verificationcheck"
    assert event.details == {"reason": "forbidden", "route": "api/v1/verify/", "method": "POST"}


def test_a_loop_of_500_refusals_writes_a_bounded_number_of_events(world: World, person: Person, settings: Any) -> None:
    settings.AUDIT_DENIALS_PER_MINUTE = 10
    client = _api(world, "grid_a1")
    for _ in range(500):
        answer = client.post(f"/api/v1/persons/{person.pk}/reveal/", {"field": "phone", "purpose": "x"}, format="json")
        assert answer.status_code == 403  # every request is still refused
    events = _denials(world, "grid_a1")
    assert len(events) == 10
    assert [e.details.get("limit_reached") for e in events] == [None] * 9 + [True]  # type: ignore[union-attr]
    # The limit is per user: another user's refusal in the same minute is recorded.
    assert _api(world, "grid_b1").get("/api/v1/persons/export/").status_code == 403
    assert len(_denials(world, "grid_b1")) == 1


def test_refusals_are_recorded_again_once_the_minute_has_passed(world: World, person: Person, settings: Any) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from jingwang.audit.services import audit_denied

    settings.AUDIT_DENIALS_PER_MINUTE = 2
    earlier = timezone.now() - timedelta(seconds=61)
    for _ in range(2):
        assert audit_denied(actor=world.grid_a1, object_type="registry.person", occurred_at=earlier)
    assert audit_denied(actor=world.grid_a1, object_type="registry.person")
    assert audit_denied(actor=world.grid_a1, object_type="registry.person")
    assert not audit_denied(actor=world.grid_a1, object_type="registry.person")
    assert len(_denials(world, "grid_a1")) == 4
