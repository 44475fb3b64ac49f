"""The portal's read pages under load: the tip status page (by tracking code) and the Open311
services list, served by the real WSGI app under gunicorn, with CLIENTS concurrent keep-alive
clients in a separate process (`portalload`).

A sample is one load period of SECONDS; its time per request is SECONDS over the requests all the
clients completed (so the harness's rate is requests per second). The baseline is the same reads as
bare ORM queries on the bench's own connection, one after the other, for one second."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from jingwang.bench.cases.verification import database_url, free_port
from jingwang.bench.harness import Case, Target, percentile, register

TIPS = 1000
CLIENTS = 8
SECONDS = 10.0
SERVE = [sys.executable, "-m", "jingwang", "serve", "--host", "127.0.0.1"]  # the pages need the static manifest
LOAD = [sys.executable, "-m", "jingwang.bench.cases.portalload", "127.0.0.1"]


@register("tips.portal_reads", "Portal reads (tip status by code, Open311 services) under gunicorn: requests/s")
class PortalReadsCase(Case):
    unit = "ms"
    repeats = 5
    quick_repeats = 2
    warmup = 1
    workers = int(os.environ.get("JINGWANG_BENCH_WORKERS", "2"))

    def setup(self) -> None:
        from jingwang.territory.models import Node, NodeKind
        from jingwang.testing import build_world
        from jingwang.tips.catalogue import seed_categories
        from jingwang.tips.models import Category, Tip
        from jingwang.tips.services import tip_submit

        if not Node.objects.filter(kind=NodeKind.GRID).exists():
            build_world()
        seed_categories(Category)
        community = Node.objects.filter(kind=NodeKind.COMMUNITY).order_by("code").first()
        size = self.ctx.size(TIPS, minimum=50)
        self.size = size
        self.folder = tempfile.TemporaryDirectory(prefix="jingwang-bench-portal-")
        codes_file = Path(self.folder.name) / "codes.json"
        codes: list[str] = []
        categories = list(Category.objects.all())
        self.ctx.log(f"tips: submitting {size:,} tips")
        for n in range(size):
            done = tip_submit(
                category=categories[n % len(categories)],
                description=f"压测线索 {n}：小区门口有人深夜喧哗",
                address_text=f"宁海路{n}号",
                community=community,
            )
            codes.append(done.code)
        codes_file.write_text(json.dumps(codes))
        self.codes = codes
        self.codes_file = codes_file
        self.tip_model, self.category_model = Tip, Category
        self.port = free_port()
        env = {**os.environ, "DATABASE_URL": database_url(), "JINGWANG_DB_CONN_MAX_AGE": "600"}
        env |= {"JINGWANG_REQUIRE_MFA": "0", "JINGWANG_SECURE_COOKIES": "0"}
        self.env = env
        self.ctx.log(f"tips: starting gunicorn ({self.workers} workers × 4 threads) on port {self.port}")
        self.server = subprocess.Popen(
            [*SERVE, "--port", str(self.port), "--workers", str(self.workers), "--worker", "no"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.wait_ready()
        self.target = Target("rate", 200.0, at_most=False, label="≥ 200 requests/s")
        self.loads: list[dict[str, Any]] = []

    def wait_ready(self) -> None:
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError("gunicorn exited")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                conn.request("GET", "/open311/v2/services.json")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except (OSError, http.client.HTTPException):
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not answer within 90 s")

    def measured(self, i: int) -> int:
        out = Path(self.folder.name) / f"load{i}.json"
        subprocess.run(
            [*LOAD, str(self.port), str(self.codes_file), str(CLIENTS), str(SECONDS), str(out)],
            env=self.env,
            check=True,
        )
        load = json.loads(out.read_text())
        if i >= 0:
            self.loads.append(load)
        if i == (self.ctx.repeat or (self.quick_repeats if self.ctx.quick else self.repeats)) - 1:
            self.note_load()  # the harness copies the notes before teardown
        return max(int(load["requests"]), 1)

    def baseline(self, i: int) -> int:
        from jingwang.tips.services import code_index

        ops, deadline, n = 0, time.perf_counter() + 1.0, i * 37
        while time.perf_counter() < deadline:
            if ops % 2:
                list(self.category_model.objects.filter(is_active=True).values("code", "name", "description"))
            else:
                code = self.codes[n % len(self.codes)]
                self.tip_model.objects.select_related("category").filter(code_index=code_index(code)).first()
                n += 1
            ops += 1
        return ops

    def note_load(self) -> None:
        if self.loads:
            requests = sum(int(x["requests"]) for x in self.loads)
            errors = sum(int(x["errors"]) for x in self.loads)
            latencies = [v for x in self.loads for v in x["latencies_ms"]]
            self.notes.append(
                f"{len(self.loads)} periods of {SECONDS:.0f} s, {CLIENTS} keep-alive clients: {requests:,} requests "
                f"({errors} errors{self.first_error()}); per request p50 {percentile(latencies, 0.5):.1f} ms, p95 "
                f"{percentile(latencies, 0.95):.1f} ms; {self.size:,} tips; gunicorn gthread {self.workers} workers "
                "× 4 threads; the load generator shares the machine's 2 cores"
            )

    def first_error(self) -> str:
        first = next((str(x.get("first_error", ""))[:120] for x in self.loads if x.get("first_error")), "")
        return f"; the first: {first}" if first else ""

    def teardown(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.server.pid, signal.SIGTERM)
        self.server.wait(60)
        self.folder.cleanup()
