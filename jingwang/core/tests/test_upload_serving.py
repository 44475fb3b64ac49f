"""Kept uploads are served with the type read from their bytes (SECURITY 27): JPEG, PNG and WebP
inline, everything else as an attachment, never sniffed, in a sandbox, never cached. The tests
speak HTTP only, so they run against any version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from jingwang import upload_testing as files
from jingwang.casework.models import CaseAttachment
from jingwang.core.tests.conftest import Target
from jingwang.disputes.models import MediationSession
from jingwang.testing import sign_in

pytestmark = pytest.mark.django_db

INLINE = {"image/jpeg", "image/png", "image/webp"}


def assert_served_safely(response: Any, content_type: str, body: bytes) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline" if content_type in INLINE else "attachment"), disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = [d.strip() for d in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy and "default-src 'none'" in policy  # sandbox without allow-scripts
    assert {"no-store", "private"} <= {d.strip() for d in response["Cache-Control"].split(",")}
    assert b"".join(response.streaming_content) == body


def _report(target: Target, api_as: Any, uploads: list[SimpleUploadedFile]) -> list[dict[str, Any]]:
    dept = api_as("dept")
    response = dept.post(
        f"/api/v1/cases/{target.order.case_id}/report/", {"note": "已处理", "files": uploads}, format="multipart"
    )
    assert response.status_code == 200, response.content
    return list(dept.get(f"/api/v1/workorders/{target.order.pk}/").json()["evidence"])


def test_evidence_is_served_with_the_type_read_from_its_bytes_not_its_name_or_claimed_type(
    target: Target, api_as: Any
) -> None:
    sent = [
        ("现场.pdf", "application/pdf", files.png(), "image/png"),
        ("photo.png", "image/png", files.jpeg(), "image/jpeg"),
        ("fix.jpg", "image/jpeg", files.webp(), "image/webp"),
        ("报告.png", "image/png", files.pdf(), "application/pdf"),
        ("iphone.jpg", "image/jpeg", files.heic(), "image/heic"),
    ]
    listed = _report(target, api_as, [SimpleUploadedFile(n, body, content_type=c) for n, c, body, _ in sent])
    assert [e["content_type"] for e in listed] == [detected for *_, detected in sent]
    client = sign_in(Client(), target.world.dept)
    for item, (name, _claimed, body, detected) in zip(listed, sent, strict=True):
        assert item["name"] == name
        assert_served_safely(client.get(item["url"]), detected, body)


def test_a_non_image_is_always_an_attachment(target: Target, api_as: Any) -> None:
    listed = _report(
        target,
        api_as,
        [
            SimpleUploadedFile("现场.jpg", files.pdf(), content_type="image/jpeg"),
            SimpleUploadedFile("现场.png", files.heic(), content_type="image/png"),
        ],
    )
    client = sign_in(Client(), target.world.dept)
    for item in listed:
        response = client.get(item["url"])
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] in ("application/pdf", "image/heic")
    session = api_as("mediator").post(
        f"/api/v1/disputes/{target.dispute_id}/sessions/",
        {
            "held_at": timezone.now().isoformat(),
            "participants": "双方",
            "agreement": SimpleUploadedFile("协议.png", files.pdf(), content_type="image/png"),
        },
        format="multipart",
    )
    assert session.status_code == 201, session.content
    url = f"/api/v1/disputes/{target.dispute_id}/sessions/{session.json()['id']}/agreement/"
    assert_served_safely(api_as("mediator").get(url), "application/pdf", files.pdf())


def test_a_scanned_agreement_is_shown_inline_as_its_detected_image_type(target: Target, api_as: Any) -> None:
    scan = files.jpeg()
    made = api_as("mediator").post(
        f"/api/v1/disputes/{target.dispute_id}/sessions/",
        {
            "held_at": timezone.now().isoformat(),
            "participants": "双方",
            "agreement": SimpleUploadedFile("协议扫描件.png", scan, content_type="image/png"),
        },
        format="multipart",
    )
    assert made.status_code == 201, made.content
    session = MediationSession.objects.get()
    assert session.agreement_type == "image/jpeg" and session.agreement_name == "协议扫描件.png"
    assert not session.agreement.name.endswith(".png") and "协议" not in session.agreement.name  # a random name
    api_url = f"/api/v1/disputes/{target.dispute_id}/sessions/{session.pk}/agreement/"
    assert_served_safely(api_as("mediator").get(api_url), "image/jpeg", scan)
    page_url = f"/disputes/{target.dispute_id}/sessions/{session.pk}/agreement/"
    assert_served_safely(sign_in(Client(), target.world.mediator).get(page_url), "image/jpeg", scan)


def test_evidence_kept_before_uploads_were_checked_downloads_only_as_bytes(target: Target, tmp_path: Path) -> None:
    """A row from before the checks holds the type the browser claimed (here text/html): it is
    neither trusted nor rendered."""
    html = b"<html><script>fetch('/api/v1/me/').then(r => r.text()).then(alert)</script></html>"
    stored = tmp_path / "uploads" / "workorders" / "2026" / "11" / "0f3c.pdf"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(html)
    item = CaseAttachment.objects.create(
        case=target.order.case,
        stage="opened",
        file="workorders/2026/11/0f3c.pdf",
        name="x.pdf",
        content_type="text/html",
        size=len(html),
        uploaded_by=target.world.grid_a1,
    )
    client = sign_in(Client(), target.world.dept)
    response = client.get(f"/cases/{target.order.case_id}/files/{item.pk}/")
    assert_served_safely(response, "application/octet-stream", html)
