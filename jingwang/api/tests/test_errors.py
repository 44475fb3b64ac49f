"""SECURITY 9 items 10 and 13: bad input is never a 500, and every error has the one error format,
the user's language and the right status."""

from __future__ import annotations

from typing import Any

import django_filters
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from jingwang.accounts.models import RosterMember
from jingwang.api.conventions import ScopedViewSet
from jingwang.casework.models import Department
from jingwang.testing import World

pytestmark = pytest.mark.django_db
NOT_FOUND = {"error": {"code": "not_found", "message": "未找到。"}}


def _client(world: World, name: str, **headers: str) -> APIClient:
    client = APIClient(**headers)  # type: ignore[arg-type]
    client.force_authenticate(world.users[name])
    return client


def _detail_routes() -> list[tuple[str, str, list[str]]]:
    """(name, first method, path arguments) of every route of every registered viewset that names
    one record by its id, found by walking the URL resolver."""
    found: list[tuple[str, str, list[str]]] = []

    def walk(patterns: list[Any], namespaces: list[str]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, namespaces + ([p.namespace] if p.namespace else []))
            elif isinstance(p, URLPattern):
                cls = getattr(p.callback, "cls", None)
                groups = list(p.pattern.regex.groupindex)
                if cls and issubclass(cls, ScopedViewSet) and "pk" in groups and p.name:
                    method = next(iter(p.callback.actions))  # type: ignore[attr-defined]
                    found.append((":".join([*namespaces, p.name]), method, groups))

    walk(get_resolver().url_patterns, [])
    return found


def test_a_non_numeric_id_in_any_detail_path_is_a_404_in_the_error_format(world: World) -> None:
    routes = _detail_routes()
    assert len(routes) > 50  # every viewset's retrieve, update, destroy and detail actions
    client = APIClient(raise_request_exception=False)  # a crash is an answer (500) to report, not an exception
    client.force_authenticate(world.users["officer_a"])
    wrong = []
    for name, method, groups in routes:
        # A case's transition route (…/cases/{pk}/{move}/) names a declared transition.
        kwargs = dict.fromkeys(groups, "424242") | ({"move": "accept"} if "move" in groups else {})
        path = reverse(name, kwargs=kwargs).replace("/424242/", "/abc/", 1)
        response = client.generic(method.upper(), path, "{}", content_type="application/json")
        if response.status_code != 404 or response.json() != NOT_FOUND:
            wrong.append(f"{method.upper()} {path}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_ids_out_of_range_are_a_404_in_paths_and_a_400_in_bodies(world: World) -> None:
    client = _client(world, "officer_a")
    assert client.get(f"/api/v1/persons/{2**70}/").json() == NOT_FOUND
    response = client.post("/api/v1/notifications/mark-read/", {"ids": [2**64]}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"ids.0": ["请确保该值小于或者等于 9223372036854775807。"]}


def test_an_unknown_api_path_is_a_json_404() -> None:
    response = APIClient().get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json() == NOT_FOUND


def test_malformed_json_is_a_400_in_chinese_in_the_error_format(world: World) -> None:
    client = _client(world, "officer_a")
    response = client.post("/api/v1/notifications/mark-read/", "{bad", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"error": {"code": "parse_error", "message": "请求内容格式有误，无法读取。"}}
    english = _client(world, "officer_a", HTTP_ACCEPT_LANGUAGE="en")
    response = english.post("/api/v1/notifications/mark-read/", "{bad", content_type="application/json")
    assert response.json()["error"]["message"] == "The request body is malformed and could not be read."


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_body_over_the_limit_is_a_413_in_the_error_format(world: World) -> None:
    client = _client(world, "officer_a")
    body = '{"name": "' + "张" * 2000 + '"}'
    response = client.post("/api/v1/verify/", body, content_type="application/json")
    assert response.status_code == 413 and response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": {"code": "request_too_large", "message": "请求内容过大。"}}


def test_the_roster_says_a_field_cannot_be_written_in_chinese(world: World) -> None:
    member = RosterMember.objects.create(
        police_district=world.node("police_district:320106001001"), position="auxiliary", name="甲辅警"
    )
    client = _client(world, "officer_a")
    response = client.patch(f"/api/v1/roster/{member.pk}/", {"version": 9}, format="json", HTTP_IF_MATCH='"1"')
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"version": ["此字段不可修改。"]}


def test_errors_in_a_list_of_ids_name_the_item_without_a_python_repr(world: World) -> None:
    client = _client(world, "officer_a")
    for path, body in (
        ("/api/v1/notifications/mark-read/", {"ids": [1, "x"]}),
        ("/api/v1/collections/bulk-verify/", {"ids": [1, "x"], "decision": "accept"}),
    ):
        response = client.post(path, body, format="json")
        assert response.status_code == 400, path
        assert "ErrorDetail" not in response.content.decode()
        assert response.json()["error"]["fields"] == {"ids.1": ["请填写合法的整数值。"]}, path


def test_an_import_the_role_may_not_make_is_a_403(world: World) -> None:
    for name in ("auditor", "grid_a1"):  # no registry role at all; a grid worker, who collects but does not import
        upload = SimpleUploadedFile("persons.csv", "姓名,身份证号\n张三,110101199003077777\n".encode())
        response = _client(world, name).post("/api/v1/imports/", {"kind": "person", "file": upload}, format="multipart")
        assert response.status_code == 403, name
        assert response.json()["error"] == {"code": "permission_denied", "message": "您无权导入此类记录。"}


def test_unknown_department_members_are_named_in_a_sentence(world: World) -> None:
    department = Department.objects.create(name="卫健委")
    response = _client(world, "sysadmin").put(
        f"/api/v1/departments/{department.pk}/members/", {"usernames": ["dept", "nobody"]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"usernames": ["没有名为 nobody 的在用账号。"]}


def test_a_body_that_is_not_an_object_is_refused_in_chinese(world: World) -> None:
    response = _client(world, "officer_a").post("/api/v1/persons/", [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"non_field_errors": ["应提交一个 JSON 对象。"]}


def test_nul_characters_are_refused_before_a_filter_or_audit_row_meets_them(world: World) -> None:
    """PostgreSQL text cannot hold NUL: a NUL in an audited query crashed the roster count (500)."""
    refused = {"error": {"code": "invalid", "message": "文本中不能含有 NUL 字符。"}}
    client = _client(world, "grid_a1")
    for path in ("/api/v1/roster/count/?position=officer&x%00=1", "/api/v1/persons/?q=%00"):
        response = client.get(path)
        assert response.status_code == 400 and response.json() == refused, path
    body = '{"name": "甲\\u0000", "grid": "320106001001001"}'
    response = _client(world, "officer_a").post("/api/v1/persons/", body, content_type="application/json")
    assert response.status_code == 400 and response.json() == refused
    escaped = '{"ids": [], "note": "C:\\\\u0000"}'  # an escaped backslash before "u0000" is no NUL
    assert client.post("/api/v1/notifications/mark-read/", escaped, content_type="application/json").status_code == 200


def _list_routes_with_number_filters() -> list[tuple[str, list[str]]]:
    """(list route name, the names of its FilterSet's number filters) for every registered viewset."""
    found: list[tuple[str, list[str]]] = []

    def walk(patterns: list[Any], namespaces: list[str]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, namespaces + ([p.namespace] if p.namespace else []))
            elif isinstance(p, URLPattern):
                cls = getattr(p.callback, "cls", None)
                filterset = getattr(cls, "filterset_class", None)
                if not (cls and issubclass(cls, ScopedViewSet) and filterset and p.name and p.name.endswith("-list")):
                    continue
                numbers = [n for n, f in filterset.base_filters.items() if isinstance(f, django_filters.NumberFilter)]
                if numbers and not p.pattern.regex.groupindex:
                    found.append((":".join([*namespaces, p.name]), numbers))

    walk(get_resolver().url_patterns, [])
    return found


def test_a_number_filter_given_a_number_no_database_holds_is_a_400_never_a_500(world: World) -> None:
    routes = _list_routes_with_number_filters()
    assert any(name.endswith("workorder-list") for name, _ in routes)
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(world.users["officer_a"])
    wrong = []
    for name, filters in routes:
        for field in filters:
            for value in ("99999999999999999999999", "1e400", "-1"):
                response = client.get(reverse(name), {field: value})
                if response.status_code >= 500 or (response.status_code == 200 and value != "-1"):
                    wrong.append(f"{name} ?{field}={value}: {response.status_code}")
    assert not wrong, wrong
