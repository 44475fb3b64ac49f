"""Benchmark cases; each module registers its cases with `jingwang.bench.harness.register`."""
