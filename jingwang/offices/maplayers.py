"""Police offices on the map (jingwang.maps): the offices in use. An office belongs to a police
district, not to a grid, so one without coordinates is not drawn. Registered from
OfficesConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jingwang.maps.layers import PointLayer, declare_map

LAYERS = [
    PointLayer(
        key="offices",
        label=_("Police offices"),
        model="offices.policeoffice",
        lon="longitude",
        lat="latitude",
        title="name",
        link="offices:detail",
        refine=lambda qs: qs.filter(is_active=True),
        color="#0d47a1",
        order=20,
    )
]


def declare() -> None:
    declare_map(__name__, layers=LAYERS)
