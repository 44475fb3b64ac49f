"""People appear by name (and unit), never by their account's English user name in brackets."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jingwang.accounts.models import RosterPosition, User
from jingwang.accounts.roster import roster_member_add
from jingwang.casework.catalogue import department_save, department_set_members
from jingwang.casework.moves import input_fields
from jingwang.casework.tests.rules_fixtures import report_dispute
from jingwang.disputes.casetypes import DISPUTE
from jingwang.testing import World, sign_in


def _rename(user: User, name: str) -> User:
    User.objects.filter(pk=user.pk).update(display_name=name)
    user.refresh_from_db()
    return user


@pytest.mark.django_db
def test_roster_heading_counts_once_and_members_show_no_user_name(client: Client, world: World) -> None:
    aux = _rename(world.aux_a, "李辅警")
    roster_member_add(by=world.officer_a, police_district=world.node("police_district:320106001001"),
                      position=RosterPosition.AUXILIARY, user=aux)  # fmt: skip
    sign_in(client, world.officer_a)
    page = client.get(reverse("accounts:roster", args=["320106001001"])).content.decode()
    assert "李辅警" in page
    assert "(aux_a)" not in page and "aux_a" not in page
    assert "辅警（X） <small>共 1 人</small>" in page
    assert "(1)</small>" not in page


@pytest.mark.django_db
def test_mediator_and_officer_choices_show_name_and_unit_not_user_name(world: World) -> None:
    mediator = _rename(world.mediator, "王调解")
    officer = _rename(world.officer_a, "张民警")
    case = report_dispute(world).case
    choices = {f.name: f.choices for t in DISPUTE.transitions for f in input_fields(t, case)}
    assert (mediator.pk, "王调解 · 宁海路派出所") in choices["mediator"]
    assert (officer.pk, "张民警 · 甲警务区") in choices["officer"]


@pytest.mark.django_db
def test_departments_page_lists_members_by_name_only(client: Client, world: World) -> None:
    staff = _rename(world.dept, "赵城管")
    dept = department_save(by=None, department_id=None, expected_version=None, data={"name": "城管局"})
    department_set_members(by=None, department_id=dept.pk, members=[staff])
    sign_in(client, world.sysadmin)
    page = client.get(reverse("casework:departments")).content.decode()
    assert "赵城管" in page
    assert "(dept)" not in page
