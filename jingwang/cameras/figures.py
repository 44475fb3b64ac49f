"""The cameras' figures, from the daily availability table (registered with jingwang.figures from
the AppConfig.ready()). The engine adds up rows, so a camera-day is the unit: a camera's working
order on a day against its target (settings.CAMERAS_TARGETS, by the place it covers)."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jingwang.cameras.models import PlaceClass
from jingwang.figures.declare import Figure, Records, count, ratio


def _at_target(place_class: str, target: float) -> Q:
    return Q(camera__place_class=place_class, ok_s__gte=F("registered_s") * target)


def at_target_q() -> Q:
    """The camera-day's time in working order is at least its target share of the time registered."""
    targets: dict[str, float] = settings.CAMERAS_TARGETS
    known = [c for c in PlaceClass.values if c in targets]
    parts = [_at_target(c, targets[c]) for c in known]
    others = ~Q(camera__place_class__in=known) & Q(ok_s__gte=F("registered_s") * targets["other"])
    return reduce(or_, parts, others)


def registered_q() -> Q:
    return Q(registered_s__gt=0)


def below_target_q() -> Q:
    return registered_q() & ~at_target_q()


RECORDS = Records("cameras:availability")

FIGURES = [
    Figure(
        key="cameras.days_at_target",
        name=_("Camera-days at the working-order target (%)"),
        definition=_(
            "Of the camera-days in the period with the camera registered, the share whose time in working order "
            "(完好率) reached the target for the place covered (98% key public areas, 95% trades and venues)."
        ),
        model="cameras.CameraDay",
        date_field="day",
        grid="camera__grid",
        category="camera__place_class",
        measure=ratio(at_target_q, registered_q),
        records=RECORDS,
        higher_is_better=True,
    ),
    Figure(
        key="cameras.days_below_target",
        name=_("Camera-days below the working-order target"),
        definition=_(
            "Camera-days in the period with the camera registered whose time in working order (完好率) was below "
            "the target for the place covered."
        ),
        model="cameras.CameraDay",
        date_field="day",
        grid="camera__grid",
        where=below_target_q,
        category="camera__place_class",
        measure=count(),
        records=RECORDS,
        higher_is_better=False,
    ),
]
