"""The map page and the offline tiles the platform serves."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jingwang.maps import tiles
from jingwang.maps.layers import ordered_figures
from jingwang.maps.models import MapCell
from jingwang.maps.selectors import BOUNDARY_KINDS, display_crs, visible_layers
from jingwang.territory.models import kind_label
from jingwang.web.generic import ScopedPage


def map_config(user: Any) -> dict[str, Any]:
    """What the page's script needs: the layers the user may see, the figures, the tiles, the URLs."""
    return {
        "tiles": tiles.tile_config(),
        "crs": display_crs(),
        "boundaries": [{"kind": str(k), "label": kind_label(k)} for k in BOUNDARY_KINDS],
        "boundaries_url": reverse("api:map-boundaries"),
        "figures": [{"key": f.key, "label": str(f.label), "unit": str(f.unit)} for f in ordered_figures()],
        "layers": [
            {
                "key": layer.key,
                "label": str(layer.label),
                "color": layer.color,
                "clustered": layer.clustered,
                "period": bool(layer.date),
                "categories": [[str(v), str(label)] for v, label in (layer.categories() if layer.categories else [])],
                "url": reverse("api:map-features", args=[layer.key]),
            }
            for layer in visible_layers(user)
        ],
    }


class MapPage(ScopedPage):
    """One map of the viewer's territory: boundaries coloured by a figure and every domain's layers."""

    model = MapCell
    url_name = "maps:map"
    title = _("Map")
    audit_reads = False  # the page holds no record; the layers' requests are audited by the API

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "maps/map.html", {"config": map_config(request.user), "title": self.get_title()})


class TileView(ScopedPage):
    """A tile of the offline tile file (MBTiles or PMTiles), for signed-in staff; 404 when absent."""

    model = MapCell
    audit_reads = False  # background imagery, no record

    def get(self, request: HttpRequest, z: int, x: int, y: int) -> HttpResponse:
        found = tiles.read_tile(z, x, y)
        if found is None or not found[1].startswith("image/"):
            raise Http404
        data, content_type = found
        response = HttpResponse(data, content_type=content_type)
        response["Cache-Control"] = "private, max-age=86400"
        return response
