"""Splink as it comes, for comparison in the benchmark: raw columns, library comparisons with their
default thresholds, no Chinese preparation, trained the same unsupervised way on the data itself."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from jingwang.linkage.pipeline import DEFAULT_THRESHOLD, KEEP_FLOOR, LinkResult, connect
from jingwang.linkage.prepare import RAW_FIELDS, PersonRecord


def settings() -> dict[str, Any]:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return (
        SettingsCreator(
            link_type="dedupe_only",
            comparisons=[
                cl.JaroWinklerAtThresholds("name"),
                cl.ExactMatch("sex"),
                cl.LevenshteinAtThresholds("birth_date"),
                cl.LevenshteinAtThresholds("id_number"),
                cl.LevenshteinAtThresholds("phone"),
                cl.JaroWinklerAtThresholds("address"),
            ],
            blocking_rules_to_generate_predictions=[
                block_on("id_number"),
                block_on("name", "birth_date"),
                block_on("phone"),
            ],
        )
        .get_settings("duckdb")
        .as_dict()
    )


def link_baseline(records: Sequence[PersonRecord], *, threads: int | None = None, seed: int = 1) -> LinkResult:
    """Train on the input (λ from exact ID, u by sampling, m by EM) and cluster at the same threshold."""
    import pyarrow as pa
    from splink import DuckDBAPI, Linker, block_on

    timings: dict[str, float] = {}
    t = time.perf_counter()
    data: dict[str, Any] = {"unique_id": pa.array(range(len(records)), pa.int64())}
    for name in RAW_FIELDS[1:]:
        data[name] = pa.array([getattr(r, name) or None for r in records], pa.string())
    db_api = DuckDBAPI(connect(threads))
    linker = Linker(db_api.register(pa.table(data), table_name="raw_persons"), settings(), log_level=logging.WARNING)
    linker.training.estimate_probability_two_random_records_match([block_on("id_number")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("id_number"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("name", "birth_date"))
    timings["train"] = time.perf_counter() - t
    t = time.perf_counter()
    predictions = linker.inference.predict(threshold_match_probability=KEEP_FLOOR, warning_mode="never")
    timings["predict"] = time.perf_counter() - t
    t = time.perf_counter()
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=DEFAULT_THRESHOLD
    )
    con = db_api._con
    cluster = list(range(len(records)))
    for uid, cid in con.execute(f"SELECT unique_id, cluster_id FROM {clusters.physical_name}").fetchall():
        cluster[int(uid)] = int(cid)
    (pairs,) = con.execute(f"SELECT count(*) FROM {predictions.physical_name}").fetchone() or (0,)
    timings["cluster"] = time.perf_counter() - t
    return LinkResult(cluster, [], int(pairs), timings)
