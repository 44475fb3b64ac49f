"""Every declared page (jingwang.web.generic.PAGES) has its page contract (jingwang/page_contract.py)."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.urls import get_resolver

from jingwang.page_contract import ScopedPageContract
from jingwang.web.generic import PAGES


def _contracts() -> list[type[ScopedPageContract]]:
    for app in apps.get_app_configs():
        if app.name.startswith("jingwang."):
            try:
                importlib.import_module(f"{app.name}.tests.test_pages")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app.name}.tests.test_pages" and exc.name != f"{app.name}.tests":
                    raise
    found: list[type[ScopedPageContract]] = []
    todo: list[Any] = [ScopedPageContract]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


def test_every_declared_page_has_its_page_contract() -> None:
    get_resolver().url_patterns
    covered = {page for contract in _contracts() for page in contract().pages()}
    assert PAGES, "no page declared"
    missing = sorted(page.url_name for page in PAGES if page not in covered)
    assert missing == [], f"declared pages without a page contract (add a tests/test_pages.py class): {missing}"
