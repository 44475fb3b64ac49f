"""The masking crawl (SECURITY 18, 31): as a community officer and as a grid worker, over a world
holding every kind of record with ID and phone numbers in it, every GET route of the API (walked
from the URL resolver, with the ids of in-scope records) and every page reachable from the
navigation (following the links and htmx/map addresses of each page) answer without a full ID
number or mobile number. Only the answer of an explicit reveal (a POST, with a purpose) may hold one.

File downloads (a dispute's signed agreement, the files kept with a case) are documents people uploaded,
served as attachments in their own sandbox; they are not crawled."""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from datetime import date
from html import unescape
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from rest_framework.test import APIClient

from jingwang.core.identity import check_id_number, synthetic_id_number
from jingwang.testing import PASSWORD, World, sign_in

pytestmark = pytest.mark.django_db

A1, A2, B1 = "grid:320106001001001", "grid:320106001001002", "grid:320106001002001"
CRAWLERS = ["officer_a", "grid_a1"]
# Query parameters a GET route needs to answer at all.
PARAMS = {
    "/api/v1/addresses/match/": {"text": "宁海路5号2栋1单元302室"},
    "/api/v1/territory/nodes/locate/": {"lon": "118.75", "lat": "32.05"},
    "/api/v1/persons/export/": {"as": "csv"},
    "/api/v1/disputes/export/": {"as": "xlsx"},
}
DOCUMENT_KWARGS = {"session_id", "attachment_id"}  # file downloads (see the module docstring)
PER_ROUTE = 10  # records of one kind (or instances of one page route) to open, at most
SKIP_PAGES = ("/accounts/logout/", "/i18n/", "/static/")

ID_LIKE = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
LINKS = re.compile(r'(?:href|hx-get|data-[a-z-]+-url)="(/[^"]*)"')


def full_numbers(body: str) -> set[str]:
    """Every valid 18-character ID number and every mobile number in a body."""
    ids = {m for m in ID_LIKE.findall(body) if check_id_number(m).valid}
    return ids | set(MOBILE.findall(body))


# --- the world ----------------------------------------------------------------------------------


def _id(seq: int, birth: date = date(1985, 3, 7)) -> str:
    return synthetic_id_number(region="320106", birth=birth, seq=seq)


def seed(world: World) -> set[str]:
    """Persons, houses, units, collections (pending, accepted, a unit's), history, a duplicate pair
    and a merge, disputes with parties, a work order, watch lists with entries, checks with a hit
    and its notification, a re-screening round, staff mobiles. Returns every full number used."""
    from jingwang.casework.catalogue import department_save, department_set_members
    from jingwang.disputes.services import flow, intake, screening
    from jingwang.registry.merges import services as merges
    from jingwang.registry.services import collections, persons, places
    from jingwang.verification.services import watchlists
    from jingwang.verification.services.checks import verify_check
    from jingwang.workorders.services import workorder_raise

    officer, grid_worker, node = world.officer_a, world.grid_a1, world.node
    address = "南京市鼓楼区宁海路街道宁海路5号2栋1单元302室"
    numbers = {_id(n) for n in (11, 13, 15, 17, 19, 21, 23, 25, 27, 29)}
    numbers |= {f"13{n}12345678" for n in range(8)} | {"17000000001", "17000000002"}

    a = persons.person_create(
        by=officer, grid=node(A1), data={"name": "甲居民", "id_number": _id(11), "phone": "13012345678"}
    )
    persons.person_update(by=officer, person_id=a.pk, expected_version=None, data={"phone": "13112345678"})
    for grid, name, seq, phone in ((A2, "乙二居民", 13, "13212345678"), (B1, "他区居民", 15, "13312345678")):
        persons.person_create(by=None, grid=node(grid), data={"name": name, "id_number": _id(seq), "phone": phone})
    twin_a = persons.person_create(by=officer, grid=node(A1), data={"name": "王建国", "id_number": _id(17)})
    twin_b = persons.person_create(by=officer, grid=node(A1), data={"name": "王建國", "id_number": _id(19)})
    merges._suggest(twin_a.pk, twin_b.pk, 0.93, 9.5, [{"field": "name", "level": "exact", "weight": 7.1}], False)
    dup_a = persons.person_create(by=officer, grid=node(A1), data={"name": "赵重复", "id_number": _id(21)})
    dup_b = persons.person_create(by=officer, grid=node(A1), data={"name": "趙重复", "id_number": _id(21)})
    pair, _ = merges._suggest(dup_a.pk, dup_b.pk, 0.99, 12.0, [], True)
    merges.merge_persons(by=officer, suggestion_id=pair.pk, survivor_id=dup_a.pk)

    person = {"name": "新居民", "address": address, "id_number": _id(23), "phone": "13412345678"}
    collections.collection_submit(by=grid_worker, kind="person", payload=person, grid=node(A1))
    accepted = collections.collection_submit(
        by=grid_worker, kind="person", payload={**person, "id_number": _id(25), "phone": "13512345678"}, grid=node(A1)
    )
    collections.collection_decide(by=officer, collection_id=accepted.pk, accept=True)
    unit = {"name": "甲公司", "address": address, "security_contact": "钱保卫", "security_contact_phone": "13612345678"}
    collections.collection_submit(by=grid_worker, kind="unit", payload=unit, grid=node(A1))
    unit_fields = {k: v for k, v in unit.items() if k != "address"}
    places.unit_create(by=officer, data={**unit_fields, "name": "乙公司"}, address=None, grid=node(A1))

    dispute = intake.dispute_report(
        by=grid_worker,
        data={"title": "楼上漏水纠纷", "summary": "楼上住户漏水。", "kind": "neighbours"},
        source="grid",
        grid=node(A1),
        parties=[
            intake.PartyIn(role="applicant", name="王芳", phone="13712345678"),
            intake.PartyIn(role="respondent", person_id=a.pk),
        ],
    )
    flow.dispute_accept(by=officer, dispute_id=dispute.pk)
    screening.screening_generate()

    department = department_save(
        by=None, department_id=None, expected_version=None, data={"name": "城管局", "phone": "025-83201234"}
    )
    department_set_members(by=None, department_id=department.pk, members=[world.dept])
    workorder_raise(by=grid_worker, grid=node(A1), department=department, title="井盖缺失", description="宁海路5号")

    district = node("police_district:320106001001")
    watchlist = watchlists.watchlist_create(
        by=officer, name="重点关注", category="focus", legal_basis="《人民警察法》", node=district
    )
    watchlists.entry_add(by=officer, watchlist_id=watchlist.pk, person_id=a.pk, instruction="发现后报告")
    watchlists.entry_add(
        by=officer, watchlist_id=watchlist.pk, id_number=_id(27), name="外来人员", instruction="发现后报告"
    )
    verify_check(actor=world.aux_a, id_number=_id(11), purpose="巡逻盘查")  # a hit: the officer is told
    verify_check(actor=officer, id_number=_id(29), purpose="巡逻盘查")
    for user, mobile in ((officer, "17000000001"), (grid_worker, "17000000002")):
        user.set_mobile(mobile)
        user.save(update_fields=["mobile", "mobile_masked"])
    return numbers


# --- the crawl ----------------------------------------------------------------------------------


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _routes(p.url_patterns, prefix + str(p.pattern))
        else:
            yield prefix + str(p.pattern), p


def _answers_get(pattern: URLPattern) -> bool:
    actions = getattr(pattern.callback, "actions", None)
    if actions is not None:
        return "get" in actions
    view = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
    return view is None or hasattr(view, "get")


def _fill(route: str, values: dict[str, str]) -> str:
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values[m.group(1)], route)
    return "/" + route.replace("^", "").replace("$", "")


def api_urls(client: APIClient, user: Any) -> Iterator[str]:
    """Every GET route under /api/v1/ with its in-scope ids: those its list answers, else those the
    viewer's scope holds."""
    for route, pattern in _routes(get_resolver().url_patterns):
        if not route.startswith("api/v1/") or not _answers_get(pattern):
            continue
        kwargs = set(pattern.pattern.regex.groupindex)
        if not kwargs:
            yield _fill(route, {})
            continue
        if kwargs & DOCUMENT_KWARGS or kwargs != {"pk"}:
            continue
        listing = client.get(_fill(route.split("(?P<pk>")[0] + "$", {}), {"page_size": PER_ROUTE})
        ids = [str(r["id"]) for r in listing.json().get("results", [])] if listing.status_code == 200 else []
        if not ids:
            model = getattr(getattr(pattern.callback, "cls", None), "model", None)
            if model is not None:
                ids = [str(pk) for pk in model.objects.restrict(user, "view").values_list("pk", flat=True)[:PER_ROUTE]]
        for pk in ids:
            yield _fill(route, {"pk": pk})


def crawl_api(world: World, name: str) -> dict[str, str]:
    client = APIClient()
    client.force_authenticate(world.users[name])
    client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)  # exports answer too
    bodies = {}
    for url in api_urls(client, world.users[name]):
        response = client.get(url, PARAMS.get(url, {}))
        assert response.status_code < 500, (url, response.status_code)
        bodies[url] = _text(_content(response), response.get("Content-Type", ""))
    return bodies


def _content(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)


def _text(content: bytes, content_type: str) -> str:
    if "spreadsheetml" in content_type:
        import io

        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content)).active
        return "\n".join(",".join(str(v) for v in row) for row in sheet.iter_rows(values_only=True))  # type: ignore[union-attr]
    return content.decode("utf-8", errors="replace")


def crawl_pages(world: World, name: str) -> dict[str, str]:
    from jingwang.web.navigation import menu_for

    client = sign_in(Client(), world.users[name])
    queue = deque(["/", *(item["url"] for item in menu_for(world.users[name]))])
    seen: set[str] = set()
    per_route: dict[str, int] = {}
    bodies = {}
    while queue:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP_PAGES):
            continue
        seen.add(url)
        try:
            match = resolve(urlsplit(url).path)
        except Resolver404:
            continue
        if set(match.kwargs) & DOCUMENT_KWARGS or match.route.startswith("api/v1/"):
            continue
        per_route[match.route] = per_route.get(match.route, 0) + 1
        if per_route[match.route] > PER_ROUTE:
            continue
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        body = _text(_content(response), response.get("Content-Type", ""))
        bodies[url] = body
        if "text/html" in response.get("Content-Type", ""):
            queue.extend(urldefrag(unescape(link))[0] for link in LINKS.findall(body))
    return bodies


@pytest.mark.parametrize("name", CRAWLERS)
def test_no_full_id_or_mobile_number_in_any_api_answer_or_page(world: World, name: str) -> None:
    numbers = seed(world)
    api, pages = crawl_api(world, name), crawl_pages(world, name)
    # The crawl reached what it is meant to: the records with numbers in them, as API and as pages.
    assert {"/api/v1/persons/", "/api/v1/disputes/", "/api/v1/notifications/"} <= set(api)
    assert any(re.fullmatch(r"/api/v1/collections/\d+/", u) for u in api)
    assert any(re.fullmatch(r"/api/v1/persons/\d+/history/", u) for u in api)
    reached = {resolve(urlsplit(u).path).view_name for u in pages}
    assert {"registry:persons", "registry:person", "disputes:detail", "workorders:detail"} <= reached
    assert {"notifications:inbox", "territory:node", "registry:merge-suggestion"} <= reached
    if name == "officer_a":
        assert {"registry:queue", "verification:list", "verification:check-detail"} <= reached
    leaks = {url: full_numbers(body) | {n for n in numbers if n in body} for url, body in {**api, **pages}.items()}
    assert {url: sorted(found) for url, found in leaks.items() if found} == {}


def test_the_crawl_would_see_a_number_in_a_reveal_answer(world: World) -> None:
    """The detector is not blind: the one answer allowed to hold a number, a reveal, holds one."""
    numbers = seed(world)
    client = APIClient()
    client.force_authenticate(world.officer_a)
    client.credentials(HTTP_X_REAUTH_PASSWORD=PASSWORD)
    person = client.get("/api/v1/persons/", {"q": "甲居民"}).json()["results"][0]
    body = {"field": "phone", "purpose": "回访"}
    answer = client.post(f"/api/v1/persons/{person['id']}/reveal/", body, format="json")
    assert full_numbers(answer.content.decode()) == {"13112345678"} and "13112345678" in numbers
