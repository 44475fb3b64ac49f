"""The permission matrix and the menu are declared by the apps, and assemble to what they were
when core held them (the snapshot taken before the move, permission_matrix.json)."""

from __future__ import annotations

import json
from pathlib import Path

from django.apps import apps

from jingwang.core.navigation import NAV_DECLARED_BY, NAV_ITEMS
from jingwang.core.roles import DECLARED_BY, PERMISSIONS, roles_for

SNAPSHOT = Path(__file__).with_name("permission_matrix.json")


def test_the_assembled_matrix_grants_what_the_matrix_in_core_granted() -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assembled = {label: {a: sorted(r) for a, r in actions.items()} for label, actions in PERMISSIONS.items()}
    assert assembled == expected


def test_each_model_s_permissions_are_declared_in_its_own_app_s_permissions_module() -> None:
    for label in PERMISSIONS:
        app_label, _, model_name = label.partition(".")
        app = apps.get_app_config(app_label)
        assert app.get_model(model_name) is not None
        assert DECLARED_BY[label] == f"{app.name}.permissions", label


def test_core_declares_no_permission_of_its_own() -> None:
    source = (Path(__file__).parents[1] / "roles.py").read_text(encoding="utf-8")
    assert "PERMISSIONS: dict[str, dict[str, frozenset[str]]] = {}" in source
    assert '"registry.' not in source and '"casework.' not in source
    assert roles_for("registry.person", "reveal") == frozenset(
        {"community_officer", "station_leader", "bureau_commander"}
    )


def test_each_menu_entry_is_declared_by_the_app_it_leads_into() -> None:
    for item in NAV_ITEMS:
        source = NAV_DECLARED_BY[item.url_name]
        namespace = item.url_name.split(":")[0] if ":" in item.url_name else "web"
        owner = {"api-docs": "web"}.get(item.url_name, namespace)
        app = apps.get_app_config(owner) if owner != "web" else None
        assert source == f"{app.name if app else 'jingwang.web'}.navigation", (item.url_name, source)
        if item.model:
            assert item.model.split(".")[0] == owner, item.url_name
    # focus 5, venues 2, incidents 1 + follow-ups 4, cameras 2, offices 1, tips 3, volunteers 3, alerts 2,
    # watch points 2, anti-fraud 2, portal 2, visits 2, hazards 1, patrols 1, map 1, figures 4,
    # registry places 3 (addresses, houses, units)
    assert len(NAV_ITEMS) == 64
