"""The generic scope contract for the audit trail: the audit administrator reads it whole; no other
role reads it, and nobody writes it through the API."""

from __future__ import annotations

from typing import Any

from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.audit.services import audit_denied, audit_seal
from jingwang.scope_contract import ScopedResourceContract
from jingwang.testing import World


def _event(world: World) -> AuditEvent:
    audit_denied(actor=world.officer_a, object_type="registry.person", object_id="1", details={"reason": "scope"})
    return AuditEvent.objects.latest("id")


class TestAuditTrailScope(ScopedResourceContract):
    list_url = "/api/v1/audit-events/"
    viewer = "auditor"
    no_permission_user = "secadmin"
    model = AuditEvent
    not_applicable = {
        "out_of_scope": "the audit trail has no territory: the audit administrator reads all of it",
    }

    def in_scope(self, world: World) -> Any:
        return AuditEvent.objects.filter(action="authz_denied").first() or _event(world)

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            _event(world)

    def _list_counting_queries(self, client: APIClient) -> tuple[int, list[str]]:
        # The list first seals the events written since the last one (work per new event, not per
        # row listed): seal them beforehand, so that only the listing is counted.
        audit_seal()
        return super()._list_counting_queries(client)
