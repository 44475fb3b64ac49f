"""Rough edges a new user met on the dispute pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import timezone

from jingwang.disputes.services import mediation
from jingwang.disputes.tests import workflow as flow
from jingwang.disputes.tests.conftest import agreed
from jingwang.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_a_closed_dispute_says_it_is_closed_once(world: World, client: Any) -> None:
    d = agreed(world)
    mediation.return_visit_record(by=world.officer_a, dispute_id=d.pk, visited_at=timezone.now(), notes="满意")
    flow.dispute_close(by=world.officer_a, dispute_id=d.pk)
    sign_in(client, world.officer_a)
    html = client.get(f"/disputes/{d.pk}/").content.decode()
    facts = html[html.index("<h1") :]
    facts = facts[: facts.index("</section>")]
    assert facts.count("已办结") == 1


def test_the_dispute_type_starts_blank_on_the_report_form(world: World, client: Any) -> None:
    sign_in(client, world.grid_a1)
    html = client.get("/disputes/report/").content.decode()
    select = re.search(r'<select name="kind"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None
    first = re.search(r"<option[^>]*>", select.group(1))
    assert first is not None and 'value=""' in first.group(0)
    assert "selected" not in select.group(1).split("</option>")[1]  # 婚姻家庭 is not chosen for the user


def test_a_mediator_gets_no_link_to_re_screening_they_may_not_open(world: World, client: Any) -> None:
    sign_in(client, world.mediator)
    assert client.get("/disputes/screening/").status_code == 403
    assert 'href="/disputes/screening/"' not in client.get("/disputes/").content.decode()
    sign_in(client, world.officer_a)
    assert 'href="/disputes/screening/"' in client.get("/disputes/").content.decode()
