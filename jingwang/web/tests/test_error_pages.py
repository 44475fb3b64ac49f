"""403, 404 and 500 are pages of the site, in Chinese, phone-sized; the API keeps its JSON errors."""

from __future__ import annotations

from typing import Any

from django.test import RequestFactory
from django.utils import translation

from jingwang.api.errors import server_error
from jingwang.testing import World, sign_in


def test_record_out_of_scope_is_the_chinese_404_page_in_the_site_layout(world: World, client: Any) -> None:
    sign_in(client, world.officer_a)
    response = client.get("/registry/persons/987654321/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'data-testid="error-404"' in page and "未找到" in page
    assert 'class="topbar"' in page and 'name="viewport"' in page  # the site's layout, phone-sized
    assert "Not Found" not in page  # not Django's bare English page
    api = client.get("/api/v1/persons/987654321/")  # the API keeps its JSON errors
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"


def test_role_without_the_permission_gets_the_chinese_403_page(world: World, client: Any) -> None:
    sign_in(client, world.resident)
    response = client.get("/registry/persons/")
    assert response.status_code == 403
    page = response.content.decode()
    assert 'data-testid="error-403"' in page and "无权访问" in page and 'class="topbar"' in page
    api = client.get("/api/v1/persons/")
    assert api.status_code == 403 and api.json()["error"]["code"] == "permission_denied"


def test_server_error_page_is_chinese_and_needs_no_database() -> None:
    # No `db` fixture: pytest-django refuses any query here, so rendering must make none.
    request = RequestFactory().get("/registry/persons/")
    with translation.override("zh-hans"):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert 'data-testid="error-500"' in page and "服务器错误" in page and 'class="topbar"' in page
