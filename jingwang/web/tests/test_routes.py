"""Every URL route declares who may reach it (SECURITY 4)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from jingwang.core.declare import declared_access

# Routes that Django or a library adds and that carry no data of ours.
EXEMPT_PREFIXES = ("static/",)


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def test_every_route_declares_its_permission() -> None:
    undeclared = [
        route
        for route, callback in _walk(get_resolver().url_patterns)
        if not route.startswith(EXEMPT_PREFIXES) and declared_access(callback) is None
    ]
    assert undeclared == []


def test_the_route_walk_sees_the_api_and_the_pages() -> None:
    routes = [route for route, _ in _walk(get_resolver().url_patterns)]
    assert any(r.startswith("api/v1/") and "territory/nodes" in r for r in routes)
    assert any(r.startswith("accounts/login/") for r in routes)
    assert len(routes) > 25
