"""Reading a record's change history is a read of personal data, and audited like any other."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.testing import World


@pytest.mark.parametrize(
    ("resource", "record", "label"),
    [
        ("persons", "person_a", "registry.person"),
        ("houses", "house_a", "registry.house"),
        ("units", "unit_a", "registry.unit"),
    ],
)
def test_reading_a_records_history_is_audited(
    world: World, registry: dict[str, Any], resource: str, record: str, label: str
) -> None:
    obj = registry[record]
    client = APIClient()
    client.force_authenticate(world.officer_a)
    response = client.get(f"/api/v1/{resource}/{obj.pk}/history/")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action=f"{label}.history").get()
    assert (event.actor_id, event.object_type, event.object_id) == (world.officer_a.pk, label, str(obj.pk))
    assert event.result_count == len(response.json()) and event.outcome == "success"
