"""The disputes API: the scope contract for every resource, and every workflow action."""

from __future__ import annotations

import io
from datetime import date
from typing import Any, ClassVar

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from jingwang.audit.models import AuditEvent
from jingwang.disputes.models import Dispute, DisputeKind, ScreeningRound, Status
from jingwang.disputes.services import screening
from jingwang.disputes.tests.conftest import A1, A2, B1, PDF, agreed, referred, report
from jingwang.registry.tests.conftest import make_person
from jingwang.scope_contract import ScopedResourceContract, Write
from jingwang.testing import PASSWORD, World

pytestmark = pytest.mark.django_db


class _Cached(ScopedResourceContract):
    model: ClassVar[type[models.Model]] = Dispute
    list_url = "/api/v1/disputes/"
    no_permission_user = "dept"

    def _make(self, key: str, make: Any) -> Any:
        cache = self.__dict__.setdefault("_made", {})
        if key not in cache:
            cache[key] = make()
        return cache[key]

    def page_url(self, obj: Any) -> str | None:
        return f"/disputes/{obj.pk}/"


class TestDisputeScope(_Cached):
    viewer = "officer_a"
    search_param = "q"
    writes = {
        "edit": Write("patch", body={"risk": "medium"}),
        # The workflow's steps are the case's transitions: a grid worker sees the dispute, may not close it.
        "close": Write("post", lambda d: f"/api/v1/cases/{d.case_id}/close/", {"note": "越权"}, denied_to="grid_a1"),
        "create": Write(
            "post", on_list=True, body=lambda _d: {**NEW, "grid": "320106001002001"}, out_of_scope_status=400
        ),
    }
    editor = "officer_a"

    def in_scope(self, world: World) -> Any:
        return self._make("in", lambda: report(world, title="甲社区纠纷"))

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            report(world, title="又一纠纷")

    def out_of_scope(self, world: World) -> Any:
        return self._make("out", lambda: report(world, by="grid_b1", grid=B1, title="乙社区纠纷"))

    def search_term(self, obj: Any) -> str:
        return str(obj.title)


class TestGridWorkerSeesOnlyTheirGrid(_Cached):
    viewer = "grid_a1"
    not_applicable = {
        "search": "the search is proven for the officer (TestDisputeScope); the grid worker's list is the same filter",
        "write": "a grid worker reports disputes but handles none (TestDisputeScope proves the refused writes)",
    }

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            report(world, title="又一网格纠纷")

    def in_scope(self, world: World) -> Any:
        return self._make("in", lambda: report(world, title="甲一网格纠纷"))

    def out_of_scope(self, world: World) -> Any:
        return self._make("out", lambda: report(world, by="officer_a", grid=A2, title="甲二网格纠纷"))


class TestMediatorSeesOnlyReferredDisputes(_Cached):
    viewer = "mediator"
    writes = {
        "hand_back": Write(
            "post", lambda d: f"/api/v1/cases/{d.case_id}/hand_back/", {"note": "越权"}, denied_to="grid_a1"
        )
    }
    not_applicable = {
        "search": "the search is proven for the officer (TestDisputeScope); the mediator's list is the same filter"
    }

    def add_rows(self, world: World, count: int) -> None:
        for _ in range(count):
            referred(world, title="又一调解")

    def in_scope(self, world: World) -> Any:
        return self._make("in", lambda: referred(world, title="已转调解"))

    def out_of_scope(self, world: World) -> Any:
        # Same grid, same station: but not referred to the mediator.
        return self._make("out", lambda: report(world, title="未转调解"))


class TestScreeningScope(_Cached):
    model = ScreeningRound
    list_url = "/api/v1/dispute-screenings/"
    viewer = "grid_a1"
    no_permission_user = "mediator"
    writes = {
        "check": Write(
            "post", lambda r: f"items/{r.items.first().pk}/check/", {"finding": "越权"}, on_list=True, by="grid_a1"
        )
    }
    not_applicable = {
        "search": "rounds are one per community and month: there is nothing to search",
        "page": "rounds are shown together on the screening page, which has no page per round",
    }

    def add_rows(self, world: World, count: int) -> None:
        made = ScreeningRound.objects.count()
        for i in range(made, made + count):
            screening.screening_generate(
                month=date(2001 + i // 12, i % 12 + 1, 1), communities=[world.node("community:320106001001")]
            )

    def _rounds(self, world: World) -> dict[str, Any]:
        def make() -> dict[str, Any]:
            screening.screening_generate()
            return {r.community.code: r for r in ScreeningRound.objects.select_related("community")}

        return self._make("rounds", make)  # type: ignore[no-any-return]

    def in_scope(self, world: World) -> Any:
        return self._rounds(world)["320106001001"]

    def out_of_scope(self, world: World) -> Any:
        return self._rounds(world)["320106001002"]


def _api(world: World, name: str, reauth: bool = False) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[name])
    if reauth:
        client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
    return client


NEW: dict[str, Any] = {
    "title": "拖欠工资纠纷",
    "summary": "工地12名工人被拖欠工资。",
    "source": "110",
    "kind": "labour",
    "scale": "group",
    "people_involved": 12,
    "risk": "high",
    "grid": "320106001001001",
    "parties": [
        {"role": "applicant", "name": "张伟", "phone": "13900001111"},
        {"role": "respondent", "name": "某建筑公司"},
    ],
}


def _step(client: APIClient, pk: int, transition: str, body: dict[str, Any] | None = None) -> Any:
    """One step of the dispute's workflow: its case's transition (POST /api/v1/cases/{case}/{name}/)."""
    case_id = Dispute.objects.get(pk=pk).case_id
    return client.post(f"/api/v1/cases/{case_id}/{transition}/", body or {}, format="json")


def _status(client: APIClient, pk: int) -> Any:
    return client.get(f"/api/v1/disputes/{pk}/").json()["status"]


def test_whole_workflow_through_the_api(world: World) -> None:
    grid_worker, officer, mediator = _api(world, "grid_a1"), _api(world, "officer_a"), _api(world, "mediator")
    created = grid_worker.post("/api/v1/disputes/", NEW, format="json", HTTP_IDEMPOTENCY_KEY="dispute-key-0001")
    assert created.status_code == 201, created.content
    body = created.json()
    pk = body["id"]
    assert body["status"] == "reported" and body["parties"][0]["phone"] == "139****1111"
    replay = grid_worker.post("/api/v1/disputes/", NEW, format="json", HTTP_IDEMPOTENCY_KEY="dispute-key-0001")
    assert replay.status_code == 201 and replay.json()["id"] == pk and Dispute.objects.count() == 1

    r = _step(officer, pk, "accept", {"note": "受理"})
    assert r.status_code == 200 and r.json()["state"] == "handling" and r.json()["assignee"]["id"] == world.officer_a.pk
    assert officer.get(f"/api/v1/disputes/{pk}/").json()["officer"] == world.officer_a.pk
    assert mediator.get(f"/api/v1/disputes/{pk}/").status_code == 404
    r = _step(officer, pk, "refer_mediator", {"mediator": world.mediator.pk})
    assert r.status_code == 200 and _status(officer, pk) == "referred"
    assert mediator.get(f"/api/v1/disputes/{pk}/").status_code == 200

    upload = SimpleUploadedFile("调解协议.pdf", PDF, content_type="application/pdf")
    r = mediator.post(
        f"/api/v1/disputes/{pk}/sessions/",
        {
            "held_at": timezone.now().isoformat(),
            "participants": "张伟、公司代表",
            "notes": "分期支付",
            "agreement": upload,
        },
        format="multipart",
    )
    assert r.status_code == 201, r.content
    session = r.json()
    assert session["has_agreement"] and session["agreement_name"] == "调解协议.pdf"
    download = mediator.get(f"/api/v1/disputes/{pk}/sessions/{session['id']}/agreement/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert _api(world, "officer_b").get(f"/api/v1/disputes/{pk}/sessions/{session['id']}/agreement/").status_code == 404

    r = _step(mediator, pk, "mediated", {"outcome": "agreement", "note": "达成协议"})
    assert r.status_code == 200 and _status(officer, pk) == "resolved"
    assert officer.get(f"/api/v1/disputes/{pk}/").json()["outcome_note"] == "达成协议"
    r = _step(officer, pk, "close")
    assert r.status_code == 400 and r.json()["error"]["code"] == "return_visit_required"
    assert _status(officer, pk) == "resolved"
    r = _api(world, "aux_a").post(
        f"/api/v1/disputes/{pk}/visits/", {"visited_at": timezone.now().isoformat(), "notes": "已付款"}, format="json"
    )
    assert r.status_code == 201
    r = _step(officer, pk, "close", {"note": "结案"})
    assert r.status_code == 200 and _status(officer, pk) == "closed"

    case_id = Dispute.objects.get(pk=pk).case_id
    timeline = officer.get(f"/api/v1/cases/{case_id}/timeline/").json()
    assert [e["kind"] for e in timeline] == [
        "opened", "transition", "assigned", "transition", "referred", "comment", "transition", "comment", "transition"
    ]  # fmt: skip
    assert timeline[-1]["to_state"] == "closed" and timeline[-1]["actor"]["name"] == world.officer_a.display_name


def test_a_party_is_added_by_registry_id_only_in_scope(world: World) -> None:
    d = report(world)
    inside, outside = make_person(world, A1, "甲居民"), make_person(world, B1, "乙居民")
    client = _api(world, "officer_a")
    ok = client.post(f"/api/v1/disputes/{d.pk}/parties/", {"role": "other", "person": inside.pk}, format="json")
    assert ok.status_code == 201 and ok.json()["name"] == "甲居民"
    bad = client.post(f"/api/v1/disputes/{d.pk}/parties/", {"role": "other", "person": outside.pk}, format="json")
    assert bad.status_code == 400 and "party" in bad.json()["error"]["fields"]


def test_actions_out_of_scope_are_404_audited_and_change_nothing(world: World) -> None:
    d = report(world)
    before = AuditEvent.objects.filter(action="authz_denied").count()
    assert _step(_api(world, "officer_b"), d.pk, "accept").status_code == 404
    assert AuditEvent.objects.filter(action="authz_denied").count() == before + 1
    assert _step(_api(world, "grid_a1"), d.pk, "accept").status_code == 403
    assert _step(_api(world, "mediator"), d.pk, "mediated", {"outcome": "settled"}).status_code == 404
    assert Dispute.objects.get(pk=d.pk).status == Status.REPORTED


def test_wrong_stage_is_a_409(world: World) -> None:
    d = report(world)
    r = _step(_api(world, "officer_a"), d.pk, "close")
    assert r.status_code == 409 and r.json()["error"]["code"] == "wrong_state"


def test_accept_names_an_officer_of_the_grid_or_is_refused_with_nothing_changed(world: World) -> None:
    d = report(world)
    leader = _api(world, "leader")
    r = _step(leader, d.pk, "accept")  # the leader is no community officer: they name one
    assert r.status_code == 400 and "officer" in r.json()["error"]["fields"]
    assert _step(leader, d.pk, "accept", {"officer": world.officer_b.pk}).status_code == 400  # not this grid's
    assert Dispute.objects.get(pk=d.pk).status == Status.REPORTED and Dispute.objects.get(pk=d.pk).officer is None
    assert _step(leader, d.pk, "accept", {"officer": world.officer_a.pk}).status_code == 200
    assert Dispute.objects.get(pk=d.pk).officer == world.officer_a


def test_patch_needs_if_match_and_refuses_stale_versions(world: World) -> None:
    d = report(world)
    client = _api(world, "officer_a")
    assert client.patch(f"/api/v1/disputes/{d.pk}/", {"risk": "high"}, format="json").status_code == 428
    assert (
        client.patch(f"/api/v1/disputes/{d.pk}/", {"risk": "high"}, format="json", HTTP_IF_MATCH='"7"').status_code
        == 412
    )
    r = client.patch(f"/api/v1/disputes/{d.pk}/", {"risk": "high"}, format="json", HTTP_IF_MATCH=f'"{d.version}"')
    assert r.status_code == 200 and r["ETag"] == f'"{d.version + 1}"' and r.json()["risk"] == "high"
    bad = client.patch(f"/api/v1/disputes/{d.pk}/", {"status": "closed"}, format="json", HTTP_IF_MATCH=r["ETag"])
    assert bad.status_code == 400


def test_hand_back_and_reopen_through_the_api(world: World) -> None:
    d = referred(world)
    mediator, officer = _api(world, "mediator"), _api(world, "officer_a")
    assert _step(mediator, d.pk, "hand_back").status_code == 400  # say why
    r = _step(mediator, d.pk, "hand_back", {"note": "不属调解范围"})
    assert r.status_code == 200 and _status(officer, d.pk) == "handling"
    assert _step(officer, d.pk, "resolve", {"outcome": "nonsense"}).status_code == 400
    assert _step(officer, d.pk, "resolve", {"outcome": "failed"}).status_code == 200
    r = _step(officer, d.pk, "reopen", {"note": "再次冲突"})
    assert r.status_code == 200 and _status(officer, d.pk) == "handling"
    assert officer.get(f"/api/v1/disputes/{d.pk}/").json()["outcome"] == ""


def test_export_is_scoped_step_up_and_audited(world: World) -> None:
    agreed(world, title="甲社区纠纷")
    report(world, by="grid_b1", grid=B1, title="乙社区纠纷")
    no_reauth = _api(world, "officer_a").get("/api/v1/disputes/export/", {"as": "csv"})
    assert no_reauth.status_code == 403 and no_reauth.json()["error"]["code"] == "reauth_required"
    r = _api(world, "officer_a", reauth=True).get("/api/v1/disputes/export/", {"as": "csv", "status": "resolved"})
    body = b"".join(r.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "甲社区纠纷" in body and "乙社区纠纷" not in body
    assert str(DisputeKind.NEIGHBOURS.label) in body and "13812345678" not in body
    event = AuditEvent.objects.filter(action="disputes.dispute.export").latest("id")
    assert event.result_count == 1 and event.query == {"status": "resolved"}
    xlsx = _api(world, "leader", reauth=True).get("/api/v1/disputes/export/", {"as": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active.iter_rows(values_only=True))  # type: ignore[attr-defined,union-attr]
    assert len(rows) == 3
    assert _api(world, "grid_a1", reauth=True).get("/api/v1/disputes/export/").status_code == 403


def test_list_filters_and_count(world: World) -> None:
    agreed(world, title="已调解")
    report(world, title="新纠纷", kind="debt")
    client = _api(world, "officer_a")
    assert [d["title"] for d in client.get("/api/v1/disputes/", {"kind": "debt"}).json()["results"]] == ["新纠纷"]
    assert client.get("/api/v1/disputes/count/", {"status": "resolved"}).json() == {"count": 1}
    assert client.get("/api/v1/disputes/", {"q": "王芳"}).json()["results"][0]["title"] == "新纠纷"


def test_figures_by_community_and_district(world: World) -> None:
    agreed(world)
    report(world, kind="debt")
    report(world, by="grid_b1", grid=B1)
    leader = _api(world, "leader").get("/api/v1/disputes/figures/").json()
    rows = {r["code"]: r for r in leader["results"]}
    assert rows["320106001001"]["total"] == 2 and rows["320106001001"]["by_kind"]["debt"] == 1
    assert rows["320106001001"]["resolution_rate"] == 1.0 and rows["320106001001"]["decided"] == 1
    assert leader["total"]["total"] == 3
    officer = _api(world, "officer_a").get("/api/v1/disputes/figures/", {"by": "district"}).json()
    assert [r["code"] for r in officer["results"]] == ["320106001001"]


def test_screening_generate_and_check_through_the_api(world: World) -> None:
    officer = _api(world, "officer_a")
    assert officer.post("/api/v1/dispute-screenings/generate/", {}, format="json").json() == {"created": 1}
    assert officer.post("/api/v1/dispute-screenings/generate/", {}, format="json").json() == {"created": 0}
    rounds = _api(world, "grid_a1").get("/api/v1/dispute-screenings/").json()["results"]
    assert len(rounds) == 1 and len(rounds[0]["items"]) == len(screening.CHECKLIST)
    item = rounds[0]["items"][0]
    d = report(world)
    r = _api(world, "grid_a1").post(
        f"/api/v1/dispute-screenings/items/{item['id']}/check/", {"finding": "发现一起", "dispute": d.pk}, format="json"
    )
    assert r.status_code == 200 and r.json()["dispute"] == d.pk
    again = _api(world, "grid_a1").post(f"/api/v1/dispute-screenings/items/{item['id']}/check/", {}, format="json")
    assert again.status_code == 400
    assert _api(world, "grid_b1").post(f"/api/v1/dispute-screenings/items/{item['id']}/check/", {}).status_code == 404
    assert _api(world, "grid_a1").post("/api/v1/dispute-screenings/generate/", {}).status_code == 403


def test_a_partys_phone_is_revealed_for_a_purpose_with_step_up_and_audit(world: World) -> None:
    d = referred(world)
    party = d.parties.get(role="applicant")
    url = f"/api/v1/disputes/{d.pk}/parties/{party.pk}/reveal/"
    no_step_up = _api(world, "mediator").post(url, {"purpose": "电话通知调解"}, format="json")
    assert no_step_up.status_code == 403 and no_step_up.json()["error"]["code"] == "reauth_required"
    r = _api(world, "mediator", reauth=True).post(url, {"purpose": "电话通知调解"}, format="json")
    assert r.status_code == 200 and r.json() == {"field": "phone", "value": "13812345678"}
    event = AuditEvent.objects.filter(action="disputes.party.reveal").get()
    assert event.purpose == "电话通知调解" and "13812345678" not in str(event.details)
    assert _api(world, "grid_a1", reauth=True).post(url, {"purpose": "x"}, format="json").status_code == 403
    assert _api(world, "officer_b", reauth=True).post(url, {"purpose": "查看"}, format="json").status_code == 404
    other = report(world, by="grid_b1", grid=B1).parties.first()
    assert other is not None
    wrong = f"/api/v1/disputes/{d.pk}/parties/{other.pk}/reveal/"
    assert _api(world, "officer_a", reauth=True).post(wrong, {"purpose": "查看"}, format="json").status_code == 404
