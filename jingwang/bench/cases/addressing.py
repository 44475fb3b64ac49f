"""address.parse: free-text addresses to components, against cpca (and jionlp in the notes).

The set is the project's own synthetic one (`jingwang.demo.synthetic_addresses`): real
division names, invented streets, written the ways the field notes list. cpca and jionlp are
development dependencies installed for this comparison only; when either is missing the notes
say so and the case still runs.
"""

from __future__ import annotations

import contextlib
import io
import time
from types import ModuleType
from typing import Any

from jingwang.bench.harness import Case, Target, register
from jingwang.demo.synthetic_addresses import FIELD_VARIANTS, SyntheticAddress, synthetic_addresses
from jingwang.registry.addressing.divisions import division_index
from jingwang.registry.addressing.parser import clean, parse_address

FULL = 10_000
QUICK = 2_000


def _optional(name: str) -> ModuleType | None:
    """Import a comparison library quietly (jionlp prints a banner), or None if it is missing."""
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return __import__(name)
    except Exception:
        return None


def _fully_right(parsed: dict[str, Any], item: SyntheticAddress) -> bool:
    return parsed["township_code"] == item.township_code and all(parsed[k] == v for k, v in item.components.items())


def _pct(hits: int, total: int) -> str:
    return f"{100 * hits / total:.2f}%" if total else "-"


@register("address.parse", "parse_address per synthetic address (addresses/s) vs cpca.transform on the same texts")
class AddressParseCase(Case):
    unit = "ops/s"
    repeats = 10
    quick_repeats = 3
    warmup = 1

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target = Target("rate", 5000, at_most=False, label="≥ 5,000/s")
        self.texts: list[str] = []
        self.cpca: ModuleType | None = None

    def setup(self) -> None:
        self.size = QUICK if self.ctx.quick else self.ctx.size(FULL, minimum=QUICK)
        self.ctx.log(f"address.parse: generating {self.size:,} synthetic addresses")
        division_index()  # built once per process; not part of the per-address cost
        data = synthetic_addresses(self.size, seed=self.ctx.seed)
        self.texts = [d.text for d in data]
        places = division_index().places
        expected = [d.township_code for d in data]
        counties = [code[:6] for code in expected]

        parsed = [parse_address(t) for t in self.texts]
        township_ok = sum(p.township_code == e for p, e in zip(parsed, expected, strict=True))
        county_ok = sum(p.division_code == c for p, c in zip(parsed, counties, strict=True))
        self.notes.append(
            f"parse_address: township {_pct(township_ok, self.size)}, county {_pct(county_ok, self.size)} "
            f"on {self.size:,} synthetic addresses (target ≥ 97% township)"
        )

        styles = []
        for variant in FIELD_VARIANTS:
            items = synthetic_addresses(1000, seed=self.ctx.seed, variants=(variant,))
            right = sum(_fully_right(parse_address(item.text).as_dict(), item) for item in items)
            styles.append(f"{variant} {_pct(right, len(items))}")
        self.notes.append(
            "field styles of issue 16, all components right (not timed, not in the measured set): " + ", ".join(styles)
        )

        self.cpca = _optional("cpca")
        if self.cpca is not None:
            frame = self.cpca.transform(self.texts)
            adcodes = [str(a) if isinstance(a, str) else "" for a in frame["adcode"]]
            cpca_county = sum(a == c for a, c in zip(adcodes, counties, strict=True))
            self.notes.append(
                f"cpca (baseline): county {_pct(cpca_county, self.size)}; no township level (its table stops at county)"
            )
        else:
            self.notes.append("cpca is not installed: the baseline is the text clean-up alone")

        jionlp = _optional("jionlp")
        if jionlp is None:
            self.notes.append("jionlp is not installed: no figures for it")
            return
        jionlp.parse_location(self.texts[0], town_village=True)  # loads its tables
        start = time.perf_counter()
        results = [jionlp.parse_location(t, town_village=True) for t in self.texts]
        elapsed = time.perf_counter() - start
        town_ok = county_name_ok = 0
        for result, code in zip(results, expected, strict=True):
            town = places[code]
            county = places[town.parent] if places[town.parent].level == 3 else None
            county_right = county is None or result.get("county") == county.name
            county_name_ok += county_right
            town_ok += county_right and result.get("town") == town.name
        self.notes.append(
            f"jionlp.parse_location(town_village=True): {self.size / elapsed:,.0f}/s, township "
            f"{_pct(town_ok, self.size)}, county {_pct(county_name_ok, self.size)} (by name; it gives no codes)"
        )

    def measured(self, i: int) -> int:
        for text in self.texts:
            parse_address(text)
        return len(self.texts)

    def baseline(self, i: int) -> int:
        if self.cpca is not None:
            self.cpca.transform(self.texts)
        else:
            for text in self.texts:
                clean(text)
        return len(self.texts)

    def teardown(self) -> None:
        self.texts = []
