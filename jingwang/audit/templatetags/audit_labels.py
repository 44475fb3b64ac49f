"""Template filters that show audit codes as people read them (see audit/labels.py)."""

from __future__ import annotations

from typing import Any

from django import template

from jingwang.audit import labels

register = template.Library()


@register.filter
def action_label(code: str) -> str:
    return labels.action_label(code or "")


@register.filter
def object_label(code: str) -> str:
    return labels.object_label(code) if code else ""


@register.filter
def role_labels(codes: str) -> str:
    return labels.role_labels(codes or "")


@register.filter
def detail_items(details: Any) -> list[tuple[str, str]]:
    return labels.detail_items(details)
