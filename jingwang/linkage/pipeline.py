"""Batch person linkage with Splink on an embedded DuckDB: train, predict, cluster.

Splink's predictions pass through the model's one rule (`model.distinct_ids`): a pair with two
valid ID numbers more than a typo apart is dropped, and the clusters are formed so that none holds
two such numbers (`clusters.cluster_links`), also through records without an ID number.

Prepared records go to DuckDB as an Arrow table (empty values as NULL), with three partial keys of
the ID number for blocking so that one mistyped digit still meets the right partner:
region + birth date (digits 1-14), birth date + sequence + check (7-18), region + sequence + check
(1-6 and 15-18). A missing digit shifts the rest, which the name + birth date and phone rules catch.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from jingwang.linkage.clusters import cluster_links
from jingwang.linkage.model import (
    MODEL_COLUMNS,
    MODEL_NAME,
    MODEL_VERSION,
    TF_COLUMN,
    Model,
    distinct_ids,
    splink_comparisons,
)
from jingwang.linkage.prepare import PersonRecord

# A pair at or above this probability is a link; records joined by links form one person.
DEFAULT_THRESHOLD = 0.5
# Pairs below this are not kept at all (a record's best probability then reads 0).
KEEP_FLOOR = 0.01


def blocking_rules() -> list[Any]:
    from splink import block_on

    return [
        block_on("id_rb"),
        block_on("id_bs"),
        block_on("id_rs"),
        block_on("name_py", "dob"),
        block_on("phone_digits"),
        block_on("name_py", "addr_county"),
        # A typo in the name with the ID or phone missing: the same birth date in the same county,
        # or with the same surname, or the very same address.
        block_on("dob", "addr_county"),
        block_on("surname_py", "dob"),
        block_on("addr_canonical"),
    ]


def arrow_table(records: Sequence[PersonRecord]) -> Any:
    import pyarrow as pa

    def col(values: list[str]) -> Any:
        return pa.array([v or None for v in values], pa.string())

    ids = [r.id_clean for r in records]
    data = {"unique_id": pa.array(range(len(records)), pa.int64())}
    for name in MODEL_COLUMNS:
        data[name] = col([getattr(r, name) for r in records])
    data["surname_py"] = col([r.surname_py for r in records])
    data["id_rb"] = col([i[:14] if len(i) >= 14 else "" for i in ids])
    data["id_bs"] = col([i[6:] if len(i) >= 17 else "" for i in ids])
    data["id_rs"] = col([i[:6] + i[14:] if len(i) >= 17 else "" for i in ids])
    return pa.table(data)


def connect(threads: int | None = None) -> Any:
    import duckdb

    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = false")
    return con


def make_linker(records: Sequence[PersonRecord], settings: dict[str, Any], *, threads: int | None = None) -> Any:
    from splink import DuckDBAPI, Linker

    db_api = DuckDBAPI(connect(threads))
    table = db_api.register(arrow_table(records), table_name="persons")
    return Linker(table, settings, log_level=logging.WARNING)


def base_settings() -> dict[str, Any]:
    return {
        "link_type": "dedupe_only",
        "comparisons": splink_comparisons(),
        "blocking_rules_to_generate_predictions": [r.get_blocking_rule("duckdb").as_dict() for r in blocking_rules()],
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": False,
    }


def train(
    records: Sequence[PersonRecord],
    *,
    seed: int = 1,
    u_pairs: float = 1e7,
    threads: int | None = None,
    log: Callable[[str], None] = lambda message: None,
) -> dict[str, Any]:
    """Train the model unsupervised (u by random sampling, m by EM) and return it as saved JSON."""
    from splink import block_on

    started = time.perf_counter()
    linker = make_linker(records, base_settings(), threads=threads)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("id_clean"), block_on("name_s", "dob", "phone_digits")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=seed)
    log("u estimated")
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("id_clean"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name_py", "dob"))
    log("m estimated by EM")
    splink = fill_untrained(linker.misc.save_model_to_json())
    counts = Counter(getattr(r, TF_COLUMN) for r in records if getattr(r, TF_COLUMN))
    total = sum(counts.values())
    return {
        "model": MODEL_NAME,
        "version": MODEL_VERSION,
        "meta": {
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "records": len(records),
            "seed": seed,
            "seconds": round(time.perf_counter() - started, 1),
            "note": "trained unsupervised on jingwang.linkage.synthetic.people; retrain: jingwang link_train",
        },
        "splink": splink,
        # Names seen at least twice; a name not listed gets no term-frequency adjustment online.
        "term_frequencies": {name: n / total for name, n in counts.most_common() if n >= 2},
    }


# A level never seen among the matches EM found (a different birth date, a different sex) gets this
# m rather than none at all: without it Splink and score_pair would give such a disagreement no
# weight, and relatives sharing an address and a phone would link. Same for u of a level random
# sampling never met.
M_FLOOR = 1e-5
U_FLOOR = 1e-7


def fill_untrained(splink: dict[str, Any]) -> dict[str, Any]:
    for comparison in splink["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            for key, floor in (("m_probability", M_FLOOR), ("u_probability", U_FLOOR)):
                if not isinstance(level.get(key), int | float):  # absent, or "level not observed"
                    level[key] = floor
    return splink


def settings_for(model: Model, records: int) -> dict[str, Any]:
    """The model's settings with the current blocking rules and the prior scaled to the input's size.

    With the same share of duplicates, the number of matching pairs grows with n and the number of
    pairs with n², so the chance that two random records match falls as 1/n: a model trained on
    200,000 records would otherwise start 2.3 bits too confident on 1,000,000. The prior is only
    ever lowered: on a smaller input than the training set it stays the model's (households and
    namesakes make a raised prior link too much).
    """
    settings = dict(model.splink)
    # Blocking belongs to the pipeline, not to the trained parameters: always the current rules.
    settings["blocking_rules_to_generate_predictions"] = base_settings()["blocking_rules_to_generate_predictions"]
    trained_on = int(model.meta.get("records") or 0)
    if trained_on and records > trained_on:
        scaled = model.probability_two_random_records_match * trained_on / records
        settings["probability_two_random_records_match"] = scaled
    return settings


@dataclass
class LinkResult:
    """Per record (in input order): its cluster number and its best link probability; `pairs`
    scored by Splink, of which `ruled_out` had two distinct valid ID numbers."""

    cluster: list[int]
    best: list[float]
    pairs: int
    timings: dict[str, float] = field(default_factory=dict)
    ruled_out: int = 0


def link(
    records: Sequence[PersonRecord],
    model: Model,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    threads: int | None = None,
) -> LinkResult:
    """Dedupe: score blocked pairs with the saved model, drop those with two distinct valid ID
    numbers, join links at `threshold` into clusters that never hold two such numbers.

    Term frequencies come from the input itself (Splink computes them), as in any batch.
    """
    timings: dict[str, float] = {}
    t = time.perf_counter()
    linker = make_linker(records, settings_for(model, len(records)), threads=threads)
    predictions = linker.inference.predict(threshold_match_probability=KEEP_FLOOR, warning_mode="never")
    timings["predict"] = time.perf_counter() - t
    t = time.perf_counter()
    con = linker._db_api._con
    sql = f"SELECT unique_id_l, unique_id_r, match_weight, match_probability FROM {predictions.physical_name}"
    scored = con.execute(sql).fetchall()
    n = len(records)
    best = [0.0] * n
    links = []
    ruled_out = 0
    for left, right, weight, probability in scored:
        i, j = int(left), int(right)
        if distinct_ids(records[i], records[j]):
            ruled_out += 1
            continue
        p = float(probability)
        best[i], best[j] = max(best[i], p), max(best[j], p)
        if p >= threshold:
            links.append((i, j, float(weight)))
    cluster = cluster_links(n, links, [r.id_clean if r.id_checked else "" for r in records])
    timings["cluster"] = time.perf_counter() - t
    return LinkResult(cluster, best, len(scored), timings, ruled_out)


def pairwise_scores(cluster: Sequence[Any], truth: Sequence[Any]) -> dict[str, float]:
    """Pairwise precision, recall and F1 of a clustering against the true persons."""

    def pairs(counter: Counter[Any]) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    predicted = pairs(Counter(cluster))
    actual = pairs(Counter(truth))
    both = pairs(Counter(zip(cluster, truth, strict=True)))
    precision = both / predicted if predicted else 1.0
    recall = both / actual if actual else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "true_pairs": actual, "predicted_pairs": predicted}
