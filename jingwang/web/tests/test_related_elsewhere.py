"""Another app's records on a record's page (`register_related`): none for a role that may not
view them, whatever their scope."""

from __future__ import annotations

from typing import Any

from jingwang.audit.models import AuditEvent
from jingwang.registry.models import House, Residence
from jingwang.registry.tests.conftest import make_address
from jingwang.testing import World, sign_in
from jingwang.web import generic
from jingwang.web.generic import Column, Related


def test_a_related_list_shows_only_to_roles_that_may_view_its_model(
    world: World, client: Any, monkeypatch: Any
) -> None:
    house = House.objects.create(
        address=make_address(world, "grid:320106001001001", "宁海路31号"), grid=world.node("grid:320106001001001")
    )
    columns = (Column("pk", "id"),)
    monkeypatch.setattr(
        generic,
        "_RELATED_ELSEWHERE",
        {
            "registry.house": [
                Related("AUDIT-ROWS", AuditEvent, lambda rows, h: rows.order_by("-pk"), columns, testid="audit-here"),
                Related("RESIDENCES", Residence, lambda rows, h: rows.filter(house=h), columns, testid="res-here"),
            ]
        },
    )
    sign_in(client, world.officer_a)  # reads houses and residences, never the audit trail
    html = client.get(f"/registry/houses/{house.pk}/").content.decode()
    assert "RESIDENCES" in html and 'data-testid="res-here"' in html
    assert "AUDIT-ROWS" not in html and 'data-testid="audit-here"' not in html
    assert not AuditEvent.objects.filter(actor_id=world.officer_a.pk, action="audit.auditevent.list").exists()
