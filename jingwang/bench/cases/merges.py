"""Duplicate matching of one resident at district scale: what the `registry.match_person` job reads
and computes for one person (its record, the indexed candidate look-ups, the linkage scores), over
the registry cases' million residents, against the bare blind-index look-up of its ID number."""

from __future__ import annotations

import random
from typing import Any

from jingwang.bench.cases.registry import RegistryReadCase
from jingwang.bench.harness import Target, register
from jingwang.registry.merges.matching import current_addresses, find_matches, person_record
from jingwang.registry.merges.services import suggest_threshold
from jingwang.registry.models import Person


@register(
    "registry.match_person",
    "match one resident against the registry (ID, ID one typo away, pinyin + birth date, phone; scored) "
    "vs bare SQL on the ID blind index",
)
class MatchPersonCase(RegistryReadCase):
    repeats = 500
    quick_repeats = 100
    warmup = 10

    def setup(self) -> None:
        super().setup()
        rng = random.Random(self.ctx.seed + 11)
        ids = list(Person.objects.filter(grid_id__in=self.scope_grids, is_active=True).values_list("id", flat=True))
        self.ids = rng.sample(ids, min(2000, len(ids)))
        self.found = 0
        self.target = Target("p99", 0.100, at_most=True, label="p99 ≤ 100 ms")
        self.notes.append(f"{self.size:,} residents; a random resident per call; the writes of the job excluded")

    def match(self, pk: int) -> list[Any]:
        person = Person.objects.get(pk=pk)
        record = person_record(person, address=current_addresses([pk]).get(pk, ""))
        return find_matches(record, threshold=suggest_threshold(), exclude=[pk])

    def measured(self, i: int) -> int:
        self.found += len(self.match(self.ids[i % len(self.ids)]))
        return 1

    def baseline(self, i: int) -> int:
        index = Person.objects.filter(pk=self.ids[i % len(self.ids)]).values_list("id_number_index", flat=True)[0]
        self.sql("id_number_index = %s AND is_active = %s", [index, True])
        return 1
