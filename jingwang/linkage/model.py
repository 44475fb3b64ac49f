"""The person-linkage model: its comparisons, the saved parameters, and one pair scored in Python.

Each comparison is written twice, once as the SQL condition Splink evaluates in DuckDB and once as a
Python predicate on two prepared `PersonRecord`s; `score_pair` walks the same levels in the same
order with the m and u probabilities Splink trained, so a pair scores the same online as in a
batch (a test checks it against Splink's own `score_pair`).

Comparisons work on the keys `prepare` derives, never on raw Chinese text: DuckDB's string
distances count UTF-8 bytes, so character-level agreement is written with `substr` (which counts
characters) and edit distances are taken only over ASCII keys (ID digits, phone digits, ISO dates).

One rule stands above the model: two valid ID numbers that are not one typo apart
(`core.identity.id_numbers_distinct`) are two people, whatever else agrees (`distinct_ids`; valid
here means checked: check digit, a known area code, and no contradiction with the record's own
birth date and sex, as the field notes advise for double typos).
`score_pair` gives such a pair probability 0, and the batch pipeline drops it from Splink's
predictions and keeps the two apart when it forms clusters.

The saved model is a JSON file: `{"model": "person", "version": N, "splink": <Splink's saved
settings>, "term_frequencies": {...}, ...}`. `jingwang link_train` writes it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz.distance import DamerauLevenshtein

from jingwang.core.identity import id_numbers_distinct
from jingwang.linkage.prepare import PersonRecord, prepare

MODEL_DIR = Path(__file__).resolve().parent / "data"
MODEL_NAME = "person"
MODEL_VERSION = 1
DEFAULT_MODEL = MODEL_DIR / f"{MODEL_NAME}-v{MODEL_VERSION}.json"
TF_COLUMN = "name_s"

Predicate = Callable[[PersonRecord, PersonRecord], bool]


@dataclass(frozen=True)
class Level:
    """One comparison level: its label, its SQL (Splink) and its Python form (score_pair)."""

    label: str
    sql: str
    test: Predicate
    null: bool = False
    tf: bool = False


@dataclass(frozen=True)
class ComparisonSpec:
    field: str  # output column name in Splink; the field named in FieldAgreement
    columns: tuple[str, ...]
    levels: tuple[Level, ...]


# SQL's NULL = NULL is not true: in Python an empty key never agrees either.
def _same(a: PersonRecord, b: PersonRecord, col: str) -> bool:
    value = getattr(a, col)
    return bool(value) and value == getattr(b, col)


def _near(a: PersonRecord, b: PersonRecord, col: str) -> bool:
    x, y = getattr(a, col), getattr(b, col)
    return bool(x) and bool(y) and DamerauLevenshtein.distance(x, y, score_cutoff=1) <= 1


def _null(col: str) -> Level:
    return Level(
        "missing",
        f'"{col}_l" IS NULL OR "{col}_r" IS NULL',
        lambda a, b: not getattr(a, col) or not getattr(b, col),
        True,
    )


def _exact(col: str, label: str = "exact", tf: bool = False) -> Level:
    return Level(label, f'"{col}_l" = "{col}_r"', lambda a, b: _same(a, b, col), tf=tf)


def _one_edit(col: str, label: str) -> Level:
    # Damerau-Levenshtein ≤ 1 (one digit substituted, missing, extra, or two adjacent swapped) is the
    # same whether a transposition counts once (DuckDB) or as optimal string alignment (rapidfuzz).
    return Level(
        label,
        f'damerau_levenshtein("{col}_l", "{col}_r") <= 1',
        lambda a, b: _near(a, b, col),
    )


def _else() -> Level:
    return Level("different", "ELSE", lambda a, b: True)


def _one_character_differs(a: PersonRecord, b: PersonRecord) -> bool:
    """Names of 2-4 characters, same length, at most one character different (a typo)."""
    x, y = a.name_s, b.name_s
    return len(x) == len(y) and 2 <= len(x) <= 4 and sum(p != q for p, q in zip(x, y, strict=True)) <= 1


# substr() counts characters (not bytes) in DuckDB; positions past the end compare '' = ''.
_ONE_CHARACTER_DIFFERS_SQL = (
    'length("name_s_l") = length("name_s_r") AND length("name_s_l") BETWEEN 2 AND 4 AND '
    + " + ".join(f'CAST(substr("name_s_l", {i}, 1) <> substr("name_s_r", {i}, 1) AS INTEGER)' for i in (1, 2, 3, 4))
    + " <= 1"
)


COMPARISONS: tuple[ComparisonSpec, ...] = (
    ComparisonSpec(
        "name",
        ("name_s", "name_shape", "name_py"),
        (
            _null("name_s"),
            _exact("name_s", "same name", tf=True),
            _exact("name_shape", "same name up to similar-shaped characters"),
            _exact("name_py", "same pinyin (homophones)"),
            Level("one character differs", _ONE_CHARACTER_DIFFERS_SQL, _one_character_differs),
            _else(),
        ),
    ),
    ComparisonSpec(
        "birth_date",
        ("dob",),
        (
            _null("dob"),
            _exact("dob", "same date"),
            _one_edit("dob", "one digit differs"),
            Level("same year", 'substr("dob_l", 1, 4) = substr("dob_r", 1, 4)', lambda a, b: a.dob[:4] == b.dob[:4]),
            _else(),
        ),
    ),
    ComparisonSpec("sex", ("sex_code",), (_null("sex_code"), _exact("sex_code", "same sex"), _else())),
    ComparisonSpec(
        "id_number",
        ("id_clean",),
        (
            _null("id_clean"),
            _exact("id_clean", "same number"),
            _one_edit("id_clean", "one digit mistyped, missing or swapped"),
            _else(),
        ),
    ),
    # Phone and address in one comparison: a household shares both, so for two different people
    # agreeing on the phone makes agreeing on the address far likelier. Two separate comparisons
    # would multiply their Bayes factors as if independent and link relatives living together.
    ComparisonSpec(
        "phone_address",
        ("phone_digits", "addr_canonical", "addr_street", "addr_county"),
        (
            Level(
                "missing",
                '("phone_digits_l" IS NULL OR "phone_digits_r" IS NULL) AND '
                '("addr_canonical_l" IS NULL OR "addr_canonical_r" IS NULL)',
                lambda a, b: (
                    (not a.phone_digits or not b.phone_digits) and (not a.addr_canonical or not b.addr_canonical)
                ),
                null=True,
            ),
            Level(
                "same phone and address",
                '"phone_digits_l" = "phone_digits_r" AND "addr_canonical_l" = "addr_canonical_r"',
                lambda a, b: _same(a, b, "phone_digits") and _same(a, b, "addr_canonical"),
            ),
            _exact("phone_digits", "same phone"),
            Level(
                "same address, phone one digit off",
                '"addr_canonical_l" = "addr_canonical_r" AND '
                'damerau_levenshtein("phone_digits_l", "phone_digits_r") <= 1',
                lambda a, b: _same(a, b, "addr_canonical") and _near(a, b, "phone_digits"),
            ),
            _exact("addr_canonical", "same address"),
            _one_edit("phone_digits", "phone one digit off"),
            _exact("addr_street", "same street address, division unclear"),
            _exact("addr_county", "same county"),
            _else(),
        ),
    ),
)

# The columns Splink reads (besides unique_id); empty values become NULL.
MODEL_COLUMNS = tuple(dict.fromkeys(c for spec in COMPARISONS for c in spec.columns))


def splink_comparisons() -> list[dict[str, Any]]:
    """The comparisons as Splink settings (no parameters)."""
    out = []
    for spec in COMPARISONS:
        levels: list[dict[str, Any]] = []
        for level in spec.levels:
            item: dict[str, Any] = {"sql_condition": level.sql, "label_for_charts": level.label}
            if level.null:
                item["is_null_level"] = True
            if level.tf:
                item["tf_adjustment_column"] = TF_COLUMN
                item["tf_adjustment_weight"] = 1.0
            levels.append(item)
        out.append({"output_column_name": spec.field, "comparison_levels": levels})
    return out


# ---------------------------------------------------------------------------------------------
# The saved model


@dataclass(frozen=True)
class LevelParams:
    m: float | None
    u: float | None
    tf: bool
    tf_weight: float
    tf_minimum_u: float


@dataclass
class Model:
    """A loaded model: Splink's settings and, per comparison, the parameters of each level."""

    version: int
    splink: dict[str, Any]
    params: list[list[LevelParams]]
    probability_two_random_records_match: float
    term_frequencies: dict[str, float] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    path: str = ""

    @property
    def prior_weight(self) -> float:
        p = self.probability_two_random_records_match
        return math.log2(p / (1 - p))

    def exact_u(self, comparison: int) -> float:
        """u of the comparison's exact-match level on the TF column (Splink's TF base)."""
        for level, params in zip(COMPARISONS[comparison].levels, self.params[comparison], strict=True):
            if level.sql == f'"{TF_COLUMN}_l" = "{TF_COLUMN}_r"' and params.u:
                return params.u
        raise ValueError("no exact-match level for the term-frequency column")


def _probability(value: Any) -> float | None:
    if isinstance(value, str):  # Splink's "level not observed", which it reads as 1e-6
        return 1e-6
    return None if value is None else float(value)


def model_from_dict(data: dict[str, Any], path: str = "") -> Model:
    if data.get("model") != MODEL_NAME:
        raise ValueError(f"not a person-linkage model: {path or data.get('model')!r}")
    splink = data["splink"]
    saved = {c["output_column_name"]: c["comparison_levels"] for c in splink["comparisons"]}
    params: list[list[LevelParams]] = []
    for spec in COMPARISONS:
        levels = saved.get(spec.field)
        if levels is None or [lv["sql_condition"] for lv in levels] != [lv.sql for lv in spec.levels]:
            raise ValueError(f"the saved model's {spec.field!r} comparison differs from the code's; retrain it")
        params.append(
            [
                LevelParams(
                    _probability(lv.get("m_probability")),
                    _probability(lv.get("u_probability")),
                    bool(lv.get("tf_adjustment_column")),
                    float(lv.get("tf_adjustment_weight", 1.0)),
                    float(lv.get("tf_minimum_u_value", 0.0)),
                )
                for lv in levels
            ]
        )
    return Model(
        version=int(data["version"]),
        splink=splink,
        params=params,
        probability_two_random_records_match=float(splink["probability_two_random_records_match"]),
        term_frequencies=dict(data.get("term_frequencies") or {}),
        meta=dict(data.get("meta") or {}),
        path=path,
    )


@cache
def _load(path: str) -> Model:
    return model_from_dict(json.loads(Path(path).read_text(encoding="utf-8")), path)


def load_model(path: str | Path | None = None) -> Model:
    """The saved model (the shipped one unless a path is given); cached per path."""
    return _load(str(Path(path) if path else DEFAULT_MODEL))


# ---------------------------------------------------------------------------------------------
# One pair in Python


@dataclass(frozen=True)
class FieldAgreement:
    field: str
    level: str  # human label of the level the pair falls in
    weight: float  # log2 Bayes factor (term-frequency adjustment included)


DISTINCT_IDS = "different valid ID numbers"


def distinct_ids(a: PersonRecord, b: PersonRecord) -> bool:
    """Whether both records carry checked ID numbers (`PersonRecord.id_checked`: valid, a known
    area code, not contradicted by the record's birth date or sex) that are not one typo apart."""
    return a.id_checked and b.id_checked and id_numbers_distinct(a.id_clean, b.id_clean)


@dataclass(frozen=True)
class PairScore:
    """`match_weight` and `fields` are the model's; `probability` is 0 when `rule` names a rule
    that rules the pair out (`DISTINCT_IDS`), else the model's."""

    probability: float
    match_weight: float
    fields: list[FieldAgreement]
    rule: str = ""


def level_index(spec: ComparisonSpec, a: PersonRecord, b: PersonRecord) -> int:
    for i, level in enumerate(spec.levels):
        if level.test(a, b):
            return i
    raise AssertionError("the else level always matches")


def _level_weight(model: Model, c: int, i: int, a: PersonRecord, b: PersonRecord) -> float:
    level, params = COMPARISONS[c].levels[i], model.params[c][i]
    if level.null or params.m is None or params.u is None:
        return 0.0
    weight = math.log2(params.m / params.u)
    if params.tf and params.tf_weight:
        tfs = [t for t in (model.term_frequencies.get(a.name_s), model.term_frequencies.get(b.name_s)) if t]
        if tfs:
            weight += params.tf_weight * (math.log2(model.exact_u(c)) - math.log2(max(*tfs, params.tf_minimum_u)))
    return weight


def score_pair(a: PersonRecord, b: PersonRecord, model: Model | None = None) -> PairScore:
    """The match probability of two person records, with each field's contribution; 0 for two
    records with distinct valid ID numbers (`distinct_ids`), whatever the fields say."""
    model = model or load_model()
    a = a if a.prepared else prepare(a)
    b = b if b.prepared else prepare(b)
    fields = []
    total = model.prior_weight
    for c, spec in enumerate(COMPARISONS):
        i = level_index(spec, a, b)
        weight = _level_weight(model, c, i, a, b)
        total += weight
        fields.append(FieldAgreement(spec.field, spec.levels[i].label, weight))
    if distinct_ids(a, b):
        return PairScore(0.0, total, fields, DISTINCT_IDS)
    probability = 1.0 / (1.0 + 2.0 ** (-total)) if total > -1000 else 0.0
    return PairScore(probability, total, fields)
