"""Batch linkage: the `jingwang link` contract and accuracy on the project's own noisy set."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from jingwang.linkage.command import link_records
from jingwang.linkage.pipeline import pairwise_scores
from jingwang.linkage.prepare import PersonRecord
from jingwang.linkage.synthetic import people

FIELDS = ("record_id", "name", "sex", "birth_date", "id_number", "phone", "address")


def test_synthetic_set_is_deterministic_with_about_ten_percent_duplicates() -> None:
    first, second = people(2_000, seed=5), people(2_000, seed=5)
    assert first.rows == second.rows and first.truth == second.truth
    assert len(set(first.truth)) == 1_800
    assert people(2_000, seed=6).rows != first.rows


def test_noisy_synthetic_set_links_with_pairwise_f1_of_at_least_098() -> None:
    data = people(10_000, seed=20_240_601)
    rows = link_records([PersonRecord.from_row(row) for row in data.rows], threads=1)
    scores = pairwise_scores([cluster for _, cluster, _ in rows], data.truth)
    assert scores["f1"] >= 0.98, scores


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)


def test_jingwang_link_runs_without_database_or_keys(tmp_path: Path) -> None:
    person = {"sex": "男", "id_number": "110105198503070018", "phone": "13812345678"}
    address = "江苏省南京市鼓楼区宁海路街道北京西路123号颐和花园3栋2单元502室"
    rows = [
        {"record_id": "a", "name": "张伟", "birth_date": "1985-03-07", "address": address, **person},
        {"record_id": "b", "name": "張偉", "birth_date": "19850307", "address": "", **person},
        {"record_id": "c", "name": "章伟", "birth_date": "1985/3/7", "address": address, **person, "phone": ""},
        {"record_id": "d", "name": "张伟", "birth_date": "1985年3月7日", "address": address, **person, "id_number": ""},
        {"record_id": "e", "name": "李秀英", "sex": "女", "birth_date": "1962-11-02", "id_number": "", "phone": "",
         "address": ""},
        {"record_id": "f", "name": "", "sex": "", "birth_date": "", "id_number": "", "phone": "", "address": ""},
    ]  # fmt: skip
    source, out = tmp_path / "in.csv", tmp_path / "out.csv"
    _write(source, rows)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JINGWANG_", "DJANGO_", "DATABASE_"))}
    env["JINGWANG_DATA_DIR"] = str(tmp_path / "no-data")  # no keys there either
    done = subprocess.run(
        [sys.executable, "-m", "jingwang", "link", str(source), "--out", str(out)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "no-data").exists()
    with open(out, newline="", encoding="utf-8") as handle:
        result = list(csv.DictReader(handle))
    assert list(result[0]) == ["record_id", "cluster_id", "match_probability"]
    assert [r["record_id"] for r in result] == ["a", "b", "c", "d", "e", "f"]
    clusters = {r["record_id"]: r["cluster_id"] for r in result}
    assert clusters["a"] == clusters["b"] == clusters["c"] == clusters["d"] == "a"
    assert clusters["e"] == "e" and clusters["f"] == "f"
    probability = {r["record_id"]: float(r["match_probability"]) for r in result}
    assert all(probability[k] > 0.5 for k in "abcd")
    assert probability["e"] == probability["f"] == 0.0
