"""Every resource of the API is held to the scope contract (jingwang.scope_contract): a viewset
nobody registered would answer lists, 404s and writes that nothing proves."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from rest_framework.viewsets import GenericViewSet

import jingwang
from jingwang.scope_contract import SAFE_METHODS, ScopedResourceContract


def _api_viewsets() -> set[type[Any]]:
    """Every viewset with a queryset (or a model) routed under /api/."""
    found: set[type[Any]] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                cls = getattr(p.callback, "cls", None)
                has_rows = getattr(cls, "model", None) is not None or getattr(cls, "queryset", None) is not None
                if prefix.startswith("api/") and cls and issubclass(cls, GenericViewSet) and has_rows:
                    found.add(cls)

    walk(get_resolver().url_patterns, "")
    return found


def _contracts() -> list[type[ScopedResourceContract]]:
    """The concrete contract classes of every app's tests (imported here, as pytest would)."""
    for module in pkgutil.walk_packages(jingwang.__path__, "jingwang."):
        if ".tests.test_" in module.name:
            importlib.import_module(module.name)
    found, todo = [], list(ScopedResourceContract.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__name__.startswith("Test") and hasattr(cls, "list_url"):
            found.append(cls)
    return found


def _covered() -> dict[type[Any], list[type[ScopedResourceContract]]]:
    covered: dict[type[Any], list[type[ScopedResourceContract]]] = {}
    for contract in _contracts():
        covered.setdefault(resolve(contract.list_url).func.cls, []).append(contract)  # type: ignore[attr-defined]
    return covered


def test_every_api_resource_is_held_to_the_scope_contract() -> None:
    covered = _covered()
    missing = sorted(cls.__name__ for cls in _api_viewsets() - set(covered))
    assert not missing, f"viewsets no ScopedResourceContract test class covers: {missing}"


def test_every_writable_resource_proves_a_refused_write_or_says_why_not() -> None:
    unproven = []
    for viewset, contracts in _covered().items():
        if not set(viewset.http_method_names) - SAFE_METHODS:
            continue
        if not any(c.writes or "write" in c.not_applicable for c in contracts):
            unproven.append(viewset.__name__)
        elif not any(c.writes for c in contracts):
            unproven.append(f"{viewset.__name__} (every contract declares its writes not applicable)")
    assert not unproven, f"writable resources with no refused write proven: {sorted(unproven)}"


class _Sample(ScopedResourceContract):
    list_url = "/api/v1/roster/"
    not_applicable = {"search": "the roster has no text search"}


def test_a_check_declared_not_applicable_is_reported_as_a_skip_with_its_reason() -> None:
    with pytest.raises(pytest.skip.Exception, match="search not applicable: the roster has no text search"):
        _Sample().require("search", False)


def test_a_check_left_undeclared_fails_instead_of_passing() -> None:
    with pytest.raises(pytest.fail.Exception, match=r"declares no a detail page .*not_applicable\['page'\]"):
        _Sample().require("page", False)


def test_not_applicable_names_a_check_of_the_contract_and_gives_a_reason() -> None:
    with pytest.raises(TypeError, match="names no check"):
        type("_Typo", (ScopedResourceContract,), {"not_applicable": {"serach": "typo"}})
    with pytest.raises(TypeError, match="gives no reason"):
        type("_Blank", (ScopedResourceContract,), {"not_applicable": {"search": " "}})
