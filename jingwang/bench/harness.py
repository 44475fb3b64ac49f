"""A small benchmark harness: registered cases, each timed against a baseline, run alternately.

A case is a class registered with `@register(name, description)`. The harness calls `setup` once
(not timed), then for each repeat calls `measured` and `baseline` in alternating order, so that
drift on a noisy machine hits both alike. Each call returns how many operations it performed; a
sample is the call's time divided by that count. Figures are medians and 95th percentiles of the
samples; the ratio is the case's median time over the baseline's (above 1 means slower).
"""

from __future__ import annotations

import importlib
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

Unit = Literal["ms", "s", "ops/s"]


@dataclass(frozen=True)
class Target:
    """What the issue demands of a case: `metric` compared with `limit`.

    `metric` is "ratio" (case time / baseline time), "rate" (operations per second at the
    median), "seconds" (median seconds per operation), or "p95" / "p99" (seconds per operation at
    that percentile).
    """

    metric: Literal["ratio", "rate", "seconds", "p95", "p99"]
    limit: float
    at_most: bool
    label: str

    def met(self, result: Result) -> bool | None:
        value = {
            "ratio": result.ratio,
            "rate": result.rate,
            "seconds": result.median_seconds,
            "p95": result.p95_seconds,
            "p99": result.p99_seconds,
        }[self.metric]
        if value is None:
            return None
        return value <= self.limit if self.at_most else value >= self.limit


@dataclass
class Context:
    """What a case may know about the run: how big, how often, and a seed for its choices."""

    scale: float = 1.0
    quick: bool = False
    repeat: int | None = None
    seed: int = 20_240_601
    log: Callable[[str], None] = lambda message: None

    def size(self, full: int, minimum: int = 1) -> int:
        return max(minimum, round(full * self.scale))


class Case:
    """Base of every benchmark case. Subclasses set the class attributes and the three methods."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    unit: ClassVar[Unit] = "ms"
    repeats: ClassVar[int] = 20
    quick_repeats: ClassVar[int] = 5
    warmup: ClassVar[int] = 1

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.size = 0
        self.target: Target | None = None
        self.notes: list[str] = []

    def setup(self) -> None:
        """Build the data the case needs; done once and not timed."""

    def prepare(self, i: int, baseline: bool) -> None:
        """Untimed, before each call of `measured` (or `baseline`): e.g. remove what the last one wrote."""

    def measured(self, i: int) -> int:
        """The operation under test for repeat `i`; returns how many operations it did."""
        raise NotImplementedError

    def baseline(self, i: int) -> int:
        """The same work done the plainest way, for comparison; returns the operation count."""
        raise NotImplementedError

    def teardown(self) -> None:
        """Release what setup took (threads, connections); the throwaway database goes anyway."""


REGISTRY: dict[str, type[Case]] = {}


def register(name: str, description: str) -> Callable[[type[Case]], type[Case]]:
    def decorate(cls: type[Case]) -> type[Case]:
        if name in REGISTRY:
            raise ValueError(f"benchmark case {name!r} registered twice")
        cls.name, cls.description = name, description
        REGISTRY[name] = cls
        return cls

    return decorate


def load_cases() -> dict[str, type[Case]]:
    """Import the case modules so that they register themselves."""
    from jingwang.bench.cases import addressing, audit, identity, linkage, territory  # noqa: F401

    # Last: the registry cases add a district of their own grids, which territory.subtree must not meet.
    importlib.import_module("jingwang.bench.cases.registry")
    importlib.import_module("jingwang.bench.cases.merges")  # matches residents of the registry cases' district
    importlib.import_module("jingwang.bench.cases.disputes")  # loads its disputes into the registry district
    importlib.import_module("jingwang.bench.cases.casework")  # its open cases go into the registry district
    importlib.import_module("jingwang.bench.cases.verification")  # reuses the registry cases' district
    importlib.import_module("jingwang.bench.cases.incidents")  # at the registry cases' addresses
    importlib.import_module("jingwang.bench.cases.incident_figures")  # incidents over the registry district
    importlib.import_module("jingwang.bench.cases.cameras")  # cameras in the registry district's grids
    importlib.import_module("jingwang.bench.cases.tips")  # the portal's read pages under gunicorn
    importlib.import_module("jingwang.bench.cases.alerts")  # a county of its own
    importlib.import_module("jingwang.bench.cases.portal")  # addresses in the registry district
    importlib.import_module("jingwang.bench.cases.antifraud")  # warnings to the registry district's grids
    importlib.import_module("jingwang.bench.cases.field")  # field officers over the registry district
    importlib.import_module("jingwang.bench.cases.maps")  # a district of its own (codes 34xxxx)
    importlib.import_module("jingwang.bench.cases.figures")  # dashboards over the registry and disputes district
    importlib.import_module("jingwang.bench.cases.focus")  # focus persons on the registry district's residents
    importlib.import_module("jingwang.bench.cases.venues")  # a hotel in the registry district; verification's list

    return dict(REGISTRY)


def percentile(values: Iterable[float], q: float) -> float:
    """The q-quantile (0..1) with linear interpolation between closest ranks (numpy's default)."""
    data = sorted(values)
    if not data:
        raise ValueError("no samples")
    pos = (len(data) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


@dataclass
class Result:
    """One case's figures. Times are seconds per operation; `rate` is operations per second."""

    name: str
    description: str
    unit: Unit
    size: int
    repeats: int
    median_seconds: float
    p95_seconds: float
    baseline_median_seconds: float | None
    baseline_p95_seconds: float | None
    ratio: float | None
    rate: float
    p99_seconds: float = 0.0
    baseline_p99_seconds: float | None = None
    target: str | None = None
    passed: bool | None = None
    notes: list[str] = field(default_factory=list)
    samples: list[float] = field(default_factory=list, repr=False)
    baseline_samples: list[float] = field(default_factory=list, repr=False)

    @property
    def status(self) -> str:
        return {True: "PASS", False: "MISS", None: "-"}[self.passed]

    def shown(self, seconds: float | None) -> float | None:
        """A time per operation in the case's unit (for ops/s: the rate that time amounts to)."""
        if seconds is None:
            return None
        if self.unit == "ms":
            return seconds * 1000
        if self.unit == "s":
            return seconds
        return 1 / seconds if seconds > 0 else math.inf

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "unit": self.unit,
            "size": self.size,
            "repeats": self.repeats,
            "median": self.shown(self.median_seconds),
            "p95": self.shown(self.p95_seconds),
            "p99": self.shown(self.p99_seconds),
            "baseline_median": self.shown(self.baseline_median_seconds),
            "baseline_p95": self.shown(self.baseline_p95_seconds),
            "baseline_p99": self.shown(self.baseline_p99_seconds),
            "ratio": self.ratio,
            "rate_per_second": self.rate,
            "median_seconds": self.median_seconds,
            "p95_seconds": self.p95_seconds,
            "p99_seconds": self.p99_seconds,
            "baseline_median_seconds": self.baseline_median_seconds,
            "target": self.target,
            "status": self.status,
            "notes": self.notes,
        }


def summarise(case: Case, samples: list[float], baseline_samples: list[float], repeats: int | None = None) -> Result:
    """Median, p95, p99 and ratio from per-operation times (seconds)."""
    median, p95, p99 = percentile(samples, 0.5), percentile(samples, 0.95), percentile(samples, 0.99)
    base_median = percentile(baseline_samples, 0.5) if baseline_samples else None
    base_p95 = percentile(baseline_samples, 0.95) if baseline_samples else None
    base_p99 = percentile(baseline_samples, 0.99) if baseline_samples else None
    result = Result(
        name=case.name,
        description=case.description,
        unit=case.unit,
        size=case.size,
        repeats=repeats if repeats is not None else len(samples),
        median_seconds=median,
        p95_seconds=p95,
        baseline_median_seconds=base_median,
        baseline_p95_seconds=base_p95,
        ratio=median / base_median if base_median else None,
        rate=1 / median if median > 0 else math.inf,
        p99_seconds=p99,
        baseline_p99_seconds=base_p99,
        notes=list(case.notes),
        samples=samples,
        baseline_samples=baseline_samples,
    )
    if case.target is not None:
        result.target = case.target.label
        result.passed = case.target.met(result)
    return result


def run_case(case: Case, clock: Callable[[], float] = time.perf_counter) -> Result:
    """Set the case up, warm it, then time measured and baseline alternately."""
    ctx = case.ctx
    repeats = ctx.repeat or (case.quick_repeats if ctx.quick else case.repeats)
    ctx.log(f"{case.name}: setting up")
    case.setup()
    try:
        for w in range(case.warmup):
            case.prepare(-1 - w, False)
            case.measured(-1 - w)
            case.prepare(-1 - w, True)
            case.baseline(-1 - w)
        samples: list[float] = []
        baseline_samples: list[float] = []
        for i in range(repeats):
            runs = [(case.measured, samples, False), (case.baseline, baseline_samples, True)]
            for fn, into, is_baseline in runs if i % 2 == 0 else runs[::-1]:
                case.prepare(i, is_baseline)
                start = clock()
                ops = fn(i)
                into.append((clock() - start) / max(ops, 1))
            if repeats <= 10:
                ctx.log(f"{case.name}: repeat {i + 1}/{repeats} done")
        return summarise(case, samples, baseline_samples, repeats)
    finally:
        case.teardown()


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value == 0 or abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def format_table(results: list[Result]) -> str:
    """Plain-text table: one line per case, then the notes."""
    head = ("case", "n", "unit", "median", "p95", "p99", "baseline", "ratio", "target", "")
    rows = [head]
    for r in results:
        rows.append(
            (
                r.name,
                f"{r.size:,}",
                r.unit,
                _fmt(r.shown(r.median_seconds)),
                _fmt(r.shown(r.p95_seconds)),
                _fmt(r.shown(r.p99_seconds)),
                _fmt(r.shown(r.baseline_median_seconds)),
                f"{r.ratio:.2f}x" if r.ratio is not None else "-",
                r.target or "-",
                r.status,
            )
        )
    widths = [max(len(row[c]) for row in rows) for c in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    notes = [f"  {r.name}: {note}" for r in results for note in r.notes]
    if notes:
        lines += ["", "notes:", *notes]
    lines += ["", "ratio = case median time / baseline median time; for ops/s, p95 (p99) is the rate of the slowest "
              "5% (1%)."]  # fmt: skip
    return "\n".join(lines)
