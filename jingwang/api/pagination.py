"""Cursor pagination: stable pages over large, changing lists."""

from typing import Any

from rest_framework.pagination import CursorPagination


class DefaultCursorPagination(CursorPagination):
    page_size = 50
    max_page_size = 500
    page_size_query_param = "page_size"
    ordering: Any = "-pk"
