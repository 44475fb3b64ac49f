"""The main menu's registry: each app declares its entries in `<app>/navigation.py` and registers
them from its AppConfig.ready(); the web layer renders what the user may use, grouped by domain."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy


class NavGroup(models.TextChoices):
    """The domains of the menu, in the order they are shown."""

    COLLECTION = "collection", pgettext_lazy("menu group", "Collection")
    REGISTRY = "registry", pgettext_lazy("menu group", "Registry")
    CHECKS = "checks", pgettext_lazy("menu group", "Checks")
    CASEWORK = "casework", pgettext_lazy("menu group", "Casework")
    FIELD_WORK = "field_work", pgettext_lazy("menu group", "Field work")
    FIGURES = "figures", pgettext_lazy("menu group", "Figures")
    ADMINISTRATION = "administration", pgettext_lazy("menu group", "Administration")


@dataclass(frozen=True)
class NavItem:
    """One menu entry: shown when the user's roles grant `action` on `model` (and hold one of
    `roles`, when given). Without a group it sits at the top level (home, inbox)."""

    label: Promise
    url_name: str
    group: NavGroup | None = None
    model: str | None = None
    action: str = "view"
    roles: frozenset[str] | None = None
    order: int = 100  # within its group; equal orders keep the order of registration


NAV_ITEMS: list[NavItem] = []
NAV_DECLARED_BY: dict[str, str] = {}  # url name -> the module that declared the entry


def declare_navigation(source: str, items: Iterable[NavItem]) -> None:
    for item in items:
        if NAV_DECLARED_BY.get(item.url_name, source) != source:
            raise ValueError(f"{item.url_name}: declared by {NAV_DECLARED_BY[item.url_name]} and {source}")
        if item.url_name in NAV_DECLARED_BY:
            continue  # ready() ran twice (tests reloading apps): keep the first declaration
        NAV_ITEMS.append(item)
        NAV_DECLARED_BY[item.url_name] = source
