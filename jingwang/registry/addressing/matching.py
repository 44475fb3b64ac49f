"""Which existing standard address a parsed one is: by canonical text, then by alias, then by score.

Model-free on purpose: candidates are any objects (or mappings) with a canonical text, aliases and
the components; the registry's selectors fetch them (usually those of one township) and pass them
in. The first rule that applies decides:

1. canonical — the parsed canonical text equals a candidate's;
2. alias — the text as written, or the parsed canonical text, equals one of a candidate's aliases
   (compared after full-width folding and without separators);
3. candidates — otherwise the candidates scoring at least `min_score`, best first, at most
   `limit`, for a person to choose from (none of them is taken automatically).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Literal, Protocol, runtime_checkable

from jingwang.registry.addressing.numerals import arabic_numerals
from jingwang.registry.addressing.parser import ParsedAddress, clean

# How much each component's agreement counts. Only components the parsed address has are
# compared: what the person did not write neither helps nor hurts.
WEIGHTS: dict[str, float] = {
    "township_code": 3.0,
    "group": 2.0,
    "road": 2.0,
    "road_number": 2.0,
    "compound": 2.0,
    "building": 1.5,
    "unit": 1.0,
    "room": 1.0,
}
# Names are compared by similarity (a typo or a dropped character still counts for something);
# numbers either agree or do not.
_FUZZY = frozenset({"road", "compound"})


@runtime_checkable
class StandardAddressLike(Protocol):
    """What matching needs of an existing standard address."""

    @property
    def canonical(self) -> str: ...

    @property
    def aliases(self) -> Iterable[str]: ...

    @property
    def township_code(self) -> str: ...

    @property
    def group(self) -> str: ...

    @property
    def road(self) -> str: ...

    @property
    def road_number(self) -> str: ...

    @property
    def compound(self) -> str: ...

    @property
    def building(self) -> str: ...

    @property
    def unit(self) -> str: ...

    @property
    def room(self) -> str: ...


Candidate = StandardAddressLike | Mapping[str, Any]


@dataclass(frozen=True)
class StandardAddress:
    """A plain candidate, for callers that hold rows rather than objects; `ref` carries what the
    caller wants back (a primary key, a model instance)."""

    canonical: str
    aliases: tuple[str, ...] = ()
    township_code: str = ""
    group: str = ""
    road: str = ""
    road_number: str = ""
    compound: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""
    ref: Any = None


@dataclass(frozen=True)
class Scored:
    """A candidate with its score (0..1) and each compared component's agreement (0..1)."""

    address: Candidate
    score: float
    agreement: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class AddressMatch:
    """The outcome: `address` is set for canonical and alias matches; `candidates` otherwise."""

    kind: Literal["canonical", "alias", "candidates"]
    address: Candidate | None = None
    candidates: tuple[Scored, ...] = ()


def _get(candidate: Candidate, name: str) -> Any:
    if isinstance(candidate, Mapping):
        return candidate.get(name, "")
    return getattr(candidate, name, "")


def text_key(text: str) -> str:
    """The form texts are compared in: full-width folded, separators gone, counting numerals as
    digits."""
    return arabic_numerals(clean(text))


def _agreement(name: str, mine: str, theirs: str) -> float:
    if not theirs:
        return 0.0
    if mine == theirs:
        return 1.0
    if name == "township_code":
        return 0.5 if mine[:6] == theirs[:6] else 0.0
    if name in _FUZZY:
        matcher = SequenceMatcher(None, mine, theirs, autojunk=False)
        return matcher.ratio() if matcher.quick_ratio() >= 0.5 else 0.0
    return 0.0


def score_candidate(parsed: ParsedAddress, candidate: Candidate) -> Scored:
    """How well `candidate` agrees with `parsed`, component by component (see `WEIGHTS`)."""
    total = weight_sum = 0.0
    agreement: dict[str, float] = {}
    for name, weight in WEIGHTS.items():
        mine = getattr(parsed, name)
        if not mine:
            continue
        value = _agreement(name, mine, str(_get(candidate, name) or ""))
        agreement[name] = round(value, 3)
        total += weight * value
        weight_sum += weight
    return Scored(candidate, round(total / weight_sum, 3) if weight_sum else 0.0, agreement)


def match_address(
    parsed: ParsedAddress,
    candidates: Iterable[Candidate],
    *,
    text: str = "",
    limit: int = 5,
    min_score: float = 0.5,
) -> AddressMatch:
    """The existing address `parsed` is (canonical, then alias), or the best-scoring candidates.

    `text` is the address as written, compared with the aliases as well as the canonical text.
    """
    pool = list(candidates)
    for candidate in pool:
        if parsed.canonical and _get(candidate, "canonical") == parsed.canonical:
            return AddressMatch("canonical", candidate)
    wanted = {text_key(t) for t in (text, parsed.canonical) if t}
    wanted.discard("")
    if wanted:
        for candidate in pool:
            aliases = _get(candidate, "aliases") or ()
            if any(text_key(alias) in wanted for alias in aliases):
                return AddressMatch("alias", candidate)
    scored = [s for s in (score_candidate(parsed, c) for c in pool) if s.score >= min_score]
    scored.sort(key=lambda s: s.score, reverse=True)
    return AddressMatch("candidates", None, tuple(scored[:limit]))
