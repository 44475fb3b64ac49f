"""The figures' background work: the nightly refresh, today's refresh on demand, monthly reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from jingwang.figures import engine
from jingwang.worker.jobs import handler, periodic

periodic("figures.nightly", every=timedelta(days=1))


@handler("figures.nightly", lease=timedelta(minutes=30))
def nightly(payload: dict[str, Any]) -> None:
    engine.refresh_recent()


@handler("figures.today")
def today(payload: dict[str, Any]) -> None:
    day = timezone.localdate()
    engine.refresh(day, day)


@handler("figures.report", lease=timedelta(minutes=30))
def report(payload: dict[str, Any]) -> None:
    from jingwang.figures.reports import generate

    generate(int(payload["report"]))
