"""Anti-fraud: 1,000 warnings posted within a minute are routed and visible to their officers
(issue 13: each in ≤ 5 s at the 99th percentile)."""

from __future__ import annotations

import random
import secrets

from django.db import transaction
from django.utils import timezone

from jingwang.accounts.models import User
from jingwang.accounts.services import user_create
from jingwang.antifraud import catalogue
from jingwang.antifraud.models import ContactDeadline, FraudType, Routing, Source, Warning
from jingwang.antifraud.services import WarningRow, warnings_receive
from jingwang.bench.cases.registry import COUNTY, district_grids
from jingwang.bench.harness import Case, Target, register
from jingwang.core import crypto, identity
from jingwang.core.access import forget_grants
from jingwang.registry.identifiers import PHONE_CONTEXT
from jingwang.registry.models import Person
from jingwang.territory.models import Node, NodeKind

FULL_WARNINGS = 1000
POSTS = 60  # one post a second for a minute


@register("antifraud.route", "1,000 warnings posted in a minute: each routed and visible to its officer (p99)")
class WarningRouteCase(Case):
    """Measured: one post of the centre's feed (1,000 warnings over 60 posts, back to back, i.e.
    faster than one a second): matched to the registry by phone (blind index), routed to the
    community officer of the person's grid with a dissuasion case opened through the engine,
    then read back through each officer's own scoped list. A warning's latency is its post's time
    from the start of the post to the last officer seeing it; one sample per post. Baseline: the
    same rows inserted bare (bulk_create of the warnings, no matching, no case)."""

    unit = "ms"
    repeats = POSTS
    quick_repeats = 10
    warmup = 1

    def setup(self) -> None:
        grids = district_grids(self.ctx)
        catalogue.restore(FraudType, ContactDeadline)
        districts = Node.objects.filter(kind=NodeKind.POLICE_DISTRICT, code__startswith=COUNTY)
        self.officers = {}
        for d in districts:
            name = f"bench_af_{d.code}"
            self.officers[d.pk] = User.objects.filter(username=name).first() or user_create(
                by=None, username=name, display_name=name, password=secrets.token_urlsafe(16),
                role="community_officer", scopes=[d],
            )  # fmt: skip
        self.size = self.ctx.size(FULL_WARNINGS, minimum=100)
        rng = random.Random(self.ctx.seed)
        self.phones = [f"1390{n:07d}" for n in range(self.size)]
        persons = []
        for n, phone in enumerate(self.phones):
            p = crypto.protect(phone, context=PHONE_CONTEXT, masked=identity.mask_phone(phone))
            persons.append(Person(grid=rng.choice(grids), name=f"预警对象{n}", phone_enc=p.enc,
                                  phone_index=p.index, phone_masked=p.masked))  # fmt: skip
        with transaction.atomic():
            Person.objects.bulk_create(persons, batch_size=1000)
        self.per_post = max(1, self.size // POSTS)
        self.calls = 0
        self.fraud = FraudType.objects.get(code="01")
        self.area = grids[0]
        self.target = Target("p99", 5.0, at_most=True, label="each warning visible to its officer ≤ 5 s (p99)")

    def _rows(self, i: int) -> list[WarningRow]:
        self.calls += 1
        start = (self.calls * self.per_post) % self.size
        phones = [self.phones[(start + k) % self.size] for k in range(self.per_post)]
        return [WarningRow(reference=f"BENCH-{self.calls}-{k}", risk="high", fraud_type="01", phone=ph)
                for k, ph in enumerate(phones)]  # fmt: skip

    def measured(self, i: int) -> int:
        rows = self._rows(i)
        got = warnings_receive(by=None, rows=rows, source=Source.CENTRE).warnings
        by_officer: dict[int, list[str]] = {}
        for w in got:
            assert w.routing == Routing.OFFICER and w.officer_id is not None, w.routing_reason
            by_officer.setdefault(w.officer_id, []).append(w.reference)
        officers = {u.pk: u for u in self.officers.values()}
        for pk, refs in by_officer.items():
            forget_grants(officers[pk])
            seen = Warning.objects.restrict(officers[pk], "view").filter(reference__in=refs).count()
            assert seen == len(refs), (seen, len(refs))
        return 1

    def baseline(self, i: int) -> int:
        rows = self._rows(i)
        Warning.objects.bulk_create(
            Warning(reference=r.reference, source=Source.CENTRE, risk=r.risk, fraud_type=self.fraud,
                    warned_at=timezone.now(), received_at=timezone.now(), area=self.area, routing=Routing.OFFICER)
            for r in rows
        )  # fmt: skip
        return 1
