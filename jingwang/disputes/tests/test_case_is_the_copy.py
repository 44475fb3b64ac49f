"""The dispute's case is the only copy of what every case shares (title, handling officer, closed
time): a write through the generic case routes or services shows on the dispute at once."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from jingwang.casework import services
from jingwang.casework.models import Case
from jingwang.disputes.tests import workflow as flow
from jingwang.disputes.tests.conftest import report
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_patching_the_title_of_a_disputes_case_changes_the_disputes_title(world: World, client: Any) -> None:
    d = report(world, title="楼上漏水纠纷")
    officer = _api(world.officer_a)
    etag = officer.get(f"/api/v1/cases/{d.case_id}/")["ETag"]
    patched = officer.patch(f"/api/v1/cases/{d.case_id}/", {"title": "楼上漏水纠纷（更正）"}, HTTP_IF_MATCH=etag)
    assert patched.status_code == 200, patched.content
    assert officer.get(f"/api/v1/disputes/{d.pk}/").json()["title"] == "楼上漏水纠纷（更正）"
    sign_in(client, world.officer_a)
    assert "楼上漏水纠纷（更正）" in client.get("/disputes/").content.decode()
    # The risk (which sets the case's level) is the dispute's: the generic update may not write it.
    before = Case.objects.values().get(pk=d.case_id)
    etag = officer.get(f"/api/v1/cases/{d.case_id}/")["ETag"]
    refused = officer.patch(f"/api/v1/cases/{d.case_id}/", {"title": "改", "level": "major"}, HTTP_IF_MATCH=etag)
    assert refused.status_code == 403 and Case.objects.values().get(pk=d.case_id) == before


def test_assigning_a_disputes_case_changes_the_disputes_handling_officer(world: World) -> None:
    d = flow.dispute_accept(by=world.officer_a, dispute_id=report(world).pk)
    leader = world.users["leader"]
    services.case_assign(by=None, case_id=d.case_id, assignee=leader)
    body = _api(world.officer_a).get(f"/api/v1/disputes/{d.pk}/").json()
    assert body["officer"] == leader.pk
