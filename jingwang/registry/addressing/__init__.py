"""Address standardisation (标准地址): free text to components, division codes and canonical text.

No models here: `parse_address` and `match_address` work on plain values, so the registry's
services, the API, the command line and the benchmark share them.
"""

from jingwang.registry.addressing.matching import AddressMatch, Scored, StandardAddress, match_address
from jingwang.registry.addressing.parser import FIELDS, ParsedAddress, parse_address, parse_many

__all__ = [
    "FIELDS",
    "AddressMatch",
    "ParsedAddress",
    "Scored",
    "StandardAddress",
    "match_address",
    "parse_address",
    "parse_many",
]
