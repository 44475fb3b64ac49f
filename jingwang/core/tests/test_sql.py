"""Hot-path SQL (core.sql): prepared statements on Django's connection, and the first statement of a
request standing in for the connection health check."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from django.db import connection

from jingwang.accounts.services import token_issue
from jingwang.core.sql import fetch_pipelined, fetch_prepared
from jingwang.testing import World

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements and pipelines are PostgreSQL's"
)


def test_prepared_and_pipelined_fetches_return_the_rows(db: Any) -> None:
    assert fetch_prepared("SELECT %s + 1", [1]) == [(2,)]
    assert fetch_pipelined(("SELECT %s", [1]), ("SELECT %s", ["a"])) == [[(1,)], [("a",)]]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_dead_connection_is_reopened_by_the_first_statement_of_a_request(world: World, client: Any) -> None:
    raw, _ = token_issue(user=world.users["officer_a"])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/me/", **headers).status_code == 200
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    with psycopg.connect(connection.connection.info.dsn, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    # Django would spend a SELECT 1 on the health check; the token look-up does it instead.
    connection.health_check_done = False  # type: ignore[attr-defined]
    response = client.get("/api/v1/me/", **headers)
    assert response.status_code == 200, response.content
    assert connection.connection.info.backend_pid != pid
