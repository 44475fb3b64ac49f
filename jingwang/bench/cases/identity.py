"""identity.idcheck: resident ID numbers checked per second, against python-stdnum's validator."""

from __future__ import annotations

import random

from stdnum.cn import ric

from jingwang.bench.harness import Case, Target, register
from jingwang.core.identity import check_id_number, region_table, synthetic_id_number

FULL_IDS = 100_000
TYPO_SHARE = 0.1
TARGET_RATE = 40_000.0


def stdnum_is_valid(number: str) -> bool:
    """stdnum 2.2 raises KeyError (not a validation error) for some area codes it knows only by
    province, such as Hangzhou's 330113 and 330114 (2021)."""
    try:
        return ric.is_valid(number)
    except KeyError:
        return False


def with_typo(number: str, rng: random.Random) -> str:
    """One of the first 17 digits replaced by another: always caught by the check digit."""
    i = rng.randrange(17)
    digit = rng.choice([d for d in "0123456789" if d != number[i]])
    return number[:i] + digit + number[i + 1 :]


@register("identity.idcheck", "check_id_number over synthetic ID numbers (10% with a typo) vs stdnum ric.is_valid")
class IdCheckCase(Case):
    unit = "ops/s"
    repeats = 10
    quick_repeats = 3

    def setup(self) -> None:
        self.size = self.ctx.size(FULL_IDS, minimum=100)
        rng = random.Random(self.ctx.seed)
        numbers = [synthetic_id_number(rng=rng) for _ in range(self.size)]
        typos = set(rng.sample(range(self.size), round(self.size * TYPO_SHARE)))
        self.numbers = [with_typo(n, rng) if i in typos else n for i, n in enumerate(numbers)]
        region_table()  # built once per process, on first use: not part of the timing
        ours = sum(check_id_number(n).valid for n in self.numbers)
        theirs = sum(stdnum_is_valid(n) for n in self.numbers)
        if ours != self.size - len(typos):
            raise AssertionError(f"{ours} of {self.size} valid, expected {self.size - len(typos)}")
        self.target = Target("rate", TARGET_RATE, at_most=False, label=f"≥ {TARGET_RATE:,.0f}/s")
        self.notes.append(
            f"{self.size:,} numbers a repeat, {len(typos):,} with a one-digit typo; valid: check_id_number "
            f"{ours:,}, stdnum {theirs:,} (stdnum also refuses an area code created after the birth year)"
        )

    def measured(self, i: int) -> int:
        check = check_id_number
        for number in self.numbers:
            check(number)
        return len(self.numbers)

    def baseline(self, i: int) -> int:
        is_valid = stdnum_is_valid
        for number in self.numbers:
            is_valid(number)
        return len(self.numbers)
