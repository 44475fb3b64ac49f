"""Hot-path SQL: statements composed once, executed as server-side prepared statements.

Django's psycopg 3 backend binds parameters client-side, so PostgreSQL plans every query again; for
the few queries every request makes (token, grants, a check's look-ups) planning costs more than
execution. These run on Django's own connection (same transaction) through a psycopg cursor with
`prepare=True`: planned once per connection, then executed by name. SQLite keeps Django's cursor.
"""

from __future__ import annotations

from typing import Any

from django.db import connection


def fetch_prepared(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Rows of one statement, prepared on PostgreSQL (placeholders are `%s` on both databases)."""
    if connection.vendor == "postgresql":
        return _on_postgresql([(sql, params)])[0]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_pipelined(*statements: tuple[str, list[Any]]) -> list[list[tuple[Any, ...]]]:
    """Rows of several independent statements; on PostgreSQL sent together in one pipeline (one
    round trip), each prepared."""
    if connection.vendor != "postgresql":
        return [fetch_prepared(sql, params) for sql, params in statements]
    return _on_postgresql(list(statements))


def _on_postgresql(statements: list[tuple[str, list[Any]]]) -> list[list[tuple[Any, ...]]]:
    """Run the statements on Django's connection; the first statement of a request doubles as the
    connection's health check (CONN_HEALTH_CHECKS would otherwise spend a `SELECT 1` round trip):
    a connection found dead outside a transaction is reopened and the statements run once more."""
    import psycopg

    db: Any = connection  # the health-check flags are Django's, untyped in the stubs
    checking = db.health_check_enabled and not db.health_check_done and not db.in_atomic_block
    connection.ensure_connection()
    try:
        rows = _run(connection.connection, statements)
    except psycopg.OperationalError:
        if not checking:
            raise
        connection.close()
        connection.ensure_connection()
        rows = _run(connection.connection, statements)
    db.health_check_done = True
    return rows


def _run(raw: Any, statements: list[tuple[str, list[Any]]]) -> list[list[tuple[Any, ...]]]:
    import psycopg

    cursors = [psycopg.Cursor(raw) for _ in statements]
    try:
        if len(cursors) == 1:
            cursors[0].execute(*statements[0], prepare=True)
        else:
            with raw.pipeline():
                for cursor, (sql, params) in zip(cursors, statements, strict=True):
                    cursor.execute(sql, params, prepare=True)
        return [cursor.fetchall() for cursor in cursors]
    finally:
        for cursor in cursors:
            cursor.close()


def table(model: Any) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def column(name: str) -> str:
    return str(connection.ops.quote_name(name))
