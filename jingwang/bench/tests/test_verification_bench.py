"""The verification typo case runs end to end at a tiny scale and recovers every single typo.

(The HTTP cases start gunicorn against the bench database and need committed data, so they run
only in `jingwang bench`, not inside a test transaction.)"""

from __future__ import annotations

import json
import random
from io import StringIO

import pytest
from django.core.management import call_command

from jingwang.bench.cases.verification import make_typo
from jingwang.core.identity import check_id_number, synthetic_id_number


@pytest.mark.django_db
def test_typo_case_runs_and_recovers_every_single_typo() -> None:
    out = StringIO()
    call_command(
        "bench",
        "--json",
        "--case",
        "verification.typo",
        "--scale",
        "0.002",
        "--repeat",
        "2",
        "--use-current-db",
        stdout=out,
        stderr=StringIO(),
    )
    [result] = json.loads(out.getvalue())["results"]
    assert result["median"] > 0 and result["ratio"] > 0
    assert "= 100.00%" in result["notes"][0]


def test_bench_typos_are_single_typos_the_check_digit_catches() -> None:
    rng = random.Random(5)
    for _ in range(500):
        number = synthetic_id_number(rng=rng)
        typo = make_typo(number, rng)
        assert typo != number and len(typo) == 18
        assert sum(a != b for a, b in zip(typo, number, strict=True)) in (1, 2)
        assert not check_id_number(typo).valid
