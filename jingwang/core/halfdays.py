"""Half-days in the community (issue 12): the local day, and morning or afternoon (from noon), that a
field record falls in. The records that count (home visits, patrol check-ins) store it when they
are written, so that the week's figures read it with a plain DISTINCT instead of working out a
local date and hour for every row.

Every write keeps it: `save()` (and so `create`, forms, serializers and the services), and the
queryset's own bulk writes, `bulk_create`, `bulk_update` and `update`. A raw bulk insert
(`registry.imports.bulk.model_row`) asks the model through `stored_values`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar

from django.db import models
from django.db.models.functions import ExtractHour, TruncDate
from django.db.models.lookups import GreaterThanOrEqual
from django.utils import timezone

from jingwang.core.access import RestrictedManager, RestrictedQuerySet

HALF_DAY_FIELDS = ("local_day", "afternoon")


def half_day(moment: datetime) -> tuple[date, bool]:
    """The local half-day of a moment: its date in the current time zone, and whether it is from noon.
    A naive moment is taken in the default time zone, as the database field stores it."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    local = timezone.localtime(moment)
    return local.date(), local.hour >= 12


class HalfDayRecord(models.Model):
    """A record with a moment (`half_day_of`, a DateTimeField) and the half-day it falls in."""

    half_day_of: ClassVar[str]
    local_day = models.DateField(editable=False)
    afternoon = models.BooleanField(editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.set_half_day()
        fields = kwargs.get("update_fields")
        if fields is not None and self.half_day_of in fields:
            kwargs["update_fields"] = {*fields, *HALF_DAY_FIELDS}
        super().save(*args, **kwargs)

    def set_half_day(self) -> None:
        self.local_day, self.afternoon = half_day(getattr(self, self.half_day_of))

    @classmethod
    def stored_values(cls, values: dict[str, Any]) -> dict[str, Any]:
        """`values` of a row about to be inserted without `save()`, with the half-day filled in."""
        moment = values.get(cls.half_day_of)
        if not isinstance(moment, datetime):
            return values
        local_day, afternoon = half_day(moment)
        return {**values, "local_day": local_day, "afternoon": afternoon}


R = TypeVar("R", bound=HalfDayRecord)


class HalfDayQuerySet(RestrictedQuerySet[R]):
    """The bulk writes of a queryset of half-day records, keeping the half-day with the moment."""

    def bulk_create(self, objs: Iterable[R], *args: Any, **kwargs: Any) -> list[R]:
        objs = list(objs)
        for obj in objs:
            obj.set_half_day()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Iterable[R], fields: Iterable[str], batch_size: int | None = None) -> int:
        objs, fields = list(objs), list(fields)
        if self.model.half_day_of in fields:
            for obj in objs:
                obj.set_half_day()
            fields += [f for f in HALF_DAY_FIELDS if f not in fields]
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def update(self, **kwargs: Any) -> int:
        source = self.model.half_day_of
        if source in kwargs:
            value = kwargs[source]
            if isinstance(value, datetime):
                kwargs["local_day"], kwargs["afternoon"] = half_day(value)
            else:
                # An expression (e.g. F() + a delta): the database works the half-day out, in the
                # current time zone like `half_day`.
                tz = timezone.get_current_timezone()
                kwargs["local_day"] = TruncDate(value, tzinfo=tz)
                kwargs["afternoon"] = GreaterThanOrEqual(ExtractHour(value, tzinfo=tz), 12)
        return super().update(**kwargs)


class HalfDayManager(RestrictedManager[R]):
    def get_queryset(self) -> HalfDayQuerySet[R]:
        return HalfDayQuerySet(self.model, using=self._db)
