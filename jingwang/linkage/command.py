"""`jingwang link` and `jingwang link_train`: batch linkage of a CSV file, with no database.

    jingwang link INPUT.csv --out OUTPUT.csv [--threshold 0.5] [--model PATH] [--threads N]

INPUT has the columns record_id,name,sex,birth_date,id_number,phone,address (any value may be
empty; other columns are ignored); OUTPUT has record_id,cluster_id,match_probability, one row per
input record in input order. `cluster_id` is the record_id of the first record of its cluster;
`match_probability` is the record's best link probability to any other record (0 when no pair
scored above 1%), so a record alone in its cluster may still show a probability below the threshold.
Two records with valid ID numbers more than a typo apart are never in one cluster, not even through
records without an ID number (`linkage.clusters`); their pair counts for neither's probability.

These commands run before Django is set up (`jingwang.cli` hands them over): they need no
settings, no keys and no database.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from jingwang.linkage.model import DEFAULT_MODEL, load_model, model_from_dict
from jingwang.linkage.pipeline import DEFAULT_THRESHOLD, link, train
from jingwang.linkage.prepare import RAW_FIELDS, PersonRecord, prepare_many
from jingwang.linkage.synthetic import people

OUTPUT_FIELDS = ("record_id", "cluster_id", "match_probability")


def read_records(path: str | Path) -> list[PersonRecord]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = set(RAW_FIELDS) - set(reader.fieldnames or ())
        if missing:
            raise SystemExit(f"{path}: missing columns {', '.join(sorted(missing))}")
        return [
            PersonRecord(
                row["record_id"] or "",
                row["name"] or "",
                row["sex"] or "",
                row["birth_date"] or "",
                row["id_number"] or "",
                row["phone"] or "",
                row["address"] or "",
            )
            for row in reader
        ]


def link_records(
    records: Sequence[PersonRecord],
    *,
    model_path: str | None = None,
    threshold: float | None = None,
    threads: int | None = None,
    processes: int | None = None,
    log: TextIO | None = None,
) -> list[tuple[str, str, float]]:
    """(record_id, cluster_id, match_probability) per record, in input order.

    `threads` caps DuckDB's threads, `processes` the address-parsing processes (default: one per core).
    """

    started = time.perf_counter()
    prepared = prepare_many(records, processes=processes or os.cpu_count() or 1)
    prepared_at = time.perf_counter()
    if len(prepared) < 2:
        return [(r.record_id, r.record_id, 0.0) for r in prepared]
    result = link(prepared, load_model(model_path), threshold=threshold or DEFAULT_THRESHOLD, threads=threads)
    first: dict[int, str] = {}
    out = []
    for record, cluster, best in zip(prepared, result.cluster, result.best, strict=True):
        cluster_id = first.setdefault(cluster, record.record_id)
        out.append((record.record_id, cluster_id, best))
    if log is not None:
        print(
            f"{len(records):,} records, {result.pairs:,} pairs scored ({result.ruled_out:,} ruled out: "
            f"different valid ID numbers), {len(first):,} clusters; "
            f"prepare {prepared_at - started:.1f}s, " + ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items()),
            file=log,
        )
    return out


def write_output(path: str | Path, rows: Sequence[tuple[str, str, float]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(OUTPUT_FIELDS)
        writer.writerows((rid, cid, f"{p:.6f}") for rid, cid, p in rows)


def link_main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="jingwang link", description="Group the records of one person (Splink on DuckDB; no database needed)."
    )
    parser.add_argument("input", help="CSV: record_id,name,sex,birth_date,id_number,phone,address")
    parser.add_argument("--out", required=True, help="CSV written: record_id,cluster_id,match_probability")
    parser.add_argument("--threshold", type=float, default=None, help="link probability that joins records (0.5)")
    parser.add_argument("--model", default=None, help="a saved model (default: the shipped person model)")
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads (default: all cores)")
    parser.add_argument("--processes", type=int, default=None, help="address-parsing processes (default: cores)")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    records = read_records(args.input)
    rows = link_records(
        records,
        model_path=args.model,
        threshold=args.threshold,
        threads=args.threads,
        processes=args.processes,
        log=None if args.quiet else sys.stderr,
    )
    write_output(args.out, rows)
    return 0


def train_main(argv: Sequence[str]) -> int:

    parser = argparse.ArgumentParser(
        prog="jingwang link_train",
        description="Retrain the person-linkage model unsupervised (EM) on synthetic data and save it as JSON.",
    )
    parser.add_argument("--records", type=int, default=200_000, help="synthetic records to train on")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--input", default=None, help="train on this CSV instead of synthetic data")
    parser.add_argument("--out", default=str(DEFAULT_MODEL))
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    records = (
        read_records(args.input)
        if args.input
        else [PersonRecord.from_row(r) for r in people(args.records, seed=args.seed).rows]
    )
    model = train(prepare_many(records), seed=args.seed, threads=args.threads, log=lambda m: print(m, file=sys.stderr))
    model_from_dict(model)  # the saved file must load
    Path(args.out).write_text(json.dumps(model, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"model written to {args.out}", file=sys.stderr)
    return 0


COMMANDS = {"link": link_main, "link_train": train_main}
