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
        import psycopg

        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(sql, params, prepare=True)
            return cursor.fetchall()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_pipelined(*statements: tuple[str, list[Any]]) -> list[list[tuple[Any, ...]]]:
    """Rows of several independent statements; on PostgreSQL sent together in one pipeline (one
    round trip), each prepared."""
    if connection.vendor != "postgresql":
        return [fetch_prepared(sql, params) for sql, params in statements]
    import psycopg

    connection.ensure_connection()
    raw = connection.connection
    cursors = [psycopg.Cursor(raw) for _ in statements]
    try:
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
