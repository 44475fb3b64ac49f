"""The page contract (jingwang/page_contract.py) for the audit trail's pages."""

from __future__ import annotations

from typing import Any

import pytest

from jingwang.audit import views
from jingwang.audit.models import AuditEvent
from jingwang.audit.services import audit_record
from jingwang.page_contract import ScopedPageContract
from jingwang.testing import World


def _event(i: int) -> AuditEvent:
    action = f"test.page{i}"
    if not AuditEvent.objects.filter(action=action).exists():
        audit_record(action=action, object_type="test.page")  # written without reading its id back
    return AuditEvent.objects.get(action=action)


class TestAuditPages(ScopedPageContract):
    list_page = views.AuditListView
    detail_page = views.AuditDetailView
    viewer = "auditor"
    no_permission_user = "officer_a"
    list_params = {"object_type": "test.page"}  # the test's own events, not those the pages write

    def in_scope(self, world: World) -> Any:
        return _event(0)

    def out_of_scope(self, world: World) -> Any:
        pytest.skip("the audit administrator reads the whole trail: no event is out of their scope")

    def more_in_scope(self, world: World, i: int) -> Any:
        return _event(i)
