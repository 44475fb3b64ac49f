"""The shared page components: pager, table, fields, buttons, badges, the service-error helper."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.template import Context, Template
from django.test import RequestFactory

from jingwang.core.errors import NotFound, ServiceError
from jingwang.web.generic import Column, resolve, service_error_to_form


def _render(source: str, **context: Any) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


def test_pager_keeps_the_filters_of_the_url() -> None:
    request = RequestFactory().get("/x/", {"status": "open", "grid": "A1", "page": "2"})
    page = Paginator(list(range(100)), 10).get_page(2)
    html = _render("{% pager page %}", page=page, request=request)
    assert 'href="?status=open&amp;grid=A1&amp;page=1"' in html
    assert 'href="?status=open&amp;grid=A1&amp;page=3"' in html
    assert "2 / 10" in html


def test_pager_never_carries_an_export_request_along() -> None:
    request = RequestFactory().get("/x/", {"s": "key", "export": "csv"})
    html = _render("{% pager page %}", page=Paginator(list(range(30)), 10).get_page(1), request=request)
    assert 'href="?s=key&amp;page=2"' in html and "export" not in html


def test_table_cells_carry_their_column_label_for_the_phone_cards() -> None:
    row = SimpleNamespace(pk=1, name="测试林晓梅", grid=SimpleNamespace(name="甲一网格"), phone=None)
    columns = [Column("name", "姓名", title=True), Column("grid.name", "网格"), Column("phone", "电话", mono=True)]
    html = _render("{% object_table rows columns %}", rows=[row], columns=columns)
    assert 'class="ui-table"' in html
    assert '<td data-label="姓名" class="ui-card-title">测试林晓梅</td>' in html
    assert '<td data-label="网格">甲一网格</td>' in html
    assert '<td data-label="电话" class="mono">—</td>' in html


def test_a_cell_links_to_another_record_by_the_accessor_of_its_pk() -> None:
    row = SimpleNamespace(pk=1, person_id=42, person=SimpleNamespace(name="测试林晓梅"), tenant=True, owner_id=None)
    columns = [
        Column("person.name", "姓名", link="registry:person", link_pk="person_id"),
        Column("tenant", "租住"),
        Column("owner_id", "房主", link="registry:person", link_pk="owner_id"),
    ]
    html = _render("{% object_table rows columns %}", rows=[row], columns=columns)
    assert '<a href="/registry/persons/42/">测试林晓梅</a>' in html
    assert '<td data-label="租住">是</td>' in html  # a flag reads as 是 / 否, not True
    assert '<td data-label="房主">—</td>' in html  # nothing to link to


def test_empty_table_is_an_empty_state() -> None:
    html = _render('{% object_table rows columns "没有人员。" %}', rows=[], columns=[Column("name", "姓名")])
    assert 'data-testid="empty-state"' in html and "没有人员。" in html and "<table" not in html


def test_badge_tone_is_a_known_class_only() -> None:
    assert 'class="ui-badge ui-badge-warn"' in _render('{% badge "逾期" "warn" %}')
    assert 'class="ui-badge ui-badge-info"' in _render('{% badge "x" "evil onclick" %}')


def test_column_shows_the_label_of_a_choice() -> None:
    class Row:
        sex = 1

        def get_sex_display(self) -> str:
            return "男"

    assert resolve(Row(), "sex") == "男"


class _Form(forms.Form):
    name = forms.CharField(required=False)


def test_service_error_fields_land_on_the_form() -> None:
    form = _Form({"name": "x"})
    assert form.is_valid()
    service_error_to_form(form, ServiceError("invalid", "bad", fields={"name": ["太短"], "other": ["不对"]}))
    assert form.errors["name"] == ["太短"]
    assert form.non_field_errors() == ["不对"]


def test_service_error_without_fields_is_the_form_message() -> None:
    form = _Form({"name": "x"})
    assert form.is_valid()
    service_error_to_form(form, ServiceError("conflict", "已被他人修改"))
    assert form.non_field_errors() == ["已被他人修改"]


def test_service_not_found_is_the_404_page() -> None:
    form = _Form({"name": "x"})
    assert form.is_valid()
    with pytest.raises(Http404):
        service_error_to_form(form, NotFound())


def test_record_buttons_show_by_permission_and_state_and_post_their_fields(world: Any) -> None:
    from django.template.loader import render_to_string

    from jingwang.registry.models import Person
    from jingwang.web.generic import Action, bound_actions

    record = SimpleNamespace(pk=7, is_open=True, name="测试林晓梅")
    actions = [
        Action("显示号码", "registry:person", permission="reveal", fields={"field": "phone"}, testid="reveal"),
        Action("关闭", "registry:person", permission="reveal", when=lambda r: not r.is_open, testid="close"),
        Action("删除", "registry:person", permission="delete", style="danger", testid="delete"),
    ]
    officer = bound_actions(world.officer_a, Person, actions, record)
    assert [a.testid for a in officer] == ["reveal", "delete"]  # not "close" while the record is open
    assert bound_actions(world.grid_a1, Person, actions, record) == []  # a grid worker may do none
    html = render_to_string(
        "generic/object.html",
        {"object": record, "title": record.name, "fields": [Column("name", "姓名")], "actions": officer},
    )
    assert '<form method="post" action="/registry/persons/7/"' in html
    assert '<input type="hidden" name="field" value="phone">' in html and 'name="csrfmiddlewaretoken"' in html
    assert "<dd>测试林晓梅</dd>" in html
