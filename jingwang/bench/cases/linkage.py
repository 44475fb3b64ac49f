"""linkage: dedupe of synthetic person records (10% duplicates with realistic noise) with the shipped
Splink model and Chinese preparation, against Splink with default settings on the raw columns."""

from __future__ import annotations

import io
import os
import time

from jingwang.bench.harness import Case, Target, register

FULL_RECORDS = 1_000_000
TARGET_SECONDS = 300.0
TARGET_F1 = 0.99


@register("linkage", "jingwang link (prepare + Splink predict + clusters) vs Splink defaults on raw columns")
class LinkageCase(Case):
    unit = "s"
    repeats = 1
    quick_repeats = 1
    warmup = 0

    def setup(self) -> None:
        from jingwang.linkage.prepare import PersonRecord
        from jingwang.linkage.synthetic import people

        self.size = self.ctx.size(FULL_RECORDS, minimum=1_000)
        data = people(self.size, seed=self.ctx.seed)
        self.truth = data.truth
        self.records = [PersonRecord.from_row(row) for row in data.rows]
        self.threads = int(os.environ.get("JINGWANG_LINK_THREADS", "0")) or None
        self.target = Target("seconds", TARGET_SECONDS, at_most=True, label=f"≤ {TARGET_SECONDS:.0f} s, F1 ≥ 0.99")
        self.load = f"{os.getloadavg()[0]:.1f}"
        self.ctx.log(f"linkage: {self.size:,} records, {data.true_pairs():,} true pairs")

    def prepare(self, i: int, baseline: bool) -> None:
        self.load = f"{os.getloadavg()[0]:.1f}"

    def measured(self, i: int) -> int:
        from jingwang.linkage.command import link_records
        from jingwang.linkage.pipeline import pairwise_scores

        log = io.StringIO()
        cpu = time.process_time()
        rows = link_records(self.records, threads=self.threads, log=log)
        cpu = time.process_time() - cpu
        scores = pairwise_scores([cluster for _, cluster, _ in rows], self.truth)
        self.notes.append(
            f"ours: F1 {scores['f1']:.4f} (precision {scores['precision']:.4f}, recall {scores['recall']:.4f}; "
            f"{'PASS' if scores['f1'] >= TARGET_F1 else 'MISS'} against F1 ≥ {TARGET_F1}); {log.getvalue().strip()}; "
            f"CPU of this process {cpu:.0f}s (address-parsing workers not counted); load average before "
            f"{self.load}, after {os.getloadavg()[0]:.1f}"
        )
        return 1

    def baseline(self, i: int) -> int:
        from jingwang.linkage.baseline import link_baseline
        from jingwang.linkage.pipeline import pairwise_scores

        result = link_baseline(self.records, threads=self.threads)
        scores = pairwise_scores(result.cluster, self.truth)
        timings = ", ".join(f"{k} {v:.1f}s" for k, v in result.timings.items())
        self.notes.append(
            f"Splink defaults, raw columns, trained on the input: F1 {scores['f1']:.4f} "
            f"(precision {scores['precision']:.4f}, recall {scores['recall']:.4f}); {timings}"
        )
        return 1
