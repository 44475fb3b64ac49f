from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jingwang import upload_testing
from jingwang.disputes.models import Dispute
from jingwang.disputes.services import intake, mediation
from jingwang.disputes.tests import workflow as flow
from jingwang.testing import World

A1, A2, B1 = "grid:320106001001001", "grid:320106001001002", "grid:320106001002001"
PDF = upload_testing.pdf()


@pytest.fixture(autouse=True)
def _private_uploads(settings: Any, tmp_path: Path) -> Iterator[None]:
    """Agreements go to a temporary data folder in tests."""
    settings.DATA_DIR = tmp_path
    yield


def agreement_file(name: str = "协议书.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def report(world: World, *, by: str = "grid_a1", grid: str = A1, title: str = "楼上漏水纠纷", **data: Any) -> Dispute:
    values = {"title": title, "summary": "楼上住户漏水，楼下住户多次交涉未果。", "kind": "neighbours", **data}
    parties = data.pop("parties", None)
    values.pop("parties", None)
    return intake.dispute_report(
        by=world.users[by],
        data=values,
        source=values.pop("source", "grid"),
        grid=world.node(grid),
        parties=parties
        if parties is not None
        else [
            intake.PartyIn(role="applicant", name="王芳", phone="13812345678"),
            intake.PartyIn(role="respondent", name="李强"),
        ],
    )


def referred(world: World, **kwargs: Any) -> Dispute:
    d = report(world, **kwargs)
    flow.dispute_accept(by=world.officer_a, dispute_id=d.pk)
    return flow.dispute_refer(by=world.officer_a, dispute_id=d.pk, mediator=world.mediator, note="请调解")


def agreed(world: World, **kwargs: Any) -> Dispute:
    d = referred(world, **kwargs)
    mediation.session_record(
        by=world.mediator,
        dispute_id=d.pk,
        held_at=timezone.now(),
        participants="王芳、李强、调解员",
        agreement=agreement_file(),
    )
    return flow.dispute_resolve(by=world.mediator, dispute_id=d.pk, outcome="agreement", note="双方达成协议")
