"""The portal's appointments' figures (registered with jingwang.figures from the AppConfig.ready()).
A booking records no attendance, so only what was booked and what was cancelled is counted."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jingwang.figures.declare import Figure, count, ratio
from jingwang.portal.models import BookingStatus

FIGURES = [
    Figure(
        key="portal.appointments",
        name=_("Appointments booked"),
        definition=_(
            "Residents' appointments at police offices held for a time in the period (counted on the day of "
            "the appointment, not of the booking), on the office's police district; cancelled ones are left "
            "out. Whether the resident came is not recorded."
        ),
        model="portal.Booking",
        date_field="slot__starts_at",
        grid="slot__service__office__district",
        where=Q(status=BookingStatus.BOOKED),
        measure=count(),
    ),
    Figure(
        key="portal.appointments_cancelled",
        name=_("Appointments cancelled (%)"),
        definition=_("Of the residents' appointments for a time in the period, the share cancelled by the resident."),
        model="portal.Booking",
        date_field="slot__starts_at",
        grid="slot__service__office__district",
        measure=ratio(Q(status=BookingStatus.CANCELLED)),
        higher_is_better=False,
    ),
]
