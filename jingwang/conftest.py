from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from jingwang.testing import World, build_world


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as(world: World) -> Any:
    """`api_as("officer_a")`: an API client signed in (session) as one of the world's users."""

    def make(name: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(user=world.users[name])
        return client

    return make


@pytest.fixture(scope="session")
def _checkpoint_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("audit-checkpoints")


@pytest.fixture(autouse=True)
def _audit_checkpoints_of_this_test(_checkpoint_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's database starts empty, so each test keeps its audit checkpoints apart (a folder
    that exists once something is written to it)."""
    from django.conf import settings

    monkeypatch.setattr(settings, "AUDIT_CHECKPOINT_DIR", _checkpoint_root / uuid.uuid4().hex)


def _allow_test_flush_of_audit_trail() -> None:
    """Transactional tests end with a flush (TRUNCATE of every table) that the audit trail's
    append-only trigger refuses on PostgreSQL. Only the test suite lifts the trigger, and only
    for that flush, with session_replication_role (the test role is a superuser)."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush
    if getattr(original, "_jingwang_wrapped", False):
        return

    def sql_flush(self: Any, style: Any, tables: Any, **kwargs: Any) -> list[str]:
        statements = original(self, style, tables, **kwargs)
        if not statements:
            return statements
        return ["SET LOCAL session_replication_role = replica", *statements]

    sql_flush._jingwang_wrapped = True  # type: ignore[attr-defined]
    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


_allow_test_flush_of_audit_trail()


# Browser fixtures (Playwright driving Debian's Chromium) for every app's browser tests.
from jingwang.browser_testing import browser, demo_city, open_page, pytest_runtest_makereport  # noqa: E402, F401


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Transactional tests (the live server's, two workers at once) start from the migrated
    database's data: after such a test Django empties every table, including the code tables the
    migrations seed (hazard and tip categories, contact deadlines, deadline policies …), so each
    one restores them first (serialized rollback) instead of depending on the tests before it."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        kwargs = dict(marker.kwargs) if marker is not None else {}
        transactional = bool(kwargs.get("transaction") or (marker is not None and marker.args and marker.args[0]))
        transactional = transactional or "live_server" in getattr(item, "fixturenames", ())
        if transactional and not kwargs.get("serialized_rollback"):
            kwargs.update(transaction=True, serialized_rollback=True)
            item.add_marker(pytest.mark.django_db(**kwargs), append=False)
