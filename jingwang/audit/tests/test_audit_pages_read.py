"""The audit pages show local time in Chinese, the actions' and roles' names and readable details."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from jingwang.audit.models import AuditEvent
from jingwang.audit.services import audit_record
from jingwang.testing import World, sign_in

AT = datetime(2025, 3, 7, 6, 5, 9, tzinfo=UTC)  # 14:05:09 in Shanghai


def _event(world: World) -> AuditEvent:
    audit_record(
        action="registry.person.reveal",
        actor=world.officer_a,
        object_type="registry.person",
        object_id="12",
        occurred_at=AT,
        details={"fields": ["id_number", "phone"], "district": "police_district:320106001001", "reason": "核查"},
    )
    return AuditEvent.objects.get(action="registry.person.reveal", object_id="12")


@pytest.mark.django_db
def test_audit_detail_shows_local_chinese_time_labels_and_readable_details(client: Client, world: World) -> None:
    event = _event(world)
    sign_in(client, world.auditor)
    page = client.get(reverse("audit:detail", args=[event.pk])).content.decode()
    assert "UTC" not in page and "+08:00" not in page
    assert re.search(r'data-testid="audit-time">2025年3月7日 14:05:09<', page)
    assert re.search(r'data-testid="audit-roles">社区民警<', page)
    assert "人员 · 查看完整号码" in page
    assert "{" not in page.split('data-testid="audit-details"')[1].split("</dl>")[0]
    assert "<dt>字段</dt><dd>id_number、phone</dd>" in page
    assert "<dt>理由</dt><dd>核查</dd>" in page


@pytest.mark.django_db
def test_audit_list_shows_action_names_and_local_time_not_codes(client: Client, world: World) -> None:
    _event(world)
    sign_in(client, world.auditor)
    page = client.get(reverse("audit:list")).content.decode()
    actions = re.findall(r'data-testid="audit-action">([^<]*)<', page)
    assert "人员 · 查看完整号码" in actions
    assert not [a for a in actions if re.fullmatch(r"[a-z_.]+", a)]
    assert "2025年3月7日 14:05:09" in page
