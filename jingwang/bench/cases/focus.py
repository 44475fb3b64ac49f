"""Focus-person cases: the focus ledger's first page (关注人员台账) at 50,000 active focus persons,
for a community officer (one police district: about 1% of the listings) and for a bureau commander
(all of them).

The listings are bulk-loaded once per database onto the registry cases' residents (`district_people`,
1,000,000 at full size), one listing per person, spread over the district's 1,000 grids (the
person's own grid), over the seeded categories and each category's tiers, listed over two years.
Measured: what the ledger page's view (`focus.views.ListingListView`, GET /focus/) runs before it
renders, called step by step on the view's own methods with a `RequestFactory` request and the
viewer set on it, as the middleware would: a fresh scope (grants are read per request), the scoped
queryset (`listing_list`) through `ListingFilterSet`, newest first, Django's paginator (a count and a
page of 50 with person, category, officer and grid joined), the rows, the audit event of the
sensitive read and the export check. The template's rendering is not in the figures; the setup
times the whole view, rendered, and notes it. Baseline: the bare SQL of the same first page over the
same grid ids, written by hand: the count, then the 50 rows with the person's name and the
category's name joined (no scope subquery, no audit).
"""

from __future__ import annotations

import random
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.test import RequestFactory, override_settings
from django.utils import timezone

from jingwang.bench.cases.disputes import COMMANDER, _user
from jingwang.bench.cases.registry import COUNTY, analyse, district_people
from jingwang.bench.harness import Case, Target, percentile, register
from jingwang.core.access import forget_grants
from jingwang.territory.models import Node, NodeKind

FULL_LISTINGS = 50_000
BATCH = 5_000
PAGE = 50  # the page's paginate_by
RENDERS = 30


def load_listings(person_grids: list[tuple[int, int]], seed: int, by: Any) -> int:
    """Bulk-load one active listing per (person, grid), COPY on PostgreSQL and executemany on
    SQLite (the registry's bulk writer), one transaction per batch; returns how many."""
    from jingwang.focus.models import TIERS, Category, Listing, ListingState
    from jingwang.registry.imports.bulk import allocate_ids, insert_rows, model_row

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate(now)
    categories = list(Category.objects.filter(is_active=True).order_by("id"))
    done = 0
    while done < len(person_grids):
        chunk = person_grids[done : done + BATCH]
        with transaction.atomic():
            ids = allocate_ids(Listing, len(chunk))
            rows = []
            for k, (person_id, grid_id) in enumerate(chunk):
                category = categories[(done + k) % len(categories)]
                listed = now - timedelta(seconds=rng.randrange(2 * 365 * 86400))
                rows.append(model_row(Listing, {
                    "id": ids[k], "person_id": person_id, "category_id": category.pk, "grid_id": grid_id,
                    "legal_basis": "基准数据", "tier": rng.choice(TIERS[category.tier_scale])[0],
                    "officer_id": by.pk, "grid_worker_id": None, "since": None,
                    "review_date": today + timedelta(days=rng.randrange(30, 365)), "state": ListingState.ACTIVE,
                    "listed_by_id": by.pk, "listed_at": listed, "approved_by_id": by.pk, "approved_at": listed,
                    "delisted_by_id": None, "ended_at": None,
                }))  # fmt: skip
            insert_rows(Listing, rows)
        done += len(chunk)
    return done


def district_listings(ctx: Any) -> tuple[list[Node], Any, Any]:
    """The district's residents with their focus listings (loaded once per database), the officer
    of its first police district (responsible for every listing) and the bureau's commander."""
    from jingwang.focus.models import Listing
    from jingwang.registry.models import Person

    grids, officer = district_people(ctx)
    commander = _user(COMMANDER, "bureau_commander", Node.objects.get(kind=NodeKind.BUREAU, code=COUNTY))
    size = ctx.size(FULL_LISTINGS, minimum=200)
    grid_ids = [g.pk for g in grids]
    present = Listing.objects.filter(grid__in=grid_ids).count()
    if present < size:
        listed = set(Listing.objects.values_list("person_id", flat=True))
        people = [
            (pk, grid)
            for pk, grid in Person.objects.filter(grid__in=grid_ids, is_active=True).values_list("id", "grid_id")
            if pk not in listed
        ]
        rng = random.Random(ctx.seed + 23)
        chosen = sorted(rng.sample(people, size - present))
        ctx.log(f"focus: loading {len(chosen):,} focus listings")
        start = time.perf_counter()
        load_listings(chosen, ctx.seed + 29, officer)
        ctx.log(f"focus: loaded in {time.perf_counter() - start:.1f} s")
        analyse(Listing)
    return grids, officer, commander


def _request(viewer: Any) -> Any:
    request = RequestFactory().get("/focus/")
    request.user = viewer
    request.session = {}  # type: ignore[assignment]
    request._messages = _NoMessages()  # type: ignore[attr-defined]
    return request


def ledger_first_page(viewer: Any) -> list[Any]:
    """What the ledger page's view runs for GET /focus/ before it renders: its own FilterSet over its
    scoped queryset, the paginator's count and first page, the rows, the audit of the sensitive read
    and the export check (`ObjectListView.get`, step by step on the view's own methods)."""
    from jingwang.core.access import has_permission
    from jingwang.focus.views import ListingListView
    from jingwang.web.generic import paginate

    forget_grants(viewer)
    request = _request(viewer)
    view = ListingListView()
    view.setup(request)
    filters = view.filterset()
    page = paginate(request, filters.qs, view.paginate_by)
    rows = list(view.rows(page))
    view.audit(query=view.audit_query(), count=len(rows))
    has_permission(viewer, view.model, "export")
    return rows


def ledger_page(viewer: Any) -> Any:
    """GET /focus/ as the viewer: the ledger page's view, unfiltered, first page (rendered)."""
    from jingwang.focus.views import ListingListView

    forget_grants(viewer)
    response = ListingListView.as_view()(_request(viewer))
    if response.status_code != 200:
        raise AssertionError(f"the ledger page answered {response.status_code}")
    return response


def unhashed_static() -> override_settings | None:
    """Where no `collectstatic` ran, the manifest storage cannot name the page's static files: the
    plain storage stands in (a URL join instead of a dict look-up and a URL join)."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    try:
        staticfiles_storage.url("web/favicon.svg")
        return None
    except ValueError:
        plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        override = override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain})
        override.enable()
        return override


class _NoMessages(list[Any]):
    """The messages storage the middleware would attach (nothing queued)."""

    level = 20
    used = False

    def add(self, level: int, message: Any, extra_tags: str = "") -> None:
        self.append(message)


class FocusLedgerCase(Case):
    unit = "ms"
    repeats = 500
    quick_repeats = 150
    warmup = 20
    commander = False

    def setup(self) -> None:
        from jingwang.focus.models import Listing
        from jingwang.focus.selectors import listing_list

        grids, officer, commander = district_listings(self.ctx)
        self.static = unhashed_static()
        self.viewer = commander if self.commander else officer
        self.size = Listing.objects.filter(grid__in=[g.pk for g in grids]).count()
        scoped = Listing.objects.restrict(self.viewer, "view")
        self.scope_grids = sorted(set(scoped.order_by().values_list("grid_id", flat=True)))
        self.marks = ", ".join(["%s"] * len(self.scope_grids))
        self.scoped = scoped.count()
        page = [x.pk for x in ledger_first_page(self.viewer)]
        count, rows = self.page_sql()
        if page != [row[0] for row in rows] or count != self.scoped or len(page) != min(PAGE, self.scoped):
            raise AssertionError("ORM and SQL pages differ")
        html = ledger_page(self.viewer).content.decode()
        shown = sum(1 for row in rows if row[1] in html)
        if shown != len(rows):
            raise AssertionError(f"the rendered page shows {shown} of its {len(rows)} names")
        renders = []
        for _ in range(RENDERS):
            start = time.perf_counter()
            ledger_page(self.viewer)
            renders.append(time.perf_counter() - start)
        self.target = Target("p95", 0.100, at_most=True, label="p95 ≤ 100 ms")
        self.notes.append(
            f"{self.size:,} active focus persons; the viewer sees {self.scoped:,} in {len(self.scope_grids)} grids; "
            f"not timed here: the whole view with its template, {len(html):,} bytes, median "
            f"{percentile(renders, 0.5) * 1000:.1f} ms, max {max(renders) * 1000:.1f} ms over {RENDERS} calls in setup"
            + ("; static URLs unhashed (no collectstatic where the bench runs)" if self.static else "")
        )
        ids = listing_list(viewer=self.viewer).values_list("pk", flat=True)[:PAGE]
        the_plan = " | ".join(line.strip() for line in ids.explain().splitlines())
        self.notes.append(f"plan of the page's ids: {the_plan[:600]}")

    def page_sql(self) -> tuple[int, list[tuple[Any, ...]]]:
        from jingwang.focus.models import Category, Listing
        from jingwang.registry.models import Person

        listing, person, category = Listing._meta.db_table, Person._meta.db_table, Category._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {listing} WHERE grid_id IN ({self.marks})", self.scope_grids)
            count = int(cursor.fetchone()[0])
            cursor.execute(
                f"SELECT l.id, p.name, c.name, l.tier, l.state, l.officer_id, l.review_date FROM {listing} l "
                f"JOIN {person} p ON p.id = l.person_id JOIN {category} c ON c.id = l.category_id "
                f"WHERE l.grid_id IN ({self.marks}) ORDER BY l.listed_at DESC, l.id DESC LIMIT {PAGE}",
                self.scope_grids,
            )
            return count, cursor.fetchall()

    def measured(self, i: int) -> int:
        ledger_first_page(self.viewer)
        return 1

    def baseline(self, i: int) -> int:
        self.page_sql()
        return 1

    def teardown(self) -> None:
        if self.static is not None:
            self.static.disable()


@register("focus.ledger", "the focus ledger's first page for a community officer at 50k focus persons (vs bare SQL)")
class OfficerFocusLedgerCase(FocusLedgerCase):
    commander = False


@register("focus.ledger_bureau", "the focus ledger's first page for a bureau commander (all 50k focus persons)")
class BureauFocusLedgerCase(FocusLedgerCase):
    commander = True
