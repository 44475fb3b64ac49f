"""Filters shared by every FilterSet, so that a filter's "any" choice reads 全部 and not 未知.

Django's NullBooleanSelect names its empty choice "Unknown", which reads as a third answer; the
choice filters' empty label comes from settings.FILTERS_EMPTY_CHOICE_LABEL."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class AnyYesNoSelect(forms.NullBooleanSelect):
    """Yes / no / either, with the same submitted values as Django's NullBooleanSelect."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("All")), ("true", _("Yes")), ("false", _("No"))]


class BooleanFilter(django_filters.BooleanFilter):
    """django-filter's BooleanFilter whose empty choice reads 全部."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", AnyYesNoSelect)
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """A record's id: a whole number a database can hold (a larger one is a 400, never a 500)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        kwargs.setdefault("decimal_places", 0)
        super().__init__(*args, **kwargs)
