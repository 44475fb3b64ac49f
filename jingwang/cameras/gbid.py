"""GB/T 28181 device IDs (20 digits): validated and decoded (WORKFLOWS.md §4).

1-8 centre code (GB/T 2260 division 2+2+2, then 2 for the unit), 9-10 industry, 11-13 type,
14 network, 15-20 serial. Some platforms leave digit 14 out of the scheme: it is decoded when it
is a known network code and never refused for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

TYPES: dict[str, Promise] = {
    "111": _("DVR"),
    "112": _("Video server"),
    "113": _("Encoder"),
    "114": _("Decoder"),
    "118": _("NVR"),
    "131": _("Camera"),
    "132": _("IP camera"),
    "134": _("Alarm input"),
    "200": _("Central signalling server"),
    "215": _("Business group"),
    "216": _("Virtual organisation"),
}
RECORDER_TYPES = frozenset({"111", "118"})
CAMERA_TYPES = frozenset({"131", "132"})
NETWORKS: dict[str, Promise] = {
    "0": _("Monitoring private network"),
    "1": _("Monitoring private network"),
    "2": _("Monitoring private network"),
    "3": _("Monitoring private network"),
    "4": _("Monitoring private network"),
    "5": _("Public security network"),
    "6": _("Government network"),
    "7": _("Internet"),
    "8": _("Social resources"),
}


class InvalidGbId(ValueError):
    pass


@dataclass(frozen=True)
class GbId:
    code: str
    centre: str  # 8 digits: the division (6) and the unit (2)
    division: str  # the GB/T 2260 division, unused tail zeros dropped (32, 3201, 320106)
    industry: str
    type_code: str
    network: str  # "" when digit 14 is not a known network code
    serial: str

    @property
    def type_label(self) -> Promise:
        return TYPES[self.type_code]

    @property
    def network_label(self) -> Promise | str:
        return NETWORKS.get(self.network, "")


def decode(code: str) -> GbId:
    """Decode a 20-digit ID, raising InvalidGbId (with a message for the user) when it is not one."""
    code = (code or "").strip()
    if len(code) != 20 or not code.isascii() or not code.isdigit():
        raise InvalidGbId(_("A GB/T 28181 ID is 20 digits."))
    type_code = code[10:13]
    if type_code not in TYPES:
        raise InvalidGbId(_("Unknown device type code %(code)s.") % {"code": type_code})
    division = code[:6]
    if division[:2] == "00":
        raise InvalidGbId(_("The centre code does not name a division."))
    while division.endswith("00") and len(division) > 2:
        division = division[:-2]
    network = code[13] if code[13] in NETWORKS else ""
    return GbId(
        code=code,
        centre=code[:8],
        division=division,
        industry=code[8:10],
        type_code=type_code,
        network=network,
        serial=code[14:],
    )
