"""On-the-spot verification at district scale: `POST /api/v1/verify/` served by the real WSGI app
under gunicorn against 1M residents and a 100k-entry watch list, with 20 concurrent clients; and the
share of single-typo ID numbers whose true person comes back.

The district and its residents are the registry cases' (`district_people`, seeded once per run).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.db import connection

from jingwang.bench.cases.registry import analyse, district_people
from jingwang.bench.harness import Case, Target, percentile, register
from jingwang.core import crypto, identity
from jingwang.registry.identifiers import ID_CONTEXT, id_index
from jingwang.registry.models import Person
from jingwang.verification import lookup
from jingwang.verification.models import WatchCategory, WatchEntry, WatchList

FULL_ENTRIES = 100_000
REGISTERED_SHARE = 0.1  # of the entries, the share that are registered residents (the rest: identifiers only)
CLIENTS = 20
SAMPLE = 2000


def watch_list(ctx: Any, officer: Any) -> WatchList:
    """A wanted-persons list of 100k entries (once per run): a tenth registered residents, the rest
    identifiers only, as an imported list would be."""
    found = WatchList.objects.filter(name="bench wanted").first()
    if found is not None:
        return found
    from jingwang.territory.models import Node

    station = Node.objects.get(kind="station", code="330106001")
    watchlist = WatchList.objects.create(
        name="bench wanted",
        category=WatchCategory.WANTED,
        legal_basis="bench",
        owner=officer,
        node=station,
        review_period_days=365,
    )
    size = ctx.size(FULL_ENTRIES, minimum=1000)
    registered = int(size * REGISTERED_SHARE)
    rng = random.Random(ctx.seed + 7)
    review = date.today() + timedelta(days=365)
    ctx.log(f"verification: writing a watch list of {size:,} entries")
    ids = list(Person.objects.order_by("?").values_list("id", flat=True)[:registered])
    rows = []
    for p in Person.objects.filter(pk__in=ids).only(
        "id", "name", "birth_date", "id_number_enc", "id_number_index", "id_number_masked"
    ):
        rows.append(
            WatchEntry(
                watchlist=watchlist,
                person_id=p.pk,
                name=p.name,
                birth_date=p.birth_date,
                id_number_enc=p.id_number_enc,
                id_number_index=p.id_number_index,
                id_number_masked=p.id_number_masked,
                instruction="跟踪并报告，不要惊动",
                sensitive_details="bench",
                review_date=review,
            )
        )
    seen: set[str] = set()
    while len(rows) < size:
        number = identity.synthetic_id_number(rng=rng)
        if number in seen:
            continue
        seen.add(number)
        sealed = crypto.protect(number, context=ID_CONTEXT, masked=identity.mask_id_number(number))
        rows.append(
            WatchEntry(
                watchlist=watchlist,
                name="在逃" + str(len(rows)),
                birth_date=date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                id_number_enc=sealed.enc,
                id_number_index=sealed.index,
                id_number_masked=sealed.masked,
                instruction="立即控制并报告",
                review_date=review,
            )
        )
    WatchEntry.objects.bulk_create(rows, batch_size=5000)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {WatchEntry._meta.db_table}")
    else:
        analyse()
    return watchlist


def sample_ids(ctx: Any, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    top = Person.objects.order_by("-id").values_list("id", flat=True).first() or 0
    picks = {rng.randrange(1, top + 1) for _ in range(count * 2)}
    tokens = list(Person.objects.filter(pk__in=picks, is_active=True).values_list("id_number_enc", flat=True))
    numbers = [crypto.decrypt(t, context=ID_CONTEXT) for t in tokens if t][:count]
    rng.shuffle(numbers)
    return numbers


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(str(s['NAME'])).resolve()}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@register("verification.check", "POST /api/v1/verify/ under gunicorn, 20 clients back to back (vs bare SQL look-up)")
class VerifyHttpCase(Case):
    """Measured: one POST /api/v1/verify/ by ID number over a keep-alive connection, while 19 other
    clients (a separate process) send the same requests; a sample is one request's round trip.
    Baseline: the same two look-ups as bare SQL on the bench's own connection, under the same load."""

    unit = "ms"
    repeats = 1000
    quick_repeats = 300
    warmup = 20
    think = 0.0  # seconds each background client waits between requests (0: closed loop)
    clients = CLIENTS
    workers = int(os.environ.get("JINGWANG_BENCH_WORKERS", "4"))

    def setup(self) -> None:
        from jingwang.accounts.services import token_issue

        grids, officer = district_people(self.ctx)
        self.size = Person.objects.filter(grid__in=[g.pk for g in grids]).count()
        self.watchlist = watch_list(self.ctx, officer)
        self.entries = WatchEntry.objects.filter(watchlist=self.watchlist).count()
        self.ids = sample_ids(self.ctx, SAMPLE, self.ctx.seed + 11)
        self.token, _expires = token_issue(user=officer)
        self.folder = tempfile.TemporaryDirectory(prefix="jingwang-bench-verify-")
        ids_file = Path(self.folder.name) / "ids.json"
        ids_file.write_text(json.dumps(self.ids))
        self.port = free_port()
        env = {**os.environ, "DATABASE_URL": database_url(), "JINGWANG_DB_CONN_MAX_AGE": "600"}
        self.ctx.log(f"verification: starting gunicorn ({self.workers} workers × 4 threads) on port {self.port}")
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jingwang",
                "serve",
                "--no-collectstatic",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.conn = self.wait_ready()
        self.out_file = Path(self.folder.name) / "load.json"
        self.load = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jingwang.bench.cases.httpload",
                "127.0.0.1",
                str(self.port),
                self.token,
                str(ids_file),
                str(self.clients - 1),
                str(self.think),
                str(self.out_file),
            ],
            env=env,
        )
        self.baseline_sql = self.compile_baseline()
        self.target = Target("p99", 0.050, at_most=True, label="p99 ≤ 50 ms (and p50 ≤ 10 ms)")
        self.started = time.perf_counter()
        self.finished = False

    def wait_ready(self) -> http.client.HTTPConnection:
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError("gunicorn exited")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.post(conn, self.ids[0])
                return conn
            except (OSError, http.client.HTTPException):
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def post(self, conn: http.client.HTTPConnection, number: str) -> dict[str, Any]:
        body = json.dumps({"id_number": number, "purpose": "bench"})
        conn.request(
            "POST",
            "/api/v1/verify/",
            body=body,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"verify answered {response.status}: {data[:200]!r}")
        return dict(json.loads(data))

    def compile_baseline(self) -> Any:
        today = date.today()

        def bare(number: str) -> None:
            index = id_index(number)
            persons = lookup.persons_by_indexes([index])
            lookup.entries_in_force(today=today, indexes=[index], person_ids=[p.id for p in persons])

        return bare

    def measured(self, i: int) -> int:
        self.post(self.conn, self.ids[i % len(self.ids)])
        self.finish_after(i, second=i % 2 == 1)
        return 1

    def baseline(self, i: int) -> int:
        self.baseline_sql(self.ids[i % len(self.ids)])
        self.finish_after(i, second=i % 2 == 0)
        return 1

    def finish_after(self, i: int, *, second: bool) -> None:
        """After the last timed call: stop the load and note what it did (the harness copies the
        notes before teardown runs)."""
        last = (self.ctx.repeat or (self.quick_repeats if self.ctx.quick else self.repeats)) - 1
        if i == last and second and not self.finished:
            self.finished = True
            self.stop_load()

    def stop_load(self) -> None:
        elapsed = time.perf_counter() - self.started
        self.load.send_signal(signal.SIGTERM)
        self.load.wait(60)
        load = json.loads(self.out_file.read_text()) if self.out_file.exists() else {}
        latencies = load.get("latencies_ms", [])
        if latencies:
            self.notes.append(
                f"the {self.clients - 1} other clients: {load['requests']:,} requests ({load['errors']} errors) in "
                f"{load['seconds']:.0f} s = {load['requests'] / load['seconds']:,.0f} checks/s; their p50 "
                f"{percentile(latencies, 0.5):.1f} ms, p99 {percentile(latencies, 0.99):.1f} ms"
            )
        hits = WatchEntry.objects.filter(watchlist=self.watchlist).count()
        self.notes.append(
            f"{self.size:,} residents, a watch list of {hits:,} entries ({REGISTERED_SHARE:.0%} registered); gunicorn "
            f"gthread {self.workers} workers × 4 threads; bearer token; {self.clients} client(s)"
            + (f", each waiting {self.think * 1000:.0f} ms between checks" if self.think else ", back to back")
            + f"; measured for {elapsed:.0f} s"
        )

    def teardown(self) -> None:
        if not self.finished:
            self.finished = True
            self.stop_load()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.server.pid, signal.SIGTERM)
        self.server.wait(60)
        self.conn.close()
        self.folder.cleanup()


@register("verification.check_paced", "POST /api/v1/verify/, 20 clients each checking once a second (vs bare SQL)")
class VerifyHttpPacedCase(VerifyHttpCase):
    """As verification.check, but each client waits a second between checks (20 checks/s offered
    in all, far more than a district's officers make), so requests overlap without queueing
    behind a saturated CPU; the measured client waits too (untimed)."""

    think = 1.0
    repeats = 300
    quick_repeats = 100
    warmup = 5

    def prepare(self, i: int, baseline: bool) -> None:
        if not baseline:
            time.sleep(self.think * random.random())  # arrive at any moment of the others' cycle


@register("verification.check_alone", "POST /api/v1/verify/ under gunicorn, one client alone (vs bare SQL)")
class VerifyHttpAloneCase(VerifyHttpCase):
    """As verification.check with no other client: the endpoint's own latency on this machine."""

    clients = 1
    repeats = 500
    quick_repeats = 200


TYPO_SAMPLE = 10_000


def make_typo(number: str, rng: random.Random) -> str:
    """One substitution (any of the 18 characters) or one adjacent transposition of unequal digits."""
    while True:
        if rng.random() < 0.5:
            i = rng.randrange(18)
            pool = "0123456789X" if i == 17 else "0123456789"
            typo = number[:i] + rng.choice([c for c in pool if c != number[i]]) + number[i + 1 :]
        else:
            i = rng.randrange(17)
            if number[i] == number[i + 1] or "X" in number[i : i + 2]:
                continue
            typo = number[:i] + number[i + 1] + number[i] + number[i + 2 :]
        if typo != number:
            return typo


@register("verification.typo", "look up 10k single-typo IDs by candidate variants (vs exact look-up of the true IDs)")
class TypoRecoveryCase(Case):
    """Setup (untimed) measures the share of single-typo IDs (one substitution or adjacent
    transposition) of seeded residents whose true person is among the candidates the endpoint
    returns. Measured: the candidate look-up for 500 typo'd IDs (variants, one indexed query each).
    Baseline: the exact blind-index look-up of the 500 true IDs."""

    unit = "ms"
    repeats = 20
    quick_repeats = 5
    warmup = 1
    batch = 500

    def setup(self) -> None:
        grids, _officer = district_people(self.ctx)
        self.size = Person.objects.filter(grid__in=[g.pk for g in grids]).count()
        rng = random.Random(self.ctx.seed + 13)
        self.truth = sample_ids(self.ctx, TYPO_SAMPLE, self.ctx.seed + 17)
        self.typos = [make_typo(n, rng) for n in self.truth]
        recovered = caught = candidates = 0
        for true, typo in zip(self.truth, self.typos, strict=True):
            if identity.check_id_number(typo).valid:
                continue  # MOD 11-2 let it through (never for these typos; counted as a failure)
            caught += 1
            rows = lookup.persons_by_indexes([id_index(v) for v in lookup.typo_variants(typo)])
            candidates += len(rows)
            recovered += id_index(true) in {r.id_number_index for r in rows}
        rate = recovered / len(self.typos)
        self.notes.append(
            f"true person recovered for {recovered:,} of {len(self.typos):,} single-typo IDs = {rate:.2%} "
            f"(target ≥ 99%: {'PASS' if rate >= 0.99 else 'MISS'}); check digit caught {caught:,}; "
            f"{candidates / max(caught, 1):.2f} registered candidates per typo on average; {self.size:,} residents"
        )
        self.target = None

    def measured(self, i: int) -> int:
        start = (i * self.batch) % len(self.typos)
        for typo in self.typos[start : start + self.batch]:
            lookup.persons_by_indexes([id_index(v) for v in lookup.typo_variants(typo)])
        return self.batch

    def baseline(self, i: int) -> int:
        start = (i * self.batch) % len(self.truth)
        for true in self.truth[start : start + self.batch]:
            lookup.persons_by_indexes([id_index(true)])
        return self.batch
