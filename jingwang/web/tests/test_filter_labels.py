"""Every filter's "any" choice reads 全部, on every FilterSet the pages and the API use."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import django_filters
import pytest
from django import forms
from django.utils import translation

import jingwang


def _filtersets() -> list[type[django_filters.FilterSet]]:
    for module in pkgutil.walk_packages(jingwang.__path__, "jingwang."):
        name = module.name
        if name.endswith(("filters", ".views")) and ".tests" not in name and ".bench" not in name:
            importlib.import_module(name)
    found: list[type[Any]] = []
    todo = list(django_filters.FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("jingwang.") and ".tests" not in cls.__module__:
            found.append(cls)
    return found


@pytest.mark.django_db
def test_every_filter_names_its_any_choice_all() -> None:
    filtersets = _filtersets()
    assert len(filtersets) >= 8
    problems = []
    with translation.override("zh-hans"):
        for cls in filtersets:
            for name, field in cls().form.fields.items():
                if not isinstance(field, forms.ChoiceField | forms.NullBooleanField):
                    continue
                widget_choices = getattr(field.widget, "choices", None) or getattr(field, "choices", [])
                empty = [str(label) for value, label in widget_choices if value in ("", "unknown", None)]
                if isinstance(field, forms.MultipleChoiceField) and not empty:
                    continue
                if empty != ["全部"]:
                    problems.append(f"{cls.__module__}.{cls.__name__}.{name}: {empty}")
    assert not problems, "filters whose 'any' choice does not read 全部:\n" + "\n".join(problems)
