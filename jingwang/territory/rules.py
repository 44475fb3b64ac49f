"""Which node may hang under which, and the national code formats for each kind."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from jingwang.territory.models import NodeKind

K = NodeKind

ALLOWED_PARENTS: dict[str, tuple[str, ...]] = {
    K.PROVINCE: (),
    K.CITY: (K.PROVINCE,),
    # Municipalities and county-level cities put counties directly under the province.
    K.COUNTY: (K.CITY, K.PROVINCE),
    K.SUBDISTRICT: (K.COUNTY,),
    K.COMMUNITY: (K.SUBDISTRICT,),
    K.GRID: (K.COMMUNITY,),
    K.MICRO_GRID: (K.GRID,),
    # A sub-bureau belongs to the city (or province) whose public security bureau it is part of.
    K.BUREAU: (K.CITY, K.PROVINCE),
    K.STATION: (K.BUREAU,),
    K.POLICE_DISTRICT: (K.STATION,),
}
ROOT_ALLOWED: set[str] = {K.PROVINCE, K.CITY, K.BUREAU}

# Code length per kind; kinds in EXTENDS_PARENT start with their parent's code (GB/T 2260 and
# the township/community extensions; police district = 2 province + 2 city + 2 bureau + 3 + 3).
CODE_LENGTH: dict[str, int] = {
    K.PROVINCE: 6,
    K.CITY: 6,
    K.COUNTY: 6,
    K.SUBDISTRICT: 9,
    K.COMMUNITY: 12,
    K.GRID: 15,
    K.MICRO_GRID: 18,
    K.BUREAU: 6,
    K.STATION: 9,
    K.POLICE_DISTRICT: 12,
}
EXTENDS_PARENT: set[str] = {K.SUBDISTRICT, K.COMMUNITY, K.GRID, K.MICRO_GRID, K.STATION, K.POLICE_DISTRICT}
_DIGITS = re.compile(r"^[0-9]+$")


def code_errors(kind: str, code: str, parent_kind: str | None, parent_code: str | None) -> list[str]:
    """Problems with a code for a node of `kind` under the given parent, as sentences."""
    errors: list[str] = []
    length = CODE_LENGTH[kind]
    if not _DIGITS.match(code) or len(code) != length:
        errors.append(_("code %(code)s must be %(n)d digits") % {"code": code, "n": length})
        return errors
    if kind == K.PROVINCE and not code.endswith("0000"):
        errors.append(_("a province code ends in 0000 (%(code)s)") % {"code": code})
    if kind == K.CITY and (code.endswith("0000") or not code.endswith("00")):
        errors.append(_("a city code ends in 00 but not 0000 (%(code)s)") % {"code": code})
    if kind == K.COUNTY and code.endswith("00"):
        errors.append(_("a county code does not end in 00 (%(code)s)") % {"code": code})
    if parent_code and parent_kind:
        if kind in EXTENDS_PARENT and not code.startswith(parent_code):
            errors.append(
                _("code %(code)s does not start with its parent's code %(parent)s")
                % {"code": code, "parent": parent_code}
            )
        if kind == K.CITY and code[:2] != parent_code[:2]:
            errors.append(_("city %(code)s is not in province %(parent)s") % {"code": code, "parent": parent_code})
        if kind in (K.COUNTY, K.BUREAU):
            prefix = 2 if parent_kind == K.PROVINCE else 4
            if code[:prefix] != parent_code[:prefix]:
                errors.append(_("code %(code)s is not within %(parent)s") % {"code": code, "parent": parent_code})
    return errors
