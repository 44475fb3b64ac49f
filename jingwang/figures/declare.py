"""Figures as declarations: each domain app says what it counts, in its own `<app>/figures.py`.

    from jingwang.figures.declare import Figure, Records, count, declare_figures, ratio

    FIGURES = [
        Figure(
            key="disputes.reported",
            name=_("Disputes reported"),
            definition=_("Disputes reported in the period, by the day they were reported."),
            model="disputes.Dispute",
            date_field="opened_at",           # the day a record counts on
            grid="grid",                      # the path to its grid (a territory node)
            category="kind",                  # optional: one figure per category as well
            measure=count(),                  # count() | total(field) | ratio(num_q, den_q) | average_days(start, end)
            records=Records("disputes:ledger", node="node", date_from="opened_from", date_to="opened_to"),
        ),
    ]
    # <app>/apps.py, in ready():  declare_figures(figures.FIGURES)

The engine (`jingwang.figures.engine`) materialises every declared figure per day and grid
(`FigureDaily`), rolls it up the territory trees per month (`FigureMonthly`), and can recompute any
figure from the raw rows (`engine.recompute`) to prove the tables right. It imports no domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q

COUNT = "count"
SUM = "sum"
RATIO = "ratio"
AVERAGE_DAYS = "average_days"


@dataclass(frozen=True)
class Measure:
    """What is added up per day and grid: a numerator and (ratio, average) a denominator."""

    kind: str
    field: str = ""  # SUM: the field summed
    numerator: Q | Callable[[], Q] | None = None  # RATIO: the rows counted above the line
    denominator: Q | Callable[[], Q] | None = None  # RATIO: the rows counted below it (None: all)
    start: str = ""  # AVERAGE_DAYS: from this field
    end: str = ""  # … to this one (rows without an end are left out)


def count() -> Measure:
    return Measure(COUNT)


def total(field_name: str) -> Measure:
    return Measure(SUM, field=field_name)


def ratio(numerator: Q | Callable[[], Q], denominator: Q | Callable[[], Q] | None = None) -> Measure:
    return Measure(RATIO, numerator=numerator, denominator=denominator)


def average_days(start: str, end: str) -> Measure:
    return Measure(AVERAGE_DAYS, start=start, end=end)


def resolve_q(value: Q | Callable[[], Q] | None) -> Q:
    """A filter given as a Q, or as a function returning one (for filters that read the clock)."""
    if value is None:
        return Q()
    return value() if callable(value) else value


@dataclass(frozen=True)
class Records:
    """Where the records behind a number are listed: the domain's list page and the names of its
    filters for a territory node (`kind:code`), the first and the last day, and the category."""

    url_name: str
    node: str = ""  # the list's filter by territory node (`kind:code`); without one, no link
    date_from: str = ""
    date_to: str = ""
    category: str = ""
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Figure:
    key: str  # "<app>.<name>", unique
    name: Any  # in the user's language (gettext_lazy)
    definition: Any  # written out, shown on the dashboard and in the reports
    model: str  # "app_label.Model"
    date_field: str  # the day each row counts on (a DateTimeField or DateField)
    measure: Measure = field(default_factory=count)
    grid: str = "grid"  # the path from the model to its grid
    where: Q | Callable[[], Q] | None = None  # which rows count at all
    category: str = ""  # a field (path) whose values split the figure
    category_labels: Callable[[], dict[str, str]] | None = None  # code -> label; default: the field's choices
    records: Records | None = None
    publishable: bool = False  # may be published to residents (向人民汇报) when the police choose
    higher_is_better: bool | None = None

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def permission_label(self) -> str:
        """Who may see the figure: whoever may view the records it counts."""
        return self.model.lower()

    @property
    def is_ratio(self) -> bool:
        return self.measure.kind == RATIO

    def value(self, numerator: float, denominator: float) -> float | None:
        """The figure's value from its summed parts; None where a ratio or average has no base."""
        if self.measure.kind in (COUNT, SUM):
            return numerator
        if not denominator:
            return None
        if self.measure.kind == RATIO:
            return 100.0 * numerator / denominator
        return numerator / denominator

    def labels(self) -> dict[str, str]:
        if self.category_labels is not None:
            return {str(k): str(v) for k, v in self.category_labels().items()}
        if not self.category:
            return {}
        target: Any = self.model_class()
        parts = self.category.split("__")
        for part in parts[:-1]:
            target = target._meta.get_field(part).related_model
        f = target._meta.get_field(parts[-1])
        return {str(k): str(v) for k, v in (f.choices or [])}


FIGURES: dict[str, Figure] = {}


def declare_figures(figures: list[Figure]) -> None:
    """Register an app's figures (from its AppConfig.ready()); a key is declared once."""
    for fig in figures:
        known = FIGURES.get(fig.key)
        if known is not None and known is not fig:
            raise ImproperlyConfigured(f"figure {fig.key} declared twice")
        FIGURES[fig.key] = fig


def declared() -> list[Figure]:
    return list(FIGURES.values())


def get(key: str) -> Figure | None:
    return FIGURES.get(key)
