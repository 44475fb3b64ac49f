"""The hostile-upload battery (SECURITY 27 and 31): every upload endpoint, API and page, is sent HTML,
SVG, script, an executable disguised as each type it allows (and one with that type's signature
after it) and a polyglot of each; each is refused with the translated message and nothing is kept,
neither a row nor a file. A guard fails when an upload field or `request.FILES` appears anywhere
that this battery does not cover.

The tests speak HTTP only (no import of the upload module), so they run against any version."""

from __future__ import annotations

import contextlib
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.test import Client
from django.utils import timezone
from rest_framework import serializers
from rest_framework.test import APIClient

from jingwang.casework.models import CaseAttachment
from jingwang.core.tests.conftest import Target
from jingwang.disputes.models import MediationSession
from jingwang.focus.models import Followup
from jingwang.hazards.models import Category as HazardCategory
from jingwang.hazards.models import Hazard
from jingwang.incidents.models import Incident
from jingwang.registry.models import Person
from jingwang.registry.models.imports import ImportJob
from jingwang.testing import World, sign_in
from jingwang.tips.models import Tip
from jingwang.tips.tests.fixtures import IN_A1
from jingwang.tips.tests.fixtures import category as tip_category
from jingwang.upload_testing import PDF_TYPE, XLSX_TYPE, Hostile, hostile_files
from jingwang.verification.models import WatchEntry
from jingwang.workorders.models import WorkOrder

pytestmark = pytest.mark.django_db

PHOTOS = ["image/jpeg", "image/png", "image/webp", "image/heic"]
EVIDENCE_TYPES = [*PHOTOS, PDF_TYPE]
AGREEMENT_TYPES = [PDF_TYPE, "image/jpeg", "image/png"]
IMPORT_TYPES = ["text/csv", XLSX_TYPE]
WATCHLIST_TYPES = ["text/csv"]

EVIDENCE_REFUSED = "请附上照片（JPEG、PNG、WebP、HEIC）或 PDF 文件。"
AGREEMENT_REFUSED = "请以 PDF、JPEG 或 PNG 文件上传已签署的协议。"
IMPORT_REFUSED = "请上传 .csv 或 .xlsx 文件。"
WATCHLIST_REFUSED = "请上传 CSV 文件（UTF-8 或 GB18030 编码的文本）。"
# A table that is plain text but no table (a bare script) passes the upload module as text and is
# refused by the import itself, which keeps nothing either.
NO_HEADER = "未找到表头行"
COLUMNS_MISSING = "缺少列"
HOSTILE_HTML = b"<html><body><script>fetch('/api/v1/me/').then(r => r.text()).then(alert)</script></body></html>"


def _api(world: World, name: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.users[name])
    return client


def _page(world: World, name: str) -> Client:
    return sign_in(Client(), world.users[name])


def _now() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


@dataclass(frozen=True)
class Endpoint:
    name: str
    allowed: list[str]
    refused: str
    send: Callable[[Target, Hostile], Any]
    kept: Callable[[], int]  # rows the upload would have written
    text_table: str = ""  # what the import says of a plain-text file that is no table


ENDPOINTS = [
    Endpoint(
        "API raise a work order",
        EVIDENCE_TYPES,
        EVIDENCE_REFUSED,
        lambda t, f: _api(t.world, "grid_a1").post(
            "/api/v1/workorders/",
            {
                "grid": "320106001001001",
                "department": t.department.pk,
                "title": "路灯不亮",
                "description": "三盏路灯不亮",
                "files": [f.upload()],
            },
            format="multipart",
        ),
        lambda: WorkOrder.objects.count() + CaseAttachment.objects.count(),
    ),
    Endpoint(
        "API report back with evidence",
        EVIDENCE_TYPES,
        EVIDENCE_REFUSED,
        lambda t, f: _api(t.world, "dept").post(
            f"/api/v1/cases/{t.order.case_id}/report/", {"note": "已处理", "files": [f.upload()]}, format="multipart"
        ),
        lambda: CaseAttachment.objects.count() + WorkOrder.objects.filter(case__state="reported").count(),
    ),
    Endpoint(
        "page raise a work order",
        EVIDENCE_TYPES,
        EVIDENCE_REFUSED,
        lambda t, f: _page(t.world, "grid_a1").post(
            "/workorders/raise/",
            {
                "grid": t.world.node("grid:320106001001001").pk,
                "department": t.department.pk,
                "title": "路灯不亮",
                "description": "三盏路灯不亮",
                "urgency": "normal",
                "source_kind": "direct",
                "photos": [f.upload()],
            },
            follow=True,
        ),
        lambda: WorkOrder.objects.count() + CaseAttachment.objects.count(),
    ),
    Endpoint(
        "page report back with evidence",
        EVIDENCE_TYPES,
        EVIDENCE_REFUSED,
        lambda t, f: _page(t.world, "dept").post(
            f"/cases/{t.order.case_id}/act/",
            {"action": "transition", "transition": "report", "note": "已处理", "files": [f.upload()]},
            follow=True,
        ),
        lambda: CaseAttachment.objects.count() + WorkOrder.objects.filter(case__state="reported").count(),
    ),
    Endpoint(
        "page record a focus follow-up with photos",
        EVIDENCE_TYPES,
        EVIDENCE_REFUSED,
        lambda t, f: _page(t.world, "officer_a").post(
            f"/focus/followups/{t.followup_id}/act/",
            {
                "action": "record",
                "contact_type": "visit",
                "place": "家中",
                "observations": "情绪稳定",
                "photos": [f.upload()],
            },
            follow=True,
        ),
        lambda: CaseAttachment.objects.count() + Followup.objects.filter(is_open=False).count(),
    ),
    Endpoint(
        "API record a focus follow-up with photos",
        EVIDENCE_TYPES,
        EVIDENCE_REFUSED,
        lambda t, f: _api(t.world, "officer_a").post(
            f"/api/v1/cases/{t.followup_case_id}/record/",
            {"contact_type": "phone", "observations": "情绪稳定", "files": [f.upload()]},
            format="multipart",
        ),
        lambda: CaseAttachment.objects.count() + Followup.objects.filter(is_open=False).count(),
    ),
    Endpoint(
        "API report a hazard with photos",
        EVIDENCE_TYPES,
        EVIDENCE_REFUSED,
        lambda t, f: _api(t.world, "officer_a").post(
            "/api/v1/hazards/",
            {"grid": "320106001001001", "category": "flying_lead", "description": "飞线充电", "files": [f.upload()]},
            format="multipart",
        ),
        lambda: Hazard.objects.count() + CaseAttachment.objects.count(),
    ),
    Endpoint(
        "page report a hazard with photos",
        EVIDENCE_TYPES,
        EVIDENCE_REFUSED,
        lambda t, f: _page(t.world, "officer_a").post(
            "/hazards/report/",
            {
                "grid": t.world.node("grid:320106001001001").pk,
                "category": HazardCategory.objects.get(code="flying_lead").pk,
                "description": "飞线充电",
                "photos": [f.upload()],
            },
            follow=True,
        ),
        lambda: Hazard.objects.count() + CaseAttachment.objects.count(),
    ),
    Endpoint(
        "API mediation session with the agreement",
        AGREEMENT_TYPES,
        AGREEMENT_REFUSED,
        lambda t, f: _api(t.world, "mediator").post(
            f"/api/v1/disputes/{t.dispute_id}/sessions/",
            {"held_at": timezone.now().isoformat(), "participants": "双方", "agreement": f.upload()},
            format="multipart",
        ),
        lambda: MediationSession.objects.count(),
    ),
    Endpoint(
        "page mediation session with the agreement",
        AGREEMENT_TYPES,
        AGREEMENT_REFUSED,
        lambda t, f: _page(t.world, "mediator").post(
            f"/disputes/{t.dispute_id}/session/",
            {"held_at": _now(), "participants": "双方", "agreement": f.upload()},
            follow=True,
        ),
        lambda: MediationSession.objects.count(),
    ),
    Endpoint(
        "API registry import",
        IMPORT_TYPES,
        IMPORT_REFUSED,
        lambda t, f: _api(t.world, "officer_a").post(
            "/api/v1/imports/", {"kind": "person", "file": f.upload()}, format="multipart"
        ),
        lambda: Person.objects.count() + ImportJob.objects.count(),
        NO_HEADER,
    ),
    Endpoint(
        "page registry import",
        IMPORT_TYPES,
        IMPORT_REFUSED,
        lambda t, f: _page(t.world, "officer_a").post(
            "/registry/import/", {"kind": "person", "file": f.upload()}, follow=True
        ),
        lambda: Person.objects.count() + ImportJob.objects.count(),
        NO_HEADER,
    ),
    Endpoint(
        "page incident import",
        IMPORT_TYPES,
        IMPORT_REFUSED,
        lambda t, f: _page(t.world, "officer_a").post("/incidents/import/", {"file": f.upload()}, follow=True),
        lambda: Incident.objects.count(),
        NO_HEADER,
    ),
    Endpoint(
        "API watch-list import",
        WATCHLIST_TYPES,
        WATCHLIST_REFUSED,
        lambda t, f: _api(t.world, "leader").post(
            f"/api/v1/watchlists/{t.watchlist_id}/import/", {"file": f.upload()}, format="multipart"
        ),
        lambda: WatchEntry.objects.count(),
        COLUMNS_MISSING,
    ),
    Endpoint(
        "page watch-list import",
        WATCHLIST_TYPES,
        WATCHLIST_REFUSED,
        lambda t, f: _page(t.world, "leader").post(
            f"/verify/lists/{t.watchlist_id}/", {"op": "import", "file": f.upload()}, follow=True
        ),
        lambda: WatchEntry.objects.count(),
        COLUMNS_MISSING,
    ),
]


def _hotel(t: Target) -> int:
    """A hotel in grid A1 operated by venue_op_a (made once per test)."""
    cache = t.world.__dict__
    if "_hostile_hotel" not in cache:
        from jingwang.venues.tests.conftest import A1, make_venue

        cache["_hostile_hotel"] = make_venue(t.world, A1, "宁海旅馆", operator="venue_op_a").pk
    return int(cache["_hostile_hotel"])


def _guests_kept() -> int:
    from jingwang.venues.models import Guest, GuestBatch

    return Guest.objects.count() + GuestBatch.objects.count()


ENDPOINTS += [
    Endpoint(
        "API guest registrations file",
        WATCHLIST_TYPES,
        WATCHLIST_REFUSED,  # the same use's refusal: a CSV file of UTF-8 or GB18030 text
        lambda t, f: _api(t.world, "venue_op_a").post(
            "/api/v1/venue-guests/import/", {"venue": _hotel(t), "file": f.upload()}, format="multipart"
        ),
        _guests_kept,
        COLUMNS_MISSING,
    ),
    Endpoint(
        "page guest registrations file",
        WATCHLIST_TYPES,
        WATCHLIST_REFUSED,
        lambda t, f: _page(t.world, "venue_op_a").post(
            "/venues/guests/import/", {"venue": _hotel(t), "file": f.upload()}, follow=True
        ),
        _guests_kept,
        COLUMNS_MISSING,
    ),
]


def _send_tip(t: Target, f: Hostile) -> Any:
    body = {"category": tip_category().pk, "description": "楼道里堆满杂物，堵住了消防通道", "address_text": "宁海路1号"}
    body |= {"lat": str(IN_A1[0]), "lon": str(IN_A1[1]), "photos": [f.upload()]}
    return _page(t.world, "resident").post("/portal/tips/new/", body)


PHOTO_TYPES = PHOTOS
PHOTO_REFUSED = "请附上照片（JPEG、PNG、WebP 或 HEIC）。"


def _alert_delivery(t: Target) -> int:
    """grid_a1's delivery of an alert sent by officer_a to grid A1 (made once per test)."""
    cache = t.world.__dict__
    if "_hostile_delivery" not in cache:
        from jingwang.alerts.tests.factories import delivery_of, send

        cache["_hostile_delivery"] = delivery_of(send(t.world), t.world, "grid_a1").pk
    return int(cache["_hostile_delivery"])


def _alerts_kept() -> int:
    from jingwang.alerts.models import Alert, AlertPhoto, Delivery, Feedback

    acknowledged = Delivery.objects.filter(acknowledged_at__isnull=False).count()
    return Alert.objects.count() + AlertPhoto.objects.count() + Feedback.objects.count() + acknowledged


def _answers_kept() -> int:
    """The acknowledgement's rows (its alert is made by the first send)."""
    from jingwang.alerts.models import Delivery, Feedback

    return Feedback.objects.count() + Delivery.objects.filter(acknowledged_at__isnull=False).count()


ENDPOINTS += [
    Endpoint(
        "portal page send a tip with photos",
        EVIDENCE_TYPES,
        EVIDENCE_REFUSED,
        _send_tip,
        lambda: Tip.objects.count() + CaseAttachment.objects.count(),
    ),
    Endpoint(
        "page send an area alert with photos",
        PHOTO_TYPES,
        PHOTO_REFUSED,
        lambda t, f: _page(t.world, "officer_a").post(
            "/alerts/send/",
            {
                "title": "寻找走失老人",
                "body": "身穿蓝色外套",
                "kind": "missing_person",
                "priority": "normal",
                "audiences": ["grid_workers"],
                "area": ["grid:320106001001001"],
                "expires_in_hours": "12",
                "sms_after_minutes": "10",
                "photos": [f.upload()],
            },
        ),
        _alerts_kept,
    ),
    Endpoint(
        "page acknowledge an alert with a photo",
        PHOTO_TYPES,
        PHOTO_REFUSED,
        lambda t, f: _page(t.world, "grid_a1").post(
            f"/alerts/mine/{_alert_delivery(t)}/acknowledge/", {"text": "看到了", "photo": f.upload()}
        ),
        _answers_kept,
    ),
]


def _kept_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_hostile_upload_is_refused_with_the_translated_message_and_nothing_is_kept(
    target: Target, endpoint: Endpoint, tmp_path: Path
) -> None:
    before = endpoint.kept()
    accepted = []
    for hostile in hostile_files(endpoint.allowed):
        response = endpoint.send(target, hostile)
        text = response.content.decode()
        expected = endpoint.refused
        if hostile.label == "bare javascript" and endpoint.text_table:
            expected = endpoint.text_table
        if response.status_code >= 500 or expected not in text:
            accepted.append(f"{hostile.label}: {response.status_code} {text[:200]!r}")
        if hasattr(response, "data") or response.get("Content-Type", "").startswith("application/json"):
            assert response.status_code == 400, f"{hostile.label}: {response.status_code}"
        assert endpoint.kept() == before, f"{hostile.label} was kept"
        assert _kept_files(tmp_path) == [], f"{hostile.label} left files: {_kept_files(tmp_path)}"
    assert not accepted, "not refused with the translated message:\n" + "\n".join(accepted)


def test_the_reported_attack_html_named_x_pdf_sent_as_text_html_is_refused_as_evidence(target: Target) -> None:
    """Issue 9.1: `x.pdf` sent as text/html was kept and later ran script in the department's browser."""
    response = _api(target.world, "dept").post(
        f"/api/v1/cases/{target.order.case_id}/report/",
        {"note": "已处理", "files": [Hostile("html", "x.pdf", "text/html", HOSTILE_HTML).upload()]},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["files"] == [EVIDENCE_REFUSED]
    assert not CaseAttachment.objects.exists()
    assert WorkOrder.objects.get().case.state == "accepted"


def test_the_reported_attack_a_file_starting_with_mz_is_refused_as_a_pdf(target: Target) -> None:
    """Issue 9.1: a file starting with `MZ` was accepted as a PDF."""
    from jingwang.upload_testing import pdf

    for body in (b"MZ" + pdf(), b"MZ\x90\x00" + b"\x00" * 60):
        response = _api(target.world, "dept").post(
            f"/api/v1/cases/{target.order.case_id}/report/",
            {"note": "已处理", "files": [Hostile("exe", "x.pdf", "application/pdf", body).upload()]},
            format="multipart",
        )
        assert response.status_code == 400 and response.json()["error"]["fields"]["files"] == [EVIDENCE_REFUSED]
    assert not CaseAttachment.objects.exists()


# -- the guard: every upload is in the battery -------------------------------------------------------

COVERED_FIELDS = {
    "jingwang.workorders.forms.RaiseForm.photos",  # page raise a work order
    # Also the patrol's "raise a hazard" page, which uses the same form.
    "jingwang.hazards.forms.HazardReportForm.photos",  # page report a hazard
    # The work order's report takes `files` through the generic transition input
    # (casework.moves.NoteWithFilesInput, a list of files): "API/page report back with evidence".
    "jingwang.focus.forms.FollowupRecordForm.photos",  # page record a focus follow-up
    # The API record takes `files` through the transition input (focus.followups.FollowupInput).
    "jingwang.disputes.forms.SessionForm.agreement",  # page mediation session
    "jingwang.disputes.api.serializers.SessionInSerializer.agreement",  # API mediation session
    "jingwang.registry.forms.ImportForm.file",  # page registry import
    "jingwang.registry.api.serializers.ImportRequestSerializer.file",  # API registry import
    "jingwang.verification.forms.ImportForm.file",  # page watch-list import
    "jingwang.incidents.forms.ImportForm.file",  # page incident import
    "jingwang.verification.api.serializers.ImportSerializer.file",  # API watch-list import
    "jingwang.venues.forms.GuestFileForm.file",  # page guest registrations file
    "jingwang.venues.api.serializers.GuestFileInput.file",  # API guest registrations file
    "jingwang.tips.forms.TipForm.photos",  # portal page send a tip
    "jingwang.alerts.forms.AlertSendForm.photos",  # page send an area alert
    "jingwang.alerts.forms.AcknowledgeForm.photo",  # page acknowledge an alert
}
# Views that read request.FILES themselves (the work-order API takes `files` without a serializer
# field) or hand it to a form: each of their uploads is an endpoint above.
COVERED_FILES_READERS = {
    "casework/views.py",
    "workorders/api/views.py",
    "hazards/api/views.py",  # API report a hazard with photos
    "registry/views.py",
    "verification/views.py",
    "focus/views.py",  # the follow-up record's photos, through its form
    "incidents/views.py",
    "tips/views.py",  # the tip's photos, through its form
    "alerts/views.py",  # the acknowledgement's photo, through its form
    # The generic edit page hands request.FILES to its declared form: an upload through it is a
    # form's file field, which the field guard above requires in the battery.
    "web/generic.py",
}


def _subclasses(cls: type) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_upload_field_and_files_reader_is_in_the_battery() -> None:
    from django.urls import get_resolver

    _ = get_resolver().url_patterns  # loads every view, form and serializer module
    for app in apps.get_app_configs():
        for module in ("forms", "api.serializers"):
            if app.name.startswith("jingwang."):
                with contextlib.suppress(ModuleNotFoundError):
                    importlib.import_module(f"{app.name}.{module}")
    found = set()
    for form in _subclasses(forms.BaseForm):
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.FileField) and form.__module__.startswith("jingwang."):
                found.add(f"{form.__module__}.{form.__qualname__}.{name}")
    for serializer in _subclasses(serializers.Serializer):
        for name, field in getattr(serializer, "_declared_fields", {}).items():
            if isinstance(field, serializers.FileField) and serializer.__module__.startswith("jingwang."):
                found.add(f"{serializer.__module__}.{serializer.__qualname__}.{name}")
    assert found == COVERED_FIELDS, "an upload field is missing from the hostile-upload battery (or gone)"

    package = Path(__file__).resolve().parents[2]
    readers = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.relative_to(package).parts
        and re.search(r"request\.FILES", path.read_text(encoding="utf-8"))
    }
    assert readers == COVERED_FILES_READERS, "a view reading request.FILES is missing from the battery (or gone)"
